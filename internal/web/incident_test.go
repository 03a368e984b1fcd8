package web

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/api"
	"github.com/google/go-cmp/cmp"
)

// incidentFixture is the page fixture with an intake key, one internal
// incident naming the program's recipient unit and one public incident.
type incidentFixture struct {
	*fixture
	inc    *custos.Incident // internal, names f.actor, with a protected source
	public *custos.Incident
}

// protectedSource is the name of a protected source, which roles below
// protected must never see.
const protectedSource = "Protected-Witness-Network"

func newIncidentFixture(t *testing.T) *incidentFixture {
	t.Helper()
	f := newFixture(t)
	key := bytes.Repeat([]byte{7}, 32)
	a := api.New(api.Deps{Store: f.db, Version: "test", IntakeKey: key})
	f.h = New(Deps{Store: f.db, API: a, Version: "test"})
	x := &incidentFixture{fixture: f}
	x.inc = &custos.Incident{Title: "Fictional test incident at Boulkessi", Category: "extrajudicial_killing",
		Date: custos.Date{Year: 2024, Month: 3, Day: 10}, Place: custos.Place{Country: "ML", Admin1: "Mopti", Location: "Boulkessi"},
		Perpetrators: []custos.Perpetrator{{ActorID: f.actor.ID, Role: "direct"}, {Name: "Unnamed militia", SuggestedActorID: f.unit.ID, SuggestionScore: 0.8}},
		Victims:      custos.Victims{Killed: custos.Estimate{Best: 12, Low: 10, High: 15}, Injured: custos.Point(3)},
		Sources: []custos.IncidentSource{{Type: "witness", Name: protectedSource, Reliability: "B", Credibility: 2, Releasability: custos.Protected},
			{Type: "media", Name: "Public newspaper", Reliability: "C", Credibility: 3, Releasability: custos.Internal}}}
	must(t, f.db.CreateIncident(sys, x.inc))
	x.public = &custos.Incident{Title: "Fictional public incident", Category: "civilian_harm_operations",
		Date: custos.Date{Year: 2024, Month: 3, Day: 20}, Place: custos.Place{Country: "ML", Admin1: "Gao"},
		Victims: custos.Victims{Killed: custos.Point(2)}, Releasability: custos.Public}
	must(t, f.db.CreateIncident(sys, x.public))
	return x
}

// TestIncidentPagesRender opens every incident page as every role and as
// an anonymous visitor.
func TestIncidentPagesRender(t *testing.T) {
	f := newIncidentFixture(t)
	item := fmt.Sprintf("/incidents/%d", f.inc.ID)
	tests := []struct {
		path string
		// status by role; roles not listed get want.
		want   int
		byRole map[custos.Role]int
	}{
		{"/incidents", 200, nil},
		{"/incidents?country=ML&category=extrajudicial_killing&status=reported&from=2024-01-01&to=2024-12-31", 200, nil},
		{fmt.Sprintf("/incidents?country=ML&actor_id=%d", f.actor.ID), 200, nil},
		{fmt.Sprintf("/incidents?country=ML&actor_id=%d&subunits=true", f.actor.ID), 200, nil},
		{item, 200, hiddenFrom(custos.Internal)},
		{fmt.Sprintf("/incidents/%d", f.public.ID), 200, nil},
		{"/incident-trends?country=ML", 200, nil},
		{"/incident-trends?country=ML&by=actor", 200, nil},
		{"/incident-trends?country=ML&by=admin1", 200, nil},
		{"/civilian-harm?country=ML&month=2024-03", 200, nil},
		{"/incidents/new", http.StatusForbidden, map[custos.Role]int{custos.RoleAnalyst: 200, custos.RoleAdmin: 200, "": http.StatusSeeOther}},
		{item + "/edit", http.StatusForbidden, map[custos.Role]int{custos.RoleAnalyst: 200, custos.RoleAdmin: 200, "": http.StatusSeeOther}},
		{"/report-incident", 200, nil},
		{"/report-incident?lang=ar", 200, nil},
		{"/report-incident/thanks?lang=fr&ref=ABCD-2345", 200, nil},
	}
	for _, role := range callers() {
		for _, tt := range tests {
			want := tt.want
			if s, ok := tt.byRole[role]; ok {
				want = s
			}
			r := f.do(role, "GET", tt.path, nil)
			if r.status != want {
				t.Errorf("GET %s as %s = %d, want %d\n%.500s", tt.path, name(role), r.status, want, r.body)
			}
		}
	}
}

