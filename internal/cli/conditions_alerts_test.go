package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestConditionsAlerts lists the alerts three evaluate runs raised (the
// first status raises none; on track to at risk, at risk to breached),
// as any later look, such as a script polling after the server's watch,
// would find them.
func TestConditionsAlerts(t *testing.T) {
	dir, db, c := conditionsDB(t)
	for _, asOf := range []string{"2026-05-01", "2026-06-15", "2026-07-01"} {
		if code, _, errs := runCLI(t, dir, "", "conditions", "evaluate", "--db", db, "--as-of", asOf); code != 0 {
			t.Fatalf("conditions evaluate --as-of %s = %d: %s", asOf, code, errs)
		}
	}
	if code, _, errs := runCLI(t, dir, "a long partner password\n", "user", "add", "pia", "--role", "partner", "--db", db); code != 0 {
		t.Fatalf("user add = %d: %s", code, errs)
	}
	all := []string{"2026-07-01 at_risk->breached", "2026-06-15 on_track->at_risk"}

	// list runs the command with --format json and names each alert by its
	// date and change.
	list := func(t *testing.T, args ...string) ([]string, string) {
		t.Helper()
		code, out, errs := runCLI(t, dir, "", append([]string{"conditions", "alerts", "--db", db, "--format", "json"}, args...)...)
		var got alertList
		if code != 0 || json.Unmarshal([]byte(out), &got) != nil {
			t.Fatalf("conditions alerts %v = %d %q %s, want a JSON list", args, code, out, errs)
		}
		lines := []string{}
		for _, a := range got.Items {
			if a.ConditionID != c.ID {
				t.Errorf("alert %+v is not of condition %d", a, c.ID)
			}
			lines = append(lines, fmt.Sprintf("%s %s->%s", a.AsOf, a.Previous, a.Status))
		}
		return lines, got.Next
	}
	code, out, _ := runCLI(t, dir, "", "conditions", "alerts", "--db", db, "--format", "json")
	var raw alertList
	condMust(t, json.Unmarshal([]byte(out), &raw))
	if code != 0 || len(raw.Items) != 2 {
		t.Fatalf("conditions alerts = %d %s, want two alerts", code, out)
	}
	newest := raw.Items[0].CreatedAt

	for _, tt := range []struct {
		name string
		args []string
		want []string
		next bool
	}{
		{name: "every alert, newest first", want: all},
		{name: "since a date: from midnight UTC", args: []string{"--since", newest.UTC().Format("2006-01-02")}, want: all},
		{name: "since a time: raised then or later", args: []string{"--since", newest.Format(time.RFC3339Nano)}, want: all[:1]},
		{name: "nothing new", args: []string{"--since", "2099-01-01"}, want: []string{}},
		{name: "to a status", args: []string{"--status", "at_risk"}, want: all[1:]},
		{name: "of one condition", args: []string{"--condition", fmt.Sprint(c.ID)}, want: all},
		{name: "of another condition", args: []string{"--condition", fmt.Sprint(c.ID + 1)}, want: []string{}},
		{name: "a page", args: []string{"--limit", "1"}, want: all[:1], next: true},
		{name: "the next page", args: []string{"--limit", "1", "--after", fmt.Sprint(raw.Items[0].ID)}, want: all[1:]},
		{name: "as a user who may not see the condition's program", args: []string{"--as", "pia"}, want: []string{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, next := list(t, tt.args...)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("conditions alerts %v mismatch (-want +got):\n%s", tt.args, diff)
			}
			if (next != "") != tt.next {
				t.Errorf("conditions alerts %v next = %q, want a cursor: %v", tt.args, next, tt.next)
			}
		})
	}

	// The text table names the condition and the change.
	code, out, errs := runCLI(t, dir, "", "conditions", "alerts", "--db", db)
	for _, want := range []string{"RAISED", "Complaints investigated", "at_risk", "breached", "2026-07-01"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("conditions alerts (text) = %d %q %s, want it to contain %q", code, out, errs, want)
		}
	}
	code, out, _ = runCLI(t, dir, "", "conditions", "alerts", "--db", db, "--since", "2099-01-01")
	if code != 0 || !strings.Contains(out, "No condition has changed status") {
		t.Errorf("conditions alerts --since 2099-01-01 (text) = %d %q, want a line saying so", code, out)
	}

	for _, tt := range []struct {
		args     []string
		code     int
		mentions string
	}{
		{[]string{"--since", "yesterday"}, 2, "--since"},
		{[]string{"--since", "2026-02-30"}, 2, "--since"},
		{[]string{"--format", "csv"}, 2, "--format"},
		{[]string{"--limit", "0"}, 2, "--limit"},
		{[]string{"--status", "fine"}, 1, "status"},
		{[]string{"--as", "nobody"}, 1, "nobody"},
	} {
		code, _, errs := runCLI(t, dir, "", append([]string{"conditions", "alerts", "--db", db}, tt.args...)...)
		if code != tt.code || !strings.Contains(errs, tt.mentions) {
			t.Errorf("conditions alerts %v = %d %q, want %d and a message naming %s", tt.args, code, errs, tt.code, tt.mentions)
		}
	}

	// The usage names the new subcommand.
	if _, _, errs := runCLI(t, dir, "", "conditions", "--help"); !strings.Contains(errs, "custos conditions alerts [--since") {
		t.Errorf("conditions --help = %q, want the alerts subcommand", errs)
	}
}
