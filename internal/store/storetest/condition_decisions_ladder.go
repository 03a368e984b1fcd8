package storetest

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/google/go-cmp/cmp"
)

// testConditionDecisionsLadder checks that the decisions on a condition's
// breaches cannot contradict each other: one breach takes one decision per
// step (the first stands, naming itself when a second is refused), and once
// a terminate step is applied the condition takes no further decision.
// Stepping down the ladder on a later breach stays allowed, with reasons.
func testConditionDecisionsLadder(t *testing.T, db *store.DB) {
	db.Now = func() time.Time { return epoch }
	t.Run("Sequence", func(t *testing.T) { testDecisionSequence(t, db) })
	t.Run("ReviewerCase", func(t *testing.T) { testDecisionReviewerCase(t, db) })
	t.Run("Concurrent", func(t *testing.T) { testDecisionsConcurrent(t, db) })
}

// ladderCondition creates a red line with the standard four-step ladder,
// breached as of each of the given dates, and returns it with the breach
// evaluations in date order.
func ladderCondition(t *testing.T, db *store.DB, title string, dates ...custos.Date) (*custos.Condition, []int64) {
	t.Helper()
	ctx := as(custos.RolePlanner)
	c := &custos.Condition{Country: "ML", Kind: "red_line", Type: "policy", Title: title,
		Statement: "Fictional red line: the detainee registers are published from 2030.", Criterion: `today >= date("2030-01-01")`,
		Consequences: []custos.ConsequenceStep{{Action: "warning"}, {Action: "pause_new_obligations", Text: "no new training cohorts"}, {Action: "suspend"}, {Action: "terminate"}}}
	must(t, db.CreateCondition(ctx, c))
	var evals []int64
	for _, d := range dates {
		run, err := db.EvaluateConditions(ctx, custos.ConditionFilter{Country: "ML", Q: title}, d)
		must(t, err)
		if len(run.Evaluations) != 1 || run.Evaluations[0].Status != custos.ConditionBreached {
			t.Fatalf("EvaluateConditions(%s) = %+v, want one breach", d, run.Evaluations)
		}
		evals = append(evals, run.Evaluations[0].ID)
	}
	return c, evals
}

// decisionOutcome is what a test compares of RecordDecision's answer.
type decisionOutcome struct {
	Kind   string   // empty when recorded
	Fields []string // the fields the error names, sorted
}

func outcomeOf(err error) decisionOutcome {
	if err == nil {
		return decisionOutcome{}
	}
	o := decisionOutcome{Kind: custos.ErrorKind(err)}
	if e, ok := err.(*custos.Error); ok {
		for k := range e.Fields {
			o.Fields = append(o.Fields, k)
		}
		slices.Sort(o.Fields)
	}
	return o
}

func testDecisionSequence(t *testing.T, db *store.DB) {
	planner := asUser(custos.RolePlanner, 8)
	c, ev := ladderCondition(t, db, "Fictional: ladder sequence",
		day(2026, 11, 17), day(2026, 11, 18), day(2026, 11, 19), day(2026, 11, 20), day(2026, 11, 21))
	recorded := map[string]int64{} // case name -> decision id
	// The cases run in order on one condition: each sees the decisions
	// recorded by the cases above it.
	for _, tt := range []struct {
		name     string
		eval     int // index into ev
		decision custos.DecisionKind
		step     int
		want     decisionOutcome
		// says maps a refused field to words its reason must contain;
		// "#name" stands for "decision <id of case name>".
		says map[string][]string
	}{
		{name: "warning on the first breach", eval: 0, decision: "apply", step: 0},
		{name: "waiver of the same step on the same breach", eval: 0, decision: "waive", step: 0,
			want: decisionOutcome{custos.ECONFLICT, []string{"step"}},
			says: map[string][]string{"step": {"#warning on the first breach", "applied step 1 (warning)", "already decided", "later breach"}}},
		{name: "the same step applied twice on the same breach", eval: 0, decision: "apply", step: 0,
			want: decisionOutcome{custos.ECONFLICT, []string{"step"}},
			says: map[string][]string{"step": {"#warning on the first breach", "stands"}}},
		{name: "another step of the same breach", eval: 0, decision: "apply", step: 1},
		{name: "suspension on the second breach", eval: 1, decision: "apply", step: 2},
		{name: "warning on the third breach, stepping down", eval: 2, decision: "apply", step: 0},
		{name: "termination waived on the third breach", eval: 2, decision: "waive", step: 3},
		{name: "termination applied on the fourth breach", eval: 3, decision: "apply", step: 3},
		{name: "termination waived on the breach it was applied on", eval: 3, decision: "waive", step: 3,
			want: decisionOutcome{custos.ECONFLICT, []string{"decision", "step"}},
			says: map[string][]string{
				"step":     {"#termination applied on the fourth breach", "applied step 4 (terminate)"},
				"decision": {"#termination applied on the fourth breach", "is terminated"},
			}},
		{name: "warning on a later breach after termination", eval: 4, decision: "apply", step: 0,
			want: decisionOutcome{custos.ECONFLICT, []string{"decision"}},
			says: map[string][]string{"decision": {"#termination applied on the fourth breach", "no further decisions"}}},
		{name: "termination applied again on a later breach", eval: 4, decision: "apply", step: 3,
			want: decisionOutcome{custos.ECONFLICT, []string{"decision"}},
			says: map[string][]string{"decision": {"#termination applied on the fourth breach"}}},
		{name: "waiver on an earlier breach after termination", eval: 0, decision: "waive", step: 2,
			want: decisionOutcome{custos.ECONFLICT, []string{"decision"}},
			says: map[string][]string{"decision": {"#termination applied on the fourth breach"}}},
		// A decision that is invalid in itself is refused as before,
		// before it is checked against the others.
		{name: "step off the ladder after termination", eval: 4, decision: "apply", step: 9,
			want: decisionOutcome{custos.EINVALID, []string{"step"}},
			says: map[string][]string{"step": {"does not exist"}}},
		{name: "unknown decision after termination", eval: 4, decision: "ignore", step: 0,
			want: decisionOutcome{custos.EINVALID, []string{"decision"}}},
	} {
		d := &custos.ConditionDecision{ConditionID: c.ID, EvaluationID: ev[tt.eval], Decision: tt.decision, Step: tt.step,
			Reasons: "Fictional: " + tt.name + "."}
		err := db.RecordDecision(planner, d)
		if diff := cmp.Diff(tt.want, outcomeOf(err)); diff != "" {
			t.Errorf("%s: RecordDecision() outcome (-want +got):\n%s\nerror: %v", tt.name, diff, err)
			continue
		}
		if err == nil {
			recorded[tt.name] = d.ID
			continue
		}
		for field, words := range tt.says {
			for i, w := range words {
				if name, ok := strings.CutPrefix(w, "#"); ok {
					id, ok := recorded[name]
					if !ok {
						t.Fatalf("%s: no case %q recorded", tt.name, name)
					}
					words[i] = fmt.Sprintf("decision %d ", id)
				}
			}
			wantFieldSays(t, tt.name, err, field, words...)
		}
	}

	// Only the accepted decisions are on record.
	list, err := db.FindDecisions(planner, c.ID)
	must(t, err)
	var got []int64
	for _, d := range list {
		got = append(got, d.ID)
	}
	var want []int64
	for _, id := range recorded {
		want = append(want, id)
	}
	slices.Sort(got)
	slices.Sort(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("FindDecisions() ids (-want +got):\n%s", diff)
	}
}

