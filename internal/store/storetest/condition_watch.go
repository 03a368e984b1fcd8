package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
)

// testConditionWatch proves that the watch keeps statuses current without
// anyone asking: a full sweep on its first step and on each new day, then
// only when the audit trail shows a change an expression reads (an
// incident judged credible), with an alert; nothing when nothing changed.
func testConditionWatch(t *testing.T, db *store.DB) {
	db.Now = func() time.Time { return epoch }
	defer func() { db.Now = func() time.Time { return epoch } }()
	p, unit := newProgram(t, db)
	ctx := as(custos.RolePlanner)
	red := &custos.Condition{ProgramID: p.ID, Kind: "red_line", Type: "policy", Title: "Fictional: no torture by the recipient",
		Statement: "No credible report of torture.", Criterion: `incidents.credible("torture") == 0`}
	must(t, db.CreateCondition(ctx, red))
	sys := custos.WithPrincipal(ctx, custos.System)
	var w store.ConditionWatch
	step := func(what string) (evaluated []int64, alerts []custos.ConditionStatus) {
		t.Helper()
		run, err := db.WatchConditions(sys, &w)
		if err != nil {
			t.Fatalf("WatchConditions(%s): %v", what, err)
		}
		if run == nil {
			return nil, nil
		}
		for _, e := range run.Evaluations {
			if e.ConditionID == red.ID {
				evaluated = append(evaluated, e.ConditionID)
			}
		}
		for _, a := range run.Alerts {
			if a.ConditionID == red.ID {
				alerts = append(alerts, a.Status)
			}
		}
		return evaluated, alerts
	}
	type result struct {
		Evaluated bool
		Alerts    []custos.ConditionStatus
	}
	check := func(what string, want result) {
		t.Helper()
		ev, al := step(what)
		if diff := cmp.Diff(want, result{len(ev) > 0, al}); diff != "" {
			t.Errorf("WatchConditions(%s) (-want +got):\n%s", what, diff)
		}
	}
	check("first step: a full sweep", result{Evaluated: true})
	if c, err := db.FindCondition(ctx, red.ID); err != nil || c.Status != custos.ConditionMet {
		t.Fatalf("after the first step, status = %v, %v; want met", c, err)
	}
	check("nothing changed", result{})
	// A change no expression reads (an organization) evaluates nothing.
	must(t, db.CreateOrganization(ctx, &custos.Organization{Name: "Fictional Watch Institute", Kind: "implementer", Country: "US"}))
	check("an organization added", result{})

	i := newIncident(unit.ID)
	i.Category, i.Date = "torture", day(2026, 10, 1)
	must(t, db.CreateIncident(admin, i))
	check("a reported incident", result{Evaluated: true})
	for _, st := range []custos.VerificationStatus{custos.StatusUnderReview, custos.StatusCredible} {
		_, err := db.TransitionIncident(asUser(custos.RoleAnalyst, 7), i.ID, st, "Two independent witnesses")
		must(t, err)
	}
	check("the incident judged credible", result{Evaluated: true, Alerts: []custos.ConditionStatus{custos.ConditionBreached}})
	if c, err := db.FindCondition(ctx, red.ID); err != nil || c.Status != custos.ConditionBreached || c.StatusAsOf != day(2026, 11, 21) {
		t.Fatalf("after the incident was judged credible, status = %+v, %v; want breached as of 2026-11-21", c, err)
	}
	// An alert is not an edit of the condition: the watch is quiet after it.
	check("after the alert", result{})
	db.Now = func() time.Time { return epoch.AddDate(0, 0, 1) }
	check("a new day: a full sweep", result{Evaluated: true})
}
