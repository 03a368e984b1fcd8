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

// newDenial records a denial in force of a new nomination of the
// fixture's unit, not published, and returns its id.
func newDenial(f *fixture) int64 {
	f.t.Helper()
	return storetest.Decide(f.t, f.db, newNomination(f), custos.Denied).ID
}

// TestBarredPublication publishes a denial through the API, with the
// proposal's flag and the concurrence, and by the publish action, and
// refuses bad requests naming the field.
func TestBarredPublication(t *testing.T) {
	f := newFixture(t)
	barred := func() []*custos.BarredUnit {
		t.Helper()
		_, body := f.do("", "GET", "/api/v1/vetting/barred-units", nil)
		var b barredBody
		must(t, json.Unmarshal(body, &b))
		return b.Items
	}
	id := newDenial(f)
	if got := barred(); len(got) != 0 {
		t.Fatalf("barred units before publication = %v, want none", got)
	}
	path := fmt.Sprintf("/api/v1/vetting/decisions/%d/publication", id)
	for _, tt := range []struct {
		body  any
		code  int
		field string
	}{
		{map[string]any{"reason": "x"}, http.StatusBadRequest, "publish"},
		{map[string]any{"publish": true}, http.StatusBadRequest, "reason"},
		{map[string]any{"publish": false, "reason": "x"}, http.StatusConflict, ""},
	} {
		code, body := f.do(custos.RoleVetter, "POST", path, tt.body)
		if code != tt.code {
			t.Errorf("POST %s %v = %d %s, want %d", path, tt.body, code, body, tt.code)
			continue
		}
		if tt.field != "" {
			if e := errorOf(t, body); e.Fields[tt.field] == "" {
				t.Errorf("POST %s %v error fields = %v, want one naming %q", path, tt.body, e.Fields, tt.field)
			}
		}
	}
	code, body := f.do(custos.RoleVetter, "POST", path, map[string]any{"publish": true, "reason": "named by the ministry"})
	var d custos.VettingDecision
	must(t, json.Unmarshal(body, &d))
	if code != http.StatusOK || !d.Publish || d.PublishedBy == "" {
		t.Fatalf("publish = %d %s, want the decision published", code, body)
	}
	if got := barred(); len(got) != 1 || got[0].ActorID != f.actor.ID {
		t.Errorf("barred units after publication = %v, want unit %d", got, f.actor.ID)
	}

	// A proposal with the flag: published with the concurrence.
	f.do(custos.RoleVetter, "POST", path, map[string]any{"publish": false, "reason": "withheld"})
	n := newNomination(f)
	_, err := f.db.ScreenNominations(storetest.VetterA, []int64{n.ID})
	must(t, err)
	code, body = f.do(custos.RoleVetter, "POST", "/api/v1/vetting/decisions", map[string]any{"nomination_id": n.ID, "outcome": "denied", "reason": "credible", "evidence": []string{"https://example.org/fictional-report"}, "publish": true})
	must(t, json.Unmarshal(body, &d))
	if code != http.StatusCreated || !d.Publish {
		t.Fatalf("propose with publish = %d %s", code, body)
	}
	if got := barred(); len(got) != 0 {
		t.Errorf("barred units before concurrence = %v, want none", got)
	}
	if code, body := f.do(custos.RoleAdmin, "POST", fmt.Sprintf("/api/v1/vetting/decisions/%d/concurrence", d.ID), map[string]any{"note": "agreed"}); code != 200 {
		t.Fatalf("concur = %d %s", code, body)
	}
	got := barred()
	if len(got) != 1 || got[0].ActorID != f.actor.ID {
		t.Errorf("barred units after concurrence = %v, want unit %d", got, f.actor.ID)
	}
	_, body = f.do("", "GET", "/api/v1/vetting/barred-units", nil)
	for _, secret := range []string{"credible", "agreed", f.person.Name, "vetter"} {
		if strings.Contains(string(body), secret) {
			t.Errorf("the public list shows %q: %s", secret, body)
		}
	}
}
