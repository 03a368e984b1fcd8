package table

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

func workbook(t *testing.T, fill func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	fill(f)
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestRead(t *testing.T) {
	t.Run("csv", func(t *testing.T) {
		got, err := Read("a.csv", []byte("\uFEFFname,country\nArmée de Terre,ML\n\"Police, nationale\",NE\n"))
		if err != nil {
			t.Fatal(err)
		}
		want := &Table{File: "a.csv", Format: "csv", Header: []string{"name", "country"}, Rows: [][]string{{"Armée de Terre", "ML"}, {"Police, nationale", "NE"}}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Read() mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("xlsx", func(t *testing.T) {
		data := workbook(t, func(f *excelize.File) {
			f.SetSheetRow("Sheet1", "A1", &[]any{"name", "country", "quantity"})
			f.SetSheetRow("Sheet1", "A2", &[]any{"الجيش الوطني", "ML", 30})
		})
		got, err := Read("a.xlsx", data)
		if err != nil {
			t.Fatal(err)
		}
		want := &Table{File: "a.xlsx", Format: "xlsx", Header: []string{"name", "country", "quantity"}, Rows: [][]string{{"الجيش الوطني", "ML", "30"}}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Read() mismatch (-want +got):\n%s", diff)
		}
	})
}

func TestReadRefuses(t *testing.T) {
	formula := workbook(t, func(f *excelize.File) {
		f.SetSheetRow("Sheet1", "A1", &[]any{"name", "cost"})
		f.SetSheetRow("Sheet1", "A2", &[]any{"x", 1})
		f.SetCellFormula("Sheet1", "B3", "=HYPERLINK(\"http://evil\",\"x\")")
	})
	tests := []struct {
		name string
		data []byte
		want string // in the error
	}{
		{"empty", nil, "empty"},
		{"Latin-1", []byte("name\nArm\xe9e\n"), "row 2: the text is not UTF-8"},
		{"UTF-16", []byte{0xFF, 0xFE, 'n', 0, 'a', 0}, "UTF-16"},
		{"old Excel", []byte{0xD0, 0xCF, 0x11, 0xE0, 0, 0}, ".xls"},
		{"PDF", []byte("%PDF-1.7 ..."), "neither CSV nor XLSX"},
		{"binary", []byte("ab\x00cd"), "neither CSV nor XLSX"},
		{"broken zip", []byte("PK\x03\x04garbage"), "not a valid .xlsx"},
		{"bad quote", []byte("name\n\"unterminated\nx\n"), "malformed CSV"},
		{"formula", formula, "row 3, column B: cell B3 holds a formula"},
		{"too wide", []byte(strings.Repeat("c,", MaxColumns+5) + "c\n"), "columns"},
		{"too large", make([]byte, MaxBytes+1), "limit is 100 MB"},
		{"no header", []byte("\uFEFF"), "no header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read("f", tt.data)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Read(%s) error = %v, want one containing %q", tt.name, err, tt.want)
			}
		})
	}
}

func TestUnneutralize(t *testing.T) {
	for in, want := range map[string]string{"'=1+1": "=1+1", "'-5": "-5", "'hello": "'hello", "-5": "-5", "'": "'"} {
		if got := Unneutralize(in); got != want {
			t.Errorf("Unneutralize(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add([]byte("name,country\nx,ML\n"))
	f.Add([]byte("a\n\"b\"\"c\",d\n"))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, b []byte) {
		tab, err := Read("fuzz", b)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("Read error %T %v, want *Error", err, err)
			}
			return
		}
		if tab.Header == nil {
			t.Fatal("Read returned a table without a header")
		}
	})
}
