package storetest

import (
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
)

// testVettedDeleteRefused proves that a unit or person with a vetting
// record cannot be deleted, which would leave the record naming nothing.
func testVettedDeleteRefused(t *testing.T, db *store.DB) {
	p, unit := newProgram(t, db)
	person := &custos.Person{Name: "Vetted Person"}
	must(t, db.CreatePerson(admin, person))
	ApproveVetting(t, db, p.ID, []int64{unit.ID}, []int64{person.ID})
	wantKind(t, "DeleteActor(vetted unit)", db.DeleteActor(admin, unit.ID), custos.ECONFLICT)
	wantKind(t, "DeletePerson(vetted person)", db.DeletePerson(admin, person.ID), custos.ECONFLICT)
}

// testReferencedDeleteRefused proves that a program with a results chain or
// conditions, and a unit named as an incident's perpetrator, cannot be
// deleted: the delete is refused with a conflict, not a database error.
func testReferencedDeleteRefused(t *testing.T, db *store.DB) {
	p, unit := newProgram(t, db)
	res := &custos.Result{ProgramID: p.ID, Level: "outcome", Title: "Fewer abuses in operations"}
	must(t, db.CreateResult(admin, res))
	wantKind(t, "DeleteProgram(with a result)", db.DeleteProgram(admin, p.ID), custos.ECONFLICT)
	inc := &custos.Incident{Title: "Detainees tortured at a checkpoint (test record)", Date: custos.Date{Year: 2025, Month: 3, Day: 1}, DatePrecision: "day", Category: "torture",
		Place: custos.Place{Country: "ML"}, Perpetrators: []custos.Perpetrator{{ActorID: unit.ID, Role: "direct"}}}
	must(t, db.CreateIncident(admin, inc))
	wantKind(t, "DeleteActor(perpetrator)", db.DeleteActor(admin, unit.ID), custos.ECONFLICT)
}
