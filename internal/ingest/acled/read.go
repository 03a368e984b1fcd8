// Package acled reads event data in the CSV layout of the Armed Conflict
// Location & Event Data Project (ACLED) export and maps each event to a
// custos.Incident.
//
// ACLED's terms of use forbid passing its data on, so no ACLED file is kept
// in this repository: tests use files written by the acledgen package in
// the same layout. Incidents imported from ACLED are internal, never public.
//
// The reader streams: one event at a time, in constant memory, so a full
// export of millions of rows can be imported. A row that cannot be mapped is
// still passed to the callback, with Errors saying why, so that an importer
// can collect every problem in a file before deciding to import it.
package acled

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/custos-ssa/custos"
)

// Columns is the header of an ACLED export, in ACLED's order (the layout of
// the ACLED codebook since the column changes of March 2023). Read finds
// columns by name, in any order and any letter case, and ignores columns it
// does not know.
var Columns = []string{
	"event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
	"sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
	"interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
	"location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
	"fatalities", "tags", "timestamp",
}

// Required lists the columns without which an event cannot be mapped.
var Required = []string{
	"event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "actor2",
	"country", "latitude", "longitude", "fatalities",
}

// Dataset is the name of ACLED in custos.SourceRef.
const Dataset = "acled"

// Row is one event: the incident it maps to, the actor names as ACLED wrote
// them (for the actor-matching step), and the problems found, if any.
type Row struct {
	Line         int             // the line the record starts on, 1-based, counting the header
	Incident     custos.Incident // normalized; not valid when Errors is not empty
	Perpetrators []string        // the alleged perpetrators' names, as written
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

// Reader reads one ACLED file. The zero value is not usable; use Read, or
// set the fields and call Read on a Reader to fix the clock.
type Reader struct {
	File string    // the file name, for errors and SourceRef.File
	Now  time.Time // the time against which future dates are judged; zero means time.Now()
}

// Read reads an ACLED export from r, calling fn for each event in file
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
		return &RowError{File: rd.File, Line: 1, Reason: "the file is empty: want an ACLED header with " + strings.Join(Required, ", ")}
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
	for _, name := range Columns {
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
		return nil, fmt.Errorf("not an ACLED export: the header lacks the columns %s", strings.Join(missing, ", "))
	}
	return cols, nil
}
