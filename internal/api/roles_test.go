package api

import (
	"fmt"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
)

// roleCodes names the callers of the matrix: A admin, P planner, V vetter,
// N analyst, C civil-society partner, W viewer, and - an anonymous visitor.
var roleCodes = []struct {
	code byte
	role custos.Role
}{
	{'A', custos.RoleAdmin}, {'P', custos.RolePlanner}, {'V', custos.RoleVetter}, {'N', custos.RoleAnalyst},
	{'C', custos.RolePartner}, {'W', custos.RoleViewer}, {'-', ""},
}

// call is one request of the matrix; prepare runs before each request (as
// an administrator, directly on the store) and returns the path and body,
// so that a delete has a fresh record to delete.
type call struct {
	method, path string
	body         func(f *fixture, n int) any
	prepare      func(f *fixture, n int) string
	// want gives the status per caller code: "AP:201 VNCW:403 -:401".
	want string
}

func statusFor(spec string, code byte) (int, bool) {
	for _, part := range strings.Fields(spec) {
		who, st, _ := strings.Cut(part, ":")
		if strings.IndexByte(who, code) >= 0 || who == "*" {
			var n int
			fmt.Sscan(st, &n)
			return n, true
		}
	}
	return 0, false
}

// TestEveryRouteEveryRole checks the status every caller gets from every
// route. The expectations are written out by hand from the access rules in
// DOMAIN.md, not computed from the code under test.
func TestEveryRouteEveryRole(t *testing.T) {
	f := newFixture(t)
	id := func(v int64) string { return fmt.Sprint(v) }
	calls := []call{
		{method: "GET", path: "/healthz", want: "*:200"},
		{method: "GET", path: "/readyz", want: "*:200"},
		{method: "GET", path: "/metrics", want: "*:200"},
		{method: "GET", path: "/api/openapi.json", want: "*:200"},
		{method: "GET", path: "/api/v1/vocabularies", want: "*:200"},
		{method: "POST", path: "/api/v1/session", body: func(*fixture, int) any { return loginRequest{Name: "viewer1", Password: "password for viewer1"} }, want: "*:200"},
		{method: "GET", path: "/api/v1/session", want: "*:200"},
		{method: "DELETE", path: "/api/v1/session", want: "*:204"},
		{method: "GET", path: "/api/v1/users", want: "A:200 PVNCW:403 -:401"},
		{method: "POST", path: "/api/v1/users", body: func(_ *fixture, n int) any {
			return map[string]any{"name": fmt.Sprintf("new%d", n), "role": "viewer", "password": "a long enough password"}
		}, want: "A:201 PVNCW:403 -:401"},
		{method: "GET", path: "/api/v1/users/viewer1", want: "AW:200 PVNC:403 -:401"},
		{method: "PATCH", path: "/api/v1/users/viewer1", body: func(*fixture, int) any { return map[string]any{"display_name": "Viewer One"} }, want: "A:200 PVNCW:403 -:401"},
		{method: "GET", path: "/api/v1/tokens", want: "A:200 PVNCW:403 -:401"},
		{method: "POST", path: "/api/v1/tokens", body: func(*fixture, int) any { return createTokenRequest{User: "analyst1", Label: "x"} }, want: "A:201 PVNCW:403 -:401"},
		{method: "DELETE", prepare: func(f *fixture, n int) string {
			tok, _, err := f.db.CreateToken(sys, "analyst1", "to revoke", 0)
			must(f.t, err)
			return "/api/v1/tokens/" + id(tok.ID)
		}, want: "A:204 PVNCW:403 -:401"},
		{method: "GET", path: "/api/v1/audit", want: "A:200 PVNCW:403 -:401"},
		{method: "GET", path: "/api/v1/audit/verify", want: "A:200 PVNCW:403 -:401"},
		{method: "GET", path: "/api/v1/actors/" + id(f.actor.ID) + "/ancestors", want: "APVNW:200 C-:404"},

		{method: "GET", path: "/api/v1/countries", want: "*:200"},
		{method: "GET", path: "/api/v1/countries/ML", want: "*:200"},
		{method: "POST", path: "/api/v1/countries", body: func(_ *fixture, n int) any {
			return custos.Country{Code: fmt.Sprintf("X%c", 'A'+n%26), Name: "Test territory"}
		}, want: "AP:201 VNCW:403 -:401"},
		{method: "PATCH", path: "/api/v1/countries/ML", body: func(*fixture, int) any { return map[string]any{"notes": "Sahel"} }, want: "AP:200 VNCW:403 -:401"},
		{method: "DELETE", prepare: func(f *fixture, n int) string {
			code := fmt.Sprintf("Q%c", 'M'+n%14)
			must(f.t, f.db.CreateCountry(sys, &custos.Country{Code: code, Name: "To delete"}))
			return "/api/v1/countries/" + code
		}, want: "AP:204 VNCW:403 -:401"},

		{method: "GET", path: "/api/v1/actors", want: "*:200"},
		{method: "GET", path: "/api/v1/actors/" + id(f.actor.ID), want: "APVNW:200 C-:404"},
		{method: "POST", path: "/api/v1/actors", body: func(*fixture, int) any { return custos.Actor{Country: "ML", Kind: "police", Name: "Police"} }, want: "APVN:201 CW:403 -:401"},
		{method: "PATCH", path: "/api/v1/actors/" + id(f.actor.ID), body: func(*fixture, int) any { return map[string]any{"description": "Land forces"} }, want: "APVN:200 CW:403 -:401"},
		{method: "DELETE", prepare: func(f *fixture, n int) string {
			a := &custos.Actor{Country: "ML", Kind: "army", Name: "To delete"}
			must(f.t, f.db.CreateActor(sys, a))
			return "/api/v1/actors/" + id(a.ID)
		}, want: "APVN:204 CW:403 -:401"},

		{method: "GET", path: "/api/v1/persons", want: "*:200"},
		{method: "GET", path: "/api/v1/persons/" + id(f.person.ID), want: "APVN:200 CW-:404"},
		{method: "POST", path: "/api/v1/persons", body: func(*fixture, int) any { return custos.Person{Name: "Awa Keita"} }, want: "APVN:201 CW:403 -:401"},
		{method: "PATCH", path: "/api/v1/persons/" + id(f.person.ID), body: func(*fixture, int) any { return map[string]any{"rank": "Capitaine"} }, want: "APVN:200 CW:403 -:401"},
		{method: "DELETE", prepare: func(f *fixture, n int) string {
			p := &custos.Person{Name: "To delete"}
			must(f.t, f.db.CreatePerson(sys, p))
			return "/api/v1/persons/" + id(p.ID)
		}, want: "APVN:204 CW:403 -:401"},

		{method: "GET", path: "/api/v1/organizations", want: "*:200"},
		{method: "GET", path: "/api/v1/organizations/" + id(f.org.ID), want: "*:200"},
		{method: "POST", path: "/api/v1/organizations", body: func(*fixture, int) any { return custos.Organization{Name: "DIILS", Kind: "implementer"} }, want: "AP:201 VNCW:403 -:401"},
		{method: "PATCH", path: "/api/v1/organizations/" + id(f.org.ID), body: func(*fixture, int) any { return map[string]any{"abbrev": "ISG"} }, want: "AP:200 VNCW:403 -:401"},
		{method: "DELETE", prepare: func(f *fixture, n int) string {
			o := &custos.Organization{Name: "To delete", Kind: "contractor"}
			must(f.t, f.db.CreateOrganization(sys, o))
			return "/api/v1/organizations/" + id(o.ID)
		}, want: "AP:204 VNCW:403 -:401"},

		{method: "GET", path: "/api/v1/authorities", want: "*:200"},
		{method: "GET", path: "/api/v1/authorities/" + id(f.auth.ID), want: "*:200"},
		{method: "POST", path: "/api/v1/authorities", body: func(_ *fixture, n int) any {
			return custos.Authority{Code: fmt.Sprintf("TEST%d", n), Name: "Test", Agency: "DoD", Citation: "10 U.S.C. 333"}
		}, want: "AP:201 VNCW:403 -:401"},
		{method: "PATCH", path: "/api/v1/authorities/" + id(f.auth.ID), body: func(*fixture, int) any { return map[string]any{"purpose": "Professional education"} }, want: "AP:200 VNCW:403 -:401"},
		{method: "DELETE", prepare: func(f *fixture, n int) string {
			a := &custos.Authority{Code: fmt.Sprintf("DEL%d", n), Name: "To delete", Agency: "DoD", Citation: "x"}
			must(f.t, f.db.CreateAuthority(sys, a))
			return "/api/v1/authorities/" + id(a.ID)
		}, want: "AP:204 VNCW:403 -:401"},

		{method: "GET", path: "/api/v1/programs", want: "*:200"},
		{method: "GET", path: "/api/v1/programs/" + id(f.prog.ID), want: "APVNW:200 C-:404"},
		{method: "POST", path: "/api/v1/programs", body: func(*fixture, int) any { return custos.Program{Title: "New", Country: "NE"} }, want: "AP:201 VNCW:403 -:401"},
		{method: "PATCH", path: "/api/v1/programs/" + id(f.prog.ID), body: func(*fixture, int) any { return map[string]any{"status": "active"} }, want: "AP:200 VNCW:403 -:401"},
		{method: "DELETE", prepare: func(f *fixture, n int) string {
			p := &custos.Program{Title: "To delete", Country: "ML"}
			must(f.t, f.db.CreateProgram(sys, p))
			return "/api/v1/programs/" + id(p.ID)
		}, want: "AP:204 VNCW:403 -:401"},

		{method: "GET", path: "/api/v1/activities", want: "*:200"},
		{method: "GET", path: "/api/v1/activities/" + id(f.act.ID), want: "APVNW:200 C-:404"},
		{method: "POST", path: "/api/v1/activities", body: func(f *fixture, _ int) any {
			return custos.Activity{ProgramID: f.prog.ID, Kind: "seminar", Title: "Civil-military relations"}
		}, want: "AP:201 VNCW:403 -:401"},
		{method: "PATCH", path: "/api/v1/activities/" + id(f.act.ID), body: func(*fixture, int) any { return map[string]any{"location": "Bamako"} }, want: "AP:200 VNCW:403 -:401"},
		{method: "DELETE", prepare: func(f *fixture, n int) string {
			a := &custos.Activity{ProgramID: f.prog.ID, Kind: "course", Title: "To delete"}
			must(f.t, f.db.CreateActivity(sys, a))
			return "/api/v1/activities/" + id(a.ID)
		}, want: "AP:204 VNCW:403 -:401"},

		// Incidents (issue D): calls below this line.
		{method: "GET", path: "/api/v1/incidents", want: "*:200"},
		{method: "GET", path: "/api/v1/incidents/" + id(f.incident().ID), want: "APVNW:200 C-:404"},
		{method: "POST", path: "/api/v1/incidents", body: func(*fixture, int) any { return newTestIncident() }, want: "AN:201 PVCW:403 -:401"},
		{method: "PATCH", path: "/api/v1/incidents/" + id(f.incident().ID), body: func(*fixture, int) any { return map[string]any{"title": "Arrests in Gao"} }, want: "AN:200 PVCW:403 -:401"},
		{method: "DELETE", prepare: func(f *fixture, n int) string { return "/api/v1/incidents/" + id(f.incident().ID) }, want: "AN:204 PVCW:403 -:401"},
		{method: "POST", prepare: func(f *fixture, n int) string { return "/api/v1/incidents/" + id(f.incident().ID) + "/transition" },
			body: func(*fixture, int) any { return transitionRequest{To: custos.StatusUnderReview, Reason: "two sources"} }, want: "AN:200 PVCW:403 -:401"},
		{method: "GET", prepare: func(f *fixture, n int) string { return "/api/v1/incidents/" + id(f.reported()) + "/reporter" }, want: "AN:200 PVCW:403 -:401"},
		{method: "GET", path: "/api/v1/incidents/trends?country=ML&by=category", want: "*:200"},
		{method: "GET", path: "/api/v1/incidents/trends", want: "*:200"}, // every country; also marks the route covered
		{method: "GET", path: "/api/v1/warnings?entity=program&id=" + id(f.prog.ID), want: "*:200"},
		{method: "GET", path: "/api/v1/warnings", want: "*:200"},
		{method: "GET", path: "/api/v1/reports/civilian-harm?country=ML&month=2024-03", want: "*:200"},
		{method: "GET", path: "/api/v1/reports/civilian-harm", want: "*:200"}, // every country, last month
		{method: "POST", path: "/api/v1/intake", body: func(*fixture, int) any { return testIntake() }, want: "*:201"},
		{method: "POST", prepare: func(f *fixture, _ int) string {
			return fmt.Sprintf("/api/v1/incidents/%d/perpetrators/0/confirm", f.suggested())
		}, want: "AN:200 PVCW:403 -:401"},
		{method: "POST", prepare: func(f *fixture, _ int) string {
			return fmt.Sprintf("/api/v1/incidents/%d/perpetrators/0/reject", f.suggested())
		}, want: "AN:200 PVCW:403 -:401"},
		{method: "POST", path: "/api/v1/incidents/import?format=ucdp", body: func(_ *fixture, n int) any { return ucdpFile(fmt.Sprint(1000 + n)) }, want: "AN:201 PVCW:403 -:401"},

		// Conditionality and M&E (issue E): calls below this line.
		{method: "GET", path: "/api/v1/results", want: "*:200"},
		{method: "GET", prepare: func(f *fixture, _ int) string { return idPath("/api/v1/results/%d", condFixture(f).result.ID) }, want: "APVNW:200 C-:404"},
		{method: "POST", path: "/api/v1/results", body: func(f *fixture, _ int) any {
			return custos.Result{ProgramID: f.prog.ID, Level: "output", Title: "Advisers trained"}
		}, want: "APN:201 VCW:403 -:401"},
		{method: "PATCH", prepare: func(f *fixture, _ int) string { return idPath("/api/v1/results/%d", condFixture(f).result.ID) },
			body: func(*fixture, int) any { return map[string]any{"description": "Measured by inspection"} }, want: "APN:200 VCW:403 -:401"},
		{method: "DELETE", prepare: func(f *fixture, _ int) string {
			r := &custos.Result{ProgramID: f.prog.ID, Level: "input", Title: "To delete"}
			must(f.t, f.db.CreateResult(sys, r))
			return idPath("/api/v1/results/%d", r.ID)
		}, want: "APN:204 VCW:403 -:401"},

		{method: "GET", path: "/api/v1/indicators", want: "*:200"},
		{method: "GET", prepare: func(f *fixture, _ int) string { return idPath("/api/v1/indicators/%d", condFixture(f).indicator.ID) }, want: "APVNW:200 C-:404"},
		{method: "POST", path: "/api/v1/indicators", body: func(f *fixture, n int) any {
			return custos.Indicator{ProgramID: f.prog.ID, ResultID: condFixture(f).result.ID, Code: fmt.Sprintf("NEW-%d", n), Title: "New", Unit: "count", Direction: "increase"}
		}, want: "APN:201 VCW:403 -:401"},
		{method: "PATCH", prepare: func(f *fixture, _ int) string { return idPath("/api/v1/indicators/%d", condFixture(f).indicator.ID) },
			body: func(*fixture, int) any { return map[string]any{"data_source": "Ministry of Defence"} }, want: "APN:200 VCW:403 -:401"},
		{method: "DELETE", prepare: func(f *fixture, n int) string {
			ind := &custos.Indicator{ProgramID: f.prog.ID, ResultID: condFixture(f).result.ID, Code: fmt.Sprintf("DEL-%d", n), Title: "To delete", Unit: "count", Direction: "increase"}
			must(f.t, f.db.CreateIndicator(sys, ind))
			return idPath("/api/v1/indicators/%d", ind.ID)
		}, want: "APN:204 VCW:403 -:401"},

		{method: "GET", path: "/api/v1/measurements", want: "*:200"},
		{method: "GET", prepare: func(f *fixture, n int) string { return idPath("/api/v1/measurements/%d", newMeasurement(f, n).ID) }, want: "APVNW:200 C-:404"},
		{method: "POST", path: "/api/v1/measurements", body: func(f *fixture, n int) any { return measurementBody(f, n) }, want: "APN:201 VCW:403 -:401"},
		{method: "PATCH", prepare: func(f *fixture, n int) string { return idPath("/api/v1/measurements/%d", newMeasurement(f, n).ID) },
			body: func(*fixture, int) any { return map[string]any{"note": "Checked"} }, want: "APN:200 VCW:403 -:401"},
		{method: "DELETE", prepare: func(f *fixture, n int) string { return idPath("/api/v1/measurements/%d", newMeasurement(f, n).ID) }, want: "APN:204 VCW:403 -:401"},
		{method: "POST", prepare: func(f *fixture, n int) string {
			return idPath("/api/v1/measurements/%d/review", newMeasurement(f, n).ID)
		},
			body: func(*fixture, int) any { return map[string]any{"status": "approved"} }, want: "APN:200 VCW:403 -:401"},

		{method: "GET", path: "/api/v1/conditions", want: "*:200"},
		{method: "GET", prepare: func(f *fixture, _ int) string { return idPath("/api/v1/conditions/%d", condFixture(f).condition.ID) }, want: "APVNW:200 C-:404"},
		{method: "POST", path: "/api/v1/conditions", body: func(f *fixture, _ int) any {
			return custos.Condition{Country: "ML", Kind: "red_line", Type: "policy", Title: "No torture", Statement: "None.", Criterion: `incidents.credible("torture") == 0`}
		}, want: "APN:201 VCW:403 -:401"},
		{method: "PATCH", prepare: func(f *fixture, _ int) string { return idPath("/api/v1/conditions/%d", condFixture(f).condition.ID) },
			body: func(*fixture, int) any { return map[string]any{"owner": "Embassy Bamako"} }, want: "APN:200 VCW:403 -:401"},
		{method: "DELETE", prepare: func(f *fixture, _ int) string {
			return idPath("/api/v1/conditions/%d", newCondition(f, "To delete").ID)
		}, want: "APN:204 VCW:403 -:401"},
		{method: "POST", path: "/api/v1/conditions/evaluate?as_of=2026-11-21", want: "APN:200 VCW:403 -:401"},
		{method: "GET", prepare: func(f *fixture, _ int) string {
			return idPath("/api/v1/conditions/%d/status?as_of=2026-11-21", condFixture(f).condition.ID)
		}, want: "APVNW:200 C-:404"},
		{method: "POST", path: "/api/v1/measurements/import?file=m.csv", body: func(f *fixture, n int) any {
			d := measurementBody(f, 5000+n).PeriodStart
			return []byte(fmt.Sprintf("indicator,period_start,period_end,value,provenance\nLOAC-1,%s,%s,10,agency\n", d, d))
		}, want: "APN:201 VCW:403 -:401"},
		{method: "GET", prepare: func(f *fixture, _ int) string {
			return idPath("/api/v1/conditions/%d/evaluations", condFixture(f).condition.ID)
		}, want: "APVNW:200 C-:404"},
		{method: "GET", prepare: func(f *fixture, _ int) string {
			return idPath("/api/v1/conditions/%d/history", condFixture(f).condition.ID)
		}, want: "APVNW:200 C-:404"},
		{method: "GET", prepare: func(f *fixture, _ int) string {
			return idPath("/api/v1/conditions/%d/decisions", condFixture(f).condition.ID)
		}, want: "APVNW:200 C-:404"},
		{method: "POST", prepare: func(f *fixture, _ int) string {
			return idPath("/api/v1/conditions/%d/decisions", condFixture(f).condition.ID)
		},
			body: func(f *fixture, _ int) any {
				// A breach of its own for each caller: one breach takes
				// one decision per step.
				r := condFixture(f)
				breach := &custos.Evaluation{ConditionID: r.condition.ID, AsOf: r.breach.AsOf, Status: custos.ConditionBreached, Criterion: r.condition.Criterion, Values: r.breach.Values}
				must(f.t, f.db.RecordEvaluation(sys, breach))
				return map[string]any{"decision": "waive", "step": 0, "evaluation_id": breach.ID, "reasons": "The adviser posts are advertised; reassess in 60 days."}
			}, want: "AP:201 VNCW:403 -:401"},
		{method: "GET", path: "/api/v1/condition-alerts?since=2026-01-01", want: "*:200"}, // each caller sees the conditions it may read

		{method: "GET", path: "/api/v1/program-evaluations", want: "*:200"},
		{method: "GET", prepare: func(f *fixture, _ int) string {
			return idPath("/api/v1/program-evaluations/%d", condFixture(f).progEval.ID)
		}, want: "APVNW:200 C-:404"},
		{method: "POST", path: "/api/v1/program-evaluations", body: func(f *fixture, _ int) any {
			return custos.ProgramEvaluation{ProgramID: f.prog.ID, Kind: "decision_point", Date: custos.Date{Year: 2026, Month: 9, Day: 30}, Outcomes: "Met."}
		}, want: "AP:201 VNCW:403 -:401"},
		{method: "PATCH", prepare: func(f *fixture, _ int) string {
			return idPath("/api/v1/program-evaluations/%d", condFixture(f).progEval.ID)
		},
			body: func(*fixture, int) any { return map[string]any{"lessons": "Start with the legal advisers."} }, want: "AP:200 VNCW:403 -:401"},
		{method: "DELETE", prepare: func(f *fixture, _ int) string {
			e := &custos.ProgramEvaluation{ProgramID: f.prog.ID, Kind: "decision_point", Date: custos.Date{Year: 2026, Month: 9, Day: 30}, Outcomes: "To delete."}
			must(f.t, f.db.CreateProgramEvaluation(sys, e))
			return idPath("/api/v1/program-evaluations/%d", e.ID)
		}, want: "AP:204 VNCW:403 -:401"},
		{method: "GET", path: "/api/v1/portfolio", want: "*:200"},
		{method: "GET", path: "/api/v1/reports/conditions?country=ML", want: "*:200"},
		{method: "GET", path: "/api/v1/reports/conditions?country=ML&format=csv", want: "*:200"},

		// Vetting (issue C): calls below this line.
		{method: "GET", path: "/api/v1/vetting/nominations", want: "AV:200 PNCW:403 -:401"},
		{method: "POST", path: "/api/v1/vetting/nominations", body: func(f *fixture, _ int) any {
			return custos.Nomination{ActorID: f.actor.ID, ProgramID: f.prog.ID}
		}, want: "AV:201 PNCW:403 -:401"},
		{method: "GET", prepare: func(f *fixture, _ int) string { return fmt.Sprintf("/api/v1/vetting/nominations/%d", vetFix(f).nom.ID) }, want: "AV:200 PNCW:403 -:401"},
		{method: "POST", path: "/api/v1/vetting/screenings", body: func(f *fixture, _ int) any {
			return screenRequest{NominationIDs: []int64{vetFix(f).nom.ID}}
		}, want: "AV:200 PNCW:403 -:401"},
		{method: "POST", prepare: func(f *fixture, _ int) string { return fmt.Sprintf("/api/v1/vetting/hits/%d/judgement", newHit(f)) },
			body: func(*fixture, int) any { return judgeRequest{Verdict: custos.Unsure, Reason: "birth date unknown"} }, want: "AV:201 PNCW:403 -:401"},
		{method: "POST", path: "/api/v1/vetting/decisions", body: func(f *fixture, _ int) any {
			return custos.VettingDecision{NominationID: newNomination(f).ID, Outcome: custos.Denied, Reason: "credible report", Evidence: []string{"https://example.org/fictional-report"}}
		}, want: "AV:201 PNCW:403 -:401"},
		{method: "GET", prepare: func(f *fixture, _ int) string {
			return fmt.Sprintf("/api/v1/vetting/decisions/%d", vetFix(f).denial.ID)
		}, want: "AV:200 PNCW:403 -:401"},
		{method: "POST", prepare: func(f *fixture, _ int) string {
			return fmt.Sprintf("/api/v1/vetting/decisions/%d/concurrence", newProposal(f).ID)
		},
			body: func(*fixture, int) any { return concurRequest{Note: "agreed"} }, want: "AV:200 PNCW:403 -:401"},
		{method: "POST", prepare: func(f *fixture, _ int) string {
			return fmt.Sprintf("/api/v1/vetting/decisions/%d/remediation", vetFix(f).denial.ID)
		},
			body: func(*fixture, int) any { return map[string]any{"date": "2025-01-02", "step": "Commander relieved"} }, want: "AV:201 PNCW:403 -:401"},
		{method: "GET", path: "/api/v1/vetting/list-entries", want: "AV:200 PNCW:403 -:401"},
		{method: "PUT", path: "/api/v1/vetting/lists/Matrix", body: func(*fixture, int) any { return vetListCSV }, want: "AV:200 PNCW:403 -:401"},
		{method: "GET", path: "/api/v1/activities/" + id(f.act.ID) + "/vetting", want: "APVNW:200 C:403 -:401"},
		{method: "GET", path: "/api/v1/vetting/barred-units", want: "*:200"},
		{method: "POST", prepare: func(f *fixture, _ int) string {
			return fmt.Sprintf("/api/v1/vetting/decisions/%d/publication", newDenial(f))
		}, body: func(*fixture, int) any { return map[string]any{"publish": true, "reason": "named by the ministry"} }, want: "AV:200 PNCW:403 -:401"},
		{method: "GET", path: "/api/v1/vetting/reviews", want: "AV:200 PNCW:403 -:401"},
		{method: "GET", prepare: func(f *fixture, _ int) string {
			id, _ := newReview(f)
			return fmt.Sprintf("/api/v1/vetting/reviews/%d", id)
		},
			want: "AV:200 PNCW:403 -:401"},
		{method: "POST", prepare: func(f *fixture, _ int) string {
			id, _ := newReview(f)
			return fmt.Sprintf("/api/v1/vetting/reviews/%d/resolution", id)
		}, body: func(*fixture, int) any { return reviewResolution{Reason: "the unit was not deployed on the day"} }, want: "AV:200 PNCW:403 -:401"},

		// Consultations: calls below this line. Reading is open (the store
		// redacts); writing is for administrators, planners and analysts.
		{method: "GET", path: "/api/v1/consultations", want: "*:200"},
		{method: "GET", prepare: func(f *fixture, _ int) string { return idPath("/api/v1/consultations/%d", f.consultation().ID) }, want: "APVNW:200 C-:404"},
		{method: "POST", path: "/api/v1/consultations", body: func(f *fixture, _ int) any { return testConsultation(f) }, want: "APN:201 VCW:403 -:401"},
		{method: "PATCH", prepare: func(f *fixture, _ int) string { return idPath("/api/v1/consultations/%d", f.consultation().ID) },
			body: func(*fixture, int) any { return map[string]any{"summary": "Answered in writing."} }, want: "APN:200 VCW:403 -:401"},
		{method: "DELETE", prepare: func(f *fixture, _ int) string { return idPath("/api/v1/consultations/%d", f.consultation().ID) }, want: "APN:204 VCW:403 -:401"},
		// A partner's own feedback: partners only, on a consultation they can
		// read (an internal one is not found for them).
		{method: "POST", prepare: func(f *fixture, _ int) string {
			return idPath("/api/v1/consultations/%d/feedback", f.publicConsultation().ID)
		},
			body: func(*fixture, int) any { return feedbackRequest{Kind: "concern", Text: "Checkpoints extort traders."} }, want: "C:201 APVNW:403 -:401"},
		{method: "POST", prepare: func(f *fixture, _ int) string {
			return idPath("/api/v1/consultations/%d/feedback", f.consultation().ID)
		},
			body: func(*fixture, int) any { return feedbackRequest{Kind: "concern", Text: "Checkpoints extort traders."} }, want: "C:404 APVNW:403 -:401"},
		{method: "GET", path: "/api/v1/consultations/feedback/mine", want: "APVNCW:200 -:401"},
	}
	covered := map[string]bool{}
	n := 0
	for _, c := range calls {
		for _, rc := range roleCodes {
			n++
			path := c.path
			if c.prepare != nil {
				path = c.prepare(f, n)
			}
			var body any
			if c.body != nil {
				body = c.body(f, n)
			}
			want, ok := statusFor(c.want, rc.code)
			if !ok {
				t.Fatalf("%s %s: no expectation for caller %c", c.method, c.path, rc.code)
			}
			got, resp := f.do(rc.role, c.method, path, body)
			if got != want {
				t.Errorf("%s %s as %q = %d, want %d (%s)", c.method, path, rc.role, got, want, resp)
			}
			covered[c.method+" "+routeOf(f.srv, c.method, path)] = true
		}
	}
	for _, rt := range f.srv.routes {
		if !covered[rt.method+" "+rt.path] {
			t.Errorf("route %s %s is not covered by the role matrix", rt.method, rt.path)
		}
	}
}

// routeOf returns the route pattern a call exercises.
func routeOf(s *Server, method, path string) string {
	for _, rt := range s.routes {
		if rt.method != method {
			continue
		}
		if matchPattern(rt.path, path) {
			return rt.path
		}
	}
	return path
}

func matchPattern(pattern, path string) bool {
	path, _, _ = strings.Cut(path, "?")
	pp, xp := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(pp) != len(xp) {
		return false
	}
	for i := range pp {
		if strings.HasPrefix(pp[i], "{") {
			continue
		}
		if pp[i] != xp[i] {
			return false
		}
	}
	return true
}
