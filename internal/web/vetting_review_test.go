package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/custos-ssa/custos"
)

// TestVettingReviewPages makes an incident naming the fixture's regiment
// credible and checks the vetters' "Reviews due" list, the review on the
// nomination's page with its resolve form, the participant's "review due"
// on the activity's page, and that no other role reaches the list or the
// nomination page.
func TestVettingReviewPages(t *testing.T) {
	f := newFixture(t)
	i := &custos.Incident{Title: "Fictional killing near Boulkessi", Category: "extrajudicial_killing", Date: custos.Date{Year: 2024, Month: 3, Day: 5},
		Place: custos.Place{Country: "ML"}, Perpetrators: []custos.Perpetrator{{ActorID: f.unit.ID, Role: "direct"}}}
	must(t, f.db.CreateIncident(sys, i))
	for _, step := range []custos.VerificationStatus{custos.StatusUnderReview, custos.StatusCredible} {
		_, err := f.db.TransitionIncident(sys, i.ID, step, "corroborated")
		must(t, err)
	}
	list, _, err := f.db.FindVettingReviews(sys, custos.VettingReviewFilter{})
	must(t, err)
	if len(list) != 1 || list[0].ActorID != f.unit.ID {
		t.Fatalf("reviews = %+v, want one on the regiment", list)
	}
	rev := list[0]
	nom := fmt.Sprintf("/vetting/nominations/%d", rev.NominationID)
	for _, role := range callers() {
		vetter := role == custos.RoleVetter || role == custos.RoleAdmin
		for _, path := range []string{"/vetting/reviews", "/vetting/reviews?all=1", nom} {
			r := f.do(role, "GET", path, nil)
			if got := r.status == http.StatusOK && strings.Contains(r.body, rev.Reason); got != vetter {
				t.Errorf("GET %s as %s: %d, shows the review = %v, want %v", path, name(role), r.status, got, vetter)
			}
		}
		r := f.do(role, "GET", "/", nil)
		if got := strings.Contains(r.body, `href="/vetting/reviews"`); got != vetter {
			t.Errorf("nav as %s links Reviews due = %v, want %v", name(role), got, vetter)
		}
		if !vetter {
			r := f.do(role, "POST", fmt.Sprintf("/vetting/reviews/%d/resolve", rev.ID), url.Values{"reason": {"x"}})
			if r.status == http.StatusSeeOther {
				t.Errorf("POST resolve as %s = %d, want refused", name(role), r.status)
			}
		}
	}
	r := f.do(custos.RoleVetter, "GET", "/vetting/reviews", nil)
	for _, want := range []string{"33e Régiment", "review due", fmt.Sprintf(`href="/incidents/%d"`, i.ID), nom + "#review-"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("reviews page lacks %q", want)
		}
	}
	r = f.do(custos.RoleVetter, "GET", nom, nil)
	for _, want := range []string{"Reviews of the approval", fmt.Sprintf(`action="/vetting/reviews/%d/resolve"`, rev.ID),
		fmt.Sprintf("approved — review due (incident %d credible)", i.ID)} {
		if !strings.Contains(r.body, want) {
			t.Errorf("nomination page lacks %q", want)
		}
	}
	// The participant's standing on the activity: review due, for staff.
	act := fmt.Sprintf("/activities/%d", f.act.ID)
	for _, role := range []custos.Role{custos.RolePlanner, custos.RoleViewer, custos.RoleVetter} {
		if r := f.do(role, "GET", act, nil); !strings.Contains(r.body, fmt.Sprintf("approved — review due (incident %d credible)", i.ID)) {
			t.Errorf("GET %s as %s lacks the review due", act, role)
		}
	}
	// Resolving: a reason is required, then the approval stands.
	resolve := fmt.Sprintf("/vetting/reviews/%d/resolve", rev.ID)
	r = f.do(custos.RoleVetter, "POST", resolve, url.Values{"reason": {"  "}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Review not resolved") || !strings.Contains(r.body, `aria-invalid="true"`) {
		t.Errorf("resolve without a reason = %d, want 422 with the error beside the field\n%.400s", r.status, r.body)
	}
	r = f.do(custos.RoleVetter, "POST", resolve, url.Values{"reason": {"The regiment was in garrison at Kati on the day."}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("resolve = %d, want 303\n%.400s", r.status, r.body)
	}
	r = f.do(custos.RoleVetter, "GET", nom, nil)
	if !strings.Contains(r.body, "approval stands") || strings.Contains(r.body, "review due (incident") {
		t.Errorf("nomination page after resolving does not show the approval standing")
	}
	if r := f.do(custos.RoleVetter, "GET", "/vetting/reviews", nil); strings.Contains(r.body, rev.Reason) {
		t.Errorf("reviews page still lists the resolved review")
	}
}

// TestRejectSuggestion rejects an importer's suggested perpetrator link
// from the incident page: analysts and administrators only.
func TestRejectSuggestion(t *testing.T) {
	f := newIncidentFixture(t)
	path := fmt.Sprintf("/incidents/%d", f.inc.ID)
	if r := f.do(custos.RoleAnalyst, "GET", path, nil); !strings.Contains(r.body, `action="`+path+`/perpetrators/1/reject"`) {
		t.Fatalf("incident page lacks the reject button")
	}
	if r := f.do(custos.RoleViewer, "GET", path, nil); strings.Contains(r.body, "/perpetrators/1/reject") {
		t.Errorf("incident page shows viewers the reject button")
	}
	if r := f.do(custos.RoleViewer, "POST", path+"/perpetrators/1/reject", url.Values{}); r.status != http.StatusForbidden {
		t.Errorf("reject as viewer = %d, want 403", r.status)
	}
	if r := f.do(custos.RoleAnalyst, "POST", path+"/perpetrators/1/reject", url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("reject = %d, want 303\n%.500s", r.status, r.body)
	}
	got, err := f.db.FindIncident(sys, f.inc.ID)
	must(t, err)
	if got.Perpetrators[1].SuggestedActorID != 0 || got.Perpetrators[1].ActorID != 0 {
		t.Errorf("after rejecting, perpetrator 1 = %+v, want no suggestion and no link", got.Perpetrators[1])
	}
	if r := f.do(custos.RoleAnalyst, "POST", path+"/perpetrators/1/reject", url.Values{}); r.status == http.StatusSeeOther {
		t.Errorf("reject twice = %d, want refused", r.status)
	}
}

// TestReviewCause checks that each kind of new information behind a
// review flag is named, and linked where it has a page.
func TestReviewCause(t *testing.T) {
	for _, tt := range []struct {
		rev  custos.VettingReview
		want link
	}{
		{custos.VettingReview{Cause: custos.ReviewCauseIncident, IncidentID: 4}, link{"/incidents/4", "Incident 4 credible"}},
		{custos.VettingReview{Cause: custos.ReviewCauseList, Record: "list:12"}, link{"/vetting/list-entries", "List entry list:12"}},
		{custos.VettingReview{Cause: custos.ReviewCauseJudged, Record: "list:12", NominationID: 3}, link{"/vetting/nominations/3", "Hit on list:12 judged the same"}},
		{custos.VettingReview{Cause: custos.ReviewCauseSubject, PersonID: 7}, link{"/persons/7", "The person's record changed"}},
		{custos.VettingReview{Cause: custos.ReviewCauseSubject, ActorID: 5}, link{"/actors/5", "The unit's record changed"}},
	} {
		if diff := cmp.Diff(tt.want, reviewCause(&tt.rev), cmp.AllowUnexported(link{})); diff != "" {
			t.Errorf("reviewCause(%s) (-want +got):\n%s", tt.rev.Cause, diff)
		}
	}
}
