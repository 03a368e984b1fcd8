package importer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/ingest/acled/acledgen"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/custos-ssa/custos/internal/store/sqlite"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// eventsNow fixes the clock so that the test files' dates stay in the past.
var eventsNow = time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)

func ingestData(t testing.TB, format, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "ingest", format, "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func countIncidents(t *testing.T, st *store.DB, f custos.IncidentFilter) int {
	t.Helper()
	n := 0
	f.Limit = custos.MaxLimit
	for {
		list, next, err := st.FindIncidents(sys, f)
		if err != nil {
			t.Fatal(err)
		}
		n += len(list)
		if next == "" {
			return n
		}
		f.After = next
	}
}

// TestEventsUCDP imports the UCDP sample: events without civilian deaths
// are rejected by design, the rest stored; a re-import updates every
// incident and keeps an analyst's verification.
func TestEventsUCDP(t *testing.T) {
	data := ingestData(t, "ucdp", "ucdpged_v23_1_sample1000.csv")
	stores(t, func(t *testing.T, st *store.DB) {
		res, err := Events(sys, st, "ucdp", "sample.csv", bytes.NewReader(data), EventsOptions{Now: eventsNow})
		if err != nil {
			t.Fatal(err)
		}
		if res.Rows != 1000 || res.Created+res.Rejected != 1000 || res.Created == 0 || res.Rejected == 0 || res.Updated != 0 {
			t.Fatalf("first import = %+v, want 1000 rows split between created and rejected", res)
		}
		checkTotals(t, st)
		if got := countIncidents(t, st, custos.IncidentFilter{Dataset: "ucdp"}); got != res.Created {
			t.Errorf("stored %d ucdp incidents, want %d", got, res.Created)
		}
		list, _, err := st.FindIncidents(sys, custos.IncidentFilter{Dataset: "ucdp", Page: custos.Page{Limit: 1}})
		if err != nil {
			t.Fatal(err)
		}
		first := list[0]
		if _, err := st.TransitionIncident(sys, first.ID, custos.StatusUnderReview, "checking"); err != nil {
			t.Fatal(err)
		}
		again, err := Events(sys, st, "ucdp", "sample.csv", bytes.NewReader(data), EventsOptions{Now: eventsNow, Lean: true})
		if err != nil {
			t.Fatal(err)
		}
		if again.Created != 0 || again.Updated != res.Created || again.Rejected != res.Rejected {
			t.Errorf("re-import = %+v, want %d updated and nothing created", again, res.Created)
		}
		if want := "imported " + itoa(res.Created) + " incidents (" + itoa(res.Created) + " updated, " + itoa(res.Rejected) + " rejected)"; again.Summary() != want {
			t.Errorf("Summary() = %q, want %q", again.Summary(), want)
		}
		checkTotals(t, st)
		got, err := st.FindIncident(sys, first.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != custos.StatusUnderReview || len(got.Verifications) != 1 {
			t.Errorf("after re-import: status %q with %d steps, want under_review with 1", got.Status, len(got.Verifications))
		}
		entries, _, err := st.FindAuditEntries(sys, custos.AuditFilter{Entity: "import", EntityID: "ucdp"})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 2 {
			t.Errorf("audit: %d import entries, want one per import", len(entries))
		}
	})
}

func itoa(n int) string { return strconv.Itoa(n) }

func as(role custos.Role) context.Context {
	return custos.WithPrincipal(context.Background(), custos.Principal{Name: "test-" + string(role), Role: role, Via: "test"})
}

// TestEventsACLED imports generated ACLED rows and suggests units by name,
// then imports a longer file holding the same rows and new ones: the rows
// seen before update their incidents (keeping an analyst's link), the new
// ones are created, and the monthly totals stay exact. On PostgreSQL the
// new rows go in with COPY.
func TestEventsACLED(t *testing.T) {
	var buf bytes.Buffer
	if err := acledgen.Generate(&buf, 600, 1); err != nil {
		t.Fatal(err)
	}
	all := buf.Bytes()
	first := all[:bytes.Index(all, []byte("\nAFG"))+1] // the header and the rows before the first Afghan one
	for n := 0; n < 300; n++ {
		first = all[:len(first)+bytes.IndexByte(all[len(first):], '\n')+1]
	}
	firstRows := bytes.Count(first, []byte("\n")) - 1
	stores(t, func(t *testing.T, st *store.DB) {
		army := &custos.Actor{Country: "ML", Kind: "army", Name: "Forces Armées Maliennes", Names: []custos.Name{{Value: "Military Forces of Mali"}}}
		if err := st.CreateActor(sys, army); err != nil {
			t.Fatal(err)
		}
		res, err := Events(sys, st, "acled", "gen.csv", bytes.NewReader(first), EventsOptions{Now: eventsNow})
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != firstRows || res.Rejected != 0 {
			t.Fatalf("import = %+v, want %d created", res, firstRows)
		}
		if res.Suggested == 0 {
			t.Fatalf("import suggested no unit, want the Malian army for its forces")
		}
		checkTotals(t, st)
		list, _, err := st.FindIncidents(sys, custos.IncidentFilter{Country: "ML", Page: custos.Page{Limit: custos.MaxLimit}})
		if err != nil {
			t.Fatal(err)
		}
		var linked, rejected *custos.Incident
		for _, i := range list {
			for k, p := range i.Perpetrators {
				if p.ActorID != 0 {
					t.Errorf("incident %d: perpetrator %q linked to actor %d; imports only suggest", i.ID, p.Name, p.ActorID)
				}
				if p.SuggestedActorID == army.ID {
					if !strings.Contains(p.Name, "Military Forces of Mali") || p.SuggestionScore <= 0 || p.SuggestionScore > 1 {
						t.Errorf("suggestion %+v: want a Malian forces name with a score in (0, 1]", p)
					}
					switch {
					case linked == nil:
						linked = i
						if _, err := st.ConfirmPerpetrator(sys, i.ID, k); err != nil {
							t.Fatal(err)
						}
					case rejected == nil && i.ID != linked.ID:
						rejected = i
						if _, err := st.RejectSuggestion(sys, i.ID, k); err != nil {
							t.Fatal(err)
						}
					}
				}
			}
		}
		if linked == nil || rejected == nil {
			t.Fatalf("fewer than two incidents with a perpetrator suggested as actor %d", army.ID)
		}
		again, err := Events(sys, st, "acled", "gen.csv", bytes.NewReader(all), EventsOptions{Now: eventsNow, Lean: true})
		if err != nil {
			t.Fatal(err)
		}
		if again.Updated != firstRows || again.Created != 600-firstRows {
			t.Errorf("second import = %+v, want %d updated and %d created", again, firstRows, 600-firstRows)
		}
		if n := countIncidents(t, st, custos.IncidentFilter{Dataset: "acled"}); n != 600 {
			t.Errorf("%d incidents after the second import, want 600", n)
		}
		checkTotals(t, st)
		got, err := st.FindIncident(sys, linked.ID)
		if err != nil {
			t.Fatal(err)
		}
		units := got.ActorIDs()
		if len(units) != 1 || units[0] != army.ID {
			t.Errorf("after the re-import incident %d names units %v, want the confirmed %d", got.ID, units, army.ID)
		}
		// A rejected suggestion is not made again by the re-import.
		got, err = st.FindIncident(sys, rejected.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range got.Perpetrators {
			if p.SuggestedActorID == army.ID {
				t.Errorf("after the re-import incident %d suggests actor %d for %q again, which an analyst rejected", got.ID, army.ID, p.Name)
			}
		}
		c, err := st.FindIncident(sys, 600) // ids follow the file's order in the empty store

		if err != nil {
			t.Fatal(err)
		}
		if c.Source == nil || c.Source.Dataset != "acled" || c.Source.Row == 0 || len(c.Sources) != 1 || c.Sources[0].Name != "ACLED" || c.Status != custos.StatusReported {
			t.Errorf("last incident created = %+v, want an ACLED incident with its source row", c)
		}
	})
}

// TestEventsAllOrNothing proves that a file with malformed rows imports
// nothing and reports each row by line.
func TestEventsAllOrNothing(t *testing.T) {
	st, err := sqlite.Open(sys, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	good := ingestData(t, "acled", "events.csv")
	bad := append(bytes.Clone(good), ingestData(t, "acled", "bad.csv")[bytes.IndexByte(ingestData(t, "acled", "bad.csv"), '\n')+1:]...)
	_, err = Events(sys, st, "acled", "bad.csv", bytes.NewReader(bad), EventsOptions{Now: eventsNow})
	var rows *RowsError
	if !errors.As(err, &rows) || rows.Bad == 0 {
		t.Fatalf("Events(bad rows) = %v, want a RowsError", err)
	}
	for _, p := range rows.Problems {
		if !strings.HasPrefix(p, "bad.csv:") {
			t.Errorf("problem %q does not name the file and line", p)
		}
	}
	if n := countIncidents(t, st, custos.IncidentFilter{}); n != 0 {
		t.Errorf("after a refused import: %d incidents stored, want none", n)
	}
	if _, err := Events(sys, st, "hxl", "incidents.csv", bytes.NewReader(ingestData(t, "hxl", "incidents.csv")), EventsOptions{Now: eventsNow}); err != nil {
		var rows *RowsError
		if !errors.As(err, &rows) {
			t.Fatalf("Events(hxl) = %v", err)
		}
	}
	if _, err := Events(as(custos.RolePlanner), st, "acled", "events.csv", bytes.NewReader(good), EventsOptions{Now: eventsNow}); custos.ErrorKind(err) != custos.EFORBIDDEN {
		t.Errorf("Events as planner = %v, want forbidden", err)
	}
}

// FuzzEvents feeds arbitrary bytes through every reader and the import:
// it must never panic, and either import or refuse the whole file.
func FuzzEvents(f *testing.F) {
	f.Add("acled", ingestData(f, "acled", "events.csv"))
	f.Add("acled", ingestData(f, "acled", "bad.csv"))
	f.Add("hxl", ingestData(f, "hxl", "incidents.csv"))
	st, err := sqlite.Open(sys, filepath.Join(f.TempDir(), "c.db"))
	if err != nil {
		f.Fatal(err)
	}
	defer st.Close()
	f.Fuzz(func(t *testing.T, format string, data []byte) {
		if format != "acled" && format != "hxl" && format != "ucdp" {
			return
		}
		before := countIncidents(t, st, custos.IncidentFilter{})
		res, err := Events(sys, st, format, "fuzz.csv", bytes.NewReader(data), EventsOptions{Now: eventsNow, Dataset: "fuzz"})
		after := countIncidents(t, st, custos.IncidentFilter{})
		if err != nil && after != before {
			t.Fatalf("failed import changed the store: %d incidents, then %d (%v)", before, after, err)
		}
		if err == nil && after != before+res.Created {
			t.Fatalf("import created %d but the store went from %d to %d", res.Created, before, after)
		}
	})
}

// checkTotals fails unless the trends read from the monthly totals equal
// those computed from the incidents, by every breakdown.
func checkTotals(t *testing.T, st *store.DB) {
	t.Helper()
	for _, by := range custos.TrendBys {
		totals, err := st.IncidentTrends(sys, custos.TrendFilter{By: by, From: custos.Date{Year: 1900, Month: 1, Day: 1}})
		if err != nil {
			t.Fatal(err)
		}
		scan, err := st.IncidentTrends(sys, custos.TrendFilter{By: by, From: custos.Date{Year: 1900, Month: 1, Day: 2}})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(totals, scan, cmpopts.IgnoreFields(custos.TrendBucket{}, "Filter")); diff != "" || len(totals) == 0 {
			t.Errorf("trend by %s: totals and scan disagree (-totals +scan):\n%s", by, diff)
		}
	}
}

// TestImportIncidentsReferences proves that an import naming a unit that
// does not exist stores nothing, lean or not, on both stores (SQLite's
// import checks references itself, PostgreSQL's foreign keys are checked
// again at the end of a lean import).
func TestImportIncidentsReferences(t *testing.T) {
	stores(t, func(t *testing.T, st *store.DB) {
		for _, lean := range []bool{false, true} {
			err := st.ImportIncidents(sys, &store.ImportRecord{Dataset: "refs"}, lean, func(b *store.IncidentBulk) error {
				for k := range 3 {
					i := &custos.Incident{Title: "Raid", Category: "other", Date: custos.Date{Year: 2024, Month: 1, Day: 1 + k}, Place: custos.Place{Country: "ML"},
						Source: &custos.SourceRef{Dataset: "refs", Key: strconv.Itoa(k)}}
					if k == 2 {
						i.Perpetrators = []custos.Perpetrator{{ActorID: 999_999, Role: "direct"}}
					}
					if _, err := b.Put(i); err != nil {
						return err
					}
				}
				return nil
			})
			if err == nil {
				t.Errorf("lean %v: import naming actor 999999 succeeded", lean)
			}
			if st.Dialect().Name == "sqlite" && custos.ErrorKind(err) != custos.EINVALID {
				t.Errorf("lean %v: import naming actor 999999 = %v, want invalid", lean, err)
			}
			if n := countIncidents(t, st, custos.IncidentFilter{}); n != 0 {
				t.Errorf("lean %v: %d incidents stored by a failed import", lean, n)
			}
		}
		// The import's connection, on SQLite without foreign keys, is not
		// handed to the next writer.
		for range 4 {
			if _, err := st.SQL().Exec(`INSERT INTO incident_sources (incident_id, seq, type, reliability, credibility, releasability) VALUES (999999, 0, 'dataset', 'B', 3, 2)`); err == nil {
				t.Fatalf("a source of no incident was stored after an import: foreign keys are off")
			}
		}
	})
}

// TestReimportWithdrawsWarnings: a re-import whose row no longer names the
// unit an analyst linked to a credible incident withdraws the warning the
// link raised on the program assisting that unit, as an edit would.
func TestReimportWithdrawsWarnings(t *testing.T) {
	var buf bytes.Buffer
	if err := acledgen.Generate(&buf, 300, 1); err != nil {
		t.Fatal(err)
	}
	file := buf.Bytes()
	stores(t, func(t *testing.T, st *store.DB) {
		army := &custos.Actor{Country: "ML", Kind: "army", Name: "Forces Armées Maliennes", Names: []custos.Name{{Value: "Military Forces of Mali"}}}
		if err := st.CreateActor(sys, army); err != nil {
			t.Fatal(err)
		}
		prog := &custos.Program{Title: "Fictional program for the Malian army", Country: "ML", Status: "active", RecipientIDs: []int64{army.ID}}
		if err := st.CreateProgram(sys, prog); err != nil {
			t.Fatal(err)
		}
		if _, err := Events(sys, st, "acled", "gen.csv", bytes.NewReader(file), EventsOptions{Now: eventsNow}); err != nil {
			t.Fatal(err)
		}
		list, _, err := st.FindIncidents(sys, custos.IncidentFilter{Country: "ML", Page: custos.Page{Limit: custos.MaxLimit}})
		if err != nil {
			t.Fatal(err)
		}
		var linked *custos.Incident
		for _, i := range list {
			for k, p := range i.Perpetrators {
				if linked == nil && p.SuggestedActorID == army.ID {
					linked = i
					if _, err := st.ConfirmPerpetrator(sys, i.ID, k); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		if linked == nil {
			t.Fatal("no incident suggests the Malian army")
		}
		for _, to := range []custos.VerificationStatus{custos.StatusUnderReview, custos.StatusCredible} {
			if _, err := st.TransitionIncident(sys, linked.ID, to, "fictional corroboration"); err != nil {
				t.Fatal(err)
			}
		}
		open := func() int {
			t.Helper()
			ws, _, err := st.FindWarnings(sys, custos.WarningFilter{IncidentID: linked.ID})
			if err != nil {
				t.Fatal(err)
			}
			return len(ws)
		}
		if n := open(); n != 1 {
			t.Fatalf("open warnings after the incident became credible = %d, want 1", n)
		}
		// The same file again: the link and the warning stay.
		if _, err := Events(sys, st, "acled", "gen.csv", bytes.NewReader(file), EventsOptions{Now: eventsNow}); err != nil {
			t.Fatal(err)
		}
		if n := open(); n != 1 {
			t.Errorf("open warnings after re-importing the same row = %d, want 1", n)
		}
		// The row now blames someone else.
		lines := bytes.Split(file, []byte("\n"))
		found := false
		for k, line := range lines {
			if bytes.HasPrefix(line, []byte(linked.Source.Key+",")) || bytes.Contains(line, []byte(","+linked.Source.Key+",")) {
				lines[k] = bytes.ReplaceAll(line, []byte("Military Forces of Mali"), []byte("Unidentified Armed Group"))
				found = true
			}
		}
		if !found {
			t.Fatalf("no row with event id %q", linked.Source.Key)
		}
		if _, err := Events(sys, st, "acled", "gen.csv", bytes.NewReader(bytes.Join(lines, []byte("\n"))), EventsOptions{Now: eventsNow}); err != nil {
			t.Fatal(err)
		}
		got, err := st.FindIncident(sys, linked.ID)
		if err != nil {
			t.Fatal(err)
		}
		if units := got.ActorIDs(); len(units) != 0 || got.Status != custos.StatusCredible {
			t.Fatalf("after the changed row: units %v, status %s; want none, credible", units, got.Status)
		}
		if n := open(); n != 0 {
			t.Errorf("open warnings after the row stopped naming the unit = %d, want 0", n)
		}
	})
}

// TestSuggestionsByMatcher proves that perpetrator names that are not the
// same words as a unit's name get the unit suggested through the vetting
// matcher (another spelling, a typo, another language's abbreviation), and
// that a name close to two units, or to none, gets nothing.
func TestSuggestionsByMatcher(t *testing.T) {
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	army := &custos.Actor{Country: "ML", Kind: "army", Name: "Forces Armées Maliennes"}
	if err := st.CreateActor(sys, army); err != nil {
		t.Fatal(err)
	}
	rcp := &custos.Actor{Country: "ML", Kind: "army", Name: "33e Régiment des Commandos Parachutistes", ParentID: army.ID, Echelon: "regiment"}
	if err := st.CreateActor(sys, rcp); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"3e Bataillon d'Infanterie", "4e Bataillon d'Infanterie"} {
		if err := st.CreateActor(sys, &custos.Actor{Country: "ML", Kind: "army", Name: name, ParentID: army.ID, Echelon: "battalion"}); err != nil {
			t.Fatal(err)
		}
	}
	names := []string{"33ème Régiment de Commandos Parachutistes", "33e Régiment des Comandos Parachutistes", "33 RCP", "Bataillon d'Infanterie", "Groupe de Soutien à l'Islam"}
	var b strings.Builder
	b.WriteString("id,date,country,lat,lon,killed,perpetrator,type\n#meta+id,#date+occurred,#country+code,#geo+lat,#geo+lon,#affected+killed,#actor+name,#event+type\n")
	for i, n := range names {
		fmt.Fprintf(&b, "M-%d,2023-03-19,ML,13.9,-4.5,1,%q,Exécution sommaire\n", i, n)
	}
	if _, err := Events(sys, st, "hxl", "m.csv", strings.NewReader(b.String()), EventsOptions{Now: eventsNow}); err != nil {
		t.Fatal(err)
	}
	list, _, err := st.FindIncidents(sys, custos.IncidentFilter{Country: "ML"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, i := range list {
		for _, p := range i.Perpetrators {
			got[p.Name] = p.SuggestedActorID
			if p.SuggestedActorID != 0 && (p.SuggestionScore <= 0 || p.SuggestionScore >= scoreSameWords) {
				t.Errorf("%q: suggestion score %v, want one below a suggestion by the same words (%v)", p.Name, p.SuggestionScore, scoreSameWords)
			}
		}
	}
	want := map[string]int64{names[0]: rcp.ID, names[1]: rcp.ID, names[2]: rcp.ID, names[3]: 0, names[4]: 0}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("suggested units by perpetrator name (-want +got):\n%s", diff)
	}
}
