package storetest

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/conditions"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func testConditions(t *testing.T, db *store.DB) {
	db.Now = func() time.Time { return epoch }
	p, _, ind := chain(t, db)
	ctx := as(custos.RolePlanner)
	c := &custos.Condition{ProgramID: p.ID, Kind: "milestone", Type: "performance", Title: "Complaints investigated",
		Deadline: day(2026, 6, 30), Statement: "The IGSS investigates 40% of complaints within 90 days by mid-2026.",
		Criterion: `indicator["POL-3"] >= target["POL-3"]`, AtRisk: `indicator["POL-3"] < baseline["POL-3"]`,
		Consequences: []custos.ConsequenceStep{{Action: "warning"}, {Action: "pause_new_obligations", Text: "No new training cohorts"}},
		Inducements:  []string{"Release the second tranche of forensic equipment"}, ExitStrategy: "Hand the complaints register to the ombudsman."}
	must(t, db.CreateCondition(ctx, c))
	got, err := db.FindCondition(ctx, c.ID)
	must(t, err)
	if diff := cmp.Diff(c, got, cmpopts.IgnoreFields(custos.Condition{}, "CreatedAt", "UpdatedAt")); diff != "" {
		t.Errorf("FindCondition() mismatch (-want +got):\n%s", diff)
	}

	entries := auditCount(t, db)
	for _, tt := range []struct {
		name, criterion, atRisk, field, want string
	}{
		{"syntax", `indicator["POL-3"] >=`, "", "criterion", "line 1, column"},
		{"unknown input", `budget > 3`, "", "criterion", "unknown input"},
		{"not a boolean", `indicator["POL-3"] + 1.0`, "", "criterion", "true or false"},
		{"second line", "true &&\n  incidents.credible(\"tortur\") == 0", "", "criterion", "line 2"},
		{"bad at-risk", `true`, `vetting.denyed > 0`, "at_risk", "line 1"},
		{"too costly", `recipients.all(u, recipients.all(v, recipients.all(w, u != v || v != w)))`, "", "criterion", "too long"},
		{"unknown indicator", `indicator["POL-33"] >= 40.0`, "", "criterion", `no indicator with code "POL-33"`},
		{"unknown target", `indicator["POL-3"] >= target["POL-9"]`, "", "criterion", `no indicator with code "POL-9"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bad := *c
			bad.ID, bad.Criterion, bad.AtRisk = 0, tt.criterion, tt.atRisk
			err := db.CreateCondition(ctx, &bad)
			wantField(t, "CreateCondition("+tt.name+")", err, tt.field)
			if e, ok := err.(*custos.Error); ok && !strings.Contains(e.Fields[tt.field], tt.want) {
				t.Errorf("CreateCondition(%q) %s error = %q, want it to contain %q", tt.criterion, tt.field, e.Fields[tt.field], tt.want)
			}
		})
	}
	if got := auditCount(t, db); got != entries {
		t.Errorf("refused conditions wrote %d audit entries, want 0", got-entries)
	}
	// Reading every indicator (no one code) is checked at evaluation.
	every := *c
	every.ID, every.Criterion = 0, `indicator.all(k, indicator[k] >= 0.0)`
	must(t, db.CreateCondition(ctx, &every))
	must(t, db.DeleteCondition(ctx, every.ID))
	entries = auditCount(t, db)
	both := *c
	both.ID, both.Country = 0, "ML"
	wantField(t, "CreateCondition(program and country)", db.CreateCondition(ctx, &both), "country")

	plan := &custos.Condition{Country: "ML", Kind: "red_line", Type: "policy", Title: "No torture by assisted units",
		Statement: "No credible report of torture by a unit assisted in Mali.", Criterion: `incidents.credible("torture") == 0`,
		Consequences: []custos.ConsequenceStep{{Action: "suspend"}, {Action: "terminate"}}}
	must(t, db.CreateCondition(ctx, plan))
	// A country plan has no indicators, recipients or vetting of its own.
	for _, expr := range []string{`indicator["POL-3"] >= 40.0`, `recipients.size() > 0`, `vetting.denied == 0`} {
		bad := *plan
		bad.ID, bad.Criterion = 0, expr
		err := db.CreateCondition(ctx, &bad)
		wantField(t, "CreateCondition(country plan reading "+expr+")", err, "criterion")
		bad.ID = plan.ID
		wantField(t, "UpdateCondition(country plan reading "+expr+")", db.UpdateCondition(ctx, &bad), "criterion")
	}
	if got, err := db.FindCondition(ctx, plan.ID); err != nil || got.Criterion != plan.Criterion {
		t.Errorf("after refused updates, the plan's criterion = %q (%v), want %q kept", got.Criterion, err, plan.Criterion)
	}
	for _, tt := range []struct {
		f    custos.ConditionFilter
		want int
	}{
		{custos.ConditionFilter{Country: "ML"}, 2},
		{custos.ConditionFilter{ProgramID: p.ID}, 1},
		{custos.ConditionFilter{Kind: "red_line"}, 1},
		{custos.ConditionFilter{DeadlineBefore: day(2026, 7, 1)}, 1},
		{custos.ConditionFilter{Q: "torture"}, 1},
	} {
		list, _, err := db.FindConditions(ctx, tt.f)
		must(t, err)
		if len(list) != tt.want {
			t.Errorf("FindConditions(%+v) = %d, want %d", tt.f, len(list), tt.want)
		}
	}

	// No approved figure yet: the milestone cannot be evaluated; the
	// red line reads incidents, which the store supplies only when it
	// has them.
	run, err := db.EvaluateConditions(ctx, custos.ConditionFilter{}, day(2026, 1, 15))
	must(t, err)
	if run.Evaluated != 2 || run.Counts[custos.ConditionCannotEvaluate] < 1 || len(run.Alerts) != 0 {
		t.Errorf("EvaluateConditions() = %d evaluated, counts %v, %d alerts; want 2, at least one cannot_evaluate, no alert", run.Evaluated, run.Counts, len(run.Alerts))
	}

	analyst, planner := asUser(custos.RoleAnalyst, 7), asUser(custos.RolePlanner, 8)
	m := &custos.Measurement{IndicatorID: ind.ID, PeriodStart: day(2025, 10, 1), PeriodEnd: day(2025, 12, 31), Value: 30, Provenance: "civil_society", Status: "submitted"}
	must(t, db.CreateMeasurement(analyst, m))
	// The figure is approved on 20 January 2026, which re-evaluates the
	// milestone as of that day.
	db.Now = func() time.Time { return time.Date(2026, 1, 20, 9, 0, 0, 0, time.UTC) }
	_, err = db.ReviewMeasurement(planner, m.ID, "approved", "")
	must(t, err)
	db.Now = func() time.Time { return epoch }
	c2, err := db.FindCondition(ctx, c.ID)
	must(t, err)
	if c2.Status == "" || c2.Status == custos.ConditionCannotEvaluate {
		t.Errorf("after approving a measurement, condition status = %q, want it judged on the figure", c2.Status)
	}
	run, err = db.EvaluateConditions(ctx, custos.ConditionFilter{ProgramID: p.ID}, day(2026, 11, 21))
	must(t, err)
	// As of today (21 November 2026, after the deadline), 30 is below the
	// 2026 target of 60.
	if st := run.Evaluations[0].Status; st != custos.ConditionBreached {
		t.Errorf("EvaluateConditions(today) = %q, want breached", st)
	}
	run, err = db.EvaluateConditions(ctx, custos.ConditionFilter{ProgramID: p.ID}, day(2026, 7, 1))
	must(t, err)
	e := run.Evaluations[0]
	if e.Status != custos.ConditionBreached {
		t.Fatalf("EvaluateConditions(2026-07-01) = %s (%s), want breached", e.Status, e.Error)
	}
	wantValues := []custos.InputValue{{Input: "deadline", Value: "2026-06-30"}, {Input: `indicator["POL-3"]`, Value: "30"}, {Input: `target["POL-3"]`, Value: "60"}}
	if diff := cmp.Diff(wantValues, e.Values); diff != "" {
		t.Errorf("evaluation values mismatch (-want +got):\n%s", diff)
	}
	// As of a past date the same condition replays the data then: the
	// measurement ending 2025-12-31 was not there on 2025-11-01.
	run, err = db.EvaluateConditions(ctx, custos.ConditionFilter{ProgramID: p.ID}, day(2025, 11, 1))
	must(t, err)
	if st := run.Evaluations[0].Status; st != custos.ConditionCannotEvaluate {
		t.Errorf("EvaluateConditions(2025-11-01) = %s, want cannot_evaluate (no approved figure then)", st)
	}
	// A look back is history only: today's verdict stands and no one is
	// alerted.
	if len(run.Alerts) != 0 {
		t.Errorf("EvaluateConditions(2025-11-01) alerts = %+v, want none (a past date does not change today's status)", run.Alerts)
	}
	c2, err = db.FindCondition(ctx, c.ID)
	must(t, err)
	if c2.Status != custos.ConditionBreached || c2.StatusAsOf != day(2026, 11, 21) {
		t.Errorf("after evaluating as of 2025-11-01, status = %s as of %v, want breached as of 2026-11-21", c2.Status, c2.StatusAsOf)
	}
	_, err = db.EvaluateConditions(ctx, custos.ConditionFilter{ProgramID: p.ID}, day(2026, 11, 22))
	wantField(t, "EvaluateConditions(tomorrow)", err, "as_of")
	_, err = db.JudgeCondition(ctx, c.ID, day(2027, 1, 1))
	wantField(t, "JudgeCondition(next year)", err, "as_of")
	rep, err := db.ConditionReport(ctx, "")
	must(t, err)
	for _, r := range rep.Rows {
		if r.ConditionID == c.ID && (r.Status != custos.ConditionBreached || r.AsOf != day(2026, 11, 21)) {
			t.Errorf("ConditionReport row = %s as of %v, want breached as of 2026-11-21 (the current verdict, not the look back)", r.Status, r.AsOf)
		}
	}
	evals, _, err := db.FindEvaluations(ctx, custos.EvaluationFilter{ConditionID: c.ID})
	must(t, err)
	if len(evals) < 3 || evals[0].AsOf != day(2025, 11, 1) {
		t.Errorf("FindEvaluations() = %d, newest as of %v; want at least 3, newest 2025-11-01", len(evals), evals[0].AsOf)
	}

	// Decisions on the breach.
	breach, _, err := db.FindEvaluations(ctx, custos.EvaluationFilter{ConditionID: c.ID, Status: custos.ConditionBreached})
	must(t, err)
	if len(breach) == 0 {
		t.Fatal("no breached evaluation recorded")
	}
	d := &custos.ConditionDecision{ConditionID: c.ID, EvaluationID: breach[0].ID, Decision: "waive", Step: 1, Reasons: "The IGSS lost its building in the floods; reassess in 90 days."}
	wantKind(t, "RecordDecision as an analyst", db.RecordDecision(analyst, d), custos.EFORBIDDEN)
	must(t, db.RecordDecision(planner, d))
	bad := &custos.ConditionDecision{ConditionID: c.ID, EvaluationID: evals[0].ID, Decision: "apply", Step: 5, Reasons: "x"}
	err = db.RecordDecision(planner, bad)
	wantField(t, "RecordDecision(no such step)", err, "step")
	wantField(t, "RecordDecision(not a breach)", err, "evaluation_id")
	h, err := db.ConditionHistory(ctx, c.ID)
	must(t, err)
	if len(h.Decisions) != 1 || h.Decisions[0].ApproverID != 8 || len(h.Alerts) != 2 || len(h.Evaluations) != len(evals) {
		// Two alerts: from cannot_evaluate when the figure was approved
		// (judged as of that day, before the deadline), and to breached as
		// of today, after the deadline; replaying the past alerts no one.
		t.Errorf("ConditionHistory() = %d decisions, %d alerts, %d evaluations; want 1 by user 8, 2, %d", len(h.Decisions), len(h.Alerts), len(h.Evaluations), len(evals))
	}
	wantKind(t, "DeleteCondition(with a decision)", db.DeleteCondition(ctx, c.ID), custos.ECONFLICT)
	must(t, db.DeleteCondition(ctx, plan.ID))
	// A condition that alerted someone keeps its history too.
	alerted := &custos.Condition{Country: "ML", Kind: "red_line", Type: "policy", Title: "Fictional: decree in force", Statement: "The decree is in force from November.",
		Criterion: `today >= date("2026-11-01")`}
	must(t, db.CreateCondition(ctx, alerted))
	for _, d := range []custos.Date{day(2026, 10, 1), day(2026, 11, 21)} {
		_, err := db.EvaluateConditions(ctx, custos.ConditionFilter{Country: "ML", Q: "decree in force"}, d)
		must(t, err)
	}
	if a, err := db.FindAlerts(ctx, alerted.ID); err != nil || len(a) != 1 {
		t.Fatalf("FindAlerts() = %d alerts, %v; want one (breached to met)", len(a), err)
	}
	wantKind(t, "DeleteCondition(with an alert)", db.DeleteCondition(ctx, alerted.ID), custos.ECONFLICT)
}

// testLatestApproved checks that the store picks the same latest approved
// figure as the engine's LatestApproved, on ties and breakdowns included.
func testLatestApproved(t *testing.T, db *store.DB) {
	p, _, ind := chain(t, db)
	analyst, planner := asUser(custos.RoleAnalyst, 7), asUser(custos.RolePlanner, 8)
	// The figures are entered and approved on 2 October 2025 (every period
	// has begun by then); the last one, on 10 January 2026, is not seen as
	// of an earlier date.
	db.Now = func() time.Time { return time.Date(2025, 10, 2, 9, 0, 0, 0, time.UTC) }
	defer func() { db.Now = func() time.Time { return epoch } }()
	add := func(start, end custos.Date, v float64, sex string, approve bool) {
		m := &custos.Measurement{IndicatorID: ind.ID, PeriodStart: start, PeriodEnd: end, Value: v, Provenance: "agency", Status: "submitted"}
		if sex != "" {
			m.Disaggregation = map[string]string{"sex": sex}
		}
		must(t, db.CreateMeasurement(analyst, m))
		if approve {
			_, err := db.ReviewMeasurement(planner, m.ID, "approved", "")
			must(t, err)
		}
	}
	add(day(2025, 1, 1), day(2025, 3, 31), 10, "", true)
	add(day(2025, 4, 1), day(2025, 6, 30), 20, "", true)
	add(day(2025, 4, 1), day(2025, 6, 30), 90, "female", true)
	add(day(2025, 7, 1), day(2025, 9, 30), 30, "", false)
	db.Now = func() time.Time { return time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC) }
	add(day(2025, 10, 1), day(2025, 12, 31), 40, "", true)
	c := &custos.Condition{ProgramID: p.ID, Kind: "red_line", Type: "performance", Title: "Floor", Statement: "At least 15%.", Criterion: `indicator["POL-3"] >= 15.0`}
	must(t, db.CreateCondition(as(custos.RolePlanner), c))
	all, _, err := db.FindMeasurements(analyst, custos.MeasurementFilter{IndicatorID: ind.ID})
	must(t, err)
	ms := make([]custos.Measurement, len(all))
	for i, m := range all {
		ms[i] = *m
	}
	for _, asOf := range []custos.Date{day(2025, 3, 30), day(2025, 3, 31), day(2025, 7, 15), day(2025, 12, 31), day(2026, 1, 9), day(2026, 1, 10)} {
		want := conditions.LatestApproved(ms, map[int64]string{ind.ID: ind.Code}, asOf)
		run, err := db.EvaluateConditions(as(custos.RolePlanner), custos.ConditionFilter{ProgramID: p.ID}, asOf)
		must(t, err)
		var got string
		for _, v := range run.Evaluations[0].Values {
			if !strings.HasPrefix(v.Value, "error:") {
				got = v.Value
			}
		}
		wantText := ""
		if v, ok := want["POL-3"]; ok {
			wantText = strconv.FormatFloat(v, 'g', -1, 64)
		}
		if got != wantText {
			t.Errorf("as of %s: store read POL-3 = %q, LatestApproved = %q", asOf, got, wantText)
		}
		if asOf == day(2026, 1, 9) && got != "20" {
			t.Errorf("as of %s: store read POL-3 = %q, want 20 (the figure of 40 was approved the next day)", asOf, got)
		}
	}
}

// testConditionIncidents checks the incidents input: a credible torture
// allegation against a unit under a program's recipient breaches the
// program's red line and the country plan's, and not another country's.
func testConditionIncidents(t *testing.T, db *store.DB) {
	db.Now = func() time.Time { return epoch }
	p, unit := newProgram(t, db)
	company := newActor(t, admin, db, "2e Compagnie", unit.ID, custos.Internal)
	ctx := as(custos.RolePlanner)
	red := func(program int64, country, title string) *custos.Condition {
		c := &custos.Condition{ProgramID: program, Country: country, Kind: "red_line", Type: "policy", Title: title,
			Statement: "No credible report of torture in the last year.", Criterion: `incidents.credible("torture", 365) == 0`}
		must(t, db.CreateCondition(ctx, c))
		return c
	}
	prog, plan, other := red(p.ID, "", "Program red line"), red(0, "ML", "Mali red line"), red(0, "NE", "Niger red line")
	statuses := func(asOf custos.Date) map[int64]custos.ConditionStatus {
		run, err := db.EvaluateConditions(ctx, custos.ConditionFilter{}, asOf)
		must(t, err)
		out := map[int64]custos.ConditionStatus{}
		for _, e := range run.Evaluations {
			out[e.ConditionID] = e.Status
		}
		return out
	}
	met := custos.ConditionMet
	want := map[int64]custos.ConditionStatus{prog.ID: met, plan.ID: met, other.ID: met}
	if diff := cmp.Diff(want, statuses(day(2026, 11, 1))); diff != "" {
		t.Errorf("with no incidents (-want +got):\n%s", diff)
	}
	// The incident is entered on 2 November and judged credible on the
	// 21st.
	at := func(d int) { db.Now = func() time.Time { return time.Date(2026, 11, d, 10, 0, 0, 0, time.UTC) } }
	i := newIncident(company.ID)
	move := func(reason string, to ...custos.VerificationStatus) {
		for _, st := range to {
			_, err := db.TransitionIncident(asUser(custos.RoleAnalyst, 7), i.ID, st, reason)
			must(t, err)
		}
	}
	i.Category, i.Date = "torture", day(2026, 10, 1)
	at(2)
	must(t, db.CreateIncident(admin, i))
	if diff := cmp.Diff(want, statuses(day(2026, 11, 2))); diff != "" {
		t.Errorf("with a reported (not yet credible) incident (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, statuses(day(2026, 11, 1))); diff != "" {
		t.Errorf("as of the day before the incident was entered (-want +got):\n%s", diff)
	}
	at(21)
	move("Two independent witnesses", custos.StatusUnderReview, custos.StatusCredible)
	want = map[int64]custos.ConditionStatus{prog.ID: custos.ConditionBreached, plan.ID: custos.ConditionBreached, other.ID: met}
	if diff := cmp.Diff(want, statuses(day(2026, 11, 21))); diff != "" {
		t.Errorf("with a credible incident by a unit under the recipient (-want +got):\n%s", diff)
	}
	// As of a past date the incidents are as they were known then: on 20
	// November the incident was entered but not yet judged credible.
	// Discounting it on the 22nd and restoring it on the 23rd changes
	// neither what was known on the 21st nor what was known on the 22nd.
	want = map[int64]custos.ConditionStatus{prog.ID: met, plan.ID: met, other.ID: met}
	if diff := cmp.Diff(want, statuses(day(2026, 11, 20))); diff != "" {
		t.Errorf("as of the day before it was judged credible (-want +got):\n%s", diff)
	}
	at(22)
	move("Retracted by both witnesses", custos.StatusUnderReview, custos.StatusDiscounted)
	at(23)
	move("A third witness", custos.StatusUnderReview, custos.StatusCredible)
	at(30)
	defer func() { db.Now = func() time.Time { return epoch } }()
	breached := map[int64]custos.ConditionStatus{prog.ID: custos.ConditionBreached, plan.ID: custos.ConditionBreached, other.ID: met}
	for _, tt := range []struct {
		asOf custos.Date
		want map[int64]custos.ConditionStatus
	}{
		{day(2026, 11, 21), breached},
		{day(2026, 11, 22), want},
		{day(2026, 11, 23), breached},
		{day(2026, 11, 30), breached},
	} {
		if diff := cmp.Diff(tt.want, statuses(tt.asOf)); diff != "" {
			t.Errorf("as of %s, after it was discounted and restored (-want +got):\n%s", tt.asOf, diff)
		}
	}
	// Judging without recording gives the same answers and stores nothing.
	evals, _, err := db.FindEvaluations(ctx, custos.EvaluationFilter{ConditionID: prog.ID})
	must(t, err)
	for _, tt := range []struct {
		asOf custos.Date
		want custos.ConditionStatus
	}{{day(2026, 11, 20), met}, {day(2026, 11, 21), custos.ConditionBreached}, {day(2026, 11, 22), met}} {
		e, err := db.JudgeCondition(as(custos.RoleViewer), prog.ID, tt.asOf)
		must(t, err)
		if e.Status != tt.want || e.AsOf != tt.asOf {
			t.Errorf("JudgeCondition(as of %s) = %s as of %s, want %s", tt.asOf, e.Status, e.AsOf, tt.want)
		}
	}
	after, _, err := db.FindEvaluations(ctx, custos.EvaluationFilter{ConditionID: prog.ID})
	must(t, err)
	if len(after) != len(evals) {
		t.Errorf("JudgeCondition recorded %d evaluations, want none", len(after)-len(evals))
	}
	// A year and a day later the window has passed.
	db.Now = func() time.Time { return time.Date(2027, 10, 2, 10, 0, 0, 0, time.UTC) }
	want = map[int64]custos.ConditionStatus{prog.ID: met, plan.ID: met, other.ID: met}
	if diff := cmp.Diff(want, statuses(day(2027, 10, 2))); diff != "" {
		t.Errorf("after the window (-want +got):\n%s", diff)
	}

	// A protected incident counts whoever sweeps: a planner, who may not
	// read it, gets the analyst's breach (see testConditionClearance), from
	// the same incident indexes, in memory after the first sweep.
	db.Now = func() time.Time { return time.Date(2027, 10, 2, 10, 0, 0, 0, time.UTC) }
	secret := newIncident(company.ID)
	secret.Category, secret.Date, secret.Releasability = "torture", day(2027, 10, 1), custos.Protected
	must(t, db.CreateIncident(admin, secret))
	analyst := asUser(custos.RoleAnalyst, 7)
	for _, st := range []custos.VerificationStatus{custos.StatusUnderReview, custos.StatusCredible} {
		_, err := db.TransitionIncident(analyst, secret.ID, st, "Protected witness")
		must(t, err)
	}
	db.Now = func() time.Time { return time.Date(2027, 10, 5, 10, 0, 0, 0, time.UTC) }
	programStatus := func(ctx context.Context) custos.ConditionStatus {
		run, err := db.EvaluateConditions(ctx, custos.ConditionFilter{ProgramID: p.ID}, day(2027, 10, 5))
		must(t, err)
		return run.Evaluations[0].Status
	}
	for i, tt := range []struct {
		ctx  context.Context
		who  string
		want custos.ConditionStatus
	}{
		{analyst, "analyst", custos.ConditionBreached}, {ctx, "planner", custos.ConditionBreached}, {analyst, "analyst", custos.ConditionBreached}, {ctx, "planner", custos.ConditionBreached},
	} {
		if got := programStatus(tt.ctx); got != tt.want {
			t.Errorf("sweep %d, as the %s: program red line = %s, want %s", i+1, tt.who, got, tt.want)
		}
	}
}
