package cli

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
)

// conditionsDB makes a store with one program, an indicator with an
// approved figure of 30 and a milestone asking for 40 by 2026-06-30.
func conditionsDB(t *testing.T) (string, string, *custos.Condition) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "c.db")
	st, err := openStore(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sys := custos.WithPrincipal(context.Background(), custos.System)
	p := &custos.Program{Title: "Police complaints", Country: "ML"}
	condMust(t, st.CreateProgram(sys, p))
	r := &custos.Result{ProgramID: p.ID, Level: "outcome", Title: "Complaints investigated"}
	condMust(t, st.CreateResult(sys, r))
	ind := &custos.Indicator{ProgramID: p.ID, ResultID: r.ID, Code: "POL-3", Title: "Investigated within 90 days", Unit: "percent", Direction: "increase"}
	condMust(t, st.CreateIndicator(sys, ind))
	m := &custos.Measurement{IndicatorID: ind.ID, PeriodStart: custos.Date{Year: 2026, Month: 1, Day: 1}, PeriodEnd: custos.Date{Year: 2026, Month: 3, Day: 31},
		Value: 30, Provenance: "civil_society", Status: "submitted"}
	condMust(t, st.CreateMeasurement(sys, m))
	// Approved on 5 April 2026: evaluations as of an earlier date do not
	// see it.
	st.Now = func() time.Time { return time.Date(2026, 4, 5, 9, 0, 0, 0, time.UTC) }
	_, err = st.ReviewMeasurement(custos.WithPrincipal(context.Background(), custos.Principal{UserID: 5, Name: "reviewer", Role: custos.RoleAnalyst, Via: "test"}), m.ID, "approved", "")
	condMust(t, err)
	c := &custos.Condition{ProgramID: p.ID, Kind: "milestone", Type: "performance", Title: "Complaints investigated", Deadline: custos.Date{Year: 2026, Month: 6, Day: 30},
		Statement: "40% by mid-2026.", Criterion: `indicator["POL-3"] >= 40.0`}
	condMust(t, st.CreateCondition(sys, c))
	return dir, path, c
}

func condMust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestConditionsEvaluate(t *testing.T) {
	dir, db, c := conditionsDB(t)
	for _, tt := range []struct {
		asOf string
		want custos.ConditionStatus
	}{
		{"2026-03-01", custos.ConditionCannotEvaluate}, // the figure's period had not ended
		{"2026-04-04", custos.ConditionCannotEvaluate}, // the figure was not approved yet
		{"2026-05-01", custos.ConditionOnTrack},
		{"2026-06-15", custos.ConditionAtRisk},
		{"2026-07-01", custos.ConditionBreached},
	} {
		code, out, errs := runCLI(t, dir, "", "conditions", "evaluate", "--db", db, "--as-of", tt.asOf, "--format", "json")
		if code != 0 {
			t.Fatalf("conditions evaluate --as-of %s = %d: %s", tt.asOf, code, errs)
		}
		var run custos.EvaluationRun
		condMust(t, json.Unmarshal([]byte(out), &run))
		if len(run.Evaluations) != 1 || run.Evaluations[0].ConditionID != c.ID || run.Evaluations[0].Status != tt.want {
			t.Errorf("conditions evaluate --as-of %s = %s, want %s", tt.asOf, out, tt.want)
		}
	}
	code, out, _ := runCLI(t, dir, "", "conditions", "evaluate", "--db", db, "--as-of", "2026-07-01")
	for _, want := range []string{"breached", "Complaints investigated", `indicator["POL-3"] = 30`, "deadline = 2026-06-30", "1 conditions evaluated as of 2026-07-01: 1 breached"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("conditions evaluate (text) = %d %q, want it to contain %q", code, out, want)
		}
	}
	if code, _, errs := runCLI(t, dir, "", "conditions", "evaluate", "--db", db, "--as-of", "2026-02-30"); code == 0 || !strings.Contains(errs, "--as-of") {
		t.Errorf("conditions evaluate --as-of 2026-02-30 = %d %q, want a usage error naming --as-of", code, errs)
	}
	// A store's refusal names the flag that gave the field.
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--program", "999"}, "--program: no program with id 999"},
		{[]string{"--country", "ZZ"}, `--country: no country "ZZ"`},
	} {
		args := append([]string{"conditions", "evaluate", "--db", db}, tt.args...)
		if code, _, errs := runCLI(t, dir, "", args...); code == 0 || !strings.Contains(errs, tt.want) {
			t.Errorf("conditions evaluate %v = %d %q, want an error containing %q", tt.args, code, errs, tt.want)
		}
	}
	if code, _, errs := runCLI(t, dir, "", "vet", "nominate", "--db", db, "--program", "999", "--actor", "999"); code == 0 || !strings.Contains(errs, "--actor: no actor with id 999") {
		t.Errorf("vet nominate --actor 999 = %d %q, want an error naming --actor", code, errs)
	}

	code, out, errs := runCLI(t, dir, "", "report", "conditions", "--db", db, "--country", "ML", "--format", "csv")
	if code != 0 || !strings.Contains(out, "condition_id,title") || !strings.Contains(out, "breached") {
		t.Errorf("report conditions --format csv = %d %q %s, want the header and the breached milestone", code, out, errs)
	}
	code, out, _ = runCLI(t, dir, "", "report", "conditions", "--db", db, "--country", "ML")
	var rep custos.ConditionReport
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || len(rep.Rows) != 1 || rep.Counts[custos.ConditionBreached] != 1 {
		t.Errorf("report conditions = %d %q, want one breached row", code, out)
	}
}

// TestWatchConditions proves that the server's watch evaluates the
// conditions by itself: a condition never evaluated by hand gets its
// status (the milestone is past its deadline with 30 of 40: breached).
func TestWatchConditions(t *testing.T) {
	_, path, c := conditionsDB(t)
	st, err := openStore(context.Background(), path)
	condMust(t, err)
	defer st.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		watchConditions(ctx, st, slog.New(slog.NewTextHandler(io.Discard, nil)), 10*time.Millisecond)
		close(done)
	}()
	sys := custos.WithPrincipal(context.Background(), custos.System)
	var got *custos.Condition
	for range 500 {
		if got, err = st.FindCondition(sys, c.ID); err == nil && got.Status != "" {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
	if got == nil || got.Status != custos.ConditionBreached || got.StatusAsOf != custos.DateOf(time.Now().UTC()) {
		t.Fatalf("after the watch ran, condition = %+v (%v), want breached as of today", got, err)
	}
}
