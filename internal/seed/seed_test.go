package seed

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/catalog"
	"github.com/custos-ssa/custos/internal/password"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/custos-ssa/custos/internal/store/sqlite"
)

func TestReferenceAndDemo(t *testing.T) {
	store.PasswordParams = password.Params{Time: 1, Memory: 64, Threads: 1, KeyLen: 16}
	ctx := context.Background()
	dir := t.TempDir()
	st, err := sqlite.Open(ctx, filepath.Join(dir, "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	n, err := Reference(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if want := len(catalog.Authorities()) + len(catalog.Organizations()); n != want {
		t.Errorf("Reference() added %d records, want %d", n, want)
	}
	if n, err := Reference(ctx, st); err != nil || n != 0 {
		t.Errorf("Reference() again = %d, %v; want 0, nil", n, err)
	}
	sys := custos.WithPrincipal(ctx, custos.System)
	orgs, _, err := st.FindOrganizations(sys, custos.OrganizationFilter{Q: "DSCA"})
	if err != nil || len(orgs) == 0 {
		t.Fatalf("DSCA not seeded: %v", err)
	}
	parents := 0
	all, _, _ := st.FindOrganizations(sys, custos.OrganizationFilter{Page: custos.Page{Limit: 1000}})
	for _, o := range all {
		if o.ParentID != 0 {
			parents++
		}
	}
	if parents == 0 {
		t.Error("no seeded organization has a parent; ParentOf was not applied")
	}
	pw, err := Demo(ctx, st, dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range DemoUsers {
		u, err := st.Authenticate(ctx, d.Name, pw)
		if err != nil || u.Role != d.Role || !u.Fictional {
			t.Errorf("demo user %s: %+v, %v; want role %s, fictional", d.Name, u, err, d.Role)
		}
	}
	pw2, err := Demo(ctx, st, dir)
	if err != nil || pw2 != pw {
		t.Errorf("Demo() again = %q, %v; want the same password", pw2, err)
	}
	info, err := os.Stat(filepath.Join(dir, "demo-credentials.txt"))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("demo-credentials.txt mode = %v, %v; want 0600", info.Mode(), err)
	}
}

var raceEnabled bool

// TestDemoData builds the demonstration store from the embedded FMTR files,
// as serve --demo does on first start, and checks that a second call does
// nothing. It takes about ten seconds, a few minutes under the race
// detector, which is why it skips there (the race run covers the same code
// on small files in the importer's tests).
func TestDemoData(t *testing.T) {
	if raceEnabled {
		t.Skip("the full demonstration import is too slow under the race detector")
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := Reference(ctx, st); err != nil {
		t.Fatal(err)
	}
	res, err := DemoData(ctx, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res == nil || res.Rows < 240_000 || len(res.Unresolved) > 5 {
		t.Fatalf("DemoData() = %+v, want every embedded FMTR row", res)
	}
	again, err := DemoData(ctx, st, nil)
	if err != nil || again != nil {
		t.Errorf("DemoData() a second time = %+v, %v; want nothing done", again, err)
	}
}

// TestDemoEvents imports the embedded UCDP GED sample as the demonstration
// store's incidents, and checks what it keeps, what it leaves out, that
// the incidents are real UCDP events traced to their rows, and that a
// second call does nothing.
func TestDemoEvents(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	res, err := DemoEvents(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	// 1,000 events: 441 with civilian deaths (high estimate above zero).
	if res == nil || res.Rows != 1000 || res.Created != 441 || res.Rejected != 559 {
		t.Fatalf("DemoEvents() = %+v, want 1,000 rows read, 441 incidents, 559 left out", res)
	}
	sys := custos.WithPrincipal(ctx, custos.System)
	list, _, err := st.FindIncidents(sys, custos.IncidentFilter{Page: custos.Page{Limit: 1000}})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 441 {
		t.Fatalf("FindIncidents() = %d incidents, want 441", len(list))
	}
	for _, in := range list {
		if in.Source == nil || in.Source.Dataset != "ucdp" || in.Source.File != "ucdpged_v23_1_sample1000.csv" || in.Source.Row < 2 {
			t.Fatalf("incident %d source = %+v, want a row of the UCDP sample", in.ID, in.Source)
		}
	}
	again, err := DemoEvents(ctx, st)
	if err != nil || again != nil {
		t.Errorf("DemoEvents() a second time = %+v, %v; want nothing done", again, err)
	}
}

// TestDemoConditions adds the fictional demonstration conditions over the
// real UCDP incidents, each labelled fictional, evaluates them against
// those incidents, and adds nothing the second time.
func TestDemoConditions(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := DemoEvents(ctx, st); err != nil {
		t.Fatal(err)
	}
	n, err := DemoConditions(ctx, st)
	if err != nil || n != 3 {
		t.Fatalf("DemoConditions() = %d, %v; want 3 country-plan conditions (no Afghanistan program in this store)", n, err)
	}
	sys := custos.WithPrincipal(ctx, custos.System)
	run, err := st.EvaluateConditions(sys, custos.ConditionFilter{}, custos.Date{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]custos.ConditionStatus{}
	for _, e := range run.Evaluations {
		c, err := st.FindCondition(sys, e.ConditionID)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(c.Title, "Fictional (demo): ") || !strings.Contains(c.Statement, "Fictional condition") {
			t.Errorf("condition %d %q is not labelled fictional", c.ID, c.Title)
		}
		got[c.Country] = e.Status
	}
	// Syria's sample has one-sided government violence; Afghanistan's
	// reports are not judged credible yet (at risk); Colombia's are years
	// old.
	want := map[string]custos.ConditionStatus{"SY": custos.ConditionBreached, "AF": custos.ConditionAtRisk, "CO": custos.ConditionMet}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("demo condition statuses (-want +got):\n%s", diff)
	}
	if n, err := DemoConditions(ctx, st); err != nil || n != 0 {
		t.Errorf("DemoConditions() a second time = %d, %v; want 0", n, err)
	}
}
