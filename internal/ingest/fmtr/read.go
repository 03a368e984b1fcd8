package fmtr

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// Read streams the rows of one FMTR file to fn, in order. file names the
// source in errors and in Row.File. Read stops at the first structural
// problem (a missing or wrong header, broken quoting, a row whose number of
// fields is not 13) and returns it as a *RowError; a value that cannot be
// read does not stop it, but becomes a warning on the row. If fn returns an
// error, Read stops and returns that error unchanged.
func Read(r io.Reader, file string, fn func(Row) error) error {
	cr := csv.NewReader(r)
	cr.Comma = '\t'
	cr.FieldsPerRecord = -1 // checked here, to give a clearer message
	cr.ReuseRecord = true

	header, err := cr.Read()
	if err == io.EOF {
		return &RowError{File: file, Line: 1, Reason: "the file is empty: want a header row of " + strings.Join(Columns, ", ")}
	}
	if err != nil {
		return csvError(file, err)
	}
	if err := checkHeader(header); err != nil {
		return &RowError{File: file, Line: 1, Reason: err.Error()}
	}

	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvError(file, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(Columns) {
			return &RowError{File: file, Line: line, Reason: fmt.Sprintf("has %d fields, want %d (%s)", len(rec), len(Columns), strings.Join(Columns, ", "))}
		}
		if err := fn(parseRow(rec, file, line)); err != nil {
			return err
		}
	}
}

// checkHeader reports whether the header names the FMTR columns in order.
func checkHeader(h []string) error {
	if len(h) > 0 {
		h[0] = strings.TrimPrefix(h[0], "\ufeff")
	}
	if len(h) != len(Columns) {
		return fmt.Errorf("header has %d columns, want %d: %s", len(h), len(Columns), strings.Join(Columns, ", "))
	}
	for i, name := range h {
		if strings.TrimSpace(name) != Columns[i] {
			return fmt.Errorf("header column %d is %q, want %q", i+1, name, Columns[i])
		}
	}
	return nil
}

// csvError turns an encoding/csv error into a *RowError naming the line.
func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &RowError{File: file, Line: pe.Line, Reason: fmt.Sprintf("column %d (byte): %v", pe.Column, pe.Err)}
	}
	return fmt.Errorf("%s: %w", file, err)
}

var totalsTitle = regexp.MustCompile(`^(?:FY|Fiscal Year) \d{4} Program Totals$`)

// parseRow turns one record into a Row. rec is reused by the csv reader, but
// its strings are not, so the Row may keep them.
func parseRow(rec []string, file string, line int) Row {
	f := func(i int) string { return strings.TrimSpace(rec[i]) }
	row := Row{
		File:        file,
		Line:        line,
		ReportFY:    f(colReportFY),
		RegionFile:  f(colRegionFile),
		CountryRaw:  f(colCountry),
		Program:     f(colProgram),
		CourseTitle: f(colCourseTitle),
		USUnit:      f(colUSUnit),
		StudentUnit: f(colStudentUnit),
		StartRaw:    f(colStartDate),
		EndRaw:      f(colEndDate),
		Location:    f(colLocation),
		QuantityRaw: f(colQuantity),
		CostRaw:     f(colTotalCost),
		PageRaw:     f(colPageNumber),
	}
	row.IsTotal = totalsTitle.MatchString(row.CourseTitle)

	if fy, err := parseReportFY(row.ReportFY); err != nil {
		row.warn(colReportFY, row.ReportFY, "%v", err)
	} else {
		row.FiscalYear = fy
	}
	if d, err := parseDate(row.StartRaw, row.FiscalYear); err != nil {
		row.warn(colStartDate, row.StartRaw, "%v", err)
	} else {
		row.Start = d
	}
	if d, err := parseDate(row.EndRaw, row.FiscalYear); err != nil {
		row.warn(colEndDate, row.EndRaw, "%v", err)
	} else {
		row.End = d
	}
	if !row.Start.IsZero() && !row.End.IsZero() && row.End.Before(row.Start) {
		row.warn(colEndDate, row.EndRaw, "is before start_date %s; both dates kept as printed", row.StartRaw)
	}
	if n, ok, err := parseQuantity(row.QuantityRaw); err != nil {
		row.warn(colQuantity, row.QuantityRaw, "%v", err)
	} else {
		row.Quantity, row.HasQuantity = n, ok
	}
	if c, ok, err := parseCost(row.CostRaw); err != nil {
		row.warn(colTotalCost, row.CostRaw, "%v", err)
	} else {
		row.CostUSD, row.HasCost = c, ok
	}
	if p, err := parsePage(row.PageRaw); err != nil {
		row.warn(colPageNumber, row.PageRaw, "%v", err)
	} else {
		row.Page = p
	}
	return row
}
