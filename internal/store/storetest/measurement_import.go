package storetest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
)

// testMeasurementImport checks the bulk path of a measurement file: every
// problem named by row and column and nothing stored, or every row stored
// as submitted or draft with its audit entry.
func testMeasurementImport(t *testing.T, db *store.DB, p *custos.Program) {
	// An indicator IMP-1 in the program p and in a copy of it.
	indicator := func(p *custos.Program) *custos.Indicator {
		outcome := &custos.Result{ProgramID: p.ID, Level: "outcome", Title: "Complaints against police investigated"}
		must(t, db.CreateResult(admin, outcome))
		ind := &custos.Indicator{ProgramID: p.ID, ResultID: outcome.ID, Code: "IMP-1", Title: "Complaints investigated within 90 days", Unit: "percent",
			Direction: "increase", Disaggregations: []string{"sex"}, ReportedBy: "partner_government"}
		must(t, db.CreateIndicator(admin, ind))
		return ind
	}
	ind := indicator(p)
	analyst := asUser(custos.RoleAnalyst, 7)
	stored := &custos.Measurement{IndicatorID: ind.ID, PeriodStart: day(2025, 1, 1), PeriodEnd: day(2025, 3, 31), Value: 22.5, Provenance: "agency", Status: "submitted"}
	must(t, db.CreateMeasurement(analyst, stored))
	code := ind.Code
	row := func(line int, indicator string, start, end custos.Date, v float64) store.MeasurementRow {
		return store.MeasurementRow{Line: line, Indicator: indicator, ProgramID: p.ID,
			Measurement: custos.Measurement{PeriodStart: start, PeriodEnd: end, Value: v, Status: "submitted"}}
	}
	q2 := func(line int) store.MeasurementRow { return row(line, code, day(2025, 4, 1), day(2025, 6, 30), 30) }
	count := func() int {
		list, _, err := db.FindMeasurements(analyst, custos.MeasurementFilter{IndicatorID: ind.ID})
		must(t, err)
		return len(list)
	}
	before, entries := count(), auditCount(t, db)
	tests := []struct {
		name string
		rows []store.MeasurementRow
		want []string // the problem lines
	}{
		{"wrong unit", []store.MeasurementRow{func() store.MeasurementRow { r := q2(2); r.Unit = "count"; return r }()},
			[]string{"row 2, column unit: indicator IMP-1 is measured in percent, not count"}},
		{"out of range, unknown breakdown", []store.MeasurementRow{q2(2), func() store.MeasurementRow {
			r := row(3, code, day(2025, 7, 1), day(2025, 9, 30), 850)
			r.Measurement.Disaggregation = map[string]string{"region": "Mopti"}
			return r
		}()}, []string{
			"row 3, column disaggregation.region: indicator IMP-1 is not broken down by \"region\"",
			"row 3, column value: 850 is not a percentage between 0 and 100"}},
		{"overlapping rows of the file", []store.MeasurementRow{q2(2), row(3, code, day(2025, 6, 30), day(2025, 9, 30), 31)},
			[]string{"row 3, column period_start: the period 2025-06-30 to 2025-09-30 overlaps row 2 (2025-04-01 to 2025-06-30) for the same indicator and the total"}},
		{"overlapping a stored figure", []store.MeasurementRow{q2(2), row(4, fmt.Sprint(ind.ID), day(2025, 3, 1), day(2025, 3, 31), 20)},
			[]string{fmt.Sprintf("row 4, column period_start: the period 2025-03-01 to 2025-03-31 overlaps measurement %d (2025-01-01 to 2025-03-31) of indicator %d for the total; reject or correct it first", stored.ID, ind.ID)}},
		{"unknown indicators", []store.MeasurementRow{row(2, "POL-9", day(2025, 4, 1), day(2025, 6, 30), 1), row(3, "999999", day(2025, 4, 1), day(2025, 6, 30), 1)}, []string{
			fmt.Sprintf("row 2, column indicator: program %d has no indicator with code \"POL-9\"", p.ID),
			"row 3, column indicator: no indicator with id 999999"}},
		{"period not begun", []store.MeasurementRow{q2(2), row(3, code, day(2099, 1, 1), day(2099, 3, 31), 31)},
			[]string{fmt.Sprintf("row 3, column period_start: 2099-01-01 is after today (%s): a figure is measured over a period that has begun", custos.DateOf(db.Now().UTC()))}},
		{"entered as approved", []store.MeasurementRow{func() store.MeasurementRow { r := q2(2); r.Measurement.Status = "approved"; return r }()},
			[]string{"row 2, column status: a measurement is entered as draft or submitted; approved is set by a review by another user"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := db.ImportMeasurements(analyst, "q.csv", tt.rows)
			if err == nil {
				t.Fatalf("ImportMeasurements() = %+v, want an error", res)
			}
			if custos.ErrorKind(err) != custos.EINVALID {
				t.Errorf("ImportMeasurements() error kind = %q (%v), want invalid", custos.ErrorKind(err), err)
			}
			lines := strings.Split(custos.ErrorMessage(err), "\n")[1:]
			for i := range lines {
				lines[i] = strings.TrimPrefix(lines[i], "  ")
			}
			if diff := cmp.Diff(tt.want, lines); diff != "" {
				t.Errorf("ImportMeasurements() problems (-want +got):\n%s", diff)
			}
		})
	}
	if got := count(); got != before {
		t.Errorf("refused imports stored %d measurements, want 0", got-before)
	}
	if got := auditCount(t, db); got != entries {
		t.Errorf("refused imports wrote %d audit entries, want 0", got-entries)
	}

	// A code two programs use needs the program.
	other := *p
	other.ID, other.Title = 0, "Mali counter-IED training, second phase"
	must(t, db.CreateProgram(as(custos.RolePlanner), &other))
	indicator(&other)
	amb := q2(2)
	amb.ProgramID = 0
	_, err := db.ImportMeasurements(analyst, "q.csv", []store.MeasurementRow{amb})
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("the code \"IMP-1\" is used by programs %d, %d", p.ID, other.ID)) {
		t.Errorf("ImportMeasurements(ambiguous code) = %v, want the programs named", err)
	}
	wantKind(t, "ImportMeasurements as a viewer", func() error {
		_, err := db.ImportMeasurements(as(custos.RoleViewer), "q.csv", []store.MeasurementRow{q2(2)})
		return err
	}(), custos.EFORBIDDEN)

	entries = auditCount(t, db)
	female := q2(3)
	female.Measurement.Disaggregation = map[string]string{"sex": "female"}
	female.Measurement.Status, female.Measurement.Provenance = "draft", "civil_society"
	res, err := db.ImportMeasurements(analyst, "q.csv", []store.MeasurementRow{q2(2), female})
	must(t, err)
	if diff := cmp.Diff(&store.MeasurementImport{File: "q.csv", Rows: 2, Draft: 1, Submitted: 1, Indicators: 1}, res, cmpopts.IgnoreFields(store.MeasurementImport{}, "IDs")); diff != "" {
		t.Errorf("ImportMeasurements() mismatch (-want +got):\n%s", diff)
	}
	got, err := db.FindMeasurement(analyst, res.IDs[0])
	must(t, err)
	want := &custos.Measurement{ID: res.IDs[0], IndicatorID: ind.ID, PeriodStart: day(2025, 4, 1), PeriodEnd: day(2025, 6, 30), Value: 30,
		Provenance: "partner_government", Status: "submitted", SubmitterID: 7, Releasability: custos.Internal,
		Source: &custos.SourceRef{Dataset: "csv:measurements", Key: "q.csv:2", File: "q.csv", Row: 2}}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(custos.Measurement{}, "CreatedAt", "UpdatedAt")); diff != "" {
		t.Errorf("imported measurement (-want +got):\n%s", diff)
	}
	if got := auditCount(t, db); got != entries+3 {
		t.Errorf("the import wrote %d audit entries, want 3 (one per figure, one for the file)", got-entries)
	}
	// The same file again overlaps what it stored.
	_, err = db.ImportMeasurements(analyst, "q.csv", []store.MeasurementRow{q2(2)})
	wantKind(t, "ImportMeasurements(the same file again)", err, custos.EINVALID)
	// Another user approves an imported figure as one entered by hand.
	if _, err := db.ReviewMeasurement(asUser(custos.RolePlanner, 8), res.IDs[0], "approved", ""); err != nil {
		t.Errorf("ReviewMeasurement(imported) = %v", err)
	}
}
