package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
)

// wantFieldText fails unless err names field with a reason containing text.
func wantFieldText(t *testing.T, what string, err error, field, text string) {
	t.Helper()
	e, ok := err.(*custos.Error)
	if !ok {
		t.Errorf("%s: error = %v, want a *custos.Error naming %q", what, err, field)
		return
	}
	if reason, ok := e.Fields[field]; !ok || !strings.Contains(reason, text) {
		t.Errorf("%s: error = %v, want field %q saying %q", what, err, field, text)
	}
}

func nominate(t *testing.T, db *store.DB, n *custos.Nomination) *custos.Nomination {
	t.Helper()
	must(t, db.CreateNomination(VetterA, n))
	return n
}

// testVettingInterlock checks that a unit or person joins an activity, and
// an activity is marked delivered, only with an approved vetting in force,
// and that each refusal names the participant's field and says why:
// missing, pending, denied, suspended, or expired since a date.
func testVettingInterlock(t *testing.T, db *store.DB) {
	planner := as(custos.RolePlanner)
	p, unit := newProgram(t, db)
	person := &custos.Person{Name: "Fatoumata Traoré"}
	must(t, db.CreatePerson(planner, person))
	act := func(actors, persons []int64) *custos.Activity {
		return &custos.Activity{ProgramID: p.ID, Kind: "course", Title: "Law of armed conflict", ActorIDs: actors, PersonIDs: persons}
	}
	before := auditCount(t, db)
	wantFieldText(t, "CreateActivity(unit never vetted)", db.CreateActivity(planner, act([]int64{unit.ID}, nil)), "actor_ids[0]", "has no Leahy vetting")
	wantFieldText(t, "CreateActivity(person never vetted)", db.CreateActivity(planner, act(nil, []int64{person.ID})), "person_ids[0]", "has no Leahy vetting")
	if got := auditCount(t, db); got != before {
		t.Errorf("refused activities wrote %d audit entries, want 0", got-before)
	}
	n := nominate(t, db, &custos.Nomination{ActorID: unit.ID, ProgramID: p.ID})
	wantFieldText(t, "CreateActivity(pending)", db.CreateActivity(planner, act([]int64{unit.ID}, nil)), "actor_ids[0]", "pending")
	_, err := db.ScreenNominations(VetterA, []int64{n.ID})
	must(t, err)
	d := &custos.VettingDecision{NominationID: n.ID, Outcome: custos.Approved, Reason: "no derogatory information"}
	must(t, db.ProposeDecision(VetterA, d))
	wantFieldText(t, "CreateActivity(proposed, not concurred)", db.CreateActivity(planner, act([]int64{unit.ID}, nil)), "actor_ids[0]", "pending")
	_, err = db.ConcurDecision(VetterB, d.ID, "agreed")
	must(t, err)
	ok := act([]int64{unit.ID}, nil)
	must(t, db.CreateActivity(planner, ok))

	// A person added later must be vetted; the unit already there is not
	// checked again until the activity is delivered.
	ok.PersonIDs = []int64{person.ID}
	wantFieldText(t, "UpdateActivity(add person never vetted)", db.UpdateActivity(planner, ok), "person_ids[0]", "has no Leahy vetting")
	other := &custos.Program{Title: "Fictional other program", Country: "ML"}
	must(t, db.CreateProgram(planner, other))
	wantField(t, "CreateNomination(activity of another program)", db.CreateNomination(VetterA, &custos.Nomination{PersonID: person.ID, ActivityID: ok.ID, ProgramID: other.ID}), "program_id")
	pn := nominate(t, db, &custos.Nomination{PersonID: person.ID, ActivityID: ok.ID})
	if pn.ProgramID != ok.ProgramID {
		t.Errorf("nomination for activity %d: program %d, want the activity's program %d", ok.ID, pn.ProgramID, ok.ProgramID)
	}
	Decide(t, db, pn, custos.Suspended)
	wantFieldText(t, "UpdateActivity(add suspended person)", db.UpdateActivity(planner, ok), "person_ids[0]", "was suspended")
	ok.PersonIDs = nil

	// The unit's approval expires: delivering is refused, naming the date.
	now := db.Now
	t.Cleanup(func() { db.Now = now })
	db.Now = func() time.Time { return time.Now().AddDate(2, 0, 0) }
	ok.Status = "delivered"
	err = db.UpdateActivity(planner, ok)
	wantFieldText(t, "UpdateActivity(delivered, approval expired)", err, "actor_ids[0]", "expired since "+custos.DateOf(d.ExpiresOn.Time().AddDate(0, 0, 1)).String())
	if e, _ := err.(*custos.Error); e == nil || !strings.Contains(e.Message, "delivered") {
		t.Errorf("UpdateActivity(delivered, approval expired) = %v, want a message saying it cannot be delivered", err)
	}
	ok.Status = "in_progress"
	ok.Location = "Bamako"
	must(t, db.UpdateActivity(planner, ok)) // no participant added, not delivered
	db.Now = now

	// A later denial in force replaces the approval.
	n2 := nominate(t, db, &custos.Nomination{ActorID: unit.ID, ProgramID: p.ID})
	Decide(t, db, n2, custos.Denied)
	wantFieldText(t, "CreateActivity(denied)", db.CreateActivity(planner, act([]int64{unit.ID}, nil)), "actor_ids[0]", "was denied")
	ok.Status = "delivered"
	wantFieldText(t, "UpdateActivity(delivered, denied)", db.UpdateActivity(planner, ok), "actor_ids[0]", "was denied")

	st, err := db.ActivityVetting(planner, ok.ID)
	must(t, err)
	if len(st) != 1 || st[0].State != custos.VettingState(custos.Denied) || st[0].Field != "actor_ids[0]" {
		t.Errorf("ActivityVetting = %+v, want the unit denied", st)
	}
	_, err = db.ActivityVetting(as(custos.RolePartner), ok.ID)
	wantKind(t, "ActivityVetting(partner)", err, custos.EFORBIDDEN)
	_, err = db.ActivityVetting(custos.WithPrincipal(t.Context(), custos.Anonymous), ok.ID)
	wantKind(t, "ActivityVetting(anonymous)", err, custos.EUNAUTHORIZED)
}

