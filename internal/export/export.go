// Package export writes tables of records (a header, then rows of cells) as
// CSV and as XLSX workbooks, row by row, so that a list of any length can
// be exported without holding it in memory. Both writers neutralise
// spreadsheet formula injection: a cell that a spreadsheet would read as a
// formula (starting with =, +, -, @, a tab or a carriage return; a plain
// negative number excepted) is written
// with a leading apostrophe in CSV, and every text cell of a workbook is
// written as a string, never as a formula.
package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Writer writes the rows of one table. Write the header first.
type Writer interface {
	// Write writes one row.
	Write(cells []string) error
	// Close finishes the file; nothing is complete before it returns.
	Close() error
}

// Neutralize returns s prefixed with an apostrophe when a spreadsheet would
// read it as a formula, so that a record's text can never run as one. A
// plain negative number (a longitude, a change) is left as it is: a
// spreadsheet reads it as the number, and an apostrophe would make it text.
func Neutralize(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '-':
		if plainNumber(s[1:]) {
			return s
		}
		return "'" + s
	case '=', '+', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// plainNumber reports whether s is digits with at most one decimal point
// between digits, and nothing else (no exponent, sign or operator).
func plainNumber(s string) bool {
	digits, point := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !point && digits > 0 && i < len(s)-1:
			point = true
		default:
			return false
		}
	}
	return digits > 0
}

// CSV writes RFC 4180 CSV with a UTF-8 byte-order mark, which spreadsheets
// need to read non-Latin names correctly.
type CSV struct {
	w     *csv.Writer
	cells []string
}

// NewCSV returns a CSV writer on w; it writes the byte-order mark at once.
func NewCSV(w io.Writer) (*CSV, error) {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return nil, err
	}
	return &CSV{w: csv.NewWriter(w)}, nil
}

// Write writes one row, neutralising every cell.
func (c *CSV) Write(cells []string) error {
	c.cells = c.cells[:0]
	for _, s := range cells {
		c.cells = append(c.cells, Neutralize(s))
	}
	return c.w.Write(c.cells)
}

// Close flushes the rows written.
func (c *CSV) Close() error {
	c.w.Flush()
	return c.w.Error()
}

// XLSX writes one worksheet with excelize's streaming writer, which keeps
// only a small buffer in memory and spills the rest to a temporary file.
type XLSX struct {
	out  io.Writer
	f    *excelize.File
	sw   *excelize.StreamWriter
	row  int
	vals []any
	bold int
}

// NewXLSX returns a workbook writer with one sheet named sheet; the
// workbook is written to w by Close.
func NewXLSX(w io.Writer, sheet string) (*XLSX, error) {
	f := excelize.NewFile()
	if sheet == "" {
		sheet = "Sheet1"
	}
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, fmt.Errorf("name the sheet %q: %w", sheet, err)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, fmt.Errorf("start the sheet: %w", err)
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	return &XLSX{out: w, f: f, sw: sw, bold: bold}, nil
}

// Write writes one row. The first row is the header, in bold. Whole numbers
// without a leading zero become numbers; everything else is a string.
func (x *XLSX) Write(cells []string) error {
	x.row++
	x.vals = x.vals[:0]
	for _, s := range cells {
		if x.row == 1 {
			x.vals = append(x.vals, excelize.Cell{StyleID: x.bold, Value: s})
			continue
		}
		x.vals = append(x.vals, xlsxValue(s))
	}
	cell, err := excelize.CoordinatesToCellName(1, x.row)
	if err != nil {
		return err
	}
	return x.sw.SetRow(cell, x.vals)
}

// xlsxValue returns an int64 for a whole number that a spreadsheet can sum
// without changing it (at most 15 digits, no leading zero, so that codes
// such as "004" stay text), and the string otherwise.
func xlsxValue(s string) any {
	digits := strings.TrimPrefix(s, "-")
	if digits == "" || len(digits) > 15 || (digits[0] == '0' && len(digits) > 1) {
		return s
	}
	for _, r := range digits {
		if r < '0' || r > '9' {
			return s
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return s
	}
	return n
}

// Close finishes the sheet and writes the workbook.
func (x *XLSX) Close() error {
	defer x.f.Close()
	if err := x.sw.Flush(); err != nil {
		return fmt.Errorf("finish the sheet: %w", err)
	}
	if _, err := x.f.WriteTo(x.out); err != nil {
		return fmt.Errorf("write the workbook: %w", err)
	}
	return nil
}
