package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/google/go-cmp/cmp"
)

// TestGiveFeedbackPages has a partner give feedback from a public
// consultation's page, find it pending on "My feedback" with a
// confirmation, then answered; refused feedback comes back beside its
// field; no other role gets the form, and no one outside the staff who run
// consultations sees who gave it.
func TestGiveFeedbackPages(t *testing.T) {
	f := newFixture(t)
	f.prog.Releasability = custos.Public
	must(t, f.db.UpdateProgram(sys, f.prog))
	c := &custos.Consultation{ProgramID: f.prog.ID, Title: "Gao hearing", Date: custos.Date{Year: 2026, Month: 2, Day: 1}, Stage: "monitoring", Format: "hearing",
		Summary: "Public words.", Releasability: custos.Public}
	must(t, f.db.CreateConsultation(sys, c))
	page := fmt.Sprintf("/consultations/%d", c.ID)
	post := page + "/feedback"

	// Who gets the form and the "My feedback" link.
	for _, role := range callers() {
		r := f.do(role, "GET", page, nil)
		partner := role == custos.RolePartner
		got := [2]bool{strings.Contains(r.body, `action="`+post+`"`), strings.Contains(r.body, `href="/my-feedback"`)}
		if want := [2]bool{partner, partner}; r.status != 200 || got != want {
			t.Errorf("%s GET %s = %d; form and My feedback link %v, want %v", name(role), page, r.status, got, want)
		}
	}

	// Refusals: by field, or by role; nothing written.
	for _, tt := range []struct {
		name   string
		role   custos.Role
		form   url.Values
		status int
		want   string
	}{
		{"no kind, no text", custos.RolePartner, url.Values{"kind": {""}, "text": {""}}, 422, `id="f-text-error"`},
		{"planner", custos.RolePlanner, url.Values{"kind": {"concern"}, "text": {"x"}}, 403, ""},
		{"viewer", custos.RoleViewer, url.Values{"kind": {"concern"}, "text": {"x"}}, 403, ""},
	} {
		r := f.do(tt.role, "POST", post, tt.form)
		if r.status != tt.status || !strings.Contains(r.body, tt.want) {
			t.Errorf("%s: POST %s = %d, want %d with %q", tt.name, post, r.status, tt.status, tt.want)
		}
	}
	if r := f.do("", "POST", post, url.Values{"kind": {"concern"}, "text": {"x"}}); r.status < 300 || r.status == 201 {
		t.Errorf("anonymous POST %s = %d, want a refusal or the sign-in page", post, r.status)
	}
	if got, _ := f.db.FindConsultation(sys, c.ID); len(got.Feedback) != 0 {
		t.Fatalf("refused submissions wrote feedback: %+v", got.Feedback)
	}

	// Accepted: to "My feedback" with a confirmation and the item pending.
	r := f.do(custos.RolePartner, "POST", post, url.Values{"kind": {"concern"}, "text": {"Checkpoints extort traders on the Gao road."}})
	if r.status != 303 {
		t.Fatalf("partner POST %s = %d: %s", post, r.status, r.body)
	}
	loc := r.header.Get("Location")
	if !strings.HasPrefix(loc, "/my-feedback?sent=") {
		t.Fatalf("after giving feedback, redirected to %q, want /my-feedback?sent=ID", loc)
	}
	loc, _, _ = strings.Cut(loc, "#") // a browser keeps the fragment to itself
	mine := f.do(custos.RolePartner, "GET", loc, nil)
	for _, want := range []string{"your feedback is on the record", "Checkpoints extort traders on the Gao road.", "Pending (not answered yet)", `href="` + page + `"`} {
		if !strings.Contains(mine.body, want) {
			t.Errorf("GET %s: want %q on the page", loc, want)
		}
	}

	// The program answers; who gave it stays with the staff who run consultations.
	staff, err := f.db.FindConsultation(sys, c.ID)
	must(t, err)
	staff.Feedback[0].Response, staff.Feedback[0].ResponseText, staff.Feedback[0].RespondedOn = "incorporated", "Raised with the gendarmerie command.", custos.Date{Year: 2026, Month: 3, Day: 2}
	must(t, f.db.UpdateConsultation(sys, staff))
	if r := f.do(custos.RolePartner, "GET", "/my-feedback", nil); !strings.Contains(r.body, "Raised with the gendarmerie command.") || strings.Contains(r.body, "Pending") {
		t.Errorf("GET /my-feedback after the answer: want the response, not pending")
	}
	seen := map[string][2]bool{}
	for _, role := range callers() {
		r := f.do(role, "GET", page, nil)
		seen[name(role)] = [2]bool{strings.Contains(r.body, "<td>partner1</td>"), strings.Contains(r.body, "<td>You</td>")}
	}
	want := map[string][2]bool{"admin": {true, false}, "planner": {true, false}, "analyst": {true, false},
		"vetter": {false, false}, "viewer": {false, false}, "partner": {false, true}, "anonymous": {false, false}}
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("who sees the partner's name, and \"You\" (-want +got):\n%s", diff)
	}
	if r := f.do("", "GET", "/my-feedback", nil); r.status == 200 && strings.Contains(r.body, "Checkpoints") {
		t.Errorf("anonymous GET /my-feedback showed feedback")
	}
}
