package storetest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// reviewFlag is an open review flag as the tests compare it.
type reviewFlag struct {
	Cause, Record string
	Actor, Person int64
}

// reviewFlags lists the review flags a vetter sees, each checked to give
// a reason and its approval.
func reviewFlags(t *testing.T, db *store.DB) []reviewFlag {
	t.Helper()
	list, _, err := db.FindVettingReviews(VetterA, custos.VettingReviewFilter{})
	must(t, err)
	var out []reviewFlag
	for _, r := range list {
		if r.Reason == "" || r.DecisionID == 0 {
			t.Errorf("review %+v: want a reason and the approval", r)
		}
		out = append(out, reviewFlag{r.Cause, r.Record, r.ActorID, r.PersonID})
	}
	return out
}

// testVettingNewInformation proves that an approval in force is flagged
// for review, and its subject kept off new activities until a vetter
// resolves the flag, by new information other than a credible incident:
// an imported list entry that matches the subject (not one a vetter judged
// different, unless it changes), a hit on the subject judged "same", and a
// change to the subject's record. Flags are not raised twice, and a
// subject without an approval in force is not flagged.
func testVettingNewInformation(t *testing.T, db *store.DB) {
	planner := as(custos.RolePlanner)
	p, _ := newProgram(t, db)
	unit := newActor(t, admin, db, "Fictional: 7e Bataillon de commandos", 0, custos.Internal)
	other := newActor(t, admin, db, "Fictional: Garde nationale", 0, custos.Internal)
	person := &custos.Person{Name: "Fictional: Amadou Traoré", BirthDate: custos.PartialDate{Year: 1975}}
	must(t, db.CreatePerson(admin, person))
	ApproveVetting(t, db, p.ID, []int64{unit.ID, other.ID}, []int64{person.ID})

	flags := func() []reviewFlag { t.Helper(); return reviewFlags(t, db) }
	joins := func(units []int64, persons []int64) error {
		a := &custos.Activity{ProgramID: p.ID, Kind: "course", Title: "Fictional course", ActorIDs: units, PersonIDs: persons}
		return db.CreateActivity(planner, a)
	}
	if got := flags(); len(got) != 0 {
		t.Fatalf("flags before any new information = %v, want none", got)
	}

	// A list naming the unit.
	imp := importList(t, db, "Fictional new list", "id,kind,name,aliases,birth_date,gender,nationality,unit,parent_unit\nNL-1,unit,Fictional: 7e Bataillon de commandos,,,,,,\n")
	got := flags()
	if len(got) != 1 || got[0].Cause != custos.ReviewCauseList || got[0].Actor != unit.ID {
		t.Fatalf("flags after a list entry naming the unit = %v, want one list_entry flag on unit %d", got, unit.ID)
	}
	wantField(t, "an activity with the flagged unit", joins([]int64{unit.ID}, nil), "actor_ids[0]")
	must(t, joins([]int64{other.ID}, nil))
	// Importing the same list again raises nothing new.
	importList(t, db, imp.List, "id,kind,name,aliases,birth_date,gender,nationality,unit,parent_unit\nNL-1,unit,Fictional: 7e Bataillon de commandos,,,,,,\n")
	if n := len(flags()); n != 1 {
		t.Errorf("after re-importing the same list: %d flags, want 1", n)
	}

	// A hit on the person judged "same" on a new nomination.
	importList(t, db, "Fictional person list", "id,kind,name,aliases,birth_date,gender,nationality,unit,parent_unit\nPL-1,person,Fictional: Amadou Traore,,1975,,,,\n")
	got = flags()
	if diff := cmp.Diff([]reviewFlag{{custos.ReviewCauseList, got[0].Record, 0, person.ID}, {custos.ReviewCauseList, got[1].Record, unit.ID, 0}}, got); diff != "" {
		t.Fatalf("flags after a list entry naming the person (-want +got):\n%s", diff)
	}
	n := nominate(t, db, &custos.Nomination{PersonID: person.ID, ProgramID: p.ID})
	_, err := db.ScreenNominations(VetterA, []int64{n.ID})
	must(t, err)
	hits := hitsOf(t, db, n.ID)
	if len(hits) == 0 {
		t.Fatal("screening the person found no hit")
	}
	must(t, db.JudgeHit(VetterB, &custos.MatchJudgement{HitID: hits[0].ID, Verdict: custos.Same, Reason: "same birth year and name"}))
	got = flags()
	if len(got) != 3 || got[0].Cause != custos.ReviewCauseJudged || got[0].Person != person.ID || got[0].Record != hits[0].RecordID {
		t.Errorf("flags after judging the hit same = %v, want a judged_same flag on person %d first", got, person.ID)
	}

	// A change to the other unit's record (it was clean until now).
	other.Name = "Fictional: Garde nationale, 2e régiment"
	must(t, db.UpdateActor(admin, other))
	got = flags()
	if len(got) != 4 || got[0].Cause != custos.ReviewCauseSubject || got[0].Actor != other.ID {
		t.Fatalf("flags after renaming the other unit = %v, want a subject_changed flag on unit %d first", got, other.ID)
	}
	wantField(t, "an activity with the renamed unit", joins([]int64{other.ID}, nil), "actor_ids[0]")
	other.Description = "Fictional: a note"
	must(t, db.UpdateActor(admin, other))
	if n := len(flags()); n != 4 {
		t.Errorf("after editing a description only: %d flags, want 4", n)
	}
	// A vetter resolves it: the approval stands, and the unit joins again.
	rev, _, err := db.FindVettingReviews(VetterA, custos.VettingReviewFilter{ActorID: other.ID})
	must(t, err)
	_, err = db.ResolveVettingReview(VetterA, rev[0].ID, "the same unit, renamed by decree")
	must(t, err)
	must(t, joins([]int64{other.ID}, nil))

	// A list entry a vetter judged different is not raised again until it
	// changes.
	fresh := newActor(t, admin, db, "Fictional: 9e Compagnie du génie", 0, custos.Internal)
	importList(t, db, "Fictional third list", "id,kind,name,aliases,birth_date,gender,nationality,unit,parent_unit\nTL-1,unit,Fictional: 9e Compagnie du génie,,,,,,\n")
	fn := nominate(t, db, &custos.Nomination{ActorID: fresh.ID, ProgramID: p.ID})
	_, err = db.ScreenNominations(VetterA, []int64{fn.ID})
	must(t, err)
	for _, h := range hitsOf(t, db, fn.ID) {
		must(t, db.JudgeHit(VetterA, &custos.MatchJudgement{HitID: h.ID, Verdict: custos.Different, Reason: "another company"}))
	}
	Decide(t, db, fn, custos.Approved)
	before := len(flags())
	importList(t, db, "Fictional third list", "id,kind,name,aliases,birth_date,gender,nationality,unit,parent_unit\nTL-1,unit,Fictional: 9e Compagnie du génie,,,,,,\nTL-2,person,Fictional: Someone Else,,,,,,\n")
	if n := len(flags()); n != before {
		t.Errorf("after an import that left the entry judged different unchanged: %d flags, want %d", n, before)
	}
	importList(t, db, "Fictional third list", "id,kind,name,aliases,birth_date,gender,nationality,unit,parent_unit\nTL-1,unit,Fictional: 9e Compagnie du génie,,,,ML,,\n")
	if got := flags(); len(got) != before+1 || got[0].Actor != fresh.ID {
		t.Errorf("after the entry judged different changed: %v, want a new flag on unit %d", got, fresh.ID)
	}
}