// hiddenFrom maps the callers whose clearance is below level to 404.
func hiddenFrom(level custos.Releasability) map[custos.Role]int {
	out := map[custos.Role]int{}
	for _, role := range callers() {
		if role.Clearance() < level {
			out[role] = http.StatusNotFound
		}
	}
	return out
}

// TestIncidentRecordPage checks what the record page shows to whom.
func TestIncidentRecordPage(t *testing.T) {
	f := newIncidentFixture(t)
	path := fmt.Sprintf("/incidents/%d", f.inc.ID)
	for _, role := range custos.Roles() {
		if role.Clearance() < f.inc.Releasability {
			continue
		}
		r := f.do(role, "GET", path, nil)
		for _, want := range []string{"Fictional test incident at Boulkessi", "Boulkessi", "Armée de Terre", "Unnamed militia", "Public newspaper", "C3",
			"Not reviewed yet", `href="/actors/` + itoa(f.actor.ID) + `"`, `href="/incident-trends?actor_id=` + itoa(f.actor.ID) + `"`} {
			if !strings.Contains(r.body, want) {
				t.Errorf("GET %s as %s lacks %q", path, role, want)
			}
		}
		seesProtected := custos.Role(role).Clearance() >= custos.Protected
		if got := strings.Contains(r.body, protectedSource); got != seesProtected {
			t.Errorf("GET %s as %s shows the protected source = %v, want %v", path, role, got, seesProtected)
		}
		may := custos.Can(role, custos.ActionUpdate, custos.EntityIncident)
		for _, part := range []string{`action="` + path + `/transition"`, `action="` + path + `/perpetrators/1/confirm"`, `href="` + path + `/edit"`} {
			if got := strings.Contains(r.body, part); got != may {
				t.Errorf("GET %s as %s shows %s = %v, want %v", path, role, part, got, may)
			}
		}
	}
}

// TestIncidentForm posts the incident form with mistakes and checks that
// each error is shown beside its input, then posts it right.
func TestIncidentForm(t *testing.T) {
	f := newIncidentFixture(t)
	bad := url.Values{"title": {""}, "category": {"torture"}, "date": {"2024-02-30"}, "date_precision": {"day"}, "place.country": {"ML"},
		"place.latitude": {"north"}, "victims.killed.best": {"5"}, "victims.killed.low": {"7"}, "victims.killed.high": {"9"},
		"releasability": {"internal"}}
	r := f.do(custos.RoleAnalyst, "POST", "/incidents", bad)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("POST /incidents with errors = %d, want 422\n%.800s", r.status, r.body)
	}
	for _, id := range []string{"f-place-latitude-error", "f-date-error"} {
		if !strings.Contains(r.body, `id="`+id+`"`) {
			t.Errorf("POST /incidents with errors: no error beside %s", id)
		}
	}
	if !strings.Contains(r.body, `value="north"`) {
		t.Errorf("POST /incidents with errors does not show back what was typed")
	}
	bad.Set("place.latitude", "")
	bad.Set("date", "2024-02-28")
	r = f.do(custos.RoleAnalyst, "POST", "/incidents", bad)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("POST /incidents with store errors = %d, want 422", r.status)
	}
	for _, id := range []string{"f-title-error", "f-victims-killed-low-error"} {
		if !strings.Contains(r.body, `id="`+id+`"`) {
			t.Errorf("POST /incidents with store errors: no error beside %s\n%.3000s", id, r.body)
		}
	}
	good := url.Values{"title": {"Fictional form incident"}, "category": {"torture"}, "date": {"2024-02-28"}, "date_precision": {"week"},
		"place.country": {"ML"}, "place.latitude": {"14.5"}, "place.longitude": {"-4.2"}, "victims.killed.best": {"1"},
		"perpetrators[0].actor_id": {itoa(f.unit.ID)}, "perpetrators[0].role": {"command"},
		"sources[0].type": {"ngo_report"}, "sources[0].name": {"Fictional NGO"}, "sources[0].reliability": {"B"}, "sources[0].credibility": {"2"},
		"releasability": {"internal"}}
	r = f.do(custos.RoleAnalyst, "POST", "/incidents", good)
	if r.status != http.StatusSeeOther {
		t.Fatalf("POST /incidents = %d, want 303\n%.3000s", r.status, r.body)
	}
	list, _, err := f.db.FindIncidents(sys, custos.IncidentFilter{Q: "Fictional form incident"})
	must(t, err)
	if len(list) != 1 || list[0].Perpetrators[0].ActorID != f.unit.ID || list[0].Sources[0].Grade() != "B2" || *list[0].Place.Latitude != 14.5 {
		t.Errorf("stored incident = %+v, want the form's values", list)
	}
	if r := f.do(custos.RolePlanner, "POST", "/incidents", good); r.status != http.StatusForbidden {
		t.Errorf("POST /incidents as planner = %d, want 403", r.status)
	}
}

