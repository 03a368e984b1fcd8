package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
)

// TestVettingPagesByRole opens every vetting page as every role and as an
// anonymous visitor: vetters and administrators see them; every other role
// is refused, and the refusal names nothing.
func TestVettingPagesByRole(t *testing.T) {
	f := newVetFixture(t)
	nom := fmt.Sprintf("/vetting/nominations/%d", f.nom.ID)
	pages := []struct {
		path string
		ok   int // the status for vetters and administrators
	}{
		{"/vetting/nominations", http.StatusOK},
		{"/vetting/nominations?unscreened=true", http.StatusOK},
		{"/vetting/nominations?undecided=true", http.StatusOK},
		{fmt.Sprintf("/vetting/nominations?person_id=%d&program_id=%d", f.nominee.ID, f.prog.ID), http.StatusOK},
		{"/vetting/nominations.csv", http.StatusOK},
		{"/vetting/nominations.xlsx", http.StatusOK},
		{"/vetting/nominations/new", http.StatusOK},
		{nom, http.StatusOK},
		{fmt.Sprintf("/vetting/decisions/%d", f.proposed.ID), http.StatusSeeOther},
		{"/vetting/lists", http.StatusOK},
		{"/vetting/list-entries", http.StatusOK},
		{"/vetting/list-entries?q=keita&list=" + url.QueryEscape(listName), http.StatusOK},
		{"/vetting/list-entries.csv", http.StatusOK},
		{"/vetting/list-entries.xlsx", http.StatusOK},
	}
	for _, role := range callers() {
		for _, p := range pages {
			t.Run(name(role)+p.path, func(t *testing.T) {
				r := f.do(role, "GET", p.path, nil)
				want := p.ok
				switch {
				case role == "":
					want = http.StatusSeeOther // to the sign-in page
				case !vetters(role):
					want = http.StatusForbidden
				}
				if r.status != want {
					t.Fatalf("GET %s as %s = %d, want %d\n%s", p.path, name(role), r.status, want, r.body)
				}
				if role == "" && !strings.HasPrefix(r.header.Get("Location"), "/login?next=") {
					t.Errorf("GET %s anonymous redirects to %q, want the sign-in page", p.path, r.header.Get("Location"))
				}
				if !vetters(role) {
					for _, secret := range []string{listedName, nomineeName, nominationNote, judgeReason, decisionReason, listName} {
						if strings.Contains(r.body, secret) {
							t.Errorf("GET %s as %s shows %q", p.path, name(role), secret)
						}
					}
				}
			})
		}
	}
	r := f.do(custos.RoleVetter, "GET", "/vetting/list-entries.csv?list="+url.QueryEscape(listName), nil)
	if want := listName + ",p1,person," + listedName + ",B. Keita,1971,m,ML,,"; !strings.Contains(r.body, want) {
		t.Errorf("GET /vetting/list-entries.csv as vetter lacks %q:\n%s", want, r.body)
	}
	r = f.do(custos.RoleVetter, "GET", "/vetting/list-entries?q=boubacar", nil)
	if !strings.Contains(r.body, listedName) || strings.Contains(r.body, listedUnit) {
		t.Errorf("GET /vetting/list-entries?q=boubacar does not find the entry by name alone")
	}
	r = f.do(custos.RoleVetter, "GET", "/vetting/nominations.csv", nil)
	if !strings.Contains(r.body, nomineeName) || !strings.Contains(r.body, nominationNote) {
		t.Errorf("GET /vetting/nominations.csv as vetter lacks the nomination:\n%s", r.body)
	}
}

// TestVettingNoLeak opens every page and export of the other areas as each
// role that may not see vetting records, and checks that none shows a
// nominee as such, a hit, a judgement, a decision's grounds or a list entry,
// or links to a vetting page.
func TestVettingNoLeak(t *testing.T) {
	f := newVetFixture(t)
	pages := []string{
		"/", "/public", "/barred-units", "/countries/ML", "/actors", "/actors.csv", fmt.Sprintf("/actors/%d", f.actor.ID),
		fmt.Sprintf("/actors/%d", f.unit.ID), "/persons", "/persons.csv", "/persons.xlsx", fmt.Sprintf("/persons/%d", f.nominee.ID),
		"/programs", "/programs.csv", fmt.Sprintf("/programs/%d", f.prog.ID), "/activities", "/activities.csv",
		fmt.Sprintf("/activities/%d", f.act.ID), fmt.Sprintf("/activities/%d", f.public.ID), "/training",
	}
	secrets := []string{listedName, listedUnit, nominationNote, judgeReason, decisionReason, listName}
	for _, role := range callers() {
		if vetters(role) {
			continue
		}
		for _, p := range pages {
			r := f.do(role, "GET", p, nil)
			for _, s := range secrets {
				if strings.Contains(r.body, s) {
					t.Errorf("GET %s as %s shows %q", p, name(role), s)
				}
			}
			if m := vettingLinks.FindString(r.body); m != "" {
				t.Errorf("GET %s as %s links to a vetting page: %s", p, name(role), m)
			}
		}
	}
	for _, role := range []custos.Role{custos.RoleVetter, custos.RoleAdmin} {
		r := f.do(role, "GET", "/", nil)
		for _, want := range []string{`href="/vetting/nominations"`, `href="/vetting/lists"`, `href="/barred-units"`} {
			if !strings.Contains(r.body, want) {
				t.Errorf("GET / as %s: the navigation lacks %s", role, want)
			}
		}
	}
}

