package hxl

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/custos-ssa/custos/internal/atlas"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var now = time.Date(2024, 6, 15, 0, 0, 0, 0, time.UTC)

func readAll(t testing.TB, data []byte, file string) ([]Row, error) {
	t.Helper()
	var rows []Row
	rd := Reader{File: file, Dataset: "hxl:test", Now: now}
	err := rd.Read(bytes.NewReader(data), func(r Row) error {
		rows = append(rows, r)
		return nil
	})
	return rows, err
}

func TestParseTag(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" when not a tag
	}{
		{"#date", "#date"},
		{"#Affected +Killed +F", "#affected+killed+f"},
		{" #adm1+name ", "#adm1+name"},
		{"#geo+lat", "#geo+lat"},
		{"date", ""},
		{"#", ""},
		{"#1abc", ""},
		{"#a+", ""},
		{"#a+b-c", ""},
	}
	for _, tt := range tests {
		got, ok := ParseTag(tt.in)
		if s := got.String(); ok != (tt.want != "") || (ok && s != tt.want) {
			t.Errorf("ParseTag(%q) = %q, %v, want %q", tt.in, s, ok, tt.want)
		}
	}
}

func TestPatternMatch(t *testing.T) {
	tests := []struct {
		pattern, tag string
		want         bool
	}{
		{"#affected+killed", "#affected+killed+f", true},
		{"#affected+killed-f", "#affected+killed+f", false},
		{"#affected+killed-f", "#affected+killed", true},
		{"#affected+killed", "#affected+injured", false},
		{"#date-end", "#date+start", true},
		{"#date-end", "#date+end", false},
		{"#actor-code", "#actor+name", true},
		{"#adm1+name", "#adm2+name", false},
	}
	for _, tt := range tests {
		tag, _ := ParseTag(tt.tag)
		if got := ParsePattern(tt.pattern).Match(tag); got != tt.want {
			t.Errorf("ParsePattern(%q).Match(%q) = %v, want %v", tt.pattern, tt.tag, got, tt.want)
		}
	}
}

func TestCategory(t *testing.T) {
	tests := map[string]string{
		"extrajudicial_killing":  "extrajudicial_killing",
		"Sexual violence":        "sexual_violence",
		"Exécution sommaire":     "extrajudicial_killing",
		"Desaparición forzada":   "enforced_disappearance",
		"summary execution":      "extrajudicial_killing",
		"Enforced disappearance": "enforced_disappearance",
		"Air strike":             "civilian_harm_operations",
		"looting":                "other",
		"":                       "other",
	}
	for in, want := range tests {
		if got := Category(in); string(got) != want {
			t.Errorf("Category(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReadGolden(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "incidents.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := readAll(t, data, "incidents.csv")
	if err != nil {
		t.Fatalf("Read(incidents.csv) = %v", err)
	}
	if len(rows) != 4 {
		t.Errorf("Read(incidents.csv) gave %d rows, want 4 (the blank line skipped)", len(rows))
	}
	for _, r := range rows {
		for _, e := range r.Errors {
			t.Errorf("Read(incidents.csv): %v", e)
		}
	}
	got, err := json.MarshalIndent(rows, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "incidents.golden.json")
	if *update {
		if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(strings.TrimSpace(string(want)), strings.TrimSpace(string(got))); diff != "" {
		t.Errorf("Read(incidents.csv) mismatch (-want +got):\n%s", diff)
	}
}

// TestReadByHashtagNotHeader reads the same data with the columns in
// another order, no text header and different header text: the incidents
// must be the same.
func TestReadByHashtagNotHeader(t *testing.T) {
	a := "#country+code,#date,#affected+killed,#actor+name,#meta+id\nML,2023-01-02,3,Army,A1\n"
	b := "x,y,z,w,v,u\n#meta+id,#affected+killed,#date,#country+code,#actor,#other\nA1,3,2023-01-02,ML,Army,ignored\n"
	ra, err := readAll(t, []byte(a), "f.csv")
	if err != nil {
		t.Fatal(err)
	}
	rb, err := readAll(t, []byte(b), "f.csv")
	if err != nil {
		t.Fatal(err)
	}
	ra[0].Line, rb[0].Line = 0, 0
	ra[0].Incident.Source.Row, rb[0].Incident.Source.Row = 0, 0
	if diff := cmp.Diff(ra, rb); diff != "" {
		t.Errorf("reordered file mismatch (-want +got):\n%s", diff)
	}
}

func TestReadBadRows(t *testing.T) {
	const head = "#meta+id,#date,#date+end,#country+code,#geo+lat,#geo+lon,#affected+killed,#affected+killed+children\n"
	tests := []struct {
		name, line, column string // column of the first error: a hashtag, "" for none
	}{
		{"good", "A,2023-01-02,,ML,14,-4,3,1", ""},
		{"no date", "A,,,ML,14,-4,3,1", "#date"},
		{"bad date", "A,02/01/2023,,ML,14,-4,3,1", "#date"},
		{"future", "A,2030-01-02,,ML,14,-4,3,1", "#date"},
		{"end before start", "A,2023-01-02,2023-01-01,ML,14,-4,3,1", "#date+end"},
		{"bad country", "A,2023-01-02,,QQQ,14,-4,3,1", "#country+code"},
		{"no country", "A,2023-01-02,,,14,-4,3,1", "#country+code"},
		{"bad latitude", "A,2023-01-02,,ML,north,-4,3,1", "#geo+lat"},
		{"latitude range", "A,2023-01-02,,ML,99,-4,3,1", "#geo+lat"},
		{"lone longitude", "A,2023-01-02,,ML,,-4,3,1", "#geo+lat"},
		{"bad killed", "A,2023-01-02,,ML,14,-4,three,1", "#affected+killed"},
		{"negative killed", "A,2023-01-02,,ML,14,-4,-3,1", "#affected+killed"},
		{"children above killed", "A,2023-01-02,,ML,14,-4,3,5", "victims.children"},
		{"Paris in Mali", "A,2023-01-02,,ML,48.85,2.35,3,1", "#geo+lat"},
		{"Mali swapped", "A,2023-01-02,,ML,-4,14,3,1", "#geo+lat"},
		{"no shape to judge by", "A,2023-01-02,,TK,48.85,2.35,3,1", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := readAll(t, []byte(head+tt.line+"\n"), "bad.csv")
			if err != nil || len(rows) != 1 {
				t.Fatalf("Read = %d rows, %v; want 1 row", len(rows), err)
			}
			got := ""
			if errs := rows[0].Errors; len(errs) > 0 {
				got = errs[0].Column
				if errs[0].Line != 2 {
					t.Errorf("error %v is not on line 2", errs[0])
				}
			}
			if got != tt.column {
				t.Errorf("Read(%q): first error in column %q (%v), want %q", tt.line, got, rows[0].Errors, tt.column)
			}
		})
	}
}

func TestReadHeader(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"empty", "", "no HXL hashtag row"},
		{"no hashtags", "date,country\n2023-01-01,ML\n", "no HXL hashtag row"},
		{"no date", "#country+code,#affected+killed\nML,3\n", "#date"},
		{"no country", "#date,#affected+killed\n2023-01-01,3\n", "#country+code or #country+name"},
		{"hashtags too late", strings.Repeat("x\n", MaxHeaderRows) + "#date,#country\n", "no HXL hashtag row"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readAll(t, []byte(tt.data), "h.csv")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Read(%q) = %v, want an error containing %q", tt.data, err, tt.want)
			}
		})
	}
}