// TestIncidentFormBounds posts the create and edit forms with coordinates
// inside, near and far outside the incident's country: those outside are
// refused with the error beside the latitude, and the edit changes nothing.
func TestIncidentFormBounds(t *testing.T) {
	f := newIncidentFixture(t)
	form := func(lat, lon string) url.Values {
		return url.Values{"title": {"Fictional located incident"}, "category": {"torture"}, "date": {"2024-02-28"}, "date_precision": {"day"},
			"place.country": {"ML"}, "place.latitude": {lat}, "place.longitude": {lon}, "releasability": {"internal"}}
	}
	type result struct {
		Status  int
		Beside  bool // the error is beside the latitude input
		Message bool // and says the point is outside Mali
	}
	tests := []struct {
		name, path, lat, lon string
		want                 result
	}{
		{"create in Mopti", "/incidents", "14.5", "-4.2", result{http.StatusSeeOther, false, false}},
		{"create in Paris", "/incidents", "48.85", "2.35", result{http.StatusUnprocessableEntity, true, true}},
		{"create swapped", "/incidents", "-4.2", "14.5", result{http.StatusUnprocessableEntity, true, true}},
		{"edit to Paris", fmt.Sprintf("/incidents/%d", f.inc.ID), "48.85", "2.35", result{http.StatusUnprocessableEntity, true, true}},
		{"edit near the border", fmt.Sprintf("/incidents/%d", f.inc.ID), "11.07", "-5.33", result{http.StatusSeeOther, false, false}},
	}
	var want, got []result
	for _, tt := range tests {
		r := f.do(custos.RoleAnalyst, "POST", tt.path, form(tt.lat, tt.lon))
		want = append(want, tt.want)
		got = append(got, result{r.status, strings.Contains(r.body, `id="f-place-latitude-error"`), strings.Contains(r.body, "outside Mali (ML)")})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("incident forms (-want +got):\n%s", diff)
	}
	stored, err := f.db.FindIncident(sys, f.inc.ID)
	must(t, err)
	if stored.Place.Latitude == nil || *stored.Place.Latitude != 11.07 {
		t.Errorf("after the edits the latitude is %v, want 11.07", stored.Place.Latitude)
	}
}

