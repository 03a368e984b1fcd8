package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// asUser returns a context for a named user of the given role: reviews and
// decisions need one, so that the approver is on record.
func asUser(role custos.Role, id int64) context.Context {
	return custos.WithPrincipal(context.Background(), custos.Principal{UserID: id, Name: "user-" + string(role), Role: role, Via: "test"})
}

func day(y, m, d int) custos.Date { return custos.Date{Year: y, Month: time.Month(m), Day: d} }

// chain builds a program with an outcome result and an indicator POL-3 (a
// percentage, broken down by sex).
func chain(t *testing.T, db *store.DB) (*custos.Program, *custos.Result, *custos.Indicator) {
	t.Helper()
	p, _ := newProgram(t, db)
	ctx := as(custos.RoleAnalyst)
	outcome := &custos.Result{ProgramID: p.ID, Level: "outcome", Title: "Complaints against police investigated"}
	must(t, db.CreateResult(ctx, outcome))
	ind := &custos.Indicator{ProgramID: p.ID, ResultID: outcome.ID, Code: "POL-3", Title: "Complaints investigated within 90 days", Unit: "percent",
		Direction: "increase", Baseline: &custos.Baseline{Value: 12, Date: day(2024, 1, 1)},
		Targets:         []custos.Target{{Start: day(2025, 1, 1), End: day(2025, 12, 31), Value: 40}, {Start: day(2026, 1, 1), End: day(2026, 12, 31), Value: 60}},
		Disaggregations: []string{"sex"}, DataSource: "Inspection générale des services de sécurité", ReportedBy: "partner_government"}
	must(t, db.CreateIndicator(ctx, ind))
	return p, outcome, ind
}

func testResultsChain(t *testing.T, db *store.DB) {
	ctx := as(custos.RoleAnalyst)
	p, outcome, ind := chain(t, db)
	output := &custos.Result{ProgramID: p.ID, Level: "output", Title: "200 investigators trained", ParentID: outcome.ID}
	must(t, db.CreateResult(ctx, output))
	impact := &custos.Result{ProgramID: p.ID, Level: "impact", Title: "Public trust in police", ParentID: output.ID}
	wantField(t, "CreateResult(impact under an output)", db.CreateResult(ctx, impact), "parent_id")
	outcome.Level = "input"
	wantField(t, "UpdateResult(outcome down to input, with an output child)", db.UpdateResult(ctx, outcome), "level")
	outcome.Level = "outcome"

	got, err := db.FindIndicator(ctx, ind.ID)
	must(t, err)
	if diff := cmp.Diff(ind, got, cmpopts.IgnoreFields(custos.Indicator{}, "CreatedAt", "UpdatedAt")); diff != "" {
		t.Errorf("FindIndicator() mismatch (-want +got):\n%s", diff)
	}
	dup := *ind
	dup.ID = 0
	err = db.CreateIndicator(ctx, &dup)
	wantKind(t, "CreateIndicator(duplicate code)", err, custos.ECONFLICT)
	wantField(t, "CreateIndicator(duplicate code)", err, "code")
	other := &custos.Indicator{ProgramID: p.ID, ResultID: 999999, Code: "X", Title: "x", Unit: "count", Direction: "increase"}
	wantField(t, "CreateIndicator(unknown result)", db.CreateIndicator(ctx, other), "result_id")

	for _, tt := range []struct {
		f    custos.ResultFilter
		want int
	}{
		{custos.ResultFilter{ProgramID: p.ID}, 2},
		{custos.ResultFilter{Level: "output"}, 1},
		{custos.ResultFilter{ParentID: outcome.ID}, 1},
	} {
		list, _, err := db.FindResults(ctx, tt.f)
		must(t, err)
		if len(list) != tt.want {
			t.Errorf("FindResults(%+v) = %d results, want %d", tt.f, len(list), tt.want)
		}
	}
	wantKind(t, "DeleteResult(with an indicator)", db.DeleteResult(ctx, outcome.ID), custos.ECONFLICT)
	wantKind(t, "CreateResult as a viewer", db.CreateResult(as(custos.RoleViewer), &custos.Result{ProgramID: p.ID, Level: "input", Title: "x"}), custos.EFORBIDDEN)
	list, _, err := db.FindIndicators(as(custos.RolePartner), custos.IndicatorFilter{ProgramID: p.ID})
	must(t, err)
	if len(list) != 0 {
		t.Errorf("FindIndicators as a partner = %d internal indicators, want 0", len(list))
	}
}

