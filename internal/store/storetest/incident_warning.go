package storetest

import (
	"fmt"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func formatInt(id int64) string { return fmt.Sprint(id) }

// testIncidentWarnings proves the credible-information trigger: when an
// incident naming a unit becomes credible, every active or planned program
// and planned or in-progress activity assisting the unit or a unit under
// it is warned, in the same transaction, with an audit entry; assistance
// that has ended, and other units, are not; discounting clears the
// warnings; vetting can find them by unit.
func testIncidentWarnings(t *testing.T, db *store.DB) {
	planner := as(custos.RolePlanner)
	brigade := newActor(t, admin, db, "1re Brigade", 0, custos.Internal)
	battalion := newActor(t, admin, db, "12e Bataillon", brigade.ID, custos.Internal)
	company := newActor(t, admin, db, "3e Compagnie", battalion.ID, custos.Internal)
	bystander := newActor(t, admin, db, "Gendarmerie", 0, custos.Internal)
	prog := func(title string, status custos.ProgramStatus, units ...int64) *custos.Program {
		p := &custos.Program{Title: title, Country: "ML", Status: status, RecipientIDs: units}
		must(t, db.CreateProgram(planner, p))
		return p
	}
	active := prog("Counter-IED", "active", company.ID)
	planned := prog("Logistics", "planned", brigade.ID)
	done := prog("Old course", "completed", company.ID)
	other := prog("Gendarmerie support", "active", bystander.ID)
	ApproveVetting(t, db, other.ID, []int64{company.ID, bystander.ID}, nil)
	course := &custos.Activity{ProgramID: other.ID, Kind: "course", Title: "Rules of engagement", Status: "in_progress", ActorIDs: []int64{company.ID, bystander.ID}}
	must(t, db.CreateActivity(planner, course))
	delivered := &custos.Activity{ProgramID: other.ID, Kind: "course", Title: "Delivered", Status: "delivered", ActorIDs: []int64{company.ID}}
	must(t, db.CreateActivity(planner, delivered))

	i := newIncident(battalion.ID)
	must(t, db.CreateIncident(analyst, i))
	_, err := db.TransitionIncident(analyst, i.ID, custos.StatusUnderReview, "opened")
	must(t, err)
	list, _, err := db.FindWarnings(analyst, custos.WarningFilter{})
	must(t, err)
	if len(list) != 0 {
		t.Fatalf("under review: %d warnings, want none", len(list))
	}
	entries := auditCount(t, db)
	_, err = db.TransitionIncident(analyst, i.ID, custos.StatusCredible, "corroborated")
	must(t, err)
	type key struct {
		Entity    string
		ID, Actor int64
	}
	warned := func(f custos.WarningFilter) []key {
		t.Helper()
		list, _, err := db.FindWarnings(analyst, f)
		must(t, err)
		var out []key
		for _, w := range list {
			if w.IncidentID != i.ID || w.Reason == "" {
				t.Errorf("warning %+v: want incident %d and a reason", w, i.ID)
			}
			out = append(out, key{w.Entity, w.RecordID, w.ActorID})
		}
		return out
	}
	// Newest first: the activity, then the programs in id order reversed.
	want := []key{{custos.EntityActivity, course.ID, company.ID}, {custos.EntityProgram, active.ID, company.ID}}
	if diff := cmp.Diff(want, warned(custos.WarningFilter{})); diff != "" {
		t.Errorf("warnings after credible mismatch (-want +got):\n%s", diff)
	}
	_ = planned // the brigade is above the battalion: not warned
	// The step, each warning, and the review flag on the company's
	// approval (see testVettingReviews).
	if got := auditCount(t, db) - entries; got != 2+int64(len(want)) {
		t.Errorf("credible transition wrote %d audit entries, want %d (the step, each warning and the company's review flag)", got, 2+len(want))
	}
	if diff := cmp.Diff([]key{{custos.EntityProgram, active.ID, company.ID}}, warned(custos.WarningFilter{Entity: "program", ID: active.ID})); diff != "" {
		t.Errorf("warnings of program %d mismatch (-want +got):\n%s", active.ID, diff)
	}
	if got := warned(custos.WarningFilter{Entity: "program", ID: done.ID}); len(got) != 0 {
		t.Errorf("completed program warned: %v", got)
	}
	if got := warned(custos.WarningFilter{ActorID: bystander.ID}); len(got) != 0 {
		t.Errorf("bystander unit warned: %v", got)
	}
	// Vetting finds the credible information by unit, up the tree.
	for _, unit := range []int64{battalion.ID, brigade.ID} {
		cred, err := db.CredibleIncidents(as(custos.RoleVetter), unit)
		must(t, err)
		if len(cred) != 1 || cred[0].ID != i.ID {
			t.Errorf("CredibleIncidents(unit %d) = %d incidents, want incident %d", unit, len(cred), i.ID)
		}
	}
	cred, err := db.CredibleIncidents(as(custos.RoleVetter), company.ID)
	must(t, err)
	if len(cred) != 0 {
		t.Errorf("CredibleIncidents(company below the unit named) = %d, want 0", len(cred))
	}
	// Assistance that starts after the incident was judged credible is
	// warned when it is recorded: a program for the company (under the
	// battalion), not one for the brigade above it.
	late := prog("Late program", "active", company.ID)
	prog("Brigade staff course", "active", brigade.ID)
	if diff := cmp.Diff([]key{{custos.EntityProgram, late.ID, company.ID}}, warned(custos.WarningFilter{Entity: "program", ID: late.ID})); diff != "" {
		t.Errorf("warnings of a program created after the incident was credible (-want +got):\n%s", diff)
	}
	// So is assistance an import writes (training reports): its program
	// and activity for the company are warned, its program for the
	// bystander is not.
	var imported, importedOther *custos.Program
	var importedCourse *custos.Activity
	must(t, db.Import(planner, &store.ImportRecord{Dataset: "fictional-warnings"}, func(b *store.Bulk) error {
		imported = &custos.Program{Title: "Fictional imported program", Country: "ML", Status: "active", RecipientIDs: []int64{company.ID},
			Source: &custos.SourceRef{Dataset: "fictional-warnings", Key: "p1"}}
		importedOther = &custos.Program{Title: "Fictional imported program elsewhere", Country: "ML", Status: "active", RecipientIDs: []int64{bystander.ID},
			Source: &custos.SourceRef{Dataset: "fictional-warnings", Key: "p2"}}
		for _, p := range []*custos.Program{imported, importedOther} {
			if err := b.PutProgram(p); err != nil {
				return err
			}
		}
		importedCourse = &custos.Activity{ProgramID: importedOther.ID, Kind: "course", Title: "Fictional imported course", Status: "planned", ActorIDs: []int64{company.ID},
			Source: &custos.SourceRef{Dataset: "fictional-warnings", Key: "a1"}}
		return b.PutActivity(importedCourse)
	}))
	if diff := cmp.Diff([]key{{custos.EntityProgram, imported.ID, company.ID}}, warned(custos.WarningFilter{Entity: "program", ID: imported.ID})); diff != "" {
		t.Errorf("warnings of an imported program (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]key{{custos.EntityActivity, importedCourse.ID, company.ID}}, warned(custos.WarningFilter{Entity: "activity", ID: importedCourse.ID})); diff != "" {
		t.Errorf("warnings of an imported activity (-want +got):\n%s", diff)
	}
	if got := warned(custos.WarningFilter{Entity: "program", ID: importedOther.ID}); len(got) != 0 {
		t.Errorf("imported program for the bystander warned: %v", got)
	}
	want = append(want, key{custos.EntityProgram, imported.ID, company.ID}, key{custos.EntityActivity, importedCourse.ID, company.ID})
	late.Title = "Late program (renamed)"
	must(t, db.UpdateProgram(planner, late))
	want = append(want, key{custos.EntityProgram, late.ID, company.ID})
	if got := warned(custos.WarningFilter{}); len(got) != len(want) {
		t.Errorf("after editing the late program: %d warnings, want %d (no duplicate)", len(got), len(want))
	}
	// Confirming does not duplicate warnings; reopening keeps them;
	// discounting clears them.
	_, err = db.TransitionIncident(analyst, i.ID, custos.StatusConfirmed, "confirmed")
	must(t, err)
	if got := warned(custos.WarningFilter{}); len(got) != len(want) {
		t.Errorf("after confirmed: %d warnings, want %d", len(got), len(want))
	}
	_, err = db.TransitionIncident(analyst, i.ID, custos.StatusUnderReview, "new information")
	must(t, err)
	_, err = db.TransitionIncident(analyst, i.ID, custos.StatusDiscounted, "the unit was elsewhere")
	must(t, err)
	if got := warned(custos.WarningFilter{}); len(got) != 0 {
		t.Errorf("after discounted: %d open warnings, want none", len(got))
	}
	if got := warned(custos.WarningFilter{Cleared: true}); len(got) != len(want) {
		t.Errorf("after discounted: %d warnings kept, want %d cleared", len(got), len(want))
	}
	wantField(t, "FindWarnings(entity unit)", func() error { _, _, err := db.FindWarnings(analyst, custos.WarningFilter{Entity: "unit"}); return err }(), "entity")
}

// testIncidentTrends checks the monthly counts and sums and that each
// bucket's filter lists exactly its incidents.
func testIncidentTrends(t *testing.T, db *store.DB) {
	brigade := newActor(t, admin, db, "1re Brigade", 0, custos.Internal)
	battalion := newActor(t, admin, db, "12e Bataillon", brigade.ID, custos.Internal)
	add := func(day custos.Date, cat custos.IncidentCategory, admin1 string, killed int, unit int64) {
		i := newIncident(unit)
		i.Date, i.Category, i.Place.Admin1, i.Victims.Killed = day, cat, admin1, custos.Point(killed)
		must(t, db.CreateIncident(analyst, i))
	}
	mar, apr := custos.Date{Year: 2024, Month: 3, Day: 5}, custos.Date{Year: 2024, Month: 4, Day: 9}
	add(mar, "torture", "Mopti", 0, battalion.ID)
	add(mar, "torture", "Gao", 2, 0)
	add(mar, "extrajudicial_killing", "Mopti", 5, brigade.ID)
	add(apr, "extrajudicial_killing", "Mopti", 7, battalion.ID)
	other := newIncident(0)
	other.Place = custos.Place{Country: "BF"}
	must(t, db.CreateIncident(analyst, other))

	type row struct {
		Month, Key string
		N, Killed  int
	}
	// A program's area of operation: its country over its dates.
	prog := &custos.Program{Title: "Fictional April program", Country: "ML", Status: "active",
		Start: custos.Date{Year: 2024, Month: 4, Day: 1}, End: custos.Date{Year: 2025, Month: 3, Day: 31}}
	must(t, db.CreateProgram(as(custos.RolePlanner), prog))
	for _, tt := range []struct {
		name string
		f    custos.TrendFilter
		want []row
	}{
		{"program", custos.TrendFilter{ProgramID: prog.ID}, []row{{"2024-04", "extrajudicial_killing", 1, 7}}},
		{"category", custos.TrendFilter{Country: "ML"}, []row{
			{"2024-03", "extrajudicial_killing", 1, 5}, {"2024-03", "torture", 2, 2}, {"2024-04", "extrajudicial_killing", 1, 7}}},
		{"admin1", custos.TrendFilter{Country: "ML", By: "admin1", To: custos.Date{Year: 2024, Month: 3, Day: 31}}, []row{
			{"2024-03", "Gao", 1, 2}, {"2024-03", "Mopti", 2, 5}}},
		{"actor", custos.TrendFilter{Country: "ML", By: "actor"}, []row{
			{"2024-03", "0", 1, 2}, {"2024-03", formatInt(brigade.ID), 1, 5}, {"2024-03", formatInt(battalion.ID), 1, 0}, {"2024-04", formatInt(battalion.ID), 1, 7}}},
		{"unit and sub-units", custos.TrendFilter{ActorID: brigade.ID}, []row{
			{"2024-03", "extrajudicial_killing", 1, 5}, {"2024-03", "torture", 1, 0}, {"2024-04", "extrajudicial_killing", 1, 7}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			buckets, err := db.IncidentTrends(as(custos.RoleViewer), tt.f)
			must(t, err)
			var got []row
			for _, b := range buckets {
				got = append(got, row{b.Month, b.Key, b.Incidents, b.Killed.Best})
				list, _, err := db.FindIncidents(as(custos.RoleViewer), b.Filter)
				must(t, err)
				killed := 0
				for _, i := range list {
					killed += i.Victims.Killed.Best
				}
				if len(list) != b.Incidents || killed != b.Killed.Best {
					t.Errorf("bucket %s/%s: filter %+v lists %d incidents (%d killed), want %d (%d)", b.Month, b.Key, b.Filter, len(list), killed, b.Incidents, b.Killed.Best)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("IncidentTrends(%+v) mismatch (-want +got):\n%s", tt.f, diff)
			}
		})
	}
	// The monthly totals (whole months) and a scan of the incidents (a
	// date that cuts a month) agree after creates, a transition, an update
	// and a delete.
	moved := newIncident(battalion.ID)
	must(t, db.CreateIncident(analyst, moved))
	_, err := db.TransitionIncident(analyst, moved.ID, custos.StatusUnderReview, "check")
	must(t, err)
	moved.Date, moved.Place.Admin1 = apr, "Gao"
	must(t, db.UpdateIncident(analyst, moved))
	gone := newIncident(brigade.ID)
	must(t, db.CreateIncident(analyst, gone))
	must(t, db.DeleteIncident(analyst, gone.ID))
	for _, by := range custos.TrendBys {
		for _, status := range []custos.VerificationStatus{"", custos.StatusUnderReview} {
			totals, err := db.IncidentTrends(analyst, custos.TrendFilter{By: by, Status: status, From: custos.Date{Year: 2000, Month: 1, Day: 1}})
			must(t, err)
			scan, err := db.IncidentTrends(analyst, custos.TrendFilter{By: by, Status: status, From: custos.Date{Year: 2000, Month: 1, Day: 2}})
			must(t, err)
			if diff := cmp.Diff(totals, scan, cmpopts.IgnoreFields(custos.TrendBucket{}, "Filter")); diff != "" || len(totals) == 0 {
				t.Errorf("trend by %s (status %q): totals and scan disagree (-totals +scan):\n%s", by, status, diff)
			}
		}
	}
	all, err := db.IncidentTrends(analyst, custos.TrendFilter{})
	must(t, err)
	total := 0
	for _, b := range all {
		total += b.Incidents
	}
	if len(all) != 3 || total != 6 { // Burkina Faso's killing joins Mali's March bucket; the moved one April's
		t.Errorf("IncidentTrends(everywhere) = %d buckets of %d incidents, want 3 of 6", len(all), total)
	}
	_, err = db.IncidentTrends(analyst, custos.TrendFilter{Country: "ML", By: "month"})
	wantField(t, "IncidentTrends(by month)", err, "by")
}
