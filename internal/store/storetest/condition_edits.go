package storetest

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/google/go-cmp/cmp"
)

// testConditionEdits checks what an edit, a filter or a date may not do to
// the record: rewrite a decision already taken by changing the ladder step
// it names, blame the criterion for the at-risk expression's mistake, stand
// for a country or program that is not recorded, or date a program's
// evaluation before the program began.
func testConditionEdits(t *testing.T, db *store.DB) {
	db.Now = func() time.Time { return epoch }
	p, _, _ := chain(t, db) // in Mali, from 2024-10-01, with indicator POL-3
	t.Run("LadderStepsDecided", func(t *testing.T) { testLadderStepsDecided(t, db) })
	t.Run("AtRiskField", func(t *testing.T) { testAtRiskField(t, db, p) })
	t.Run("UnknownFilters", func(t *testing.T) { testUnknownFilters(t, db, p) })
	t.Run("ProgramEvaluationBeforeStart", func(t *testing.T) { testProgramEvaluationBeforeStart(t, db, p) })
}

// wantFieldSays fails unless err names field with a reason containing
// every one of want.
func wantFieldSays(t *testing.T, what string, err error, field string, want ...string) {
	t.Helper()
	wantField(t, what, err, field)
	e, ok := err.(*custos.Error)
	if !ok {
		return
	}
	for _, w := range want {
		if !strings.Contains(e.Fields[field], w) {
			t.Errorf("%s: %s error = %q, want it to contain %q", what, field, e.Fields[field], w)
		}
	}
}

