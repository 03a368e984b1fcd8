package api

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
)

func TestConditionAPI(t *testing.T) {
	f := newFixture(t)
	r := condFixture(f)

	// A criterion that does not compile is refused with its line and
	// column, and nothing is stored.
	status, body := f.do(custos.RolePlanner, "POST", "/api/v1/conditions", map[string]any{
		"program_id": f.prog.ID, "kind": "red_line", "type": "policy", "title": "Bad", "statement": "x",
		"criterion": "indicator[\"LOAC-1\"] >=\n  ",
	})
	if status != 400 {
		t.Fatalf("POST /conditions with a broken criterion = %d, want 400 (%s)", status, body)
	}
	if e := errorOf(t, body); !strings.Contains(e.Fields["criterion"], "line ") {
		t.Errorf("criterion error = %q, want a line and column", e.Fields["criterion"])
	}
	list, _, err := f.db.FindConditions(sys, custos.ConditionFilter{Q: "Bad"})
	must(t, err)
	if len(list) != 0 {
		t.Errorf("a refused condition was stored: %+v", list)
	}

	for _, tt := range []struct {
		path, field string
	}{
		{"/api/v1/conditions/evaluate?as_of=2026-13-01", "as_of"},
		{"/api/v1/conditions/evaluate?when=today", "when"},
	} {
		status, body := f.do(custos.RoleAnalyst, "POST", tt.path, nil)
		if e := errorOf(t, body); status != 400 || e.Fields[tt.field] == "" {
			t.Errorf("POST %s = %d %s, want 400 naming %s", tt.path, status, body, tt.field)
		}
	}

	// Filters sent in a body instead of the query are refused, not ignored
	// (which would evaluate every condition).
	status, body = f.do(custos.RolePlanner, "POST", "/api/v1/conditions/evaluate", map[string]any{"country": "AF"})
	if e := errorOf(t, body); status != 400 || !strings.Contains(e.Fields["body"], "query parameters") {
		t.Errorf("POST evaluate with a JSON body = %d %s, want 400 naming body", status, body)
	}

	// Approve a figure and evaluate: 55% of units meets the red line.
	m := newMeasurement(f, 1)
	f.db.Now = func() time.Time { return time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC) } // approved then
	status, body = f.do(custos.RoleAnalyst, "POST", idPath("/api/v1/measurements/%d/review", m.ID), map[string]any{"status": "approved"})
	if status != 200 {
		t.Fatalf("review = %d %s", status, body)
	}
	status, body = f.do(custos.RolePlanner, "POST", "/api/v1/conditions/evaluate?as_of=2026-11-21&program_id="+idPath("%d", f.prog.ID), nil)
	var run custos.EvaluationRun
	if status != 200 || json.Unmarshal(body, &run) != nil || run.Evaluated != 1 {
		t.Fatalf("evaluate = %d %s, want one evaluation", status, body)
	}
	if e := run.Evaluations[0]; e.ConditionID != r.condition.ID || e.Status != custos.ConditionBreached || len(e.Values) != 1 || e.Values[0].Value != "40" {
		t.Errorf("evaluation = %+v, want breached with LOAC-1 = 40", e)
	}

	status, body = f.do(custos.RoleViewer, "GET", "/api/v1/reports/conditions?country=ML&format=csv", nil)
	if status != 200 || !strings.Contains(string(body), "condition_id,title") || !strings.Contains(string(body), "breached") {
		t.Errorf("CSV report = %d %q, want a header and the breached condition", status, body)
	}
	status, body = f.do(custos.RoleViewer, "GET", "/api/v1/reports/conditions?country=ML&format=xlsx", nil)
	if status != 200 || !strings.HasPrefix(string(body), "PK") {
		t.Errorf("XLSX report = %d, starts %q, want a zip", status, body[:min(len(body), 4)])
	}
	status, body = f.do(custos.RoleViewer, "GET", "/api/v1/reports/conditions?country=ML&format=pdf", nil)
	if e := errorOf(t, body); status != 400 || e.Fields["format"] == "" {
		t.Errorf("report as pdf = %d %s, want 400 naming format", status, body)
	}
}
