package importer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/catalog"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/custos-ssa/custos/internal/store/postgres"
	"github.com/custos-ssa/custos/internal/store/sqlite"
	"github.com/custos-ssa/custos/internal/store/storetest"
	"github.com/google/go-cmp/cmp"
)

var sys = custos.WithPrincipal(context.Background(), custos.System)

// stores runs a test on SQLite and, when configured, on PostgreSQL.
func stores(t *testing.T, fn func(t *testing.T, st *store.DB)) {
	t.Run("sqlite", func(t *testing.T) {
		st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "c.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		seedAuthorities(t, st)
		fn(t, st)
	})
	t.Run("postgres", func(t *testing.T) {
		st := postgres.OpenTest(t)
		seedAuthorities(t, st)
		fn(t, st)
	})
}

func seedAuthorities(t testing.TB, st *store.DB) {
	t.Helper()
	for _, a := range catalog.Authorities() {
		a := a
		if err := st.CreateAuthority(sys, &a); err != nil {
			t.Fatal(err)
		}
	}
}

func sample(t *testing.T) []File {
	t.Helper()
	b, err := os.ReadFile("../ingest/fmtr/testdata/sample.tsv")
	if err != nil {
		t.Fatal(err)
	}
	return []File{{Name: "sample.tsv", Data: b}}
}

func TestFMTRImport(t *testing.T) { stores(t, testFMTRImport) }

