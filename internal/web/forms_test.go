package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/xuri/excelize/v2"
)

func newRequest(method, path, body string) *http.Request {
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }

// TestFormErrors posts forms with errors found by the form reader and by
// the store, and checks that each message sits beside its input, linked by
// aria-describedby, and that the input keeps what the user typed.
func TestFormErrors(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name  string
		path  string
		form  url.Values
		id    string // the input that must carry the error
		kept  string // a value that must be shown back
		fixed string // a message expected in the error
	}{
		{"blank title", "/programs", url.Values{"title": {""}, "country": {"ML"}, "status": {"planned"}, "releasability": {"internal"},
			"budget[0].fiscal_year": {"2020"}, "budget[0].amount_usd": {"1,500"}}, "f-title", `value="1500"`, "is required"},
		{"amount not a number", "/programs", url.Values{"title": {"Border security"}, "country": {"ML"}, "status": {"planned"},
			"budget[0].fiscal_year": {""}, "budget[0].amount_usd": {""}, "budget[1].fiscal_year": {"2021"}, "budget[1].amount_usd": {"lots"}},
			"f-budget-0-amount_usd", `value="lots"`, "is not a whole number"},
		{"budget year twice", "/programs", url.Values{"title": {"Border security"}, "country": {"ML"}, "status": {"planned"},
			"budget[0].fiscal_year": {"2021"}, "budget[0].amount_usd": {"5"}, "budget[1].fiscal_year": {"2021"}, "budget[1].amount_usd": {"6"}},
			"f-budget-1-fiscal_year", `value="Border security"`, "appears twice"},
		{"bad language tag", "/actors", url.Values{"name": {"Garde nationale"}, "country": {"ML"}, "kind": {"gendarmerie"},
			"names[0].value": {"الحرس الوطني"}, "names[0].lang": {"arabic!"}}, "f-names-0-lang", `value="الحرس الوطني"`, "is not a language tag"},
		{"unknown parent", "/actors", url.Values{"name": {"Garde nationale"}, "country": {"ML"}, "kind": {"gendarmerie"}, "parent_id": {"99999"}},
			"f-parent_id", `value="Garde nationale"`, ""},
		{"bad birth date", "/persons", url.Values{"name": {"Moussa"}, "birth_date": {"1970-13"}, "releasability": {"restricted"}},
			"f-birth_date", `value="1970-13"`, "has no month 13"},
		{"activity end before start", "/activities", url.Values{"title": {"Course"}, "program_id": {fmt.Sprint(f.prog.ID)}, "kind": {"course"},
			"status": {"planned"}, "start": {"2024-05-02"}, "end": {"2024-05-01"}}, "f-end", `value="2024-05-01"`, "is before start"},
		{"authority without statute", "/authorities", url.Values{"code": {"FMF"}, "name": {"Foreign Military Financing"}, "agency": {"State"},
			"citation": {"22 U.S.C. 2763"}, "leahy_applies": {"true"}}, "f-leahy_statute", `value="FMF"`, "is required"},
		{"country code", "/countries", url.Values{"code": {"Q1"}, "name": {"Somewhere"}}, "f-code", `value="Somewhere"`, "not two capital letters"},
		{"organization kind", "/organizations", url.Values{"name": {"DIILS"}}, "f-kind", `value="DIILS"`, "is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.do(custos.RoleAdmin, "POST", tt.path, tt.form)
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("POST %s = %d, want 422\n%s", tt.path, r.status, r.body)
			}
			for _, want := range []string{`id="` + tt.id + `-error"`, `aria-describedby="` + tt.id + `-error`, `href="#` + tt.id + `"`, tt.kept} {
				if !strings.Contains(r.body, want) {
					t.Errorf("POST %s: the page lacks %q", tt.path, want)
				}
			}
			if !strings.Contains(r.body, `<h2 id="error-summary-title">There is a problem</h2>`) {
				t.Errorf("POST %s: no error summary", tt.path)
			}
			if tt.fixed != "" && !strings.Contains(r.body, tt.fixed) {
				t.Errorf("POST %s: the page lacks the message %q", tt.path, tt.fixed)
			}
		})
	}
}

