// Package fmtr reads the Foreign Military Training Report (FMTR) tables
// that Security Force Monitor extracted from the annual State and Defense
// Department report to Congress (22 U.S.C. 2416): one row per training
// activity, with the recipient country, funding program, course, student
// unit, dates, number of students and cost.
//
// The files are tab-separated, quoted like CSV, with the header
//
//	report_fy region_file country program course_title us_unit student_unit start_date end_date location quantity total_cost page_number
//
// The values are as printed in the reports, so many are messy: dates as
// m/d/yyyy or m/d/yy, costs as "$12,190" or "12606.72", and some columns
// shifted by the PDF extraction (a cost followed by a date, two dates in one
// cell). The reader never guesses: a value it cannot read is left unknown
// and the row carries a warning naming the column and the reason, so an
// importer can show the reader's doubts next to the data.
package fmtr

import (
	"fmt"

	"github.com/custos-ssa/custos"
)

// Columns is the header every FMTR file must start with, in order.
var Columns = []string{
	"report_fy", "region_file", "country", "program", "course_title", "us_unit",
	"student_unit", "start_date", "end_date", "location", "quantity", "total_cost",
	"page_number",
}

// Column positions in a record, in the order of Columns.
const (
	colReportFY = iota
	colRegionFile
	colCountry
	colProgram
	colCourseTitle
	colUSUnit
	colStudentUnit
	colStartDate
	colEndDate
	colLocation
	colQuantity
	colTotalCost
	colPageNumber
)

// Row is one training activity as printed in a report. Text fields hold the
// printed value with surrounding spaces trimmed; parsed fields are zero (and
// the Has flags false) when the value was blank or could not be read, in
// which case Warnings says why.
type Row struct {
	File string // the file name given to Read, for the audit trail
	Line int    // the line the record starts on, 1-based, counting the header

	ReportFY    string // as printed, e.g. "2019_2020"
	FiscalYear  int    // the first year of ReportFY: the fiscal year the training was delivered in
	RegionFile  string // SFM's name for the report section, e.g. "2019_2020_Africa"
	CountryRaw  string // the recipient country as printed; resolve it with internal/country
	Program     string // the funding program as printed, e.g. "IMET - Fiscal Year 2019 Department of State Training"
	CourseTitle string
	USUnit      string // the U.S. unit that delivered the training
	StudentUnit string // the recipient unit; sometimes personal data, see LooksPersonal
	Location    string

	StartRaw, EndRaw string
	Start, End       custos.Date // zero when blank or unreadable

	QuantityRaw string
	Quantity    int // number of students
	HasQuantity bool

	CostRaw string
	CostUSD int64 // in whole U.S. dollars; cents are rounded to the nearest dollar
	HasCost bool

	PageRaw string
	Page    int // page of the source report, 0 when unknown

	// IsTotal reports whether the row is a "Program Totals" line that the
	// report prints after each country's program. Its quantity and cost sum
	// the rows above it, so adding it to them would count them twice.
	IsTotal bool

	// Warnings lists the values that could not be read, with reasons. A row
	// with warnings is still a row: only the named fields are unknown.
	Warnings []RowError
}

// RowError says what is wrong with one value of one row. Read returns it,
// as *RowError, for problems that stop the file (a wrong header, a broken
// quote, a row with the wrong number of fields); rows carry it as a warning
// for a value that could not be read.
type RowError struct {
	File   string
	Line   int
	Column string // the column name, or "" when the problem is the whole row
	Value  string // the offending value, as printed
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

// warn records that column could not be read.
func (r *Row) warn(col int, value, format string, args ...any) {
	r.Warnings = append(r.Warnings, RowError{
		File:   r.File,
		Line:   r.Line,
		Column: Columns[col],
		Value:  value,
		Reason: fmt.Sprintf(format, args...),
	})
}