// testLadderStepsDecided checks that a decision on a breach keeps meaning
// what it meant when it was taken: the ladder step it names cannot be
// changed or removed, while steps no decision names, and new steps at the
// end, can.
func testLadderStepsDecided(t *testing.T, db *store.DB) {
	ctx, planner := as(custos.RolePlanner), asUser(custos.RolePlanner, 8)
	c := &custos.Condition{Country: "ML", Kind: "red_line", Type: "policy", Title: "Fictional: detainee registers published",
		Statement: "Fictional red line: the detainee registers are published from 2030.", Criterion: `today >= date("2030-01-01")`,
		Consequences: []custos.ConsequenceStep{{Action: "warning"}, {Action: "pause_new_obligations", Text: "no new training cohorts"}, {Action: "suspend"}}}
	must(t, db.CreateCondition(ctx, c))
	run, err := db.EvaluateConditions(ctx, custos.ConditionFilter{Country: "ML", Q: "detainee registers"}, day(2026, 11, 20))
	must(t, err)
	if len(run.Evaluations) != 1 || run.Evaluations[0].Status != custos.ConditionBreached {
		t.Fatalf("EvaluateConditions() = %+v, want one breach", run.Evaluations)
	}
	d := &custos.ConditionDecision{ConditionID: c.ID, EvaluationID: run.Evaluations[0].ID, Decision: "apply", Step: 1,
		Reasons: "Fictional: the registers were not published; the next cohort is deferred."}
	must(t, db.RecordDecision(planner, d))
	report := func() string {
		t.Helper()
		rep, err := db.ConditionReport(ctx, "ML")
		must(t, err)
		for _, r := range rep.Rows {
			if r.ConditionID == c.ID {
				return r.Decision
			}
		}
		t.Fatalf("ConditionReport(ML) lacks condition %d", c.ID)
		return ""
	}
	const wantDecision = "apply step 2 of 3, pause new obligations: no new training cohorts (2026-11-21)"
	if got := report(); got != wantDecision {
		t.Fatalf("report decision = %q, want %q", got, wantDecision)
	}

	step := func(a custos.ConsequenceAction, text string) custos.ConsequenceStep {
		return custos.ConsequenceStep{Action: a, Text: text}
	}
	decided := step("pause_new_obligations", "no new training cohorts")
	for _, tt := range []struct {
		name   string
		ladder []custos.ConsequenceStep
	}{
		{"decided step's action changed", []custos.ConsequenceStep{step("warning", ""), step("suspend", ""), step("terminate", "")}},
		{"decided step's text changed", []custos.ConsequenceStep{step("warning", ""), step("pause_new_obligations", "no new equipment"), step("suspend", "")}},
		{"decided step removed", []custos.ConsequenceStep{step("warning", "")}},
		{"ladder cleared", nil},
		{"step inserted before the decided one", []custos.ConsequenceStep{step("warning", ""), step("custom", "a letter from the minister"), decided, step("suspend", "")}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			entries := auditCount(t, db)
			edit := *c
			edit.Consequences = tt.ladder
			err := db.UpdateCondition(ctx, &edit)
			wantFieldSays(t, "UpdateCondition("+tt.name+")", err, "consequences", "step 2", "decision "+strconv.FormatInt(d.ID, 10))
			got, err := db.FindCondition(ctx, c.ID)
			must(t, err)
			if diff := cmp.Diff(c.Consequences, got.Consequences); diff != "" {
				t.Errorf("after a refused edit, the ladder changed (-want +got):\n%s", diff)
			}
			if got := auditCount(t, db); got != entries {
				t.Errorf("a refused edit wrote %d audit entries, want 0", got-entries)
			}
		})
	}
	if got := report(); got != wantDecision {
		t.Errorf("after refused edits, report decision = %q, want %q", got, wantDecision)
	}

	// Steps no decision names may change, and steps may be added at the
	// end: the decision still reads as it was taken.
	for _, tt := range []struct {
		name   string
		ladder []custos.ConsequenceStep
		want   string
	}{
		{"step appended", []custos.ConsequenceStep{step("warning", ""), decided, step("suspend", ""), step("terminate", "")},
			"apply step 2 of 4, pause new obligations: no new training cohorts (2026-11-21)"},
		{"undecided step changed", []custos.ConsequenceStep{step("warning", "a letter from the ambassador"), decided, step("suspend", "all courses")},
			"apply step 2 of 3, pause new obligations: no new training cohorts (2026-11-21)"},
		{"undecided step removed", []custos.ConsequenceStep{step("warning", ""), decided},
			"apply step 2 of 2, pause new obligations: no new training cohorts (2026-11-21)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			edit := *c
			edit.Consequences = tt.ladder
			must(t, db.UpdateCondition(ctx, &edit))
			if got := report(); got != tt.want {
				t.Errorf("report decision = %q, want %q", got, tt.want)
			}
		})
	}
}

