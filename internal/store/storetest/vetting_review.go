package storetest

import (
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/google/go-cmp/cmp"
)

func partial(t *testing.T, s string) custos.PartialDate {
	t.Helper()
	d, err := custos.ParsePartialDate(s)
	must(t, err)
	return d
}

// testVettingReviews proves the vetting half of the credible-information
// trigger: when an incident naming a unit becomes credible, every approval
// in force for that unit, the units under it and the persons who were
// their members at the time is flagged for review, once, with an audit
// entry; the subject's standing says "review due"; an existing participant
// stays on its activity but no new one joins and no activity is delivered
// until a vetter resolves the review, by a new decision or by recording
// that the approval stands; discounting or deleting the incident clears
// open flags; linking a unit to an incident already credible flags it too;
// and only vetters and administrators ever see a flag.
func testVettingReviews(t *testing.T, db *store.DB) {
	planner := as(custos.RolePlanner)
	brigade := newActor(t, admin, db, "1re Brigade", 0, custos.Internal)
	battalion := newActor(t, admin, db, "12e Bataillon", brigade.ID, custos.Internal)
	company := newActor(t, admin, db, "3e Compagnie", battalion.ID, custos.Internal)
	denied := newActor(t, admin, db, "4e Compagnie", battalion.ID, custos.Internal)
	bystander := newActor(t, admin, db, "Gendarmerie", 0, custos.Internal)
	person := func(name string, unit int64, from, to string) *custos.Person {
		m := custos.Membership{ActorID: unit}
		if from != "" {
			m.From = partial(t, from)
		}
		if to != "" {
			m.To = partial(t, to)
		}
		p := &custos.Person{Name: name, Memberships: []custos.Membership{m}}
		must(t, db.CreatePerson(admin, p))
		return p
	}
	member := person("Member of the company", company.ID, "", "")
	during := person("Served 2023-2024", battalion.ID, "2023", "2024")
	former := person("Left in 2020", battalion.ID, "", "2020")
	later := person("Joined in 2025", company.ID, "2025-01", "")
	outsider := person("Gendarme", bystander.ID, "", "")
	prog := &custos.Program{Title: "Counter-IED", Country: "ML", Status: "active", RecipientIDs: []int64{bystander.ID}}
	must(t, db.CreateProgram(planner, prog))
	ApproveVetting(t, db, prog.ID, []int64{brigade.ID, battalion.ID, company.ID, bystander.ID},
		[]int64{member.ID, during.ID, former.ID, later.ID, outsider.ID})
	nom := &custos.Nomination{ActorID: denied.ID, ProgramID: prog.ID}
	must(t, db.CreateNomination(VetterA, nom))
	Decide(t, db, nom, custos.Denied)
	course := &custos.Activity{ProgramID: prog.ID, Kind: "course", Title: "Rules of engagement", Status: "in_progress",
		ActorIDs: []int64{company.ID}, PersonIDs: []int64{member.ID}}
	must(t, db.CreateActivity(planner, course))

	i := newIncident(battalion.ID)
	must(t, db.CreateIncident(analyst, i))
	_, err := db.TransitionIncident(analyst, i.ID, custos.StatusUnderReview, "opened")
	must(t, err)
	type flag struct {
		Actor, Person, Incident int64
		Resolution              string
	}
	flags := func(f custos.VettingReviewFilter) []flag {
		t.Helper()
		list, _, err := db.FindVettingReviews(VetterA, f)
		must(t, err)
		var out []flag
		for _, r := range list {
			if r.Reason == "" || r.DecisionID == 0 || r.NominationID == 0 || r.SubjectName == "" {
				t.Errorf("review %+v: want a reason, the decision, the nomination and the subject's name", r)
			}
			out = append(out, flag{r.ActorID, r.PersonID, r.IncidentID, r.Resolution})
		}
		return out
	}
	if got := flags(custos.VettingReviewFilter{}); len(got) != 0 {
		t.Fatalf("under review: flags %v, want none", got)
	}
	entries := auditCount(t, db)
	_, err = db.TransitionIncident(analyst, i.ID, custos.StatusCredible, "corroborated")
	must(t, err)
	// Newest first. The brigade (above), the denied company, the
	// gendarmerie and the persons not in the units on the day are not
	// flagged.
	want := []flag{{0, during.ID, i.ID, ""}, {0, member.ID, i.ID, ""}, {company.ID, 0, i.ID, ""}, {battalion.ID, 0, i.ID, ""}}
	if diff := cmp.Diff(want, flags(custos.VettingReviewFilter{})); diff != "" {
		t.Fatalf("flags after credible mismatch (-want +got):\n%s", diff)
	}
	// The step, the course's warning (the company takes part) and one
	// entry per flag.
	if got := auditCount(t, db) - entries; got != 2+int64(len(want)) {
		t.Errorf("credible transition wrote %d audit entries, want %d (the step, the course's warning and each flag)", got, 2+len(want))
	}
	// Idempotent: confirming raises nothing new.
	_, err = db.TransitionIncident(analyst, i.ID, custos.StatusConfirmed, "confirmed")
	must(t, err)
	if got := flags(custos.VettingReviewFilter{}); len(got) != len(want) {
		t.Errorf("after confirmed: %d flags, want %d", len(got), len(want))
	}

	// The standing says review due; planners see it, and the incident
	// only if they may see it.
	roster, err := db.ActivityVetting(planner, course.ID)
	must(t, err)
	for _, st := range roster {
		if !st.ReviewDue || st.Cleared() || st.Label() != "approved — review due (incident "+formatInt(i.ID)+" credible)" {
			t.Errorf("participant %s: ReviewDue %v, Cleared %v, Label %q; want review due for incident %d", st.Field, st.ReviewDue, st.Cleared(), st.Label(), i.ID)
		}
	}
	// The interlock: existing participants stay; no new participant
	// under review joins; the activity is not delivered.
	course.Title = "Rules of engagement (revised)"
	must(t, db.UpdateActivity(planner, course))
	course.ActorIDs = []int64{company.ID, battalion.ID}
	wantField(t, "add a participant under review", db.UpdateActivity(planner, course), "actor_ids[1]")
	course.ActorIDs, course.Status = []int64{company.ID}, "delivered"
	err = db.UpdateActivity(planner, course)
	wantField(t, "deliver with participants under review", err, "actor_ids[0]")
	wantField(t, "deliver with participants under review", err, "person_ids[0]")
	course.Status = "in_progress"

	// Only vetters and administrators see flags.
	for _, role := range append(custos.Roles(), custos.RolePublic) {
		_, _, err := db.FindVettingReviews(as(role), custos.VettingReviewFilter{})
		if (role == custos.RoleAdmin || role == custos.RoleVetter) != (err == nil) {
			t.Errorf("FindVettingReviews as %s: err %v", role, err)
		}
		if role == custos.RoleAdmin || role == custos.RoleVetter {
			continue
		}
		if _, err := db.ResolveVettingReview(as(role), 1, "looked"); err == nil {
			t.Errorf("ResolveVettingReview as %s succeeded", role)
		}
		if ws, _, err := db.FindWarnings(as(role), custos.WarningFilter{}); err == nil {
			for _, w := range ws {
				if w.Entity != custos.EntityProgram && w.Entity != custos.EntityActivity {
					t.Errorf("FindWarnings as %s shows a %s warning", role, w.Entity)
				}
			}
		}
	}

	// Resolving: the approval stands, with a reason.
	open, _, err := db.FindVettingReviews(VetterA, custos.VettingReviewFilter{ActorID: company.ID})
	must(t, err)
	if len(open) != 1 {
		t.Fatalf("flags on the company: %d, want 1", len(open))
	}
	_, err = db.ResolveVettingReview(VetterA, open[0].ID, " ")
	wantField(t, "resolve without a reason", err, "reason")
	entries = auditCount(t, db)
	r, err := db.ResolveVettingReview(VetterA, open[0].ID, "the company was deployed elsewhere on the day (movement orders)")
	must(t, err)
	if r.Resolution != custos.ReviewStands || r.ResolvedBy != "vetter-a" || r.Open() {
		t.Errorf("resolved review = %+v, want the approval standing, by vetter-a", r)
	}
	if got := auditCount(t, db) - entries; got != 1 {
		t.Errorf("resolving wrote %d audit entries, want 1", got)
	}
	_, err = db.ResolveVettingReview(VetterB, open[0].ID, "again")
	wantKind(t, "resolve twice", err, custos.ECONFLICT)
	course.ActorIDs = []int64{company.ID}
	course.PersonIDs = nil
	course.Status = "delivered"
	must(t, db.UpdateActivity(planner, course)) // the company's review is resolved
	// Resolving by a new decision: the member is suspended.
	noms, _, err := db.FindNominations(VetterA, custos.NominationFilter{PersonID: member.ID})
	must(t, err)
	Decide(t, db, noms[0], custos.Suspended)
	full, err := db.FindNomination(VetterA, noms[0].ID)
	must(t, err)
	if len(full.Reviews) != 1 || full.Reviews[0].Resolution != custos.ReviewDecision || full.Reviews[0].ResolvedDecisionID == 0 {
		t.Errorf("member's nomination reviews = %+v, want one resolved by the new decision", full.Reviews)
	}
	want = []flag{{0, during.ID, i.ID, ""}, {battalion.ID, 0, i.ID, ""}}
	if diff := cmp.Diff(want, flags(custos.VettingReviewFilter{})); diff != "" {
		t.Errorf("open flags after resolving mismatch (-want +got):\n%s", diff)
	}

	// Discounting clears what is open and keeps what was resolved.
	_, err = db.TransitionIncident(analyst, i.ID, custos.StatusUnderReview, "new information")
	must(t, err)
	_, err = db.TransitionIncident(analyst, i.ID, custos.StatusDiscounted, "the battalion was elsewhere")
	must(t, err)
	if got := flags(custos.VettingReviewFilter{}); len(got) != 0 {
		t.Errorf("after discounted: open flags %v, want none", got)
	}
	all, _, err := db.FindVettingReviews(VetterA, custos.VettingReviewFilter{All: true, IncidentID: i.ID})
	must(t, err)
	cleared, resolved := 0, 0
	for _, r := range all {
		switch {
		case !r.ClearedAt.IsZero() && r.Resolution == "":
			cleared++
		case r.Resolution != "" && r.ClearedAt.IsZero():
			resolved++
		}
	}
	if cleared != 2 || resolved != 2 {
		t.Errorf("after discounted: %d cleared and %d resolved, want 2 and 2", cleared, resolved)
	}
	_, err = db.ResolveVettingReview(VetterA, all[0].ID, "late")
	wantKind(t, "resolve a cleared review", err, custos.ECONFLICT)

	// Linking a unit to an incident already credible flags it, once;
	// deleting the incident clears the flag.
	j := newIncident(0)
	must(t, db.CreateIncident(analyst, j))
	for _, step := range []custos.VerificationStatus{custos.StatusUnderReview, custos.StatusCredible} {
		_, err := db.TransitionIncident(analyst, j.ID, step, "corroborated")
		must(t, err)
	}
	if got := flags(custos.VettingReviewFilter{IncidentID: j.ID}); len(got) != 0 {
		t.Fatalf("incident without a unit: flags %v", got)
	}
	j.Perpetrators = append(j.Perpetrators, custos.Perpetrator{ActorID: bystander.ID, Role: "direct"})
	must(t, db.UpdateIncident(analyst, j))
	must(t, db.UpdateIncident(analyst, j))
	want = []flag{{0, outsider.ID, j.ID, ""}, {bystander.ID, 0, j.ID, ""}}
	if diff := cmp.Diff(want, flags(custos.VettingReviewFilter{IncidentID: j.ID})); diff != "" {
		t.Errorf("flags after linking a unit to a credible incident mismatch (-want +got):\n%s", diff)
	}
	ws, _, err := db.FindWarnings(analyst, custos.WarningFilter{IncidentID: j.ID})
	must(t, err)
	if len(ws) != 1 || ws[0].RecordID != prog.ID {
		t.Errorf("warnings after linking a unit to a credible incident = %+v, want one on program %d", ws, prog.ID)
	}
	// Unlinking the unit (a misattribution corrected) withdraws what it
	// raised, with the reason in the audit trail; linking it again raises
	// it again.
	linked := j.Perpetrators
	j.Perpetrators = nil
	must(t, db.UpdateIncident(analyst, j))
	if got := flags(custos.VettingReviewFilter{IncidentID: j.ID}); len(got) != 0 {
		t.Errorf("flags after unlinking the unit: %v, want none open", got)
	}
	if ws, _, err := db.FindWarnings(analyst, custos.WarningFilter{IncidentID: j.ID}); err != nil || len(ws) != 0 {
		t.Errorf("open warnings after unlinking the unit = %+v, %v; want none", ws, err)
	}
	if ws, _, err := db.FindWarnings(analyst, custos.WarningFilter{IncidentID: j.ID, Cleared: true}); err != nil || len(ws) != 1 || ws[0].ClearedAt.IsZero() {
		t.Errorf("warnings after unlinking, cleared ones included = %+v, %v; want the one, cleared", ws, err)
	}
	j.Perpetrators = linked
	must(t, db.UpdateIncident(analyst, j))
	if diff := cmp.Diff(want, flags(custos.VettingReviewFilter{IncidentID: j.ID})); diff != "" {
		t.Errorf("flags after linking the unit again mismatch (-want +got):\n%s", diff)
	}
	must(t, db.DeleteIncident(analyst, j.ID))
	if got := flags(custos.VettingReviewFilter{}); len(got) != 0 {
		t.Errorf("after deleting the incident: open flags %v, want none", got)
	}
}
