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