// testAtRiskField checks that a mistake in the at-risk expression is
// reported under at_risk, beside the box it was typed in, and one in the
// criterion under criterion.
func testAtRiskField(t *testing.T, db *store.DB, p *custos.Program) {
	ctx := as(custos.RolePlanner)
	for _, tt := range []struct {
		name              string
		program           bool
		criterion, atRisk string
		fields            map[string]string // field: text in its error
	}{
		{"unknown indicator in at_risk", true, `indicator["POL-3"] >= 40.0`, `indicator["POL-33"] < 20.0`,
			map[string]string{"at_risk": `no indicator with code "POL-33"`}},
		{"unknown baseline in at_risk", true, `true`, `indicator["POL-3"] < baseline["POL-9"]`,
			map[string]string{"at_risk": `no indicator with code "POL-9"`}},
		{"unknown indicator in criterion", true, `indicator["POL-33"] >= 40.0`, `indicator["POL-3"] < 20.0`,
			map[string]string{"criterion": `no indicator with code "POL-33"`}},
		{"both wrong", true, `indicator["POL-33"] >= 40.0`, `indicator["POL-34"] < 20.0`,
			map[string]string{"criterion": `"POL-33"`, "at_risk": `"POL-34"`}},
		{"program input in a country plan's at_risk", false, `incidents.credible("torture") == 0`, `vetting.denied > 0`,
			map[string]string{"at_risk": "reads vetting, which only a program has"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := &custos.Condition{Kind: "red_line", Type: "performance", Title: "Fictional: " + tt.name, Statement: "Fictional.",
				Criterion: tt.criterion, AtRisk: tt.atRisk}
			if tt.program {
				c.ProgramID = p.ID
			} else {
				c.Country = "ML"
			}
			err := db.CreateCondition(ctx, c)
			e, ok := err.(*custos.Error)
			if !ok {
				t.Fatalf("CreateCondition() = %v, want a field error", err)
			}
			got := map[string]bool{}
			for f := range e.Fields {
				got[f] = true
			}
			want := map[string]bool{}
			for f, text := range tt.fields {
				want[f] = true
				wantFieldSays(t, "CreateCondition("+tt.name+")", err, f, text)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("CreateCondition(%s) error fields mismatch (-want +got):\n%s", tt.name, diff)
			}
		})
	}
	// An edit is checked the same way.
	c := &custos.Condition{ProgramID: p.ID, Kind: "red_line", Type: "performance", Title: "Fictional: complaints investigated", Statement: "Fictional.",
		Criterion: `indicator["POL-3"] >= 40.0`}
	must(t, db.CreateCondition(ctx, c))
	c.AtRisk = `indicator["POL-4"] < 20.0`
	err := db.UpdateCondition(ctx, c)
	wantFieldSays(t, "UpdateCondition(unknown indicator in at_risk)", err, "at_risk", `"POL-4"`)
	if e, ok := err.(*custos.Error); ok {
		if _, bad := e.Fields["criterion"]; bad {
			t.Errorf("UpdateCondition(unknown indicator in at_risk) blames the criterion: %v", e.Fields)
		}
	}
}

// testUnknownFilters checks that a country or program that is not
// recorded is refused, naming the parameter, rather than answered with
// nothing as if it had no records.
func testUnknownFilters(t *testing.T, db *store.DB, p *custos.Program) {
	ctx := as(custos.RolePlanner)
	for _, country := range []string{"ZZ", "af", "ml"} {
		_, err := db.Portfolio(ctx, custos.PortfolioFilter{Country: country})
		wantFieldSays(t, "Portfolio(country "+country+")", err, "country", `no country "`+country+`" is recorded`)
		_, err = db.EvaluateConditions(ctx, custos.ConditionFilter{Country: country}, custos.Date{})
		wantFieldSays(t, "EvaluateConditions(country "+country+")", err, "country", `no country "`+country+`" is recorded`)
	}
	_, err := db.EvaluateConditions(ctx, custos.ConditionFilter{ProgramID: 99999999}, custos.Date{})
	wantFieldSays(t, "EvaluateConditions(program 99999999)", err, "program_id", "no program with id 99999999")
	_, err = db.EvaluateConditions(ctx, custos.ConditionFilter{ProgramID: 99999, Country: "QQ"}, custos.Date{})
	wantFieldSays(t, "EvaluateConditions(program 99999, country QQ)", err, "program_id", "no program with id 99999")
	wantFieldSays(t, "EvaluateConditions(program 99999, country QQ)", err, "country", `no country "QQ" is recorded`)

	// Known ones still answer.
	fig, err := db.Portfolio(ctx, custos.PortfolioFilter{Country: "ML"})
	must(t, err)
	if fig.Programs == 0 || fig.WithOutcomeIndicators == 0 {
		t.Errorf("Portfolio(ML) = %+v, want program %d with its outcome indicator counted", fig, p.ID)
	}
	if _, err := db.Portfolio(ctx, custos.PortfolioFilter{}); err != nil {
		t.Errorf("Portfolio(every country) = %v", err)
	}
	if _, err := db.EvaluateConditions(ctx, custos.ConditionFilter{ProgramID: p.ID, Country: "ML"}, custos.Date{}); err != nil {
		t.Errorf("EvaluateConditions(program %d, ML) = %v", p.ID, err)
	}
	// A program the caller may not see is as unknown as one never recorded.
	secret := &custos.Program{Title: "Fictional: restricted program", Country: "ML", Status: "active", Releasability: custos.Protected}
	must(t, db.CreateProgram(admin, secret))
	_, err = db.EvaluateConditions(ctx, custos.ConditionFilter{ProgramID: secret.ID}, custos.Date{})
	wantFieldSays(t, "EvaluateConditions(a program above the caller's clearance)", err, "program_id", "no program with id")
}

