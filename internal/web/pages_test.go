package web

import (
	"fmt"
	"io/fs"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/google/go-cmp/cmp"
)

// TestPagesRender opens every main page as every role and as an anonymous
// visitor, and checks the status and the parts every page must have.
func TestPagesRender(t *testing.T) {
	f := newFixture(t)
	pages := []string{
		"/", "/public", "/login", "/countries", "/countries/ML", "/actors", fmt.Sprintf("/actors/%d", f.actor.ID),
		"/programs", fmt.Sprintf("/programs/%d", f.prog.ID), "/activities", fmt.Sprintf("/activities/%d", f.public.ID),
		"/authorities", fmt.Sprintf("/authorities/%d", f.auth.ID), "/organizations", fmt.Sprintf("/organizations/%d", f.org.ID),
		"/persons", "/training", "/countries?region=Africa&q=ma", "/activities?country=ML&kind=course&from=2019-01-01",
	}
	for _, role := range callers() {
		for _, p := range pages {
			t.Run(name(role)+p, func(t *testing.T) {
				r := f.do(role, "GET", p, nil)
				if p == "/login" && role != "" {
					if r.status != http.StatusSeeOther {
						t.Errorf("GET /login signed in = %d, want 303", r.status)
					}
					return
				}
				if r.status != http.StatusOK {
					t.Fatalf("GET %s as %s = %d, want 200\n%s", p, name(role), r.status, r.body)
				}
				for _, want := range []string{`<main id="main"`, `href="#main"`, `<nav class="side-nav" aria-label="Main">`, `<html lang="en">`} {
					if !strings.Contains(r.body, want) {
						t.Errorf("GET %s as %s lacks %q", p, name(role), want)
					}
				}
				banner := strings.Contains(r.body, "You are using a fictional demonstration account")
				if want := role == custos.RolePlanner; banner != want {
					t.Errorf("GET %s as %s: fictional banner shown = %v, want %v", p, name(role), banner, want)
				}
			})
		}
	}
}

// TestRestrictedPages checks the pages a role may not open.
func TestRestrictedPages(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		role   custos.Role
		path   string
		status int
	}{
		{custos.RoleAdmin, "/audit", http.StatusOK},
		{custos.RoleAdmin, "/audit/verify", http.StatusOK},
		{custos.RolePlanner, "/audit", http.StatusForbidden},
		{"", "/audit", http.StatusSeeOther}, // to the sign-in page
		{custos.RoleViewer, fmt.Sprintf("/persons/%d", f.person.ID), http.StatusNotFound},
		{custos.RolePlanner, fmt.Sprintf("/persons/%d", f.person.ID), http.StatusOK},
		{custos.RolePlanner, fmt.Sprintf("/persons/%d", f.secret.ID), http.StatusNotFound},
		{custos.RoleVetter, fmt.Sprintf("/persons/%d", f.secret.ID), http.StatusOK},
		{"", fmt.Sprintf("/activities/%d", f.act.ID), http.StatusNotFound},
		{custos.RoleViewer, "/programs/new", http.StatusForbidden},
		{"", "/programs/new", http.StatusSeeOther},
		{custos.RolePlanner, "/programs/new", http.StatusOK},
		{custos.RolePlanner, fmt.Sprintf("/programs/%d/edit", f.prog.ID), http.StatusOK},
		{custos.RolePlanner, fmt.Sprintf("/programs/%d/delete", f.prog.ID), http.StatusOK},
		{custos.RoleAnalyst, fmt.Sprintf("/programs/%d/edit", f.prog.ID), http.StatusForbidden},
		{custos.RolePlanner, "/nowhere", http.StatusNotFound},
		{custos.RolePlanner, "/activities?bogus=1", http.StatusBadRequest},
	}
	for _, tt := range tests {
		r := f.do(tt.role, "GET", tt.path, nil)
		if r.status != tt.status {
			t.Errorf("GET %s as %s = %d, want %d", tt.path, name(tt.role), r.status, tt.status)
		}
	}
	if r := f.do("", "GET", "/audit", nil); r.header.Get("Location") != "/login?next=%2Faudit" {
		t.Errorf("GET /audit anonymous redirects to %q, want the sign-in page", r.header.Get("Location"))
	}
}

// TestEditButtons checks that only roles that may change a record see the
// buttons to, and that the server refuses the others anyway.
func TestEditButtons(t *testing.T) {
	f := newFixture(t)
	path := fmt.Sprintf("/programs/%d", f.prog.ID)
	for _, role := range callers() {
		r := f.do(role, "GET", path, nil)
		may := custos.Can(role, custos.ActionUpdate, custos.EntityProgram)
		for _, btn := range []string{`href="` + path + `/edit"`, `href="` + path + `/delete"`} {
			if got := strings.Contains(r.body, btn); got != may {
				t.Errorf("GET %s as %s shows %s = %v, want %v", path, name(role), btn, got, may)
			}
		}
		if !may {
			post := f.do(role, "POST", path+"/delete", map[string][]string{})
			if post.status == http.StatusSeeOther && role != "" {
				t.Errorf("POST %s/delete as %s = %d, want a refusal", path, name(role), post.status)
			}
		}
	}
	if _, err := f.db.FindProgram(sys, f.prog.ID); err != nil {
		t.Errorf("the program was deleted by a role that may not: %v", err)
	}
}

