package custos

import (
	"errors"
	"math"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// invalidFieldsOf returns the sorted field paths an EINVALID error names, or
// nil for a nil error.
func invalidFieldsOf(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var e *Error
	if !errors.As(err, &e) || e.Kind != EINVALID {
		t.Fatalf("error %v is not an EINVALID *Error", err)
	}
	var out []string
	for k := range e.Fields {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// conditionDate parses a date for the tables of the M&E and condition tests.
func conditionDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestResultValidate(t *testing.T) {
	ok := func() Result {
		return Result{ID: 7, ProgramID: 1, Level: "outcome", Title: "Complaints investigated", Releasability: Internal}
	}
	tests := []struct {
		name string
		edit func(*Result)
		want []string
	}{
		{"valid", func(*Result) {}, nil},
		{"no program", func(r *Result) { r.ProgramID = 0 }, []string{"program_id"}},
		{"bad level", func(r *Result) { r.Level = "activity" }, []string{"level"}},
		{"own parent", func(r *Result) { r.ParentID = 7 }, []string{"parent_id"}},
		{"negative parent", func(r *Result) { r.ParentID = -1 }, []string{"parent_id"}},
		{"empty title", func(r *Result) { r.Title = " " }, []string{"title"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ok()
			tt.edit(&r)
			if diff := cmp.Diff(tt.want, invalidFieldsOf(t, r.Validate())); diff != "" {
				t.Errorf("Validate() fields (-want +got):\n%s", diff)
			}
		})
	}
}

func TestResultCheckParent(t *testing.T) {
	child := &Result{ID: 2, ProgramID: 1, Level: "output"}
	tests := []struct {
		parent  Result
		wantErr bool
	}{
		{Result{ID: 3, ProgramID: 1, Level: "outcome"}, false},
		{Result{ID: 3, ProgramID: 1, Level: "impact"}, false},
		{Result{ID: 3, ProgramID: 1, Level: "output"}, true},
		{Result{ID: 3, ProgramID: 1, Level: "input"}, true},
		{Result{ID: 3, ProgramID: 9, Level: "impact"}, true},
	}
	for _, tt := range tests {
		err := child.CheckParent(&tt.parent)
		if (err != nil) != tt.wantErr {
			t.Errorf("CheckParent(%s in program %d) = %v, want error %v", tt.parent.Level, tt.parent.ProgramID, err, tt.wantErr)
		}
	}
}

func TestIndicatorCheckValue(t *testing.T) {
	score := &Indicator{Unit: "score", ScaleMin: 1, ScaleMax: 5}
	tests := []struct {
		unit Unit
		v    float64
		ok   bool
	}{
		{"count", 0, true},
		{"count", 12, true},
		{"count", -1, false},
		{"count", 2.5, false},
		{"percent", 0, true},
		{"percent", 100, true},
		{"percent", 100.5, false},
		{"percent", -0.1, false},
		{"ratio", 1.5, true},
		{"ratio", -0.5, false},
		{"usd", 2_500_000, true},
		{"usd", -1, false},
		{"usd", 2e12, false},
		{"days", 143.5, true},
		{"days", MaxDays + 1, false},
		{"score", 1, true},
		{"score", 5, true},
		{"score", 0, false},
		{"score", 5.5, false},
		{"percent", math.NaN(), false},
		{"count", math.Inf(1), false},
	}
	for _, tt := range tests {
		ind := &Indicator{Unit: tt.unit}
		if tt.unit == "score" {
			ind = score
		}
		err := ind.CheckValue(tt.v)
		if (err == nil) != tt.ok {
			t.Errorf("CheckValue(%v %s) = %v, want ok %v", tt.v, tt.unit, err, tt.ok)
		}
	}
}

func validIndicator() Indicator {
	return Indicator{
		ID: 4, ProgramID: 1, ResultID: 2, Code: "POL-3", Title: "Share of complaints investigated within 90 days",
		Unit: "percent", Direction: "increase",
		Baseline:        &Baseline{Value: 12, Date: conditionDate("2025-01-01")},
		Targets:         []Target{{Start: conditionDate("2025-10-01"), End: conditionDate("2026-09-30"), Value: 40}},
		Disaggregations: []string{"region", "sex"},
		DataSource:      "Inspectorate case register", ReportedBy: "partner_government",
		Releasability: Internal,
	}
}

func TestIndicatorValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Indicator)
		want []string
	}{
		{"valid", func(*Indicator) {}, nil},
		{"bad code", func(i *Indicator) { i.Code = "3 POL" }, []string{"code"}},
		{"no result", func(i *Indicator) { i.ResultID = 0 }, []string{"result_id"}},
		{"bad unit", func(i *Indicator) { i.Unit = "people" }, []string{"unit"}},
		{"bad direction", func(i *Indicator) { i.Direction = "up" }, []string{"direction"}},
		{"baseline out of range", func(i *Indicator) { i.Baseline.Value = 120 }, []string{"baseline.value"}},
		{"baseline without date", func(i *Indicator) { i.Baseline.Date = Date{} }, []string{"baseline.date"}},
		{"target ends before start", func(i *Indicator) { i.Targets[0].End = conditionDate("2025-09-30") }, []string{"targets[0].end"}},
		{"target implausible", func(i *Indicator) { i.Targets[0].Value = -3 }, []string{"targets[0].value"}},
		{"target without start", func(i *Indicator) { i.Targets[0].Start = Date{} }, []string{"targets[0].start"}},
		{"targets overlap", func(i *Indicator) {
			i.Targets = append(i.Targets, Target{Start: conditionDate("2026-09-30"), End: conditionDate("2027-09-30"), Value: 50})
		}, []string{"targets[1].start"}},
		{"targets adjoin", func(i *Indicator) {
			i.Targets = append(i.Targets, Target{Start: conditionDate("2026-10-01"), End: conditionDate("2027-09-30"), Value: 50})
		}, nil},
		{"repeated dimension", func(i *Indicator) { i.Disaggregations = []string{"sex", "sex"} }, []string{"disaggregations[1]"}},
		{"bad dimension", func(i *Indicator) { i.Disaggregations = []string{"Sex Of"} }, []string{"disaggregations[0]"}},
		{"score without scale", func(i *Indicator) { i.Unit = "score"; i.Baseline = nil; i.Targets = nil }, []string{"scale_max"}},
		{"scale on a percent", func(i *Indicator) { i.ScaleMax = 5 }, []string{"scale_min"}},
		{"bad reporter", func(i *Indicator) { i.ReportedBy = "contractor" }, []string{"reported_by"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ind := validIndicator()
			tt.edit(&ind)
			if diff := cmp.Diff(tt.want, invalidFieldsOf(t, ind.Validate())); diff != "" {
				t.Errorf("Validate() fields (-want +got):\n%s", diff)
			}
		})
	}
}

