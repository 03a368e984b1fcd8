package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

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

// testConditionClearance proves that a condition's status is the data's
// answer whoever asks: a planner, who may not read a protected incident,
// evaluates a red line over it and gets (and records) the same breach as
// the scheduled sweep, and a reader asking for a past date gets the status
// the sweep recorded. What the evaluation shows is counts, never the
// incident.
func testConditionClearance(t *testing.T, db *store.DB) {
	p, unit := newProgram(t, db)
	planner := as(custos.RolePlanner)
	c := &custos.Condition{ProgramID: p.ID, Kind: "red_line", Type: "policy", Title: "Fictional: no killings", Statement: "No credible report of an extrajudicial killing.",
		Criterion: `incidents.credible("extrajudicial_killing") == 0`}
	must(t, db.CreateCondition(planner, c))
	i := newIncident(unit.ID)
	i.Releasability = custos.Protected
	must(t, db.CreateIncident(analyst, i))
	for _, s := range []custos.VerificationStatus{custos.StatusUnderReview, custos.StatusCredible} {
		_, err := db.TransitionIncident(analyst, i.ID, s, "fictional test step")
		must(t, err)
	}
	if _, err := db.FindIncident(planner, i.ID); err == nil {
		t.Fatal("the planner reads the protected incident; the test needs one it cannot read")
	}
	statusOf := func(ctx context.Context) custos.ConditionStatus {
		t.Helper()
		run, err := db.EvaluateConditions(ctx, custos.ConditionFilter{ProgramID: p.ID}, custos.Date{})
		must(t, err)
		if len(run.Evaluations) != 1 {
			t.Fatalf("%d evaluations, want 1", len(run.Evaluations))
		}
		for _, v := range run.Evaluations[0].Values {
			if strings.Contains(v.Value, i.Title) || strings.Contains(v.Value, "Witness A") {
				t.Errorf("value %+v shows the protected incident", v)
			}
		}
		return run.Evaluations[0].Status
	}
	if got := statusOf(admin); got != custos.ConditionBreached {
		t.Fatalf("the sweep's status = %s, want breached", got)
	}
	if got := statusOf(planner); got != custos.ConditionBreached {
		t.Errorf("the planner's evaluation = %s, want breached, as the sweep found", got)
	}
	got, err := db.FindCondition(planner, c.ID)
	must(t, err)
	if got.Status != custos.ConditionBreached {
		t.Errorf("stored status after the planner's evaluation = %s, want breached", got.Status)
	}
	e, err := db.JudgeCondition(as(custos.RoleViewer), c.ID, custos.DateOf(time.Now()))
	must(t, err)
	if e.Status != custos.ConditionBreached {
		t.Errorf("a viewer's judgement = %s, want breached", e.Status)
	}
}
