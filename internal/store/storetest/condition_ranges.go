package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/google/go-cmp/cmp"
)

// testConditionIncidentsInRanges reads the incidents of a sweep one id at
// a time (store.PairChunk = 1), which splits the range of ids between two
// connections, and checks that every incident and every perpetrator link
// is counted once: a gap or an overlap between the ranges would change the
// counts the conditions test.
func testConditionIncidentsInRanges(t *testing.T, db *store.DB) {
	defer func(n int64) { store.PairChunk = n }(store.PairChunk)
	store.PairChunk = 1
	db.Now = func() time.Time { return time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC) }
	_, unit := newProgram(t, db)
	for k := range 7 {
		i := newIncident(0)
		if k < 4 {
			i = newIncident(unit.ID)
		}
		must(t, db.CreateIncident(analyst, i))
		if k < 2 {
			for _, to := range []custos.VerificationStatus{custos.StatusUnderReview, custos.StatusCredible} {
				_, err := db.TransitionIncident(analyst, i.ID, to, "two independent witnesses")
				must(t, err)
			}
		}
	}
	ctx := as(custos.RolePlanner)
	criteria := []string{
		`incidents.count("any") == 7`,
		`incidents.credible("any") == 2`,
		fmt.Sprintf(`incidents.unit(%d).count("any") == 4`, unit.ID),
		fmt.Sprintf(`incidents.unit(%d).credible("any") == 2`, unit.ID),
	}
	want := map[string]custos.ConditionStatus{}
	for k, expr := range criteria {
		c := &custos.Condition{Country: "ML", Kind: "red_line", Type: "policy", Title: fmt.Sprintf("Counted once %d", k),
			Statement: "Each incident is counted once.", Criterion: expr}
		must(t, db.CreateCondition(ctx, c))
		want[expr] = custos.ConditionMet
	}
	run, err := db.EvaluateConditions(ctx, custos.ConditionFilter{Country: "ML"}, custos.Date{Year: 2026, Month: 11, Day: 1})
	must(t, err)
	got := map[string]custos.ConditionStatus{}
	for _, e := range run.Evaluations {
		c, err := db.FindCondition(ctx, e.ConditionID)
		must(t, err)
		got[c.Criterion] = e.Status
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("statuses with the incidents read in ranges (-want +got):\n%s", diff)
	}
}
