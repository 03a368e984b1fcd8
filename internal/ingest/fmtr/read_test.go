package fmtr

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files")

func readAll(t *testing.T, data, file string) ([]Row, error) {
	t.Helper()
	var rows []Row
	err := Read(strings.NewReader(data), file, func(r Row) error {
		rows = append(rows, r)
		return nil
	})
	return rows, err
}

// TestReadSample reads rows cut from the real reports and compares every
// parsed field, warning and flag with the reviewed golden file.
func TestReadSample(t *testing.T) {
	data, err := os.ReadFile("testdata/sample.tsv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := readAll(t, string(data), "sample.tsv")
	if err != nil {
		t.Fatalf("Read(sample.tsv) = %v", err)
	}
	if len(rows) != 58 {
		t.Errorf("Read(sample.tsv) gave %d rows, want 58", len(rows))
	}
	got, err := json.MarshalIndent(rows, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden := filepath.Join("testdata", "sample.golden.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("Read(sample.tsv) mismatch (-want +got):\n%s", diff)
	}
}

const header = "report_fy\tregion_file\tcountry\tprogram\tcourse_title\tus_unit\tstudent_unit\tstart_date\tend_date\tlocation\tquantity\ttotal_cost\tpage_number\n"

func TestReadRow(t *testing.T) {
	data := header +
		"2019_2020\t2019_2020_Africa\tAngola\tIMET-1 - Fiscal Year 2019 Department of State Training\t\"Course \"\"A\"\"\"\tDLIELC\t Army Academy \t12/23/2018\t1/10/2019\tLackland\t2\t$12,190\t7\n" +
		"2019_2020\t2019_2020_Africa\tAngola\tIMET-1 - Fiscal Year 2019 Department of State Training\tFiscal Year 2019 Program Totals\t\t\t\t\t\t8\t$232,644\t1\n"
	rows, err := readAll(t, data, "x.tsv")
	if err != nil {
		t.Fatalf("Read = %v", err)
	}
	if len(rows) != 2 {
		t.Fatalf("Read gave %d rows, want 2", len(rows))
	}
	r := rows[0]
	if r.Line != 2 || r.File != "x.tsv" || r.FiscalYear != 2019 || r.CourseTitle != `Course "A"` || r.StudentUnit != "Army Academy" {
		t.Errorf("row 1 = %+v", r)
	}
	if r.Start.String() != "2018-12-23" || r.End.String() != "2019-01-10" || r.Quantity != 2 || !r.HasQuantity || r.CostUSD != 12190 || !r.HasCost || r.Page != 7 {
		t.Errorf("row 1 parsed = start %v end %v qty %d/%v cost %d/%v page %d", r.Start, r.End, r.Quantity, r.HasQuantity, r.CostUSD, r.HasCost, r.Page)
	}
	if len(r.Warnings) != 0 || r.IsTotal {
		t.Errorf("row 1 warnings %v, total %v; want none, false", r.Warnings, r.IsTotal)
	}
	if !rows[1].IsTotal || rows[1].Line != 3 {
		t.Errorf("row 2 IsTotal = %v, Line = %d; want true, 3", rows[1].IsTotal, rows[1].Line)
	}
}

func TestReadWarnings(t *testing.T) {
	data := header + "2008_2009\tr\tChad\tCTFP\tc\tu\ts\t9/21/2009 9/24/2009\t\tl\t1 Garmisch,\t5000 1/14/2009\t20 20\n"
	rows, err := readAll(t, data, "w.tsv")
	if err != nil {
		t.Fatalf("Read = %v", err)
	}
	var cols []string
	for _, w := range rows[0].Warnings {
		cols = append(cols, w.Column)
		if w.File != "w.tsv" || w.Line != 2 || w.Reason == "" || w.Value == "" {
			t.Errorf("warning %+v does not name file, line, value and reason", w)
		}
	}
	want := []string{"start_date", "quantity", "total_cost", "page_number"}
	if diff := cmp.Diff(want, cols); diff != "" {
		t.Errorf("warned columns (-want +got):\n%s", diff)
	}
	r := rows[0]
	if !r.Start.IsZero() || r.HasQuantity || r.HasCost || r.Page != 0 {
		t.Errorf("unreadable values were not left unknown: %+v", r)
	}
	msg := r.Warnings[0].Error()
	if !strings.HasPrefix(msg, "w.tsv:2: start_date: ") {
		t.Errorf("Warning.Error() = %q, want it to start with file:line: column", msg)
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name, data string
		wantLine   int
		wantIn     string
	}{
		{"empty", "", 1, "empty"},
		{"wrong header", "report_fy\tregion\n", 1, "header has 2 columns"},
		{"renamed column", strings.Replace(header, "country", "nation", 1), 1, `header column 3 is "nation"`},
		{"short row", header + "2019_2020\tr\tChad\n", 2, "has 3 fields, want 13"},
		{"bare quote", header + strings.Repeat("a\t", 4) + "b\"c\t" + strings.Repeat("x\t", 7) + "1\n", 2, "quote"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readAll(t, tt.data, "bad.tsv")
			var re *RowError
			if !errors.As(err, &re) {
				t.Fatalf("Read(%q) = %v, want a *RowError", tt.data, err)
			}
			if re.Line != tt.wantLine || re.File != "bad.tsv" || !strings.Contains(err.Error(), tt.wantIn) {
				t.Errorf("Read(%q) = %v (line %d), want line %d mentioning %q", tt.data, err, re.Line, tt.wantLine, tt.wantIn)
			}
		})
	}
}

func TestReadStopsOnCallbackError(t *testing.T) {
	data := header + strings.Repeat("2019_2020\tr\tChad\tp\tc\tu\ts\t\t\tl\t1\t$1\t1\n", 3)
	stop := errors.New("stop")
	n := 0
	err := Read(strings.NewReader(data), "x.tsv", func(Row) error {
		n++
		return stop
	})
	if err != stop || n != 1 {
		t.Errorf("Read = %v after %d rows, want the callback's error after 1 row", err, n)
	}
}

func TestReadBOM(t *testing.T) {
	rows, err := readAll(t, "\ufeff"+header+"2019_2020\tr\tChad\tp\tc\tu\ts\t\t\tl\t1\t$1\t1\n", "bom.tsv")
	if err != nil || len(rows) != 1 {
		t.Errorf("Read with a byte-order mark = %d rows, %v; want 1 row, nil", len(rows), err)
	}
}

func FuzzRead(f *testing.F) {
	sample, err := os.ReadFile("testdata/sample.tsv")
	if err != nil {
		f.Fatal(err)
	}
	lines := bytes.SplitAfter(sample, []byte("\n"))
	for i := 1; i < len(lines); i += 7 {
		f.Add(append([]byte(header), lines[i]...))
	}
	f.Add([]byte(header + "\"\t\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		err := Read(bytes.NewReader(data), "fuzz.tsv", func(r Row) error {
			if r.Line < 2 {
				t.Errorf("row line %d, want >= 2", r.Line)
			}
			if r.HasCost && (r.CostUSD < 0 || r.CostUSD > maxCost) {
				t.Errorf("cost %d out of range", r.CostUSD)
			}
			if r.HasQuantity && (r.Quantity < 0 || r.Quantity > maxQuantity) {
				t.Errorf("quantity %d out of range", r.Quantity)
			}
			for _, d := range []string{r.Start.String(), r.End.String()} {
				if d != "" && len(d) != 10 {
					t.Errorf("date %q is not YYYY-MM-DD", d)
				}
			}
			_ = UnitKey(r.StudentUnit)
			_ = LooksPersonal(r.StudentUnit)
			return nil
		})
		if err != nil {
			var re *RowError
			if !errors.As(err, &re) {
				t.Errorf("Read error %v (%T) is not a *RowError", err, err)
			}
		}
	})
}
