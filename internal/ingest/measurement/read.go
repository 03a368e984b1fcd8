// Package measurement reads indicator measurements from a CSV (UTF-8) or
// XLSX file: one figure per row, for one indicator and one period, whole or
// for one breakdown. It checks what the file alone can tell (required
// cells, dates, numbers, breakdowns, the names of units, provenances and
// statuses) and names the row and column of every problem; the store
// checks the rest against the indicators (their unit, plausible range and
// dimensions) and the stored figures (overlapping periods), and writes the
// rows all together or not at all.
//
// The first row is the header; columns are matched by name in any order and
// any case, and columns not listed here are refused, so that a misspelt
// column is not silently ignored:
//
//	indicator       required  the indicator's id (a number) or its code (POL-3)
//	program         optional  the program's id: needed when the indicator is given by a
//	                          code that several programs use
//	period_start    required  the first day of the period, YYYY-MM-DD
//	period_end      required  the last day of the period, YYYY-MM-DD (the same day for one day)
//	value           required  the figure: digits with a point for decimals (1234.5), no
//	                          thousands separator, no % sign
//	unit            optional  the unit the figure is in (count, percent, ratio, usd, days,
//	                          score); when given it must be the indicator's unit
//	disaggregation  optional  the breakdown, dimension=value pairs separated by ';'
//	                          (sex=female; region=north); empty for the indicator's total
//	provenance      optional  who produced the figure: agency, partner_government or
//	                          civil_society; by default, who the indicator says reports it
//	status          optional  draft or submitted (the default); approval is a review by
//	                          another user in Custos and is never imported
//	note            optional  a note on the figure
//	source_url      optional  where the figure can be read
//	releasability   optional  public, internal (the default), restricted or protected
//
// Other accepted names: indicator_id and indicator_code for indicator,
// program_id for program, start and end for the period, reported_by and
// source_type for provenance. Blank rows are skipped.
package measurement

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/ingest/table"
)

// Column is one column of a measurement file.
type Column struct {
	Name     string
	Required bool
	Help     string
}

// Columns are the columns of a measurement file, in the template's order.
var Columns = []Column{
	{"indicator", true, "the indicator's id (a number) or its code (POL-3)"},
	{"program", false, "the program's id; needed when the indicator is given by a code that several programs use"},
	{"period_start", true, "the first day of the period, YYYY-MM-DD"},
	{"period_end", true, "the last day of the period, YYYY-MM-DD"},
	{"value", true, "the figure: digits with a point for decimals (1234.5), no thousands separator, no % sign"},
	{"unit", false, "the unit of the figure (count, percent, ratio, usd, days, score); when given, it must be the indicator's"},
	{"disaggregation", false, "the breakdown as dimension=value pairs separated by ';' (sex=female; region=north); empty for the total"},
	{"provenance", false, "who produced the figure: agency, partner_government or civil_society; by default who the indicator says reports it"},
	{"status", false, "draft or submitted (the default); approval is a review in Custos, never imported"},
	{"note", false, "a note on the figure"},
	{"source_url", false, "where the figure can be read"},
	{"releasability", false, "public, internal (the default), restricted or protected"},
}

var aliases = map[string]string{
	"indicator_id": "indicator", "indicator_code": "indicator", "program_id": "program",
	"start": "period_start", "end": "period_end", "reported_by": "provenance", "source_type": "provenance",
}

// Header returns the column names, in the template's order.
func Header() []string {
	out := make([]string, len(Columns))
	for i, c := range Columns {
		out[i] = c.Name
	}
	return out
}

// MaxRows bounds the rows of one file.
const MaxRows = 200_000

// MaxProblems bounds the problems an error lists.
const MaxProblems = 200

// Row is one figure read from a file. Indicator is the id or code as
// written; the store resolves it (within ProgramID when given), fills the
// measurement's IndicatorID and, when empty, its provenance and status.
type Row struct {
	Line        int
	Indicator   string
	ProgramID   int64
	Unit        custos.Unit
	Measurement custos.Measurement
}