// testProgramEvaluationBeforeStart checks that a program cannot be judged
// before it began.
func testProgramEvaluationBeforeStart(t *testing.T, db *store.DB, p *custos.Program) {
	ctx := as(custos.RolePlanner)
	for _, tt := range []struct {
		kind custos.ProgramEvaluationKind
		date custos.Date
		ok   bool
	}{
		{"close", day(2001, 1, 1), false},
		{"decision_point", day(2024, 9, 30), false},
		{"decision_point", day(2024, 10, 1), true},
		{"close", day(2026, 9, 30), true},
	} {
		e := &custos.ProgramEvaluation{ProgramID: p.ID, Kind: tt.kind, Date: tt.date, Outcomes: "Fictional outcomes.", Evaluator: "Fictional Evaluators"}
		err := db.CreateProgramEvaluation(ctx, e)
		what := "CreateProgramEvaluation(" + string(tt.kind) + ", " + tt.date.String() + ")"
		if tt.ok {
			if err != nil {
				t.Errorf("%s = %v, want it recorded", what, err)
			}
			continue
		}
		wantFieldSays(t, what, err, "date", tt.date.String(), "before program", "2024-10-01")
	}
	list, _, err := db.FindProgramEvaluations(ctx, custos.ProgramEvaluationFilter{ProgramID: p.ID})
	must(t, err)
	if len(list) != 2 {
		t.Fatalf("FindProgramEvaluations() = %d, want 2 (the refused ones not recorded)", len(list))
	}
	e := *list[0]
	e.Date = day(2020, 5, 1)
	wantFieldSays(t, "UpdateProgramEvaluation(to before the start)", db.UpdateProgramEvaluation(ctx, &e), "date", "before program")
	// A program with no start date on record can be evaluated any day up
	// to today.
	undated := &custos.Program{Title: "Fictional: undated program", Country: "ML", Status: "active"}
	must(t, db.CreateProgram(ctx, undated))
	must(t, db.CreateProgramEvaluation(ctx, &custos.ProgramEvaluation{ProgramID: undated.ID, Kind: "close", Date: day(2001, 1, 1), Outcomes: "Fictional."}))

	// Nor can the start move after an evaluation on record, by hand or by
	// an import; on or before the earliest evaluation it can.
	earliest := list[0].Date
	for _, e := range list {
		if e.Date.Before(earliest) {
			earliest = e.Date
		}
	}
	moved, err := db.FindProgram(ctx, p.ID)
	must(t, err)
	moved.Start = custos.DateOf(earliest.Time().AddDate(0, 0, 1))
	wantFieldSays(t, "UpdateProgram(start after an evaluation)", db.UpdateProgram(ctx, moved), "start", earliest.String(), "evaluation")
	err = db.Import(admin, &store.ImportRecord{Dataset: "fictional-start"}, func(b *store.Bulk) error { return b.PutProgram(moved) })
	wantFieldSays(t, "Bulk.PutProgram(start after an evaluation)", err, "start", earliest.String())
	after, err := db.FindProgram(ctx, p.ID)
	must(t, err)
	if after.Start != day(2024, 10, 1) {
		t.Errorf("start after the refused updates = %s, want 2024-10-01 unchanged", after.Start)
	}
	moved.Start = earliest
	must(t, db.UpdateProgram(ctx, moved))
	must(t, db.Import(admin, &store.ImportRecord{Dataset: "fictional-start"}, func(b *store.Bulk) error {
		moved.Start = day(2024, 10, 1)
		return b.PutProgram(moved)
	}))
}
