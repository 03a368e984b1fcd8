package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/google/go-cmp/cmp"
)

// TestConsultationFeedbackCommand has a partner put feedback on the record
// of a public consultation from the command line and list it with the
// program's answer; the refusals exit with a message naming the problem.
func TestConsultationFeedbackCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	run := func(stdin string, args ...string) (int, string, string) {
		t.Helper()
		return runCLI(t, dir, stdin, append(args, "--db", db)...)
	}
	ok := func(stdin string, args ...string) string {
		t.Helper()
		code, out, errs := run(stdin, args...)
		if code != 0 {
			t.Fatalf("custos %s = %d: %s %s", strings.Join(args, " "), code, out, errs)
		}
		return out
	}
	ok(`{"title":"Mopti police support","country":"ML","status":"active","releasability":"public"}`, "program", "create")
	ok(`{"program_id":1,"title":"Design workshop","date":"2026-03-10","stage":"design","format":"workshop","summary":"Heard on detention.","releasability":"public"}`,
		"consultation", "create")
	ok(`{"program_id":1,"title":"Closed meeting","date":"2026-03-11","stage":"design","format":"meeting","summary":"x"}`, "consultation", "create")
	ok("a long partner password\n", "user", "add", "pia", "--role", "partner")
	ok("a long viewer password\n", "user", "add", "wanda", "--role", "viewer")

	out := ok("", "consultation", "feedback", "1", "--kind", "concern", "--text", "Hold a session in Sévaré.", "--as", "pia")
	var fb custos.Feedback
	if err := json.Unmarshal([]byte(out), &fb); err != nil {
		t.Fatalf("consultation feedback printed %s (%v)", out, err)
	}
	if diff := cmp.Diff(custos.Feedback{ID: fb.ID, Kind: "concern", Text: "Hold a session in Sévaré.", Response: "pending", Mine: true}, fb); diff != "" || fb.ID == 0 {
		t.Errorf("consultation feedback printed (-want +got):\n%s", diff)
	}
	if got := ok("", "consultation", "get", "1"); !strings.Contains(got, `"raised_by": "pia"`) {
		t.Errorf("consultation get as the operator = %s, want the item raised by pia", got)
	}
	if got := ok("", "consultation", "get", "1", "--as", "wanda"); strings.Contains(got, "pia") {
		t.Errorf("consultation get --as a viewer = %s, want who raised it withheld", got)
	}
	list := ok("", "consultation", "my-feedback", "--as", "pia")
	if !strings.Contains(list, "Design workshop") || !strings.Contains(list, "Hold a session in Sévaré.") || !strings.Contains(list, "pending") {
		t.Errorf("consultation my-feedback = %q, want the item, pending", list)
	}

	for _, tt := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no --as", []string{"consultation", "feedback", "1", "--kind", "concern", "--text", "x"}, 2, "--as"},
		{"no id", []string{"consultation", "feedback", "--kind", "concern", "--text", "x", "--as", "pia"}, 2, "want 1 argument"},
		{"bad kind and no text", []string{"consultation", "feedback", "1", "--kind", "rumour", "--as", "pia"}, 1, "kind"},
		{"internal consultation", []string{"consultation", "feedback", "2", "--kind", "concern", "--text", "x", "--as", "pia"}, 1, "no consultation 2"},
		{"a viewer", []string{"consultation", "feedback", "1", "--kind", "concern", "--text", "x", "--as", "wanda"}, 1, "may not create"},
		{"bad response filter", []string{"consultation", "my-feedback", "--response", "maybe", "--as", "pia"}, 1, "response"},
	} {
		code, _, errs := run("", tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.want) {
			t.Errorf("%s: custos %s = %d %q, want %d mentioning %q", tt.name, strings.Join(tt.args, " "), code, errs, tt.code, tt.want)
		}
	}
	if got := ok("", "consultation", "get", "1"); strings.Count(got, `"kind"`) != 1 {
		t.Errorf("refused submissions wrote feedback: %s", got)
	}
}
