package storetest

import (
	"testing"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// testConditionReport covers the country report, the portfolio figures and
// program evaluations.
func testConditionReport(t *testing.T, db *store.DB) {
	db.Now = func() time.Time { return epoch }
	p, _, _ := chain(t, db)
	bare := &custos.Program{Title: "Niger border posts", Country: "NE"}
	must(t, db.CreateProgram(as(custos.RolePlanner), bare))
	ctx := as(custos.RolePlanner)
	milestone := &custos.Condition{ProgramID: p.ID, Kind: "milestone", Type: "policy", Title: "Code of conduct adopted", Deadline: day(2027, 6, 30),
		Statement: "The ministry adopts a code of conduct.", Criterion: `indicator["POL-3"] >= 1.0`, Consequences: []custos.ConsequenceStep{{Action: "warning"}}}
	must(t, db.CreateCondition(ctx, milestone))
	plan := &custos.Condition{Country: "ML", Kind: "red_line", Type: "policy", Title: "No torture", Statement: "None.", Criterion: `incidents.credible("torture") == 0`}
	must(t, db.CreateCondition(ctx, plan))
	niger := &custos.Condition{Country: "NE", Kind: "red_line", Type: "policy", Title: "Niger", Statement: "None.", Criterion: `true`}
	must(t, db.CreateCondition(ctx, niger))

	rep, err := db.ConditionReport(ctx, "ML")
	must(t, err)
	if len(rep.Rows) != 2 || rep.Rows[0].ConditionID != milestone.ID || rep.Rows[0].Status != "" || len(rep.Counts) != 0 {
		t.Fatalf("ConditionReport(ML) before evaluation = %+v, want the milestone first, then the plan's red line, unevaluated", rep)
	}
	_, err = db.EvaluateConditions(ctx, custos.ConditionFilter{}, day(2026, 11, 21))
	must(t, err)
	rep, err = db.ConditionReport(ctx, "ML")
	must(t, err)
	want := []*custos.ConditionReportRow{
		{ConditionID: milestone.ID, Title: milestone.Title, ProgramID: p.ID, ProgramTitle: p.Title, Kind: "milestone", Type: "policy", Deadline: milestone.Deadline,
			Status: custos.ConditionCannotEvaluate, AsOf: day(2026, 11, 21)},
		{ConditionID: plan.ID, Title: plan.Title, Kind: "red_line", Type: "policy", Status: custos.ConditionMet, AsOf: day(2026, 11, 21),
			Values: []custos.InputValue{{Input: `incidents.credible("torture")`, Value: "0"}}},
	}
	if diff := cmp.Diff(want, rep.Rows, cmpopts.IgnoreFields(custos.ConditionReportRow{}, "Error", "Values")); diff != "" {
		t.Errorf("ConditionReport(ML) mismatch (-want +got):\n%s", diff)
	}
	if rep.Rows[0].Error == "" {
		t.Errorf("ConditionReport(ML): the milestone reading an indicator with no approved figure has no error, want why it cannot be evaluated")
	}
	_, err = db.ConditionReport(ctx, "ZZ")
	wantField(t, "ConditionReport(ZZ)", err, "country")

	fig, err := db.Portfolio(ctx, custos.PortfolioFilter{})
	must(t, err)
	wantFig := &custos.PortfolioFigures{Programs: 2, WithOutcomeIndicators: 1, WithConditions: 1, WithMilestones: 1, MilestonesOnTime: 0,
		OutcomeIndicatorPercent: 50, ConditionPercent: 50, OnTimePercent: 0}
	if diff := cmp.Diff(wantFig, fig); diff != "" {
		t.Errorf("Portfolio() mismatch (-want +got):\n%s", diff)
	}
	// A milestone due on 31 October and judged met on the 20th was met on
	// time; one judged met only after its deadline was not.
	onTime := &custos.Condition{ProgramID: p.ID, Kind: "milestone", Type: "policy", Title: "Fictional: inspectorate staffed", Deadline: day(2026, 10, 31),
		Statement: "The inspectorate is staffed by mid-October.", Criterion: `today >= date("2026-10-15")`}
	must(t, db.CreateCondition(ctx, onTime))
	_, err = db.EvaluateConditions(ctx, custos.ConditionFilter{ProgramID: p.ID}, day(2026, 10, 20))
	must(t, err)
	fig, err = db.Portfolio(ctx, custos.PortfolioFilter{})
	must(t, err)
	if fig.WithMilestonesDue != 1 || fig.MilestonesOnTime != 1 || fig.OnTimePercent != 100 {
		t.Errorf("Portfolio() with a milestone met on time = %d due, %d on time, %v%%; want 1, 1, 100%%", fig.WithMilestonesDue, fig.MilestonesOnTime, fig.OnTimePercent)
	}
	late := &custos.Condition{ProgramID: p.ID, Kind: "milestone", Type: "policy", Title: "Fictional: budget published", Deadline: day(2026, 10, 31),
		Statement: "The budget is published by October.", Criterion: `today >= date("2026-11-10")`}
	must(t, db.CreateCondition(ctx, late))
	run, err := db.EvaluateConditions(ctx, custos.ConditionFilter{ProgramID: p.ID}, day(2026, 11, 21))
	must(t, err)
	for _, e := range run.Evaluations {
		if e.ConditionID == late.ID && e.Status != custos.ConditionMet {
			t.Errorf("late milestone as of 2026-11-21 = %s, want met (reached, though late)", e.Status)
		}
	}
	fig, err = db.Portfolio(ctx, custos.PortfolioFilter{})
	must(t, err)
	if fig.WithMilestonesDue != 1 || fig.MilestonesOnTime != 0 || fig.OnTimePercent != 0 {
		t.Errorf("Portfolio() with a milestone met late = %d due, %d on time, %v%%; want 1, 0, 0%%", fig.WithMilestonesDue, fig.MilestonesOnTime, fig.OnTimePercent)
	}
	fig, err = db.Portfolio(ctx, custos.PortfolioFilter{Country: "NE"})
	must(t, err)
	if fig.Programs != 1 || fig.WithConditions != 0 {
		t.Errorf("Portfolio(NE) = %+v, want 1 program without conditions", fig)
	}

	ev := &custos.ProgramEvaluation{ProgramID: p.ID, Kind: "decision_point", Date: day(2026, 3, 1), Outcomes: "Investigations up from 12% to 30%.",
		Unintended: "Complaints fell in Mopti: complainants feared reprisals.", Lessons: "Protect complainants first."}
	must(t, db.CreateProgramEvaluation(ctx, ev))
	got, err := db.FindProgramEvaluation(as(custos.RoleViewer), ev.ID)
	must(t, err)
	if diff := cmp.Diff(ev, got, cmpopts.IgnoreFields(custos.ProgramEvaluation{}, "CreatedAt", "UpdatedAt")); diff != "" {
		t.Errorf("FindProgramEvaluation() mismatch (-want +got):\n%s", diff)
	}
	wantField(t, "CreateProgramEvaluation(no outcomes)", db.CreateProgramEvaluation(ctx, &custos.ProgramEvaluation{ProgramID: p.ID, Kind: "close", Date: day(2026, 9, 30)}), "outcomes")
	wantKind(t, "CreateProgramEvaluation as an analyst", db.CreateProgramEvaluation(as(custos.RoleAnalyst), ev), custos.EFORBIDDEN)
	_, err = db.FindProgramEvaluation(as(custos.RolePartner), ev.ID)
	wantKind(t, "FindProgramEvaluation(internal) as a partner", err, custos.ENOTFOUND)
	list, _, err := db.FindProgramEvaluations(ctx, custos.ProgramEvaluationFilter{ProgramID: p.ID, Kind: "decision_point"})
	must(t, err)
	if len(list) != 1 {
		t.Errorf("FindProgramEvaluations() = %d, want 1", len(list))
	}
	must(t, db.DeleteProgramEvaluation(ctx, ev.ID))
	// A program closes once, and an evaluation is recorded once made.
	closing := &custos.ProgramEvaluation{ProgramID: p.ID, Kind: "close", Date: day(2026, 9, 30), Outcomes: "Investigations reached 38%."}
	must(t, db.CreateProgramEvaluation(ctx, closing))
	again := *closing
	again.ID = 0
	err = db.CreateProgramEvaluation(ctx, &again)
	wantKind(t, "CreateProgramEvaluation(a second close)", err, custos.ECONFLICT)
	wantField(t, "CreateProgramEvaluation(a second close)", err, "kind")
	closing.Outcomes = "Investigations reached 38% (revised)."
	must(t, db.UpdateProgramEvaluation(ctx, closing))
	future := &custos.ProgramEvaluation{ProgramID: p.ID, Kind: "decision_point", Date: day(2030, 1, 1), Outcomes: "Not yet."}
	wantField(t, "CreateProgramEvaluation(dated 2030)", db.CreateProgramEvaluation(ctx, future), "date")
	must(t, db.DeleteProgramEvaluation(ctx, closing.ID))
}
