package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
)

// meFixture adds a results chain, an indicator with a submitted
// measurement, and conditions to the web fixture's public program.
type meFixture struct {
	*fixture
	output, outcome *custos.Result
	ind             *custos.Indicator // percent, code POL-3
	sub             *custos.Measurement
	milestone       *custos.Condition // met once POL-3 >= 40 is approved
	redLine         *custos.Condition // breached once POL-3 < 90 is approved
	unknown         *custos.Condition // reads an indicator nobody measures
}

// as returns a context for the fixture's user of role.
func (f *fixture) as(role custos.Role) context.Context {
	f.t.Helper()
	u, err := f.db.SessionUser(context.Background(), f.sessions[role])
	must(f.t, err)
	return custos.WithPrincipal(context.Background(), u.Principal("test"))
}

// Titles of internal records that public callers must never see.
const (
	outcomeTitle   = "Complaints against police investigated within 90 days"
	milestoneTitle = "Fictional: forty percent of complaints investigated"
)

func newMEFixture(t *testing.T) *meFixture {
	t.Helper()
	f := &meFixture{fixture: newFixture(t)}
	db, p := f.db, f.prog.ID
	f.outcome = &custos.Result{ProgramID: p, Level: "outcome", Title: outcomeTitle}
	must(t, db.CreateResult(sys, f.outcome))
	f.output = &custos.Result{ProgramID: p, Level: "output", Title: "Investigators trained", ParentID: f.outcome.ID}
	must(t, db.CreateResult(sys, f.output))
	f.ind = &custos.Indicator{ProgramID: p, ResultID: f.outcome.ID, Code: "POL-3", Title: "Share of complaints investigated within 90 days",
		Unit: "percent", Direction: "increase", Baseline: &custos.Baseline{Value: 12, Date: custos.Date{Year: 2024, Month: 1, Day: 1}},
		Targets:         []custos.Target{{Start: custos.Date{Year: 2025, Month: 1, Day: 1}, End: custos.Date{Year: 2025, Month: 12, Day: 31}, Value: 40}},
		Disaggregations: []string{"region"}, DataSource: "Inspectorate register", ReportedBy: "partner_government"}
	must(t, db.CreateIndicator(sys, f.ind))
	f.sub = &custos.Measurement{IndicatorID: f.ind.ID, PeriodStart: custos.Date{Year: 2025, Month: 1, Day: 1}, PeriodEnd: custos.Date{Year: 2025, Month: 6, Day: 30},
		Value: 42.5, Provenance: "partner_government", Status: "submitted"}
	must(t, db.CreateMeasurement(f.as(custos.RolePlanner), f.sub))
	ladder := []custos.ConsequenceStep{{Action: "warning"}, {Action: "pause_new_obligations", Text: "no new courses"}, {Action: "suspend"}}
	f.milestone = &custos.Condition{ProgramID: p, Kind: "milestone", Type: "performance", Title: milestoneTitle, Owner: "AF/SRA",
		Deadline: custos.Date{Year: 2030, Month: 9, Day: 30}, Statement: "The inspectorate investigates 40% of complaints within 90 days.",
		Criterion: `indicator["POL-3"] >= 40.0`, Consequences: ladder, Inducements: []string{"release the next tranche"}, ExitStrategy: "Hand over to the ministry."}
	must(t, db.CreateCondition(sys, f.milestone))
	f.redLine = &custos.Condition{ProgramID: p, Kind: "red_line", Type: "performance", Title: "Fictional: ninety percent investigated",
		Statement: "Fictional red line for tests.", Criterion: `indicator["POL-3"] >= 90.0`, Consequences: ladder}
	must(t, db.CreateCondition(sys, f.redLine))
	f.unknown = &custos.Condition{Country: "ML", Kind: "red_line", Type: "policy", Title: "Fictional: reads feedback not yet received",
		Statement: "Fictional.", Criterion: `consultations.answered_percent >= 90.0`}
	must(t, db.CreateCondition(sys, f.unknown))
	return f
}

func (f *meFixture) pages() []string {
	return []string{
		fmt.Sprintf("/programs/%d/results", f.prog.ID), "/results", fmt.Sprintf("/results/%d", f.outcome.ID), "/indicators",
		fmt.Sprintf("/indicators/%d", f.ind.ID), "/measurements", fmt.Sprintf("/measurements/%d", f.sub.ID), "/conditions",
		fmt.Sprintf("/conditions/%d", f.milestone.ID), "/conditions/inputs", "/conditions/alerts", "/conditions?country=ML&kind=milestone", "/program-evaluations",
		"/portfolio", "/portfolio?country=ML", "/reports/conditions", "/reports/conditions?country=ML",
	}
}

