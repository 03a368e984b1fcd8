package importer

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/custos-ssa/custos/internal/store"
	"github.com/custos-ssa/custos/internal/store/postgres"
	"github.com/custos-ssa/custos/internal/store/sqlite"
)

// realFMTR returns every FMTR file in ../shared/data, or skips.
func realFMTR(b *testing.B) []File {
	b.Helper()
	paths, _ := filepath.Glob("../../../shared/data/us_military_training_fmtr/fmtrpt_*.tsv")
	if len(paths) == 0 {
		b.Skip("../shared/data/us_military_training_fmtr is not present")
	}
	var files []File
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, File{Name: filepath.Base(p), Data: data})
	}
	return files
}

func benchFMTR(b *testing.B, open func(b *testing.B) *store.DB) {
	files := realFMTR(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st := open(b)
		b.StartTimer()
		res, err := FMTR(sys, st, files, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Rows), "rows")
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
}

// BenchmarkFMTRImportSQLite imports all 21 FMTR files into a fresh SQLite
// store. Target: at most 20 s on a 2-core machine.
func BenchmarkFMTRImportSQLite(b *testing.B) {
	benchFMTR(b, func(b *testing.B) *store.DB {
		st, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		seedAuthorities(b, st)
		return st
	})
}

// BenchmarkFMTRImportPostgres does the same on PostgreSQL, when
// CUSTOS_TEST_POSTGRES is set.
func BenchmarkFMTRImportPostgres(b *testing.B) {
	benchFMTR(b, func(b *testing.B) *store.DB {
		st := postgres.OpenTest(b)
		seedAuthorities(b, st)
		return st
	})
}
