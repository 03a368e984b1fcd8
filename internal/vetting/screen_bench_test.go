package vetting_test

import (
	"os"
	"strconv"
	"sync"
	"testing"

	"github.com/custos-ssa/custos/internal/vetting"
	"github.com/custos-ssa/custos/internal/vetting/vettinggen"
)

var bench struct {
	once sync.Once
	ix   *vetting.Index
	noms []vettinggen.Nominee
}

// benchIndex builds, once per run, an index over CUSTOS_VETTING_BENCH_RECORDS
// generated records (100,000 by default; 1000000 for the figures in
// docs/benchmarks-vetting.md) and 10,000 nominees.
func benchIndex(b *testing.B) (*vetting.Index, []vettinggen.Nominee) {
	bench.once.Do(func() {
		n := 100_000
		if s := os.Getenv("CUSTOS_VETTING_BENCH_RECORDS"); s != "" {
			n, _ = strconv.Atoi(s)
		}
		recs, latin := vettinggen.Corpus(1, n)
		bench.noms = vettinggen.Nominees(2, recs, latin, 10_000)
		bench.ix = vetting.NewIndex(recs)
	})
	return bench.ix, bench.noms
}

func BenchmarkScreen(b *testing.B) {
	ix, noms := benchIndex(b)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		ix.Screen(noms[i%len(noms)].Record, 10, 0.5)
	}
}

func BenchmarkScreenParallel(b *testing.B) {
	ix, noms := benchIndex(b)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			ix.Screen(noms[i%len(noms)].Record, 10, 0.5)
			i++
		}
	})
}

func BenchmarkNormalize(b *testing.B) {
	names := []string{"Col. Muhammad Abdullah al-Rashid", "Владимир Владимирович Путин", "خالد محمود الراشدي", "Jean-Pierre Bemba Gombo"}
	for i := 0; b.Loop(); i++ {
		vetting.Normalize(names[i%len(names)])
	}
}

func BenchmarkParseUnit(b *testing.B) {
	names := []string{"3rd Infantry Battalion, 12th Brigade", "3e Bataillon d'Infanterie", "الكتيبة الثالثة مشاة"}
	for i := 0; b.Loop(); i++ {
		vetting.ParseUnit(names[i%len(names)])
	}
}

// BenchmarkScreenUnit screens the unit nominees alone, whose candidates
// come from unit keys as well as words.
func BenchmarkScreenUnit(b *testing.B) {
	ix, noms := benchIndex(b)
	var units []vetting.Record
	for _, n := range noms {
		if n.Record.Kind == vetting.Unit {
			units = append(units, n.Record)
		}
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		ix.Screen(units[i%len(units)], 10, 0.5)
	}
}