// TestReleasabilityShown checks that record pages say who may see them.
func TestReleasabilityShown(t *testing.T) {
	f := newFixture(t)
	r := f.do(custos.RolePlanner, "GET", fmt.Sprintf("/persons/%d", f.person.ID), nil)
	if !strings.Contains(r.body, `<span class="tag tag--restricted">restricted</span>`) {
		t.Errorf("person page does not show its releasability")
	}
}

// TestActorTree checks that an actor page shows its parents and sub-units
// and the programs and activities that involve it.
func TestActorTree(t *testing.T) {
	f := newFixture(t)
	r := f.do(custos.RoleAnalyst, "GET", fmt.Sprintf("/actors/%d", f.unit.ID), nil)
	for _, want := range []string{`<nav aria-label="Breadcrumb"`, fmt.Sprintf(`<a href="/actors/%d">Armée de Terre</a>`, f.actor.ID),
		"Human rights in operations"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("sub-unit page lacks %q", want)
		}
	}
	r = f.do(custos.RoleAnalyst, "GET", fmt.Sprintf("/actors/%d", f.actor.ID), nil)
	for _, want := range []string{fmt.Sprintf(`<a href="/actors/%d">33e Régiment</a>`, f.unit.ID), "Professional military education"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("parent page lacks %q", want)
		}
	}
}

// TestCountryPage checks the training totals and their links to the rows
// behind them, the chart's data and the map.
func TestCountryPage(t *testing.T) {
	f := newFixture(t)
	for _, tt := range []struct {
		role    custos.Role
		acts    string // the activity count shown
		cost    string
		visible bool // the internal activity counts
	}{
		{custos.RoleViewer, "2", "$43,000", true},
		{"", "1", "$9,000", false},
	} {
		r := f.do(tt.role, "GET", "/countries/ML", nil)
		for _, want := range []string{
			`<span class="totals__n">` + tt.acts + `</span> activities`, `<span class="totals__n">` + tt.cost + `</span> cost recorded`,
			fmt.Sprintf(`href="/activities?program_id=%d"`, f.prog.ID),
			fmt.Sprintf(`href="/programs?authority_id=%d&amp;country=ML&amp;fiscal_year=2019"`, f.auth.ID),
			`<script type="application/json" id="training-data">`, `"label":"IMET"`, `<title id="map-title">Map of Mali</title>`,
			fmt.Sprintf(`<a href="/actors/%d">`, f.actor.ID),
		} {
			if !strings.Contains(r.body, want) {
				t.Errorf("GET /countries/ML as %s lacks %q", name(tt.role), want)
			}
		}
	}
	r := f.do("", "GET", fmt.Sprintf("/activities/%d", f.public.ID), nil)
	if !strings.Contains(r.body, "Dataset fmtr, file FY2019 FMTR Africa, page 41, row 17") {
		t.Errorf("activity page does not trace to its source row")
	}
}

