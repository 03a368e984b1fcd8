package fmtr

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/custos-ssa/custos/internal/country"
)

// fmtrDir returns the FMTR folder of shared/data, found by walking up from
// the package directory, or skips the test when it is not there (the data
// is beside the repository, not in it).
func fmtrDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		d := filepath.Join(dir, "shared", "data", "us_military_training_fmtr")
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			return d
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("shared/data/us_military_training_fmtr not found above the package directory")
		}
		dir = parent
	}
}

func realFiles(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(fmtrDir(tb), "fmtrpt_*_trainings.tsv"))
	if err != nil || len(files) == 0 {
		tb.Skipf("no FMTR files found: %v", err)
	}
	return files
}

// realCounts tallies what the reader finds in all the real files.
type realCounts struct {
	rows, totals, personal, withWarnings int
	badDates, badCosts, badQuantities    int
	countries                            map[string]int
	programs                             map[string]int
}

func readReal(tb testing.TB, files []string) realCounts {
	c := realCounts{countries: map[string]int{}, programs: map[string]int{}}
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			tb.Fatal(err)
		}
		err = Read(f, filepath.Base(path), func(r Row) error {
			c.rows++
			c.countries[r.CountryRaw]++
			c.programs[r.Program]++
			if r.IsTotal {
				c.totals++
			}
			if LooksPersonal(r.StudentUnit) {
				c.personal++
			}
			if len(r.Warnings) > 0 {
				c.withWarnings++
			}
			bad := map[string]bool{}
			for _, w := range r.Warnings {
				bad[w.Column] = true
			}
			if bad["start_date"] || bad["end_date"] {
				c.badDates++
			}
			if bad["total_cost"] {
				c.badCosts++
			}
			if bad["quantity"] {
				c.badQuantities++
			}
			return nil
		})
		f.Close()
		if err != nil {
			tb.Fatalf("Read(%s) = %v", path, err)
		}
	}
	return c
}

// TestReadRealFiles reads every FMTR file in shared/data: each must read
// without a structural error, and the row count must be the 253,461 that
// the data's PROVENANCE.md states.
func TestReadRealFiles(t *testing.T) {
	c := readReal(t, realFiles(t))
	if c.rows != 253461 {
		t.Errorf("read %d rows, want 253461", c.rows)
	}
	if len(c.countries) != 241 {
		t.Errorf("read %d distinct country spellings, want 241", len(c.countries))
	}
	// Fewer than 2% of rows may have a value the reader cannot read; more
	// means the reader, not the data, has gone wrong.
	if c.withWarnings*50 > c.rows {
		t.Errorf("%d of %d rows have warnings, want under 2%%", c.withWarnings, c.rows)
	}
	unresolvedSpellings, unresolvedRows := 0, 0
	for raw, n := range c.countries {
		if _, ok := country.Resolve(raw); !ok {
			unresolvedSpellings++
			unresolvedRows += n
		}
	}
	// Indochina and the Netherlands Antilles (two spellings) are not
	// countries; see internal/country's golden file.
	if unresolvedSpellings != 3 {
		t.Errorf("%d country spellings do not resolve, want 3", unresolvedSpellings)
	}
	t.Logf("unresolved countries: %d spellings in %d rows", unresolvedSpellings, unresolvedRows)
	t.Logf("rows %d; program-total rows %d; rows with warnings %d (bad dates %d, costs %d, quantities %d); personal student units %d; country spellings %d; program strings %d",
		c.rows, c.totals, c.withWarnings, c.badDates, c.badCosts, c.badQuantities, c.personal, len(c.countries), len(c.programs))
}

func BenchmarkReadRealFiles(b *testing.B) {
	files := realFiles(b)
	var size int64
	for _, f := range files {
		fi, err := os.Stat(f)
		if err != nil {
			b.Fatal(err)
		}
		size += fi.Size()
	}
	b.SetBytes(size)
	for b.Loop() {
		readReal(b, files)
	}
}
