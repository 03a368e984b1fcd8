package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/incident"
	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

var testIntakeKey = bytes.Repeat([]byte{7}, incident.KeySize)

func newTestIncident() *custos.Incident {
	return &custos.Incident{Title: "Arrests in Mopti", Category: "arbitrary_detention", Date: custos.Date{Year: 2024, Month: 3, Day: 5},
		Place: custos.Place{Country: "ML", Admin1: "Mopti"}, Victims: custos.Victims{Injured: custos.Point(2)},
		Sources: []custos.IncidentSource{{Type: "witness", Name: "Witness B"}}}
}

// incident stores a new internal incident naming the fixture's unit.
func (f *fixture) incident() *custos.Incident {
	f.t.Helper()
	i := newTestIncident()
	i.Perpetrators = []custos.Perpetrator{{ActorID: f.actor.ID}}
	must(f.t, f.db.CreateIncident(sys, i))
	return i
}

// reported submits an incident with a reporter, as the intake does, and
// gives the server the key to open it.
func (f *fixture) reported() int64 {
	f.t.Helper()
	f.srv.intakeKey = testIntakeKey
	i := newTestIncident()
	rep := &custos.Reporter{Name: "Fatoumata Traoré", Phone: "+223 70 00 00 00"}
	must(f.t, f.db.SubmitIncident(sys, i, func(id int64) ([]byte, error) { return incident.Seal(testIntakeKey, id, rep) }))
	return i.ID
}

func testIntake() map[string]any {
	return map[string]any{
		"title": "Soldiers beat men at the market", "category": "torture", "date": "2024-03-02",
		"place":            map[string]any{"country": "ML", "admin1": "Mopti", "location": "Konna", "latitude": 14.9412, "longitude": -3.8891},
		"coarsen_location": "admin2",
		"perpetrators":     []string{"FAMa"},
		"victims":          map[string]any{"injured": map[string]any{"best": 4}},
		"how_known":        "I saw it",
		"reporter":         map[string]any{"name": "Awa Diarra", "email": "awa@example.org"},
	}
}

// TestIntake proves that the public can report, that the reporter's
// details come back only through the reporter route and only to analysts
// and administrators, that the location is coarsened on request, and that
// hostile submissions are refused with the field named.
func TestIntake(t *testing.T) {
	f := newFixture(t)
	f.srv.intakeKey = testIntakeKey
	code, body := f.do("", "POST", "/api/v1/intake", testIntake())
	if code != http.StatusCreated {
		t.Fatalf("POST /api/v1/intake = %d %s, want 201", code, body)
	}
	var ack intakeResponse
	must(t, json.Unmarshal(body, &ack))
	path := fmt.Sprintf("/api/v1/incidents/%d", ack.ID)
	for _, role := range []custos.Role{custos.RoleAdmin, custos.RoleAnalyst, custos.RolePlanner, custos.RoleVetter, custos.RoleViewer} {
		code, body := f.do(role, "GET", path, nil)
		if code != http.StatusOK {
			t.Fatalf("GET %s as %s = %d", path, role, code)
		}
		for _, secret := range []string{"Awa", "awa@example.org", "Konna", "14.9412"} {
			if bytes.Contains(body, []byte(secret)) {
				t.Errorf("GET %s as %s contains %q: %s", path, role, secret, body)
			}
		}
		code, body = f.do(role, "GET", path+"/reporter", nil)
		switch role {
		case custos.RoleAdmin, custos.RoleAnalyst:
			var rep custos.Reporter
			must(t, json.Unmarshal(body, &rep))
			if code != http.StatusOK || rep.Name != "Awa Diarra" || rep.Email != "awa@example.org" {
				t.Errorf("GET reporter as %s = %d %+v, want Awa Diarra's details", role, code, rep)
			}
		default:
			if code != http.StatusForbidden || bytes.Contains(body, []byte("Awa")) {
				t.Errorf("GET reporter as %s = %d %s, want 403 without the details", role, code, body)
			}
		}
	}
	list, listBody := f.do(custos.RoleAnalyst, "GET", "/api/v1/incidents", nil)
	if list != http.StatusOK || bytes.Contains(listBody, []byte("Awa")) {
		t.Errorf("GET /api/v1/incidents = %d, contains the reporter: %v", list, bytes.Contains(listBody, []byte("Awa")))
	}
	for _, tt := range []struct {
		name  string
		edit  func(m map[string]any)
		body  any
		code  int
		field string
	}{
		{name: "impossible date", edit: func(m map[string]any) { m["date"] = "2024-02-30" }, code: 400, field: "date"},
		{name: "latitude", edit: func(m map[string]any) { m["place"].(map[string]any)["latitude"] = 91.0 }, code: 400, field: "place.latitude"},
		{name: "Paris in Mali", edit: func(m map[string]any) {
			m["place"].(map[string]any)["latitude"], m["place"].(map[string]any)["longitude"] = 48.85, 2.35
		}, code: 400, field: "place.latitude"},
		{name: "negative killed", edit: func(m map[string]any) { m["victims"] = map[string]any{"killed": map[string]any{"best": -1}} }, code: 400, field: "victims.killed.low"},
		{name: "unknown category", edit: func(m map[string]any) { m["category"] = "riot" }, code: 400, field: "category"},
		{name: "status smuggled", edit: func(m map[string]any) { m["status"] = "confirmed" }, code: 400, field: "status"},
		{name: "too many names", edit: func(m map[string]any) { m["perpetrators"] = make([]string, 50) }, code: 400, field: "perpetrators"},
		{name: "long name", edit: func(m map[string]any) { m["reporter"].(map[string]any)["name"] = strings.Repeat("x", 5000) }, code: 400, field: "reporter.name"},
		{name: "oversized", body: `{"title": "` + strings.Repeat("a", IntakeMaxBytes) + `"}`, code: 413},
		{name: "not JSON", body: "title=x", code: 400},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var body any = tt.body
			if tt.edit != nil {
				m := testIntake()
				tt.edit(m)
				body = m
			}
			code, resp := f.do(custos.RoleViewer, "POST", "/api/v1/intake", body)
			if code != tt.code {
				t.Fatalf("POST intake (%s) = %d %s, want %d", tt.name, code, resp, tt.code)
			}
			if tt.field != "" {
				if e := errorOf(t, resp); e.Fields[tt.field] == "" {
					t.Errorf("POST intake (%s) error fields = %v, want one naming %q", tt.name, e.Fields, tt.field)
				}
			}
		})
	}
}

