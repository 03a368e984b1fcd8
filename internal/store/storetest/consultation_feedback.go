package storetest

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// asPartner returns a context for a civil-society partner signed in as the
// user with the given id and name.
func asPartner(id int64, name string) context.Context {
	return custos.WithPrincipal(context.Background(), custos.Principal{UserID: id, Name: name, Role: custos.RolePartner, Via: "test"})
}

// testConsultationFeedback proves what a civil-society partner may do with
// a public consultation: append one pending piece of feedback in their own
// name, see it marked as theirs with the program's answer, and nothing
// more; who raised an item reaches the staff who run consultations only,
// never another partner.
func testConsultationFeedback(t *testing.T, db *store.DB) {
	f := newConsultationFixture(t, db)
	amina, bakary := asPartner(9001, "amina"), asPartner(9002, "bakary")
	planner := as(custos.RolePlanner)
	c := f.consultation

	mine := &custos.Feedback{Kind: "concern", Text: "Women in Sévaré were not invited; hold a session there."}
	must(t, db.AddConsultationFeedback(amina, c.ID, mine))
	if mine.ID == 0 || mine.Response != custos.ResponsePending || !mine.Mine || mine.RaisedBy != "" {
		t.Errorf("AddConsultationFeedback() left %+v, want an id, pending, mine, raised_by withheld", mine)
	}
	theirs := &custos.Feedback{Kind: "recommendation", Text: "Publish the course syllabus."}
	must(t, db.AddConsultationFeedback(bakary, c.ID, theirs))

	// What each reader sees of the items: who raised each, and whether it is
	// the reader's own.
	type item struct {
		Text     string
		RaisedBy string
		Mine     bool
		Response custos.FeedbackResponse
	}
	existing := []item{
		{c.Feedback[0].Text, "A lawyer of the collective", false, "incorporated"},
		{c.Feedback[1].Text, "AMDH", false, "pending"},
	}
	withheld := func(list []item) []item {
		out := append([]item(nil), list...)
		for i := range out {
			out[i].RaisedBy = ""
		}
		return out
	}
	for _, tt := range []struct {
		who  string
		ctx  context.Context
		want []item
	}{
		{"planner", planner, append(existing, item{mine.Text, "amina", false, "pending"}, item{theirs.Text, "bakary", false, "pending"})},
		{"amina", amina, append(withheld(existing), item{mine.Text, "", true, "pending"}, item{theirs.Text, "", false, "pending"})},
		{"bakary", bakary, append(withheld(existing), item{mine.Text, "", false, "pending"}, item{theirs.Text, "", true, "pending"})},
		{"public", as(custos.RolePublic), append(withheld(existing), item{mine.Text, "", false, "pending"}, item{theirs.Text, "", false, "pending"})},
	} {
		got, err := db.FindConsultation(tt.ctx, c.ID)
		must(t, err)
		var items []item
		for _, fb := range got.Feedback {
			items = append(items, item{fb.Text, fb.RaisedBy, fb.Mine, fb.Response})
			if tt.who != "planner" && fb.RaisedByOrgID != 0 {
				t.Errorf("%s: raised_by_org_id %d shown", tt.who, fb.RaisedByOrgID)
			}
		}
		if diff := cmp.Diff(tt.want, items); diff != "" {
			t.Errorf("%s FindConsultation() feedback (-want +got):\n%s", tt.who, diff)
		}
	}

	// The program answers the partner's item; the partner sees the answer
	// on their own list, and only their own items.
	staff, err := db.FindConsultation(planner, c.ID)
	must(t, err)
	staff.Feedback[2].Response, staff.Feedback[2].ResponseText, staff.Feedback[2].RespondedOn = "incorporated", "A session in Sévaré is planned for May.", f.answer
	must(t, db.UpdateConsultation(planner, staff))
	got, _, err := db.FindOwnFeedback(amina, custos.OwnFeedbackFilter{})
	must(t, err)
	want := []*custos.SubmittedFeedback{{ConsultationID: c.ID, ConsultationTitle: c.Title, ConsultationDate: c.Date, ProgramID: f.program.ID, Stage: c.Stage,
		Feedback: custos.Feedback{ID: mine.ID, Kind: "concern", Text: mine.Text, Response: "incorporated", ResponseText: "A session in Sévaré is planned for May.",
			RespondedOn: f.answer, Mine: true}}}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(custos.SubmittedFeedback{}, "SubmittedAt")); diff != "" {
		t.Errorf("FindOwnFeedback(amina) (-want +got):\n%s", diff)
	}
	if len(got) == 1 && got[0].SubmittedAt.IsZero() {
		t.Errorf("FindOwnFeedback(amina): submitted_at not set")
	}
	for _, tt := range []struct {
		who  string
		ctx  context.Context
		f    custos.OwnFeedbackFilter
		want []int64
	}{
		{"bakary", bakary, custos.OwnFeedbackFilter{}, []int64{theirs.ID}},
		{"bakary pending", bakary, custos.OwnFeedbackFilter{Response: "pending"}, []int64{theirs.ID}},
		{"amina pending", amina, custos.OwnFeedbackFilter{Response: "pending"}, nil},
		{"planner", planner, custos.OwnFeedbackFilter{}, nil}, // staff record feedback through the consultation
		{"another partner", asPartner(9003, "chaka"), custos.OwnFeedbackFilter{}, nil},
	} {
		list, _, err := db.FindOwnFeedback(tt.ctx, tt.f)
		if tt.who == "planner" {
			// the test principal of a role has no user id
			wantKind(t, "planner FindOwnFeedback", err, custos.EUNAUTHORIZED)
			continue
		}
		must(t, err)
		var ids []int64
		for _, s := range list {
			ids = append(ids, s.Feedback.ID)
			if s.Feedback.RaisedBy != "" || s.Feedback.RaisedByOrgID != 0 {
				t.Errorf("%s FindOwnFeedback: raised_by %q / %d shown", tt.who, s.Feedback.RaisedBy, s.Feedback.RaisedByOrgID)
			}
		}
		if diff := cmp.Diff(tt.want, ids); diff != "" {
			t.Errorf("%s FindOwnFeedback(%+v) ids (-want +got):\n%s", tt.who, tt.f, diff)
		}
	}
	wantField(t, "FindOwnFeedback(response=maybe)", func() error {
		_, _, err := db.FindOwnFeedback(amina, custos.OwnFeedbackFilter{Response: "maybe"})
		return err
	}(), "response")
	wantKind(t, "anonymous FindOwnFeedback", func() error {
		_, _, err := db.FindOwnFeedback(as(custos.RolePublic), custos.OwnFeedbackFilter{})
		return err
	}(), custos.EUNAUTHORIZED)

	// Each submission is audited in the partner's name.
	entries, _, err := db.FindAuditEntries(admin, custos.AuditFilter{Entity: custos.EntityFeedback})
	must(t, err)
	var who []string
	for _, e := range entries {
		who = append(who, e.UserName+" "+string(e.Action)+" "+e.EntityID)
	}
	wantAudit := []string{"bakary create " + strconv.FormatInt(theirs.ID, 10), "amina create " + strconv.FormatInt(mine.ID, 10)} // newest first
	if diff := cmp.Diff(wantAudit, who); diff != "" {
		t.Errorf("audit of feedback (-want +got):\n%s", diff)
	}
}

