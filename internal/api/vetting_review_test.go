package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store/storetest"
)

var reviewedUnits int

// newReview approves a new unit, makes an incident naming it credible,
// and returns the id of the open review flag that raises, with the unit.
func newReview(f *fixture) (int64, *custos.Actor) {
	f.t.Helper()
	reviewedUnits++
	unit := &custos.Actor{Country: "ML", Kind: "army", Name: fmt.Sprintf("Unité sous revue %d", reviewedUnits), Releasability: custos.Internal}
	must(f.t, f.db.CreateActor(sys, unit))
	storetest.ApproveVetting(f.t, f.db, f.prog.ID, []int64{unit.ID}, nil)
	i := &custos.Incident{Title: "Killing near Mopti", Category: "extrajudicial_killing", Date: custos.Date{Year: 2024, Month: 3, Day: 5},
		Place: custos.Place{Country: "ML"}, Perpetrators: []custos.Perpetrator{{ActorID: unit.ID, Role: "direct"}}}
	must(f.t, f.db.CreateIncident(sys, i))
	for _, step := range []custos.VerificationStatus{custos.StatusUnderReview, custos.StatusCredible} {
		_, err := f.db.TransitionIncident(sys, i.ID, step, "corroborated")
		must(f.t, err)
	}
	list, _, err := f.db.FindVettingReviews(sys, custos.VettingReviewFilter{ActorID: unit.ID})
	must(f.t, err)
	if len(list) != 1 {
		f.t.Fatalf("review flags on unit %d = %d, want 1", unit.ID, len(list))
	}
	return list[0].ID, unit
}

// TestVettingReviews lists a review flag as a vetter, shows planners the
// participant's "review due" without the flag, and resolves the flag with
// a reason; a missing reason names the field.
func TestVettingReviews(t *testing.T) {
	f := newFixture(t)
	id, unit := newReview(f)
	act := &custos.Activity{ProgramID: f.prog.ID, Kind: "course", Title: "Course", Status: "planned", ActorIDs: []int64{unit.ID}}
	code, body := f.do(custos.RoleVetter, "GET", "/api/v1/vetting/reviews", nil)
	var list listBody[custos.VettingReview]
	must(t, json.Unmarshal(body, &list))
	if code != http.StatusOK || len(list.Items) != 1 || list.Items[0].ID != id || list.Items[0].SubjectName != unit.Name {
		t.Fatalf("GET reviews as vetter = %d %s, want review %d of %s", code, body, id, unit.Name)
	}
	for _, role := range []custos.Role{custos.RolePlanner, custos.RoleAnalyst, custos.RoleViewer, custos.RolePartner, ""} {
		for _, path := range []string{"/api/v1/vetting/reviews", fmt.Sprintf("/api/v1/vetting/reviews/%d", id)} {
			code, body := f.do(role, "GET", path, nil)
			if code == http.StatusOK || strings.Contains(string(body), unit.Name) {
				t.Errorf("GET %s as %q = %d %s: want refused, the subject unnamed", path, role, code, body)
			}
		}
	}
	// A planner cannot add the unit to an activity while its review is
	// due, and is told why without the grounds.
	code, body = f.do(custos.RolePlanner, "POST", "/api/v1/activities", act)
	if code != http.StatusBadRequest || !strings.Contains(string(body), "under review") || strings.Contains(string(body), "incident") {
		t.Errorf("POST activity with a unit under review = %d %s, want 400 saying under review, naming no incident", code, body)
	}
	path := fmt.Sprintf("/api/v1/vetting/reviews/%d/resolution", id)
	code, body = f.do(custos.RoleVetter, "POST", path, map[string]any{})
	if code != http.StatusBadRequest || !strings.Contains(string(body), `"reason"`) {
		t.Errorf("resolve without a reason = %d %s, want 400 naming reason", code, body)
	}
	code, body = f.do(custos.RoleVetter, "POST", path, reviewResolution{Reason: "the unit was not deployed on the day"})
	var rev custos.VettingReview
	must(t, json.Unmarshal(body, &rev))
	if code != http.StatusOK || rev.Resolution != custos.ReviewStands || rev.Open() {
		t.Fatalf("resolve = %d %s, want the approval standing", code, body)
	}
	if code, body := f.do(custos.RoleVetter, "POST", path, reviewResolution{Reason: "again"}); code != http.StatusConflict {
		t.Errorf("resolve twice = %d %s, want 409", code, body)
	}
	if code, body := f.do(custos.RolePlanner, "POST", "/api/v1/activities", act); code != http.StatusCreated {
		t.Errorf("POST activity after the review = %d %s, want 201", code, body)
	}
}
