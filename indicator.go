package custos

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"time"
)

// ResultLevel is a rung of a program's results chain (its theory of change):
// inputs buy outputs, outputs should cause outcomes, outcomes add up to impact.
type ResultLevel string

// Result levels, lowest first.
var ResultLevels = []ResultLevel{"input", "output", "outcome", "impact"}

// Rank returns the position of the level in the chain (input 1 to impact
// 4), or 0 for an unknown level, so that a parent can be checked to sit
// above its child.
func (l ResultLevel) Rank() int {
	for i, x := range ResultLevels {
		if x == l {
			return i + 1
		}
	}
	return 0
}

// Result is one step of a program's results chain: "200 officers trained"
// (output), "complaints against police investigated within 90 days"
// (outcome). Results form a tree through ParentID, from inputs up to impact.
type Result struct {
	ID            int64         `json:"id"`
	ProgramID     int64         `json:"program_id"`
	Level         ResultLevel   `json:"level"`
	Title         string        `json:"title"`
	ParentID      int64         `json:"parent_id,omitempty"` // the result this one contributes to
	Description   string        `json:"description,omitempty"`
	Releasability Releasability `json:"releasability"`
	CreatedAt     time.Time     `json:"created_at,omitzero"`
	UpdatedAt     time.Time     `json:"updated_at,omitzero"`
}

// Normalize fills defaults.
func (r *Result) Normalize() {
	if r.Releasability == 0 {
		r.Releasability = Internal
	}
}

// Validate reports the first problem with each field.
func (r *Result) Validate() error {
	f := FieldErrors{}
	if r.ProgramID <= 0 {
		f.Add("program_id", "is required")
	}
	oneOf(f, "level", r.Level, ResultLevels, true)
	checkLine(f, "title", r.Title, MaxNameLen, true)
	switch {
	case r.ParentID < 0:
		f.Add("parent_id", "must be a positive id")
	case r.ParentID != 0 && r.ParentID == r.ID:
		f.Add("parent_id", "is the result itself")
	}
	checkText(f, "description", r.Description, MaxTextLen, false)
	checkReleasability(f, r.Releasability)
	return f.Err("result")
}

// CheckParent reports whether p may be r's parent: the same program and a
// higher level, because a results chain only climbs (an output contributes
// to an outcome, never the reverse). The store calls it with the stored
// parent before saving r.
func (r *Result) CheckParent(p *Result) error {
	f := FieldErrors{}
	switch {
	case p.ProgramID != r.ProgramID:
		f.Add("parent_id", fmt.Sprintf("result %d belongs to another program", p.ID))
	case p.Level.Rank() <= r.Level.Rank():
		f.Add("parent_id", fmt.Sprintf("a %s result cannot contribute to a %s result; the parent must be a higher level", r.Level, p.Level))
	}
	return f.Err("result")
}

// Unit is what an indicator's values count or measure. Each unit has a
// plausible range, so that a typing slip (a percentage of 850, a negative
// count) is caught when the measurement is entered, not in a report:
//
//	count    whole number of things or people, 0 or more
//	percent  share out of 100, 0 to 100
//	ratio    quotient of two non-negative quantities, 0 or more (1.5 trainers per post)
//	usd      U.S. dollars, 0 to 1,000,000,000,000
//	days     duration in days, 0 to 36,525 (a century); fractions allowed for averages
//	score    rating on the indicator's own scale, ScaleMin to ScaleMax (an ICB maturity 1 to 5)
type Unit string

// Units.
var Units = []Unit{"count", "percent", "ratio", "usd", "days", "score"}

// MaxDays bounds a duration measured in days: a century.
const MaxDays = 36525

// Direction says which way an indicator should move for the program to
// succeed; a report colours a change by it.
type Direction string

// Directions.
var Directions = []Direction{"increase", "decrease", "maintain"}

// Provenance says who produced a figure. Figures from the partner government
// and from civil society are kept apart from the donor agency's own, because
// an outcome reported only by the party paid to achieve it is weak evidence.
type Provenance string

// Provenances.
var Provenances = []Provenance{"agency", "partner_government", "civil_society"}

// Baseline is an indicator's value before the program started.
type Baseline struct {
	Value float64 `json:"value"`
	Date  Date    `json:"date"`
}