// testConsultationFeedbackRefused proves that every refused submission is
// refused with the right kind, names the field when a field is wrong, and
// writes nothing: a consultation above the partner's clearance (or of a
// program above it) is not found, the response is the program's, staff do
// not use this path, and the partner cannot change the consultation.
func testConsultationFeedbackRefused(t *testing.T, db *store.DB) {
	f := newConsultationFixture(t, db)
	planner := as(custos.RolePlanner)
	amina := asPartner(9001, "amina")
	internal := &custos.Consultation{ProgramID: f.program.ID, Title: "Closed meeting", Date: f.heldOn, Stage: "monitoring", Format: "meeting", Summary: "x"}
	must(t, db.CreateConsultation(planner, internal))
	hidden := *f.program // the same program under another title, internal
	hidden.ID, hidden.Title, hidden.Releasability = 0, "Mali border police mentoring", custos.Internal
	must(t, db.CreateProgram(planner, &hidden))
	ofHidden := &custos.Consultation{ProgramID: hidden.ID, Title: "Public record of an internal program", Date: f.heldOn, Stage: "design", Format: "meeting",
		Summary: "x", Releasability: custos.Public}
	must(t, db.CreateConsultation(planner, ofHidden))
	ok := func() *custos.Feedback { return &custos.Feedback{Kind: "concern", Text: "Checkpoints extort traders."} }
	for _, tt := range []struct {
		name   string
		ctx    context.Context
		id     int64
		fb     *custos.Feedback
		kind   string
		fields []string
	}{
		{"internal consultation", amina, internal.ID, ok(), custos.ENOTFOUND, nil},
		{"public consultation of an internal program", amina, ofHidden.ID, ok(), custos.ENOTFOUND, nil},
		{"no such consultation", amina, 99999, ok(), custos.ENOTFOUND, nil},
		{"no kind, no text", amina, f.consultation.ID, &custos.Feedback{Kind: "rumour"}, custos.EINVALID, []string{"kind", "text"}},
		{"writes the response", amina, f.consultation.ID, &custos.Feedback{Kind: "concern", Text: "x", Response: "incorporated", ResponseText: "done",
			RespondedOn: f.answer}, custos.EINVALID, []string{"response", "response_text", "responded_on"}},
		{"names who raised it", amina, f.consultation.ID, &custos.Feedback{Kind: "concern", Text: "x", RaisedBy: "AMDH"}, custos.EINVALID, []string{"raised_by"}},
		{"names an organization", amina, f.consultation.ID, &custos.Feedback{Kind: "concern", Text: "x", RaisedByOrgID: f.named.ID}, custos.EINVALID, []string{"raised_by_org_id"}},
		{"edits an item", amina, f.consultation.ID, &custos.Feedback{ID: f.consultation.Feedback[1].ID, Kind: "concern", Text: "x"}, custos.EINVALID, []string{"id"}},
		{"planner", planner, f.consultation.ID, ok(), custos.EFORBIDDEN, nil},
		{"admin", as(custos.RoleAdmin), f.consultation.ID, ok(), custos.EFORBIDDEN, nil},
		{"viewer", as(custos.RoleViewer), f.consultation.ID, ok(), custos.EFORBIDDEN, nil},
		{"anonymous", as(custos.RolePublic), f.consultation.ID, ok(), custos.EUNAUTHORIZED, nil},
		{"partner without a user", as(custos.RolePartner), f.consultation.ID, ok(), custos.EUNAUTHORIZED, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := auditCount(t, db)
			err := db.AddConsultationFeedback(tt.ctx, tt.id, tt.fb)
			wantKind(t, tt.name, err, tt.kind)
			for _, field := range tt.fields {
				wantField(t, tt.name, err, field)
			}
			if n := auditCount(t, db); n != before {
				t.Errorf("refused submission changed the audit trail: %d entries, want %d", n, before)
			}
			for _, id := range []int64{f.consultation.ID, internal.ID, ofHidden.ID} {
				got, err := db.FindConsultation(planner, id)
				must(t, err)
				if want := map[int64]int{f.consultation.ID: 2}[id]; len(got.Feedback) != want {
					t.Errorf("consultation %d has %d pieces of feedback after a refused submission, want %d", id, len(got.Feedback), want)
				}
			}
		})
	}
	// The partner's only write is this one: the consultation, its items and
	// their responses stay the program's.
	c, err := db.FindConsultation(amina, f.consultation.ID)
	must(t, err)
	c.Feedback[1].Response, c.Feedback[1].ResponseText, c.Feedback[1].RespondedOn = "incorporated", "done", f.answer
	wantKind(t, "partner UpdateConsultation", db.UpdateConsultation(amina, c), custos.EFORBIDDEN)
	wantKind(t, "partner DeleteConsultation", db.DeleteConsultation(amina, c.ID), custos.EFORBIDDEN)
}

