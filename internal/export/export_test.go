package export

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

func TestNeutralize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Mali", "Mali"},
		{"=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"},
		{"+1", "'+1"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"a=b", "a=b"},
		{"2024", "2024"},
		{"-4.21234", "-4.21234"},
		{"-12", "-12"},
		{"-", "'-"},
		{"-.5", "'-.5"},
		{"-5.", "'-5."},
		{"-1.2.3", "'-1.2.3"},
		{"-1e3", "'-1e3"},
		{"-1+2", "'-1+2"},
		{"-2-3", "'-2-3"},
		{"-4.2\n=cmd", "'-4.2\n=cmd"},
	}
	for _, tt := range tests {
		if got := Neutralize(tt.in); got != tt.want {
			t.Errorf("Neutralize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCSV(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows := [][]string{{"id", "name"}, {"1", "=cmd|' /C calc'!A0"}, {"2", "Armée, \"de\" Terre\nnord"}}
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	body, ok := strings.CutPrefix(buf.String(), "\uFEFF")
	if !ok {
		t.Fatalf("CSV does not start with a byte-order mark: %q", buf.String())
	}
	got, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"id", "name"}, {"1", "'=cmd|' /C calc'!A0"}, {"2", "Armée, \"de\" Terre\nnord"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CSV rows (-want +got):\n%s", diff)
	}
}

func TestXLSX(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewXLSX(&buf, "Activities")
	if err != nil {
		t.Fatal(err)
	}
	rows := [][]string{{"id", "title", "cost", "code"}, {"7", "=1+1", "12000", "004"}, {"8", "@evil", "", "-"}}
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := f.GetRows("Activities")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"id", "title", "cost", "code"}, {"7", "=1+1", "12000", "004"}, {"8", "@evil", "", "-"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("XLSX rows (-want +got):\n%s", diff)
	}
	for _, c := range []string{"B2", "B3"} {
		if fm, err := f.GetCellFormula("Activities", c); err != nil || fm != "" {
			t.Errorf("GetCellFormula(%s) = %q, %v; want no formula", c, fm, err)
		}
	}
	if typ, _ := f.GetCellType("Activities", "C2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("GetCellType(C2) = %v, want a number", typ)
	}
}

// FuzzCSV checks that every cell written comes back unchanged but for the
// neutralising apostrophe, and that no cell read back starts a formula
// (a plain negative number is a number, not a formula).
func FuzzCSV(f *testing.F) {
	for _, s := range []string{"", "=1+1", "a,b", "\"q\"", "x\ny", "+", "\r\n", "@", "\t=", "Армия"} {
		f.Add(s, "plain")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		var buf bytes.Buffer
		w, err := NewCSV(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write([]string{a, b}); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\uFEFF")))
		got, err := r.Read()
		if err != nil {
			// encoding/csv cannot round-trip a lone "\r" line end or
			// invalid UTF-8 in every case; only formula safety matters then.
			return
		}
		for i, in := range []string{a, b} {
			want := Neutralize(in)
			// encoding/csv turns \r\n inside quoted fields into \n.
			want = strings.ReplaceAll(want, "\r\n", "\n")
			if got[i] != want && strings.ContainsRune(in, '\r') {
				continue
			}
			if got[i] != want {
				t.Errorf("cell %d = %q, want %q", i, got[i], want)
			}
			if got[i] != "" && strings.ContainsRune("=+-@\t\r", rune(got[i][0])) && !(got[i][0] == '-' && plainNumber(got[i][1:])) {
				t.Errorf("cell %d = %q starts a formula", i, got[i])
			}
		}
	})
}

func BenchmarkCSV(b *testing.B) {
	row := []string{"12345", "Basic infantry officer course", "ML", "=danger", "2024-01-02", "125000"}
	w, _ := NewCSV(&bytes.Buffer{})
	for b.Loop() {
		w.Write(row)
	}
}