func testMeasurements(t *testing.T, db *store.DB) {
	p, _, ind := chain(t, db)
	defer t.Run("Import", func(t *testing.T) { testMeasurementImport(t, db, p) })
	submitter, reviewer := asUser(custos.RoleAnalyst, 7), asUser(custos.RolePlanner, 8)
	q1 := &custos.Measurement{IndicatorID: ind.ID, PeriodStart: day(2025, 1, 1), PeriodEnd: day(2025, 3, 31), Value: 22.5, Provenance: "partner_government", Status: "submitted"}
	must(t, db.CreateMeasurement(submitter, q1))
	if q1.SubmitterID != 7 {
		t.Errorf("CreateMeasurement: submitter_id = %d, want 7", q1.SubmitterID)
	}
	entries := auditCount(t, db)
	bad := []struct {
		name  string
		m     custos.Measurement
		field string
	}{
		{"percentage over 100", custos.Measurement{IndicatorID: ind.ID, PeriodStart: day(2025, 4, 1), PeriodEnd: day(2025, 6, 30), Value: 150, Provenance: "agency"}, "value"},
		{"unknown breakdown", custos.Measurement{IndicatorID: ind.ID, PeriodStart: day(2025, 4, 1), PeriodEnd: day(2025, 6, 30), Value: 15, Provenance: "agency", Disaggregation: map[string]string{"region": "Mopti"}}, "disaggregation.region"},
		{"overlapping period", custos.Measurement{IndicatorID: ind.ID, PeriodStart: day(2025, 3, 31), PeriodEnd: day(2025, 6, 30), Value: 30, Provenance: "civil_society"}, "period_start"},
		{"entered as approved", custos.Measurement{IndicatorID: ind.ID, PeriodStart: day(2025, 4, 1), PeriodEnd: day(2025, 6, 30), Value: 30, Provenance: "agency", Status: "approved", ApproverID: 7}, "status"},
		{"unknown indicator", custos.Measurement{IndicatorID: 424242, PeriodStart: day(2025, 4, 1), PeriodEnd: day(2025, 6, 30), Value: 30, Provenance: "agency"}, "indicator_id"},
		{"period ends before it starts", custos.Measurement{IndicatorID: ind.ID, PeriodStart: day(2025, 6, 1), PeriodEnd: day(2025, 4, 1), Value: 30, Provenance: "agency"}, "period_end"},
		{"period not begun", custos.Measurement{IndicatorID: ind.ID, PeriodStart: day(2099, 1, 1), PeriodEnd: day(2099, 3, 31), Value: 30, Provenance: "agency"}, "period_start"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.m
			wantField(t, "CreateMeasurement("+tt.name+")", db.CreateMeasurement(submitter, &m), tt.field)
		})
	}
	if got := auditCount(t, db); got != entries {
		t.Errorf("refused measurements wrote %d audit entries, want 0", got-entries)
	}
	// A breakdown does not overlap the total of the same period.
	women := &custos.Measurement{IndicatorID: ind.ID, PeriodStart: day(2025, 1, 1), PeriodEnd: day(2025, 3, 31), Value: 18, Provenance: "partner_government",
		Disaggregation: map[string]string{"sex": "female"}, Status: "submitted"}
	must(t, db.CreateMeasurement(submitter, women))
	list, _, err := db.FindMeasurements(submitter, custos.MeasurementFilter{IndicatorID: ind.ID})
	must(t, err)
	if len(list) != 2 {
		t.Fatalf("FindMeasurements() = %d, want 2 (nothing stored from the refused ones)", len(list))
	}

	_, err = db.ReviewMeasurement(submitter, q1.ID, "approved", "")
	wantKind(t, "ReviewMeasurement by its submitter", err, custos.EFORBIDDEN)
	_, err = db.ReviewMeasurement(as(custos.RolePlanner), q1.ID, "approved", "")
	wantKind(t, "ReviewMeasurement by an unnamed caller", err, custos.EFORBIDDEN)
	_, err = db.ReviewMeasurement(asUser(custos.RoleViewer, 9), q1.ID, "approved", "")
	wantKind(t, "ReviewMeasurement by a viewer", err, custos.EFORBIDDEN)
	got, err := db.ReviewMeasurement(reviewer, q1.ID, "approved", "Checked against the IGSS register")
	must(t, err)
	if got.Status != "approved" || got.ApproverID != 8 || got.ReviewedAt.IsZero() {
		t.Errorf("ReviewMeasurement() = status %s, approver %d, reviewed %v; want approved by 8 with a time", got.Status, got.ApproverID, got.ReviewedAt)
	}
	stored, err := db.FindMeasurement(reviewer, q1.ID)
	must(t, err)
	if diff := cmp.Diff(got, stored, cmpopts.IgnoreFields(custos.Measurement{}, "CreatedAt", "UpdatedAt", "ReviewedAt")); diff != "" {
		t.Errorf("FindMeasurement() after review mismatch (-want +got):\n%s", diff)
	}
	_, err = db.ReviewMeasurement(reviewer, q1.ID, "rejected", "")
	wantField(t, "ReviewMeasurement(already approved)", err, "status")
	stored.Value = 23
	stored.Status = "submitted"
	wantKind(t, "UpdateMeasurement(approved)", db.UpdateMeasurement(submitter, stored), custos.ECONFLICT)

	// A rejected figure leaves its period free for the corrected one.
	_, err = db.ReviewMeasurement(reviewer, women.ID, "rejected", "Does not add up")
	must(t, err)
	fixed := &custos.Measurement{IndicatorID: ind.ID, PeriodStart: day(2025, 1, 1), PeriodEnd: day(2025, 3, 31), Value: 19, Provenance: "partner_government",
		Disaggregation: map[string]string{"sex": "female"}}
	must(t, db.CreateMeasurement(submitter, fixed))
	if fixed.Status != "draft" {
		t.Errorf("CreateMeasurement() status = %q, want draft by default", fixed.Status)
	}
	for _, tt := range []struct {
		f    custos.MeasurementFilter
		want int
	}{
		{custos.MeasurementFilter{Status: "approved"}, 1},
		{custos.MeasurementFilter{Provenance: "partner_government", To: day(2024, 12, 31)}, 0},
		{custos.MeasurementFilter{From: day(2025, 3, 31)}, 3},
	} {
		list, _, err := db.FindMeasurements(submitter, tt.f)
		must(t, err)
		if len(list) != tt.want {
			t.Errorf("FindMeasurements(%+v) = %d, want %d", tt.f, len(list), tt.want)
		}
	}
	// The indicator cannot change to a unit its measurements do not fit.
	ind.Unit = "count"
	err = db.UpdateIndicator(as(custos.RoleAnalyst), ind)
	wantField(t, "UpdateIndicator(unit that stored values do not fit)", err, "unit")
	if err != nil && !strings.Contains(err.(*custos.Error).Fields["unit"], "measurement") {
		t.Errorf("UpdateIndicator() error = %v, want it to name the measurement", err)
	}
}
