package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/google/go-cmp/cmp"
)

// TestConsultationPages checks who sees what on a consultation's page and
// that the form records feedback, keeping ids on edit.
func TestConsultationPages(t *testing.T) {
	f := newFixture(t)
	hidden := &custos.Organization{Name: "Hidden Collective of Mopti", Kind: "civil_society", Country: "ML"}
	must(t, f.db.CreateOrganization(sys, hidden))
	f.prog.Releasability = custos.Public
	must(t, f.db.UpdateProgram(sys, f.prog))
	c := &custos.Consultation{ProgramID: f.prog.ID, Title: "Gao hearing", Date: custos.Date{Year: 2026, Month: 2, Day: 1}, Stage: "monitoring", Format: "hearing",
		Place: "Secret Hall", Summary: "Public words.", Notes: "Internal words.", Releasability: custos.Public,
		Organizations: []custos.Consultee{{OrganizationID: f.org.ID}, {OrganizationID: hidden.ID, Withheld: true}},
		Feedback:      []custos.Feedback{{Kind: "concern", Text: "Checkpoints extort traders.", RaisedBy: "Raiser Name", Response: "pending"}}}
	must(t, f.db.CreateConsultation(sys, c))
	page := fmt.Sprintf("/consultations/%d", c.ID)
	for _, role := range callers() {
		r := f.do(role, "GET", page, nil)
		if r.status != 200 || !strings.Contains(r.body, "Public words.") || !strings.Contains(r.body, "Checkpoints extort traders.") {
			t.Fatalf("%s GET %s = %d, want the summary and the feedback", name(role), page, r.status)
		}
		run := custos.CanSeeWithheldConsultees(role)
		staff := custos.CanSeeConsultees(role)
		for text, want := range map[string]bool{"Hidden Collective of Mopti": run, "Raiser Name": run, "Secret Hall": staff, "Internal words.": staff} {
			if got := strings.Contains(r.body, text); got != want {
				t.Errorf("%s GET %s: shows %q = %v, want %v", name(role), page, text, got, want)
			}
		}
		prog := f.do(role, "GET", fmt.Sprintf("/programs/%d", f.prog.ID), nil)
		if !strings.Contains(prog.body, "Gao hearing") || strings.Contains(prog.body, "Hidden Collective") {
			t.Errorf("%s: the program page should list the consultation without naming who was consulted", name(role))
		}
	}
	// Answer the feedback through the form: its id stays.
	form := url.Values{"title": {"Gao hearing"}, "program_id": {fmt.Sprint(f.prog.ID)}, "date": {"2026-02-01"}, "stage": {"monitoring"}, "format": {"hearing"},
		"summary": {"Public words."}, "releasability": {"public"},
		"organizations[0].organization_id": {fmt.Sprint(f.org.ID)}, "organizations[1].organization_id": {fmt.Sprint(hidden.ID)}, "organizations[1].withheld": {"yes"},
		"feedback[0].id": {fmt.Sprint(c.Feedback[0].ID)}, "feedback[0].kind": {"concern"}, "feedback[0].text": {"Checkpoints extort traders."}, "feedback[0].raised_by": {"Raiser Name"},
		"feedback[0].response": {"not_incorporated"}, "feedback[0].responded_on": {"2026-03-01"}}
	if r := f.do(custos.RolePlanner, "POST", page, form); r.status != 422 || !strings.Contains(r.body, "give the reasons") {
		t.Errorf("POST without the reasons = %d, want 422 with the message beside the field", r.status)
	}
	form.Set("feedback[0].response_text", "Outside the program's scope.")
	if r := f.do(custos.RolePlanner, "POST", page, form); r.status != 303 {
		t.Fatalf("POST %s = %d: %s", page, r.status, r.body)
	}
	got, err := f.db.FindConsultation(sys, c.ID)
	must(t, err)
	if len(got.Feedback) != 1 || got.Feedback[0].ID != c.Feedback[0].ID || got.Feedback[0].Response != "not_incorporated" || !got.Organizations[1].Withheld {
		t.Errorf("after the form: %+v, want feedback %d answered and the organization still withheld", got, c.Feedback[0].ID)
	}
	if r := f.do(custos.RoleViewer, "POST", page, form); r.status != 403 {
		t.Errorf("viewer POST = %d, want 403", r.status)
	}
	if r := f.do(custos.RolePlanner, "GET", page+"/edit", nil); !strings.Contains(r.body, fmt.Sprintf(`type="hidden" id="f-feedback-0-id" name="feedback[0].id" value="%d"`, c.Feedback[0].ID)) {
		t.Errorf("GET %s/edit: want the feedback's id carried in the form", page)
	}

	// A partner's feedback sent while a planner has the form open is kept
	// when the planner saves; a row the planner clears is removed.
	partner := custos.WithPrincipal(t.Context(), custos.Principal{UserID: 99, Name: "partner9", Role: custos.RolePartner})
	must(t, f.db.AddConsultationFeedback(partner, c.ID, &custos.Feedback{Kind: "recommendation", Text: "Hold the next hearing in Ansongo."}))
	ids := func() []string {
		got, err := f.db.FindConsultation(sys, c.ID)
		must(t, err)
		var out []string
		for _, fb := range got.Feedback {
			out = append(out, fb.Text)
		}
		return out
	}
	if r := f.do(custos.RolePlanner, "POST", page, form); r.status != 303 {
		t.Fatalf("POST %s = %d: %s", page, r.status, r.body)
	}
	if diff := cmp.Diff([]string{"Checkpoints extort traders.", "Hold the next hearing in Ansongo."}, ids()); diff != "" {
		t.Errorf("after saving a form opened before the partner's feedback (-want +got):\n%s", diff)
	}
	form.Set("feedback[0].kind", "")
	form.Set("feedback[0].text", "")
	if r := f.do(custos.RolePlanner, "POST", page, form); r.status != 303 {
		t.Fatalf("POST %s clearing a row = %d: %s", page, r.status, r.body)
	}
	if diff := cmp.Diff([]string{"Hold the next hearing in Ansongo."}, ids()); diff != "" {
		t.Errorf("after clearing the first row (-want +got):\n%s", diff)
	}
}
