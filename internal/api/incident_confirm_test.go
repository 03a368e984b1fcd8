package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/custos-ssa/custos"
)

// suggested stores a credible incident whose only perpetrator is a name
// the importer matched to the fixture's unit, and returns its id.
func (f *fixture) suggested() int64 {
	f.t.Helper()
	i := newTestIncident()
	i.Perpetrators = []custos.Perpetrator{{Name: "FAMa", SuggestedActorID: f.actor.ID, SuggestionScore: 0.87}}
	must(f.t, f.db.CreateIncident(sys, i))
	for _, to := range []custos.VerificationStatus{custos.StatusUnderReview, custos.StatusCredible} {
		_, err := f.db.TransitionIncident(sys, i.ID, to, "two sources")
		must(f.t, err)
	}
	return i.ID
}

// TestConfirmPerpetrator confirms and rejects suggested links through the
// API, and refuses a bad position or a perpetrator with nothing to settle,
// naming the parameter.
func TestConfirmPerpetrator(t *testing.T) {
	f := newFixture(t)
	active := &custos.Program{Title: "Counter-IED", Country: "ML", Status: "active", RecipientIDs: []int64{f.actor.ID}}
	must(t, f.db.CreateProgram(sys, active))
	id := f.suggested()
	path := func(id int64, k string, verb string) string {
		return fmt.Sprintf("/api/v1/incidents/%d/perpetrators/%s/%s", id, k, verb)
	}
	code, body := f.do(custos.RoleAnalyst, "POST", path(id, "0", "confirm"), nil)
	var i custos.Incident
	must(t, json.Unmarshal(body, &i))
	if code != http.StatusOK || len(i.Perpetrators) != 1 || i.Perpetrators[0].ActorID != f.actor.ID {
		t.Fatalf("confirm = %d %s, want 200 with the perpetrator linked to unit %d", code, body, f.actor.ID)
	}
	code, body = f.do(custos.RoleAnalyst, "GET", fmt.Sprintf("/api/v1/warnings?incident_id=%d", id), nil)
	var ws listBody[custos.Warning]
	must(t, json.Unmarshal(body, &ws))
	if code != http.StatusOK || len(ws.Items) != 1 || ws.Items[0].RecordID != active.ID {
		t.Errorf("warnings after confirming a unit on a credible incident = %d %s, want one on program %d", code, body, active.ID)
	}
	for _, tt := range []struct {
		path  string
		code  int
		field string
	}{
		{path(id, "0", "confirm"), http.StatusConflict, "perpetrators[0].actor_id"},
		{path(id, "x", "confirm"), http.StatusBadRequest, "k"},
		{path(id, "-1", "reject"), http.StatusBadRequest, "k"},
		{path(id, "5", "reject"), http.StatusNotFound, ""},
		{path(id+1000, "0", "confirm"), http.StatusNotFound, ""},
	} {
		code, body := f.do(custos.RoleAnalyst, "POST", tt.path, nil)
		if code != tt.code {
			t.Errorf("POST %s = %d %s, want %d", tt.path, code, body, tt.code)
			continue
		}
		if tt.field != "" {
			if e := errorOf(t, body); e.Fields[tt.field] == "" {
				t.Errorf("POST %s error fields = %v, want one naming %q", tt.path, e.Fields, tt.field)
			}
		}
	}
	other := f.suggested()
	code, body = f.do(custos.RoleAdmin, "POST", path(other, "0", "reject"), nil)
	i = custos.Incident{}
	must(t, json.Unmarshal(body, &i))
	if code != http.StatusOK || i.Perpetrators[0].SuggestedActorID != 0 || i.Perpetrators[0].Resolved() || i.Perpetrators[0].Name != "FAMa" {
		t.Errorf("reject = %d %s, want 200 with the suggestion cleared and the name kept", code, body)
	}
}
