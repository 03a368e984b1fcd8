package storetest

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
)

// testConditionRecipients proves that the units a program assists are its
// recipients and the units taking part in its activities, and that a
// program with none recorded cannot have a red line over them judged met:
// "every recipient is clean" over no recipient says nothing.
func testConditionRecipients(t *testing.T, db *store.DB) {
	p, _ := newProgram(t, db)
	ctx := as(custos.RolePlanner)
	bare := *p
	bare.ID, bare.Title, bare.RecipientIDs = 0, "Fictional: program with units on its activities only", nil
	must(t, db.CreateProgram(ctx, &bare))
	exprs := []string{`recipients.all(u, incidents.unit(u).credible("torture") == 0)`, `incidents.credible("torture") == 0`}
	ids := map[int64]string{}
	for _, expr := range exprs {
		c := &custos.Condition{ProgramID: bare.ID, Kind: "red_line", Type: "policy", Title: "Fictional: no torture", Statement: "No credible report of torture.", Criterion: expr}
		must(t, db.CreateCondition(ctx, c))
		ids[c.ID] = expr
	}
	statuses := func() (map[string]custos.ConditionStatus, map[string]string) {
		run, err := db.EvaluateConditions(ctx, custos.ConditionFilter{ProgramID: bare.ID}, custos.Date{})
		must(t, err)
		got, recipients := map[string]custos.ConditionStatus{}, map[string]string{}
		for _, e := range run.Evaluations {
			got[ids[e.ConditionID]] = e.Status
			for _, v := range e.Values {
				if v.Input == "recipients" {
					recipients[ids[e.ConditionID]] = v.Value
				}
			}
		}
		return got, recipients
	}
	got, _ := statuses()
	want := map[string]custos.ConditionStatus{exprs[0]: custos.ConditionCannotEvaluate, exprs[1]: custos.ConditionCannotEvaluate}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("a program with no units recorded (-want +got):\n%s", diff)
	}
	unit := newActor(t, ctx, db, "Fictional: 4e Compagnie", 0, custos.Internal)
	ApproveVetting(t, db, bare.ID, []int64{unit.ID}, nil)
	course := &custos.Activity{ProgramID: bare.ID, Kind: "course", Title: "Fictional course", ActorIDs: []int64{unit.ID}}
	must(t, db.CreateActivity(ctx, course))
	got, recipients := statuses()
	want = map[string]custos.ConditionStatus{exprs[0]: custos.ConditionMet, exprs[1]: custos.ConditionMet}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("a program whose activity names a unit (-want +got):\n%s", diff)
	}
	if r := recipients[exprs[0]]; r != fmt.Sprintf("[%d]", unit.ID) {
		t.Errorf("recipients value = %q, want [%d] (the activity's unit)", r, unit.ID)
	}
}