// TestNominationForm nominates through the form: errors come back beside
// their inputs, and a valid nomination opens its page.
func TestNominationForm(t *testing.T) {
	f := newVetFixture(t)
	tests := []struct {
		name string
		form map[string][]string
		id   string // the input that must carry the error
		msg  string
	}{
		{"no subject", vals("program_id", fmt.Sprint(f.prog.ID)), "f-actor_id", "give the unit"},
		{"unit and person", vals("actor_id", fmt.Sprint(f.unit.ID), "person_id", fmt.Sprint(f.person.ID), "program_id", fmt.Sprint(f.prog.ID)),
			"f-person_id", "not both"},
		{"nothing to vet for", vals("actor_id", fmt.Sprint(f.unit.ID)), "f-program_id", "give the activity"},
		{"not a number", vals("actor_id", "twelve", "program_id", fmt.Sprint(f.prog.ID)), "f-actor_id", "is not a whole number"},
		{"no such unit", vals("actor_id", "99999", "program_id", fmt.Sprint(f.prog.ID)), "f-actor_id", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.do(custos.RoleVetter, "POST", "/vetting/nominations", tt.form)
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("POST /vetting/nominations = %d, want 422\n%s", r.status, r.body)
			}
			for _, want := range []string{`id="` + tt.id + `-error"`, `href="#` + tt.id + `"`, tt.msg} {
				if !strings.Contains(r.body, want) {
					t.Errorf("POST /vetting/nominations (%s): the page lacks %q", tt.name, want)
				}
			}
		})
	}
	r := f.do(custos.RoleVetter, "GET", fmt.Sprintf("/vetting/nominations/new?actor_id=%d&activity_id=%d", f.unit.ID, f.act.ID), nil)
	for _, want := range []string{fmt.Sprintf(`value="%d"`, f.unit.ID), "Now: 33e Régiment", "Now: Human rights in operations"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("GET /vetting/nominations/new prefilled lacks %q", want)
		}
	}
	r = f.do(custos.RoleVetter, "POST", "/vetting/nominations", vals("actor_id", fmt.Sprint(f.unit.ID), "activity_id", fmt.Sprint(f.act.ID)))
	if r.status != http.StatusSeeOther || !strings.HasPrefix(location(r), "/vetting/nominations/") {
		t.Fatalf("POST /vetting/nominations = %d to %q, want 303 to the nomination", r.status, location(r))
	}
	page := f.do(custos.RoleVetter, "GET", location(r), nil)
	for _, want := range []string{"Vetting of 33e Régiment", "Screen now", "has not been screened yet", "Human rights in operations"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("new nomination page lacks %q", want)
		}
	}
	for _, role := range []custos.Role{custos.RolePlanner, custos.RoleAnalyst, ""} {
		r := f.do(role, "POST", "/vetting/nominations", vals("actor_id", fmt.Sprint(f.unit.ID), "program_id", fmt.Sprint(f.prog.ID)))
		if r.status == http.StatusSeeOther && role != "" || r.status == http.StatusOK {
			t.Errorf("POST /vetting/nominations as %s = %d, want a refusal", name(role), r.status)
		}
	}
}

// TestNominationPage checks the hits as a vetter sees them: ranked, with
// score, band and explanation, the judgement made, and the forms.
func TestNominationPage(t *testing.T) {
	f := newVetFixture(t)
	path := fmt.Sprintf("/vetting/nominations/%d", f.nom.ID)
	r := f.do(custos.RoleVetter, "GET", path, nil)
	for _, want := range []string{
		nomineeName, nominationNote, listedName, listName,
		fmt.Sprintf(`id="hit-%d"`, f.hit.ID),
		`<span class="tag tag--band-` + f.hit.Band + `">`,
		fmt.Sprintf("Score <strong>%.2f</strong>", f.hit.Score),
		`<a href="/vetting/list-entries?list=Fictional&#43;panel&#43;of&#43;experts&amp;q=Boubacar&#43;Fictional-Ke%C3%AFta">` + listedName + `</a>`,
		"Name parts of hit 1", "exact: same spelling", "Date of birth", "Nationality",
		"Judged same", judgeReason,
		fmt.Sprintf(`action="/vetting/nominations/%d/hits/%d"`, f.nom.ID, f.hit.ID),
		"Screen again", decisionReason, "awaiting concurrence",
		"You proposed this decision, so you cannot concur in it",
		`<span class="tag tag--protected">protected</span>`,
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("GET %s as vetter lacks %q", path, want)
		}
	}
	if strings.Contains(r.body, "/concur\"") {
		t.Errorf("GET %s as the proposer shows a concur button", path)
	}
	if strings.Contains(r.body, `action="`+path+`/decisions"`) {
		t.Errorf("GET %s offers a new decision while one awaits concurrence", path)
	}
	admin := f.do(custos.RoleAdmin, "GET", path, nil)
	if !strings.Contains(admin.body, fmt.Sprintf(`action="/vetting/decisions/%d/concur"`, f.proposed.ID)) {
		t.Errorf("GET %s as a second vetter (admin) lacks the concur button", path)
	}
}

