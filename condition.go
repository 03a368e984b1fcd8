package custos

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// ConditionKind says how a condition is judged. A milestone is progress the
// partner must make by a deadline; a red line is a limit that must hold at
// all times, whose crossing triggers the consequences at once.
type ConditionKind string

// Condition kinds.
var ConditionKinds = []ConditionKind{"milestone", "red_line"}

// ConditionType is the IATI condition type: a policy the partner adopts, a
// performance it achieves, or a fiduciary duty over the money.
type ConditionType string

// Condition types, in IATI code order (1, 2, 3).
var ConditionTypes = []ConditionType{"policy", "performance", "fiduciary"}

// IATICode returns the IATI ConditionType code (1 policy, 2 performance,
// 3 fiduciary), or 0 for an unknown type.
func (t ConditionType) IATICode() int {
	for i, x := range ConditionTypes {
		if x == t {
			return i + 1
		}
	}
	return 0
}

// ConditionStatus is the verdict of one evaluation of a condition.
type ConditionStatus string

// Condition statuses. cannot_evaluate is never a success: a condition whose
// data is missing or whose expression fails is shown as unknown, not met.
const (
	ConditionMet            ConditionStatus = "met"
	ConditionOnTrack        ConditionStatus = "on_track"
	ConditionAtRisk         ConditionStatus = "at_risk"
	ConditionBreached       ConditionStatus = "breached"
	ConditionCannotEvaluate ConditionStatus = "cannot_evaluate"
)

// ConditionStatuses lists the statuses, best first.
var ConditionStatuses = []ConditionStatus{ConditionMet, ConditionOnTrack, ConditionAtRisk, ConditionBreached, ConditionCannotEvaluate}

// ConsequenceAction is one rung of a consequence ladder. The standard rungs
// escalate in this order; custom rungs carry their own text and may sit
// anywhere.
type ConsequenceAction string

// Consequence actions, mildest first, then custom.
var ConsequenceActions = []ConsequenceAction{"warning", "pause_new_obligations", "suspend", "terminate", "custom"}

// ConsequenceStep is a pre-defined consequence, agreed before the program
// starts so that a breach is met by a known response rather than a new
// negotiation.
type ConsequenceStep struct {
	Action ConsequenceAction `json:"action"`
	Text   string            `json:"text,omitempty"` // required for custom; detail otherwise
}

// Describe names a ladder step as the pages and reports do: "pause new
// obligations: no new training cohorts", or a custom step's own text.
func (st ConsequenceStep) Describe() string {
	what := strings.ReplaceAll(string(st.Action), "_", " ")
	switch {
	case st.Action == "custom" && st.Text != "":
		what = st.Text
	case st.Text != "":
		what += ": " + st.Text
	}
	return what
}

// Condition limits.
const (
	MaxCriterionLen   = 4000 // characters in a criterion or at-risk expression
	MaxConsequences   = 20   // rungs on one ladder
	MaxInducements    = 20   // inducements on one condition
	DefaultWarnDays   = 30   // days before a deadline when an unmet milestone is at risk
	MaxWarnDays       = 365
	maxInducementLen  = 1000
	maxConditionOwner = 200
)

