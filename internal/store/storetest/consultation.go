package storetest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// consultationFixture is a program with a consultation of three
// civil-society organizations, one of which asked not to be named, and
// two pieces of feedback with who raised them.
type consultationFixture struct {
	program        *custos.Program
	named, hidden  *custos.Organization
	second         *custos.Organization
	consultation   *custos.Consultation
	heldOn, answer custos.Date
}

func newConsultationFixture(t *testing.T, db *store.DB) *consultationFixture {
	t.Helper()
	p, _ := newProgram(t, db)
	ctx := as(custos.RolePlanner)
	p.Releasability = custos.Public // so that its public consultations are public
	must(t, db.UpdateProgram(ctx, p))
	f := &consultationFixture{program: p, heldOn: custos.Date{Year: 2026, Month: 3, Day: 10}, answer: custos.Date{Year: 2026, Month: 4, Day: 2}}
	f.named = &custos.Organization{Name: "Association malienne des droits de l'homme", Abbrev: "AMDH", Kind: "civil_society", Country: "ML"}
	f.hidden = &custos.Organization{Name: "Collectif des femmes de Mopti", Kind: "civil_society", Country: "ML"}
	f.second = &custos.Organization{Name: "Réseau des journalistes de Gao", Kind: "civil_society", Country: "ML"}
	for _, o := range []*custos.Organization{f.named, f.hidden, f.second} {
		must(t, db.CreateOrganization(ctx, o))
	}
	f.consultation = &custos.Consultation{ProgramID: p.ID, Title: "Design workshop in Mopti", Date: f.heldOn, Stage: "design", Format: "workshop",
		Place: "Mopti", OutsideCapital: true, Summary: "Human-rights groups were asked how the training should address detention.",
		Notes:         "Held at the diocese hall; two participants asked for transport money.",
		Organizations: []custos.Consultee{{OrganizationID: f.named.ID}, {OrganizationID: f.hidden.ID, Withheld: true}},
		Feedback: []custos.Feedback{
			{Kind: "concern", Text: "Detainees are held beyond 48 hours without a judge.", RaisedBy: "A lawyer of the collective", RaisedByOrgID: f.hidden.ID,
				Response: "incorporated", ResponseText: "A module on custody limits was added.", RespondedOn: f.answer},
			{Kind: "recommendation", Text: "Invite magistrates to the course.", RaisedBy: "AMDH", RaisedByOrgID: f.named.ID},
		},
		Releasability: custos.Public}
	must(t, db.CreateConsultation(ctx, f.consultation))
	return f
}