// TestScreenAndJudge screens from the page and judges a hit, with the
// judgement form's errors beside the hit.
func TestScreenAndJudge(t *testing.T) {
	f := newVetFixture(t)
	path := fmt.Sprintf("/vetting/nominations/%d", f.nom.ID)
	r := f.do(custos.RoleVetter, "POST", path+"/screen", vals())
	if r.status != http.StatusSeeOther || location(r) == "" {
		t.Fatalf("POST %s/screen = %d, want 303", path, r.status)
	}
	page := f.do(custos.RoleVetter, "GET", r.header.Get("Location"), nil)
	if !strings.Contains(page.body, "derogatory records:") || !strings.Contains(page.body, `role="status"`) {
		t.Errorf("after screening, the page does not say what was found")
	}
	n, err := f.db.FindNomination(custos.WithPrincipal(t.Context(), f.principal(custos.RoleVetter)), f.nom.ID)
	must(t, err)
	hit := n.Hits[0]
	judge := fmt.Sprintf("%s/hits/%d", path, hit.ID)
	r = f.do(custos.RoleVetter, "POST", judge, vals("verdict", "different"))
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("POST %s without a reason = %d, want 422", judge, r.status)
	}
	hid := fmt.Sprintf("hit-%d", hit.ID)
	for _, want := range []string{`id="` + hid + `-reason-error"`, `href="#` + hid + `-reason"`, `aria-invalid="true"`,
		`value="different" checked`, "There is a problem"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("POST %s without a reason: the page lacks %q", judge, want)
		}
	}
	r = f.do(custos.RoleVetter, "POST", judge, vals("reason", "born 1950"))
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="`+hid+`-verdict-error"`) || !strings.Contains(r.body, "born 1950") {
		t.Errorf("POST %s without a verdict = %d, want 422 with the error beside the verdict and the reason kept", judge, r.status)
	}
	r = f.do(custos.RoleVetter, "POST", judge, vals("verdict", "different", "reason", "different birth year in the source report"))
	if r.status != http.StatusSeeOther {
		t.Fatalf("POST %s = %d, want 303\n%s", judge, r.status, r.body)
	}
	page = f.do(custos.RoleVetter, "GET", path, nil)
	if !strings.Contains(page.body, "Judged different") || !strings.Contains(page.body, "different birth year in the source report") {
		t.Errorf("the judgement is not shown on the nomination page")
	}
	if r := f.do(custos.RoleVetter, "POST", fmt.Sprintf("%s/hits/%d", path, 999999), vals("verdict", "same", "reason", "x")); r.status != http.StatusNotFound {
		t.Errorf("POST a hit of another nomination = %d, want 404", r.status)
	}
	for _, role := range []custos.Role{custos.RolePlanner, custos.RoleAnalyst, custos.RoleViewer, custos.RolePartner} {
		if r := f.do(role, "POST", judge, vals("verdict", "same", "reason", "x")); r.status != http.StatusForbidden {
			t.Errorf("POST %s as %s = %d, want 403", judge, role, r.status)
		}
		if r := f.do(role, "POST", path+"/screen", vals()); r.status != http.StatusForbidden {
			t.Errorf("POST %s/screen as %s = %d, want 403", path, role, r.status)
		}
	}
}

// TestNominationFilters checks that the list's filters select what they
// say: the queue holds nominations without a decision in force.
func TestNominationFilters(t *testing.T) {
	f := newVetFixture(t)
	tests := []struct {
		query   string
		shown   []string
		notShow []string
	}{
		{"undecided=true", []string{nomineeName}, []string{restrictedName, "33e Régiment"}},
		{"", []string{nomineeName, restrictedName, "33e Régiment"}, nil},
		{fmt.Sprintf("actor_id=%d", f.unit.ID), []string{"33e Régiment"}, []string{nomineeName, restrictedName}},
		{fmt.Sprintf("person_id=%d", f.nominee.ID), []string{nomineeName}, []string{restrictedName}},
		{"unscreened=true", nil, []string{nomineeName, restrictedName}},
	}
	for _, tt := range tests {
		r := f.do(custos.RoleVetter, "GET", "/vetting/nominations?"+tt.query, nil)
		for _, s := range tt.shown {
			if !strings.Contains(r.body, ">"+s+"</a>") {
				t.Errorf("GET /vetting/nominations?%s lacks %q", tt.query, s)
			}
		}
		for _, s := range tt.notShow {
			if strings.Contains(r.body, ">"+s+"</a>") {
				t.Errorf("GET /vetting/nominations?%s shows %q", tt.query, s)
			}
		}
	}
}
