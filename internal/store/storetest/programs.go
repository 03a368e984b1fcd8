package storetest

import (
	"fmt"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func newProgram(t *testing.T, db *store.DB) (*custos.Program, *custos.Actor) {
	t.Helper()
	ctx := as(custos.RolePlanner)
	unit := newActor(t, ctx, db, "Bataillon", 0, custos.Internal)
	org := &custos.Organization{Name: "Institute for Security Governance", Abbrev: "ISG", Kind: "implementer", Country: "US"}
	must(t, db.CreateOrganization(ctx, org))
	auth := &custos.Authority{Code: "10 USC 333", Name: "Build partner capacity", Agency: "DoD", Citation: "10 U.S.C. 333", LeahyApplies: true, LeahyStatute: custos.LeahyDefense}
	must(t, db.CreateAuthority(ctx, auth))
	p := &custos.Program{Title: "Mali counter-IED training", Country: "ML", LeadOrgID: org.ID, ImplementerIDs: []int64{org.ID},
		AuthorityID: auth.ID, ObjectiveCategory: "operational", ICBDomains: []custos.ICBDomain{"force_management", "law_human_rights"},
		ActivityType: "train", RecipientIDs: []int64{unit.ID},
		Budget: []custos.Budget{{FiscalYear: 2025, AmountUSD: 1_200_000}, {FiscalYear: 2026, AmountUSD: 900_000}},
		Start:  custos.Date{Year: 2024, Month: 10, Day: 1}, End: custos.Date{Year: 2026, Month: 9, Day: 30}, Status: "active"}
	must(t, db.CreateProgram(ctx, p))
	return p, unit
}

func testPrograms(t *testing.T, db *store.DB) {
	ctx := as(custos.RolePlanner)
	p, unit := newProgram(t, db)
	got, err := db.FindProgram(ctx, p.ID)
	must(t, err)
	if diff := cmp.Diff(p, got, cmpopts.IgnoreFields(custos.Program{}, "CreatedAt", "UpdatedAt")); diff != "" {
		t.Errorf("FindProgram() mismatch (-want +got):\n%s", diff)
	}
	for _, tt := range []struct {
		f    custos.ProgramFilter
		want int
	}{
		{custos.ProgramFilter{Country: "ML"}, 1},
		{custos.ProgramFilter{Country: "NE"}, 0},
		{custos.ProgramFilter{FiscalYear: 2026}, 1},
		{custos.ProgramFilter{FiscalYear: 2027}, 0},
		{custos.ProgramFilter{RecipientID: unit.ID}, 1},
		{custos.ProgramFilter{AuthorityID: p.AuthorityID, Status: "active"}, 1},
		{custos.ProgramFilter{Status: "completed"}, 0},
		{custos.ProgramFilter{Q: "COUNTER-ied"}, 1},
		{custos.ProgramFilter{ObjectiveCategory: "governance"}, 0},
	} {
		list, _, err := db.FindPrograms(ctx, tt.f)
		must(t, err)
		if len(list) != tt.want {
			t.Errorf("FindPrograms(%+v) = %d programs, want %d", tt.f, len(list), tt.want)
		}
	}
	p.Budget = []custos.Budget{{FiscalYear: 2027, AmountUSD: 5}}
	p.RecipientIDs = nil
	must(t, db.UpdateProgram(ctx, p))
	got, err = db.FindProgram(ctx, p.ID)
	must(t, err)
	if len(got.RecipientIDs) != 0 || len(got.Budget) != 1 || got.TotalUSD() != 5 {
		t.Errorf("after UpdateProgram, recipients %v budget %v", got.RecipientIDs, got.Budget)
	}
	bad := *p
	bad.Budget = []custos.Budget{{FiscalYear: 2025, AmountUSD: 1}, {FiscalYear: 2025, AmountUSD: 2}}
	wantField(t, "UpdateProgram(fiscal year twice)", db.UpdateProgram(ctx, &bad), "budget[1].fiscal_year")
	bad = *p
	bad.RecipientIDs = []int64{987654}
	wantField(t, "UpdateProgram(unknown recipient)", db.UpdateProgram(ctx, &bad), "recipient_ids[0]")
	bad = *p
	bad.End = custos.Date{Year: 2020, Month: 1, Day: 1}
	wantField(t, "UpdateProgram(end before start)", db.UpdateProgram(ctx, &bad), "end")
	bad = *p
	bad.Country = "XX"
	wantField(t, "UpdateProgram(unknown country)", db.UpdateProgram(ctx, &bad), "country")
}

func testActivities(t *testing.T, db *store.DB) {
	ctx := as(custos.RolePlanner)
	p, unit := newProgram(t, db)
	person := &custos.Person{Name: "Fatoumata Traoré"}
	must(t, db.CreatePerson(ctx, person))
	a := &custos.Activity{ProgramID: p.ID, Kind: "course", Title: "Law of armed conflict", Start: custos.Date{Year: 2025, Month: 2, Day: 3},
		End: custos.Date{Year: 2025, Month: 2, Day: 14}, Location: "Bamako", Country: "ML", ActorIDs: []int64{unit.ID}, PersonIDs: []int64{person.ID},
		Quantity: 30, CostUSD: 12190, Source: &custos.SourceRef{Dataset: "test", Key: "row-1", File: "f.tsv", Page: 3}}
	ApproveVetting(t, db, p.ID, a.ActorIDs, a.PersonIDs)
	must(t, db.CreateActivity(ctx, a))
	got, err := db.FindActivity(ctx, a.ID)
	must(t, err)
	if diff := cmp.Diff(a, got, cmpopts.IgnoreFields(custos.Activity{}, "CreatedAt", "UpdatedAt")); diff != "" {
		t.Errorf("FindActivity() mismatch (-want +got):\n%s", diff)
	}
	for _, tt := range []struct {
		f    custos.ActivityFilter
		want int
	}{
		{custos.ActivityFilter{ProgramID: p.ID}, 1},
		{custos.ActivityFilter{Country: "ML"}, 1},
		{custos.ActivityFilter{ActorID: unit.ID}, 1},
		{custos.ActivityFilter{PersonID: person.ID}, 1},
		{custos.ActivityFilter{From: custos.Date{Year: 2025, Month: 2, Day: 3}}, 1},
		{custos.ActivityFilter{From: custos.Date{Year: 2025, Month: 2, Day: 4}}, 0},
		{custos.ActivityFilter{To: custos.Date{Year: 2025, Month: 1, Day: 1}}, 0},
		{custos.ActivityFilter{Status: "delivered"}, 0},
		{custos.ActivityFilter{Kind: "course", Q: "armed"}, 1},
	} {
		list, _, err := db.FindActivities(ctx, tt.f)
		must(t, err)
		if len(list) != tt.want {
			t.Errorf("FindActivities(%+v) = %d, want %d", tt.f, len(list), tt.want)
		}
	}
	dup := *a
	dup.ID = 0
	wantKind(t, "CreateActivity(same source)", db.CreateActivity(ctx, &dup), custos.ECONFLICT)
	wantKind(t, "DeleteProgram(with activity)", db.DeleteProgram(ctx, p.ID), custos.ECONFLICT)
	wantKind(t, "DeletePerson(participant)", db.DeletePerson(ctx, person.ID), custos.ECONFLICT)
	must(t, db.DeleteActivity(ctx, a.ID))
	// The program's vetting nominations are history that must not dangle.
	wantKind(t, "DeleteProgram(with nominations)", db.DeleteProgram(ctx, p.ID), custos.ECONFLICT)
	bare := &custos.Program{Title: "Never started", Country: "ML"}
	must(t, db.CreateProgram(ctx, bare))
	must(t, db.DeleteProgram(ctx, bare.ID))
}

func testPagination(t *testing.T, db *store.DB) {
	ctx := as(custos.RolePlanner)
	var want []int64
	for i := 0; i < 25; i++ {
		want = append(want, newActor(t, ctx, db, fmt.Sprintf("Unit %02d", i), 0, custos.Internal).ID)
	}
	var got []int64
	after := ""
	for pages := 0; ; pages++ {
		list, next, err := db.FindActors(ctx, custos.ActorFilter{Page: custos.Page{Limit: 10, After: after}})
		must(t, err)
		for _, a := range list {
			got = append(got, a.ID)
		}
		if next == "" {
			if pages != 2 {
				t.Errorf("25 actors in pages of 10 took %d pages, want 3", pages+1)
			}
			break
		}
		after = next
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("paged actors mismatch (-want +got):\n%s", diff)
	}
	_, _, err := db.FindActors(ctx, custos.ActorFilter{Page: custos.Page{Limit: 5000}})
	wantField(t, "FindActors(limit 5000)", err, "limit")
	_, _, err = db.FindActors(ctx, custos.ActorFilter{Page: custos.Page{After: "abc"}})
	wantField(t, "FindActors(after abc)", err, "after")
}
