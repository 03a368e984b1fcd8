package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/custos-ssa/custos/internal/store/storetest"
)

// vetListCSV names the fixture's restricted person, so that screening the
// person finds a hit.
const vetListCSV = "id,kind,name,aliases,birth_date,gender,nationality,unit,parent_unit\nL-1,person,Amadou Diallo,,,,,,\nL-2,unit,Groupe spécial d'intervention,,,,,,\n"

// vetFixture is the vetting records the role matrix reads: a nomination of
// the fixture's person (screened, with a hit) and a denial in force of the
// fixture's unit.
type vetFixture struct {
	nom    *custos.Nomination
	denial *custos.VettingDecision
}

var vetFixtures = map[*fixture]*vetFixture{}

func vetFix(f *fixture) *vetFixture {
	if v, ok := vetFixtures[f]; ok {
		return v
	}
	f.t.Helper()
	entries, imp, err := store.ParseList("Test list", "test.csv", []byte(vetListCSV))
	must(f.t, err)
	must(f.t, f.db.ImportList(storetest.VetterA, imp, entries))
	v := &vetFixture{nom: &custos.Nomination{PersonID: f.person.ID, ProgramID: f.prog.ID}}
	must(f.t, f.db.CreateNomination(storetest.VetterA, v.nom))
	_, err = f.db.ScreenNominations(storetest.VetterA, []int64{v.nom.ID})
	must(f.t, err)
	unit := &custos.Nomination{ActorID: f.actor.ID, ProgramID: f.prog.ID}
	must(f.t, f.db.CreateNomination(storetest.VetterA, unit))
	v.denial = storetest.Decide(f.t, f.db, unit, custos.Denied)
	vetFixtures[f] = v
	f.t.Cleanup(func() { delete(vetFixtures, f) })
	return v
}

// newHit nominates the fixture's person again and screens the nomination,
// returning the id of a fresh hit to judge.
func newHit(f *fixture) int64 {
	f.t.Helper()
	vetFix(f)
	n := &custos.Nomination{PersonID: f.person.ID, ProgramID: f.prog.ID}
	must(f.t, f.db.CreateNomination(storetest.VetterA, n))
	_, err := f.db.ScreenNominations(storetest.VetterA, []int64{n.ID})
	must(f.t, err)
	got, err := f.db.FindNomination(storetest.VetterA, n.ID)
	must(f.t, err)
	if len(got.Hits) == 0 {
		f.t.Fatalf("screening %q found no hit", f.person.Name)
	}
	return got.Hits[0].ID
}

// newNomination returns a fresh nomination of the fixture's unit.
func newNomination(f *fixture) *custos.Nomination {
	f.t.Helper()
	n := &custos.Nomination{ActorID: f.actor.ID, ProgramID: f.prog.ID}
	must(f.t, f.db.CreateNomination(storetest.VetterA, n))
	return n
}

// newProposal returns a decision proposed by storetest.VetterA, awaiting
// concurrence.
func newProposal(f *fixture) *custos.VettingDecision {
	f.t.Helper()
	d := &custos.VettingDecision{NominationID: newNomination(f).ID, Outcome: custos.Suspended, Reason: "pending a report", Evidence: []string{"https://example.org/fictional-report"}}
	must(f.t, f.db.ProposeDecision(storetest.VetterA, d))
	return d
}

