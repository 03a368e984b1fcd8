package country

import (
	"bufio"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files")

// fmtrNotCountries are the country spellings of the FMTR training tables
// that are known not to name one country, and so stay unresolved.
var fmtrNotCountries = []string{
	"Indochina",                 // a region
	"Netherlands Antilles",      // dissolved into CW, SX and BQ
	"Netherlands Antilles (NE)", // the same
}

const fmtrGolden = "testdata/fmtr_countries.golden"

// readGolden returns the raw spellings and codes of the golden file.
func readGolden(t *testing.T) (raws []string, want map[string]string) {
	t.Helper()
	f, err := os.Open(fmtrGolden)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want = map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		raw, code, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("%s: line %q has no tab", fmtrGolden, line)
		}
		raws = append(raws, raw)
		want[raw] = code
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return raws, want
}

func formatGolden(r *Resolver, raws []string) string {
	var b strings.Builder
	b.WriteString("# FMTR country spelling -> ISO 3166-1 alpha-2, or UNRESOLVED. Regenerate with go test -run TestFMTRCountries -update.\n")
	for _, raw := range raws {
		code, ok := r.Resolve(raw)
		if !ok {
			code = "UNRESOLVED"
		}
		fmt.Fprintf(&b, "%s\t%s\n", raw, code)
	}
	return b.String()
}

// TestFMTRGolden checks, without the data, that the committed mapping of
// every FMTR spelling still holds, and that only the listed non-countries
// are unresolved.
func TestFMTRGolden(t *testing.T) {
	r := New()
	raws, want := readGolden(t)
	if len(raws) != 241 {
		t.Errorf("%s has %d spellings, want the 241 of the FMTR tables", fmtrGolden, len(raws))
	}
	for _, raw := range raws {
		code, ok := r.Resolve(raw)
		if !ok {
			code = "UNRESOLVED"
			if !slices.Contains(fmtrNotCountries, raw) {
				t.Errorf("Resolve(%q) is unresolved and not a listed non-country (match %+v)", raw, r.Match(raw))
			}
		}
		if code != want[raw] {
			t.Errorf("Resolve(%q) = %s, want %s as in %s", raw, code, want[raw], fmtrGolden)
		}
	}
	for _, nc := range fmtrNotCountries {
		if m := r.Match(nc); m.How != NotCountry {
			t.Errorf("Match(%q).How = %q, want %q", nc, m.How, NotCountry)
		}
	}
}

// TestFMTRCountries reads the country column of every FMTR file in
// shared/data: the golden file must list exactly its spellings.
func TestFMTRCountries(t *testing.T) {
	dir := fmtrDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "fmtrpt_*_trainings.tsv"))
	if err != nil || len(files) == 0 {
		t.Skipf("no FMTR files in %s", dir)
	}
	seen := map[string]bool{}
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		cr := csv.NewReader(f)
		cr.Comma = '\t'
		cr.ReuseRecord = true
		for i := 0; ; i++ {
			rec, err := cr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			if i > 0 {
				seen[strings.TrimSpace(rec[2])] = true
			}
		}
		f.Close()
	}
	raws := make([]string, 0, len(seen))
	for s := range seen {
		raws = append(raws, s)
	}
	slices.Sort(raws)
	got := formatGolden(New(), raws)
	if *update {
		if err := os.WriteFile(fmtrGolden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(fmtrGolden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("FMTR country mapping mismatch (-want +got):\n%s", diff)
	}
	unresolved := strings.Count(got, "\tUNRESOLVED\n")
	t.Logf("%d distinct FMTR country spellings, %d unresolved", len(raws), unresolved)
}

// fmtrDir returns shared/data/us_military_training_fmtr, found by walking
// up from the package directory, or skips the test when it is absent.
func fmtrDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		d := filepath.Join(dir, "shared", "data", "us_military_training_fmtr")
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			return d
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("shared/data/us_military_training_fmtr not found above the package directory")
		}
		dir = parent
	}
}