func validMeasurement() Measurement {
	return Measurement{
		IndicatorID: 4, PeriodStart: conditionDate("2026-01-01"), PeriodEnd: conditionDate("2026-03-31"), Value: 31.5,
		Disaggregation: map[string]string{"sex": "female"},
		Provenance:     "civil_society", Status: "approved", ApproverID: 9, Releasability: Internal,
	}
}

func TestMeasurementValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Measurement)
		want []string
	}{
		{"valid", func(*Measurement) {}, nil},
		{"one-day period", func(m *Measurement) { m.PeriodEnd = m.PeriodStart }, nil},
		{"ends before start", func(m *Measurement) { m.PeriodEnd = conditionDate("2025-12-31") }, []string{"period_end"}},
		{"no period", func(m *Measurement) { m.PeriodStart, m.PeriodEnd = Date{}, Date{} }, []string{"period_end", "period_start"}},
		{"NaN", func(m *Measurement) { m.Value = math.NaN() }, []string{"value"}},
		{"approved without approver", func(m *Measurement) { m.ApproverID = 0 }, []string{"approver_id"}},
		{"rejected without approver", func(m *Measurement) { m.Status = "rejected"; m.ApproverID = 0 }, []string{"approver_id"}},
		{"draft with approver", func(m *Measurement) { m.Status = "draft" }, []string{"approver_id"}},
		{"bad provenance", func(m *Measurement) { m.Provenance = "press" }, []string{"provenance"}},
		{"bad status", func(m *Measurement) { m.Status = "final" }, []string{"status"}},
		{"empty breakdown value", func(m *Measurement) { m.Disaggregation["sex"] = "" }, []string{"disaggregation.sex"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := validMeasurement()
			tt.edit(&m)
			if diff := cmp.Diff(tt.want, invalidFieldsOf(t, m.Validate())); diff != "" {
				t.Errorf("Validate() fields (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMeasurementCheckAgainst(t *testing.T) {
	ind := validIndicator()
	tests := []struct {
		name string
		edit func(*Measurement)
		want []string
	}{
		{"fits", func(*Measurement) {}, nil},
		{"percent above 100", func(m *Measurement) { m.Value = 250 }, []string{"value"}},
		{"undeclared dimension", func(m *Measurement) { m.Disaggregation = map[string]string{"rank": "officer"} }, []string{"disaggregation.rank"}},
		{"other indicator", func(m *Measurement) { m.IndicatorID = 5 }, []string{"indicator_id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := validMeasurement()
			tt.edit(&m)
			if diff := cmp.Diff(tt.want, invalidFieldsOf(t, m.CheckAgainst(&ind))); diff != "" {
				t.Errorf("CheckAgainst() fields (-want +got):\n%s", diff)
			}
		})
	}
}

func TestOverlappingPeriods(t *testing.T) {
	m := func(ind int64, start, end string, d map[string]string, status MeasurementStatus) Measurement {
		return Measurement{IndicatorID: ind, PeriodStart: conditionDate(start), PeriodEnd: conditionDate(end), Disaggregation: d, Status: status}
	}
	female := map[string]string{"sex": "female"}
	ms := []Measurement{
		0: m(1, "2026-01-01", "2026-03-31", nil, "approved"),
		1: m(1, "2026-04-01", "2026-06-30", nil, "approved"),                             // adjoins 0: no overlap
		2: m(1, "2026-03-31", "2026-04-15", nil, "submitted"),                            // shares 31 March with 0 and April with 1
		3: m(1, "2026-01-01", "2026-03-31", female, "approved"),                          // a breakdown, not the total
		4: m(2, "2026-01-01", "2026-03-31", nil, "approved"),                             // another indicator
		5: m(1, "2026-02-01", "2026-02-28", nil, "rejected"),                             // rejected: ignored
		6: m(1, "2026-02-01", "2026-02-28", map[string]string{"sex": "female"}, "draft"), // inside 3
		7: m(1, "2026-05-01", "2026-04-01", nil, "draft"),                                // invalid period: ignored
	}
	want := []Overlap{
		{First: 0, Second: 2, IndicatorID: 1},
		{First: 1, Second: 2, IndicatorID: 1},
		{First: 3, Second: 6, IndicatorID: 1, Disaggregation: `sex="female"`},
	}
	if diff := cmp.Diff(want, OverlappingPeriods(ms)); diff != "" {
		t.Errorf("OverlappingPeriods (-want +got):\n%s", diff)
	}
	if got := OverlappingPeriods(nil); len(got) != 0 {
		t.Errorf("OverlappingPeriods(nil) = %v, want none", got)
	}
}

func TestDisaggregationKey(t *testing.T) {
	a := DisaggregationKey(map[string]string{"sex": "female", "region": "north"})
	b := DisaggregationKey(map[string]string{"region": "north", "sex": "female"})
	if want := `region="north", sex="female"`; a != want || b != want {
		t.Errorf("DisaggregationKey = %q and %q, want %q for both", a, b, want)
	}
	if got := DisaggregationKey(map[string]string{"a": `x", b="y`}); got == DisaggregationKey(map[string]string{"a": "x", "b": "y"}) {
		t.Errorf("DisaggregationKey confused a quoted value with two dimensions: %q", got)
	}
}
