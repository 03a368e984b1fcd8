package api

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
)

func TestImportMeasurementsAPI(t *testing.T) {
	f := newFixture(t)
	condFixture(f)
	count := func() int {
		list, _, err := f.db.FindMeasurements(sys, custos.MeasurementFilter{})
		must(t, err)
		return len(list)
	}
	good := "indicator,period_start,period_end,value,provenance\nLOAC-1,2026-01-01,2026-03-31,45,agency\nLOAC-1,2026-04-01,2026-06-30,52.5,agency\n"
	tests := []struct {
		name    string
		role    custos.Role
		body    string
		status  int
		message []string
	}{
		{"viewer may not", custos.RoleViewer, good, 403, nil},
		{"bad cells", custos.RoleAnalyst, "indicator,period_start,period_end,value\nLOAC-1,2026-01-01,2026-03-31,4O\n", 400,
			[]string{"q1.csv: 1 problem(s); nothing was imported:", "row 2, column value: \"4O\" is not a number"}},
		{"out of range, wrong unit", custos.RoleAnalyst, "indicator,period_start,period_end,value,unit,provenance\nLOAC-1,2026-01-01,2026-03-31,450,percent,agency\nLOAC-1,2026-04-01,2026-06-30,5,count,agency\n", 400,
			[]string{"q1.csv: 2 row(s) cannot be imported, so nothing was imported:", "row 2, column value: 450 is not a percentage between 0 and 100", "row 3, column unit: indicator LOAC-1 is measured in percent, not count"}},
		{"overlapping rows", custos.RoleAnalyst, "indicator,period_start,period_end,value,provenance\nLOAC-1,2026-01-01,2026-03-31,45,agency\nLOAC-1,2026-03-31,2026-06-30,52.5,agency\n", 400,
			[]string{"row 3, column period_start: the period 2026-03-31 to 2026-06-30 overlaps row 2 (2026-01-01 to 2026-03-31) for the same indicator and the total"}},
		{"good", custos.RoleAnalyst, good, 201, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := count()
			status, body := f.do(tt.role, "POST", "/api/v1/measurements/import?file=q1.csv", []byte(tt.body))
			if status != tt.status {
				t.Fatalf("POST /measurements/import = %d %s, want %d", status, body, tt.status)
			}
			if status >= 400 {
				if got := count(); got != before {
					t.Errorf("a refused import stored %d measurements", got-before)
				}
				msg := errorOf(t, body).Message
				for _, want := range tt.message {
					if !strings.Contains(msg, want) {
						t.Errorf("message = %q, want it to contain %q", msg, want)
					}
				}
			}
		})
	}

	// As a form upload, with the file's name.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("file", `C:\reports\q3.csv`)
	must(t, err)
	fw.Write([]byte("indicator,period_start,period_end,value,provenance,status\nLOAC-1,2026-07-01,2026-09-30,55,civil_society,draft\n"))
	mw.Close()
	req := httptest.NewRequest("POST", "/api/v1/measurements/import", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+f.tokens[custos.RolePlanner])
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	var res measurementImportResult
	if rec.Code != 201 || json.Unmarshal(rec.Body.Bytes(), &res) != nil || res.File != "q3.csv" || res.Rows != 1 || res.Draft != 1 {
		t.Errorf("multipart import = %d %s, want 201, one draft row of q3.csv", rec.Code, rec.Body)
	}
}

func TestConditionStatusAPI(t *testing.T) {
	f := newFixture(t)
	r := condFixture(f)
	m := newMeasurement(f, 1)
	f.db.Now = func() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }
	status, body := f.do(custos.RoleAnalyst, "POST", idPath("/api/v1/measurements/%d/review", m.ID), map[string]any{"status": "approved"})
	if status != 200 {
		t.Fatalf("review = %d %s", status, body)
	}
	for _, tt := range []struct {
		asOf string
		want custos.ConditionStatus
	}{
		{"2026-02-28", custos.ConditionCannotEvaluate}, // not approved yet
		{"2026-03-01", custos.ConditionBreached},
	} {
		status, body := f.do(custos.RoleViewer, "GET", idPath("/api/v1/conditions/%d/status?as_of=", r.condition.ID)+tt.asOf, nil)
		var e custos.Evaluation
		if status != 200 || json.Unmarshal(body, &e) != nil || e.Status != tt.want || e.AsOf.String() != tt.asOf {
			t.Errorf("GET status as of %s = %d %s, want %s", tt.asOf, status, body, tt.want)
		}
	}
	if status, _ := f.do(custos.RoleViewer, "GET", idPath("/api/v1/conditions/%d/status?as_of=2026-02-30", r.condition.ID), nil); status != 400 {
		t.Errorf("GET status as of 2026-02-30 = %d, want 400", status)
	}
}