// Condition is a milestone or red line attached to one program or to a
// country plan (ProgramID or Country, never both). Criterion is an
// expression over named inputs (indicators, incidents, vetting,
// consultations; see internal/conditions) that is true when the condition
// is met, so the data answers it instead of a reviewer's opinion.
type Condition struct {
	ID           int64             `json:"id"`
	ProgramID    int64             `json:"program_id,omitempty"`
	Country      string            `json:"country,omitempty"` // a country-plan condition
	Kind         ConditionKind     `json:"kind"`
	Type         ConditionType     `json:"type"`
	Title        string            `json:"title"`
	Owner        string            `json:"owner,omitempty"`     // the office that answers for it
	Deadline     Date              `json:"deadline,omitzero"`   // milestones only
	WarnDays     int               `json:"warn_days,omitempty"` // 0 means DefaultWarnDays
	Statement    string            `json:"statement"`           // the condition in plain language
	Criterion    string            `json:"criterion"`           // true when met (a red line: when it holds)
	AtRisk       string            `json:"at_risk,omitempty"`   // true when an unmet condition is at risk
	Consequences []ConsequenceStep `json:"consequences,omitempty"`
	Inducements  []string          `json:"inducements,omitempty"` // e.g. "release the next tranche"
	ExitStrategy string            `json:"exit_strategy,omitempty"`
	// Status is the verdict of the evaluation with the latest as-of date
	// (the newest of those), kept by the store so lists can show it;
	// StatusAsOf is that date. An evaluation as of an earlier date (a look
	// back at what the data said then) goes to the history, Evaluations,
	// and leaves both alone.
	Status        ConditionStatus `json:"status,omitempty"`
	StatusAsOf    Date            `json:"status_as_of,omitzero"`
	Source        *SourceRef      `json:"source,omitempty"`
	Releasability Releasability   `json:"releasability"`
	CreatedAt     time.Time       `json:"created_at,omitzero"`
	UpdatedAt     time.Time       `json:"updated_at,omitzero"`
}

// Normalize fills defaults.
func (c *Condition) Normalize() {
	if c.Releasability == 0 {
		c.Releasability = Internal
	}
}

// WarnWindow returns how many days before its deadline an unmet milestone
// is at risk.
func (c *Condition) WarnWindow() int {
	if c.WarnDays == 0 {
		return DefaultWarnDays
	}
	return c.WarnDays
}

// Validate reports the first problem with each field. It does not compile
// the expressions: the domain knows no expression language, so the store
// compiles them with internal/conditions before saving.
func (c *Condition) Validate() error {
	f := FieldErrors{}
	switch {
	case c.ProgramID < 0:
		f.Add("program_id", "must be a positive id")
	case c.ProgramID == 0 && c.Country == "":
		f.Add("program_id", "a condition belongs to a program or to a country plan: give program_id or country")
	case c.ProgramID != 0 && c.Country != "":
		f.Add("country", "give program_id or country, not both")
	}
	if c.Country != "" {
		checkCountryRef(f, "country", c.Country, true)
	}
	oneOf(f, "kind", c.Kind, ConditionKinds, true)
	oneOf(f, "type", c.Type, ConditionTypes, true)
	checkLine(f, "title", c.Title, MaxNameLen, true)
	checkLine(f, "owner", c.Owner, maxConditionOwner, false)
	switch {
	case c.Kind == "milestone" && c.Deadline.IsZero():
		f.Add("deadline", "is required for a milestone; without one it could never be breached")
	case c.Kind == "red_line" && !c.Deadline.IsZero():
		f.Add("deadline", "a red line holds at all times and has no deadline")
	}
	if c.WarnDays < 0 || c.WarnDays > MaxWarnDays {
		f.Add("warn_days", fmt.Sprintf("must be between 0 and %d", MaxWarnDays))
	}
	checkText(f, "statement", c.Statement, MaxTextLen, true)
	checkText(f, "criterion", c.Criterion, MaxCriterionLen, true)
	checkText(f, "at_risk", c.AtRisk, MaxCriterionLen, false)
	checkLadder(f, c.Consequences)
	if len(c.Inducements) > MaxInducements {
		f.Add("inducements", fmt.Sprintf("has more than %d entries", MaxInducements))
	}
	for i, s := range c.Inducements {
		checkLine(f, fmt.Sprintf("inducements[%d]", i), s, maxInducementLen, true)
	}
	checkText(f, "exit_strategy", c.ExitStrategy, MaxTextLen, false)
	if c.Status != "" {
		oneOf(f, "status", c.Status, ConditionStatuses, false)
	}
	checkSource(f, c.Source)
	checkReleasability(f, c.Releasability)
	return f.Err("condition")
}