func FuzzRead(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("testdata", "incidents.csv"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte("#date,#country+name,#affected+killed+f,#affected+injured+children,#actor\n2023,Mali,1,2,a;b\n"))
	f.Add([]byte("#date+end,#date,#country\n2023-01-01,2024-01-01,ML\n\"x\"y,,\n"))
	// Rows without an id, two of them alike, keyed by their content.
	f.Add([]byte("#date,#country+code,#loc+name,#affected+killed,#description,#description+more\n2023-01-02,ML,A,3,x,y\n2023-01-02,ML,A,3,x,y\n2023-01-02, ml ,a,3,X,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows := 0
		err := (&Reader{File: "fuzz.csv", Now: now}).Read(bytes.NewReader(data), func(r Row) error {
			rows++
			if len(r.Errors) == 0 {
				if err := r.Incident.ValidateAt(now); err != nil {
					t.Fatalf("row %d has no errors but its incident is invalid: %v", r.Line, err)
				}
				if err := r.Incident.CheckBounds(atlas.CountryBounds()); err != nil {
					t.Fatalf("row %d has no errors but lies outside its country: %v", r.Line, err)
				}
			}
			return nil
		})
		if err != nil && rows > 0 {
			t.Fatalf("Read failed after %d rows: %v", rows, err)
		}
	})
}

func BenchmarkRead(b *testing.B) {
	const n = 100_000
	var buf bytes.Buffer
	buf.WriteString("#meta+id,#date,#country+code,#adm1+name,#loc+name,#geo+lat,#geo+lon,#affected+killed,#affected+injured,#actor+name,#event+type,#description\n")
	for i := range n {
		fmt.Fprintf(&buf, "E%d,2023-%02d-%02d,ML,Mopti,Place %d,%.4f,%.4f,%d,%d,Army unit %d,extrajudicial_killing,Invented incident %d.\n",
			i, 1+i%12, 1+i%28, i%500, 13+float64(i%1000)/1000, -4+float64(i%700)/1000, i%7, i%3, i%40, i)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		err := Read(bytes.NewReader(data), "bench.csv", func(r Row) error {
			if len(r.Errors) > 0 {
				b.Fatal(r.Errors[0])
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
}
