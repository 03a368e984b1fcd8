package storetest

import (
	"testing"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/google/go-cmp/cmp"
)

// testConditionVetting proves that conditions read the Leahy vetting of a
// program's recipients and participants as of the evaluation date.
func testConditionVetting(t *testing.T, db *store.DB) {
	p, unit := newProgram(t, db)
	ctx := as(custos.RolePlanner)
	red := &custos.Condition{ProgramID: p.ID, Kind: "red_line", Type: "policy", Title: "No barred recipient",
		Statement: "No recipient unit is denied under the Leahy laws.", Criterion: `vetting.denied_recipients == 0`}
	must(t, db.CreateCondition(ctx, red))
	cleared := &custos.Condition{ProgramID: p.ID, Kind: "red_line", Type: "performance", Title: "Every recipient vetted",
		Statement: "Every recipient holds an approved vetting in force.", Criterion: `vetting.approved >= 1 && vetting.pending == 0`}
	must(t, db.CreateCondition(ctx, cleared))
	statuses := func(asOf custos.Date) map[string]custos.ConditionStatus {
		run, err := db.EvaluateConditions(ctx, custos.ConditionFilter{ProgramID: p.ID}, asOf)
		must(t, err)
		out := map[string]custos.ConditionStatus{}
		for _, e := range run.Evaluations {
			if e.ConditionID == red.ID {
				out["red"] = e.Status
			} else {
				out["cleared"] = e.Status
			}
		}
		return out
	}
	today := custos.DateOf(time.Now())
	if diff := cmp.Diff(map[string]custos.ConditionStatus{"red": custos.ConditionMet, "cleared": custos.ConditionBreached}, statuses(today)); diff != "" {
		t.Errorf("before any vetting (-want +got):\n%s", diff)
	}
	n := &custos.Nomination{ActorID: unit.ID, ProgramID: p.ID}
	must(t, db.CreateNomination(VetterA, n))
	Decide(t, db, n, custos.Denied)
	if diff := cmp.Diff(map[string]custos.ConditionStatus{"red": custos.ConditionBreached, "cleared": custos.ConditionBreached}, statuses(today)); diff != "" {
		t.Errorf("after the recipient was denied (-want +got):\n%s", diff)
	}
	// As of a day before any decision, the denial had not happened.
	yesterday := custos.DateOf(time.Now().AddDate(0, 0, -1))
	if diff := cmp.Diff(map[string]custos.ConditionStatus{"red": custos.ConditionMet, "cleared": custos.ConditionBreached}, statuses(yesterday)); diff != "" {
		t.Errorf("as of the day before the denial (-want +got):\n%s", diff)
	}
}
