// Package hxl reads incident tables tagged with the Humanitarian Exchange
// Language (HXL, hxlstandard.org): a CSV file whose header is followed, or
// replaced, by a row of hashtags such as #date, #adm1+name, #geo+lat,
// #affected+killed and #actor+name. Columns are found by hashtag and
// attributes, never by header text, so a table in any language, with its
// columns in any order, reads the same.
//
// The reader streams, one row at a time. A row that cannot be mapped is
// still passed on, with Errors saying why, so that an importer can collect
// every problem in a file before deciding to import it.
package hxl

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/custos-ssa/custos"
)

// MaxHeaderRows is how many rows the reader looks through for the hashtag
// row, as the HXL standard allows text header rows above it.
const MaxHeaderRows = 25

// Row is one incident: the incident it maps to, the names in the #actor
// columns as written (for the actor-matching step), and the problems found,
// if any.
type Row struct {
	Line         int             // the line the record starts on, 1-based
	Incident     custos.Incident // normalized; not valid when Errors is not empty
	Perpetrators []string        // the values of the #actor columns
	Errors       []*RowError     // empty when the row mapped to a valid incident
}

// RowError says what is wrong with one value of one row, or with the
// hashtag row or the file. Column is the column's hashtag.
type RowError struct {
	File   string
	Line   int
	Column string // the column's hashtag, or "" when the problem is the whole row
	Value  string // the offending value, as written
	Reason string
}

// Error returns "file:line: column: reason".
func (e *RowError) Error() string {
	where := fmt.Sprintf("%s:%d", e.File, e.Line)
	if e.Column != "" {
		where += ": " + e.Column
	}
	return where + ": " + e.Reason
}

// Reader reads one HXL file.
type Reader struct {
	File string // the file name, for errors and SourceRef.File
	// Dataset names the table in custos.SourceRef; "hxl" when empty. Give
	// each publisher's table its own name, so that ids from two tables do
	// not collide.
	Dataset string
	Now     time.Time // the time against which future dates are judged; zero means time.Now()
}

// Read reads an HXL-tagged CSV file from r, calling fn for each data row in
// file order. It returns an error, and stops, when no hashtag row is found
// in the first MaxHeaderRows rows, when a required hashtag is missing, when
// r fails, or when fn returns an error; bad rows do not stop it.
func Read(r io.Reader, file string, fn func(Row) error) error {
	return (&Reader{File: file}).Read(r, fn)
}

// Read is the function Read with the reader's settings.
func (rd *Reader) Read(r io.Reader, fn func(Row) error) error {
	now := rd.Now
	if now.IsZero() {
		now = time.Now()
	}
	dataset := rd.Dataset
	if dataset == "" {
		dataset = "hxl"
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	var tags []Tag
	var tagLine int
	for i := 0; tags == nil; i++ {
		rec, err := cr.Read()
		if err == io.EOF || (err == nil && i >= MaxHeaderRows) {
			return &RowError{File: rd.File, Line: 1, Reason: fmt.Sprintf("no HXL hashtag row (such as #date,#country+code,#affected+killed) in the first %d rows", MaxHeaderRows)}
		}
		if err != nil {
			return &RowError{File: rd.File, Line: i + 1, Reason: "cannot read the header: " + err.Error()}
		}
		tags = hashtagRow(rec)
		tagLine, _ = cr.FieldPos(0)
	}
	cols, err := locate(tags)
	if err != nil {
		return &RowError{File: rd.File, Line: tagLine, Reason: err.Error()}
	}
	cr.ReuseRecord = true
	m := mapper{file: rd.File, dataset: dataset, cols: cols, now: now}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		line := 0
		if err == nil {
			line, _ = cr.FieldPos(0)
		}
		var row Row
		var perr *csv.ParseError
		switch {
		case errors.As(err, &perr):
			row = Row{Line: perr.StartLine, Errors: []*RowError{{File: rd.File, Line: perr.StartLine, Reason: perr.Err.Error()}}}
		case err != nil:
			return fmt.Errorf("%s: %w", rd.File, err)
		case blank(rec):
			continue
		default:
			row = m.row(rec, line)
		}
		if err := fn(row); err != nil {
			return err
		}
	}
}

// hashtagRow returns the tags of rec when rec is a hashtag row: at least one
// cell is a hashtag and every other cell is empty or starts with '#'. Cells
// that are not valid hashtags get the zero Tag and are ignored.
func hashtagRow(rec []string) []Tag {
	tags := make([]Tag, len(rec))
	found := false
	for i, c := range rec {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		if c[0] != '#' {
			return nil
		}
		if t, ok := ParseTag(c); ok {
			tags[i], found = t, true
		}
	}
	if !found {
		return nil
	}
	return tags
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
