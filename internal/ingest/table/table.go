// Package table reads a table of text cells (a header row, then data rows)
// from a CSV file or from the first sheet of an XLSX workbook, telling the
// two apart by content, not by name. It refuses what it cannot read
// faithfully: other binary files, text that is not UTF-8 (with a hint to
// re-save), and workbook cells that hold formulas (whose values would be
// whatever the spreadsheet last computed).
package table

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// MaxBytes bounds a file the reader accepts.
const MaxBytes = 100 << 20

// MaxColumns bounds the columns of a row.
const MaxColumns = 200

// Error is a problem at a place in the file: Row (1-based, counting the
// header) and Column (a header name or a spreadsheet letter) are zero and ""
// when the problem is the whole file.
type Error struct {
	File   string `json:"file"`
	Row    int    `json:"row,omitempty"`
	Column string `json:"column,omitempty"`
	Reason string `json:"reason"`
}

// Error returns "file, row 3, column name: reason".
func (e *Error) Error() string {
	s := e.File
	if e.Row > 0 {
		s += fmt.Sprintf(", row %d", e.Row)
	}
	if e.Column != "" {
		s += ", column " + e.Column
	}
	return s + ": " + e.Reason
}

// Table is a file's header and rows. Rows are padded or cut to the header's
// width only by the caller; Widths are as read.
type Table struct {
	File   string
	Format string // "csv" or "xlsx"
	Header []string
	Rows   [][]string
}

// Read reads a table from data. file names it in errors.
func Read(file string, data []byte) (*Table, error) {
	if len(data) > MaxBytes {
		return nil, &Error{File: file, Reason: fmt.Sprintf("the file is %d MB; the limit is %d MB: split it", len(data)>>20, MaxBytes>>20)}
	}
	switch {
	case len(data) == 0:
		return nil, &Error{File: file, Reason: "the file is empty"}
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return readXLSX(file, data)
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return nil, &Error{File: file, Reason: "the file is UTF-16 text: save it as CSV UTF-8 (in Excel: Save As, \"CSV UTF-8 (Comma delimited)\")"}
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return nil, &Error{File: file, Reason: "the file is an old Excel workbook (.xls): save it as .xlsx or CSV UTF-8"}
	case bytes.HasPrefix(data, []byte("%PDF")), bytes.IndexByte(data[:min(len(data), 8192)], 0) >= 0:
		return nil, &Error{File: file, Reason: "the file is neither CSV nor XLSX"}
	}
	return readCSV(file, data)
}

func readCSV(file string, data []byte) (*Table, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:firstInvalid(data)], []byte("\n"))
		return nil, &Error{File: file, Row: line, Reason: "the text is not UTF-8 (perhaps Windows-1252 or Latin-1): save the file as CSV UTF-8"}
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = false
	t := &Table{File: file, Format: "csv"}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &Error{File: file, Row: pe.StartLine, Reason: "malformed CSV: " + pe.Err.Error()}
			}
			return nil, &Error{File: file, Reason: err.Error()}
		}
		if len(rec) > MaxColumns {
			line, _ := cr.FieldPos(0)
			return nil, &Error{File: file, Row: line, Reason: fmt.Sprintf("the row has %d columns; the limit is %d", len(rec), MaxColumns)}
		}
		row := append([]string(nil), rec...)
		if t.Header == nil {
			t.Header = row
			continue
		}
		t.Rows = append(t.Rows, row)
	}
	if t.Header == nil {
		return nil, &Error{File: file, Reason: "the file has no header row"}
	}
	return t, nil
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}

func readXLSX(file string, data []byte) (*Table, error) {
	if err := checkFormulas(file, data); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, &Error{File: file, Reason: "the workbook cannot be read: " + err.Error()}
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, &Error{File: file, Reason: "the workbook has no sheet"}
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, &Error{File: file, Reason: "the first sheet cannot be read: " + err.Error()}
	}
	defer rows.Close()
	t := &Table{File: file, Format: "xlsx"}
	n := 0
	for rows.Next() {
		n++
		cols, err := rows.Columns()
		if err != nil {
			return nil, &Error{File: file, Row: n, Reason: err.Error()}
		}
		if len(cols) > MaxColumns {
			return nil, &Error{File: file, Row: n, Reason: fmt.Sprintf("the row has %d columns; the limit is %d", len(cols), MaxColumns)}
		}
		for i, c := range cols {
			if !utf8.ValidString(c) {
				name, _ := excelize.ColumnNumberToName(i + 1)
				return nil, &Error{File: file, Row: n, Column: name, Reason: "the cell is not valid text"}
			}
		}
		if t.Header == nil {
			if len(cols) == 0 {
				continue // leading blank rows
			}
			t.Header = cols
			continue
		}
		t.Rows = append(t.Rows, cols)
	}
	if t.Header == nil {
		return nil, &Error{File: file, Reason: "the first sheet has no header row"}
	}
	return t, nil
}

// checkFormulas refuses a workbook whose first sheet has a formula cell,
// naming the first one. It reads the sheet's XML directly: the streaming
// reader gives only the cached values.
func checkFormulas(file string, data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return &Error{File: file, Reason: "the file starts like a workbook but is not a valid .xlsx (zip) file"}
	}
	var sheet *zip.File
	for _, f := range zr.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			sheet = f
		}
	}
	if sheet == nil {
		return nil // excelize will say what is wrong
	}
	if sheet.UncompressedSize64 > 20*MaxBytes {
		return &Error{File: file, Reason: "the first sheet is too large"}
	}
	rc, err := sheet.Open()
	if err != nil {
		return &Error{File: file, Reason: "the first sheet cannot be read: " + err.Error()}
	}
	defer rc.Close()
	dec := xml.NewDecoder(io.LimitReader(rc, int64(20*MaxBytes)))
	cell := ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return &Error{File: file, Reason: "the first sheet is not valid XML: " + err.Error()}
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "c":
			cell = ""
			for _, a := range se.Attr {
				if a.Name.Local == "r" {
					cell = a.Value
				}
			}
		case "f":
			row, col := splitCell(cell)
			return &Error{File: file, Row: row, Column: col, Reason: fmt.Sprintf("cell %s holds a formula; Custos imports values only: copy the column and paste it as values", cell)}
		}
	}
}

func splitCell(ref string) (int, string) {
	col, row, err := excelize.SplitCellName(ref)
	if err != nil {
		return 0, ref
	}
	return row, col
}

// Unneutralize undoes the apostrophe that Custos's own exports put before
// a cell starting with =, +, -, @, so that exported files import back as
// they were.
func Unneutralize(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}