// Read reads the rows of a measurement file. file names it in errors. When
// any row has a problem, it returns an *custos.Error (kind invalid) listing
// every problem by row and column, and no rows.
func Read(file string, data []byte) ([]Row, error) {
	tab, err := table.Read(file, data)
	if err != nil {
		return nil, problemsError(file, []*table.Error{asTableError(file, err)})
	}
	cols, problems := mapHeader(file, tab.Header)
	if len(problems) > 0 {
		return nil, problemsError(file, problems)
	}
	if len(tab.Rows) > MaxRows {
		return nil, problemsError(file, []*table.Error{{File: file, Reason: fmt.Sprintf("the file has %d rows; the limit is %d: split it", len(tab.Rows), MaxRows)}})
	}
	var rows []Row
	for i, raw := range tab.Rows {
		line := i + 2
		cells := map[string]string{}
		blank := true
		for name, at := range cols {
			if at < len(raw) {
				v := strings.TrimSpace(table.Unneutralize(raw[at]))
				cells[name] = v
				blank = blank && v == ""
			}
		}
		if blank {
			continue
		}
		r, ps := readRow(file, line, cells)
		problems = append(problems, ps...)
		if len(ps) == 0 {
			rows = append(rows, r)
		}
	}
	if len(problems) > 0 {
		return nil, problemsError(file, problems)
	}
	if len(rows) == 0 {
		return nil, problemsError(file, []*table.Error{{File: file, Reason: "the file has no measurement rows"}})
	}
	return rows, nil
}

func asTableError(file string, err error) *table.Error {
	if te, ok := err.(*table.Error); ok {
		return te
	}
	return &table.Error{File: file, Reason: err.Error()}
}

// mapHeader finds each column in the header, refusing unknown, repeated
// and missing required ones.
func mapHeader(file string, header []string) (map[string]int, []*table.Error) {
	cols := map[string]int{}
	var problems []*table.Error
	known := map[string]bool{}
	for _, c := range Columns {
		known[c.Name] = true
	}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")))
		name = strings.ReplaceAll(name, " ", "_")
		if a, ok := aliases[name]; ok {
			name = a
		}
		switch {
		case name == "":
			continue
		case !known[name]:
			problems = append(problems, &table.Error{File: file, Row: 1, Column: h, Reason: fmt.Sprintf("unknown column; the columns are %s", strings.Join(Header(), ", "))})
		case hasKey(cols, name):
			problems = append(problems, &table.Error{File: file, Row: 1, Column: h, Reason: fmt.Sprintf("repeats the column %s", name)})
		default:
			cols[name] = i
		}
	}
	for _, c := range Columns {
		if c.Required && !hasKey(cols, c.Name) {
			problems = append(problems, &table.Error{File: file, Row: 1, Column: c.Name, Reason: "the column is missing: " + c.Help})
		}
	}
	return cols, problems
}

func hasKey(m map[string]int, k string) bool { _, ok := m[k]; return ok }