// checkLadder requires the standard rungs to escalate (a warning before a
// pause, a pause before a suspension), each at most once, with termination
// last: a ladder that steps down is a drafting error.
func checkLadder(f FieldErrors, steps []ConsequenceStep) {
	if len(steps) > MaxConsequences {
		f.Add("consequences", fmt.Sprintf("has more than %d steps", MaxConsequences))
		return
	}
	rank := map[ConsequenceAction]int{"warning": 1, "pause_new_obligations": 2, "suspend": 3, "terminate": 4}
	last, lastAction := 0, ConsequenceAction("")
	for i, s := range steps {
		p := fmt.Sprintf("consequences[%d]", i)
		oneOf(f, p+".action", s.Action, ConsequenceActions, true)
		checkLine(f, p+".text", s.Text, maxInducementLen, s.Action == "custom")
		r := rank[s.Action]
		switch {
		case r == 0:
		case r == last:
			f.Add(p+".action", fmt.Sprintf("repeats %q", s.Action))
		case r < last:
			f.Add(p+".action", fmt.Sprintf("%q cannot come after %q: the ladder must escalate", s.Action, lastAction))
		default:
			last, lastAction = r, s.Action
		}
		if s.Action == "terminate" && i != len(steps)-1 {
			f.Add(p+".action", "terminate must be the last step")
		}
	}
}

// InputValue is one input an evaluation read, with its value as shown to
// users: `indicator["POL-3"]` = 42.5.
type InputValue struct {
	Input string `json:"input"`
	Value string `json:"value"`
}

// Evaluation is one verdict on a condition as of a date, with the input
// values that decided it, so a reader can check the verdict by hand. It is
// recorded, never edited: the list of evaluations is the condition's
// history.
type Evaluation struct {
	ID          int64           `json:"id"`
	ConditionID int64           `json:"condition_id"`
	AsOf        Date            `json:"as_of"`
	Status      ConditionStatus `json:"status"`
	Criterion   string          `json:"criterion"` // the expression as evaluated
	Values      []InputValue    `json:"values,omitempty"`
	Error       string          `json:"error,omitempty"` // why it could not be evaluated
	EvaluatedAt time.Time       `json:"evaluated_at,omitzero"`
}

// Validate reports the first problem with each field.
func (e *Evaluation) Validate() error {
	f := FieldErrors{}
	if e.ConditionID <= 0 {
		f.Add("condition_id", "is required")
	}
	if e.AsOf.IsZero() {
		f.Add("as_of", "is required")
	}
	oneOf(f, "status", e.Status, ConditionStatuses, true)
	if e.Status == ConditionCannotEvaluate && e.Error == "" {
		f.Add("error", "must say why the condition could not be evaluated")
	}
	if e.Status != ConditionCannotEvaluate && e.Status != "" && e.Error != "" {
		f.Add("error", fmt.Sprintf("must be empty for a %s evaluation", e.Status))
	}
	checkText(f, "criterion", e.Criterion, MaxCriterionLen, false)
	checkText(f, "error", e.Error, MaxTextLen, false)
	return f.Err("evaluation")
}

// DecisionKind says what was decided about a breach.
type DecisionKind string

// Decision kinds: apply the consequence step, or waive it with reasons.
var DecisionKinds = []DecisionKind{"apply", "waive"}

// ConditionDecision records who decided what about a breach: which rung of
// the consequence ladder was applied or waived, and why. Waivers are
// recorded with the same care as sanctions, because an unexplained waiver
// is how conditions stop meaning anything.
type ConditionDecision struct {
	ID           int64        `json:"id"`
	ConditionID  int64        `json:"condition_id"`
	EvaluationID int64        `json:"evaluation_id,omitempty"` // the breach it answers
	Decision     DecisionKind `json:"decision"`
	Step         int          `json:"step"` // index into the condition's consequences
	Reasons      string       `json:"reasons"`
	ApproverID   int64        `json:"approver_id"`
	// ApproverName is the approver's user name, filled in by the store
	// when it reads the decision.
	ApproverName string    `json:"approver_name,omitempty"`
	DecidedAt    time.Time `json:"decided_at,omitzero"`
}