// TestSecurityHeaders checks the headers every page carries and that the
// templates load nothing from outside.
func TestSecurityHeaders(t *testing.T) {
	f := newFixture(t)
	r := f.do(custos.RolePlanner, "GET", "/programs", nil)
	csp := r.header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("Content-Security-Policy = %q", csp)
	}
	if got := r.header.Get("X-Frame-Options"); got != "DENY" {
		t.Errorf("X-Frame-Options = %q, want DENY", got)
	}
	err := fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := templateFS.ReadFile(p)
		if m := regexp.MustCompile(`https?://`).Find(b); m != nil {
			t.Errorf("%s names an outside address", p)
		}
		if regexp.MustCompile(`<script>|<script [^>]*>[^<]`).Match(b) && !strings.Contains(string(b), `type="application/json"`) {
			t.Errorf("%s has an inline script", p)
		}
		if strings.Contains(string(b), ` style="`) {
			t.Errorf("%s has an inline style, which the CSP refuses", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestStaticAssets checks that assets are served under a content hash with
// a long cache lifetime.
func TestStaticAssets(t *testing.T) {
	f := newFixture(t)
	page := f.do("", "GET", "/public", nil)
	m := regexp.MustCompile(`href="(/static/app\.[0-9a-f]{12}\.css)"`).FindStringSubmatch(page.body)
	if m == nil {
		t.Fatalf("page does not link a hashed stylesheet")
	}
	r := f.do("", "GET", m[1], nil)
	if r.status != 200 || !strings.Contains(r.header.Get("Cache-Control"), "immutable") || !strings.HasPrefix(r.header.Get("Content-Type"), "text/css") {
		t.Errorf("GET %s = %d %q %q", m[1], r.status, r.header.Get("Cache-Control"), r.header.Get("Content-Type"))
	}
	if r := f.do("", "GET", "/static/app.css", nil); r.status != http.StatusNotFound {
		t.Errorf("GET /static/app.css (unhashed) = %d, want 404", r.status)
	}
}

// TestLogin signs in through the form and out again.
func TestLogin(t *testing.T) {
	f := newFixture(t)
	r := f.do("", "POST", "/login", map[string][]string{"name": {"viewer1"}, "password": {"wrong password"}, "next": {"/programs"}})
	if r.status != http.StatusUnauthorized || !strings.Contains(r.body, "The user name or password is not right.") || !strings.Contains(r.body, `value="viewer1"`) {
		t.Errorf("wrong password: status %d; want 401 with a message and the name kept", r.status)
	}
	r = f.do("", "POST", "/login", map[string][]string{"name": {"viewer1"}, "password": {"password for viewer1"}, "next": {"https://evil.example/"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/" {
		t.Errorf("sign-in = %d to %q, want 303 to / (never off-site)", r.status, r.header.Get("Location"))
	}
	c := r.header.Get("Set-Cookie")
	if !strings.Contains(c, "custos_session=") || !strings.Contains(c, "HttpOnly") {
		t.Errorf("session cookie = %q, want HttpOnly", c)
	}
}

// TestCrossOriginPost checks that a form posted from another site is
// refused and one from this site is not.
func TestCrossOriginPost(t *testing.T) {
	f := newFixture(t)
	req := func(site string) int {
		r := newRequest("POST", "/actors", "name=X&country=ML&kind=army")
		r.Header.Set("Sec-Fetch-Site", site)
		r.AddCookie(&http.Cookie{Name: "custos_session", Value: f.sessions[custos.RolePlanner]})
		rec := newRecorder()
		f.h.ServeHTTP(rec, r)
		return rec.Code
	}
	if got := req("cross-site"); got != http.StatusForbidden {
		t.Errorf("cross-site POST = %d, want 403", got)
	}
	if got := req("same-origin"); got != http.StatusSeeOther {
		t.Errorf("same-origin POST = %d, want 303", got)
	}
}

// TestPaging follows a list's "Next page" links to the end and checks that
// every record appears once, with the filter kept.
func TestPaging(t *testing.T) {
	f := newFixture(t)
	for i := 0; i < 4; i++ {
		must(t, f.db.CreateOrganization(sys, &custos.Organization{Name: fmt.Sprintf("Regional Center %d", i), Kind: "implementer"}))
	}
	must(t, f.db.CreateOrganization(sys, &custos.Organization{Name: "Regional donor", Kind: "other_donor"}))
	next := "/organizations?kind=implementer&limit=2"
	seen := map[string]int{}
	for pages := 0; next != ""; pages++ {
		if pages > 5 {
			t.Fatalf("more pages than records")
		}
		r := f.do(custos.RoleViewer, "GET", next, nil)
		for _, m := range regexp.MustCompile(`>(Regional [^<]+|Institute for Security Governance)</a>`).FindAllStringSubmatch(r.body, -1) {
			seen[m[1]]++
		}
		next = ""
		if m := regexp.MustCompile(`<a href="([^"]+)" rel="next">`).FindStringSubmatch(r.body); m != nil {
			next = strings.ReplaceAll(m[1], "&amp;", "&")
		}
	}
	want := map[string]int{"Institute for Security Governance": 1, "Regional Center 0": 1, "Regional Center 1": 1, "Regional Center 2": 1, "Regional Center 3": 1}
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("records seen across pages (-want +got):\n%s", diff)
	}
}

// BenchmarkPages measures drawing the busiest pages: a list with its
// linked names, and a country page with its totals, chart data and map.
func BenchmarkPages(b *testing.B) {
	f := newFixture(b)
	for i := 0; i < 50; i++ {
		must(b, f.db.CreateActivity(sys, &custos.Activity{ProgramID: f.prog.ID, Kind: "course", Title: fmt.Sprintf("Course %d", i),
			ActorIDs: []int64{f.actor.ID}, Quantity: i, CostUSD: int64(1000 * i), Releasability: custos.Public}))
	}
	for _, p := range []string{"/activities", "/countries/ML"} {
		b.Run(p, func(b *testing.B) {
			for b.Loop() {
				if r := f.do(custos.RoleAnalyst, "GET", p, nil); r.status != http.StatusOK {
					b.Fatalf("GET %s = %d", p, r.status)
				}
			}
		})
	}
}

// TestHiddenFilters checks that a list opened for one record keeps that
// filter when the filter form is sent again.
func TestHiddenFilters(t *testing.T) {
	f := newFixture(t)
	r := f.do(custos.RoleViewer, "GET", fmt.Sprintf("/programs?recipient_id=%d", f.actor.ID), nil)
	if want := fmt.Sprintf(`<input type="hidden" name="recipient_id" value="%d">`, f.actor.ID); !strings.Contains(r.body, want) {
		t.Errorf("GET /programs?recipient_id lacks %q", want)
	}
}
