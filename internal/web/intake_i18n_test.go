package web

import (
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/api"
	"github.com/custos-ssa/custos/internal/incident"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// TestIntakeDocumentLanguage checks that the whole document of the form
// and of its thank-you page, not only the form, is in the chosen
// language, right to left for Arabic, with the English page frame marked
// as English.
func TestIntakeDocumentLanguage(t *testing.T) {
	f := newIncidentFixture(t)
	for _, l := range intakeLangs {
		want := fmt.Sprintf(`<html lang="%s" dir="%s">`, l.Tag, l.Dir)
		for _, path := range []string{"/report-incident?lang=" + l.Tag, "/report-incident/thanks?lang=" + l.Tag} {
			r := f.do("", "GET", path, nil)
			if r.status != http.StatusOK || !strings.Contains(r.body, want) {
				t.Errorf("GET %s = %d, want the document opening %s\n%.300s", path, r.status, want, r.body)
			}
			framed := strings.Contains(r.body, `<header class="site-header" lang="en" dir="ltr">`)
			if framed != (l.Tag != "en") {
				t.Errorf("GET %s: English page header marked lang=en = %v, want %v", path, framed, l.Tag != "en")
			}
		}
	}
	if r := f.do(custos.RoleViewer, "GET", "/incidents", nil); !strings.Contains(r.body, `<html lang="en">`) {
		t.Errorf("GET /incidents lacks <html lang=\"en\">: other pages must stay English")
	}
}

var optionPattern = regexp.MustCompile(`<option value="([A-Z]{2})"[^>]*>([^<]*)</option>`)

// TestIntakeCountryNames checks that the country list is in the form's
// language and in its alphabetical order.
func TestIntakeCountryNames(t *testing.T) {
	f := newIncidentFixture(t)
	for _, tt := range []struct {
		lang string
		want map[string]string
	}{
		{"en", map[string]string{"DE": "Germany (DE)", "ML": "Mali (ML)", "CI": "Côte d’Ivoire (CI)"}},
		{"fr", map[string]string{"DE": "Allemagne (DE)", "EG": "Égypte (EG)", "TD": "Tchad (TD)"}},
		{"es", map[string]string{"DE": "Alemania (DE)", "EG": "Egipto (EG)", "TD": "Chad (TD)"}},
		{"ar", map[string]string{"DE": "ألمانيا (DE)", "ML": "مالي (ML)", "SY": "سوريا (SY)"}},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			r := f.do("", "GET", "/report-incident?lang="+tt.lang, nil)
			_, sel, _ := strings.Cut(r.body, `name="place.country"`)
			sel, _, _ = strings.Cut(sel, "</select>")
			got := map[string]string{}
			var labels []string
			for _, m := range optionPattern.FindAllStringSubmatch(sel, -1) {
				label := html.UnescapeString(m[2])
				got[m[1]], labels = label, append(labels, label)
			}
			for code, name := range tt.want {
				if got[code] != name {
					t.Errorf("country %s in %s = %q, want %q", code, tt.lang, got[code], name)
				}
			}
			if len(got) < 190 {
				t.Errorf("countries in %s = %d, want every ISO 3166 country", tt.lang, len(got))
			}
			col := collate.New(language.Make(tt.lang), collate.IgnoreCase)
			for k := 1; k < len(labels); k++ {
				if col.CompareString(labels[k-1], labels[k]) > 0 {
					t.Errorf("countries in %s: %q before %q, out of order", tt.lang, labels[k-1], labels[k])
				}
			}
		})
	}
}

