package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
)

// testConsultation is a consultation of the fixture's program with one
// organization that asked not to be named and feedback naming who raised it.
func testConsultation(f *fixture) *custos.Consultation {
	return &custos.Consultation{ProgramID: f.prog.ID, Title: "Monitoring meeting in Gao", Date: custos.Date{Year: 2026, Month: 2, Day: 3},
		Stage: "monitoring", Format: "meeting", Place: "Gao", OutsideCapital: true, Summary: "Groups in Gao reported on the course's effects.",
		Organizations: []custos.Consultee{{OrganizationID: f.org.ID, Withheld: true}},
		Feedback: []custos.Feedback{{Kind: "concern", Text: "Checkpoints extort traders.", RaisedBy: "Secret Witness",
			Response: "partly_incorporated", ResponseText: "Raised with the command; a module was added.", RespondedOn: custos.Date{Year: 2026, Month: 3, Day: 1}}}}
}

// consultation stores a new consultation as the operator.
func (f *fixture) consultation() *custos.Consultation {
	c := testConsultation(f)
	must(f.t, f.db.CreateConsultation(sys, c))
	return c
}

// TestConsultationIdentitiesOverHTTP checks the API never sends who was
// consulted, or who raised feedback, to a role that may not see it.
func TestConsultationIdentitiesOverHTTP(t *testing.T) {
	f := newFixture(t)
	f.prog.Releasability = custos.Public
	must(t, f.db.UpdateProgram(sys, f.prog))
	c := testConsultation(f)
	c.Releasability = custos.Public
	must(t, f.db.CreateConsultation(sys, c))
	for _, tt := range []struct {
		role     custos.Role
		identity bool
	}{
		{custos.RoleAdmin, true}, {custos.RolePlanner, true}, {custos.RoleAnalyst, true},
		{custos.RoleVetter, false}, {custos.RoleViewer, false}, {custos.RolePartner, false}, {"", false},
	} {
		for _, path := range []string{idPath("/api/v1/consultations/%d", c.ID), "/api/v1/consultations"} {
			code, body := f.do(tt.role, "GET", path, nil)
			if code != http.StatusOK {
				t.Fatalf("%q GET %s = %d %s", tt.role, path, code, body)
			}
			for _, secret := range []string{"Secret Witness", `"organization_id"`} {
				if got := strings.Contains(string(body), secret); got != tt.identity {
					t.Errorf("%q GET %s: contains %s = %v, want %v", tt.role, path, secret, got, tt.identity)
				}
			}
			if !strings.Contains(string(body), "Checkpoints extort traders.") || !strings.Contains(string(body), `"organization_count": 1`) {
				t.Errorf("%q GET %s: want the feedback and the count of organizations: %s", tt.role, path, body)
			}
		}
	}
	// A bad consultation is refused with each field named.
	code, body := f.do(custos.RolePlanner, "POST", "/api/v1/consultations", map[string]any{"program_id": f.prog.ID, "stage": "planning",
		"feedback": []map[string]any{{"kind": "concern", "text": "x", "response": "not_incorporated"}}})
	if code != http.StatusBadRequest && code != http.StatusUnprocessableEntity {
		t.Fatalf("POST bad consultation = %d %s", code, body)
	}
	e := errorOf(t, body)
	for _, field := range []string{"title", "date", "stage", "format", "summary", "feedback[0].responded_on", "feedback[0].response_text"} {
		if _, ok := e.Fields[field]; !ok {
			t.Errorf("POST bad consultation: fields %v, want %q", e.Fields, field)
		}
	}
	var list listBody[custos.Consultation]
	_, body = f.do(custos.RoleAdmin, "GET", "/api/v1/consultations", nil)
	must(t, json.Unmarshal(body, &list))
	if len(list.Items) != 1 {
		t.Errorf("after a refused POST there are %d consultations, want 1", len(list.Items))
	}
}
