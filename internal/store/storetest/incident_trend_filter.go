package storetest

import (
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
)

// testIncidentTrendFilters proves that every bucket of a trend, by every
// breakdown and through both the monthly totals and a scan of the
// incidents, carries a filter that lists exactly the incidents it counts:
// in particular the bucket of the incidents with no first-level area
// recorded (key ""), whose filter must not fall back to every area's.
func testIncidentTrendFilters(t *testing.T, db *store.DB) {
	brigade := newActor(t, admin, db, "1re Brigade", 0, custos.Internal)
	battalion := newActor(t, admin, db, "12e Bataillon", brigade.ID, custos.Internal)
	type fix struct {
		day    custos.Date
		cat    custos.IncidentCategory
		admin1 string
		units  []int64
	}
	mar := func(d int) custos.Date { return custos.Date{Year: 2024, Month: 3, Day: d} }
	apr := func(d int) custos.Date { return custos.Date{Year: 2024, Month: 4, Day: d} }
	// Mali: March has five incidents, four of them with no area (the
	// reviewer's case); April has three, two with no area. Burkina Faso
	// has one with no area, which a trend of Mali must leave out.
	fixture := []fix{
		{mar(1), "torture", "Mopti", []int64{battalion.ID}},
		{mar(5), "torture", "", nil},
		{mar(9), "extrajudicial_killing", "", []int64{brigade.ID}},
		{mar(14), "arbitrary_detention", "", []int64{battalion.ID, brigade.ID}},
		{mar(28), "torture", "", nil},
		{apr(2), "torture", "", []int64{battalion.ID}},
		{apr(15), "extrajudicial_killing", "Gao", nil},
		{apr(30), "torture", "", nil},
	}
	byID := map[int64]fix{}
	for n, x := range fixture {
		i := newIncident(0)
		i.Date, i.Category, i.Place.Admin1, i.Victims.Killed = x.day, x.cat, x.admin1, custos.Point(n+1)
		for _, u := range x.units {
			i.Perpetrators = append(i.Perpetrators, custos.Perpetrator{ActorID: u, Role: "direct"})
		}
		must(t, db.CreateIncident(analyst, i))
		byID[i.ID] = x
	}
	bf := newIncident(0)
	bf.Place = custos.Place{Country: "BF"}
	must(t, db.CreateIncident(analyst, bf))
	byID[bf.ID] = fix{bf.Date, bf.Category, "", nil}

	// count is a bucket's or a listing's figure.
	type count struct {
		Month, Key string
		Incidents  int
	}
	cut := custos.Date{Year: 2024, Month: 3, Day: 2} // cuts a month: the trend scans the incidents
	b, bt := formatInt(brigade.ID), formatInt(battalion.ID)
	for _, tt := range []struct {
		name string
		f    custos.TrendFilter
		want []count
	}{
		{"admin1", custos.TrendFilter{Country: "ML", By: "admin1"}, []count{
			{"2024-03", "", 4}, {"2024-03", "Mopti", 1}, {"2024-04", "", 2}, {"2024-04", "Gao", 1}}},
		{"admin1 scanned", custos.TrendFilter{Country: "ML", By: "admin1", From: cut}, []count{
			{"2024-03", "", 4}, {"2024-04", "", 2}, {"2024-04", "Gao", 1}}},
		{"admin1 everywhere", custos.TrendFilter{By: "admin1"}, []count{
			{"2024-03", "", 5}, {"2024-03", "Mopti", 1}, {"2024-04", "", 2}, {"2024-04", "Gao", 1}}},
		{"admin1 of a category", custos.TrendFilter{Country: "ML", By: "admin1", Category: "torture"}, []count{
			{"2024-03", "", 2}, {"2024-03", "Mopti", 1}, {"2024-04", "", 2}}},
		{"admin1 of a unit", custos.TrendFilter{ActorID: brigade.ID, By: "admin1"}, []count{
			{"2024-03", "", 2}, {"2024-03", "Mopti", 1}, {"2024-04", "", 1}}},
		{"category", custos.TrendFilter{Country: "ML"}, []count{
			{"2024-03", "arbitrary_detention", 1}, {"2024-03", "extrajudicial_killing", 1}, {"2024-03", "torture", 3},
			{"2024-04", "extrajudicial_killing", 1}, {"2024-04", "torture", 2}}},
		{"category scanned", custos.TrendFilter{Country: "ML", From: cut}, []count{
			{"2024-03", "arbitrary_detention", 1}, {"2024-03", "extrajudicial_killing", 1}, {"2024-03", "torture", 2},
			{"2024-04", "extrajudicial_killing", 1}, {"2024-04", "torture", 2}}},
		{"actor", custos.TrendFilter{Country: "ML", By: "actor"}, []count{
			{"2024-03", "0", 2}, {"2024-03", b, 2}, {"2024-03", bt, 2}, {"2024-04", "0", 2}, {"2024-04", bt, 1}}},
		{"actor scanned", custos.TrendFilter{Country: "ML", By: "actor", From: cut}, []count{
			{"2024-03", "0", 2}, {"2024-03", b, 2}, {"2024-03", bt, 1}, {"2024-04", "0", 2}, {"2024-04", bt, 1}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			buckets, err := db.IncidentTrends(as(custos.RoleViewer), tt.f)
			must(t, err)
			var counted, listed []count
			for _, bk := range buckets {
				counted = append(counted, count{bk.Month, bk.Key, bk.Incidents})
				f := bk.Filter
				f.Limit = custos.MaxLimit
				list, _, err := db.FindIncidents(as(custos.RoleViewer), f)
				must(t, err)
				listed = append(listed, count{bk.Month, bk.Key, len(list)})
				// Each incident listed is one the bucket counts: its month
				// and its key.
				for _, i := range list {
					x := byID[i.ID]
					in := x.day.String()[:7] == bk.Month
					switch tt.f.By {
					case "admin1":
						in = in && x.admin1 == bk.Key
					case "actor":
						in = in && (bk.Key == "0" && len(x.units) == 0 || slices.Contains(x.units, keyID(bk.Key)))
					default:
						in = in && string(x.cat) == bk.Key
					}
					if !in {
						t.Errorf("bucket %s/%q: filter %+v lists incident %d (%s, %q), which it does not count", bk.Month, bk.Key, bk.Filter, i.ID, x.day, x.admin1)
					}
				}
			}
			if diff := cmp.Diff(tt.want, counted); diff != "" {
				t.Errorf("IncidentTrends(%+v) mismatch (-want +got):\n%s", tt.f, diff)
			}
			if diff := cmp.Diff(counted, listed); diff != "" {
				t.Errorf("IncidentTrends(%+v): the buckets' filters list other incidents than they count (-counted +listed):\n%s", tt.f, diff)
			}
		})
	}

	// The filter on its own, and refused with an area.
	list, _, err := db.FindIncidents(as(custos.RoleViewer), custos.IncidentFilter{Country: "ML", NoAdmin1: true})
	must(t, err)
	if len(list) != 6 {
		t.Errorf("FindIncidents(ML, no_admin1) = %d incidents, want 6", len(list))
	}
	for _, i := range list {
		if i.Place.Admin1 != "" {
			t.Errorf("FindIncidents(no_admin1) lists incident %d in %q", i.ID, i.Place.Admin1)
		}
	}
	_, _, err = db.FindIncidents(as(custos.RoleViewer), custos.IncidentFilter{Admin1: "Mopti", NoAdmin1: true})
	wantFieldSays(t, "FindIncidents(admin1 and no_admin1)", err, "no_admin1", "admin1")
}

// keyID reads a trend key that is a unit's id.
func keyID(k string) int64 {
	id, _ := strconv.ParseInt(k, 10, 64)
	return id
}