// TestVettingWorkflow runs the workflow through the API: list import,
// nomination, screening, judgement, a proposal that the proposer cannot
// concur in, concurrence by a second user, and the interlock on an
// activity, whose participants' standing planners can see.
func TestVettingWorkflow(t *testing.T) {
	f := newFixture(t)
	V, A, P := custos.RoleVetter, custos.RoleAdmin, custos.RolePlanner
	expect := func(role custos.Role, method, path string, body any, want int) []byte {
		t.Helper()
		got, resp := f.do(role, method, path, body)
		if got != want {
			t.Fatalf("%s %s as %s = %d, want %d (%s)", method, path, role, got, want, resp)
		}
		return resp
	}
	var imp custos.ListImport
	must(t, json.Unmarshal(expect(V, "PUT", "/api/v1/vetting/lists/UN%20panel", vetListCSV, http.StatusOK), &imp))
	if imp.List != "UN panel" || imp.Added != 2 {
		t.Errorf("list import = %+v, want 2 entries added to %q", imp, "UN panel")
	}
	resp := expect(V, "PUT", "/api/v1/vetting/lists/bad", "id,kind,name\n1,ship,X\n", http.StatusBadRequest)
	if e := errorOf(t, resp); e.Fields["line 2.kind"] == "" {
		t.Errorf("bad list import error = %+v, want the bad row named", e)
	}

	var n custos.Nomination
	must(t, json.Unmarshal(expect(V, "POST", "/api/v1/vetting/nominations", map[string]any{"person_id": f.person.ID, "activity_id": f.act.ID}, http.StatusCreated), &n))
	f.act.PersonIDs = []int64{f.person.ID}
	resp = expect(P, "PATCH", fmt.Sprintf("/api/v1/activities/%d", f.act.ID), map[string]any{"person_ids": []int64{f.person.ID}}, http.StatusBadRequest)
	if e := errorOf(t, resp); !strings.Contains(e.Fields["person_ids[0]"], "pending") {
		t.Errorf("adding a pending participant: error %+v, want person_ids[0] saying pending", e)
	}
	expect(V, "POST", "/api/v1/vetting/screenings", map[string]any{"nomination_ids": []int64{n.ID}}, http.StatusOK)
	must(t, json.Unmarshal(expect(V, "GET", fmt.Sprintf("/api/v1/vetting/nominations/%d", n.ID), nil, http.StatusOK), &n))
	if len(n.Hits) == 0 || n.Hits[0].Source != "UN panel" {
		t.Fatalf("screened nomination hits = %+v, want one on the UN panel list", n.Hits)
	}
	expect(V, "POST", fmt.Sprintf("/api/v1/vetting/hits/%d/judgement", n.Hits[0].ID), map[string]any{"verdict": "different", "reason": "another man, born 1990"}, http.StatusCreated)
	var d custos.VettingDecision
	must(t, json.Unmarshal(expect(V, "POST", "/api/v1/vetting/decisions", map[string]any{"nomination_id": n.ID, "outcome": "approved", "reason": "no credible information",
		"evidence": []string{"list:UN panel"}}, http.StatusCreated), &d))
	resp = expect(V, "POST", fmt.Sprintf("/api/v1/vetting/decisions/%d/concurrence", d.ID), map[string]any{}, http.StatusForbidden)
	if e := errorOf(t, resp); !strings.Contains(e.Message, "four eyes") {
		t.Errorf("self-concurrence error = %+v, want one citing four eyes", e)
	}
	expect(A, "POST", fmt.Sprintf("/api/v1/vetting/decisions/%d/concurrence", d.ID), map[string]any{"note": "agreed"}, http.StatusOK)
	expect(P, "PATCH", fmt.Sprintf("/api/v1/activities/%d", f.act.ID), map[string]any{"person_ids": []int64{f.person.ID}}, http.StatusOK)

	var st participantsBody
	body := expect(P, "GET", fmt.Sprintf("/api/v1/activities/%d/vetting", f.act.ID), nil, http.StatusOK)
	must(t, json.Unmarshal(body, &st))
	if len(st.Items) != 1 || st.Items[0].State != "approved" || st.Items[0].ExpiresOn != d.ExpiresOn || st.Items[0].Field != "person_ids[0]" {
		t.Errorf("activity vetting = %+v, want the person approved until %s", st.Items, d.ExpiresOn)
	}
	for _, secret := range []string{"UN panel", "another man", "no credible information", "hits"} {
		if strings.Contains(string(body), secret) {
			t.Errorf("a planner's view of the activity's vetting shows %q: %s", secret, body)
		}
	}
}

