package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
)

// Two vetters for four-eyes decisions in tests: the first proposes, the
// second concurs.
var (
	VetterA = custos.WithPrincipal(context.Background(), custos.Principal{UserID: 0, Name: "vetter-a", Role: custos.RoleVetter, Via: "test"})
	VetterB = custos.WithPrincipal(context.Background(), custos.Principal{UserID: 0, Name: "vetter-b", Role: custos.RoleVetter, Via: "test"})
)

// ApproveVetting gives each unit (actorIDs) and person (personIDs) an
// approved, concurred Leahy vetting in force, nominated for programID, so
// that tests can add them to activities past the interlock. Any screening
// hit is judged different: fixtures hold no derogatory information about
// their participants.
func ApproveVetting(t testing.TB, db *store.DB, programID int64, actorIDs, personIDs []int64) {
	t.Helper()
	var noms []*custos.Nomination
	for _, id := range actorIDs {
		noms = append(noms, &custos.Nomination{ActorID: id, ProgramID: programID})
	}
	for _, id := range personIDs {
		noms = append(noms, &custos.Nomination{PersonID: id, ProgramID: programID})
	}
	for _, n := range noms {
		if err := db.CreateNomination(VetterA, n); err != nil {
			t.Fatalf("ApproveVetting: nominate %s: %v", n.Subject(), err)
		}
		Decide(t, db, n, custos.Approved)
	}
}

// Decide screens a nomination, judges its hits different, and records a
// decision with the given outcome, proposed by VetterA and concurred in by
// VetterB.
func Decide(t testing.TB, db *store.DB, n *custos.Nomination, outcome custos.VettingOutcome) *custos.VettingDecision {
	t.Helper()
	if _, err := db.ScreenNominations(VetterA, []int64{n.ID}); err != nil {
		t.Fatalf("screen %s: %v", n.Subject(), err)
	}
	full, err := db.FindNomination(VetterA, n.ID)
	if err != nil {
		t.Fatalf("find nomination %d: %v", n.ID, err)
	}
	for _, h := range full.Hits {
		if h.Judgement != nil {
			continue
		}
		if err := db.JudgeHit(VetterA, &custos.MatchJudgement{HitID: h.ID, Verdict: custos.Different, Reason: "test fixture"}); err != nil {
			t.Fatalf("judge hit %d: %v", h.ID, err)
		}
	}
	d := &custos.VettingDecision{NominationID: n.ID, Outcome: outcome, Reason: fmt.Sprintf("test fixture: %s", outcome)}
	if outcome == custos.Denied || outcome == custos.Suspended {
		d.Evidence = []string{"https://example.org/fictional-report"}
	}
	if err := db.ProposeDecision(VetterA, d); err != nil {
		t.Fatalf("propose %s for %s: %v", outcome, n.Subject(), err)
	}
	got, err := db.ConcurDecision(VetterB, d.ID, "")
	if err != nil {
		t.Fatalf("concur in decision %d: %v", d.ID, err)
	}
	return got
}
