package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
)

// TestMEFormErrors posts forms the store refuses and checks that each
// error comes back beside its field, with the user's input kept.
func TestMEFormErrors(t *testing.T) {
	f := newMEFixture(t)
	prog := fmt.Sprint(f.prog.ID)
	ind := fmt.Sprint(f.ind.ID)
	tests := []struct {
		name string
		role custos.Role
		path string
		form url.Values
		id   string // the input that must carry the error
		kept string // the user's input, shown back
		msg  string // in the error
	}{
		{"criterion does not compile", custos.RoleAnalyst, "/conditions", url.Values{"program_id": {prog}, "kind": {"red_line"}, "type": {"policy"},
			"title": {"Fictional red line"}, "statement": {"Fictional."}, "criterion": {`indicator["POL-3"] >=`}},
			"f-criterion", `indicator[&#34;POL-3&#34;] &gt;=</textarea>`, "line 1, column"},
		{"criterion reads an unknown input", custos.RolePlanner, "/conditions", url.Values{"program_id": {prog}, "kind": {"red_line"}, "type": {"policy"},
			"title": {"Fictional red line"}, "statement": {"Fictional."}, "criterion": {"true &&\n  tortures == 0"}},
			"f-criterion", "tortures == 0", `line 2, column 3: unknown input &#34;tortures&#34;`},
		{"milestone without deadline", custos.RolePlanner, "/conditions", url.Values{"program_id": {prog}, "kind": {"milestone"}, "type": {"policy"},
			"title": {"Fictional milestone"}, "statement": {"Fictional."}, "criterion": {"true"}}, "f-deadline", `value="Fictional milestone"`, "is required for a milestone"},
		{"ladder steps down", custos.RolePlanner, "/conditions", url.Values{"country": {"ML"}, "kind": {"red_line"}, "type": {"policy"},
			"title": {"Fictional"}, "statement": {"Fictional."}, "criterion": {"true"}, "consequences[0].action": {"suspend"}, "consequences[1].action": {"warning"}},
			"f-consequences-1-action", `value="Fictional"`, "the ladder must escalate"},
		{"percentage out of range", custos.RolePlanner, "/measurements", url.Values{"indicator_id": {ind}, "period_start": {"2025-07-01"}, "period_end": {"2025-12-31"},
			"value": {"150"}, "provenance": {"agency"}, "status": {"submitted"}}, "f-value", `value="150"`, "not a percentage between 0 and 100"},
		{"value not a number", custos.RolePlanner, "/measurements", url.Values{"indicator_id": {ind}, "period_start": {"2025-07-01"}, "period_end": {"2025-12-31"},
			"value": {"about forty"}, "provenance": {"agency"}, "status": {"submitted"}}, "f-value", `value="about forty"`, "is not a number"},
		{"overlapping period", custos.RoleAnalyst, "/measurements", url.Values{"indicator_id": {ind}, "period_start": {"2025-06-30"}, "period_end": {"2025-09-30"},
			"value": {"44"}, "provenance": {"civil_society"}, "status": {"submitted"}}, "f-period_start", `value="2025-09-30"`, "overlaps measurement"},
		{"period ends before it starts", custos.RolePlanner, "/measurements", url.Values{"indicator_id": {ind}, "period_start": {"2026-03-01"}, "period_end": {"2026-01-01"},
			"value": {"10"}, "provenance": {"agency"}, "status": {"draft"}}, "f-period_end", `value="2026-01-01"`, "is before the start"},
		{"unknown breakdown value blank", custos.RolePlanner, "/indicators", url.Values{"program_id": {prog}, "result_id": {fmt.Sprint(f.output.ID)}, "code": {"3-bad"},
			"title": {"Officers trained"}, "unit": {"count"}, "direction": {"increase"}}, "f-code", `value="Officers trained"`, "starting with a letter"},
		{"score without a scale", custos.RolePlanner, "/indicators", url.Values{"program_id": {prog}, "result_id": {fmt.Sprint(f.output.ID)}, "code": {"ICB-1"},
			"title": {"Maturity"}, "unit": {"score"}, "direction": {"increase"}}, "f-scale_max", `value="Maturity"`, "must be above scale_min"},
		{"result climbs down", custos.RolePlanner, "/results", url.Values{"program_id": {prog}, "level": {"impact"}, "title": {"Fictional impact"},
			"parent_id": {fmt.Sprint(f.outcome.ID)}}, "f-parent_id", `value="Fictional impact"`, "the parent must be a higher level"},
		{"evaluation without outcomes", custos.RolePlanner, "/program-evaluations", url.Values{"program_id": {prog}, "kind": {"close"}, "date": {"2026-01-01"},
			"evaluator": {"Fictional Evaluators"}}, "f-outcomes", `value="Fictional Evaluators"`, "is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.do(tt.role, "POST", tt.path, tt.form)
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("POST %s = %d, want 422\n%s", tt.path, r.status, r.body)
			}
			for _, want := range []string{`id="` + tt.id + `-error"`, `aria-describedby="` + tt.id + `-error`, `href="#` + tt.id + `"`, tt.kept, tt.msg} {
				if !strings.Contains(r.body, want) {
					t.Errorf("POST %s: the page lacks %q", tt.path, want)
				}
			}
		})
	}
	t.Run("condition form shows the catalog", func(t *testing.T) {
		r := f.do(custos.RolePlanner, "GET", "/conditions/new?program_id="+prog, nil)
		for _, want := range []string{"What a criterion can read", "<code>indicator</code>", "<code>vetting</code>", "denied_recipients", "How the status is decided"} {
			if !strings.Contains(r.body, want) {
				t.Errorf("the condition form lacks %q", want)
			}
		}
	})
}

