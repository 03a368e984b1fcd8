package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
)

// TestRosterNominate nominates, in one step, the participants of an
// activity who have no vetting: an activity imported from a training
// report, which records assistance already given and so bypasses the
// interlock.
func TestRosterNominate(t *testing.T) {
	f := newVetFixture(t)
	unvetted := &custos.Person{Name: "Fictional Imported Trainee"}
	must(t, f.db.CreatePerson(sys, unvetted))
	newUnit := &custos.Actor{Country: "ML", Kind: "army", Name: "Fictional 5e Compagnie"}
	must(t, f.db.CreateActor(sys, newUnit))
	a := &custos.Activity{ProgramID: f.prog.ID, Kind: "course", Title: "Fictional imported course", Status: "delivered",
		ActorIDs: []int64{newUnit.ID, f.unit.ID}, PersonIDs: []int64{unvetted.ID}, Releasability: custos.Internal}
	must(t, f.db.Import(sys, &store.ImportRecord{Dataset: "test"}, func(b *store.Bulk) error { return b.PutActivity(a) }))
	path := fmt.Sprintf("/activities/%d", a.ID)
	roster := fmt.Sprintf("/vetting/activities/%d/nominate", a.ID)

	r := f.do(custos.RolePlanner, "GET", path, nil)
	if !strings.Contains(r.body, `<span class="tag tag--vet-missing">not vetted</span>`) || strings.Contains(r.body, roster) {
		t.Errorf("GET %s as planner: want the missing vetting shown and no link to nominate", path)
	}
	r = f.do(custos.RoleVetter, "GET", path, nil)
	for _, want := range []string{`href="` + roster + `"`, fmt.Sprintf(`href="/vetting/nominations/new?person_id=%d&amp;activity_id=%d"`, unvetted.ID, a.ID)} {
		if !strings.Contains(r.body, want) {
			t.Errorf("GET %s as vetter lacks %s", path, want)
		}
	}
	for _, role := range []custos.Role{custos.RolePlanner, custos.RoleAnalyst, custos.RoleViewer} {
		if r := f.do(role, "GET", roster, nil); r.status != http.StatusForbidden {
			t.Errorf("GET %s as %s = %d, want 403", roster, role, r.status)
		}
		if r := f.do(role, "POST", roster, vals()); r.status != http.StatusForbidden {
			t.Errorf("POST %s as %s = %d, want 403", roster, role, r.status)
		}
	}
	r = f.do(custos.RoleVetter, "GET", roster, nil)
	for _, want := range []string{"Fictional Imported Trainee", "Fictional 5e Compagnie", "Nominate 2 participants", "1 other participant is already"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("GET %s lacks %q", roster, want)
		}
	}
	r = f.do(custos.RoleVetter, "POST", roster, vals())
	if want := fmt.Sprintf("/vetting/nominations?activity_id=%d", a.ID); r.status != http.StatusSeeOther || location(r) != want {
		t.Fatalf("POST %s = %d to %q, want 303 to %s", roster, r.status, location(r), want)
	}
	list, _, err := f.db.FindNominations(custos.WithPrincipal(t.Context(), f.principal(custos.RoleVetter)), custos.NominationFilter{ActivityID: a.ID})
	must(t, err)
	var got []string
	for _, n := range list {
		got = append(got, n.SubjectName)
	}
	if strings.Join(got, "|") != "Fictional 5e Compagnie|Fictional Imported Trainee" {
		t.Errorf("nominations made for the activity = %q, want the unit and the person without a vetting", got)
	}
	if r := f.do(custos.RoleVetter, "GET", roster, nil); !strings.Contains(r.body, "there is no one to nominate") {
		t.Errorf("GET %s after nominating still offers to nominate", roster)
	}
}

// TestIncidentHitPath nominates a unit whose subordinate is named as the
// perpetrator of a credible incident: the hit links to the incident and
// shows the path through the unit tree.
func TestIncidentHitPath(t *testing.T) {
	f := newVetFixture(t)
	inc := &custos.Incident{Title: "Fictional: detainees beaten at a checkpoint", Date: custos.Date{Year: 2025, Month: 3, Day: 1}, DatePrecision: "day",
		Category: "torture", Place: custos.Place{Country: "ML"}, Perpetrators: []custos.Perpetrator{{ActorID: f.unit.ID, Role: "direct"}}}
	must(t, f.db.CreateIncident(sys, inc))
	for _, to := range []custos.VerificationStatus{custos.StatusUnderReview, custos.StatusCredible} {
		_, err := f.db.TransitionIncident(sys, inc.ID, to, "checked (fictional)")
		must(t, err)
	}
	vetter := custos.WithPrincipal(t.Context(), f.principal(custos.RoleVetter))
	n := &custos.Nomination{ActorID: f.actor.ID, ProgramID: f.prog.ID}
	must(t, f.db.CreateNomination(vetter, n))
	path := fmt.Sprintf("/vetting/nominations/%d", n.ID)
	if r := f.do(custos.RoleVetter, "POST", path+"/screen", vals()); r.status != http.StatusSeeOther {
		t.Fatalf("POST %s/screen = %d, want 303", path, r.status)
	}
	r := f.do(custos.RoleVetter, "GET", path, nil)
	for _, want := range []string{fmt.Sprintf(`<a href="/incidents/%d">`, inc.ID), `<span class="tag tag--band-direct">direct</span>`,
		"<strong>Unit tree:</strong> Armée de Terre › 33e Régiment (the record is on a subordinate unit)"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("GET %s lacks %q", path, want)
		}
	}
}