// TestIntakeErrorLanguages posts reports the API refuses and checks that
// each error is said in the form's language, beside its field.
func TestIntakeErrorLanguages(t *testing.T) {
	f := newIncidentFixture(t)
	for _, tt := range []struct {
		name, field, value, key string
		n                       int // the number in the message
	}{
		{"future date", "date", "2099-03-04", "future", 0},
		{"bad email", "reporter.email", "not-an-email", "email", 0},
		{"bad phone", "reporter.phone", "call me", "phone", 0},
		{"long title", "title", strings.Repeat("x", custos.MaxNameLen+1), "too_long", custos.MaxNameLen},
		{"long answer", "how_known", strings.Repeat("x", custos.MaxTextLen+1), "too_long", custos.MaxTextLen},
	} {
		for _, l := range intakeLangs {
			v := intakeForm("Fictional report " + tt.name)
			v.Set("lang", l.Tag)
			v.Set(tt.field, tt.value)
			r := f.do("", "POST", "/report-incident", v)
			id := fieldID(tt.field) + "-error"
			want := l.T[tt.key]
			if tt.n > 0 {
				want = fmt.Sprintf(want, fmt.Sprint(tt.n))
			}
			if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="`+id+`"`) || !strings.Contains(html.UnescapeString(r.body), want) {
				t.Errorf("%s in %s = %d, want 422 with %q beside %s\n%.2000s", tt.name, l.Tag, r.status, want, tt.field, errorSummary(r.body))
			}
			if l.Tag != "en" && regexp.MustCompile(`is in the future|is not an|is longer than`).MatchString(r.body) {
				t.Errorf("%s in %s shows the English message", tt.name, l.Tag)
			}
		}
	}
}

// errorSummary returns the error summary of a page, for failure messages.
func errorSummary(body string) string {
	_, s, _ := strings.Cut(body, `class="error-summary"`)
	s, _, _ = strings.Cut(s, "</div>")
	return s
}

// TestIntakeMessages checks that each refusal the domain words in English
// for an intake report has its own message in every language, so that a
// change of wording in the domain is caught here.
func TestIntakeMessages(t *testing.T) {
	now := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	valid := func() *custos.Incident {
		i := &custos.Incident{Title: "Fictional", Category: "torture", Date: custos.Date{Year: 2024, Month: 3, Day: 5},
			Place: custos.Place{Country: "ML"}, Sources: []custos.IncidentSource{{Type: "civil_society_intake", Name: "Public report"}}}
		i.Normalize()
		return i
	}
	lat, lon := 48.85, 2.35
	for _, tt := range []struct {
		name, field, key string
		edit             func(i *custos.Incident)
	}{
		{"missing title", "title", "missing", func(i *custos.Incident) { i.Title = "" }},
		{"future", "date", "future", func(i *custos.Incident) { i.Date = custos.Date{Year: 2099, Month: 3, Day: 4} }},
		{"30 February", "date", "date_invalid", func(i *custos.Incident) { i.Date = custos.Date{Year: 2024, Month: 2, Day: 30} }},
		{"year 1200", "date", "date_invalid", func(i *custos.Incident) { i.Date = custos.Date{Year: 1200, Month: 2, Day: 3} }},
		{"long title", "title", "too_long", func(i *custos.Incident) { i.Title = strings.Repeat("x", custos.MaxNameLen+1) }},
		{"two lines", "title", "one_line", func(i *custos.Incident) { i.Title = "a\nb" }},
		{"category", "category", "choose_one", func(i *custos.Incident) { i.Category = "riot" }},
		{"killed", "victims.killed.best", "range", func(i *custos.Incident) { i.Victims.Killed = custos.Point(custos.MaxCasualties + 1) }},
		{"long answer", "how_known", "too_long", func(i *custos.Incident) { i.Sources[0].Reference = strings.Repeat("x", custos.MaxTextLen+1) }},
		{"Paris in Mali", "place.latitude", "coords", func(i *custos.Incident) { i.Place.Latitude, i.Place.Longitude = &lat, &lon }},
	} {
		i := valid()
		tt.edit(i)
		err := i.ValidateAt(now)
		if tt.key == "coords" {
			err = i.CheckBounds(parisNotInMali{})
		}
		e, ok := err.(*custos.Error)
		if !ok {
			t.Fatalf("%s: Validate = %v, want field errors", tt.name, err)
		}
		checkIntakeMessage(t, tt.name, e.Fields, tt.field, tt.key)
	}
	e := incident.CheckContact(&custos.Reporter{Email: "not-an-email", Phone: "call me"}).(*custos.Error)
	checkIntakeMessage(t, "bad email", e.Fields, "reporter.email", "email")
	checkIntakeMessage(t, "bad phone", e.Fields, "reporter.phone", "phone")
	checkIntakeMessage(t, "no key", map[string]string{"reporter": "send the report without contact details, or ask the operators to set an intake key"}, "reporter", "no_key")
	checkIntakeMessage(t, "names", map[string]string{"perpetrators": fmt.Sprintf("name at most %d", api.MaxIntakePerpetrators)}, "perpetrators", "too_many_names")
	got := intakeFieldErrors(intakeLangFor("fr", ""), map[string]string{"title": "contains the control character U+0007"})
	if want := intakeFR["invalid"] + " (contains the control character U+0007)"; got["title"] != want {
		t.Errorf("unknown message in French = %q, want %q", got["title"], want)
	}
}

// parisNotInMali places nothing in any country.
type parisNotInMali struct{}

func (parisNotInMali) Contains(string, float64, float64) bool { return false }

func checkIntakeMessage(t *testing.T, name string, fields map[string]string, field, key string) {
	t.Helper()
	for _, l := range intakeLangs {
		got := intakeFieldErrors(l, fields)
		want := l.T[key]
		if k := strings.Index(want, "%s"); k >= 0 {
			if !strings.HasPrefix(got[field], want[:k]) || !strings.HasSuffix(got[field], want[k+2:]) {
				t.Errorf("%s in %s: %s = %q, want %q (from %v)", name, l.Tag, field, got[field], want, fields)
			}
			continue
		}
		if got[field] != want {
			t.Errorf("%s in %s: %s = %q, want %q (from %v)", name, l.Tag, field, got[field], want, fields)
		}
	}
}

// TestIntakeBehindProxy checks that the form passes X-Forwarded-For on to
// the API, which believes it from a trusted proxy only: reporters behind
// the proxy each have their own limit.
func TestIntakeBehindProxy(t *testing.T) {
	f := newIncidentFixture(t)
	proxies, err := api.ParseTrustedProxies("10.0.0.0/8")
	must(t, err)
	h := New(Deps{Store: f.db, API: api.New(api.Deps{Store: f.db, IntakeKey: make([]byte, incident.KeySize), TrustedProxies: proxies})})
	post := func(remote, client string, k int) int {
		req := httptest.NewRequest("POST", "/report-incident", strings.NewReader(intakeForm(fmt.Sprintf("Fictional report %d", k)).Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.RemoteAddr = remote
		req.Header.Set("X-Forwarded-For", client)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	for k := range api.IntakeBurst + 1 {
		if got := post("10.0.0.2:4000", fmt.Sprintf("203.0.113.%d", k+1), k); got != http.StatusSeeOther {
			t.Errorf("report %d, from its own reporter behind the proxy = %d, want 303", k+1, got)
		}
	}
	for k := range api.IntakeBurst + 1 {
		want := http.StatusSeeOther
		if k == api.IntakeBurst {
			want = http.StatusTooManyRequests
		}
		if got := post("198.51.100.9:4000", fmt.Sprintf("203.0.113.%d", 100+k), k); got != want {
			t.Errorf("report %d from a direct client writing X-Forwarded-For = %d, want %d", k+1, got, want)
		}
	}
}

// TestIntakeCoarsenedThanks checks that the thank-you page says the place
// was made less precise when the reporter asked for it, and only then.
func TestIntakeCoarsenedThanks(t *testing.T) {
	f := newIncidentFixture(t)
	for _, coarsen := range []bool{true, false} {
		v := intakeForm(fmt.Sprintf("Fictional report coarsened %v", coarsen))
		if coarsen {
			v.Set("coarsen_location", "admin1")
		}
		r := f.do("", "POST", "/report-incident", v)
		if r.status != http.StatusSeeOther {
			t.Fatalf("POST /report-incident = %d, want 303", r.status)
		}
		thanks := f.do("", "GET", r.header.Get("Location"), nil)
		if got := strings.Contains(thanks.body, template.HTMLEscapeString(intakeFR["coarsened"])); got != coarsen {
			t.Errorf("thank-you page (coarsened %v) says the place was coarsened = %v", coarsen, got)
		}
	}
	u, _ := url.Parse("/report-incident/thanks?lang=ar&coarsened=1")
	if r := f.do("", "GET", u.String(), nil); !strings.Contains(r.body, intakeAR["coarsened"]) {
		t.Errorf("Arabic thank-you page lacks the coarsening note")
	}
}

// TestReporterReadAuditedFromPage checks that an analyst opening an
// incident page that shows its reporter leaves an entry in the audit trail,
// without the reporter's details in it.
func TestReporterReadAuditedFromPage(t *testing.T) {
	f := newIncidentFixture(t)
	v := intakeForm("Fictional report with contact details to audit")
	v.Set("reporter.name", reporterName)
	v.Set("reporter.email", reporterEmail)
	r := f.do("", "POST", "/report-incident", v)
	m := refPattern.FindStringSubmatch(r.header.Get("Location"))
	if m == nil {
		t.Fatalf("POST /report-incident = %d, no reference", r.status)
	}
	list, _, err := f.db.FindIncidents(sys, custos.IncidentFilter{Q: m[1]})
	must(t, err)
	if len(list) != 1 {
		t.Fatalf("incidents with reference %s = %d, want 1", m[1], len(list))
	}
	id := list[0].ID
	for _, role := range []custos.Role{custos.RoleAnalyst, custos.RoleViewer} {
		if r := f.do(role, "GET", fmt.Sprintf("/incidents/%d", id), nil); r.status != http.StatusOK {
			t.Fatalf("GET incident as %s = %d", role, r.status)
		}
	}
	entries, _, err := f.db.FindAuditEntries(sys, custos.AuditFilter{Entity: custos.EntityReporter, EntityID: fmt.Sprint(id)})
	must(t, err)
	var reads []string
	for _, e := range entries {
		if e.Action == custos.ActionRead {
			reads = append(reads, e.UserName)
		}
		if s := string(e.Before) + string(e.After); strings.Contains(s, reporterName) || strings.Contains(s, reporterEmail) {
			t.Errorf("audit entry %d holds the reporter's details: %s", e.Seq, s)
		}
	}
	if len(reads) != 1 || !strings.Contains(reads[0], string(custos.RoleAnalyst)) {
		t.Errorf("audited reads of the reporter = %v, want one by the analyst", reads)
	}
}