// Validate reports the first problem with each field.
func (d *ConditionDecision) Validate() error {
	f := FieldErrors{}
	if d.ConditionID <= 0 {
		f.Add("condition_id", "is required")
	}
	if d.EvaluationID < 0 {
		f.Add("evaluation_id", "must be a positive id")
	}
	oneOf(f, "decision", d.Decision, DecisionKinds, true)
	if d.Step < 0 {
		f.Add("step", "must be 0 or more")
	}
	checkText(f, "reasons", d.Reasons, MaxTextLen, true)
	if d.ApproverID <= 0 {
		f.Add("approver_id", "is required: a decision on a breach needs a named approver")
	}
	return f.Err("decision")
}

// CheckAgainst reports whether the decision names a step of the condition's
// ladder and answers a breach of that condition. CheckAgainstDecisions
// checks it against the decisions already taken.
func (d *ConditionDecision) CheckAgainst(c *Condition, e *Evaluation) error {
	f := FieldErrors{}
	if d.ConditionID != c.ID {
		f.Add("condition_id", fmt.Sprintf("is %d, not condition %d", d.ConditionID, c.ID))
	}
	if d.Step >= len(c.Consequences) {
		f.Add("step", fmt.Sprintf("condition %d has %d consequence steps; step %d does not exist", c.ID, len(c.Consequences), d.Step))
	}
	switch {
	case e == nil:
		f.Add("evaluation_id", "is required: a decision answers a recorded breach; give the evaluation that found it")
	default:
		switch {
		case e.ConditionID != c.ID:
			f.Add("evaluation_id", fmt.Sprintf("evaluation %d is of another condition", e.ID))
		case e.Status != ConditionBreached:
			f.Add("evaluation_id", fmt.Sprintf("evaluation %d is %s, not a breach", e.ID, e.Status))
		}
	}
	return f.Err("decision")
}

// CheckAgainstDecisions reports whether the decision may join the decisions
// already recorded on its condition c (earlier, in any order). Decisions
// are never edited, so the record must not contradict itself; it refuses,
// as a conflict:
//
//   - a second decision on the same step of the same breach evaluation.
//     One breach takes one decision per step and the first one stands: a
//     waiver cannot quietly undo an application on the same breach, nor an
//     application a waiver. To change course, decide on a later breach
//     evaluation, giving the reasons.
//   - any decision once a terminate step has been applied on the condition,
//     on any of its breaches. The program is terminated under the
//     condition; a later application or waiver would only make the
//     condition's page and report, which show the latest decision, read as
//     if it were not.
//
// Stepping down the ladder (applying a milder step on a later breach after
// a harsher one was applied) is allowed: oversight may de-escalate, and the
// reasons every decision must give say why.
//
// Steps are shown counted from 1, as the condition's page shows them.
func (d *ConditionDecision) CheckAgainstDecisions(c *Condition, earlier []*ConditionDecision) error {
	step := func(i int) string {
		if i < 0 || i >= len(c.Consequences) {
			return fmt.Sprintf("step %d", i+1)
		}
		return fmt.Sprintf("step %d (%s)", i+1, c.Consequences[i].Describe())
	}
	did := func(x *ConditionDecision) string {
		verb := map[DecisionKind]string{"apply": "applied", "waive": "waived"}[x.Decision]
		if verb == "" {
			verb = "decided " + string(x.Decision) + " on"
		}
		return fmt.Sprintf("decision %d %s %s on %s", x.ID, verb, step(x.Step), DateOf(x.DecidedAt))
	}
	var same, terminated *ConditionDecision
	for _, x := range earlier {
		if x == nil || x.ConditionID != d.ConditionID || (d.ID != 0 && x.ID == d.ID) {
			continue
		}
		if d.EvaluationID != 0 && x.EvaluationID == d.EvaluationID && x.Step == d.Step && (same == nil || x.ID < same.ID) {
			same = x
		}
		if x.Decision == "apply" && x.Step >= 0 && x.Step < len(c.Consequences) && c.Consequences[x.Step].Action == "terminate" &&
			(terminated == nil || x.ID < terminated.ID) {
			terminated = x
		}
	}
	f := FieldErrors{}
	if same != nil {
		f.Add("step", fmt.Sprintf("%s of breach evaluation %d is already decided: %s, and that decision stands. One breach takes one decision per step; to change course, record a decision on a later breach evaluation",
			step(d.Step), d.EvaluationID, did(same)))
	}
	if terminated != nil {
		f.Add("decision", fmt.Sprintf("condition %d is terminated: %s. Once a termination is applied the condition takes no further decisions, to apply or to waive a step",
			c.ID, did(terminated)))
	}
	if len(f) == 0 {
		return nil
	}
	return &Error{Kind: ECONFLICT, Message: fmt.Sprintf("the decision contradicts a decision already recorded on condition %d", c.ID), Fields: map[string]string(f)}
}