// TestIncidentTransition moves an incident through review, checks the
// required reason, the history, and the warnings it raises on the program
// and activity of its unit.
func TestIncidentTransition(t *testing.T) {
	f := newIncidentFixture(t)
	path := fmt.Sprintf("/incidents/%d", f.inc.ID)
	// Only active and planned programs are warned about.
	f.prog.Status = "active"
	must(t, f.db.UpdateProgram(sys, f.prog))
	r := f.do(custos.RoleAnalyst, "POST", path+"/transition", url.Values{"to": {"under_review"}, "reason": {"  "}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="f-reason-error"`) {
		t.Fatalf("transition without a reason = %d, want 422 with the error beside the reason\n%.500s", r.status, r.body)
	}
	r = f.do(custos.RoleAnalyst, "POST", path+"/transition", url.Values{"to": {"confirmed"}, "reason": {"x"}})
	if r.status != http.StatusUnprocessableEntity {
		t.Errorf("transition reported to confirmed = %d, want 422", r.status)
	}
	if r := f.do(custos.RolePlanner, "POST", path+"/transition", url.Values{"to": {"under_review"}, "reason": {"x"}}); r.status != http.StatusForbidden {
		t.Errorf("transition as planner = %d, want 403", r.status)
	}
	for _, step := range []url.Values{{"to": {"under_review"}, "reason": {"Two sources agree on the date"}},
		{"to": {"credible"}, "reason": {"Fictional: UN report corroborates the unit"}}} {
		if r := f.do(custos.RoleAnalyst, "POST", path+"/transition", step); r.status != http.StatusSeeOther {
			t.Fatalf("transition to %s = %d, want 303\n%.500s", step.Get("to"), r.status, r.body)
		}
	}
	r = f.do(custos.RoleViewer, "GET", path, nil)
	for _, want := range []string{"Fictional: UN report corroborates the unit", "analyst1", "Under review", "Credible"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("history lacks %q", want)
		}
	}
	warning := fmt.Sprintf("review vetting (incident %d)", f.inc.ID)
	for _, page := range []string{fmt.Sprintf("/programs/%d", f.prog.ID), fmt.Sprintf("/activities/%d", f.public.ID)} {
		for _, role := range callers() {
			r := f.do(role, "GET", page, nil)
			// The incident is internal: callers below that see the
			// public program but not the warning.
			if got, want := strings.Contains(r.body, warning), role.Clearance() >= custos.Internal; got != want {
				t.Errorf("GET %s as %s shows the warning = %v, want %v", page, name(role), got, want)
			}
		}
	}
	// A program's and a unit's pages lead to their incident trends.
	for page, want := range map[string]string{
		fmt.Sprintf("/programs/%d", f.prog.ID): fmt.Sprintf(`href="/incident-trends?program_id=%d"`, f.prog.ID),
		fmt.Sprintf("/actors/%d", f.unit.ID):   fmt.Sprintf(`href="/incident-trends?actor_id=%d"`, f.unit.ID),
	} {
		if r := f.do(custos.RoleAnalyst, "GET", page, nil); !strings.Contains(r.body, want) {
			t.Errorf("GET %s lacks the link %s", page, want)
		}
	}
	// Confirming the suggested link sets the unit.
	if r := f.do(custos.RoleAnalyst, "POST", path+"/perpetrators/1/confirm", url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("confirm suggestion = %d, want 303\n%.500s", r.status, r.body)
	}
	got, err := f.db.FindIncident(sys, f.inc.ID)
	must(t, err)
	if got.Perpetrators[1].ActorID != f.unit.ID {
		t.Errorf("after confirming, perpetrator 1 = %+v, want actor %d", got.Perpetrators[1], f.unit.ID)
	}
}

// TestIncidentTrendsAndReport checks that every trend figure links to its
// incidents and that the report and its files hold the month's incidents.
func TestIncidentTrendsAndReport(t *testing.T) {
	f := newIncidentFixture(t)
	r := f.do(custos.RoleViewer, "GET", "/incident-trends?country=ML", nil)
	for _, want := range []string{`href="/incidents?country=ML&amp;from=2024-03-01&amp;to=2024-03-31"`, "2024-03", "Extrajudicial killing",
		`data-incident-chart="incident-trend-data"`, "<caption>Incidents and civilian casualties by month</caption>"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("trends page lacks %q", want)
		}
	}
	r = f.do(custos.RoleViewer, "GET", fmt.Sprintf("/incident-trends?actor_id=%d&by=actor", f.actor.ID), nil)
	if !strings.Contains(r.body, "Incident trends, Armée de Terre") || !strings.Contains(r.body, "subunits=true") {
		t.Errorf("unit trend page lacks its title or links with the units under it\n%.2000s", r.body)
	}
	r = f.do(custos.RoleViewer, "GET", "/civilian-harm?country=ML&month=2024-03", nil)
	for _, want := range []string{"Fictional test incident at Boulkessi", "12 (10–15)", "Armée de Terre", "/civilian-harm.csv?country=ML&amp;month=2024-03&amp;table=largest"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	r = f.do(custos.RoleViewer, "GET", "/civilian-harm.csv?country=ML&month=2024-03&table=largest", nil)
	if r.status != 200 || !strings.Contains(r.body, "Fictional test incident at Boulkessi") {
		t.Errorf("report CSV = %d %q, want the largest incidents", r.status, r.body)
	}
	if r := f.do(custos.RoleViewer, "GET", "/civilian-harm?month=March", nil); r.status != http.StatusBadRequest {
		t.Errorf("report with a bad month = %d, want 400", r.status)
	}
}

// TestIncidentExports checks the list's CSV export.
func TestIncidentExports(t *testing.T) {
	f := newIncidentFixture(t)
	r := f.do(custos.RoleViewer, "GET", "/incidents.csv?country=ML", nil)
	if r.status != 200 || !strings.Contains(r.body, "Fictional test incident at Boulkessi") || !strings.Contains(r.body, "id,title,category") {
		t.Errorf("GET /incidents.csv = %d\n%.300s", r.status, r.body)
	}
	if strings.Contains(r.body, protectedSource) {
		t.Errorf("GET /incidents.csv as viewer holds the protected source")
	}
}

var refPattern = regexp.MustCompile(`ref=([A-Z0-9-]+)`)

// fileText returns a response's text, the XML inside an XLSX file
// included, so that a leak in a workbook is found too.
func fileText(t *testing.T, r response) string {
	if !strings.Contains(r.header.Get("Content-Type"), "spreadsheetml") {
		return r.body
	}
	z, err := zip.NewReader(strings.NewReader(r.body), int64(len(r.body)))
	if err != nil {
		t.Fatalf("XLSX does not open: %v", err)
	}
	var b strings.Builder
	for _, zf := range z.File {
		rc, err := zf.Open()
		must(t, err)
		io.Copy(&b, rc)
		rc.Close()
	}
	return b.String()
}

// TestIncidentListFilters checks that the unit filter, with the units
// under it, finds the incident naming the parent unit only when asked.
func TestIncidentListFilters(t *testing.T) {
	f := newIncidentFixture(t)
	// A second incident names only the sub-unit.
	sub := &custos.Incident{Title: "Fictional sub-unit incident", Category: "torture", Date: custos.Date{Year: 2024, Month: 1, Day: 5},
		Place: custos.Place{Country: "ML"}, Perpetrators: []custos.Perpetrator{{ActorID: f.unit.ID, Role: "direct"}}}
	must(t, f.db.CreateIncident(sys, sub))
	tests := []struct {
		query string
		want  map[string]bool
	}{
		{fmt.Sprintf("actor_id=%d", f.actor.ID), map[string]bool{f.inc.Title: true, sub.Title: false}},
		{fmt.Sprintf("actor_id=%d&subunits=true", f.actor.ID), map[string]bool{f.inc.Title: true, sub.Title: true}},
		{"category=torture", map[string]bool{f.inc.Title: false, sub.Title: true}},
		{"from=2024-03-01&to=2024-03-15", map[string]bool{f.inc.Title: true, sub.Title: false, f.public.Title: false}},
	}
	for _, tt := range tests {
		r := f.do(custos.RoleViewer, "GET", "/incidents?"+tt.query, nil)
		for title, want := range tt.want {
			if got := strings.Contains(r.body, title); got != want {
				t.Errorf("GET /incidents?%s lists %q = %v, want %v", tt.query, title, got, want)
			}
		}
	}
}
