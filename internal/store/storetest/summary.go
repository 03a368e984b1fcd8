package storetest

import (
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/google/go-cmp/cmp"
)

func testTotals(t *testing.T, db *store.DB) {
	ctx := as(custos.RolePlanner)
	p, unit := newProgram(t, db)
	other := newActor(t, ctx, db, "Other unit", 0, custos.Internal)
	ApproveVetting(t, db, p.ID, []int64{unit.ID, other.ID}, nil)
	for i, a := range []*custos.Activity{
		{ProgramID: p.ID, Kind: "course", Title: "A", Quantity: 10, CostUSD: 1000, ActorIDs: []int64{unit.ID}},
		{ProgramID: p.ID, Kind: "course", Title: "B", Quantity: 5, CostUSD: 500, ActorIDs: []int64{unit.ID, other.ID}},
		{ProgramID: p.ID, Kind: "course", Title: "Hidden", Quantity: 99, CostUSD: 99999, ActorIDs: []int64{unit.ID}, Releasability: custos.Protected},
	} {
		c := ctx
		if a.Releasability == custos.Protected {
			c = admin
		}
		if err := db.CreateActivity(c, a); err != nil {
			t.Fatalf("activity %d: %v", i, err)
		}
	}
	got, err := db.ProgramTotals(ctx, custos.TotalsFilter{Country: "ML"})
	must(t, err)
	want := []custos.ProgramTotal{{ProgramID: p.ID, Title: p.Title, Country: "ML", AuthorityID: p.AuthorityID, AuthorityCode: "10 USC 333",
		FiscalYear: 2025, Activities: 2, Quantity: 15, CostUSD: 1500}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ProgramTotals() as planner mismatch (-want +got):\n%s", diff)
	}
	rec, err := db.RecipientTotals(ctx, custos.TotalsFilter{Country: "ML"})
	must(t, err)
	wantRec := []custos.RecipientTotal{
		{ActorID: unit.ID, Name: unit.Name, Activities: 2, Quantity: 15, CostUSD: 1500},
		{ActorID: other.ID, Name: other.Name, Activities: 1, Quantity: 5, CostUSD: 500},
	}
	if diff := cmp.Diff(wantRec, rec); diff != "" {
		t.Errorf("RecipientTotals() as planner mismatch (-want +got):\n%s", diff)
	}
	// Sums are cached until the next write: a new activity shows at once.
	must(t, db.CreateActivity(ctx, &custos.Activity{ProgramID: p.ID, Kind: "course", Title: "C", Quantity: 1, CostUSD: 7, ActorIDs: []int64{other.ID}}))
	rec, err = db.RecipientTotals(ctx, custos.TotalsFilter{Country: "ML"})
	must(t, err)
	if len(rec) != 2 || rec[1].Activities != 2 || rec[1].CostUSD != 507 {
		t.Errorf("RecipientTotals() after a new activity = %+v, want the other unit with 2 activities and $507", rec)
	}
	all, err := db.ProgramTotals(admin, custos.TotalsFilter{FiscalYear: 2025})
	must(t, err)
	if len(all) != 1 || all[0].CostUSD != 101506 || all[0].Activities != 4 {
		t.Errorf("ProgramTotals() as admin = %+v, want the hidden activity counted", all)
	}
	none, err := db.ProgramTotals(as(custos.RolePartner), custos.TotalsFilter{})
	must(t, err)
	if len(none) != 0 {
		t.Errorf("ProgramTotals() as partner = %+v, want nothing (the program is internal)", none)
	}
}