// testConditionConsultationFeedback proves that a partner's submission
// evaluates again the conditions that read the consultations, judged on
// every consultation (an internal one counts too), not only on the public
// ones the partner may read.
func testConditionConsultationFeedback(t *testing.T, db *store.DB) {
	now := db.Now
	t.Cleanup(func() { db.Now = now })
	db.Now = func() time.Time { return epoch }
	f := newConsultationFixture(t, db) // public, two pieces of feedback
	planner := as(custos.RolePlanner)
	internal := &custos.Consultation{ProgramID: f.program.ID, Title: "Closed meeting", Date: f.heldOn, Stage: "monitoring", Format: "meeting", Summary: "x",
		Feedback: []custos.Feedback{{Kind: "concern", Text: "Said in confidence."}}}
	must(t, db.CreateConsultation(planner, internal))
	cond := &custos.Condition{ProgramID: f.program.ID, Kind: "milestone", Type: "performance", Title: "Civil society speaks up",
		Statement: "Four pieces of feedback received.", Criterion: `consultations.feedback_received >= 4.0`, Deadline: custos.Date{Year: 2027, Month: 6, Day: 30}}
	must(t, db.CreateCondition(planner, cond))
	if _, err := db.EvaluateConditions(planner, custos.ConditionFilter{ProgramID: f.program.ID}, custos.DateOf(epoch)); err != nil {
		t.Fatal(err)
	}
	status := func() custos.ConditionStatus {
		got, err := db.FindCondition(planner, cond.ID)
		must(t, err)
		return got.Status
	}
	if got := status(); got != custos.ConditionOnTrack {
		t.Fatalf("before the partner's feedback: %s, want on_track (3 received)", got)
	}
	must(t, db.AddConsultationFeedback(asPartner(9001, "amina"), f.consultation.ID, &custos.Feedback{Kind: "recommendation", Text: "Meet in Gao too."}))
	if got := status(); got != custos.ConditionMet {
		t.Errorf("after the partner's feedback: %s, want met (4 received, one in an internal consultation; re-evaluated on write)", got)
	}
}