// testDecisionReviewerCase replays the reviewer's report: apply terminate,
// waive it on the same breach, apply a warning on a later breach, apply
// terminate again. Only the first is recorded, and the report's latest
// decision is that termination.
func testDecisionReviewerCase(t *testing.T, db *store.DB) {
	ctx, planner := as(custos.RolePlanner), asUser(custos.RolePlanner, 8)
	c, ev := ladderCondition(t, db, "Fictional: reviewer case", day(2026, 11, 20), day(2026, 11, 21))
	steps := []struct {
		eval     int
		decision custos.DecisionKind
		step     int
		want     decisionOutcome
	}{
		{0, "apply", 3, decisionOutcome{}},
		{0, "waive", 3, decisionOutcome{custos.ECONFLICT, []string{"decision", "step"}}},
		{1, "apply", 0, decisionOutcome{custos.ECONFLICT, []string{"decision"}}},
		{1, "apply", 3, decisionOutcome{custos.ECONFLICT, []string{"decision"}}},
	}
	var got, want []decisionOutcome
	for _, s := range steps {
		err := db.RecordDecision(planner, &custos.ConditionDecision{ConditionID: c.ID, EvaluationID: ev[s.eval], Decision: s.decision, Step: s.step,
			Reasons: "Fictional reasons."})
		got, want = append(got, outcomeOf(err)), append(want, s.want)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("RecordDecision() outcomes (-want +got):\n%s", diff)
	}
	list, err := db.FindDecisions(ctx, c.ID)
	must(t, err)
	if len(list) != 1 || list[0].Decision != "apply" || list[0].Step != 3 {
		t.Errorf("FindDecisions() = %+v, want the termination alone", list)
	}
	rep, err := db.ConditionReport(ctx, "ML")
	must(t, err)
	for _, r := range rep.Rows {
		if r.ConditionID == c.ID {
			if want := "apply step 4 of 4, terminate (2026-11-21)"; r.Decision != want {
				t.Errorf("report decision = %q, want %q", r.Decision, want)
			}
		}
	}
}

// testDecisionsConcurrent records the same decision from several callers at
// once, in rounds over several breaches and steps: each time exactly one is
// recorded and the others are refused as conflicts.
func testDecisionsConcurrent(t *testing.T, db *store.DB) {
	planner := asUser(custos.RolePlanner, 8)
	c, ev := ladderCondition(t, db, "Fictional: concurrent decisions",
		day(2026, 11, 17), day(2026, 11, 18), day(2026, 11, 19), day(2026, 11, 20), day(2026, 11, 21))
	const n = 8
	rounds := 0
	for _, e := range ev {
		for step := range 3 { // not the termination, which would end the rounds
			errs := make([]error, n)
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() {
					<-start
					errs[i] = db.RecordDecision(planner, &custos.ConditionDecision{ConditionID: c.ID, EvaluationID: e, Decision: "apply", Step: step,
						Reasons: fmt.Sprintf("Fictional: caller %d.", i)})
				})
			}
			close(start)
			wg.Wait()
			rounds++
			kinds := map[string]int{}
			for _, err := range errs {
				kinds[custos.ErrorKind(err)]++
			}
			if diff := cmp.Diff(map[string]int{"": 1, custos.ECONFLICT: n - 1}, kinds); diff != "" {
				t.Errorf("evaluation %d, step %d: concurrent RecordDecision() error kinds (-want +got):\n%s\nerrors: %v", e, step, diff, errs)
			}
		}
	}
	list, err := db.FindDecisions(planner, c.ID)
	must(t, err)
	if len(list) != rounds {
		t.Errorf("FindDecisions() = %d decisions, want %d, one a round", len(list), rounds)
	}
}