// testVettingImportChangesSubject proves that an import (a training report
// read again, a template file) changing what identifies an approved unit
// or person flags the approval for review as an edit by hand does, and
// that an import leaving the identity alone flags nothing.
func testVettingImportChangesSubject(t *testing.T, db *store.DB) {
	p, _ := newProgram(t, db)
	unit := newActor(t, admin, db, "Fictional: 3e Régiment d'infanterie", 0, custos.Internal)
	other := newActor(t, admin, db, "Fictional: 4e Régiment d'infanterie", 0, custos.Internal)
	unapproved := newActor(t, admin, db, "Fictional: 5e Régiment d'infanterie", 0, custos.Internal)
	person := &custos.Person{Name: "Fictional: Ibrahim Keïta", BirthDate: custos.PartialDate{Year: 1980}, Memberships: []custos.Membership{{ActorID: unit.ID}}}
	must(t, db.CreatePerson(admin, person))
	ApproveVetting(t, db, p.ID, []int64{unit.ID, other.ID}, []int64{person.ID})

	flags := func() []reviewFlag { t.Helper(); return reviewFlags(t, db) }
	put := func(step string, fn func(b *store.Bulk) error) {
		t.Helper()
		if err := db.Import(admin, &store.ImportRecord{Dataset: "fictional-reimport"}, fn); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	copyActor := func(a *custos.Actor) *custos.Actor { c := *a; return &c }

	// Descriptions, and the person's record as it is: nothing to flag; a
	// unit without an approval is renamed freely.
	put("an import changing descriptions only", func(b *store.Bulk) error {
		a := copyActor(unit)
		a.Description = "Fictional: described by the report"
		if err := b.PutActor(a); err != nil {
			return err
		}
		u := copyActor(unapproved)
		u.Name = "Fictional: 5e Régiment, renamed"
		if err := b.PutActor(u); err != nil {
			return err
		}
		same := *person
		same.Rank = "Fictional: captain"
		if err := b.PutPerson(&same); err != nil {
			return err
		}
		return b.SetMemberships(&same)
	})
	if got := flags(); len(got) != 0 {
		t.Fatalf("flags after an import leaving identities alone = %v, want none", got)
	}

	// The report names the unit otherwise, and the person in another unit.
	put("an import renaming the unit and moving the person", func(b *store.Bulk) error {
		a := copyActor(unit)
		a.Name = "Fictional: 3e Régiment de commandos"
		if err := b.PutActor(a); err != nil {
			return err
		}
		moved := *person
		moved.Memberships = []custos.Membership{{ActorID: other.ID}}
		if err := b.PutPerson(&moved); err != nil {
			return err
		}
		return b.SetMemberships(&moved)
	})
	want := []reviewFlag{{custos.ReviewCauseSubject, fmt.Sprintf("person:%d", person.ID), 0, person.ID}, {custos.ReviewCauseSubject, fmt.Sprintf("actor:%d", unit.ID), unit.ID, 0}}
	got := flags()
	if diff := cmp.Diff(want, got, cmpopts.SortSlices(func(a, b reviewFlag) bool { return a.Actor < b.Actor })); diff != "" {
		t.Fatalf("flags after the import (-want +got):\n%s", diff)
	}
	list, _, err := db.FindVettingReviews(VetterA, custos.VettingReviewFilter{ActorID: unit.ID})
	must(t, err)
	if len(list) != 1 || !strings.Contains(list[0].Reason, "3e Régiment de commandos") {
		t.Errorf("the unit's flag = %+v, want one whose reason names the new name", list)
	}
	wantField(t, "an activity with the renamed unit", db.CreateActivity(as(custos.RolePlanner),
		&custos.Activity{ProgramID: p.ID, Kind: "course", Title: "Fictional course", ActorIDs: []int64{unit.ID}}), "actor_ids[0]")
}
