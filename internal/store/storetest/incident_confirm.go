package storetest

import (
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/google/go-cmp/cmp"
)

// testIncidentConfirm proves that confirming an importer's suggested
// perpetrator link on a credible incident raises the warnings a credible
// transition raises for that unit, with audit entries; that rejecting a
// suggestion clears it; and that only analysts and administrators may do
// either, only once, and only on a perpetrator that has a suggestion.
func testIncidentConfirm(t *testing.T, db *store.DB) {
	planner := as(custos.RolePlanner)
	battalion := newActor(t, admin, db, "12e Bataillon", 0, custos.Internal)
	company := newActor(t, admin, db, "3e Compagnie", battalion.ID, custos.Internal)
	prog := &custos.Program{Title: "Counter-IED", Country: "ML", Status: "active", RecipientIDs: []int64{company.ID}}
	must(t, db.CreateProgram(planner, prog))

	i := newIncident(0)
	i.Perpetrators = []custos.Perpetrator{
		{Name: "12e BI", SuggestedActorID: battalion.ID, SuggestionScore: 0.91},
		{Name: "Milice", SuggestedActorID: company.ID, SuggestionScore: 0.55},
		{Name: "Unidentified men"},
	}
	must(t, db.CreateIncident(analyst, i))
	for _, step := range []custos.VerificationStatus{custos.StatusUnderReview, custos.StatusCredible} {
		_, err := db.TransitionIncident(analyst, i.ID, step, "corroborated")
		must(t, err)
	}
	warnings := func() int {
		t.Helper()
		list, _, err := db.FindWarnings(analyst, custos.WarningFilter{IncidentID: i.ID})
		must(t, err)
		return len(list)
	}
	if n := warnings(); n != 0 {
		t.Fatalf("credible incident with no linked unit: %d warnings, want 0", n)
	}

	// Refused: roles without write access, a bad position, no suggestion.
	for _, role := range []custos.Role{custos.RolePlanner, custos.RoleVetter, custos.RoleViewer, custos.RolePartner} {
		if _, err := db.ConfirmPerpetrator(as(role), i.ID, 0); custos.ErrorKind(err) != custos.EFORBIDDEN {
			t.Errorf("ConfirmPerpetrator as %s: %v, want forbidden", role, err)
		}
		if _, err := db.RejectSuggestion(as(role), i.ID, 0); custos.ErrorKind(err) != custos.EFORBIDDEN {
			t.Errorf("RejectSuggestion as %s: %v, want forbidden", role, err)
		}
	}
	for _, tc := range []struct {
		id   int64
		k    int
		kind string
	}{{i.ID, 3, custos.ENOTFOUND}, {i.ID, -1, custos.ENOTFOUND}, {i.ID + 100, 0, custos.ENOTFOUND}, {i.ID, 2, custos.ECONFLICT}} {
		if _, err := db.ConfirmPerpetrator(analyst, tc.id, tc.k); custos.ErrorKind(err) != tc.kind {
			t.Errorf("ConfirmPerpetrator(%d, %d) = %v, want %s", tc.id, tc.k, err, tc.kind)
		}
	}
	if n := warnings(); n != 0 {
		t.Fatalf("refused confirmations raised %d warnings", n)
	}

	// Confirm: the link is set, the suggestion kept beside it, the program
	// assisting the company under the battalion is warned, and the
	// confirmation and the warning are audited.
	entries := auditCount(t, db)
	got, err := db.ConfirmPerpetrator(analyst, i.ID, 0)
	must(t, err)
	want := custos.Perpetrator{ActorID: battalion.ID, Name: "12e BI", SuggestedActorID: battalion.ID, SuggestionScore: 0.91, Role: "unknown"}
	if diff := cmp.Diff(want, got.Perpetrators[0]); diff != "" {
		t.Errorf("confirmed perpetrator mismatch (-want +got):\n%s", diff)
	}
	if n := warnings(); n != 1 {
		t.Errorf("after confirming a unit on a credible incident: %d warnings, want 1 (program %d)", n, prog.ID)
	}
	if n := auditCount(t, db) - entries; n != 2 {
		t.Errorf("confirmation wrote %d audit entries, want 2 (the incident and the warning)", n)
	}
	cred, err := db.CredibleIncidents(as(custos.RoleVetter), battalion.ID)
	must(t, err)
	if len(cred) != 1 || cred[0].ID != i.ID {
		t.Errorf("CredibleIncidents(battalion) after confirmation = %d incidents, want incident %d", len(cred), i.ID)
	}
	if _, err := db.ConfirmPerpetrator(analyst, i.ID, 0); custos.ErrorKind(err) != custos.ECONFLICT {
		t.Errorf("second ConfirmPerpetrator = %v, want conflict", err)
	}

	// Reject: the suggestion goes, the name stays unlinked, no warning.
	got, err = db.RejectSuggestion(analyst, i.ID, 1)
	must(t, err)
	if diff := cmp.Diff(custos.Perpetrator{Name: "Milice", Role: "unknown"}, got.Perpetrators[1]); diff != "" {
		t.Errorf("rejected perpetrator mismatch (-want +got):\n%s", diff)
	}
	stored, err := db.FindIncident(analyst, i.ID)
	must(t, err)
	if diff := cmp.Diff(got.Perpetrators, stored.Perpetrators); diff != "" {
		t.Errorf("stored perpetrators differ from the answer (-want +got):\n%s", diff)
	}
	if _, err := db.ConfirmPerpetrator(analyst, i.ID, 1); custos.ErrorKind(err) != custos.ECONFLICT {
		t.Errorf("ConfirmPerpetrator after rejection = %v, want conflict", err)
	}
	if n := warnings(); n != 1 {
		t.Errorf("after rejection: %d warnings, want 1", n)
	}

	// A reported incident: confirmation links without warning.
	j := newIncident(0)
	j.Perpetrators = []custos.Perpetrator{{Name: "3e Cie", SuggestedActorID: company.ID, SuggestionScore: 0.8}}
	must(t, db.CreateIncident(analyst, j))
	_, err = db.ConfirmPerpetrator(as(custos.RoleAdmin), j.ID, 0)
	must(t, err)
	list, _, err := db.FindWarnings(analyst, custos.WarningFilter{IncidentID: j.ID})
	must(t, err)
	if len(list) != 0 {
		t.Errorf("confirming on a reported incident raised %d warnings, want 0", len(list))
	}

	// An incident with a rejected suggestion (which is remembered for
	// re-imports) can still be deleted.
	must(t, db.DeleteIncident(as(custos.RoleAdmin), i.ID))
	wantKind(t, "FindIncident(deleted)", func() error { _, err := db.FindIncident(analyst, i.ID); return err }(), custos.ENOTFOUND)
}