// TestFormSaves creates and edits records through the forms.
func TestFormSaves(t *testing.T) {
	f := newFixture(t)
	r := f.do(custos.RolePlanner, "POST", "/actors", url.Values{"name": {"Garde nationale"}, "country": {"ML"}, "kind": {"gendarmerie"},
		"parent_id": {fmt.Sprint(f.actor.ID)}, "names[0].value": {""}, "names[0].lang": {""}, "names[1].value": {"الحرس الوطني"}, "names[1].lang": {"ar"},
		"releasability": {"internal"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("POST /actors = %d, want 303\n%s", r.status, r.body)
	}
	loc := r.header.Get("Location")
	page := f.do(custos.RolePlanner, "GET", loc, nil)
	for _, want := range []string{"<h1>Garde nationale</h1>", "الحرس الوطني (ar)", "Armée de Terre"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("GET %s lacks %q", loc, want)
		}
	}
	r = f.do(custos.RolePlanner, "POST", fmt.Sprintf("/programs/%d", f.prog.ID), url.Values{"title": {"PME, renamed"}, "country": {"ML"}, "status": {"active"},
		"authority_id": {fmt.Sprint(f.auth.ID)}, "budget[0].fiscal_year": {"2019"}, "budget[0].amount_usd": {"$250,000"},
		"budget[1].fiscal_year": {"2020"}, "budget[1].amount_usd": {"300000"}, "recipient_ids[0]": {fmt.Sprint(f.actor.ID)}, "releasability": {"public"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("POST /programs/%d = %d, want 303\n%s", f.prog.ID, r.status, r.body)
	}
	p, err := f.db.FindProgram(sys, f.prog.ID)
	must(t, err)
	if p.Title != "PME, renamed" || p.TotalUSD() != 550000 || len(p.RecipientIDs) != 1 {
		t.Errorf("program after edit = %+v", p)
	}
	// Add a row without saving.
	r = f.do(custos.RolePlanner, "POST", "/programs", url.Values{"title": {"Draft"}, "country": {"ML"}, "_add": {"budget"},
		"budget[0].fiscal_year": {"2022"}, "budget[0].amount_usd": {"1"}})
	if r.status != http.StatusOK || !strings.Contains(r.body, `name="budget[1].fiscal_year" value="" autofocus`) ||
		strings.Contains(r.body, `name="budget[2].fiscal_year"`) || !strings.Contains(r.body, `value="2022"`) {
		t.Errorf("add a budget row: status %d; want the form with the row kept and one new row, focused", r.status)
	}
	// Delete after confirmation.
	r = f.do(custos.RolePlanner, "POST", loc+"/delete", url.Values{})
	if r.status != http.StatusSeeOther {
		t.Errorf("POST %s/delete = %d, want 303", loc, r.status)
	}
	if page := f.do(custos.RolePlanner, "GET", loc, nil); page.status != http.StatusNotFound {
		t.Errorf("GET %s after delete = %d, want 404", loc, page.status)
	}
}

// TestNoLeaks checks that the names of restricted and protected persons
// appear on no page and in no export for roles below their level.
func TestNoLeaks(t *testing.T) {
	f := newFixture(t)
	paths := []string{"/persons", "/persons.csv", "/persons.xlsx", fmt.Sprintf("/activities/%d", f.act.ID), "/activities", "/activities.csv",
		"/activities.xlsx", fmt.Sprintf("/persons?q=%s", url.QueryEscape("Protected")), "/countries/ML", fmt.Sprintf("/actors/%d", f.unit.ID),
		fmt.Sprintf("/activities/%d/edit", f.act.ID)}
	for _, role := range callers() {
		clear := role.Clearance()
		if role == "" {
			clear = custos.Public
		}
		for _, p := range paths {
			r := f.do(role, "GET", p, nil)
			body := r.body
			if strings.HasSuffix(p, ".xlsx") && r.status == http.StatusOK {
				body = xlsxText(t, body)
			}
			if clear < custos.Protected && strings.Contains(body, protectedName) {
				t.Errorf("GET %s as %s shows the protected person's name", p, name(role))
			}
			if clear < custos.Restricted && strings.Contains(body, restrictedName) {
				t.Errorf("GET %s as %s shows the restricted person's name", p, name(role))
			}
		}
	}
	// And the test can fail: those allowed see the names.
	if r := f.do(custos.RoleVetter, "GET", fmt.Sprintf("/activities/%d", f.act.ID), nil); !strings.Contains(r.body, protectedName) {
		t.Errorf("a vetter does not see the protected participant")
	}
	if r := f.do(custos.RolePlanner, "GET", "/persons.csv", nil); !strings.Contains(r.body, restrictedName) || strings.Contains(r.body, protectedName) {
		t.Errorf("a planner's person export = %q; want the restricted name only", r.body)
	}
}

func xlsxText(t *testing.T, body string) string {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatalf("read the XLSX export: %v", err)
	}
	defer x.Close()
	var b strings.Builder
	for _, sh := range x.GetSheetList() {
		rows, err := x.GetRows(sh)
		must(t, err)
		for _, r := range rows {
			b.WriteString(strings.Join(r, "\t") + "\n")
		}
	}
	return b.String()
}

// TestExports checks that exports follow the current filter, page through
// the whole list, and neutralise formula injection.
func TestExports(t *testing.T) {
	f := newFixture(t)
	for i := 0; i < 5; i++ {
		must(t, f.db.CreateActor(sys, &custos.Actor{Country: "NE", Kind: "police", Name: fmt.Sprintf("Commissariat %d", i)}))
	}
	r := f.do(custos.RoleViewer, "GET", "/actors.csv?country=NE&limit=2", nil)
	if r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), "text/csv") {
		t.Fatalf("GET /actors.csv = %d %q", r.status, r.header.Get("Content-Type"))
	}
	if n := strings.Count(r.body, "Commissariat"); n != 5 || strings.Contains(r.body, "Armée") {
		t.Errorf("CSV export of country=NE has %d Commissariats (want all 5 across pages) or other countries:\n%s", n, r.body)
	}
	r = f.do("", "GET", "/activities.csv", nil)
	if !strings.Contains(r.body, `"'=HYPERLINK(""http://evil.example""`) {
		t.Errorf("CSV export does not neutralise a formula:\n%s", r.body)
	}
	if strings.Contains(r.body, "Human rights in operations") {
		t.Errorf("the anonymous CSV export holds an internal activity")
	}
	r = f.do("", "GET", "/activities.xlsx", nil)
	text := xlsxText(t, r.body)
	if !strings.Contains(text, "=HYPERLINK") || !strings.Contains(text, "fmtr") {
		t.Errorf("XLSX export lacks the public activity:\n%s", text)
	}
}
