package store_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/custos-ssa/custos/internal/store/sqlite"
)

var benchVetter = custos.WithPrincipal(context.Background(), custos.Principal{Name: "bench", Role: custos.RoleVetter, Via: "test"})

// sdnAsVetCSV converts the OFAC SDN list of January 2022 (shared/data, in
// OFAC's legacy Latin-1 format) to the vetting CSV format: individuals as
// persons, everything else as units, with the aliases of alt.csv. It also
// returns the names of the first individuals, to nominate.
func sdnAsVetCSV(b *testing.B) ([]byte, []string) {
	dir, _ := os.Getwd()
	for {
		if st, err := os.Stat(filepath.Join(dir, "shared", "data")); err == nil && st.IsDir() {
			break
		}
		if filepath.Dir(dir) == dir {
			b.Skip("no shared/data directory above the package")
		}
		dir = filepath.Dir(dir)
	}
	src := filepath.Join(dir, "shared", "data", "sanctions_lists", "ofac_sdn_2022-01_with_aliases")
	read := func(name string) [][]string {
		raw, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			b.Skip(err)
		}
		rs := make([]rune, len(raw))
		for i, c := range raw {
			rs[i] = rune(c) // Latin-1
		}
		cr := csv.NewReader(strings.NewReader(string(rs)))
		cr.FieldsPerRecord, cr.LazyQuotes = -1, true
		rows, err := cr.ReadAll()
		if err != nil {
			b.Fatal(err)
		}
		return rows
	}
	aliases := map[string][]string{}
	for _, r := range read("alt.csv") {
		if len(r) >= 4 && strings.TrimSpace(r[3]) != "-0-" {
			aliases[r[0]] = append(aliases[r[0]], strings.ReplaceAll(strings.TrimSpace(r[3]), "|", " "))
		}
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"id", "kind", "name", "aliases"})
	var people []string
	seen := map[string]bool{}
	for _, r := range read("sdn.csv") {
		if len(r) < 3 || seen[r[0]] {
			continue // the file ends with a stray copy of one row
		}
		seen[r[0]] = true
		kind := "unit"
		if strings.TrimSpace(r[2]) == "individual" {
			kind = "person"
			people = append(people, strings.TrimSpace(r[1]))
		}
		w.Write([]string{r[0], kind, strings.TrimSpace(r[1]), strings.Join(aliases[r[0]], "|")})
	}
	w.Flush()
	return buf.Bytes(), people
}

// BenchmarkVettingSDN measures, on SQLite, importing the whole SDN list
// (about 9,000 entries) into an empty list, and one screening run of 20
// person nominations against it (reading the nominees and incidents,
// screening with the lists' index, which is built once and kept until the
// next list import, and writing the hits).
func BenchmarkVettingSDN(b *testing.B) {
	data, people := sdnAsVetCSV(b)
	open := func(b *testing.B) *store.DB {
		db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		return db
	}
	b.Run("ImportList", func(b *testing.B) {
		db := open(b)
		for i := 0; b.Loop(); i++ {
			entries, imp, err := store.ParseList(fmt.Sprintf("SDN %d", i), "sdn.csv", data)
			if err != nil {
				b.Fatal(err)
			}
			if err := db.ImportList(benchVetter, imp, entries); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Screen20", func(b *testing.B) {
		db := open(b)
		entries, imp, err := store.ParseList("SDN", "sdn.csv", data)
		if err != nil {
			b.Fatal(err)
		}
		if err := db.ImportList(benchVetter, imp, entries); err != nil {
			b.Fatal(err)
		}
		prog := &custos.Program{Title: "Bench", Country: "ML"}
		if err := db.CreateProgram(custos.WithPrincipal(context.Background(), custos.System), prog); err != nil {
			b.Fatal(err)
		}
		var ids []int64
		for _, name := range people[:20] {
			p := &custos.Person{Name: strings.ToLower(name)}
			if err := db.CreatePerson(benchVetter, p); err != nil {
				b.Fatal(err)
			}
			n := &custos.Nomination{PersonID: p.ID, ProgramID: prog.ID}
			if err := db.CreateNomination(benchVetter, n); err != nil {
				b.Fatal(err)
			}
			ids = append(ids, n.ID)
		}
		var hits int
		for b.Loop() {
			run, err := db.ScreenNominations(benchVetter, ids)
			if err != nil {
				b.Fatal(err)
			}
			hits = run.Hits
		}
		b.ReportMetric(float64(hits)/20, "hits/nominee")
	})
}