// TestMEPagesRender opens every page of conditionality and M&E as every
// role: staff see the records, public callers see none of the internal
// ones and are never shown an error instead.
func TestMEPagesRender(t *testing.T) {
	f := newMEFixture(t)
	for _, role := range callers() {
		staff := role.Clearance() >= custos.Internal
		for _, p := range f.pages() {
			t.Run(name(role)+p, func(t *testing.T) {
				r := f.do(role, "GET", p, nil)
				single := regexp.MustCompile(`^/(results|indicators|measurements|conditions)/\d+$`).MatchString(p)
				if !staff && single {
					if r.status != http.StatusNotFound && r.status != http.StatusSeeOther {
						t.Fatalf("GET %s as %s = %d, want 404 or a sign-in redirect", p, name(role), r.status)
					}
					return
				}
				if r.status != http.StatusOK {
					t.Fatalf("GET %s as %s = %d, want 200\n%s", p, name(role), r.status, r.body)
				}
				for _, want := range []string{`<main id="main"`, `<html lang="en">`} {
					if !strings.Contains(r.body, want) {
						t.Errorf("GET %s as %s lacks %q", p, name(role), want)
					}
				}
				for _, secret := range []string{outcomeTitle, milestoneTitle, "POL-3"} {
					if p == "/conditions/inputs" && secret == "POL-3" {
						continue // the catalog's own examples
					}
					if !staff && strings.Contains(r.body, secret) {
						t.Errorf("GET %s as %s shows internal %q", p, name(role), secret)
					}
				}
			})
		}
	}
	for _, p := range []string{"/conditions.csv", "/conditions.xlsx", "/indicators.csv", "/results.csv", "/measurements.csv"} {
		for _, role := range []custos.Role{"", custos.RolePartner, custos.RoleViewer} {
			r := f.do(role, "GET", p, nil)
			body := r.body
			if strings.HasSuffix(p, ".xlsx") {
				body = xlsxText(t, r.body)
			}
			shown := strings.Contains(body, milestoneTitle) || strings.Contains(body, outcomeTitle) || strings.Contains(body, "POL-3") || strings.Contains(body, "42.5")
			if want := role == custos.RoleViewer; r.status != http.StatusOK || shown != want {
				t.Errorf("GET %s as %s = %d, internal records shown %v, want %v", p, name(role), r.status, shown, want)
			}
		}
	}
	r := f.do(custos.RoleViewer, "GET", fmt.Sprintf("/programs/%d/results", f.prog.ID), nil)
	for _, want := range []string{outcomeTitle, "Investigators trained", "POL-3", "Inspectorate register", "42.5", "Partner government", "Submitted"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("results chain as viewer lacks %q", want)
		}
	}
	r = f.do(custos.RoleViewer, "GET", fmt.Sprintf("/programs/%d", f.prog.ID), nil)
	if !strings.Contains(r.body, fmt.Sprintf(`href="/programs/%d/results"`, f.prog.ID)) || !strings.Contains(r.body, fmt.Sprintf(`href="/conditions?program_id=%d"`, f.prog.ID)) {
		t.Errorf("the program page does not link to its results chain and conditions")
	}
}

