package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
)

// TestIncidentTrendMaps checks the maps of the trend page: countries
// shaded and linked to their trends when a trend spans several, points
// linked to their incidents and areas as symbols for one country, a
// reporter's coarsening respected, and nothing a role may not see.
func TestIncidentTrendMaps(t *testing.T) {
	f := newIncidentFixture(t)
	lat, lon := 14.51234, -4.18765
	located := &custos.Incident{Title: "Fictional shooting at a checkpoint", Category: "civilian_harm_operations",
		Date: custos.Date{Year: 2024, Month: 3, Day: 12}, Place: custos.Place{Country: "ML", Admin1: "Mopti", Latitude: &lat, Longitude: &lon},
		CoarsenLocation: "near", Victims: custos.Victims{Killed: custos.Point(4), Injured: custos.Point(2)}}
	must(t, f.db.CreateIncident(sys, located))
	slat, slon := 16.0, -0.2
	secret := &custos.Incident{Title: "Fictional restricted incident", Category: "torture", Date: custos.Date{Year: 2024, Month: 3, Day: 14},
		Place: custos.Place{Country: "ML", Admin1: "Gao", Latitude: &slat, Longitude: &slon}, Releasability: custos.Restricted}
	must(t, f.db.CreateIncident(sys, secret))
	bf := &custos.Incident{Title: "Fictional incident in Burkina Faso", Category: "arbitrary_detention", Date: custos.Date{Year: 2024, Month: 3, Day: 1},
		Place: custos.Place{Country: "BF", Admin1: "Sahel"}}
	must(t, f.db.CreateIncident(sys, bf))

	r := f.do(custos.RoleViewer, "GET", "/incident-trends?by=admin1&category=", nil)
	for _, want := range []string{`<h2 id="maps-title">Maps</h2>`, `<svg class="incident-map"`, `aria-labelledby="map-countries-title map-countries-desc"`,
		`<a href="/incident-trends?by=admin1&amp;country=ML"><path class="map-fill-`, `<title>Mali: 3 incidents</title>`,
		`<title>Burkina Faso: 1 incidents</title>`, `<a href="/incidents?country=BF">1</a>`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("trend of every country lacks %q", want)
		}
	}
	if strings.Contains(r.body, `id="map-points-title"`) {
		t.Errorf("trend of two countries draws a point map")
	}

	r = f.do(custos.RoleViewer, "GET", "/incident-trends?country=ML&shade=casualties", nil)
	point := fmt.Sprintf(`<a href="/incidents/%d"><circle class="map-point"`, located.ID)
	for _, want := range []string{point, `Fictional shooting at a checkpoint, 2024-03-12: 4 killed, 2 injured`, `id="map-areas-title"`,
		`<a href="/incidents?admin1=Mopti&amp;country=ML"><path class="map-fill-5 map-area"`, `<title>Mopti: 21 killed and injured</title>`,
		`<title>Kidal: 0 killed and injured</title>`, "First-level areas, shaded by",
		`<a href="/incidents?admin1=Mopti&amp;country=ML">Mopti</a>`,
		"The map shows all 1 incidents with coordinates, of 3 in all.", `<option value="casualties" selected>`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("trend of Mali lacks %q", want)
		}
	}
	// The reporter allowed "near": the map never holds the exact point.
	for _, exact := range []string{"14.51234", "-4.18765", "Fictional restricted incident"} {
		if strings.Contains(r.body, exact) {
			t.Errorf("a viewer's trend of Mali shows %q", exact)
		}
	}
	r = f.do(custos.RoleAnalyst, "GET", "/incident-trends?country=ML", nil)
	if !strings.Contains(r.body, fmt.Sprintf(`<a href="/incidents/%d">`, secret.ID)) {
		t.Errorf("an analyst's trend of Mali does not plot the restricted incident")
	}
	// Too many incidents to place one by one: a note and the area table.
	defer func(n int) { store.MaxMapScan = n }(store.MaxMapScan)
	store.MaxMapScan = 2
	r = f.do(custos.RoleViewer, "GET", "/incident-trends?country=ML", nil)
	if !strings.Contains(r.body, "too many to place one by one") || strings.Contains(r.body, `id="map-points-title"`) ||
		!strings.Contains(r.body, `<a href="/incidents?admin1=Mopti&amp;country=ML">Mopti</a>`) {
		t.Errorf("trend of Mali past MaxMapScan lacks the note or the area table, or draws points")
	}
	// The areas are counted, not placed one by one: their map stays.
	if !strings.Contains(r.body, `id="map-areas-title"`) || !strings.Contains(r.body, `<title>Mopti: `) {
		t.Errorf("trend of Mali past MaxMapScan lacks the map of its areas")
	}
	store.MaxMapScan = 1000

	// An area recorded under a name the boundaries do not carry, without
	// coordinates to place it, is named as only in the table.
	must(t, f.db.CreateIncident(sys, &custos.Incident{Title: "Fictional incident in an unknown area", Category: "torture",
		Date: custos.Date{Year: 2024, Month: 3, Day: 2}, Place: custos.Place{Country: "ML", Admin1: "Atlantis"}}))
	r = f.do(custos.RoleViewer, "GET", "/incident-trends?country=ML", nil)
	if !strings.Contains(r.body, "Recorded areas not on the map (a name it does not carry, or one several of its areas share, without coordinates to choose), only in the table: Atlantis.") ||
		!strings.Contains(r.body, `<a href="/incidents?admin1=Atlantis&amp;country=ML">Atlantis</a>`) {
		t.Errorf("trend of Mali does not name the area it could not place")
	}

	// The public sees only the public incident, which has no coordinates.
	r = f.do("", "GET", "/incident-trends?country=ML", nil)
	if strings.Contains(r.body, "Fictional shooting") || strings.Contains(r.body, `id="map-countries-title"`) {
		t.Errorf("an anonymous visitor's trend shows internal incidents on a map")
	}
	if r := f.do(custos.RoleViewer, "GET", "/incident-trends?shade=deaths", nil); r.status != http.StatusBadRequest || !strings.Contains(r.body, "shade") {
		t.Errorf("trend with shade=deaths = %d, want 400 naming shade", r.status)
	}
}
