package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
)

// TestConsultationCommand records a consultation from the command line,
// lists and shows it, refuses a bad one naming the fields, and shows a
// viewer (--as) the record without who asked not to be named.
func TestConsultationCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	ok := func(stdin string, args ...string) string {
		t.Helper()
		code, out, errs := runCLI(t, dir, stdin, append(args, "--db", db)...)
		if code != 0 {
			t.Fatalf("custos %s = %d: %s %s", strings.Join(args, " "), code, out, errs)
		}
		return out
	}
	ok(`{"title":"Mopti police support","country":"ML","status":"active"}`, "program", "create")
	ok(`{"name":"Collectif des femmes de Mopti","kind":"civil_society","country":"ML"}`, "organization", "create")
	ok("a long viewer password\n", "user", "add", "wanda", "--role", "viewer")
	out := ok(`{"program_id":1,"title":"Design workshop","date":"2026-03-10","stage":"design","format":"workshop","summary":"Heard on detention.",
		"outside_capital":true,"organizations":[{"organization_id":1,"withheld":true}],
		"feedback":[{"kind":"concern","text":"Detention beyond 48 hours.","raised_by":"A lawyer","response":"incorporated","response_text":"Module added.","responded_on":"2026-04-02"}]}`,
		"consultation", "create")
	var c custos.Consultation
	if err := json.Unmarshal([]byte(out), &c); err != nil || c.ID != 1 || len(c.Feedback) != 1 || c.Feedback[0].ID == 0 {
		t.Fatalf("consultation create printed %s (%v)", out, err)
	}
	if list := ok("", "consultation", "list", "program_id=1"); !strings.Contains(list, "Design workshop") || !strings.Contains(list, "design") {
		t.Errorf("consultation list = %q, want the workshop", list)
	}
	if got := ok("", "consultation", "get", "1"); !strings.Contains(got, "A lawyer") {
		t.Errorf("consultation get as the operator = %s, want who raised the feedback", got)
	}
	got := ok("", "consultation", "get", "1", "--as", "wanda")
	if strings.Contains(got, "A lawyer") || strings.Contains(got, `"organization_id"`) || !strings.Contains(got, `"identities_withheld": true`) {
		t.Errorf("consultation get --as a viewer = %s, want identities withheld", got)
	}
	code, _, errs := runCLI(t, dir, `{"program_id":1,"stage":"planning"}`, "consultation", "create", "--db", db)
	if code != 1 || !strings.Contains(errs, "stage") || !strings.Contains(errs, "summary") {
		t.Errorf("consultation create (bad) = %d %q, want 1 naming stage and summary", code, errs)
	}
}
