package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/api"
)

// TestIntakeLanguages checks that every language has every English string
// and that the form is drawn in it, right to left for Arabic.
func TestIntakeLanguages(t *testing.T) {
	f := newIncidentFixture(t)
	for _, l := range intakeLangs {
		t.Run(l.Tag, func(t *testing.T) {
			for k := range intakeEN {
				if l.T[k] == "" {
					t.Errorf("language %s lacks %q", l.Tag, k)
				}
			}
			r := f.do("", "GET", "/report-incident?lang="+l.Tag, nil)
			want := fmt.Sprintf(`<div class="intake" lang="%s" dir="%s">`, l.Tag, l.Dir)
			if r.status != 200 || !strings.Contains(r.body, want) || !strings.Contains(r.body, template.HTMLEscapeString(l.T["protection"])) {
				t.Errorf("GET /report-incident?lang=%s = %d, want the form with %s and the protection statement", l.Tag, r.status, want)
			}
		})
	}
	if got := intakeLangFor("", "ar-ML,fr;q=0.8"); got.Tag != "ar" {
		t.Errorf("intakeLangFor(Accept-Language ar-ML) = %s, want ar", got.Tag)
	}
	if got := intakeLangFor("xx", "de"); got.Tag != "en" {
		t.Errorf("intakeLangFor(xx, de) = %s, want en", got.Tag)
	}
}

func intakeForm(title string) url.Values {
	return url.Values{"lang": {"fr"}, "title": {title}, "category": {"arbitrary_detention"}, "date": {"2024-03-05"},
		"date_precision": {"day"}, "place.country": {"ML"}, "place.admin1": {"Ségou"}, "place.admin2": {"Niono"},
		"place.location": {"Fictional hamlet"}, "perpetrators": {"Gendarmerie post\nUnknown soldiers"},
		"victims.killed.best": {""}, "victims.injured.best": {"2"}, "how_known": {"I saw it"}}
}

// TestIntakeErrors posts the public form with mistakes.
func TestIntakeErrors(t *testing.T) {
	f := newIncidentFixture(t)
	v := intakeForm("")
	v.Set("victims.injured.best", "two")
	r := f.do("", "POST", "/report-incident", v)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="f-victims-injured-best-error"`) ||
		!strings.Contains(r.body, intakeFR["number"]) || !strings.Contains(r.body, `value="two"`) {
		t.Fatalf("POST /report-incident with a bad number = %d, want 422 with a French error beside the field\n%.1000s", r.status, r.body)
	}
	v.Set("victims.injured.best", "2")
	r = f.do("", "POST", "/report-incident", v)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="f-title-error"`) || !strings.Contains(r.body, template.HTMLEscapeString(intakeFR["missing"])) {
		t.Fatalf("POST /report-incident without a title = %d, want the error beside the title\n%.1000s", r.status, r.body)
	}
	big := intakeForm("Too long")
	big.Set("description", strings.Repeat("x", intakeFormBytes))
	if r := f.do("", "POST", "/report-incident?lang=fr", big); r.status != http.StatusRequestEntityTooLarge || !strings.Contains(r.body, intakeFR["too_large"]) {
		t.Errorf("POST /report-incident too large = %d, want 413 with the message", r.status)
	}
}

// TestIntakeRateLimit checks that the form keeps the API's limit per
// address for anonymous reporters.
func TestIntakeRateLimit(t *testing.T) {
	f := newIncidentFixture(t)
	for k := 0; k < api.IntakeBurst; k++ {
		if r := f.do("", "POST", "/report-incident", intakeForm(fmt.Sprintf("Fictional report %d", k))); r.status != http.StatusSeeOther {
			t.Fatalf("report %d = %d, want 303\n%.1000s", k, r.status, r.body)
		}
	}
	r := f.do("", "POST", "/report-incident", intakeForm("One too many"))
	if r.status != http.StatusTooManyRequests || !strings.Contains(r.body, intakeFR["too_many"]) {
		t.Errorf("report past the limit = %d, want 429 with the message", r.status)
	}
}