// TestMEDecisionErrors checks the decision form's errors land beside its
// fields on the condition page.
func TestMEDecisionErrors(t *testing.T) {
	f := newMEFixture(t)
	path := fmt.Sprintf("/conditions/%d/decisions", f.redLine.ID)
	r := f.do(custos.RolePlanner, "POST", path, url.Values{"decision": {"waive"}, "step": {"7"}, "reasons": {""}})
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("POST %s = %d, want 422\n%s", path, r.status, r.body)
	}
	for _, want := range []string{`id="f-reasons-error"`, `aria-describedby="f-reasons-help f-reasons-error"`, "Record a decision"} {
		if !strings.Contains(strings.ReplaceAll(r.body, `f-reasons-error f-reasons-help`, `f-reasons-help f-reasons-error`), want) {
			t.Errorf("POST %s: the page lacks %q", path, want)
		}
	}
	r = f.do(custos.RolePlanner, "POST", path, url.Values{"decision": {"waive"}, "step": {"7"}, "reasons": {"Fictional reasons."}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "step 7 does not exist") {
		t.Errorf("POST %s with step 7 = %d, want 422 naming the missing step", path, r.status)
	}
}

// TestMEWorkflow follows a figure from entry to verdict: another user
// approves it, the conditions are evaluated, the page shows the status
// with the values that decided it, a breach is answered by a decision,
// and the country report lists it all. A condition whose data is missing
// is shown as unknown, never as met.
func TestMEWorkflow(t *testing.T) {
	f := newMEFixture(t)
	// The figure is approved on 10 January 2026: the status as of a date
	// is judged on the figures approved by then.
	f.db.Now = func() time.Time { return time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC) }
	// Judged the day before the figure is approved, the milestone cannot
	// be evaluated; the approval then turns it met, with an alert.
	if r := f.do(custos.RoleAnalyst, "POST", fmt.Sprintf("/conditions/%d/evaluate", f.milestone.ID), url.Values{"as_of": {"2026-01-09"}}); r.status != http.StatusSeeOther {
		t.Fatalf("evaluate as of 2026-01-09 = %d, want 303\n%s", r.status, r.body)
	}
	r := f.do(custos.RoleAnalyst, "POST", fmt.Sprintf("/measurements/%d/review", f.sub.ID),
		url.Values{"status": {"approved"}, "back": {fmt.Sprintf("/programs/%d/results", f.prog.ID)}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != fmt.Sprintf("/programs/%d/results", f.prog.ID) {
		t.Fatalf("approve = %d to %q, want 303 to the results chain", r.status, r.header.Get("Location"))
	}
	f.db.Now = time.Now
	for _, ev := range []struct {
		c    *custos.Condition
		asOf string
	}{{f.milestone, "2024-06-01"}, {f.milestone, "2026-01-15"}, {f.unknown, "2026-01-15"}} {
		path := fmt.Sprintf("/conditions/%d/evaluate", ev.c.ID)
		if r := f.do(custos.RoleAnalyst, "POST", path, url.Values{"as_of": {ev.asOf}}); r.status != http.StatusSeeOther {
			t.Fatalf("POST %s = %d, want 303\n%s", path, r.status, r.body)
		}
	}
	tests := []struct {
		path      string
		want, not []string
	}{
		{fmt.Sprintf("/conditions/%d?as_of=2026-01-15", f.milestone.ID), []string{"Status as of 2026-01-15: <span class=\"tag tag--cond-met\">Met</span>",
			`indicator[&#34;POL-3&#34;]</code></th><td class="num">42.5`}, nil},
		{fmt.Sprintf("/conditions/%d?as_of=2024-01-01", f.milestone.ID), []string{`Status as of 2024-01-01: <span class="tag tag--cond-cannot_evaluate">`, "No evaluation was recorded on or before 2024-01-01"}, []string{`Status as of 2024-01-01: <span class="tag tag--cond-met"`}},
		// Before the figure was approved, it did not count, whatever was
		// recorded since.
		{fmt.Sprintf("/conditions/%d?as_of=2026-01-09", f.milestone.ID), []string{`Status as of 2026-01-09: <span class="tag tag--cond-cannot_evaluate">`, "no approved measurement up to 2026-01-09"},
			[]string{`Status as of 2026-01-09: <span class="tag tag--cond-met"`}},
		{fmt.Sprintf("/conditions/%d?as_of=2025-01-01", f.milestone.ID), []string{`Status as of 2025-01-01: <span class="tag tag--cond-cannot_evaluate">Cannot be evaluated`, "Why it could not be evaluated"},
			[]string{`Status as of 2025-01-01: <span class="tag tag--cond-met"`}},
		{fmt.Sprintf("/conditions/%d?as_of=2026-01-15", f.redLine.ID), []string{"tag--cond-breached\">Breached", "Breached as of 2026-01-15"}, nil},
		{fmt.Sprintf("/conditions/%d?as_of=2026-01-15", f.unknown.ID), []string{"Cannot be evaluated", "Why it could not be evaluated"}, []string{"tag--cond-met"}},
		{fmt.Sprintf("/programs/%d/results", f.prog.ID), []string{"tag--status-approved\">Approved"}, []string{">Approve<"}},
		{"/conditions/alerts", []string{milestoneTitle, "tag--cond-met\">Met"}, nil},
	}
	for _, tt := range tests {
		r := f.do(custos.RolePlanner, "GET", tt.path, nil)
		for _, w := range tt.want {
			if !strings.Contains(r.body, w) {
				t.Errorf("GET %s lacks %q", tt.path, w)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(r.body, n) {
				t.Errorf("GET %s shows %q", tt.path, n)
			}
		}
	}
	h, err := f.db.ConditionHistory(sys, f.redLine.ID)
	must(t, err)
	if len(h.Evaluations) == 0 || h.Evaluations[0].Status != custos.ConditionBreached {
		t.Fatalf("red line history = %+v, want a breach first", h.Evaluations)
	}
	decide := fmt.Sprintf("/conditions/%d/decisions", f.redLine.ID)
	r = f.do(custos.RolePlanner, "POST", decide, url.Values{"decision": {"waive"}, "step": {"0"}, "evaluation_id": {fmt.Sprint(h.Evaluations[0].ID)},
		"reasons": {"Fictional: the figure covers half a year only."}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("POST %s = %d, want 303\n%s", decide, r.status, r.body)
	}
	r = f.do(custos.RoleViewer, "GET", fmt.Sprintf("/conditions/%d", f.redLine.ID), nil)
	for _, w := range []string{"Fictional: the figure covers half a year only.", "Waive", "Step 1: Warning", "<td>planner1</td>"} {
		if !strings.Contains(r.body, w) {
			t.Errorf("the red line's page lacks the decision's %q", w)
		}
	}
	r = f.do(custos.RoleViewer, "GET", "/reports/conditions?country=ML", nil)
	for _, w := range []string{milestoneTitle, "Cannot be evaluated", "tag--cond-breached", `href="/reports/conditions.csv?country=ML"`} {
		if !strings.Contains(r.body, w) {
			t.Errorf("the report lacks %q", w)
		}
	}
	r = f.do(custos.RoleViewer, "GET", "/reports/conditions.csv?country=ML", nil)
	if r.status != http.StatusOK || !strings.Contains(r.body, "condition_id,title,program_id") || !strings.Contains(r.body, milestoneTitle) {
		t.Errorf("report CSV = %d\n%s", r.status, r.body)
	}
	r = f.do(custos.RoleViewer, "GET", "/reports/conditions.xlsx?country=ML", nil)
	if r.status != http.StatusOK || !strings.Contains(xlsxText(t, r.body), milestoneTitle) {
		t.Errorf("report XLSX = %d, or lacks the milestone", r.status)
	}
	if r := f.do("", "GET", "/reports/conditions.csv?country=ML", nil); strings.Contains(r.body, milestoneTitle) {
		t.Errorf("the anonymous report CSV shows an internal condition")
	}
	r = f.do(custos.RoleViewer, "GET", "/portfolio?country=ML", nil)
	for _, w := range []string{`href="/conditions?country=ML&amp;kind=milestone"`, `href="/results?country=ML&amp;level=outcome"`, "100.0%"} {
		if !strings.Contains(r.body, w) {
			t.Errorf("the portfolio page lacks %q", w)
		}
	}
}