// ConditionFilter selects conditions. Zero fields do not filter.
type ConditionFilter struct {
	ProgramID      int64           `json:"program_id,omitempty"`
	Country        string          `json:"country,omitempty"` // country-plan conditions and those of the country's programs
	Kind           ConditionKind   `json:"kind,omitempty"`
	Type           ConditionType   `json:"type,omitempty"`
	Status         ConditionStatus `json:"status,omitempty"`
	DeadlineBefore Date            `json:"deadline_before,omitzero"`
	Q              string          `json:"q,omitempty"` // in the title or statement
	Page
}

// EvaluationFilter selects a condition's evaluations, newest first.
type EvaluationFilter struct {
	ConditionID int64           `json:"condition_id,omitempty"`
	Status      ConditionStatus `json:"status,omitempty"`
	From        Date            `json:"from,omitzero"` // as of on or after
	To          Date            `json:"to,omitzero"`   // as of on or before
	Page
}

// ConditionService keeps conditions, their evaluations and the decisions
// taken on breaches. RecordEvaluation also updates the condition's Status.
type ConditionService interface {
	FindConditions(ctx context.Context, f ConditionFilter) ([]*Condition, string, error)
	FindCondition(ctx context.Context, id int64) (*Condition, error)
	CreateCondition(ctx context.Context, c *Condition) error
	UpdateCondition(ctx context.Context, c *Condition) error
	DeleteCondition(ctx context.Context, id int64) error
	RecordEvaluation(ctx context.Context, e *Evaluation) error
	FindEvaluations(ctx context.Context, f EvaluationFilter) ([]*Evaluation, string, error)
	RecordDecision(ctx context.Context, d *ConditionDecision) error
	FindDecisions(ctx context.Context, conditionID int64) ([]*ConditionDecision, error)
}

// ConditionAlert records that a condition's status changed from one
// evaluation to the next (on_track to at_risk, met to breached), so that
// the people who answer for the condition hear of it without reading every
// evaluation. A condition's first evaluation raises no alert: there is no
// change to report.
type ConditionAlert struct {
	ID           int64           `json:"id"`
	ConditionID  int64           `json:"condition_id"`
	EvaluationID int64           `json:"evaluation_id"`
	Previous     ConditionStatus `json:"previous"`
	Status       ConditionStatus `json:"status"`
	AsOf         Date            `json:"as_of"`
	CreatedAt    time.Time       `json:"created_at,omitzero"`
}

// EvaluationRun reports one evaluation of many conditions as of a date: a
// daily sweep, or the conditions a new measurement touches.
type EvaluationRun struct {
	AsOf        Date                    `json:"as_of"`
	Evaluated   int                     `json:"evaluated"`
	Counts      map[ConditionStatus]int `json:"counts"`
	Alerts      []*ConditionAlert       `json:"alerts,omitempty"`
	Evaluations []*Evaluation           `json:"evaluations"`
}

