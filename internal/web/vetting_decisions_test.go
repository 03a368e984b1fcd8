package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
)

// TestDecisionFourEyes follows a denial from proposal to force: the
// proposer gets no concur button and the server refuses the proposer
// anyway; a second vetter concurs; the unit then appears on the public
// list of barred units, without any personal data.
func TestDecisionFourEyes(t *testing.T) {
	f := newVetFixture(t)
	vetter := custos.WithPrincipal(t.Context(), f.principal(custos.RoleVetter))
	n := &custos.Nomination{ActorID: f.unit.ID, ProgramID: f.prog.ID}
	must(t, f.db.CreateNomination(vetter, n))
	path := fmt.Sprintf("/vetting/nominations/%d", n.ID)

	// Proposal errors come back beside their inputs, with the input kept.
	r := f.do(custos.RoleVetter, "POST", path+"/decisions", vals("reason", "kept text", "expires_on", "2030-02-30"))
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("POST %s/decisions with a bad date = %d, want 422", path, r.status)
	}
	for _, want := range []string{`id="f-expires_on-error"`, `href="#f-expires_on"`, `value="2030-02-30"`, "kept text"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("POST %s/decisions with a bad date: the page lacks %q", path, want)
		}
	}
	r = f.do(custos.RoleVetter, "POST", path+"/decisions", vals("reason", "kept text"))
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="f-outcome-error"`) {
		t.Errorf("POST %s/decisions without an outcome = %d, want 422 with the error beside the outcome", path, r.status)
	}
	r = f.do(custos.RoleVetter, "POST", path+"/decisions", vals("outcome", "approved", "reason", "no derogatory information"))
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "has not been screened") {
		t.Errorf("POST %s/decisions approving an unscreened nomination = %d, want 422 saying why", path, r.status)
	}
	r = f.do(custos.RoleVetter, "POST", path+"/decisions", vals("outcome", "denied", "reason", "credible reports of killings",
		"evidence", "https://example.org/report\n\nactor:"+fmt.Sprint(f.unit.ID), "publish", "yes"))
	if r.status != http.StatusSeeOther {
		t.Fatalf("POST %s/decisions = %d, want 303\n%s", path, r.status, r.body)
	}
	full, err := f.db.FindNomination(vetter, n.ID)
	must(t, err)
	d := full.Decisions[0]
	if got := strings.Join(d.Evidence, "|"); got != "https://example.org/report|actor:"+fmt.Sprint(f.unit.ID) {
		t.Errorf("evidence = %q, want two links, blank lines dropped", got)
	}
	concur := fmt.Sprintf("/vetting/decisions/%d/concur", d.ID)

	// The proposer: told why, no button, and refused by the server.
	page := f.do(custos.RoleVetter, "GET", path, nil)
	if r := f.do("", "GET", "/barred-units", nil); strings.Contains(r.body, "33e Régiment") {
		t.Errorf("GET /barred-units lists a denial awaiting concurrence")
	}
	for _, want := range []string{"Proposed by vetter1", "another vetter must concur", "You proposed this decision", `href="https://example.org/report"`,
		"Proposed for the public list of barred units",
		fmt.Sprintf(`href="/actors/%d"`, f.unit.ID)} {
		if !strings.Contains(page.body, want) {
			t.Errorf("GET %s as the proposer lacks %q", path, want)
		}
	}
	if strings.Contains(page.body, `action="`+concur+`"`) {
		t.Errorf("GET %s as the proposer shows the concur button", path)
	}
	r = f.do(custos.RoleVetter, "POST", concur, vals("note", "self"))
	if r.status != http.StatusForbidden || !strings.Contains(r.body, "a second, different vetter must concur") {
		t.Errorf("POST %s as the proposer = %d, want 403 saying a second vetter must concur", concur, r.status)
	}
	for _, role := range []custos.Role{custos.RolePlanner, custos.RoleAnalyst, custos.RoleViewer, custos.RolePartner} {
		if r := f.do(role, "POST", concur, vals()); r.status != http.StatusForbidden {
			t.Errorf("POST %s as %s = %d, want 403", concur, role, r.status)
		}
	}
	if got, _ := f.db.FindDecision(vetter, d.ID); got.Status != custos.DecisionProposed {
		t.Fatalf("decision status = %q after refused concurrences, want proposed", got.Status)
	}

	// A second vetter concurs; a refused concurrence comes back beside
	// the decision's form.
	r = f.do(custos.RoleAdmin, "POST", concur, vals("note", strings.Repeat("x", custos.MaxTextLen+1)))
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, fmt.Sprintf(`id="decision-%d-note-error"`, d.ID)) {
		t.Errorf("POST %s with too long a note = %d, want 422 with the error beside the note", concur, r.status)
	}
	r = f.do(custos.RoleAdmin, "POST", concur, vals("note", "agree"))
	if r.status != http.StatusSeeOther {
		t.Fatalf("POST %s as a second vetter = %d, want 303\n%s", concur, r.status, r.body)
	}
	page = f.do(custos.RoleAdmin, "GET", path, nil)
	for _, want := range []string{"In force: proposed by vetter1", "concurred in by admin1", "agree", "No remediation step is recorded",
		fmt.Sprintf(`action="/vetting/decisions/%d/remediation"`, d.ID)} {
		if !strings.Contains(page.body, want) {
			t.Errorf("GET %s after concurrence lacks %q", path, want)
		}
	}
	if r := f.do(custos.RoleAdmin, "POST", concur, vals()); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "already in force") {
		t.Errorf("POST %s again = %d, want 422 saying it is in force", concur, r.status)
	}

	// Remediation, with errors beside the inputs.
	remedy := fmt.Sprintf("/vetting/decisions/%d/remediation", d.ID)
	pre := fmt.Sprintf("remedy-%d-", d.ID)
	r = f.do(custos.RoleVetter, "POST", remedy, vals(pre+"date", "2020-01-01"))
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="f-`+pre+`step-error"`) || !strings.Contains(r.body, `value="2020-01-01"`) {
		t.Errorf("POST %s without a step = %d, want 422 with the error beside the step and the date kept", remedy, r.status)
	}
	r = f.do(custos.RoleVetter, "POST", remedy, vals(pre+"date", "2099-01-01", pre+"step", "Commander relieved"))
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="f-`+pre+`date-error"`) {
		t.Errorf("POST %s dated in the future = %d, want 422 with the error beside the date", remedy, r.status)
	}
	r = f.do(custos.RoleVetter, "POST", remedy, vals(pre+"date", "2020-01-01", pre+"step", "Commander relieved and prosecuted"))
	if r.status != http.StatusSeeOther {
		t.Fatalf("POST %s = %d, want 303\n%s", remedy, r.status, r.body)
	}

	// The public list: the unit and its remediation, no person, no grounds.
	for _, role := range callers() {
		r := f.do(role, "GET", "/barred-units", nil)
		if r.status != http.StatusOK {
			t.Fatalf("GET /barred-units as %s = %d, want 200", name(role), r.status)
		}
		for _, want := range []string{"33e Régiment", "Mali", "2020-01-01: Commander relieved and prosecuted"} {
			if !strings.Contains(r.body, want) {
				t.Errorf("GET /barred-units as %s lacks %q", name(role), want)
			}
		}
		for _, secret := range []string{"credible reports of killings", "example.org", "vetter1", "admin1", restrictedName, protectedName, nomineeName,
			decisionReason, listedName} {
			if strings.Contains(r.body, secret) && !(secret == "admin1" && role == custos.RoleAdmin) && !(secret == "vetter1" && role == custos.RoleVetter) {
				t.Errorf("GET /barred-units as %s shows %q", name(role), secret)
			}
		}
	}
	if r := f.do("", "GET", "/public", nil); !strings.Contains(r.body, `href="/barred-units"`) {
		t.Errorf("the public navigation lacks the barred units")
	}
}

// TestParticipantVetting checks the activity page's vetting section for
// each role, and that the Leahy interlock's refusal sits beside the
// participant on the activity form.
func TestParticipantVetting(t *testing.T) {
	f := newVetFixture(t)
	path := fmt.Sprintf("/activities/%d", f.act.ID)
	for _, role := range callers() {
		r := f.do(role, "GET", path, nil)
		if role == "" || role == custos.RolePartner {
			if strings.Contains(r.body, "Leahy vetting of participants") {
				t.Errorf("GET %s as %s shows the participants' vetting", path, name(role))
			}
			continue
		}
		for _, want := range []string{"Leahy vetting of participants", `<span class="tag tag--vet-approved">approved</span>`, "33e Régiment"} {
			if !strings.Contains(r.body, want) {
				t.Errorf("GET %s as %s lacks %q", path, name(role), want)
			}
		}
		links := strings.Contains(r.body, fmt.Sprintf(`href="/vetting/nominations?actor_id=%d"`, f.unit.ID))
		if links != vetters(role) {
			t.Errorf("GET %s as %s links to the unit's nominations = %v, want %v", path, name(role), links, vetters(role))
		}
	}

	unvetted := &custos.Person{Name: "Fictional Unvetted Officer"}
	must(t, f.db.CreatePerson(sys, unvetted))
	form := vals("title", "Fictional course", "program_id", fmt.Sprint(f.prog.ID), "kind", "course", "status", "planned",
		"actor_ids[0]", fmt.Sprint(f.unit.ID), "person_ids[0]", fmt.Sprint(f.person.ID), "person_ids[1]", fmt.Sprint(unvetted.ID))
	r := f.do(custos.RolePlanner, "POST", "/activities", form)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("POST /activities with an unvetted participant = %d, want 422", r.status)
	}
	for _, want := range []string{`id="f-person_ids-1-error"`, `aria-describedby="f-person_ids-1-error`, `href="#f-person_ids-1"`,
		"has no Leahy vetting: nominate and vet it first", fmt.Sprintf(`value="%d"`, unvetted.ID)} {
		if !strings.Contains(r.body, want) {
			t.Errorf("POST /activities with an unvetted participant: the page lacks %q", want)
		}
	}
	if strings.Contains(r.body, `id="f-person_ids-0-error"`) {
		t.Errorf("POST /activities: the vetted participant is marked in error")
	}
}

