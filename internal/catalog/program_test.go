package catalog

import (
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

func TestAuthorityForProgram(t *testing.T) {
	tests := []struct{ in, want string }{
		{"IMET", "IMET"},
		{"IMET-1 - Fiscal Year 2019 Department of State Training", "IMET"},
		{"IMET-D&R - Fiscal Year 2012 Department of State Training", "IMET"},
		{"IMET-X - FY 2009 DoS Training", "IMET"},
		{"International Military Education And Training (IMET), FY 99", "IMET"},
		{"Africa Region, Ghana, International Military Education and Training (IMET), FY 01", "IMET"},
		{"DOS Africa Region, Cape Verde, Republic Of, International Military Education And Training (IMET), FY05", "IMET"},
		{"FMF - Fiscal Year 2012 Department of State Training", "FMF"},
		{"DOS Western Hemisphere Region, Bolivia INC, Foreign Military Financing (FMF),FY03", "FMF"},
		{"CTFP - FY 2007 DoD Training", "10 USC 345"},
		{"CTIWFP - Fiscal Year 2019 Department of Defense Training", "10 USC 345"},
		{"Section 1206 - Fiscal Year 2012 Department of Defense Training", "Section 1206"},
		{"Section 333 - Fiscal Year 2019 Department of Defense Training", "10 USC 333"},
		{"PKO - Fiscal Year 2012 Department of State Training", "PKO"},
		{"GPOI - Fiscal Year 2012 Department of State Training", "GPOI"},
		{"Regional Centers - FY 2008 DoD Training", "10 USC 342"},
		{"DOD Africa Region, Angola, DoD Regional Centers for Strategic Studies,FY03", "10 USC 342"},
		{"Center For Hemispheric Defense Studies, FY 00 FY 00", "10 USC 342"},
		{"INCLE - Fiscal Year 2014 Department of State Training", "INCLE"},
		{"International Narcotics and Law Enforcement (INL), FY 00", "INCLE"},
		{"FHA - Fiscal Year 2019 Department of Defense Training", "10 USC 2561"},
		{"Western Hemisphere Region, Colombia, Section 1004 (Note 1), FY 01", "Section 1004"},
		{"Western Hemisphere Region, Colombia, Drug Interdiction and Counter-Drug Activities, Section 1004, FY03", "Section 1004"},
		{"ALP - Fiscal Year 2010 Department of Defense Training", "10 USC 9381"},
		// Unmapped: accounts and lines the catalog does not describe.
		{"GSCF - Fiscal Year 2015 Department of Defense Training", ""},
		{"Service Academies - FY 2008 DoD Training", ""},
		{"Non-Security Assistance, Unified Command, FY 00", ""},
		{"Misc DoD/DoS Non-SA - FY 2008 DoD Training", ""},
		{"", ""},
		{"IMETX", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := AuthorityForProgram(tt.in)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("AuthorityForProgram(%q) = %q, %v, want %q (key %q)", tt.in, got, ok, tt.want, programKey(tt.in))
			}
		})
	}
}

func TestProgramAuthoritiesInCatalog(t *testing.T) {
	for k, code := range programAuthorities {
		if _, ok := Authority(code); !ok {
			t.Errorf("program %q maps to %q, which is not in the catalog", k, code)
		}
	}
}

const programGolden = "testdata/fmtr_programs.golden"

// TestFMTRProgramsGolden checks, without the data, that every FMTR program
// string still maps as committed.
func TestFMTRProgramsGolden(t *testing.T) {
	data, err := os.ReadFile(programGolden)
	if err != nil {
		t.Fatal(err)
	}
	n, mapped := 0, 0
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		prog, want, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("%s: line %q has no tab", programGolden, line)
		}
		n++
		got, ok := AuthorityForProgram(prog)
		if !ok {
			got = "UNMAPPED"
		} else {
			mapped++
		}
		if got != want {
			t.Errorf("AuthorityForProgram(%q) = %s, want %s as in %s", prog, got, want, programGolden)
		}
	}
	if n != 3076 {
		t.Errorf("%s has %d program strings, want the 3076 of the FMTR tables", programGolden, n)
	}
	t.Logf("%d of %d distinct FMTR program strings map to an authority", mapped, n)
}

// TestFMTRPrograms reads the program column of the FMTR files in
// shared/data: the golden file must list exactly their program strings.
func TestFMTRPrograms(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(fmtrDir(t), "fmtrpt_*_trainings.tsv"))
	if err != nil || len(files) == 0 {
		t.Skipf("no FMTR files: %v", err)
	}
	rows := map[string]int{}
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
				rows[strings.TrimSpace(rec[3])]++
			}
		}
		f.Close()
	}
	progs := make([]string, 0, len(rows))
	for p := range rows {
		progs = append(progs, p)
	}
	slices.Sort(progs)
	var b strings.Builder
	b.WriteString("# FMTR program string -> catalog authority code, or UNMAPPED. Regenerate with go test -run TestFMTRPrograms -update.\n")
	total, mappedRows := 0, 0
	for _, p := range progs {
		code, ok := AuthorityForProgram(p)
		total += rows[p]
		if ok {
			mappedRows += rows[p]
		} else {
			code = "UNMAPPED"
		}
		fmt.Fprintf(&b, "%s\t%s\n", p, code)
	}
	got := b.String()
	if *update {
		if err := os.WriteFile(programGolden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(programGolden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("FMTR program mapping mismatch (-want +got):\n%s", diff)
	}
	t.Logf("%d of %d FMTR rows have a program that maps to an authority", mappedRows, total)
}

func FuzzAuthorityForProgram(f *testing.F) {
	for _, s := range []string{"IMET-1 - Fiscal Year 2019 Department of State Training", "Africa Region, Ghana, FMF, FY 01", "Region,", ", FY", "(Note 1)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, ok := AuthorityForProgram(s)
		if ok {
			if _, found := Authority(code); !found {
				t.Errorf("AuthorityForProgram(%q) = %q, not a catalog code", s, code)
			}
		} else if code != "" {
			t.Errorf("AuthorityForProgram(%q) = %q, false; want an empty code", s, code)
		}
	})
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
