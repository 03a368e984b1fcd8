package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
)

// TestIncidentConfirm confirms one suggested perpetrator link and rejects
// another from the command line, and refuses bad arguments naming them.
func TestIncidentConfirm(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	code, out, errs := runCLI(t, dir, `{"country":"ML","kind":"army","name":"Armée de Terre"}`, "actor", "create", "--db", db)
	if code != 0 {
		t.Fatalf("actor create = %d %s", code, errs)
	}
	var unit custos.Actor
	if err := json.Unmarshal([]byte(out), &unit); err != nil {
		t.Fatalf("actor create printed %q: %v", out, err)
	}
	in := fmt.Sprintf(`{"title":"Arrests in Mopti","category":"arbitrary_detention","date":"2024-03-05","place":{"country":"ML"},
		"perpetrators":[{"name":"FAMa","suggested_actor_id":%d,"suggestion_score":0.9},{"name":"Armée","suggested_actor_id":%[1]d,"suggestion_score":0.6}]}`, unit.ID)
	code, out, errs = runCLI(t, dir, in, "incident", "create", "--db", db)
	if code != 0 {
		t.Fatalf("incident create = %d %s", code, errs)
	}
	var i custos.Incident
	if err := json.Unmarshal([]byte(out), &i); err != nil {
		t.Fatalf("incident create printed %q: %v", out, err)
	}
	id := fmt.Sprint(i.ID)

	code, out, errs = runCLI(t, dir, "", "incident", "confirm", id, "0", "--db", db)
	var got custos.Incident
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil || got.Perpetrators[0].ActorID != unit.ID {
		t.Fatalf("incident confirm %s 0 = %d %q %s, want perpetrator 0 linked to unit %d", id, code, out, errs, unit.ID)
	}
	code, out, errs = runCLI(t, dir, "", "incident", "reject-suggestion", "--db", db, id, "1")
	got = custos.Incident{}
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil || got.Perpetrators[1].SuggestedActorID != 0 || got.Perpetrators[1].Resolved() {
		t.Fatalf("incident reject-suggestion %s 1 = %d %q %s, want the suggestion cleared", id, code, out, errs)
	}
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"confirm", id, "0"}, 1, "already linked"},
		{[]string{"confirm", id, "1"}, 1, "no suggested unit"},
		{[]string{"confirm", id, "7"}, 1, "no perpetrator 7"},
		{[]string{"confirm", id, "first"}, 1, "K: \"first\""},
		{[]string{"reject-suggestion", "x", "0"}, 1, "ID: \"x\""},
		{[]string{"confirm", id}, 2, "want 2 arguments"},
	} {
		code, out, errs := runCLI(t, dir, "", append(append([]string{"incident"}, tt.args...), "--db", db)...)
		if code != tt.code || out != "" || !strings.Contains(errs, tt.want) {
			t.Errorf("incident %v = %d %q %q, want %d and a message with %q", tt.args, code, out, errs, tt.code, tt.want)
		}
	}
	code, _, errs = runCLI(t, dir, "", "incident", "confirm", id, "0", "--as", "nobody", "--db", db)
	if code == 0 {
		t.Errorf("incident confirm --as nobody = 0 %s, want a failure", errs)
	}
}
