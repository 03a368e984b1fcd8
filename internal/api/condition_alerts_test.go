package api

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/google/go-cmp/cmp"
)

// alertRecords are three changes of status: two of the fixture's
// condition (on an internal program) and one of a public country-plan
// condition, raised one second apart.
type alertRecords struct {
	internal, public *custos.Condition
	raised           []time.Time // when each alert was raised, oldest first
}

func newAlerts(f *fixture) *alertRecords {
	r := &alertRecords{internal: condFixture(f).condition} // breached, without an alert: its first status
	r.public = &custos.Condition{Country: "ML", Kind: "red_line", Type: "policy", Title: "No torture in detention", Statement: "None.",
		Criterion: `incidents.credible("torture") == 0`, Releasability: custos.Public}
	must(f.t, f.db.CreateCondition(sys, r.public))
	today := custos.DateOf(time.Now())
	start := time.Now().UTC()
	record := func(c *custos.Condition, s custos.ConditionStatus, at time.Time) {
		f.db.Now = func() time.Time { return at }
		must(f.t, f.db.RecordEvaluation(sys, &custos.Evaluation{ConditionID: c.ID, AsOf: today, Status: s, Criterion: c.Criterion}))
	}
	record(r.public, custos.ConditionMet, start) // its first status: no alert
	for i, step := range []struct {
		c *custos.Condition
		s custos.ConditionStatus
	}{
		{r.internal, custos.ConditionMet},
		{r.internal, custos.ConditionAtRisk},
		{r.public, custos.ConditionBreached},
	} {
		at := start.Add(time.Duration(i+1) * time.Second)
		record(step.c, step.s, at)
		r.raised = append(r.raised, at)
	}
	f.db.Now = time.Now
	return r
}

// alertLines names each alert of a list by its condition and change.
func alertLines(r *alertRecords, list []*custos.ConditionAlert) []string {
	out := []string{}
	for _, a := range list {
		name := fmt.Sprint(a.ConditionID)
		switch a.ConditionID {
		case r.internal.ID:
			name = "internal"
		case r.public.ID:
			name = "public"
		}
		out = append(out, fmt.Sprintf("%s %s->%s", name, a.Previous, a.Status))
	}
	return out
}

func TestConditionAlertsAPI(t *testing.T) {
	f := newFixture(t)
	r := newAlerts(f)
	all := []string{"public met->breached", "internal met->at_risk", "internal breached->met"}
	for _, tt := range []struct {
		name  string
		role  custos.Role
		query string
		want  []string
		next  bool
	}{
		{name: "every condition the caller may see, newest first", role: custos.RoleViewer, want: all},
		{name: "a planner", role: custos.RolePlanner, want: all},
		{name: "an anonymous visitor sees public conditions only", role: "", want: all[:1]},
		{name: "a civil-society partner sees public conditions only", role: custos.RolePartner, want: all[:1]},
		{name: "since a date: from midnight UTC", role: custos.RoleAnalyst, query: "since=" + r.raised[0].Format("2006-01-02"), want: all},
		{name: "since a time: raised then or later", role: custos.RoleAnalyst, query: "since=" + url.QueryEscape(r.raised[1].Format(time.RFC3339Nano)), want: all[:2]},
		{name: "since a time with an offset", role: custos.RoleAnalyst, query: "since=" + url.QueryEscape(r.raised[2].In(time.FixedZone("", 3600)).Format(time.RFC3339Nano)), want: all[:1]},
		{name: "nothing new", role: custos.RoleAnalyst, query: "since=2099-01-01", want: []string{}},
		{name: "to a status", role: custos.RoleViewer, query: "status=met", want: all[2:]},
		{name: "of one condition", role: custos.RoleViewer, query: "condition_id=" + fmt.Sprint(r.internal.ID), want: all[1:]},
		{name: "a page", role: custos.RoleViewer, query: "limit=2", want: all[:2], next: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			status, body := f.do(tt.role, "GET", "/api/v1/condition-alerts?"+tt.query, nil)
			var got listBody[custos.ConditionAlert]
			if status != 200 || json.Unmarshal(body, &got) != nil {
				t.Fatalf("GET /api/v1/condition-alerts?%s as %q = %d %s, want 200 and a list", tt.query, tt.role, status, body)
			}
			if diff := cmp.Diff(tt.want, alertLines(r, got.Items)); diff != "" {
				t.Errorf("GET /api/v1/condition-alerts?%s as %q mismatch (-want +got):\n%s", tt.query, tt.role, diff)
			}
			if (got.Next != "") != tt.next {
				t.Errorf("GET /api/v1/condition-alerts?%s next = %q, want a cursor: %v", tt.query, got.Next, tt.next)
			}
		})
	}

	// The next page carries on where the first stopped.
	_, body := f.do(custos.RoleViewer, "GET", "/api/v1/condition-alerts?limit=2", nil)
	var first, second listBody[custos.ConditionAlert]
	must(t, json.Unmarshal(body, &first))
	status, body := f.do(custos.RoleViewer, "GET", "/api/v1/condition-alerts?limit=2&after="+first.Next, nil)
	if status != 200 || json.Unmarshal(body, &second) != nil {
		t.Fatalf("second page = %d %s", status, body)
	}
	if diff := cmp.Diff(all[2:], alertLines(r, second.Items)); diff != "" || second.Next != "" {
		t.Errorf("second page mismatch (-want +got), next %q:\n%s", second.Next, diff)
	}

	// A caller who may not see a condition learns nothing of it: its
	// alerts are not listed, even when asked for by id.
	status, body = f.do("", "GET", "/api/v1/condition-alerts?condition_id="+fmt.Sprint(r.internal.ID), nil)
	if status != 200 || strings.Contains(string(body), `"condition_id"`) {
		t.Errorf("an anonymous visitor asking for an internal condition's alerts = %d %s, want 200 and none", status, body)
	}

	for _, tt := range []struct {
		query, field, says string
	}{
		{"since=yesterday", "since", "not a date"},
		{"since=2026-02-30", "since", "not a date"},
		{"since=2026-11-21T25:00:00Z", "since", "RFC 3339"},
		{"since=2026-11-21+09:00", "since", "RFC 3339"},
		{"status=fine", "status", "not one of"},
		{"limit=5000", "limit", "between"},
		{"after=x", "after", "cursor"},
		{"colour=red", "colour", "not a filter"},
	} {
		status, body := f.do(custos.RoleViewer, "GET", "/api/v1/condition-alerts?"+tt.query, nil)
		if e := errorOf(t, body); status != 400 || !strings.Contains(e.Fields[tt.field], tt.says) {
			t.Errorf("GET /api/v1/condition-alerts?%s = %d %s, want 400 naming %s (%q)", tt.query, status, body, tt.field, tt.says)
		}
	}

	// The path does not collide with a condition's own routes.
	if status, body := f.do(custos.RoleViewer, "GET", idPath("/api/v1/conditions/%d/history", r.internal.ID), nil); status != 200 {
		t.Errorf("history = %d %s", status, body)
	}
}