// testVettingFourEyes checks that a decision takes effect only when a
// second, different vetter concurs, once, and that an approval needs a
// screened nomination with every hit judged.
func testVettingFourEyes(t *testing.T, db *store.DB) {
	p, unit := newProgram(t, db)
	n := nominate(t, db, &custos.Nomination{ActorID: unit.ID, ProgramID: p.ID})
	wantField(t, "ProposeDecision(approve unscreened)", db.ProposeDecision(VetterA, &custos.VettingDecision{NominationID: n.ID, Outcome: custos.Approved, Reason: "x"}), "outcome")
	wantField(t, "ProposeDecision(no reason)", db.ProposeDecision(VetterA, &custos.VettingDecision{NominationID: n.ID, Outcome: custos.Denied}), "reason")
	wantField(t, "ProposeDecision(denial without evidence)", db.ProposeDecision(VetterA, &custos.VettingDecision{NominationID: n.ID, Outcome: custos.Denied, Reason: "x"}), "evidence")
	wantField(t, "ProposeDecision(suspension without evidence)", db.ProposeDecision(VetterA, &custos.VettingDecision{NominationID: n.ID, Outcome: custos.Suspended, Reason: "x"}), "evidence")
	wantField(t, "ProposeDecision(evidence naming no list entry)", db.ProposeDecision(VetterA, &custos.VettingDecision{NominationID: n.ID, Outcome: custos.Denied, Reason: "x",
		Evidence: []string{"https://example.org/report", "list:98765"}}), "evidence[1]")
	wantField(t, "ProposeDecision(evidence naming no incident)", db.ProposeDecision(VetterA, &custos.VettingDecision{NominationID: n.ID, Outcome: custos.Denied, Reason: "x",
		Evidence: []string{"incident:98765:actor:1"}}), "evidence[0]")
	wantField(t, "ProposeDecision(unknown outcome)", db.ProposeDecision(VetterA, &custos.VettingDecision{NominationID: n.ID, Outcome: "maybe", Reason: "x"}), "outcome")
	wantField(t, "ProposeDecision(no nomination)", db.ProposeDecision(VetterA, &custos.VettingDecision{NominationID: 98765, Outcome: custos.Denied, Reason: "x", Evidence: []string{"https://example.org/fictional-report"}}), "nomination_id")
	wantField(t, "ProposeDecision(expired)", db.ProposeDecision(VetterA, &custos.VettingDecision{NominationID: n.ID, Outcome: custos.Denied, Reason: "x", Evidence: []string{"https://example.org/fictional-report"},
		ExpiresOn: custos.Date{Year: 2001, Month: 1, Day: 1}}), "expires_on")
	_, err := db.ScreenNominations(VetterA, []int64{n.ID})
	must(t, err)
	queue, _, err := db.FindNominations(VetterA, custos.NominationFilter{Undecided: true, ActorID: unit.ID})
	must(t, err)
	if len(queue) != 1 || queue[0].ID != n.ID || queue[0].State != custos.VettingPending || queue[0].SubjectName != unit.Name {
		t.Errorf("FindNominations(undecided) = %+v, want nomination %d pending", queue, n.ID)
	}
	d := &custos.VettingDecision{NominationID: n.ID, Outcome: custos.Approved, Reason: "clean", Evidence: []string{"https://example.org/report"}}
	must(t, db.ProposeDecision(VetterA, d))
	if d.Status != custos.DecisionProposed || d.ProposedBy != "vetter-a" {
		t.Errorf("proposed decision = %+v, want status proposed by vetter-a", d)
	}
	want := custos.DateOf(db.Now().UTC().AddDate(custos.DefaultVettingYears, 0, 0))
	if d.ExpiresOn != want {
		t.Errorf("default expiry = %s, want %s", d.ExpiresOn, want)
	}
	wantKind(t, "ProposeDecision(second open proposal)", db.ProposeDecision(VetterB, &custos.VettingDecision{NominationID: n.ID, Outcome: custos.Denied, Reason: "x", Evidence: []string{"https://example.org/fictional-report"}}), custos.ECONFLICT)
	_, err = db.ConcurDecision(VetterA, d.ID, "")
	wantKind(t, "ConcurDecision(by the proposer)", err, custos.EFORBIDDEN)
	_, err = db.ConcurDecision(as(custos.RolePlanner), d.ID, "")
	wantKind(t, "ConcurDecision(planner)", err, custos.EFORBIDDEN)
	got, err := db.ConcurDecision(VetterB, d.ID, "agreed")
	must(t, err)
	if got.Status != custos.DecisionInForce || got.ConcurredBy != "vetter-b" || !got.InForce(custos.DateOf(db.Now())) {
		t.Errorf("concurred decision = %+v, want in force, concurred by vetter-b", got)
	}
	_, err = db.ConcurDecision(VetterB, d.ID, "again")
	wantKind(t, "ConcurDecision(twice)", err, custos.ECONFLICT)
	queue, _, err = db.FindNominations(VetterA, custos.NominationFilter{Undecided: true})
	must(t, err)
	if len(queue) != 0 {
		t.Errorf("FindNominations(undecided) after concurrence = %d nominations, want 0", len(queue))
	}
	full, err := db.FindNomination(VetterA, n.ID)
	must(t, err)
	if full.State != custos.VettingState(custos.Approved) || len(full.Decisions) != 1 || full.Decisions[0].Evidence[0] != "https://example.org/report" {
		t.Errorf("nomination after concurrence = state %q, decisions %+v", full.State, full.Decisions)
	}
	// Remediation applies to denials in force only.
	wantField(t, "AddRemediationStep(on an approval)", db.AddRemediationStep(VetterA, &custos.RemediationStep{DecisionID: d.ID, Date: custos.Date{Year: 2025, Month: 1, Day: 1}, Step: "x"}), "decision_id")
	wantField(t, "CreateNomination(unit and person)", db.CreateNomination(VetterA, &custos.Nomination{ActorID: unit.ID, PersonID: 1, ProgramID: p.ID}), "person_id")
	wantField(t, "CreateNomination(for nothing)", db.CreateNomination(VetterA, &custos.Nomination{ActorID: unit.ID}), "program_id")
	wantField(t, "CreateNomination(unknown unit)", db.CreateNomination(VetterA, &custos.Nomination{ActorID: 98765, ProgramID: p.ID}), "actor_id")
}
