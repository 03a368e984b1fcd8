package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/google/go-cmp/cmp"
)

// publicConsultation stores, as the operator, a public program with a
// public consultation whose one piece of feedback names who raised it.
func (f *fixture) publicConsultation() *custos.Consultation {
	p := &custos.Program{Title: "Police accountability", Country: "ML", AuthorityID: f.auth.ID, RecipientIDs: []int64{f.actor.ID}, Releasability: custos.Public}
	must(f.t, f.db.CreateProgram(sys, p))
	c := testConsultation(f)
	c.ProgramID, c.Releasability = p.ID, custos.Public
	must(f.t, f.db.CreateConsultation(sys, c))
	return c
}

// TestConsultationFeedbackOverHTTP has a partner put feedback on the record,
// read it back as theirs with the program's answer, and checks that the
// body cannot carry a response or a name, and that no other caller learns
// who raised it.
func TestConsultationFeedbackOverHTTP(t *testing.T) {
	f := newFixture(t)
	c := f.publicConsultation()
	path := idPath("/api/v1/consultations/%d/feedback", c.ID)

	for _, tt := range []struct {
		name   string
		body   any
		fields []string
	}{
		{"empty", map[string]any{}, []string{"kind", "text"}},
		{"unknown kind", map[string]any{"kind": "rumour", "text": "x"}, []string{"kind"}},
		{"a response", map[string]any{"kind": "concern", "text": "x", "response": "incorporated"}, []string{"response"}},
		{"a name", map[string]any{"kind": "concern", "text": "x", "raised_by": "Someone"}, []string{"raised_by"}},
	} {
		code, body := f.do(custos.RolePartner, "POST", path, tt.body)
		if code != http.StatusBadRequest && code != http.StatusUnprocessableEntity {
			t.Errorf("%s: POST = %d %s, want 400 or 422", tt.name, code, body)
			continue
		}
		e := errorOf(t, body)
		for _, field := range tt.fields {
			if _, ok := e.Fields[field]; !ok {
				t.Errorf("%s: fields %v, want %q", tt.name, e.Fields, field)
			}
		}
	}

	code, body := f.do(custos.RolePartner, "POST", path, feedbackRequest{Kind: "recommendation", Text: "Publish the course syllabus."})
	if code != http.StatusCreated {
		t.Fatalf("POST feedback = %d %s", code, body)
	}
	var fb custos.Feedback
	must(t, json.Unmarshal(body, &fb))
	if diff := cmp.Diff(custos.Feedback{ID: fb.ID, Kind: "recommendation", Text: "Publish the course syllabus.", Response: "pending", Mine: true}, fb); diff != "" || fb.ID == 0 {
		t.Errorf("POST feedback answer (-want +got):\n%s", diff)
	}

	// The program answers it.
	staff, err := f.db.FindConsultation(sys, c.ID)
	must(t, err)
	last := &staff.Feedback[len(staff.Feedback)-1]
	last.Response, last.ResponseText, last.RespondedOn = "partly_incorporated", "The syllabus is published without the annexes.", custos.Date{Year: 2026, Month: 4, Day: 1}
	must(t, f.db.UpdateConsultation(sys, staff))

	code, body = f.do(custos.RolePartner, "GET", "/api/v1/consultations/feedback/mine", nil)
	if code != http.StatusOK {
		t.Fatalf("GET my feedback = %d %s", code, body)
	}
	var mine listBody[custos.SubmittedFeedback]
	must(t, json.Unmarshal(body, &mine))
	var got []string
	for _, s := range mine.Items {
		got = append(got, s.ConsultationTitle+" | "+s.Feedback.Text+" | "+string(s.Feedback.Response)+" | "+s.Feedback.ResponseText)
	}
	want := []string{c.Title + " | Publish the course syllabus. | partly_incorporated | The syllabus is published without the annexes."}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("GET my feedback (-want +got):\n%s", diff)
	}
	if code, body := f.do(custos.RolePartner, "GET", "/api/v1/consultations/feedback/mine?response=maybe", nil); code != http.StatusBadRequest && code != http.StatusUnprocessableEntity {
		t.Errorf("GET my feedback?response=maybe = %d %s, want a refusal naming response", code, body)
	}

	// Who raised it: the partner's login name, seen by those who run
	// consultations only.
	partner, err := f.db.FindUser(sys, "partner1")
	if err != nil {
		t.Fatalf("the fixture's partner: %v", err)
	}
	for _, tt := range []struct {
		role custos.Role
		sees bool
	}{
		{custos.RoleAdmin, true}, {custos.RolePlanner, true}, {custos.RoleAnalyst, true},
		{custos.RoleVetter, false}, {custos.RoleViewer, false}, {custos.RolePartner, false}, {"", false},
	} {
		code, body := f.do(tt.role, "GET", idPath("/api/v1/consultations/%d", c.ID), nil)
		if code != http.StatusOK {
			t.Fatalf("%q GET consultation = %d %s", tt.role, code, body)
		}
		if got := strings.Contains(string(body), `"raised_by": "`+partner.Name+`"`); got != tt.sees {
			t.Errorf("%q GET consultation: names the partner = %v, want %v (%s)", tt.role, got, tt.sees, body)
		}
	}
}
