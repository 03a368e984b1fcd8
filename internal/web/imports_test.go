package web

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/api"
)

// upload posts a file to /import as role and follows the job to its end,
// returning the final job page.
func upload(t *testing.T, f *fixture, h http.Handler, role custos.Role, kind, name, content string) (int, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("kind", kind)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write([]byte(content))
	mw.Close()
	req := httptest.NewRequest("POST", "/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(&http.Cookie{Name: api.SessionCookie, Value: f.sessions[role]})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther {
		return rec.Code, rec.Body.String()
	}
	loc := rec.Header().Get("Location")
	for i := 0; i < 200; i++ {
		req := httptest.NewRequest("GET", loc+"/progress", nil)
		req.AddCookie(&http.Cookie{Name: api.SessionCookie, Value: f.sessions[role]})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if strings.Contains(rec.Body.String(), `"done":true`) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	req = httptest.NewRequest("GET", loc, nil)
	req.AddCookie(&http.Cookie{Name: api.SessionCookie, Value: f.sessions[role]})
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

func TestImportPages(t *testing.T) {
	f := newFixture(t)
	h := New(Deps{Store: f.db, API: api.New(api.Deps{Store: f.db}), DB: f.db})

	page := f.do(custos.RolePlanner, "GET", "/import", nil)
	if page.status != 200 || !strings.Contains(page.body, "/import/templates/actors/xlsx") {
		// the fixture's handler has no DB: import pages are left out there
		if page.status != http.StatusForbidden {
			t.Errorf("GET /import on a server without DB = %d", page.status)
		}
	}
	req := httptest.NewRequest("GET", "/import", nil)
	req.AddCookie(&http.Cookie{Name: api.SessionCookie, Value: f.sessions[custos.RolePlanner]})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `href="/import/templates/programs/csv"`) || !strings.Contains(rec.Body.String(), `enctype="multipart/form-data"`) {
		t.Fatalf("GET /import as planner = %d", rec.Code)
	}

	code, body := upload(t, f, h, custos.RolePlanner, "actors", "units.csv", "key,country,kind,name,parent\nbn1,ML,army,1er Bataillon,"+strconv.FormatInt(f.actor.ID, 10)+"\n")
	if code != 200 || !strings.Contains(body, "Done: imported 1 actors rows: 1 created, 0 updated") {
		t.Errorf("upload of a good file = %d:\n%s", code, excerpt(body))
	}
	code, body = upload(t, f, h, custos.RolePlanner, "actors", "bad.csv", "country,kind,name\nMali,army,X\nML,knights,Y\n")
	if code != 200 || !strings.Contains(body, "nothing was stored") || !strings.Contains(body, "<td>country</td>") || !strings.Contains(body, "<td>kind</td>") {
		t.Errorf("upload of a bad file = %d, want every problem by row and column:\n%s", code, excerpt(body))
	}
	code, body = upload(t, f, h, custos.RolePlanner, "actors", "report.pdf", "%PDF-1.4 not a table")
	if !strings.Contains(body, "neither CSV nor XLSX") {
		t.Errorf("upload of a PDF = %d:\n%s", code, excerpt(body))
	}
	code, _ = upload(t, f, h, custos.RoleViewer, "actors", "units.csv", "country,kind,name\nML,army,Z\n")
	if code != http.StatusForbidden {
		t.Errorf("upload as viewer = %d, want 403", code)
	}
	// A job is visible to the user who started it only.
	req = httptest.NewRequest("GET", "/import/templates/activities/csv", nil)
	req.AddCookie(&http.Cookie{Name: api.SessionCookie, Value: f.sessions[custos.RolePlanner]})
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "key,program,kind,title") {
		t.Errorf("CSV template = %d %q", rec.Code, rec.Body.String())
	}
}

func excerpt(s string) string {
	if i := strings.Index(s, "<main"); i >= 0 {
		s = s[i:]
	}
	if len(s) > 2000 {
		s = s[:2000]
	}
	return s
}
