package storetest

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/google/go-cmp/cmp"
)

// testIncidentBounds proves that every way an incident enters the store
// (create, update, the public intake and a bulk import that leaves the
// checks to the store) refuses coordinates outside the incident's country,
// naming place.latitude, even when the reporter asks for them to be
// dropped, and keeps those inside it, near its border, or in a country the
// atlas has no shape for.
func testIncidentBounds(t *testing.T, db *store.DB) {
	tests := []struct {
		name     string
		country  string
		lat, lon float64
		want     string // the field refused, "" when stored
	}{
		{"Mopti in Mali", "ML", 14.49, -4.19, ""},
		{"Paris in Mali", "ML", 48.85, 2.35, "place.latitude"},
		{"Paris in Syria", "SY", 48.85, 2.35, "place.latitude"},
		{"Damascus in Syria", "SY", 33.51, 36.29, ""},
		{"Mopti swapped", "ML", -4.19, 14.49, "place.latitude"},
		{"Ouagadougou in Mali", "ML", 12.37, -1.52, "place.latitude"},
		// Just across Mali's border with Burkina Faso at Koloko, within
		// the tolerance of the coarse boundaries.
		{"on Mali's border", "ML", 11.07, -5.33, ""},
		// Tokelau has no shape in the atlas: nothing to judge it by.
		{"Paris in Tokelau", "TK", 48.85, 2.35, ""},
	}
	// Every country the incidents name is recorded, as the store requires.
	for _, code := range []string{"SY", "TK"} {
		if _, err := db.FindCountry(admin, code); custos.ErrorKind(err) == custos.ENOTFOUND {
			c, _ := custos.ISOCountry(code)
			must(t, db.CreateCountry(admin, &c))
		}
	}
	at := func(tt int) *custos.Incident {
		i := newIncident(0)
		lat, lon := tests[tt].lat, tests[tt].lon
		i.Place = custos.Place{Country: tests[tt].country, Latitude: &lat, Longitude: &lon}
		return i
	}
	refused := func(err error) string {
		var e *custos.Error
		if err == nil {
			return ""
		}
		if !errors.As(err, &e) || e.Kind != custos.EINVALID || len(e.Fields) == 0 {
			return "error " + err.Error()
		}
		var fields []string
		for f := range e.Fields {
			fields = append(fields, f)
		}
		sort.Strings(fields)
		return strings.Join(fields, ",")
	}
	kept := newIncident(0)
	must(t, db.CreateIncident(analyst, kept))
	want, got := map[string]string{}, map[string]string{}
	for k, tt := range tests {
		for _, path := range []string{"create", "update", "intake", "intake coarsened", "import"} {
			want[path+" "+tt.name] = tt.want
		}
		got["create "+tt.name] = refused(db.CreateIncident(analyst, at(k)))

		upd, err := db.FindIncident(analyst, kept.ID)
		must(t, err)
		upd.Place = at(k).Place
		got["update "+tt.name] = refused(db.UpdateIncident(analyst, upd))

		got["intake "+tt.name] = refused(db.SubmitIncident(custos.WithPrincipal(t.Context(), custos.Anonymous), at(k), nil))
		// Coordinates a reporter asks to drop are still checked as given.
		coarse := at(k)
		coarse.CoarsenLocation = "admin1"
		got["intake coarsened "+tt.name] = refused(db.SubmitIncident(custos.WithPrincipal(t.Context(), custos.Anonymous), coarse, nil))

		err = db.ImportIncidents(analyst, &store.ImportRecord{Dataset: "bounds"}, false, func(b *store.IncidentBulk) error {
			i := at(k)
			i.Source = &custos.SourceRef{Dataset: "bounds", Key: fmt.Sprint(k)}
			_, err := b.Put(i)
			return err
		})
		got["import "+tt.name] = refused(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("incidents refused for their coordinates (-want +got):\n%s", diff)
	}
	// A refused update changed nothing.
	again, err := db.FindIncident(analyst, kept.ID)
	must(t, err)
	if again.Place.Country != "TK" {
		t.Errorf("after the updates the place is %+v, want the last accepted one (Tokelau)", again.Place)
	}
	err = db.CreateIncident(analyst, at(1))
	var e *custos.Error
	if !errors.As(err, &e) || !strings.Contains(e.Fields["place.latitude"], "outside Mali (ML)") {
		t.Errorf("CreateIncident(Paris in Mali) = %v, want a message naming Mali", err)
	}
}
