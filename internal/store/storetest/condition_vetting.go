package storetest

import (
	"fmt"
	"slices"
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

// testConditionVettingCounts proves each count of the vetting input over
// a program's recipients and participants: a recipient nominated and not
// decided (pending), a participating unit approved (expired once its
// approval lapses), a participating person approved then denied (the
// latest decision counts), a participant of a cancelled activity left
// out, and another program's subjects apart.
func testConditionVettingCounts(t *testing.T, db *store.DB) {
	ctx := as(custos.RolePlanner)
	p, recipient := newProgram(t, db)
	unit := newActor(t, ctx, db, "Escadron blindé", 0, custos.Internal)
	person := &custos.Person{Name: "Fictional Person Vetting-Counts"}
	must(t, db.CreatePerson(ctx, person))
	dropped := &custos.Person{Name: "Fictional Person Cancelled-Course"}
	must(t, db.CreatePerson(ctx, dropped))
	must(t, db.CreateNomination(VetterA, &custos.Nomination{ActorID: recipient.ID, ProgramID: p.ID}))
	ApproveVetting(t, db, p.ID, []int64{unit.ID}, []int64{dropped.ID})
	pn := &custos.Nomination{PersonID: person.ID, ProgramID: p.ID}
	must(t, db.CreateNomination(VetterA, pn))
	Decide(t, db, pn, custos.Approved)
	course := &custos.Activity{ProgramID: p.ID, Kind: "course", Title: "Fictional course", ActorIDs: []int64{unit.ID}, PersonIDs: []int64{person.ID}}
	must(t, db.CreateActivity(ctx, course))
	cancelled := &custos.Activity{ProgramID: p.ID, Kind: "course", Title: "Fictional cancelled course", PersonIDs: []int64{dropped.ID}}
	must(t, db.CreateActivity(ctx, cancelled))
	cancelled.Status = "cancelled"
	must(t, db.UpdateActivity(ctx, cancelled))
	Decide(t, db, pn, custos.Denied)
	dn := &custos.Nomination{PersonID: dropped.ID, ProgramID: p.ID}
	must(t, db.CreateNomination(VetterA, dn))
	Decide(t, db, dn, custos.Denied)
	// Another program's recipient, denied: not this program's.
	otherUnit := newActor(t, ctx, db, "Garde nationale", 0, custos.Internal)
	other := &custos.Program{Title: "Fictional other program", Country: "ML", Status: "active", RecipientIDs: []int64{otherUnit.ID}}
	must(t, db.CreateProgram(ctx, other))
	on := &custos.Nomination{ActorID: otherUnit.ID, ProgramID: other.ID}
	must(t, db.CreateNomination(VetterA, on))
	Decide(t, db, on, custos.Denied)

	criteria := []string{
		"vetting.approved == 1", "vetting.denied == 1", "vetting.pending == 1", "vetting.expired == 0",
		"vetting.denied_recipients == 0", "vetting.unvetted_participants == 1",
	}
	// After the approvals lapse (one year by default), the unit's has
	// expired: it no longer counts as approved.
	later := []string{"vetting.approved == 0", "vetting.expired == 1", "vetting.unvetted_participants == 2", "vetting.pending == 1"}
	byExpr := map[int64]string{}
	for k, expr := range append(criteria, later...) {
		c := &custos.Condition{ProgramID: p.ID, Kind: "red_line", Type: "policy", Title: fmt.Sprintf("Vetting count %d", k),
			Statement: "A vetting count.", Criterion: expr}
		must(t, db.CreateCondition(ctx, c))
		byExpr[c.ID] = expr
	}
	check := func(asOf custos.Date, exprs []string) {
		t.Helper()
		run, err := db.EvaluateConditions(ctx, custos.ConditionFilter{ProgramID: p.ID}, asOf)
		must(t, err)
		got := map[string]custos.ConditionStatus{}
		for _, e := range run.Evaluations {
			if slices.Contains(exprs, byExpr[e.ConditionID]) {
				got[byExpr[e.ConditionID]] = e.Status
			}
		}
		want := map[string]custos.ConditionStatus{}
		for _, expr := range exprs {
			want[expr] = custos.ConditionMet
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("vetting counts as of %s (-want +got):\n%s", asOf, diff)
		}
	}
	check(custos.DateOf(time.Now()), criteria)
	// A year and a month on (by the store's clock too, since a condition
	// is judged as of today or earlier), the approvals have expired.
	db.Now = func() time.Time { return time.Now().AddDate(1, 1, 0) }
	defer func() { db.Now = time.Now }()
	check(custos.DateOf(time.Now().AddDate(1, 1, 0)), later)
}