// readRow reads one row's cells.
func readRow(file string, line int, cells map[string]string) (Row, []*table.Error) {
	var problems []*table.Error
	fail := func(col, reason string) {
		problems = append(problems, &table.Error{File: file, Row: line, Column: col, Reason: reason})
	}
	for _, c := range Columns {
		if c.Required && cells[c.Name] == "" {
			fail(c.Name, "is required: "+c.Help)
		}
	}
	r := Row{Line: line, Indicator: cells["indicator"]}
	m := &r.Measurement
	if len(r.Indicator) > 64 {
		fail("indicator", "is longer than an indicator id or code (64 characters)")
	}
	if v := cells["program"]; v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			fail("program", fmt.Sprintf("%q is not a program id (a positive whole number)", v))
		}
		r.ProgramID = id
	}
	date := func(col string) custos.Date {
		v := cells[col]
		if v == "" {
			return custos.Date{}
		}
		d, err := custos.ParseDate(v)
		if err != nil {
			fail(col, fmt.Sprintf("%q is not a date written YYYY-MM-DD (in a spreadsheet, format the column as text)", v))
		}
		return d
	}
	m.PeriodStart, m.PeriodEnd = date("period_start"), date("period_end")
	if !m.PeriodStart.IsZero() && !m.PeriodEnd.IsZero() && m.PeriodEnd.Before(m.PeriodStart) {
		fail("period_end", fmt.Sprintf("%s is before the start %s", m.PeriodEnd, m.PeriodStart))
	}
	if v := cells["value"]; v != "" {
		f, err := strconv.ParseFloat(v, 64)
		switch {
		case err != nil && strings.ContainsAny(v, ",%$ "):
			fail("value", fmt.Sprintf("%q is not a plain number: leave out thousands separators, %% and currency signs (write 1234.5)", v))
		case err != nil || math.IsNaN(f) || math.IsInf(f, 0):
			fail("value", fmt.Sprintf("%q is not a number", v))
		case strings.ContainsAny(v, "xXpP_"):
			// strconv reads hexadecimal (0x1p4) and digit separators
			// after a base prefix; a figure is written in decimal.
			fail("value", fmt.Sprintf("%q is not a plain decimal number (write 16, or 1234.5)", v))
		}
		m.Value = f
	}
	if v := cells["unit"]; v != "" {
		r.Unit = custos.Unit(strings.ToLower(v))
		if !oneOf(r.Unit, custos.Units) {
			fail("unit", fmt.Sprintf("%q is not a unit: %s", v, join(custos.Units)))
		}
	}
	if v := cells["disaggregation"]; v != "" {
		d, err := ParseDisaggregation(v)
		if err != nil {
			fail("disaggregation", err.Error())
		}
		m.Disaggregation = d
	}
	if v := cells["provenance"]; v != "" {
		m.Provenance = custos.Provenance(strings.ToLower(v))
		if !oneOf(m.Provenance, custos.Provenances) {
			fail("provenance", fmt.Sprintf("%q is not a provenance: %s", v, join(custos.Provenances)))
		}
	}
	if v := cells["status"]; v != "" {
		m.Status = custos.MeasurementStatus(strings.ToLower(v))
		switch m.Status {
		case "draft", "submitted":
		case "approved", "rejected":
			fail("status", fmt.Sprintf("%s is set by a review in Custos by a user other than the submitter, never imported: write draft or submitted", v))
		default:
			fail("status", fmt.Sprintf("%q is not a status to import: draft or submitted", v))
		}
	} else {
		m.Status = "submitted"
	}
	m.Note = cells["note"]
	if len(m.Note) > custos.MaxTextLen {
		fail("note", fmt.Sprintf("is longer than %d characters", custos.MaxTextLen))
	}
	if v := cells["source_url"]; v != "" {
		if !strings.HasPrefix(v, "https://") && !strings.HasPrefix(v, "http://") {
			fail("source_url", fmt.Sprintf("%q is not a web address starting with https://", v))
		}
		m.Source = &custos.SourceRef{URL: v}
	}
	if v := cells["releasability"]; v != "" {
		rel, err := custos.ParseReleasability(strings.ToLower(v))
		if err != nil {
			fail("releasability", fmt.Sprintf("%q is not a releasability: public, internal, restricted or protected", v))
		}
		m.Releasability = rel
	}
	return r, problems
}

// ParseDisaggregation reads a breakdown written as dimension=value pairs
// separated by ';' (sex=female; region=north). Dimensions are lower-case;
// a dimension may appear once.
func ParseDisaggregation(s string) (map[string]string, error) {
	out := map[string]string{}
	for _, part := range strings.Split(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		switch {
		case !ok || k == "" || v == "":
			return nil, fmt.Errorf("%q is not dimension=value (for example sex=female)", part)
		case out[k] != "":
			return nil, fmt.Errorf("the dimension %q is given twice", k)
		}
		out[k] = v
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

func oneOf[T comparable](v T, list []T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func join[T ~string](list []T) string {
	s := make([]string, len(list))
	for i, x := range list {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}

// problemsError lists problems, at most MaxProblems, in one invalid-input
// error: "file: N problems; nothing was imported:" then one line each.
func problemsError(file string, problems []*table.Error) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d problem(s); nothing was imported:", file, len(problems))
	for i, p := range problems {
		if i == MaxProblems {
			fmt.Fprintf(&b, "\n  … and %d more", len(problems)-MaxProblems)
			break
		}
		b.WriteString("\n  " + strings.TrimPrefix(p.Error(), file+", "))
	}
	return &custos.Error{Kind: custos.EINVALID, Message: b.String()}
}

// WriteTemplate writes an empty measurement file: the header row, in CSV.
func WriteTemplate(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(Header()); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
