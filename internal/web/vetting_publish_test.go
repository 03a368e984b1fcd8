package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store/storetest"
)

// TestBarredPublication checks that a denial not published keeps the unit
// off the public list, that a vetter publishes and withdraws it from the
// nomination page with a reason, that a refusal comes back beside the
// form, and that other roles have no form and are refused.
func TestBarredPublication(t *testing.T) {
	f := newVetFixture(t)
	vetter := custos.WithPrincipal(t.Context(), f.principal(custos.RoleVetter))
	n := &custos.Nomination{ActorID: f.unit.ID, ProgramID: f.prog.ID}
	must(t, f.db.CreateNomination(vetter, n))
	d := storetest.Decide(t, f.db, n, custos.Denied)
	listed := func() bool {
		t.Helper()
		r := f.do("", "GET", "/barred-units", nil)
		if r.status != http.StatusOK {
			t.Fatalf("GET /barred-units = %d", r.status)
		}
		return strings.Contains(r.body, "33e Régiment")
	}
	if listed() {
		t.Fatalf("GET /barred-units lists a denial nobody published")
	}
	path := fmt.Sprintf("/vetting/nominations/%d", n.ID)
	action := fmt.Sprintf("/vetting/decisions/%d/publication", d.ID)
	page := f.do(custos.RoleVetter, "GET", path, nil)
	const warning = "This denial is on the public list of barred units, which shows the date and text of each step: name no person"
	for _, want := range []string{"If this denial is published on the list of barred units, the list shows the date and text of each step, this one included",
		"the date and text of every remediation step below, those already recorded included"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("GET %s before publication lacks %q", path, want)
		}
	}
	if strings.Contains(page.body, warning) {
		t.Errorf("GET %s says the denial is public before publication", path)
	}
	for _, want := range []string{"Not on the public list of barred units", `action="` + action + `"`, `name="publish" value="yes"`, "Publish the unit on the list"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("GET %s lacks %q", path, want)
		}
	}
	for _, role := range []custos.Role{custos.RolePlanner, custos.RoleAnalyst, custos.RoleViewer, custos.RolePartner} {
		if r := f.do(role, "POST", action, vals("publish", "yes", "reason", "x")); r.status != http.StatusForbidden {
			t.Errorf("POST %s as %s = %d, want 403", action, role, r.status)
		}
	}
	r := f.do(custos.RoleVetter, "POST", action, vals("publish", "yes", "reason", ""))
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, fmt.Sprintf(`id="decision-%d-publish-error"`, d.ID)) {
		t.Errorf("POST %s without a reason = %d, want 422 with the error beside the form", action, r.status)
	}
	if listed() {
		t.Errorf("a refused publication listed the unit")
	}
	if r := f.do(custos.RoleVetter, "POST", action, vals("publish", "yes", "reason", "the ministry named the unit")); r.status != http.StatusSeeOther {
		t.Fatalf("POST %s = %d, want 303\n%.500s", action, r.status, r.body)
	}
	if !listed() {
		t.Errorf("GET /barred-units lacks the published unit")
	}
	page = f.do(custos.RoleAdmin, "GET", path, nil)
	for _, want := range []string{"On the public list of barred units since", `name="publish" value="no"`, "Take the unit off the list", warning} {
		if !strings.Contains(page.body, want) {
			t.Errorf("GET %s after publication lacks %q", path, want)
		}
	}
	if r := f.do(custos.RoleAdmin, "POST", action, vals("publish", "no", "reason", "withheld during the investigation")); r.status != http.StatusSeeOther {
		t.Fatalf("POST %s (withdraw) = %d, want 303", action, r.status)
	}
	if listed() {
		t.Errorf("GET /barred-units still lists the withdrawn unit")
	}
	if page := f.do(custos.RoleVetter, "GET", path, nil); !strings.Contains(page.body, "Taken off the public list of barred units") {
		t.Errorf("GET %s after withdrawal does not say it was taken off", path)
	}
}