// ConditionEvaluator evaluates conditions against the data the store holds
// and records each verdict, with an alert when a status changes.
// EvaluateConditions judges every condition the filter selects as of asOf
// (a past date replays the data as it stood: measurements approved for
// periods ending by then and approved by then, incidents entered by then
// with their verification status then); JudgeCondition judges one
// condition the same way without recording anything; FindConditionAlerts
// lists the alerts, newest first, a page at a time, and FindAlerts the
// first page of one condition's (or every condition's, for 0).
type ConditionEvaluator interface {
	EvaluateConditions(ctx context.Context, f ConditionFilter, asOf Date) (*EvaluationRun, error)
	JudgeCondition(ctx context.Context, id int64, asOf Date) (*Evaluation, error)
	FindAlerts(ctx context.Context, conditionID int64) ([]*ConditionAlert, error)
	FindConditionAlerts(ctx context.Context, f AlertFilter) ([]*ConditionAlert, string, error)
	ConditionHistory(ctx context.Context, id int64) (*ConditionHistory, error)
}

// ConditionHistory is everything recorded about one condition: the
// condition, its evaluations and alerts, and the decisions taken on its
// breaches, newest first.
type ConditionHistory struct {
	Condition   *Condition           `json:"condition"`
	Evaluations []*Evaluation        `json:"evaluations"`
	Alerts      []*ConditionAlert    `json:"alerts"`
	Decisions   []*ConditionDecision `json:"decisions"`
}

// ConditionReportRow is one line of a country's condition status report:
// the condition, where it belongs, its latest verdict with the values that
// decided it, and the latest decision taken on it.
type ConditionReportRow struct {
	ConditionID  int64           `json:"condition_id"`
	Title        string          `json:"title"`
	ProgramID    int64           `json:"program_id,omitempty"`
	ProgramTitle string          `json:"program_title,omitempty"` // empty for a country-plan condition
	Kind         ConditionKind   `json:"kind"`
	Type         ConditionType   `json:"type"`
	Deadline     Date            `json:"deadline,omitzero"`
	Status       ConditionStatus `json:"status,omitempty"` // empty until first evaluated
	AsOf         Date            `json:"as_of,omitzero"`   // of the latest evaluation
	Values       []InputValue    `json:"values,omitempty"`
	Error        string          `json:"error,omitempty"`
	Decision     string          `json:"decision,omitempty"` // "waive step 1 (2026-11-21)"
}

// ConditionReport is the condition status report of one country: every
// condition of its country plan and of its programs that the reader may see.
type ConditionReport struct {
	Country string                  `json:"country"`
	Counts  map[ConditionStatus]int `json:"counts"`
	Rows    []*ConditionReportRow   `json:"rows"`
}

// ConditionReporter builds condition status reports.
type ConditionReporter interface {
	ConditionReport(ctx context.Context, country string) (*ConditionReport, error)
}

// ConditionReportHeader names the columns of ConditionReport.Table.
var ConditionReportHeader = []string{"condition_id", "title", "program_id", "program", "kind", "type", "deadline", "status", "as_of", "values", "error", "latest_decision"}

// Table returns the report's rows as text cells under
// ConditionReportHeader, for CSV and XLSX exports; the values that decided
// a verdict are written "input = value; ...".
func (r *ConditionReport) Table() [][]string {
	out := make([][]string, 0, len(r.Rows))
	for _, x := range r.Rows {
		program, deadline, asOf := "", "", ""
		if x.ProgramID != 0 {
			program = fmt.Sprint(x.ProgramID)
		}
		if !x.Deadline.IsZero() {
			deadline = x.Deadline.String()
		}
		if !x.AsOf.IsZero() {
			asOf = x.AsOf.String()
		}
		values := make([]string, len(x.Values))
		for i, v := range x.Values {
			values[i] = v.Input + " = " + v.Value
		}
		out = append(out, []string{fmt.Sprint(x.ConditionID), x.Title, program, x.ProgramTitle, string(x.Kind), string(x.Type), deadline,
			string(x.Status), asOf, strings.Join(values, "; "), x.Error, x.Decision})
	}
	return out
}
