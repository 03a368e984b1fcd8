package cli

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/api"
	"github.com/custos-ssa/custos/internal/password"
	"github.com/custos-ssa/custos/internal/store"
	_ "modernc.org/sqlite"
)

func init() { store.PasswordParams = password.Params{Time: 1, Memory: 64, Threads: 1, KeyLen: 16} }

// runCLI runs the command with args and stdin and returns the exit status,
// standard output and standard error.
func runCLI(t *testing.T, dir, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{
		Args:   append([]string{"custos"}, args...),
		Getenv: func(k string) string { return map[string]string{"CUSTOS_DATA_DIR": dir}[k] },
		Stdin:  strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
	}
	code := Run(context.Background(), env)
	return code, out.String(), errb.String()
}

func TestUserTokenAPI(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	if code, out, errs := runCLI(t, dir, "a long planner password\n", "user", "add", "pat", "--role", "planner", "--db", db); code != 0 {
		t.Fatalf("user add = %d: %s %s", code, out, errs)
	}
	if code, _, errs := runCLI(t, dir, "short\n", "user", "add", "sam", "--role", "planner", "--db", db); code != 1 || !strings.Contains(errs, "password") {
		t.Errorf("user add with a short password = %d %q, want 1 and a message naming the password", code, errs)
	}
	if code, _, errs := runCLI(t, dir, "a long enough password\n", "user", "add", "sam", "--role", "king", "--db", db); code != 1 || !strings.Contains(errs, "role") {
		t.Errorf("user add --role king = %d %q, want 1 naming the role", code, errs)
	}
	code, out, errs := runCLI(t, dir, "", "token", "create", "pat", "--label", "ci", "--db", db)
	if code != 0 {
		t.Fatalf("token create = %d: %s", code, errs)
	}
	token := strings.TrimSpace(out)

	// The API accepts the token as a Bearer token, as the planner.
	st, err := openStore(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv := api.New(api.Deps{Store: st})
	req := httptest.NewRequest("GET", "/api/v1/session", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	var who struct{ Name, Role, Via string }
	json.Unmarshal(rec.Body.Bytes(), &who)
	if rec.Code != 200 || who.Name != "pat" || who.Role != "planner" || who.Via != "token" {
		t.Errorf("API with the CLI's token = %d %+v, want pat/planner/token", rec.Code, who)
	}
	if code, out, _ := runCLI(t, dir, "", "user", "list", "--db", db); code != 0 || !strings.Contains(out, "pat") {
		t.Errorf("user list = %d %q", code, out)
	}
	if code, out, _ := runCLI(t, dir, "", "token", "list", "--db", db); code != 0 || !strings.Contains(out, "ci") {
		t.Errorf("token list = %d %q", code, out)
	}
}

func TestRecordCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	runCLI(t, dir, "a long viewer password\n", "user", "add", "vic", "--role", "viewer", "--db", db)
	code, out, errs := runCLI(t, dir, `{"country":"ML","kind":"army","name":"Armée de Terre","names":[{"value":"الجيش","lang":"ar"}]}`, "actor", "create", "--db", db)
	if code != 0 {
		t.Fatalf("actor create = %d: %s", code, errs)
	}
	var a custos.Actor
	if err := json.Unmarshal([]byte(out), &a); err != nil || a.ID == 0 {
		t.Fatalf("actor create printed %q", out)
	}
	if code, out, _ := runCLI(t, dir, "", "actor", "list", "country=ML", "--db", db); code != 0 || !strings.Contains(out, "Armée de Terre") {
		t.Errorf("actor list country=ML = %d %q", code, out)
	}
	if code, _, errs := runCLI(t, dir, "", "actor", "list", "colour=red", "--db", db); code != 1 || !strings.Contains(errs, "colour") {
		t.Errorf("actor list colour=red = %d %q, want 1 naming colour", code, errs)
	}
	if code, out, _ := runCLI(t, dir, `{"description":"Land forces"}`, "actor", "update", "1", "--db", db); code != 0 || !strings.Contains(out, "Land forces") {
		t.Errorf("actor update = %d %q", code, out)
	}
	// A viewer may read but not change.
	if code, _, errs := runCLI(t, dir, `{"description":"x"}`, "actor", "update", "1", "--as", "vic", "--db", db); code != 1 || !strings.Contains(errs, "may not") {
		t.Errorf("actor update --as viewer = %d %q, want refused", code, errs)
	}
	if code, _, errs := runCLI(t, dir, `{"country":"Mali","kind":"army","name":"x"}`, "actor", "create", "--db", db); code != 1 || !strings.Contains(errs, "country") {
		t.Errorf("actor create with a bad country = %d %q", code, errs)
	}
	if code, out, _ := runCLI(t, dir, "", "country", "get", "ML", "--db", db); code != 0 || !strings.Contains(out, "Mali") {
		t.Errorf("country get ML = %d %q", code, out)
	}
	if code, out, _ := runCLI(t, dir, "", "actor", "delete", "1", "--db", db); code != 0 || !strings.Contains(out, "deleted") {
		t.Errorf("actor delete = %d %q", code, out)
	}
}

func TestAuditVerify(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	runCLI(t, dir, `{"name":"Institute for Security Governance","kind":"implementer"}`, "organization", "create", "--db", db)
	runCLI(t, dir, `{"abbrev":"ISG"}`, "organization", "update", "1", "--db", db)
	code, out, _ := runCLI(t, dir, "", "audit", "verify", "--db", db)
	if code != 0 || !strings.Contains(out, "intact: 2 entries") {
		t.Fatalf("audit verify = %d %q, want intact with 2 entries", code, out)
	}
	head := strings.Fields(out)[len(strings.Fields(out))-1]
	if code, _, _ := runCLI(t, dir, "", "audit", "verify", "--expect-head", head, "--db", db); code != 0 {
		t.Errorf("audit verify --expect-head (current head) = %d, want 0", code)
	}
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, s := range []string{`DROP TRIGGER audit_no_update`, `UPDATE audit SET user_name = 'mallory' WHERE seq = 1`} {
		if _, err := raw.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	code, out, _ = runCLI(t, dir, "", "audit", "verify", "--db", db)
	if code != 1 || !strings.Contains(out, "TAMPERED") || !strings.Contains(out, "entry 1") {
		t.Errorf("audit verify after tampering = %d %q, want 1 naming entry 1", code, out)
	}
	if code, out, _ := runCLI(t, dir, "", "audit", "list", "--db", db); code != 0 || !strings.Contains(out, "organization 1") {
		t.Errorf("audit list = %d %q", code, out)
	}
}

func TestUsageAndHelp(t *testing.T) {
	dir := t.TempDir()
	if code, _, _ := runCLI(t, dir, ""); code != 2 {
		t.Errorf("custos with no command = %d, want 2", code)
	}
	if code, _, _ := runCLI(t, dir, "", "frobnicate"); code != 2 {
		t.Errorf("custos frobnicate = %d, want 2", code)
	}
	for _, c := range commands() {
		code, _, errs := runCLI(t, dir, "", c.name, "--help")
		if code != 0 || !strings.Contains(errs+"", "Usage: custos "+c.name) {
			t.Errorf("custos %s --help = %d %q, want 0 and a usage line", c.name, code, errs)
		}
	}
	if code, out, _ := runCLI(t, dir, "", "version"); code != 0 || !strings.HasPrefix(out, "custos ") {
		t.Errorf("custos version = %d %q", code, out)
	}
	if code, _, _ := runCLI(t, dir, "", "serve", "--addr"); code != 2 {
		t.Errorf("custos serve --addr (no value) = %d, want 2", code)
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:secret@h:5432/db": "postgres://u:***@h:5432/db",
		"postgres://u@h/db":             "postgres://u@h/db",
		"/var/lib/custos/custos.db":     "/var/lib/custos/custos.db",
	} {
		if got := redact(in); got != want {
			t.Errorf("redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestImportCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	code, out, errs := runCLI(t, dir, "", "import", "fmtr", "--db", db, "../ingest/fmtr/testdata/sample.tsv")
	if code != 0 || !strings.HasPrefix(out, "imported ") || !strings.Contains(out, "countries unresolved") {
		t.Fatalf("import fmtr = %d %q %q", code, out, errs)
	}
	code, out, _ = runCLI(t, dir, "", "import", "template", "actors")
	if code != 0 || !strings.HasPrefix(strings.TrimPrefix(out, "\uFEFF"), "key,country,kind,name") {
		t.Fatalf("import template actors = %d %q", code, out)
	}
	csvPath := filepath.Join(dir, "actors.csv")
	os.WriteFile(csvPath, []byte("key,country,kind,name\na1,ML,army,Armée de Terre\n"), 0o600)
	if code, out, errs := runCLI(t, dir, "", "import", "actors", "--db", db, csvPath); code != 0 || !strings.Contains(out, "1 created") {
		t.Errorf("import actors = %d %q %q", code, out, errs)
	}
	os.WriteFile(csvPath, []byte("key,country,kind,name\na2,Mali,army,X\n"), 0o600)
	if code, _, errs := runCLI(t, dir, "", "import", "actors", "--db", db, csvPath); code != 1 || !strings.Contains(errs, "row 2, column country") {
		t.Errorf("import actors with a bad country = %d %q, want 1 naming row 2, column country", code, errs)
	}
	if code, _, _ := runCLI(t, dir, "", "import", "lizards", "--db", db, csvPath); code != 2 {
		t.Errorf("import lizards = %d, want 2", code)
	}
}