// Target is the value an indicator should reach in one period.
type Target struct {
	Start Date    `json:"start"`
	End   Date    `json:"end"`
	Value float64 `json:"value"`
}

var (
	indicatorCode = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.-]{0,63}$`)
	dimensionName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)
)

// Indicator limits.
const (
	MaxTargets         = 200 // periods with a target on one indicator
	MaxDisaggregations = 10  // dimensions one indicator is broken down by
)

// Indicator measures one result. Code is the short name conditions use to
// refer to it (indicator["POL-3"] in a condition's criterion), unique within
// the program.
type Indicator struct {
	ID              int64         `json:"id"`
	ProgramID       int64         `json:"program_id"`
	ResultID        int64         `json:"result_id"`
	Code            string        `json:"code"`
	Title           string        `json:"title"`
	Unit            Unit          `json:"unit"`
	ScaleMin        float64       `json:"scale_min,omitempty"` // score only
	ScaleMax        float64       `json:"scale_max,omitempty"` // score only
	Direction       Direction     `json:"direction"`
	Baseline        *Baseline     `json:"baseline,omitempty"`
	Targets         []Target      `json:"targets,omitempty"`
	Disaggregations []string      `json:"disaggregations,omitempty"` // dimensions such as "sex", "region"
	DataSource      string        `json:"data_source,omitempty"`     // where the figures come from
	ReportedBy      Provenance    `json:"reported_by,omitempty"`     // who is expected to report them
	Description     string        `json:"description,omitempty"`
	Releasability   Releasability `json:"releasability"`
	CreatedAt       time.Time     `json:"created_at,omitzero"`
	UpdatedAt       time.Time     `json:"updated_at,omitzero"`
}

// Normalize fills defaults.
func (ind *Indicator) Normalize() {
	if ind.Releasability == 0 {
		ind.Releasability = Internal
	}
}

// Validate reports the first problem with each field.
func (ind *Indicator) Validate() error {
	f := FieldErrors{}
	if ind.ProgramID <= 0 {
		f.Add("program_id", "is required")
	}
	if ind.ResultID <= 0 {
		f.Add("result_id", "is required")
	}
	if !indicatorCode.MatchString(ind.Code) {
		f.Add("code", "must be 1 to 64 letters, digits, '_', '.' or '-', starting with a letter (for example POL-3)")
	}
	checkLine(f, "title", ind.Title, MaxNameLen, true)
	oneOf(f, "unit", ind.Unit, Units, true)
	if ind.Unit == "score" {
		switch {
		case !finite(ind.ScaleMin) || !finite(ind.ScaleMax):
			f.Add("scale_max", "must be a finite number")
		case ind.ScaleMax <= ind.ScaleMin:
			f.Add("scale_max", "must be above scale_min for a score")
		}
	} else if ind.ScaleMin != 0 || ind.ScaleMax != 0 {
		f.Add("scale_min", "is only for indicators measured as a score")
	}
	oneOf(f, "direction", ind.Direction, Directions, true)
	if b := ind.Baseline; b != nil {
		if err := ind.CheckValue(b.Value); err != nil {
			f.Add("baseline.value", err.Error())
		}
		if b.Date.IsZero() {
			f.Add("baseline.date", "is required")
		}
	}
	if len(ind.Targets) > MaxTargets {
		f.Add("targets", fmt.Sprintf("has more than %d periods", MaxTargets))
	}
	for i, t := range ind.Targets {
		p := fmt.Sprintf("targets[%d]", i)
		checkPeriod(f, p+".start", p+".end", t.Start, t.End)
		if err := ind.CheckValue(t.Value); err != nil {
			f.Add(p+".value", err.Error())
		}
		// Two targets for one day would make "the target for today"
		// ambiguous.
		for j, u := range ind.Targets[:i] {
			if !t.Start.IsZero() && !t.End.IsZero() && !u.Start.IsZero() && !u.End.IsZero() && !t.End.Before(u.Start) && !u.End.Before(t.Start) {
				f.Add(p+".start", fmt.Sprintf("the period %s to %s overlaps targets[%d] (%s to %s); target periods must not overlap", t.Start, t.End, j, u.Start, u.End))
				break
			}
		}
	}
	if len(ind.Disaggregations) > MaxDisaggregations {
		f.Add("disaggregations", fmt.Sprintf("has more than %d dimensions", MaxDisaggregations))
	}
	seen := map[string]bool{}
	for i, d := range ind.Disaggregations {
		p := fmt.Sprintf("disaggregations[%d]", i)
		switch {
		case !dimensionName.MatchString(d):
			f.Add(p, fmt.Sprintf("%q is not a dimension name: lower-case letters, digits and '_' (for example sex, region)", d))
		case seen[d]:
			f.Add(p, fmt.Sprintf("repeats %q", d))
		}
		seen[d] = true
	}
	checkLine(f, "data_source", ind.DataSource, MaxNameLen, false)
	oneOf(f, "reported_by", ind.ReportedBy, Provenances, false)
	checkText(f, "description", ind.Description, MaxTextLen, false)
	checkReleasability(f, ind.Releasability)
	return f.Err("indicator")
}

// CheckValue reports whether v is a plausible value in the indicator's unit
// (see Unit for the ranges); the error reads as a field reason.
func (ind *Indicator) CheckValue(v float64) error {
	if !finite(v) {
		return fmt.Errorf("must be a finite number")
	}
	switch ind.Unit {
	case "count":
		if v < 0 || v != math.Trunc(v) {
			return fmt.Errorf("%v is not a count: a whole number, 0 or more", v)
		}
	case "percent":
		if v < 0 || v > 100 {
			return fmt.Errorf("%v is not a percentage between 0 and 100", v)
		}
	case "ratio":
		if v < 0 {
			return fmt.Errorf("%v is not a ratio: it must be 0 or more", v)
		}
	case "usd":
		if v < 0 || v > MaxAmountUSD {
			return fmt.Errorf("%v is not an amount between 0 and 1,000,000,000,000 dollars", v)
		}
	case "days":
		if v < 0 || v > MaxDays {
			return fmt.Errorf("%v is not a number of days between 0 and %d", v, MaxDays)
		}
	case "score":
		if v < ind.ScaleMin || v > ind.ScaleMax {
			return fmt.Errorf("%v is outside the indicator's scale (%v to %v)", v, ind.ScaleMin, ind.ScaleMax)
		}
	}
	return nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// checkPeriod requires both ends of a period and rejects one that ends
// before it starts; a one-day period starts and ends on the same day.
func checkPeriod(f FieldErrors, startField, endField string, start, end Date) {
	if start.IsZero() {
		f.Add(startField, "is required")
	}
	if end.IsZero() {
		f.Add(endField, "is required")
	}
	if !start.IsZero() && !end.IsZero() && end.Before(start) {
		f.Add(endField, fmt.Sprintf("%s is before the start %s", end, start))
	}
}

// ResultFilter selects results. Zero fields do not filter.
type ResultFilter struct {
	ProgramID int64       `json:"program_id,omitempty"`
	Level     ResultLevel `json:"level,omitempty"`
	ParentID  int64       `json:"parent_id,omitempty"`
	Page
}

// IndicatorFilter selects indicators. Zero fields do not filter.
type IndicatorFilter struct {
	ProgramID int64  `json:"program_id,omitempty"`
	ResultID  int64  `json:"result_id,omitempty"`
	Code      string `json:"code,omitempty"`
	Unit      Unit   `json:"unit,omitempty"`
	Q         string `json:"q,omitempty"` // in the title
	Page
}

// ResultService keeps programs' results chains.
type ResultService interface {
	FindResults(ctx context.Context, f ResultFilter) ([]*Result, string, error)
	FindResult(ctx context.Context, id int64) (*Result, error)
	CreateResult(ctx context.Context, r *Result) error
	UpdateResult(ctx context.Context, r *Result) error
	DeleteResult(ctx context.Context, id int64) error
}

// IndicatorService keeps indicators.
type IndicatorService interface {
	FindIndicators(ctx context.Context, f IndicatorFilter) ([]*Indicator, string, error)
	FindIndicator(ctx context.Context, id int64) (*Indicator, error)
	CreateIndicator(ctx context.Context, ind *Indicator) error
	UpdateIndicator(ctx context.Context, ind *Indicator) error
	DeleteIndicator(ctx context.Context, id int64) error
}

// MeasurementStatus is where a measurement is in review. Only approved
// measurements count in reports and in condition evaluation.
type MeasurementStatus string

// Measurement statuses.
var MeasurementStatuses = []MeasurementStatus{"draft", "submitted", "approved", "rejected"}

// Measurement is an indicator's value over one period, whole or for one
// breakdown (Disaggregation {"sex": "female"}). A measurement with no
// disaggregation is the indicator's total for the period.
type Measurement struct {
	ID             int64             `json:"id"`
	IndicatorID    int64             `json:"indicator_id"`
	PeriodStart    Date              `json:"period_start"`
	PeriodEnd      Date              `json:"period_end"`
	Value          float64           `json:"value"`
	Disaggregation map[string]string `json:"disaggregation,omitempty"` // dimension -> value
	Provenance     Provenance        `json:"provenance"`
	Status         MeasurementStatus `json:"status"`
	SubmitterID    int64             `json:"submitter_id,omitempty"` // the user who entered it; set by the store
	ApproverID     int64             `json:"approver_id,omitempty"`  // the user who approved or rejected it
	ReviewedAt     time.Time         `json:"reviewed_at,omitzero"`
	Note           string            `json:"note,omitempty"`
	Source         *SourceRef        `json:"source,omitempty"`
	Releasability  Releasability     `json:"releasability"`
	CreatedAt      time.Time         `json:"created_at,omitzero"`
	UpdatedAt      time.Time         `json:"updated_at,omitzero"`
}

// Normalize fills defaults.
func (m *Measurement) Normalize() {
	if m.Releasability == 0 {
		m.Releasability = Internal
	}
	if m.Status == "" {
		m.Status = "draft"
	}
}

// Validate reports the first problem with each field. It checks what can be
// checked without the indicator; CheckAgainst checks the rest.
func (m *Measurement) Validate() error {
	f := FieldErrors{}
	if m.IndicatorID <= 0 {
		f.Add("indicator_id", "is required")
	}
	checkPeriod(f, "period_start", "period_end", m.PeriodStart, m.PeriodEnd)
	if !finite(m.Value) {
		f.Add("value", "must be a finite number")
	}
	if len(m.Disaggregation) > MaxDisaggregations {
		f.Add("disaggregation", fmt.Sprintf("has more than %d dimensions", MaxDisaggregations))
	}
	for k, v := range m.Disaggregation {
		p := "disaggregation." + k
		if !dimensionName.MatchString(k) {
			f.Add("disaggregation", fmt.Sprintf("%q is not a dimension name: lower-case letters, digits and '_'", k))
			continue
		}
		checkLine(f, p, v, MaxNameLen, true)
	}
	oneOf(f, "provenance", m.Provenance, Provenances, true)
	oneOf(f, "status", m.Status, MeasurementStatuses, true)
	switch m.Status {
	case "approved", "rejected":
		if m.ApproverID <= 0 {
			f.Add("approver_id", fmt.Sprintf("is required for a %s measurement", m.Status))
		}
	case "draft", "submitted":
		if m.ApproverID != 0 {
			f.Add("approver_id", fmt.Sprintf("must be empty until the measurement is approved or rejected, it is %s", m.Status))
		}
	}
	checkText(f, "note", m.Note, MaxTextLen, false)
	checkSource(f, m.Source)
	checkReleasability(f, m.Releasability)
	return f.Err("measurement")
}

// CheckAgainst reports whether the measurement fits its indicator: a
// plausible value in the indicator's unit, and a breakdown only by the
// dimensions the indicator declares.
func (m *Measurement) CheckAgainst(ind *Indicator) error {
	f := FieldErrors{}
	if m.IndicatorID != ind.ID {
		f.Add("indicator_id", fmt.Sprintf("is %d, not indicator %d", m.IndicatorID, ind.ID))
	}
	if err := ind.CheckValue(m.Value); err != nil {
		f.Add("value", err.Error())
	}
	for k := range m.Disaggregation {
		known := false
		for _, d := range ind.Disaggregations {
			known = known || d == k
		}
		if !known {
			f.Add("disaggregation."+k, fmt.Sprintf("indicator %s is not broken down by %q", ind.Code, k))
		}
	}
	return f.Err("measurement")
}

// Overlap names two measurements, by their index in the slice given to
// OverlappingPeriods, that cover some of the same days for the same
// indicator and breakdown. Both cannot be right: one of them double counts.
type Overlap struct {
	First          int    `json:"first"`
	Second         int    `json:"second"`
	IndicatorID    int64  `json:"indicator_id"`
	Disaggregation string `json:"disaggregation,omitempty"` // sex="female", region="north"; "" for the total
}

// OverlappingPeriods returns every pair of measurements of the same
// indicator and the same breakdown whose periods share at least one day
// (periods include both ends, so one ending on 31 March and the next
// starting on 31 March overlap). Rejected measurements are left out: a
// corrected figure for the same period is expected to replace them. So are
// measurements without a valid period, which Validate reports. Pairs come
// sorted by First then Second, with First < Second. The store calls it with
// an indicator's stored measurements plus the one being saved.
func OverlappingPeriods(ms []Measurement) []Overlap {
	groups := map[string][]int{}
	var keys []string
	for i, m := range ms {
		if m.Status == "rejected" || m.PeriodStart.IsZero() || m.PeriodEnd.IsZero() || m.PeriodEnd.Before(m.PeriodStart) {
			continue
		}
		k := fmt.Sprintf("%d|%s", m.IndicatorID, DisaggregationKey(m.Disaggregation))
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], i)
	}
	var out []Overlap
	for _, k := range keys {
		idx := groups[k]
		sort.SliceStable(idx, func(a, b int) bool { return ms[idx[a]].PeriodStart.Before(ms[idx[b]].PeriodStart) })
		for a, i := range idx {
			end := ms[i].PeriodEnd
			for _, j := range idx[a+1:] {
				if end.Before(ms[j].PeriodStart) {
					break
				}
				first, second := min(i, j), max(i, j)
				out = append(out, Overlap{First: first, Second: second, IndicatorID: ms[i].IndicatorID, Disaggregation: DisaggregationKey(ms[i].Disaggregation)})
			}
		}
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].First != out[b].First {
			return out[a].First < out[b].First
		}
		return out[a].Second < out[b].Second
	})
	return out
}

// DisaggregationKey writes a breakdown in one canonical form, dimensions in
// order and values quoted (region="north", sex="female"), so that two equal
// breakdowns give equal keys; the total (no breakdown) gives "".
func DisaggregationKey(d map[string]string) string {
	if len(d) == 0 {
		return ""
	}
	dims := make([]string, 0, len(d))
	for k := range d {
		dims = append(dims, k)
	}
	sort.Strings(dims)
	parts := make([]string, len(dims))
	for i, k := range dims {
		parts[i] = fmt.Sprintf("%s=%q", k, d[k])
	}
	return strings.Join(parts, ", ")
}

// MeasurementFilter selects measurements. Zero fields do not filter.
type MeasurementFilter struct {
	IndicatorID int64             `json:"indicator_id,omitempty"`
	ProgramID   int64             `json:"program_id,omitempty"` // of the indicator
	Status      MeasurementStatus `json:"status,omitempty"`
	Provenance  Provenance        `json:"provenance,omitempty"`
	From        Date              `json:"from,omitzero"` // periods ending on or after
	To          Date              `json:"to,omitzero"`   // periods starting on or before
	Page
}

// MeasurementService keeps measurements and their review. Review sets the
// status to approved or rejected, records the reviewer and time, and is the
// only way a measurement becomes approved.
type MeasurementService interface {
	FindMeasurements(ctx context.Context, f MeasurementFilter) ([]*Measurement, string, error)
	FindMeasurement(ctx context.Context, id int64) (*Measurement, error)
	CreateMeasurement(ctx context.Context, m *Measurement) error
	UpdateMeasurement(ctx context.Context, m *Measurement) error
	DeleteMeasurement(ctx context.Context, id int64) error
	ReviewMeasurement(ctx context.Context, id int64, status MeasurementStatus, note string) (*Measurement, error)
}

// ProgramEvaluationKind says when a program was evaluated: at a decision
// point (continue, change, stop) or at its close.
type ProgramEvaluationKind string

// Program evaluation kinds.
var ProgramEvaluationKinds = []ProgramEvaluationKind{"decision_point", "close"}

// ProgramEvaluation records what a program achieved when it was judged:
// the outcomes reached, the consequences nobody intended (a trained unit
// used in a crackdown, a market distorted) and the lessons for the next
// program. Unintended consequences get their own field because they are the
// first thing an evaluation leaves out.
type ProgramEvaluation struct {
	ID            int64                 `json:"id"`
	ProgramID     int64                 `json:"program_id"`
	Kind          ProgramEvaluationKind `json:"kind"`
	Date          Date                  `json:"date"`
	Outcomes      string                `json:"outcomes"`
	Unintended    string                `json:"unintended,omitempty"`
	Lessons       string                `json:"lessons,omitempty"`
	Evaluator     string                `json:"evaluator,omitempty"` // the office or firm that evaluated
	Releasability Releasability         `json:"releasability"`
	CreatedAt     time.Time             `json:"created_at,omitzero"`
	UpdatedAt     time.Time             `json:"updated_at,omitzero"`
}

// Normalize fills defaults.
func (e *ProgramEvaluation) Normalize() {
	if e.Releasability == 0 {
		e.Releasability = Internal
	}
}

// Validate reports the first problem with each field.
func (e *ProgramEvaluation) Validate() error {
	f := FieldErrors{}
	if e.ProgramID <= 0 {
		f.Add("program_id", "is required")
	}
	oneOf(f, "kind", e.Kind, ProgramEvaluationKinds, true)
	if e.Date.IsZero() {
		f.Add("date", "is required")
	}
	checkText(f, "outcomes", e.Outcomes, MaxTextLen, true)
	checkText(f, "unintended", e.Unintended, MaxTextLen, false)
	checkText(f, "lessons", e.Lessons, MaxTextLen, false)
	checkLine(f, "evaluator", e.Evaluator, MaxNameLen, false)
	checkReleasability(f, e.Releasability)
	return f.Err("program evaluation")
}

// PortfolioFigures are the shares a reviewer of the whole portfolio asks
// for first: how many programs measure outcomes rather than only outputs,
// how many carry conditions, and how many meet their milestones on time.
// Shares are percentages of Programs, 0 when there are no programs.
type PortfolioFigures struct {
	Programs              int `json:"programs"`
	WithOutcomeIndicators int `json:"with_outcome_indicators"`
	WithConditions        int `json:"with_conditions"`
	WithMilestones        int `json:"with_milestones"`
	// WithMilestonesDue counts programs with at least one milestone whose
	// deadline has passed (today or earlier).
	WithMilestonesDue int `json:"with_milestones_due"`
	// MilestonesOnTime counts the programs of WithMilestonesDue whose every
	// due milestone was met on time: judged met by an evaluation as of its
	// deadline or earlier. A milestone reached only after its deadline, or
	// never judged met by then, was not met on time.
	MilestonesOnTime        int     `json:"milestones_on_time"`
	OutcomeIndicatorPercent float64 `json:"outcome_indicator_percent"`
	ConditionPercent        float64 `json:"condition_percent"`
	// OnTimePercent is MilestonesOnTime as a share of WithMilestonesDue.
	OnTimePercent float64 `json:"on_time_percent"`
}

// ProgramEvaluationFilter selects program evaluations. Zero fields do not
// filter.
type ProgramEvaluationFilter struct {
	ProgramID int64                 `json:"program_id,omitempty"`
	Kind      ProgramEvaluationKind `json:"kind,omitempty"`
	Page
}

// PortfolioFilter narrows the portfolio figures to one country's programs.
type PortfolioFilter struct {
	Country string `json:"country,omitempty"`
}

// ProgramEvaluationService keeps program evaluations and computes the
// portfolio figures.
type ProgramEvaluationService interface {
	FindProgramEvaluations(ctx context.Context, f ProgramEvaluationFilter) ([]*ProgramEvaluation, string, error)
	FindProgramEvaluation(ctx context.Context, id int64) (*ProgramEvaluation, error)
	CreateProgramEvaluation(ctx context.Context, e *ProgramEvaluation) error
	UpdateProgramEvaluation(ctx context.Context, e *ProgramEvaluation) error
	DeleteProgramEvaluation(ctx context.Context, id int64) error
	Portfolio(ctx context.Context, f PortfolioFilter) (*PortfolioFigures, error)
}
