// Package ucdp reads the UCDP Georeferenced Event Dataset (GED) in its CSV
// layout and maps each event to a custos.Incident.
//
// GED records events of organized violence with at least one death: state-
// based conflict (type_of_violence 1), non-state conflict (2) and one-sided
// violence against civilians (3). The reader passes every event on; an
// importer that wants civilian harm only keeps incidents with civilian
// deaths (Victims.Killed.High > 0).
//
// The reader streams, one event at a time. A row that cannot be mapped is
// still passed on, with Errors saying why, so that an importer can collect
// every problem in a file before deciding to import it.
package ucdp

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/custos-ssa/custos"
)

// Required lists the GED columns the reader needs. Others (adm_1, adm_2,
// where_coordinates, where_description, source_article, event_clarity,
// dyad_name, conflict_name, deaths_a, deaths_b, deaths_unknown) are used
// when present.
var Required = []string{
	"id", "type_of_violence", "side_a", "side_b", "date_prec", "date_start", "date_end",
	"country", "country_id", "latitude", "longitude", "where_prec",
	"deaths_civilians", "best", "low", "high",
}

var optional = []string{
	"adm_1", "adm_2", "where_coordinates", "where_description", "source_article",
	"event_clarity", "dyad_name", "conflict_name", "deaths_a", "deaths_b", "deaths_unknown", "gwnoa",
}

// Dataset is the name of UCDP GED in custos.SourceRef.
const Dataset = "ucdp"

// Row is one event: the incident it maps to, the names of the sides alleged
// to have caused the deaths as UCDP wrote them (for the actor-matching
// step), and the problems found, if any.
type Row struct {
	Line         int             // the line the record starts on, 1-based, counting the header
	Incident     custos.Incident // normalized; not valid when Errors is not empty
	Perpetrators []string        // side_a, and side_b unless it is the civilians
	Errors       []*RowError     // empty when the row mapped to a valid incident
}

// RowError says what is wrong with one value of one row, or with the header
// (Line 1) or the file.
type RowError struct {
	File   string
	Line   int
	Column string // the column name, or "" when the problem is the whole row
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

// Reader reads one GED file.
type Reader struct {
	File string    // the file name, for errors and SourceRef.File
	Now  time.Time // the time against which future dates are judged; zero means time.Now()
}

// Read reads a GED CSV file from r, calling fn for each event in file
// order. It returns an error, and stops, when the header lacks a required
// column, when r fails, or when fn returns an error; bad rows do not stop
// it.
func Read(r io.Reader, file string, fn func(Row) error) error {
	return (&Reader{File: file}).Read(r, fn)
}

// Read is the function Read with the reader's settings.
func (rd *Reader) Read(r io.Reader, fn func(Row) error) error {
	now := rd.Now
	if now.IsZero() {
		now = time.Now()
	}
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return &RowError{File: rd.File, Line: 1, Reason: "the file is empty: want a UCDP GED header with " + strings.Join(Required, ", ")}
	}
	if err != nil {
		return &RowError{File: rd.File, Line: 1, Reason: "cannot read the header: " + err.Error()}
	}
	cols, err := locate(header)
	if err != nil {
		return &RowError{File: rd.File, Line: 1, Reason: err.Error()}
	}
	m := mapper{file: rd.File, cols: cols, now: now}
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
		case len(rec) != len(header):
			row = Row{Line: line, Errors: []*RowError{{File: rd.File, Line: line,
				Reason: fmt.Sprintf("has %d fields, want %d as in the header", len(rec), len(header))}}}
		default:
			row = m.row(rec, line)
		}
		if err := fn(row); err != nil {
			return err
		}
	}
}

// columns holds the position of each known column, -1 when absent.
type columns map[string]int

func (c columns) get(rec []string, name string) string {
	i, ok := c[name]
	if !ok || i < 0 {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// locate maps the header to column positions and names every required
// column that is missing.
func locate(header []string) (columns, error) {
	cols := columns{}
	for _, name := range append(Required[:len(Required):len(Required)], optional...) {
		cols[name] = -1
	}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if j, ok := cols[h]; ok && j < 0 {
			cols[h] = i
		}
	}
	var missing []string
	for _, name := range Required {
		if cols[name] < 0 {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("not a UCDP GED file: the header lacks the columns %s", strings.Join(missing, ", "))
	}
	return cols, nil
}
