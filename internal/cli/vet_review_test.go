package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store/sqlite"
	"github.com/custos-ssa/custos/internal/store/storetest"
)

// TestVetReviews lists the approvals flagged for review by a credible
// incident and resolves one from the command line; a missing reason or id
// is refused, and a planner may not list them.
func TestVetReviews(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	sys := custos.WithPrincipal(context.Background(), custos.System)
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	unit := &custos.Actor{Country: "ML", Kind: "army", Name: "33e Régiment de Commandos Parachutistes", Releasability: custos.Internal}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.CreateActor(sys, unit))
	prog := &custos.Program{Title: "Training", Country: "ML"}
	must(st.CreateProgram(sys, prog))
	storetest.ApproveVetting(t, st, prog.ID, []int64{unit.ID}, nil)
	i := &custos.Incident{Title: "Killing near Mopti", Category: "extrajudicial_killing", Date: custos.Date{Year: 2024, Month: 3, Day: 5},
		Place: custos.Place{Country: "ML"}, Perpetrators: []custos.Perpetrator{{ActorID: unit.ID, Role: "direct"}}}
	must(st.CreateIncident(sys, i))
	for _, step := range []custos.VerificationStatus{custos.StatusUnderReview, custos.StatusCredible} {
		_, err := st.TransitionIncident(sys, i.ID, step, "corroborated")
		must(err)
	}
	st.Close()

	run := func(want int, args ...string) string {
		t.Helper()
		code, out, errs := runCLI(t, dir, "", append(args, "--db", db)...)
		if code != want {
			t.Fatalf("custos %s = %d, want %d: %s%s", strings.Join(args, " "), code, want, out, errs)
		}
		return out + errs
	}
	out := run(0, "vet", "reviews")
	if !strings.Contains(out, "unit "+fmt.Sprint(unit.ID)) || !strings.Contains(out, unit.Name) || !strings.Contains(out, "review due") {
		t.Errorf("vet reviews output %q, want the unit with its review due", out)
	}
	var list []*custos.VettingReview
	if err := json.Unmarshal([]byte(run(0, "vet", "reviews", "--json")), &list); err != nil || len(list) != 1 {
		t.Fatalf("vet reviews --json = %v (%v), want one review", list, err)
	}
	id := fmt.Sprint(list[0].ID)
	run(2, "vet", "review-resolve", "--reason", "x")
	if out := run(1, "vet", "review-resolve", id); !strings.Contains(out, "reason") {
		t.Errorf("review-resolve without a reason: %q, want the field named", out)
	}
	if code, _, errs := runCLI(t, dir, "a long planner password\n", "user", "add", "pat", "--role", "planner", "--db", db); code != 0 {
		t.Fatalf("user add = %d: %s", code, errs)
	}
	if out := run(1, "vet", "reviews", "--as", "pat"); strings.Contains(out, unit.Name) {
		t.Errorf("vet reviews as a planner named the unit: %q", out)
	}
	if out := run(0, "vet", "review-resolve", id, "--reason", "the regiment was not deployed on the day"); !strings.Contains(out, "stands") {
		t.Errorf("review-resolve output %q", out)
	}
	if out := run(0, "vet", "reviews"); strings.Contains(out, unit.Name) {
		t.Errorf("vet reviews after resolving still lists it: %q", out)
	}
	if out := run(0, "vet", "reviews", "--all"); !strings.Contains(out, "approval stands") {
		t.Errorf("vet reviews --all output %q, want the resolution", out)
	}
}