// TestListUpload imports a list through the upload form: a file with bad
// rows is refused whole with every bad row named by line, a good one is
// imported and counted.
func TestListUpload(t *testing.T) {
	f := newVetFixture(t)
	bad := "id,kind,name,aliases,birth_date,gender,nationality,unit,parent_unit\n" +
		"a1,person,Fictional Good Row,,,,,,\n" +
		"a2,squad,Fictional Bad Kind,,,,,,\n" +
		"a3,person,Fictional Bad Date,,1970-13,,,,\n"
	r := f.upload(custos.RoleVetter, "/vetting/lists", map[string]string{"name": "Fictional upload"}, "upload.csv", bad)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("POST /vetting/lists with bad rows = %d, want 422\n%s", r.status, r.body)
	}
	for _, want := range []string{`id="f-file-error"`, "nothing was imported", "Rows of the file that were refused",
		`<th scope="row" class="num">3</th>`, `<th scope="row" class="num">4</th>`, "birth_date"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("POST /vetting/lists with bad rows: the page lacks %q", want)
		}
	}
	if strings.Contains(r.body, ">Fictional upload</a></th>") {
		t.Errorf("a refused list was imported")
	}
	r = f.upload(custos.RoleVetter, "/vetting/lists", map[string]string{"name": ""}, "", "")
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="f-name-error"`) || !strings.Contains(r.body, `id="f-file-error"`) {
		t.Errorf("POST /vetting/lists empty = %d, want 422 with errors beside the name and the file", r.status)
	}
	good := "id,kind,name,aliases,birth_date,gender,nationality,unit,parent_unit\n" +
		"a1,person,Fictional Good Row,,,,,,\n" + "a2,unit,Fictional 7th Battalion,,,,,,\n"
	r = f.upload(custos.RoleVetter, "/vetting/lists", map[string]string{"name": "Fictional upload"}, "upload.csv", good)
	if r.status != http.StatusSeeOther {
		t.Fatalf("POST /vetting/lists = %d, want 303\n%s", r.status, r.body)
	}
	page := f.do(custos.RoleVetter, "GET", r.header.Get("Location"), nil)
	for _, want := range []string{"Imported list “Fictional upload” from upload.csv: 2 rows, 2 added",
		`>Fictional upload</a></th><td class="num">2</td><td class="num">1</td><td class="num">1</td>`,
		`>` + listName + `</a></th><td class="num">2</td>`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("GET /vetting/lists after the import lacks %q", want)
		}
	}
	for _, role := range []custos.Role{custos.RolePlanner, custos.RoleAnalyst, custos.RoleViewer, custos.RolePartner, ""} {
		r := f.upload(role, "/vetting/lists", map[string]string{"name": "Fictional upload"}, "upload.csv", "id,kind,name\n")
		if r.status != http.StatusForbidden && r.status != http.StatusUnauthorized {
			t.Errorf("POST /vetting/lists as %s = %d, want 403 or 401", name(role), r.status)
		}
	}
}