func testFMTRImport(t *testing.T, st *store.DB) {
	res, err := FMTR(sys, st, sample(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows == 0 || res.Programs == 0 || res.Units == 0 || res.Activities != res.Rows {
		t.Fatalf("FMTR() = %+v, want rows, programs and units", res)
	}
	if !strings.HasPrefix(res.Summary(), "imported ") || !strings.Contains(res.Summary(), " countries unresolved") {
		t.Errorf("Summary() = %q", res.Summary())
	}
	// Every activity traces to its source line, and costs add up per program.
	acts, _, err := st.FindActivities(sys, custos.ActivityFilter{Page: custos.Page{Limit: 1000}})
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != res.Activities {
		t.Errorf("%d activities stored, result says %d", len(acts), res.Activities)
	}
	sums := map[int64]int64{}
	for _, a := range acts {
		if a.Source == nil || a.Source.Dataset != "fmtr" || a.Source.Row == 0 || !strings.HasPrefix(a.Source.Key, "sample.tsv:") {
			t.Errorf("activity %d source = %+v, want the fmtr file and line", a.ID, a.Source)
		}
		sums[a.ProgramID] += a.CostUSD
	}
	progs, _, err := st.FindPrograms(sys, custos.ProgramFilter{Page: custos.Page{Limit: 1000}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range progs {
		if len(p.Budget) != 1 || p.Budget[0].AmountUSD != sums[p.ID] {
			t.Errorf("program %d %q budget %v, want the sum of its activities %d", p.ID, p.Title, p.Budget, sums[p.ID])
		}
	}
	// Re-importing the same file changes no count: it updates in place.
	before := counts(t, st)
	res2, err := FMTR(sys, st, sample(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, counts(t, st)); diff != "" {
		t.Errorf("re-import changed the counts (-before +after):\n%s", diff)
	}
	if res2.Rows != res.Rows {
		t.Errorf("re-import rows = %d, want %d", res2.Rows, res.Rows)
	}
	// Ordinary creates after an import get fresh ids (PostgreSQL's
	// sequences were moved past the ids the import assigned).
	if err := st.CreateActor(sys, &custos.Actor{Country: "ML", Kind: "army", Name: "After the import"}); err != nil {
		t.Errorf("CreateActor after import: %v", err)
	}
	// The import is one audit entry per run, naming the file and its hash.
	entries, _, err := st.FindAuditEntries(sys, custos.AuditFilter{Entity: "import"})
	if err != nil || len(entries) != 2 || !strings.Contains(string(entries[0].After), store.HashFile(sample(t)[0].Data)) {
		t.Errorf("import audit entries = %d, %v; want 2 naming the file hash", len(entries), err)
	}
}

func TestFMTRPersonalRecipients(t *testing.T) { stores(t, testFMTRPersonalRecipients) }

func testFMTRPersonalRecipients(t *testing.T, st *store.DB) {
	data := "report_fy\tregion_file\tcountry\tprogram\tcourse_title\tus_unit\tstudent_unit\tstart_date\tend_date\tlocation\tquantity\ttotal_cost\tpage_number\n" +
		"2011_2012\t2011_2012_Africa\tAngola\tIMET\tEnglish Language\tDLIELC\t68870602 1st Sergeant\t1/9/2012\t3/2/2012\tLackland AFB, TX\t1\t$12,190\t3\n" +
		"2011_2012\t2011_2012_Africa\tAngola\tIMET\tBasic Officer\tUSA\tAngolan Army\t1/9/2012\t3/2/2012\tFt Benning, GA\t2\t$20,000\t3\n"
	res, err := FMTR(sys, st, []File{{Name: "angola.tsv", Data: []byte(data)}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Persons != 1 || res.Units != 1 {
		t.Fatalf("FMTR() = %+v, want 1 person and 1 unit", res)
	}
	planner := custos.WithPrincipal(context.Background(), custos.Principal{Name: "p", Role: custos.RolePlanner})
	viewer := custos.WithPrincipal(context.Background(), custos.Principal{Name: "v", Role: custos.RoleViewer})
	if ps, _, _ := st.FindPersons(planner, custos.PersonFilter{}); len(ps) != 1 || ps[0].Releasability != custos.Restricted {
		t.Errorf("planner sees persons %v, want the one restricted person", ps)
	}
	if ps, _, _ := st.FindPersons(viewer, custos.PersonFilter{}); len(ps) != 0 {
		t.Errorf("viewer sees %d persons, want none (restricted)", len(ps))
	}
	acts, _, _ := st.FindActivities(viewer, custos.ActivityFilter{})
	for _, a := range acts {
		if len(a.PersonIDs) != 0 {
			t.Errorf("viewer sees person ids %v on activity %d", a.PersonIDs, a.ID)
		}
	}
	units, _, _ := st.FindActors(viewer, custos.ActorFilter{Country: "AO"})
	if len(units) != 1 || units[0].Kind != "army" || units[0].Releasability != custos.Public {
		t.Errorf("units = %+v, want the Angolan Army, public, kind army", units)
	}
}

func TestFMTRBadFileChangesNothing(t *testing.T) { stores(t, testFMTRBadFileChangesNothing) }

func testFMTRBadFileChangesNothing(t *testing.T, st *store.DB) {
	good := sample(t)[0]
	bad := File{Name: "bad.tsv", Data: []byte("report_fy\tcountry\n2011_2012\tAngola\n")}
	if _, err := FMTR(sys, st, []File{good, bad}, nil); err == nil || !strings.Contains(err.Error(), "bad.tsv") {
		t.Fatalf("FMTR(good, bad) error = %v, want one naming bad.tsv", err)
	}
	if diff := cmp.Diff(map[string]int{}, counts(t, st)); diff != "" {
		t.Errorf("a failed import left records (-want +got):\n%s", diff)
	}
	viewer := custos.WithPrincipal(context.Background(), custos.Principal{Name: "v", Role: custos.RoleViewer})
	if _, err := FMTR(viewer, st, []File{good}, nil); custos.ErrorKind(err) != custos.EFORBIDDEN {
		t.Errorf("FMTR as viewer error = %v, want forbidden", err)
	}
}

func counts(t *testing.T, st *store.DB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"actors", "persons", "programs", "activities", "activity_actors", "activity_persons", "program_budgets"} {
		var n int
		if err := st.SQL().QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			out[table] = n
		}
	}
	return out
}

func TestClassifyUnit(t *testing.T) {
	for _, tt := range []struct {
		name string
		want custos.ActorKind
	}{
		{"Angolan Army", "army"},
		{"Policía Nacional de Colombia", "police"},
		{"Ministry of Defense", "ministry_defence"},
		{"Ministry of Health", "ministry_other"},
		{"Naval Infantry Battalion", "marines"},
		{"Fuerza Aérea Colombiana", "air_force"},
		{"Garde Républicaine", "presidential_guard"},
		{"Coast Guard", "coast_guard"},
		{"Defense Department of Health Services", "unclassified"},
		{"Armored", "unclassified"},
	} {
		if got, _ := ClassifyUnit(tt.name); got != tt.want {
			t.Errorf("ClassifyUnit(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func fuzzStore(f *testing.F) *store.DB {
	st, err := sqlite.Open(context.Background(), filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { st.Close() })
	seedAuthorities(f, st)
	return st
}

func fuzzStoreT(t *testing.T) *store.DB {
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	seedAuthorities(t, st)
	return st
}

func TestFMTRBarredUnit(t *testing.T) { stores(t, testFMTRBarredUnit) }

// testFMTRBarredUnit proves that a training report may record assistance a
// unit received before it was denied, but not assistance given on or after
// the denial (which would let an import do what the interlock refuses),
// whatever its date; the refused file changes nothing.
func testFMTRBarredUnit(t *testing.T, st *store.DB) {
	head := "report_fy\tregion_file\tcountry\tprogram\tcourse_title\tus_unit\tstudent_unit\tstart_date\tend_date\tlocation\tquantity\ttotal_cost\tpage_number\n"
	old := "2011_2012\t2011_2012_Africa\tAngola\tIMET\tBasic Officer\tUSA\tAngolan Army\t1/9/2012\t3/2/2012\tFt Benning, GA\t2\t$20,000\t3\n"
	if _, err := FMTR(sys, st, []File{{Name: "angola.tsv", Data: []byte(head + old)}}, nil); err != nil {
		t.Fatal(err)
	}
	units, _, err := st.FindActors(sys, custos.ActorFilter{Country: "AO"})
	if err != nil || len(units) != 1 {
		t.Fatalf("units = %v, %v; want the Angolan Army", units, err)
	}
	p := &custos.Program{Title: "Fictional program", Country: "AO"}
	if err := st.CreateProgram(sys, p); err != nil {
		t.Fatal(err)
	}
	n := &custos.Nomination{ActorID: units[0].ID, ProgramID: p.ID}
	if err := st.CreateNomination(storetest.VetterA, n); err != nil {
		t.Fatal(err)
	}
	storetest.Decide(t, st, n, custos.Denied)
	today := custos.DateOf(time.Now())
	// Re-importing the history is fine: it predates the denial.
	if _, err := FMTR(sys, st, []File{{Name: "angola.tsv", Data: []byte(head + old)}}, nil); err != nil {
		t.Errorf("re-importing assistance given before the denial: %v", err)
	}
	before := counts(t, st)
	day := func(d custos.Date) string { return fmt.Sprintf("%d/%d/%d", d.Month, d.Day, d.Year) }
	for _, tt := range []struct {
		name, row, want string
	}{
		{"after the denial", "2026_2027\t2026_2027_Africa\tAngola\tIMET\tFictional course\tUSA\tAngolan Army\t" + day(today) + "\t" + day(today) + "\tFt Benning, GA\t2\t$20,000\t3\n",
			"crafted.tsv:2: invalid activity: actor_ids[0]"},
		{"misprinted far ahead", "2026_2027\t2026_2027_Africa\tAngola\tIMET\tFictional course\tUSA\tAngolan Army\t7/27/2049\t\tFt Benning, GA\t2\t$20,000\t3\n",
			"crafted.tsv:2: invalid activity: actor_ids[0]"},
	} {
		_, err := FMTR(sys, st, []File{{Name: "crafted.tsv", Data: []byte(head + tt.row)}}, nil)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: FMTR error = %v, want %q", tt.name, err, tt.want)
		}
	}
	if diff := cmp.Diff(before, counts(t, st)); diff != "" {
		t.Errorf("refused imports changed the counts (-before +after):\n%s", diff)
	}
}
