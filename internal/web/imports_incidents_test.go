package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/api"
)

// ucdpHeader is the least a UCDP GED file needs.
const ucdpHeader = "id,type_of_violence,side_a,side_b,date_prec,date_start,date_end,country,country_id,latitude,longitude,where_prec,deaths_civilians,best,low,high\n"

// TestImportIncidentPages imports UCDP files through the import page: an
// analyst's file is summed up with its counts and updates on re-upload, a
// malformed one lists each bad row by line and column and stores nothing,
// and roles that may not write incidents neither see the kinds nor may
// upload them.
func TestImportIncidentPages(t *testing.T) {
	f := newFixture(t)
	h := New(Deps{Store: f.db, API: api.New(api.Deps{Store: f.db}), DB: f.db})
	good := ucdpHeader +
		"1,3,Government of Mali,Civilians,1,2020-01-02,2020-01-02,Mali,432,14.1,-4.2,1,5,5,4,7\n" +
		"2,1,Government of Mali,JNIM,1,2020-01-03,2020-01-03,Mali,432,14.1,-4.2,1,0,3,3,3\n"
	bad := ucdpHeader +
		"3,3,Government of Mali,Civilians,1,2020-01-02,2020-01-02,Mali,432,14.1,-4.2,1,5,5,4,7\n" +
		"4,3,Government of Mali,Civilians,1,2020-01-02,2020-01-02,Mali,432,48.85,2.35,1,5,5,4,7\n" +
		"5,3,Government of Mali,Civilians,1,2020-01-02,2020-01-02,Mali,432,14.1,-4.2,1,5,5,9,9\n"
	count := func() int {
		list, _, err := f.db.FindIncidents(sys, custos.IncidentFilter{Dataset: "ucdp"})
		must(t, err)
		return len(list)
	}
	tests := []struct {
		name    string
		role    custos.Role
		file    string
		status  int
		want    []string
		stored  int // ucdp incidents stored after the upload
		refused bool
	}{
		{"analyst", custos.RoleAnalyst, good, 200, []string{
			"Done: imported 1 incidents (0 updated, 1 rejected).", "UCDP GED events (.csv)",
			"<dt>New incidents</dt><dd>1</dd>", "<dt>Rows left out by design (no civilian deaths)</dt><dd>1</dd>",
			"<dt>Perpetrators with a suggested unit to confirm</dt><dd>0</dd>",
		}, 1, false},
		{"re-upload updates", custos.RoleAnalyst, good, 200, []string{
			"Done: imported 1 incidents (1 updated, 1 rejected).", "<dt>Incidents updated</dt><dd>1</dd>",
		}, 1, false},
		{"malformed", custos.RoleAdmin, bad, 200, []string{
			"The file was not imported", "2 rows cannot be imported, so nothing was imported.",
			"<th scope=\"col\" class=\"num\">Line</th>",
			"<th scope=\"row\" class=\"num\">3</th><td>latitude</td>", "<th scope=\"row\" class=\"num\">4</th><td>low</td>",
		}, 1, false},
		{"header", custos.RoleAnalyst, "id,date\n1,2020-01-02\n", 200, []string{
			"1 rows cannot be imported", "not a UCDP GED file",
		}, 1, false},
		{"planner", custos.RolePlanner, good, http.StatusForbidden, []string{"may not import incidents"}, 1, true},
		{"viewer", custos.RoleViewer, good, http.StatusForbidden, nil, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := upload(t, f, h, tt.role, "ucdp", "ged.csv", tt.file)
			if code != tt.status {
				t.Fatalf("upload as %s = %d, want %d:\n%s", tt.role, code, tt.status, excerpt(body))
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("upload as %s: the page lacks %q:\n%s", tt.role, w, excerpt(body))
				}
			}
			if got := count(); got != tt.stored {
				t.Errorf("after the upload, %d ucdp incidents are stored, want %d", got, tt.stored)
			}
		})
	}

	// The kinds are offered to those who may import incidents only.
	for _, tt := range []struct {
		role custos.Role
		want bool
	}{{custos.RoleAnalyst, true}, {custos.RoleAdmin, true}, {custos.RolePlanner, false}, {custos.RoleVetter, false}} {
		req := httptest.NewRequest("GET", "/import", nil)
		req.AddCookie(&http.Cookie{Name: api.SessionCookie, Value: f.sessions[tt.role]})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		body := rec.Body.String()
		for _, kind := range []string{"UCDP GED events (.csv)", "ACLED export (.csv)", "HXL-tagged incidents (.csv)"} {
			if got := strings.Contains(body, kind); rec.Code != 200 || got != tt.want {
				t.Errorf("GET /import as %s = %d, offers %q: %t, want %t", tt.role, rec.Code, kind, got, tt.want)
			}
		}
	}
}
