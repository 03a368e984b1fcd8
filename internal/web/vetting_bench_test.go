package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
)

// BenchmarkVettingLists measures the lists page over a list the size of
// the OFAC SDN list (20,000 fictional entries): the store has no count by
// list, so the page reads every entry by cursor.
func BenchmarkVettingLists(b *testing.B) {
	f := newFixture(b)
	var csv strings.Builder
	csv.WriteString("id,kind,name,aliases,birth_date,gender,nationality,unit,parent_unit\n")
	for i := range 20000 {
		kind := "person"
		if i%3 == 0 {
			kind = "unit"
		}
		fmt.Fprintf(&csv, "e%d,%s,Fictional Entry %d Name%d,,,,,,\n", i, kind, i, i%97)
	}
	entries, imp, err := store.ParseList("Fictional large list", "large.csv", []byte(csv.String()))
	must(b, err)
	must(b, f.db.ImportList(custos.WithPrincipal(b.Context(), f.principal(custos.RoleVetter)), imp, entries))
	for b.Loop() {
		if r := f.do(custos.RoleVetter, "GET", "/vetting/lists", nil); r.status != http.StatusOK {
			b.Fatalf("GET /vetting/lists = %d", r.status)
		}
	}
}

// BenchmarkNominationPage measures drawing a nomination with its hits
// explained.
func BenchmarkNominationPage(b *testing.B) {
	f := newVetFixture(b)
	path := fmt.Sprintf("/vetting/nominations/%d", f.nom.ID)
	for b.Loop() {
		if r := f.do(custos.RoleVetter, "GET", path, nil); r.status != http.StatusOK {
			b.Fatalf("GET %s = %d", path, r.status)
		}
	}
}