// testConsultations proves the record's life: create with feedback, read
// back, update with stable feedback ids, field-named errors with nothing
// written, deletion, the audit trail and the guard on deleting a program or
// an organization still named in a consultation.
func testConsultations(t *testing.T, db *store.DB) {
	f := newConsultationFixture(t, db)
	ctx := as(custos.RolePlanner)
	c := f.consultation
	if c.ID == 0 || c.Feedback[0].ID == 0 || c.Feedback[1].ID == 0 {
		t.Fatalf("CreateConsultation left ids unset: %+v", c)
	}
	got, err := db.FindConsultation(ctx, c.ID)
	must(t, err)
	if diff := cmp.Diff(c, got, cmpopts.IgnoreFields(custos.Consultation{}, "CreatedAt", "UpdatedAt")); diff != "" {
		t.Errorf("FindConsultation() mismatch (-want +got):\n%s", diff)
	}
	if got.OrganizationCount != 2 || got.Feedback[1].Response != custos.ResponsePending {
		t.Errorf("FindConsultation() count %d, response %q; want 2 and pending", got.OrganizationCount, got.Feedback[1].Response)
	}

	// Answer the second piece, drop nothing: the ids stay.
	ids := []int64{got.Feedback[0].ID, got.Feedback[1].ID}
	got.Feedback[1].Response, got.Feedback[1].ResponseText, got.Feedback[1].RespondedOn = "not_incorporated", "Magistrates are trained by another donor (EUCAP).", f.answer
	got.Feedback = append(got.Feedback, custos.Feedback{Kind: "concern", Text: "Translate the materials into Fulfulde."})
	must(t, db.UpdateConsultation(ctx, got))
	again, err := db.FindConsultation(ctx, c.ID)
	must(t, err)
	if len(again.Feedback) != 3 || again.Feedback[0].ID != ids[0] || again.Feedback[1].ID != ids[1] || again.Feedback[2].ID == 0 {
		t.Fatalf("after update feedback = %+v, want ids %v kept and a third added", again.Feedback, ids)
	}
	if again.Feedback[1].Response != "not_incorporated" {
		t.Errorf("response = %q, want not_incorporated", again.Feedback[1].Response)
	}
	// Removing an item deletes it.
	again.Feedback = again.Feedback[1:]
	must(t, db.UpdateConsultation(ctx, again))
	again, err = db.FindConsultation(ctx, c.ID)
	must(t, err)
	if len(again.Feedback) != 2 || again.Feedback[0].ID != ids[1] {
		t.Errorf("after removing the first item feedback = %+v", again.Feedback)
	}

	// Bad input: every problem named by field, nothing written.
	before := auditCount(t, db)
	bad := &custos.Consultation{ProgramID: f.program.ID, Country: "ML", Title: "", Stage: "planning", Format: "party", Summary: "",
		Organizations: []custos.Consultee{{OrganizationID: f.named.ID}, {OrganizationID: f.named.ID}},
		Feedback: []custos.Feedback{
			{Kind: "concern", Text: "x", Response: "not_incorporated"},
			{Kind: "rumour", Text: "", Response: "pending", RespondedOn: f.answer},
		}}
	err = db.CreateConsultation(ctx, bad)
	wantKind(t, "CreateConsultation(bad)", err, custos.EINVALID)
	for _, field := range []string{"country", "title", "date", "stage", "format", "summary", "organizations[1].organization_id",
		"feedback[0].responded_on", "feedback[0].response_text", "feedback[1].kind", "feedback[1].text", "feedback[1].responded_on"} {
		wantField(t, "CreateConsultation(bad)", err, field)
	}
	early := *c
	early.ID, early.Feedback = 0, []custos.Feedback{{Kind: "concern", Text: "x", Response: "incorporated", ResponseText: "done", RespondedOn: custos.Date{Year: 2026, Month: 1, Day: 1}}}
	wantField(t, "CreateConsultation(answered before held)", db.CreateConsultation(ctx, &early), "feedback[0].responded_on")
	unknown := *c
	unknown.ID, unknown.Feedback, unknown.Organizations = 0, nil, []custos.Consultee{{OrganizationID: f.named.ID}, {OrganizationID: 99999}}
	err = db.CreateConsultation(ctx, &unknown)
	wantField(t, "CreateConsultation(unknown organization)", err, "organizations[1].organization_id")
	foreign := *again
	foreign.Feedback = []custos.Feedback{{ID: 99999, Kind: "concern", Text: "x", Response: "pending"}}
	wantField(t, "UpdateConsultation(feedback of another)", db.UpdateConsultation(ctx, &foreign), "feedback[0].id")
	if n := auditCount(t, db); n != before {
		t.Errorf("refused writes changed the audit trail: %d entries, want %d", n, before)
	}
	list, _, err := db.FindConsultations(ctx, custos.ConsultationFilter{ProgramID: f.program.ID})
	must(t, err)
	if len(list) != 1 {
		t.Errorf("FindConsultations(program) = %d records, want 1 (no refused one written)", len(list))
	}
	if kept, err := db.FindConsultation(ctx, c.ID); err != nil || len(kept.Feedback) != 2 {
		t.Errorf("a refused update changed the record: %+v, %v", kept, err)
	}

	// Filters.
	for _, tt := range []struct {
		f    custos.ConsultationFilter
		want int
	}{
		{custos.ConsultationFilter{Country: "ML"}, 1},
		{custos.ConsultationFilter{Country: "NE"}, 0},
		{custos.ConsultationFilter{Stage: "design"}, 1},
		{custos.ConsultationFilter{Stage: "evaluation"}, 0},
		{custos.ConsultationFilter{Format: "workshop", Q: "mopti"}, 1},
		{custos.ConsultationFilter{From: custos.Date{Year: 2026, Month: 3, Day: 11}}, 0},
		{custos.ConsultationFilter{To: f.heldOn}, 1},
		{custos.ConsultationFilter{OrganizationID: f.hidden.ID}, 1},
		{custos.ConsultationFilter{OrganizationID: f.second.ID}, 0},
	} {
		list, _, err := db.FindConsultations(ctx, tt.f)
		must(t, err)
		if len(list) != tt.want {
			t.Errorf("FindConsultations(%+v) = %d records, want %d", tt.f, len(list), tt.want)
		}
	}

	// A program or organization still named in a consultation is not deleted.
	wantKind(t, "DeleteProgram(consulted)", db.DeleteProgram(ctx, f.program.ID), custos.ECONFLICT)
	wantKind(t, "DeleteOrganization(consulted)", db.DeleteOrganization(ctx, f.hidden.ID), custos.ECONFLICT)

	// A country-plan consultation.
	plan := &custos.Consultation{Country: "ML", Title: "Country plan hearing", Date: f.heldOn, Stage: "assessment", Format: "hearing", Summary: "Hearing.",
		Feedback: []custos.Feedback{{Kind: "concern", Text: "The plan ignores the north."}}}
	must(t, db.CreateConsultation(ctx, plan))
	// Another consultation's feedback cannot be taken over by naming its id.
	steal, err := db.FindConsultation(ctx, c.ID)
	must(t, err)
	steal.Feedback = append(steal.Feedback, custos.Feedback{ID: plan.Feedback[0].ID, Kind: "concern", Text: "Overwritten.", Response: "pending"})
	wantField(t, "UpdateConsultation(another consultation's feedback id)", db.UpdateConsultation(ctx, steal), fmt.Sprintf("feedback[%d].id", len(steal.Feedback)-1))
	if kept, err := db.FindConsultation(ctx, plan.ID); err != nil || len(kept.Feedback) != 1 || kept.Feedback[0].Text != "The plan ignores the north." {
		t.Errorf("the plan's feedback after a refused take-over: %+v, %v", kept, err)
	}
	list, _, err = db.FindConsultations(ctx, custos.ConsultationFilter{Country: "ML"})
	must(t, err)
	if len(list) != 2 {
		t.Errorf("FindConsultations(country ML) = %d, want the program's and the plan's", len(list))
	}

	must(t, db.DeleteConsultation(ctx, c.ID))
	wantKind(t, "FindConsultation(deleted)", func() error { _, err := db.FindConsultation(ctx, c.ID); return err }(), custos.ENOTFOUND)
	entries, _, err := db.FindAuditEntries(admin, custos.AuditFilter{Entity: custos.EntityConsultation})
	must(t, err)
	if len(entries) < 4 {
		t.Errorf("audit entries for consultations = %d, want create, updates and delete", len(entries))
	}
}

