package importer

import (
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/google/go-cmp/cmp"
)

// TestEventsHXLKeylessReimport proves that re-importing an HXL file whose
// rows have no id never gives an incident, and its verification, the data
// of another row: not when a row is added at the top, not when another
// country's file has the same name, and not when the row itself is edited
// (the edit is a new incident).
func TestEventsHXLKeylessReimport(t *testing.T) {
	const head = "#date,#country+code,#adm1+name,#loc+name,#geo+lat,#geo+lon,#affected+killed,#event+type\n"
	const (
		one    = "2023-03-19,ML,Mopti,Hamlet One,13.9,-4.5,4,Exécution sommaire\n"
		two    = "2023-03-20,ML,Mopti,Hamlet Two,13.8,-4.4,2,Exécution sommaire\n"
		fresh  = "2023-03-22,ML,Ségou,New Village,13.4,-6.2,0,arrest\n"
		edited = "2023-03-19,ML,Mopti,Hamlet One,13.9,-4.5,5,Exécution sommaire\n"
		niger  = "2023-04-02,NE,Tillabéri,Other Town,14.2,1.45,7,airstrike\n"
	)
	type seen struct {
		Location string
		Killed   int
		Status   custos.VerificationStatus
	}
	stores(t, func(t *testing.T, st *store.DB) {
		load := func(data string, created, updated int) {
			t.Helper()
			res, err := Events(sys, st, "hxl", "incidents.csv", strings.NewReader(head+data), EventsOptions{Now: eventsNow})
			if err != nil {
				t.Fatal(err)
			}
			if res.Created != created || res.Updated != updated {
				t.Errorf("import = %d created, %d updated; want %d, %d", res.Created, res.Updated, created, updated)
			}
		}
		all := func() map[int64]seen {
			t.Helper()
			list, _, err := st.FindIncidents(sys, custos.IncidentFilter{Page: custos.Page{Limit: custos.MaxLimit}})
			if err != nil {
				t.Fatal(err)
			}
			got := map[int64]seen{}
			for _, i := range list {
				got[i.ID] = seen{i.Place.Location, i.Victims.Killed.Best, i.Status}
			}
			return got
		}
		load(one+two, 2, 0)
		var hamlet int64
		for id, s := range all() {
			if s.Location == "Hamlet One" {
				hamlet = id
			}
		}
		for _, to := range []custos.VerificationStatus{custos.StatusUnderReview, custos.StatusCredible} {
			if _, err := st.TransitionIncident(sys, hamlet, to, "fictional corroboration"); err != nil {
				t.Fatal(err)
			}
		}
		want := all()
		if want[hamlet] != (seen{"Hamlet One", 4, custos.StatusCredible}) {
			t.Fatalf("incident %d = %+v, want Hamlet One, 4 killed, credible", hamlet, want[hamlet])
		}
		steps := []struct {
			name             string
			data             string
			created, updated int
			added            []seen
		}{
			{"the same file", one + two, 0, 2, nil},
			{"a row added at the top", fresh + one + two, 1, 2, []seen{{"New Village", 0, custos.StatusReported}}},
			{"another country's file of the same name", niger, 1, 0, []seen{{"Other Town", 7, custos.StatusReported}}},
			{"the credible row edited", fresh + edited + two, 1, 2, []seen{{"Hamlet One", 5, custos.StatusReported}}},
		}
		for _, s := range steps {
			before := all()
			load(s.data, s.created, s.updated)
			got := all()
			var added []seen
			for id, in := range got {
				if _, ok := before[id]; !ok {
					added = append(added, in)
				} else if in != before[id] {
					t.Errorf("%s: incident %d became %+v, was %+v", s.name, id, in, before[id])
				}
			}
			if len(got)-len(added) != len(before) {
				t.Errorf("%s: %d incidents, %d new, were %d: incidents were lost", s.name, len(got), len(added), len(before))
			}
			if diff := cmp.Diff(s.added, added); diff != "" {
				t.Errorf("%s: new incidents (-want +got):\n%s", s.name, diff)
			}
		}
		if got := all()[hamlet]; got != (seen{"Hamlet One", 4, custos.StatusCredible}) {
			t.Errorf("after the re-imports incident %d = %+v, want Hamlet One, 4 killed, credible", hamlet, got)
		}
	})
}