// TestIntakeRateLimit proves that anonymous callers are limited per
// address, and that only accepted reports count toward the limit.
func TestIntakeRateLimit(t *testing.T) {
	f := newFixture(t)
	f.srv.intakeKey = testIntakeKey
	good := testIntake()
	bad := testIntake()
	bad["date"] = "2024-02-30"
	for n := range IntakeBurst + 1 {
		if got := sendIntake(f.srv, "198.51.100.7:4000", nil, bad); got != http.StatusBadRequest {
			t.Errorf("refused submission %d from one address = %d, want %d", n+1, got, http.StatusBadRequest)
		}
	}
	for n := range IntakeBurst + 1 {
		want := http.StatusCreated // the refused ones did not count
		if n == IntakeBurst {
			want = http.StatusTooManyRequests
		}
		if got := sendIntake(f.srv, "198.51.100.7:4000", nil, good); got != want {
			t.Errorf("accepted submission %d from one address = %d, want %d", n+1, got, want)
		}
	}
	if got := sendIntake(f.srv, "198.51.100.8:4000", nil, good); got != http.StatusCreated {
		t.Errorf("submission from another address = %d, want %d", got, http.StatusCreated)
	}
	l := newRateLimit(1, time.Minute)
	now := time.Now()
	if l.take("a", now) != 0 || l.take("a", now) == 0 || l.take("a", now.Add(time.Minute)) != 0 {
		t.Errorf("rateLimit(1/min): want allow, refuse, allow after a minute")
	}
	if l.refund("a"); l.wait("a", now.Add(time.Minute)) != 0 || l.take("a", now.Add(time.Minute)) != 0 || l.wait("a", now.Add(time.Minute)) == 0 {
		t.Errorf("rateLimit(1/min) after a refund: want one more allowed, then a wait")
	}
}

