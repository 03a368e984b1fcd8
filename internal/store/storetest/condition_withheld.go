package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
)

// testConditionValuesWithheld proves that a condition's values never show
// a reader a figure above the reader's clearance: a public condition over
// a protected indicator, and over a public indicator whose figure is a
// protected measurement, shows its status to the public with those values
// withheld (in its history, a look at a past date, the evaluation run and
// the report), while a reader cleared for them sees them all.
func testConditionValuesWithheld(t *testing.T, db *store.DB) {
	db.Now = func() time.Time { return epoch }
	p, _ := newProgram(t, db)
	p.Releasability = custos.Public
	must(t, db.UpdateProgram(admin, p))
	analyst, planner := asUser(custos.RoleAnalyst, 7), asUser(custos.RolePlanner, 8)
	outcome := &custos.Result{ProgramID: p.ID, Level: "outcome", Title: "Fictional: complaints handled", Releasability: custos.Public}
	must(t, db.CreateResult(analyst, outcome))
	figure := func(code string, ind, meas custos.Releasability, value float64) {
		t.Helper()
		i := &custos.Indicator{ProgramID: p.ID, ResultID: outcome.ID, Code: code, Title: "Fictional: " + code, Unit: "count", Direction: "decrease", Releasability: ind}
		must(t, db.CreateIndicator(analyst, i))
		m := &custos.Measurement{IndicatorID: i.ID, PeriodStart: day(2026, 1, 1), PeriodEnd: day(2026, 3, 31), Value: value, Provenance: "civil_society", Status: "submitted", Releasability: meas}
		must(t, db.CreateMeasurement(analyst, m))
		_, err := db.ReviewMeasurement(asUser(custos.RoleAdmin, 9), m.ID, "approved", "")
		must(t, err)
	}
	figure("OPEN-1", custos.Public, custos.Public, 30)
	figure("SEC-1", custos.Protected, custos.Protected, 17)
	figure("SEC-2", custos.Public, custos.Protected, 5)
	c := &custos.Condition{ProgramID: p.ID, Kind: "red_line", Type: "performance", Title: "Fictional: figures under 100", Statement: "Fictional condition for a test.",
		Criterion: `indicator["OPEN-1"] < 100.0 && indicator["SEC-1"] < 100.0 && indicator["SEC-2"] < 100.0 && indicator.size() > 0`, Releasability: custos.Public}
	must(t, db.CreateCondition(planner, c))
	run, err := db.EvaluateConditions(admin, custos.ConditionFilter{ProgramID: p.ID}, custos.Date{})
	must(t, err)
	if len(run.Evaluations) != 1 || run.Evaluations[0].Status != custos.ConditionMet {
		t.Fatalf("EvaluateConditions() = %+v, want one met", run.Evaluations)
	}

	const withheld = "withheld: it comes from figures above your clearance"
	all := map[string]string{`indicator["OPEN-1"]`: "30", `indicator["SEC-1"]`: "17", `indicator["SEC-2"]`: "5"}
	public := map[string]string{`indicator["OPEN-1"]`: "30", `indicator["SEC-1"]`: withheld, `indicator["SEC-2"]`: withheld}
	values := func(vs []custos.InputValue) map[string]string {
		out := map[string]string{}
		for _, v := range vs {
			if v.Input != "indicator" { // the whole map, checked below
				out[v.Input] = v.Value
			}
		}
		return out
	}
	whole := func(what string, vs []custos.InputValue, hidden bool) {
		t.Helper()
		for _, v := range vs {
			if v.Input == "indicator" && (v.Value == withheld) != hidden {
				t.Errorf("%s: the whole indicator map = %q, withheld %v wanted", what, v.Value, hidden)
			}
		}
	}
	for _, tt := range []struct {
		who  string
		ctx  func() context.Context
		want map[string]string
	}{
		{"the public", func() context.Context { return as(custos.RolePublic) }, public},
		{"a planner (restricted)", func() context.Context { return planner }, public},
		{"an analyst (protected)", func() context.Context { return analyst }, all},
	} {
		hidden := tt.want["indicator[\"SEC-1\"]"] == withheld
		evals, _, err := db.FindEvaluations(tt.ctx(), custos.EvaluationFilter{ConditionID: c.ID})
		must(t, err)
		if len(evals) != 1 || evals[0].Status != custos.ConditionMet {
			t.Fatalf("%s: FindEvaluations() = %+v, want the met evaluation", tt.who, evals)
		}
		if diff := cmp.Diff(tt.want, values(evals[0].Values)); diff != "" {
			t.Errorf("%s: history values (-want +got):\n%s", tt.who, diff)
		}
		whole(tt.who+": history", evals[0].Values, hidden)
		e, err := db.JudgeCondition(tt.ctx(), c.ID, custos.DateOf(epoch))
		must(t, err)
		if diff := cmp.Diff(tt.want, values(e.Values)); diff != "" {
			t.Errorf("%s: JudgeCondition values (-want +got):\n%s", tt.who, diff)
		}
		rep, err := db.ConditionReport(tt.ctx(), "")
		must(t, err)
		found := false
		for _, r := range rep.Rows {
			if r.ConditionID == c.ID {
				found = true
				if diff := cmp.Diff(tt.want, values(r.Values)); diff != "" {
					t.Errorf("%s: report values (-want +got):\n%s", tt.who, diff)
				}
			}
		}
		if !found {
			t.Errorf("%s: the report has no row for condition %d", tt.who, c.ID)
		}
	}
	run, err = db.EvaluateConditions(planner, custos.ConditionFilter{ProgramID: p.ID}, custos.Date{})
	must(t, err)
	if diff := cmp.Diff(public, values(run.Evaluations[0].Values)); diff != "" {
		t.Errorf("a planner's evaluation run: values (-want +got):\n%s", diff)
	}
	// A decision on a breach of a public condition: the public sees the
	// decision, not the staff account that approved it.
	breach := &custos.Condition{ProgramID: p.ID, Kind: "red_line", Type: "performance", Title: "Fictional: an open figure over 1000", Statement: "Fictional condition for a test.",
		Criterion: `indicator["OPEN-1"] > 1000.0`, Releasability: custos.Public, Consequences: []custos.ConsequenceStep{{Action: "warning"}}}
	must(t, db.CreateCondition(planner, breach))
	run, err = db.EvaluateConditions(admin, custos.ConditionFilter{ProgramID: p.ID}, custos.Date{})
	must(t, err)
	var breachEval int64
	for _, e := range run.Evaluations {
		if e.ConditionID == breach.ID && e.Status == custos.ConditionBreached {
			breachEval = e.ID
		}
	}
	if breachEval == 0 {
		t.Fatalf("EvaluateConditions() = %+v, want condition %d breached", run.Evaluations, breach.ID)
	}
	must(t, db.RecordDecision(planner, &custos.ConditionDecision{ConditionID: breach.ID, EvaluationID: breachEval, Decision: "apply", Step: 0, Reasons: "Fictional: warned in writing."}))
	for _, tt := range []struct {
		who  string
		ctx  context.Context
		want int64
	}{{"the public", as(custos.RolePublic), 0}, {"a partner", as(custos.RolePartner), 0}, {"a viewer", as(custos.RoleViewer), 8}} {
		ds, err := db.FindDecisions(tt.ctx, breach.ID)
		must(t, err)
		if len(ds) != 1 || ds[0].Decision != "apply" || ds[0].ApproverID != tt.want || tt.want == 0 && ds[0].ApproverName != "" {
			t.Errorf("%s: FindDecisions() = %+v, want the decision with approver %d", tt.who, ds, tt.want)
		}
	}

	// What the planner's run recorded is whole: the analyst reads it all.
	evals, _, err := db.FindEvaluations(analyst, custos.EvaluationFilter{ConditionID: c.ID})
	must(t, err)
	if diff := cmp.Diff(all, values(evals[0].Values)); diff != "" {
		t.Errorf("the planner's recorded evaluation, read by an analyst (-want +got):\n%s", diff)
	}
}
