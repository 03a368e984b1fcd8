package storetest

import (
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/google/go-cmp/cmp"
)

// testIncidentMap checks the figures of the trend maps: totals by country
// from the monthly totals and from a scan (with a unit), areas with the
// mean of their coordinates, points largest first and capped, coordinates
// never finer than the reporter allowed, and nothing above the caller's
// clearance.
func testIncidentMap(t *testing.T, db *store.DB) {
	unit := newActor(t, admin, db, "33e RCP", 0, custos.Internal)
	add := func(country, admin1 string, lat, lon float64, killed int, coarsen custos.LocationPrecision, r custos.Releasability, units ...int64) *custos.Incident {
		t.Helper()
		i := newIncident(0)
		i.Place = custos.Place{Country: country, Admin1: admin1}
		if lat != 0 {
			i.Place.Latitude, i.Place.Longitude = &lat, &lon
		}
		i.Victims = custos.Victims{Killed: custos.Point(killed), Injured: custos.Point(1)}
		i.CoarsenLocation, i.Releasability = coarsen, r
		for _, u := range units {
			i.Perpetrators = append(i.Perpetrators, custos.Perpetrator{ActorID: u})
		}
		must(t, db.CreateIncident(analyst, i))
		return i
	}
	big := add("ML", "Mopti", 14.49, -4.19, 20, "", custos.Internal, unit.ID)
	add("ML", "Mopti", 14.51, -4.21, 2, "", custos.Internal)
	near := add("ML", "Gao", 16.2649, -0.0412, 5, "near", custos.Internal, unit.ID)
	add("ML", "Gao", 16.3, -0.1, 50, "admin1", custos.Internal)
	add("ML", "Kidal", 0, 0, 7, "", custos.Internal)
	secret := add("ML", "Tombouctou", 16.77, -3.0, 99, "", custos.Restricted)
	add("BF", "Sahel", 14.0, -0.5, 3, "", custos.Internal)

	viewer := as(custos.RoleViewer)
	m, err := db.IncidentMap(viewer, custos.TrendFilter{}, 10)
	must(t, err)
	wantCountries := []custos.MapArea{{Country: "ML", Incidents: 5, Killed: 84, Injured: 5}, {Country: "BF", Incidents: 1, Killed: 3, Injured: 1}}
	if diff := cmp.Diff(wantCountries, m.Countries); diff != "" {
		t.Errorf("IncidentMap(every country) countries mismatch (-want +got):\n%s", diff)
	}
	if len(m.Areas) != 0 || len(m.Points) != 0 {
		t.Errorf("IncidentMap(two countries) = %d areas, %d points, want none", len(m.Areas), len(m.Points))
	}

	m, err = db.IncidentMap(viewer, custos.TrendFilter{Country: "ML"}, 2)
	must(t, err)
	lat, lon := 14.5, -4.2
	wantAreas := []custos.MapArea{
		{Country: "ML", Admin1: "Gao", Incidents: 2, Killed: 55, Injured: 2, Located: 1, Latitude: ptr(16.3), Longitude: ptr(0.0)},
		{Country: "ML", Admin1: "Mopti", Incidents: 2, Killed: 22, Injured: 2, Located: 2, Latitude: &lat, Longitude: &lon},
		{Country: "ML", Admin1: "Kidal", Incidents: 1, Killed: 7, Injured: 1},
	}
	approx := cmp.Comparer(func(a, b float64) bool { d := a - b; return d < 1e-9 && d > -1e-9 })
	if diff := cmp.Diff(wantAreas, m.Areas, approx); diff != "" {
		t.Errorf("IncidentMap(ML) areas mismatch (-want +got):\n%s", diff)
	}
	if m.Located != 3 {
		t.Errorf("IncidentMap(ML).Located = %d, want 3 (the one coarsened to admin1 has no coordinates)", m.Located)
	}
	wantPoints := []custos.MapPoint{
		{IncidentID: big.ID, Title: big.Title, Date: big.Date, Category: big.Category, Latitude: 14.49, Longitude: -4.19, Precision: "exact", Killed: 20, Injured: 1},
		{IncidentID: near.ID, Title: near.Title, Date: near.Date, Category: near.Category, Latitude: 16.3, Longitude: 0, Precision: "near", Killed: 5, Injured: 1},
	}
	if diff := cmp.Diff(wantPoints, m.Points, approx); diff != "" {
		t.Errorf("IncidentMap(ML, 2 points) points mismatch (-want +got):\n%s", diff)
	}
	for _, pt := range m.Points {
		if pt.IncidentID == secret.ID {
			t.Errorf("a viewer's map shows restricted incident %d", secret.ID)
		}
	}

	// An analyst sees the restricted incident; a unit's map is scanned.
	m, err = db.IncidentMap(analyst, custos.TrendFilter{Country: "ML"}, 1)
	must(t, err)
	if len(m.Points) != 1 || m.Points[0].IncidentID != secret.ID || m.Countries[0].Incidents != 6 {
		t.Errorf("analyst's map = %+v, want 6 incidents and the restricted one first", m)
	}
	m, err = db.IncidentMap(viewer, custos.TrendFilter{ActorID: unit.ID, From: custos.Date{Year: 2024, Month: 3, Day: 2}}, 10)
	must(t, err)
	if len(m.Countries) != 1 || m.Countries[0].Incidents != 2 || len(m.Points) != 2 {
		t.Errorf("unit's map = %+v, want 2 incidents in Mali, both plotted", m)
	}
	// Too many incidents to read one by one: area totals only.
	defer func(n int) { store.MaxMapScan = n }(store.MaxMapScan)
	store.MaxMapScan = 4
	m, err = db.IncidentMap(viewer, custos.TrendFilter{Country: "ML"}, 10)
	must(t, err)
	wantTotals := []custos.MapArea{{Country: "ML", Admin1: "Gao", Incidents: 2, Killed: 55, Injured: 2},
		{Country: "ML", Admin1: "Mopti", Incidents: 2, Killed: 22, Injured: 2}, {Country: "ML", Admin1: "Kidal", Incidents: 1, Killed: 7, Injured: 1}}
	if diff := cmp.Diff(wantTotals, m.Areas); diff != "" || !m.Narrow || len(m.Points) != 0 {
		t.Errorf("IncidentMap(ML, more than MaxMapScan) = narrow %v, %d points, areas mismatch (-want +got):\n%s", m.Narrow, len(m.Points), diff)
	}
	store.MaxMapScan = 1000

	// The public sees nothing of internal incidents.
	m, err = db.IncidentMap(as(custos.RolePartner), custos.TrendFilter{}, 10)
	must(t, err)
	if len(m.Countries) != 0 {
		t.Errorf("partner's map = %+v, want no country", m.Countries)
	}
	if _, err := db.IncidentMap(viewer, custos.TrendFilter{}, store.MaxMapPoints+1); custos.ErrorKind(err) != custos.EINVALID {
		t.Errorf("IncidentMap(too many points) = %v, want invalid", err)
	}
	if _, err := db.IncidentMap(viewer, custos.TrendFilter{By: "month"}, 1); custos.ErrorKind(err) != custos.EINVALID {
		t.Errorf("IncidentMap(by=month) = %v, want invalid", err)
	}
}

func ptr(f float64) *float64 { return &f }