// testConsultationProtection proves the clearance rule of
// custos.Consultation.Redact on every read path: the public and partners
// never learn who was consulted, where, or who raised what; staff and
// oversight see organizations that agreed to be named; only planners,
// analysts and administrators see those that asked not to be, whatever
// another role's clearance (a vetter's is protected).
func testConsultationProtection(t *testing.T, db *store.DB) {
	f := newConsultationFixture(t, db)
	named := []custos.Consultee{{OrganizationID: f.named.ID}}
	all := []custos.Consultee{{OrganizationID: f.named.ID}, {OrganizationID: f.hidden.ID, Withheld: true}}
	type seen struct {
		Orgs     []custos.Consultee
		Count    int
		Withheld bool
		Place    string
		Notes    string
		RaisedBy []string
	}
	full := seen{all, 2, false, "Mopti", f.consultation.Notes, []string{"A lawyer of the collective", "AMDH"}}
	staff := seen{named, 2, true, "Mopti", f.consultation.Notes, []string{"", ""}}
	public := seen{nil, 2, true, "", "", []string{"", ""}}
	for _, tt := range []struct {
		role custos.Role
		want seen
	}{
		{custos.RoleAdmin, full}, {custos.RolePlanner, full}, {custos.RoleAnalyst, full},
		{custos.RoleVetter, staff}, {custos.RoleViewer, staff},
		{custos.RolePartner, public}, {custos.RolePublic, public},
	} {
		ctx := as(tt.role)
		one, err := db.FindConsultation(ctx, f.consultation.ID)
		must(t, err)
		list, _, err := db.FindConsultations(ctx, custos.ConsultationFilter{ProgramID: f.program.ID, Q: "Design workshop"})
		must(t, err)
		if len(list) != 1 {
			t.Fatalf("%s: FindConsultations = %d records, want 1", tt.role, len(list))
		}
		for path, c := range map[string]*custos.Consultation{"FindConsultation": one, "FindConsultations": list[0]} {
			got := seen{c.Organizations, c.OrganizationCount, c.IdentitiesWithheld, c.Place, c.Notes, nil}
			for _, fb := range c.Feedback {
				got.RaisedBy = append(got.RaisedBy, fb.RaisedBy)
				if fb.RaisedByOrgID != 0 && got.RaisedBy[len(got.RaisedBy)-1] == "" {
					t.Errorf("%s %s: raised_by_org_id %d shown without raised_by", tt.role, path, fb.RaisedByOrgID)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s %s: what is seen (-want +got):\n%s", tt.role, path, diff)
			}
			if len(c.Feedback) != 2 || c.Feedback[0].Text == "" || c.Feedback[0].ResponseText == "" {
				t.Errorf("%s %s: feedback and responses should be visible with the record: %+v", tt.role, path, c.Feedback)
			}
			if tt.want.RaisedBy[0] == "" {
				for _, fb := range c.Feedback {
					if fb.RaisedByOrgID != 0 {
						t.Errorf("%s %s: raised_by_org_id = %d, want it withheld", tt.role, path, fb.RaisedByOrgID)
					}
				}
			}
		}
		// Searching by a withheld organization finds nothing for those who
		// may not see it, so that a search cannot reveal it.
		byHidden, _, err := db.FindConsultations(ctx, custos.ConsultationFilter{OrganizationID: f.hidden.ID})
		must(t, err)
		if wantN := map[bool]int{true: 1, false: 0}[custos.CanSeeWithheldConsultees(tt.role)]; len(byHidden) != wantN {
			t.Errorf("%s: FindConsultations(organization_id = withheld) = %d, want %d", tt.role, len(byHidden), wantN)
		}
		byNamed, _, err := db.FindConsultations(ctx, custos.ConsultationFilter{OrganizationID: f.named.ID})
		must(t, err)
		if wantN := map[bool]int{true: 1, false: 0}[custos.CanSeeConsultees(tt.role)]; len(byNamed) != wantN {
			t.Errorf("%s: FindConsultations(organization_id = named) = %d, want %d", tt.role, len(byNamed), wantN)
		}
		// Writing is for those who run consultations.
		c := &custos.Consultation{ProgramID: f.program.ID, Title: "x", Date: f.heldOn, Stage: "monitoring", Format: "meeting", Summary: "x", Releasability: custos.Public}
		err = db.CreateConsultation(ctx, c)
		switch tt.role {
		case custos.RoleAdmin, custos.RolePlanner, custos.RoleAnalyst:
			must(t, err)
		case custos.RolePublic:
			wantKind(t, string(tt.role)+" CreateConsultation", err, custos.EUNAUTHORIZED)
		default:
			wantKind(t, string(tt.role)+" CreateConsultation", err, custos.EFORBIDDEN)
		}
	}
	// An internal consultation is not public at all.
	internal := &custos.Consultation{ProgramID: f.program.ID, Title: "Closed meeting", Date: f.heldOn, Stage: "monitoring", Format: "meeting", Summary: "x"}
	must(t, db.CreateConsultation(as(custos.RolePlanner), internal))
	if internal.Releasability != custos.Internal {
		t.Errorf("default releasability = %s, want internal", internal.Releasability)
	}
	wantKind(t, "partner FindConsultation(internal)", func() error { _, err := db.FindConsultation(as(custos.RolePartner), internal.ID); return err }(), custos.ENOTFOUND)
}

// testConditionConsultations proves that conditions read consultation
// records as of the evaluation date, and that recording a consultation
// re-evaluates the conditions that read them.
func testConditionConsultations(t *testing.T, db *store.DB) {
	now := db.Now
	t.Cleanup(func() { db.Now = now })
	db.Now = func() time.Time { return epoch } // 2026-11-21
	p, _ := newProgram(t, db)
	ctx := as(custos.RolePlanner)
	cond := &custos.Condition{ProgramID: p.ID, Kind: "milestone", Type: "performance", Title: "Civil society heard and answered",
		Statement: "At least two consultations, and nine in ten pieces of feedback answered.",
		Criterion: `consultations.held >= 2.0 && consultations.answered_percent >= 90.0`, Deadline: custos.Date{Year: 2027, Month: 6, Day: 30}}
	must(t, db.CreateCondition(ctx, cond))
	plan := &custos.Condition{Country: "ML", Kind: "red_line", Type: "policy", Title: "Consulted outside the capital",
		Statement: "Civil society outside Bamako is heard.", Criterion: `consultations.held_outside_capital >= 1.0`}
	must(t, db.CreateCondition(ctx, plan))
	status := func(asOf custos.Date) (custos.ConditionStatus, custos.ConditionStatus, []custos.InputValue) {
		run, err := db.EvaluateConditions(ctx, custos.ConditionFilter{Country: "ML"}, asOf)
		must(t, err)
		var a, b custos.ConditionStatus
		var values []custos.InputValue
		for _, e := range run.Evaluations {
			switch e.ConditionID {
			case cond.ID:
				a, values = e.Status, e.Values
			case plan.ID:
				b = e.Status
			}
		}
		return a, b, values
	}
	today := custos.DateOf(epoch)
	// No consultation recorded: none held, which is data.
	if a, b, _ := status(today); a != custos.ConditionOnTrack || b != custos.ConditionBreached {
		t.Errorf("before any consultation: %s, %s; want on_track, breached", a, b)
	}
	day := func(m, d int) custos.Date { return custos.Date{Year: 2026, Month: time.Month(m), Day: d} }
	first := &custos.Consultation{ProgramID: p.ID, Title: "Assessment meeting", Date: day(2, 1), Stage: "assessment", Format: "meeting", Summary: "x",
		Feedback: []custos.Feedback{{Kind: "concern", Text: "a", Response: "incorporated", RespondedOn: day(2, 20)}}}
	must(t, db.CreateConsultation(ctx, first))
	second := &custos.Consultation{ProgramID: p.ID, Title: "Design workshop", Date: day(5, 1), Stage: "design", Format: "workshop", Summary: "x",
		Place: "Mopti", OutsideCapital: true,
		Feedback: []custos.Feedback{{Kind: "recommendation", Text: "b", Response: "not_incorporated", ResponseText: "out of scope", RespondedOn: day(9, 1)}}}
	must(t, db.CreateConsultation(ctx, second))
	// Recording re-evaluated both conditions as of today.
	for _, c := range []*custos.Condition{cond, plan} {
		got, err := db.FindCondition(ctx, c.ID)
		must(t, err)
		if got.Status != custos.ConditionMet {
			t.Errorf("after the second consultation, condition %q status = %s, want met (re-evaluated on write)", c.Title, got.Status)
		}
	}
	a, b, values := status(today)
	if a != custos.ConditionMet || b != custos.ConditionMet {
		t.Errorf("as of %s: %s, %s; want met, met", today, a, b)
	}
	if got := [2]string{consultationValue(values, "held"), consultationValue(values, "answered_percent")}; got != [2]string{"2", "100"} {
		t.Errorf("values as of %s: held and answered_percent = %q (all %v), want 2 and 100", today, got, values)
	}
	// As of 1 June: two held, the second's feedback not yet answered (50%).
	if a, b, v := status(day(6, 1)); a != custos.ConditionOnTrack || b != custos.ConditionMet || consultationValue(v, "answered_percent") != "50" {
		t.Errorf("as of 2026-06-01: %s, %s, %v; want on_track, met, 50%%", a, b, v)
	}
	// As of 1 March: one held, nothing outside the capital.
	if a, b, _ := status(day(3, 1)); a != custos.ConditionOnTrack || b != custos.ConditionBreached {
		t.Errorf("as of 2026-03-01: %s, %s; want on_track, breached", a, b)
	}
	// Deleting the consultation outside the capital re-evaluates too.
	must(t, db.DeleteConsultation(ctx, second.ID))
	got, err := db.FindCondition(ctx, plan.ID)
	must(t, err)
	if got.Status != custos.ConditionBreached {
		t.Errorf("after deleting the consultation outside the capital, plan condition = %s, want breached", got.Status)
	}
}

// consultationValue returns the recorded value of a consultations key
// among an evaluation's values, "" when it was not recorded.
func consultationValue(values []custos.InputValue, key string) string {
	for _, v := range values {
		if strings.HasPrefix(v.Input, "consultations") && strings.Contains(v.Input, key) {
			return v.Value
		}
	}
	return ""
}