// TestMEButtons checks that each role is offered only the forms and
// buttons the store will accept.
func TestMEButtons(t *testing.T) {
	f := newMEFixture(t)
	chain := fmt.Sprintf("/programs/%d/results", f.prog.ID)
	cond := fmt.Sprintf("/conditions/%d", f.milestone.ID)
	meas := fmt.Sprintf("/measurements/%d", f.sub.ID)
	tests := []struct {
		role      custos.Role
		path      string
		want, not []string
	}{
		{custos.RoleViewer, chain, []string{outcomeTitle}, []string{"Add a result", "Add an indicator", "Add a measurement", ">Approve<", "Add a condition"}},
		{custos.RoleVetter, chain, []string{outcomeTitle}, []string{"Add a result", ">Approve<"}},
		{custos.RolePlanner, chain, []string{"Add a result", "Add an indicator", "Add a measurement", "another user must review it",
			fmt.Sprintf(`href="/conditions/new?program_id=%d"`, f.prog.ID)}, []string{">Approve<"}},
		{custos.RoleAnalyst, chain, []string{">Approve<", ">Reject<", "Add a measurement"}, nil},
		{custos.RoleAnalyst, meas, []string{">Approve</button>", `name="note"`}, nil},
		{custos.RolePlanner, meas, []string{"another user must review it"}, []string{">Approve</button>"}},
		{custos.RoleViewer, meas, nil, []string{">Approve</button>", "Review</h2>"}},
		{custos.RoleViewer, cond, []string{`tag--cond-cannot_evaluate">Cannot be evaluated`, `indicator[&#34;POL-3&#34;] &gt;= 40.0`, "Pause new obligations: no new courses", "release the next tranche"},
			[]string{"Record a decision", "Evaluate as of", ">Edit<"}},
		{custos.RoleAnalyst, cond, []string{"Evaluate as of", ">Edit<"}, []string{"Record a decision"}},
		{custos.RolePlanner, cond, []string{"Evaluate as of", "Record a decision", ">Edit<"}, nil},
		{custos.RoleViewer, "/conditions", nil, []string{"Add a condition"}},
		{custos.RoleAnalyst, "/conditions", []string{"Add a condition"}, nil},
		{custos.RoleViewer, "/program-evaluations", nil, []string{"Add a program evaluation"}},
		{custos.RolePlanner, "/program-evaluations", []string{"Add a program evaluation"}, nil},
	}
	for _, tt := range tests {
		t.Run(name(tt.role)+tt.path, func(t *testing.T) {
			r := f.do(tt.role, "GET", tt.path, nil)
			if r.status != http.StatusOK {
				t.Fatalf("GET %s as %s = %d, want 200", tt.path, tt.role, r.status)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.body, w) {
					t.Errorf("GET %s as %s lacks %q", tt.path, tt.role, w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(r.body, n) {
					t.Errorf("GET %s as %s shows %q", tt.path, tt.role, n)
				}
			}
		})
	}
}

// TestMERefusals posts what the pages do not offer: the server refuses
// it whatever the form says.
func TestMERefusals(t *testing.T) {
	f := newMEFixture(t)
	review := fmt.Sprintf("/measurements/%d/review", f.sub.ID)
	decide := fmt.Sprintf("/conditions/%d/decisions", f.redLine.ID)
	evaluate := fmt.Sprintf("/conditions/%d/evaluate", f.milestone.ID)
	cond := url.Values{"program_id": {fmt.Sprint(f.prog.ID)}, "kind": {"red_line"}, "type": {"policy"}, "title": {"X"}, "statement": {"X"}, "criterion": {"true"}}
	decision := url.Values{"decision": {"apply"}, "step": {"0"}, "reasons": {"Fictional reasons."}}
	tests := []struct {
		role   custos.Role
		path   string
		form   url.Values
		status int
	}{
		{custos.RoleViewer, review, url.Values{"status": {"approved"}}, http.StatusForbidden},
		{custos.RolePlanner, review, url.Values{"status": {"approved"}}, http.StatusForbidden}, // the submitter
		{custos.RolePartner, review, url.Values{"status": {"approved"}}, http.StatusForbidden},
		{"", review, url.Values{"status": {"approved"}}, http.StatusUnauthorized},
		{custos.RoleViewer, "/conditions", cond, http.StatusForbidden},
		{custos.RoleVetter, "/conditions", cond, http.StatusForbidden},
		{custos.RoleViewer, decide, decision, http.StatusForbidden},
		{custos.RoleAnalyst, decide, decision, http.StatusForbidden},
		{custos.RoleViewer, evaluate, url.Values{}, http.StatusForbidden},
		{custos.RoleViewer, "/results", url.Values{"program_id": {fmt.Sprint(f.prog.ID)}, "level": {"output"}, "title": {"X"}}, http.StatusForbidden},
		{custos.RoleViewer, "/program-evaluations", url.Values{"program_id": {fmt.Sprint(f.prog.ID)}, "kind": {"close"}, "date": {"2026-01-01"}, "outcomes": {"X"}}, http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(name(tt.role)+tt.path, func(t *testing.T) {
			r := f.do(tt.role, "POST", tt.path, tt.form)
			if r.status != tt.status {
				t.Errorf("POST %s as %s = %d, want %d", tt.path, name(tt.role), r.status, tt.status)
			}
		})
	}
	if m, err := f.db.FindMeasurement(sys, f.sub.ID); err != nil || m.Status != "submitted" {
		t.Errorf("after refused reviews the measurement is %v (%v), want submitted", m.Status, err)
	}
}