// Contact details of the reporter in TestReporterNeverLeaks.
const (
	reporterName  = "Fatoumata Secret-Reporter"
	reporterEmail = "hidden.reporter@example.org"
	reporterPhone = "00223 7000 1234"
)

// TestReporterNeverLeaks submits a report with contact details and opens
// every incident page and export as every role: only analysts and
// administrators see the reporter, and only on the record page.
func TestReporterNeverLeaks(t *testing.T) {
	f := newIncidentFixture(t)
	v := intakeForm("Fictional report with contact details")
	v.Set("coarsen_location", "admin1")
	v.Set("reporter.name", reporterName)
	v.Set("reporter.email", reporterEmail)
	v.Set("reporter.phone", reporterPhone)
	v.Set("reporter.notes", "Call after dark")
	r := f.do("", "POST", "/report-incident", v)
	if r.status != http.StatusSeeOther {
		t.Fatalf("POST /report-incident = %d, want 303\n%.1000s", r.status, r.body)
	}
	loc := r.header.Get("Location")
	m := refPattern.FindStringSubmatch(loc)
	if m == nil || !intakeRefPattern.MatchString(m[1]) {
		t.Fatalf("thank-you address %q lacks a reference like ABCD-2345", loc)
	}
	list, _, err := f.db.FindIncidents(sys, custos.IncidentFilter{Q: m[1]})
	must(t, err)
	if len(list) != 1 {
		t.Fatalf("incidents with reference %s = %d, want 1", m[1], len(list))
	}
	inc := list[0]
	if strings.Contains(loc, fmt.Sprint(inc.ID)) && !strings.Contains(m[1], fmt.Sprint(inc.ID)) {
		t.Errorf("thank-you address %q reveals the incident id %d", loc, inc.ID)
	}
	if inc.Status != custos.StatusReported || inc.Place.Admin2 != "" || inc.Place.Location != "" || inc.Place.Admin1 != "Ségou" {
		t.Errorf("stored report = status %s, place %+v; want reported, coarsened to the region", inc.Status, inc.Place)
	}
	thanks := f.do("", "GET", loc, nil)
	if !strings.Contains(thanks.body, m[1]) || !strings.Contains(thanks.body, intakeFR["thanks"]) {
		t.Errorf("thank-you page lacks the reference or the French thanks")
	}
	item := fmt.Sprintf("/incidents/%d", inc.ID)
	pages := []string{"/incidents", "/incidents?q=" + m[1], item, item + "/edit", "/incidents.csv", "/incidents.xlsx",
		"/incident-trends?country=ML", "/incident-trends?country=ML&by=actor", "/civilian-harm?country=ML&month=2024-03",
		fmt.Sprintf("/programs/%d", f.prog.ID), "/report-incident", loc}
	for _, tbl := range []string{"trends", "largest", "units", "reviews"} {
		pages = append(pages, "/civilian-harm.csv?country=ML&month=2024-03&table="+tbl, "/civilian-harm.xlsx?country=ML&month=2024-03&table="+tbl)
	}
	for _, role := range callers() {
		for _, p := range pages {
			r := f.do(role, "GET", p, nil)
			body := fileText(t, r)
			mayRead := custos.Can(role, custos.ActionRead, custos.EntityReporter)
			for _, secret := range []string{reporterName, reporterEmail, reporterPhone} {
				got := strings.Contains(body, secret) || strings.Contains(body, template.HTMLEscapeString(secret))
				want := mayRead && p == item
				if got != want {
					t.Errorf("GET %s as %s shows %q = %v, want %v", p, name(role), secret, got, want)
				}
			}
		}
	}
	if !custos.Can(custos.RoleAnalyst, custos.ActionRead, custos.EntityReporter) {
		t.Fatal("analysts should read reporters")
	}
}