// sendIntake posts a report as an anonymous client from remoteAddr, with
// the X-Forwarded-For headers given, and returns the status.
func sendIntake(h http.Handler, remoteAddr string, xff []string, report map[string]any) int {
	b, _ := json.Marshal(report)
	req := httptest.NewRequest("POST", "/api/v1/intake", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = remoteAddr
	for _, x := range xff {
		req.Header.Add("X-Forwarded-For", x)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code
}

// TestCivilianHarmReport checks the report's JSON and its CSV and XLSX
// tables.
func TestCivilianHarmReport(t *testing.T) {
	f := newFixture(t)
	for range 3 {
		f.incident()
	}
	code, body := f.do(custos.RoleViewer, "GET", "/api/v1/reports/civilian-harm?country=ML&month=2024-03", nil)
	var rep incident.Report
	must(t, json.Unmarshal(body, &rep))
	if code != 200 || rep.Incidents != 3 || len(rep.Units) != 1 || rep.Units[0].Name != f.actor.Name || rep.Injured.Best != 6 {
		t.Errorf("report = %d %+v, want 3 incidents, 6 injured, one unit named %q", code, rep, f.actor.Name)
	}
	code, body = f.do(custos.RoleViewer, "GET", "/api/v1/reports/civilian-harm?country=ML&month=2024-03&format=csv&table=largest", nil)
	if code != 200 || strings.Count(string(body), "\n") != 4 || !strings.HasPrefix(strings.TrimPrefix(string(body), "\ufeff"), "id,date,title") {
		t.Errorf("largest.csv = %d %q, want a header and 3 rows", code, body)
	}
	code, body = f.do(custos.RoleViewer, "GET", "/api/v1/reports/civilian-harm?country=ML&month=2024-03&format=xlsx&table=units", nil)
	if code != 200 {
		t.Fatalf("units.xlsx = %d %s", code, body)
	}
	x, err := excelize.OpenReader(bytes.NewReader(body))
	must(t, err)
	rows, err := x.GetRows("units")
	must(t, err)
	if len(rows) != 2 || rows[1][1] != f.actor.Name {
		t.Errorf("units.xlsx rows = %v, want a header and the unit", rows)
	}
	for _, q := range []string{"country=ML&month=2024-13", "month=March", "country=ML&month=2024-03&format=pdf", "country=ML&month=2024-03&format=csv&table=x"} {
		if code, body := f.do(custos.RoleViewer, "GET", "/api/v1/reports/civilian-harm?"+q, nil); code != 400 {
			t.Errorf("report?%s = %d %s, want 400", q, code, body)
		}
	}
	if code, body := f.do(custos.RoleViewer, "GET", "/api/v1/reports/civilian-harm?country=XX&month=2024-03", nil); code != 400 || !strings.Contains(errorOf(t, body).Fields["country"], "XX") {
		t.Errorf("report?country=XX = %d %s, want 400 naming the country", code, body)
	}
}

// TestIncidentPatchRefused proves that a PATCH that would change an
// incident's status, or put it outside its country, is refused with the
// field named and changes nothing, while a PATCH that sends the stored
// status back is an ordinary edit.
func TestIncidentPatchRefused(t *testing.T) {
	f := newFixture(t)
	i := f.incident()
	path := fmt.Sprintf("/api/v1/incidents/%d", i.ID)
	type result struct {
		Code  int
		Field string // the field of the error, if any
		Says  bool   // the message names what to do instead
	}
	tests := []struct {
		name   string
		method string
		path   string
		body   any
		says   string
		want   result
	}{
		{"status confirmed", "PATCH", path, map[string]any{"status": "confirmed"}, "/transition", result{400, "status", true}},
		{"status under review", "PATCH", path, map[string]any{"status": "under_review", "title": "Changed"}, "/transition", result{400, "status", true}},
		{"status as stored", "PATCH", path, map[string]any{"status": "reported", "title": "Arrests in Mopti, renamed"}, "", result{200, "", false}},
		{"Paris in Mali", "PATCH", path, map[string]any{"place": map[string]any{"latitude": 48.85, "longitude": 2.35}}, "outside Mali", result{400, "place.latitude", true}},
		{"create in Paris", "POST", "/api/v1/incidents", map[string]any{"title": "Raid", "category": "other", "date": "2024-03-05",
			"place": map[string]any{"country": "SY", "latitude": 48.85, "longitude": 2.35}}, "outside Syria", result{400, "place.latitude", true}},
		{"create in Damascus", "POST", "/api/v1/incidents", map[string]any{"title": "Raid", "category": "other", "date": "2024-03-05",
			"place": map[string]any{"country": "SY", "latitude": 33.51, "longitude": 36.29}}, "", result{201, "", false}},
	}
	var want, got []result
	for _, tt := range tests {
		code, body := f.do(custos.RoleAnalyst, tt.method, tt.path, tt.body)
		r := result{Code: code}
		if code >= 400 {
			e := errorOf(t, body)
			for k, msg := range e.Fields {
				r.Field, r.Says = k, tt.says != "" && strings.Contains(msg, tt.says)
			}
		}
		want, got = append(want, tt.want), append(got, r)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("incident writes (-want +got):\n%s", diff)
	}
	stored, err := f.db.FindIncident(sys, i.ID)
	must(t, err)
	if stored.Status != custos.StatusReported || stored.Title != "Arrests in Mopti, renamed" || stored.Place.Latitude != nil {
		t.Errorf("after the PATCHes: status %q, title %q, latitude %v; want reported, the renamed title and none", stored.Status, stored.Title, stored.Place.Latitude)
	}
}
