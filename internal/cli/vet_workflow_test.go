package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
)

// TestVetWorkflow runs the vetting workflow from the command line: import a
// list, nominate, screen, judge, decide as one user, fail to concur as the
// same user, concur as another, and see the barred list.
func TestVetWorkflow(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	for _, u := range []string{"vera", "victor"} {
		if code, _, errs := runCLI(t, dir, "a long vetter password\n", "user", "add", u, "--role", "vetter", "--db", db); code != 0 {
			t.Fatalf("user add %s = %d: %s", u, code, errs)
		}
	}
	runIn := func(stdin string, want int, args ...string) string {
		t.Helper()
		code, out, errs := runCLI(t, dir, stdin, append(args, "--db", db)...)
		if code != want {
			t.Fatalf("custos %s = %d, want %d: %s%s", strings.Join(args, " "), code, want, out, errs)
		}
		return out + errs
	}
	run := func(want int, args ...string) string {
		t.Helper()
		return runIn("", want, args...)
	}
	unit := runIn(`{"country":"ML","kind":"army","name":"33e Régiment de Commandos Parachutistes"}`, 0, "actor", "create")
	var actor custos.Actor
	if err := json.Unmarshal([]byte(unit), &actor); err != nil {
		t.Fatalf("actor create output %q: %v", unit, err)
	}
	list := filepath.Join(dir, "sdn.csv")
	os.WriteFile(list, []byte("id,kind,name,aliases,birth_date,gender,nationality,unit,parent_unit\nS1,unit,33e Régiment de Commandos Parachutistes,33e RCP,,,ML,,\n"), 0o600)
	if out := run(0, "vet", "import-list", "--name", "OFAC SDN", list, "--as", "vera"); !strings.Contains(out, "1 added") {
		t.Errorf("import-list output %q, want 1 added", out)
	}
	run(2, "vet", "import-list", list) // no --name
	prog := runIn(`{"title":"Training","country":"ML"}`, 0, "program", "create")
	var p custos.Program
	if err := json.Unmarshal([]byte(prog), &p); err != nil {
		t.Fatalf("program create output %q: %v", prog, err)
	}
	out := run(0, "vet", "nominate", "--actor", fmt.Sprint(actor.ID), "--program", fmt.Sprint(p.ID), "--as", "vera")
	if !strings.Contains(out, "nomination 1") || !strings.Contains(out, "pending") {
		t.Errorf("nominate output %q", out)
	}
	if out := run(0, "vet", "screen-nominations", "--as", "vera"); !strings.Contains(out, "1 hit(s)") {
		t.Errorf("screen-nominations output %q, want 1 hit", out)
	}
	var n custos.Nomination
	if err := json.Unmarshal([]byte(run(0, "vet", "show", "1", "--json", "--as", "vera")), &n); err != nil || len(n.Hits) != 1 {
		t.Fatalf("vet show: %+v, %v", n, err)
	}
	run(0, "vet", "judge", "--hit", fmt.Sprint(n.Hits[0].ID), "--verdict", "same", "--reason", "same regiment, 2012 abuses", "--as", "vera")
	if out := run(1, "vet", "decide", "--nomination", "1", "--outcome", "denied", "--as", "vera"); !strings.Contains(out, "reason") {
		t.Errorf("decide without a reason: %q, want the reason named", out)
	}
	t.Cleanup(func() { store.VettingValidity = store.Period{Years: custos.DefaultVettingYears} })
	run(2, "vet", "decide", "--vetting-validity", "forever", "--nomination", "1")
	out = run(0, "vet", "decide", "--nomination", "1", "--outcome", "denied", "--reason", "credible information", "--evidence", "https://example.org/r",
		"--vetting-validity", "90d", "--publish", "--as", "vera")
	if want := custos.DateOf(time.Now().UTC().AddDate(0, 0, 90)).String(); !strings.Contains(out, "expires "+want) {
		t.Errorf("decide with --vetting-validity 90d: %q, want it to expire on %s", out, want)
	}
	if out := run(1, "vet", "concur", "--decision", "1", "--as", "vera"); !strings.Contains(out, "four eyes") {
		t.Errorf("self-concurrence: %q, want a four-eyes refusal", out)
	}
	if out := run(0, "vet", "concur", "--decision", "1", "--as", "victor"); !strings.Contains(out, "in force") {
		t.Errorf("concur output %q", out)
	}
	run(0, "vet", "remediate", "--decision", "1", "--date", "2025-01-15", "--step", "Commander relieved", "--as", "victor")
	if out := run(0, "vet", "barred"); !strings.Contains(out, "33e Régiment") || !strings.Contains(out, "ML") {
		t.Errorf("barred output %q", out)
	}
	if out := run(0, "vet", "publish", "--decision", "1", "--withdraw", "--reason", "withheld for the investigation", "--as", "vera"); !strings.Contains(out, "off the public list") {
		t.Errorf("publish --withdraw output %q", out)
	}
	if out := run(0, "vet", "barred"); strings.Contains(out, "33e Régiment") {
		t.Errorf("barred output after withdrawal %q, want the unit gone", out)
	}
	if out := run(1, "vet", "publish", "--decision", "1", "--as", "vera"); !strings.Contains(out, "reason") {
		t.Errorf("publish without a reason: %q, want the reason named", out)
	}
	if out := run(0, "vet", "list", "--as", "vera"); !strings.Contains(out, "denied") {
		t.Errorf("list output %q, want the nomination denied", out)
	}
	run(2, "vet", "frobnicate")
}
