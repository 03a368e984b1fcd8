package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/google/go-cmp/cmp"
)

// TestIncidentTransition moves an incident's verification from the command
// line, refuses a status sent through "incident update" (naming the
// transition command) and coordinates outside the incident's country, and
// refuses bad arguments naming them.
func TestIncidentTransition(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	code, out, errs := runCLI(t, dir, `{"title":"Arrests in Mopti","category":"arbitrary_detention","date":"2024-03-05","place":{"country":"ML"}}`,
		"incident", "create", "--db", db)
	var i custos.Incident
	if code != 0 || json.Unmarshal([]byte(out), &i) != nil {
		t.Fatalf("incident create = %d %q %s", code, out, errs)
	}
	id := fmt.Sprint(i.ID)
	type result struct {
		Code   int
		Status custos.VerificationStatus // printed, on success
		Says   bool                      // standard error says what the test looks for
	}
	tests := []struct {
		name  string
		stdin string
		args  []string
		says  string
		want  result
	}{
		{"update sends a status", `{"status":"confirmed"}`, []string{"update", id}, "custos incident transition " + id + " --to confirmed", result{1, "", true}},
		{"to review", "", []string{"transition", id, "--to", "under_review", "--reason", "two witnesses"}, "", result{0, "under_review", false}},
		{"update keeps the status", `{"status":"under_review","title":"Arrests in Mopti town"}`, []string{"update", id}, "", result{0, "under_review", false}},
		{"review to confirmed", "", []string{"transition", id, "--to", "confirmed", "--reason", "x"}, "cannot move from under_review to confirmed", result{1, "", true}},
		{"no reason", "", []string{"transition", id, "--to", "credible"}, "reason", result{1, "", true}},
		{"to credible", "", []string{"transition", "--to", "credible", "--reason", "corroborated by a UN report", id}, "", result{0, "credible", false}},
		{"back to reported", "", []string{"transition", id, "--to", "reported", "--reason", "x"}, "--to must be", result{2, "", true}},
		{"unknown status", "", []string{"transition", id, "--to", "true", "--reason", "x"}, "--to must be", result{2, "", true}},
		{"no id", "", []string{"transition", "--to", "credible", "--reason", "x"}, "want 1 argument", result{2, "", true}},
		{"bad id", "", []string{"transition", "x", "--to", "credible", "--reason", "x"}, `ID: "x"`, result{1, "", true}},
		{"no such incident", "", []string{"transition", "999", "--to", "under_review", "--reason", "x"}, "999", result{1, "", true}},
		{"Paris in Mali", `{"place":{"latitude":48.85,"longitude":2.35}}`, []string{"update", id}, "outside Mali", result{1, "", true}},
	}
	var want, got []result
	for _, tt := range tests {
		code, out, errs := runCLI(t, dir, tt.stdin, append(append([]string{"incident"}, tt.args...), "--db", db)...)
		r := result{Code: code, Says: tt.says != "" && strings.Contains(errs, tt.says)}
		var printed custos.Incident
		if code == 0 && json.Unmarshal([]byte(out), &printed) == nil {
			r.Status = printed.Status
		}
		want, got = append(want, tt.want), append(got, r)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("incident commands (-want +got):\n%s", diff)
	}
	_, out, _ = runCLI(t, dir, "", "incident", "get", id, "--db", db)
	var stored custos.Incident
	if err := json.Unmarshal([]byte(out), &stored); err != nil || stored.Status != custos.StatusCredible || len(stored.Verifications) != 2 ||
		stored.Title != "Arrests in Mopti town" || stored.Place.Latitude != nil {
		t.Errorf("incident get = %+v (%v), want credible after two recorded steps, renamed, without coordinates", stored, err)
	}
}