// TestVettingHiddenFromOthers checks that the vetting records do not show
// through any GET route of the API, with any record id in the path, to
// planners, analysts, partners, viewers or anonymous callers, and that the
// public list of barred units holds units only.
func TestVettingHiddenFromOthers(t *testing.T) {
	f := newFixture(t)
	v := vetFix(f)
	person := &custos.Nomination{PersonID: f.person.ID, ProgramID: f.prog.ID, Notes: "nominated for the staff course"}
	must(t, f.db.CreateNomination(storetest.VetterA, person))
	storetest.Decide(t, f.db, person, custos.Denied)
	must(t, f.db.AddRemediationStep(storetest.VetterA, &custos.RemediationStep{DecisionID: v.denial.ID, Date: custos.Date{Year: 2025, Month: 1, Day: 2},
		Step: "Unit retrained", Evidence: "https://example.org/remedy-evidence"}))
	// What only vetters may see: a list's name and entries, nomination
	// notes, hits' records, judgements' and decisions' reasons, the vetters.
	secrets := []string{"Test list", "Groupe spécial", "staff course", "test fixture", "vetter-a", "vetter-b", "remedy-evidence"}
	ids := []int64{v.nom.ID, person.ID, v.denial.ID, f.act.ID, f.actor.ID, f.person.ID, f.prog.ID}
	checked := 0
	for _, rt := range f.srv.routes {
		if rt.method != "GET" {
			continue
		}
		var paths []string
		if strings.Contains(rt.path, "{id}") {
			for _, id := range ids {
				paths = append(paths, strings.Replace(rt.path, "{id}", fmt.Sprint(id), 1))
			}
		} else {
			paths = []string{strings.NewReplacer("{code}", "ML", "{name}", "viewer1").Replace(rt.path)}
		}
		for _, role := range []custos.Role{custos.RolePlanner, custos.RoleAnalyst, custos.RolePartner, custos.RoleViewer, ""} {
			for _, p := range paths {
				_, body := f.do(role, "GET", p, nil)
				checked++
				for _, s := range secrets {
					if strings.Contains(string(body), s) {
						t.Errorf("GET %s as %q shows %q: %s", p, role, s, body)
					}
				}
			}
		}
	}
	if checked < 100 {
		t.Errorf("checked only %d answers", checked)
	}
	_, body := f.do("", "GET", "/api/v1/vetting/barred-units", nil)
	if strings.Contains(string(body), f.actor.Name) {
		t.Errorf("barred units list a denial nobody published: %s", body)
	}
	if code, body := f.do(custos.RoleVetter, "POST", fmt.Sprintf("/api/v1/vetting/decisions/%d/publication", v.denial.ID), map[string]any{"publish": true, "reason": "named by the ministry"}); code != 200 {
		t.Fatalf("publish the denial = %d %s", code, body)
	}
	_, body = f.do("", "GET", "/api/v1/vetting/barred-units", nil)
	var barred barredBody
	must(t, json.Unmarshal(body, &barred))
	if len(barred.Items) != 1 || barred.Items[0].ActorID != f.actor.ID || barred.Items[0].Name != f.actor.Name || len(barred.Items[0].Remediation) != 1 {
		t.Errorf("barred units = %s, want the fixture's unit only, with its remediation step", body)
	}
	if strings.Contains(string(body), f.person.Name) {
		t.Errorf("barred units name the denied person: %s", body)
	}
}

// vetPathID gives TestOpenAPIMatchesRoutes an id that exists for the
// vetting paths that read one record.
func vetPathID(f *fixture, path string) (string, bool) {
	switch path {
	case "/api/v1/vetting/nominations/{id}":
		return fmt.Sprint(vetFix(f).nom.ID), true
	case "/api/v1/vetting/decisions/{id}":
		return fmt.Sprint(vetFix(f).denial.ID), true
	case "/api/v1/vetting/reviews/{id}":
		id, _ := newReview(f)
		return fmt.Sprint(id), true
	}
	return "", false
}
