package web

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/api"
)

func TestMeasurementImportPage(t *testing.T) {
	f := newFixture(t)
	h := New(Deps{Store: f.db, API: api.New(api.Deps{Store: f.db}), DB: f.db})
	res := &custos.Result{ProgramID: f.prog.ID, Level: "outcome", Title: "Officers apply the law of armed conflict"}
	must(t, f.db.CreateResult(sys, res))
	ind := &custos.Indicator{ProgramID: f.prog.ID, ResultID: res.ID, Code: "LOAC-1", Title: "Share of units with a legal adviser", Unit: "percent",
		Direction: "increase", ReportedBy: "agency"}
	must(t, f.db.CreateIndicator(sys, ind))
	post := func(role custos.Role, name, content string) (int, string) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write([]byte(content))
		mw.Close()
		req := httptest.NewRequest("POST", "/measurements/import", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.AddCookie(&http.Cookie{Name: api.SessionCookie, Value: f.sessions[role]})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	get := func(role custos.Role, path string) (int, string) {
		req := httptest.NewRequest("GET", path, nil)
		req.AddCookie(&http.Cookie{Name: api.SessionCookie, Value: f.sessions[role]})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	if code, body := get(custos.RoleAnalyst, "/measurements/import?indicator_id=7"); code != 200 || !strings.Contains(body, `<code>disaggregation</code>`) ||
		!strings.Contains(body, `name="indicator_id" value="7"`) || !strings.Contains(body, `enctype="multipart/form-data"`) {
		t.Errorf("GET /measurements/import = %d, want the form and the columns:\n%s", code, body)
	}
	if code, body := get(custos.RoleAnalyst, "/measurements/import/template.csv"); code != 200 || !strings.HasPrefix(body, "indicator,program,period_start") {
		t.Errorf("GET template = %d %q", code, body)
	}
	if code, _ := get(custos.RoleViewer, "/measurements/import"); code != http.StatusForbidden {
		t.Errorf("GET /measurements/import as a viewer = %d, want 403", code)
	}
	if code, _ := post(custos.RoleViewer, "m.csv", "indicator,period_start,period_end,value\nLOAC-1,2026-01-01,2026-03-31,45\n"); code != http.StatusForbidden {
		t.Errorf("POST /measurements/import as a viewer = %d, want 403", code)
	}
	tests := []struct {
		name, content string
		code          int
		want          []string
	}{
		{"problems", "indicator,period_start,period_end,value,unit\nLOAC-1,2026-01-01,2026-03-31,145,\nLOAC-1,2026-04-01,2026-06-30,5,count\n", 422,
			[]string{"The file was not imported: m.csv: 2 row(s) cannot be imported, so nothing was imported.",
				"<li>row 2, column value: 145 is not a percentage between 0 and 100</li>",
				"<li>row 3, column unit: indicator LOAC-1 is measured in percent, not count</li>"}},
		{"not a date", "indicator,period_start,period_end,value\nLOAC-1,31/03/2026,2026-03-31,45\n", 422,
			[]string{"<li>row 2, column period_start: &#34;31/03/2026&#34; is not a date written YYYY-MM-DD"}},
		{"good", "indicator,period_start,period_end,value\nLOAC-1,2026-01-01,2026-03-31,45\nLOAC-1,2026-04-01,2026-06-30,52\n", 200,
			[]string{"Imported 2 measurements of 1 indicator(s) from m.csv: 2 submitted for review, 0 draft."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := post(custos.RoleAnalyst, "m.csv", tt.content)
			if code != tt.code {
				t.Errorf("POST /measurements/import = %d, want %d", code, tt.code)
			}
			for _, want := range tt.want {
				if !strings.Contains(body, want) {
					t.Errorf("page does not contain %q:\n%s", want, body)
				}
			}
		})
	}
	list, _, err := f.db.FindMeasurements(sys, custos.MeasurementFilter{IndicatorID: ind.ID})
	must(t, err)
	if len(list) != 2 || list[0].Status != "submitted" || list[0].SubmitterID == 0 {
		t.Errorf("stored measurements = %+v, want the 2 of the good file, submitted by the analyst", list)
	}
}
