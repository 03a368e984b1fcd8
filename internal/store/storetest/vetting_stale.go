package storetest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
)

// testVettingStaleScreening proves that an approval rests on a screening
// against the records as they are: a list imported (or an incident
// recorded) after the screening stops the proposal and the concurrence
// until the subject is screened again; and that an approval holds for at
// most the configured period.
func testVettingStaleScreening(t *testing.T, db *store.DB) {
	p, _ := newProgram(t, db)
	unit := newActor(t, admin, db, "Fictional: 5e Compagnie du génie", 0, custos.Internal)
	n := nominate(t, db, &custos.Nomination{ActorID: unit.ID, ProgramID: p.ID})
	screen := func() {
		t.Helper()
		_, err := db.ScreenNominations(VetterA, []int64{n.ID})
		must(t, err)
	}
	screen()
	importList(t, db, "Fictional stale list", "id,kind,name,aliases,birth_date,gender,nationality,unit,parent_unit\nST-1,unit,Fictional: 9e Escadron,,,,,,\n")
	approve := &custos.VettingDecision{NominationID: n.ID, Outcome: custos.Approved, Reason: "no derogatory information"}
	err := db.ProposeDecision(VetterA, approve)
	wantFieldText(t, "ProposeDecision(approve, list imported since the screening)", err, "outcome", "screen it again")

	screen()
	long := *approve
	long.ExpiresOn = custos.DateOf(db.Now().UTC().AddDate(3, 0, 0))
	wantFieldText(t, "ProposeDecision(approve for three years)", db.ProposeDecision(VetterA, &long), "expires_on", "at most the configured period")
	must(t, db.ProposeDecision(VetterA, approve))

	// An incident recorded before the concurrence: the second
	// vetter cannot put the approval in force on the old screening.
	time.Sleep(time.Millisecond)
	must(t, db.CreateIncident(analyst, newIncident(0)))
	_, err = db.ConcurDecision(VetterB, approve.ID, "")
	wantKind(t, "ConcurDecision(records changed since the screening)", err, custos.ECONFLICT)
	if err != nil && !strings.Contains(err.Error(), "screen it again") {
		t.Errorf("ConcurDecision error = %q, want it to say to screen again", err)
	}
	// A list naming the unit, screened after the proposal: its hit must
	// be judged before the approval comes into force.
	importList(t, db, "Fictional stale list", "id,kind,name,aliases,birth_date,gender,nationality,unit,parent_unit\nST-1,unit,Fictional: 9e Escadron,,,,,,\nST-2,unit,Fictional: 5e Compagnie du génie,,,,,,\n")
	screen()
	_, err = db.ConcurDecision(VetterB, approve.ID, "")
	wantKind(t, "ConcurDecision(an unjudged hit since the proposal)", err, custos.ECONFLICT)
	if err != nil && !strings.Contains(err.Error(), "not yet judged") {
		t.Errorf("ConcurDecision error = %q, want it to name the unjudged hit", err)
	}
	for _, h := range hitsOf(t, db, n.ID) {
		must(t, db.JudgeHit(VetterA, &custos.MatchJudgement{HitID: h.ID, Verdict: custos.Different, Reason: "another company of another army"}))
	}
	if _, err := db.ConcurDecision(VetterB, approve.ID, ""); err != nil {
		t.Fatalf("ConcurDecision after screening again and judging: %v", err)
	}
}

// testVettingUnresolvedNames proves that a credible incident's perpetrator
// named only as reported is screened as a person or as a unit by its name:
// a person's name (whose words the unit parser keeps as mere qualifiers)
// stays a person and is found for a person nominee, a unit's name is a
// unit and is found for a unit nominee.
func testVettingUnresolvedNames(t *testing.T, db *store.DB) {
	p, _ := newProgram(t, db)
	i := newIncident(0)
	i.Perpetrators = []custos.Perpetrator{{Name: "Fictional Oumar Traoré Sidibé", Role: "direct"}, {Name: "Fictional 17e Bataillon d'Infanterie", Role: "direct"}}
	must(t, db.CreateIncident(analyst, i))
	for _, to := range []custos.VerificationStatus{custos.StatusUnderReview, custos.StatusCredible} {
		_, err := db.TransitionIncident(analyst, i.ID, to, "checked")
		must(t, err)
	}
	person := &custos.Person{Name: "Fictional Oumar Traore Sidibe"}
	must(t, db.CreatePerson(admin, person))
	unit := newActor(t, admin, db, "Fictional 17e BI", 0, custos.Internal)
	pn := nominate(t, db, &custos.Nomination{PersonID: person.ID, ProgramID: p.ID})
	un := nominate(t, db, &custos.Nomination{ActorID: unit.ID, ProgramID: p.ID})
	_, err := db.ScreenNominations(VetterA, []int64{pn.ID, un.ID})
	must(t, err)
	for _, tt := range []struct {
		what string
		nom  int64
		rec  string
	}{
		{"the person", pn.ID, fmt.Sprintf("incident:%d:name:0", i.ID)},
		{"the unit", un.ID, fmt.Sprintf("incident:%d:name:1", i.ID)},
	} {
		if h := hitFor(hitsOf(t, db, tt.nom), tt.rec); h == nil {
			t.Errorf("screening %s: no hit on %s (hits %v)", tt.what, tt.rec, hitsOf(t, db, tt.nom))
		}
	}
}
