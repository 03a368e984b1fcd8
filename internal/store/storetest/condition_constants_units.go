package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/google/go-cmp/cmp"
)

// testConditionDeletedUnit checks that a condition naming a unit deleted
// since it was saved cannot be evaluated, with the reason, rather than
// being met on a count of 0; while the unit exists, without incidents, it
// counts 0 and the condition is met.
// The store gives the engine the tree of every unit
// (conditions.NewCompleteUnitTree, built in unitTree of
// evaluation_incidents.go).
func testConditionDeletedUnit(t *testing.T, db *store.DB) {
	db.Now = func() time.Time { return time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC) }
	ctx := as(custos.RolePlanner)
	unit := newActor(t, ctx, db, "Compagnie dissoute", 0, custos.Internal)
	kept := newActor(t, ctx, db, "Compagnie maintenue", 0, custos.Internal)
	deleted := &custos.Condition{Country: "ML", Kind: "red_line", Type: "policy", Title: "Fictional: no incident by the dissolved company",
		Statement: "Fictional red line.", Criterion: fmt.Sprintf(`incidents.unit(%d).count("any") == 0`, unit.ID)}
	must(t, db.CreateCondition(ctx, deleted))
	other := &custos.Condition{Country: "ML", Kind: "red_line", Type: "policy", Title: "Fictional: no incident by the company kept",
		Statement: "Fictional red line.", Criterion: fmt.Sprintf(`incidents.unit(%d).credible("any", 365) == 0`, kept.ID)}
	must(t, db.CreateCondition(ctx, other))
	type verdict struct {
		Status custos.ConditionStatus
		Error  string
	}
	evaluate := func() map[string]verdict {
		t.Helper()
		run, err := db.EvaluateConditions(ctx, custos.ConditionFilter{Country: "ML"}, day(2026, 11, 1))
		must(t, err)
		got := map[string]verdict{}
		for _, e := range run.Evaluations {
			got[e.Criterion] = verdict{e.Status, e.Error}
		}
		return got
	}
	want := map[string]verdict{deleted.Criterion: {Status: custos.ConditionMet}, other.Criterion: {Status: custos.ConditionMet}}
	if diff := cmp.Diff(want, evaluate()); diff != "" {
		t.Errorf("units without incidents (-want +got):\n%s", diff)
	}
	must(t, db.DeleteActor(ctx, unit.ID))
	want[deleted.Criterion] = verdict{custos.ConditionCannotEvaluate,
		fmt.Sprintf("the criterion cannot be evaluated: no unit %d is recorded (deleted, or a wrong id), so its incidents cannot be counted", unit.ID)}
	if diff := cmp.Diff(want, evaluate()); diff != "" {
		t.Errorf("after the unit was deleted (-want +got):\n%s", diff)
	}
}
