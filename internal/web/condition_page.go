package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/custos-ssa/custos"
)

// conditionExtra is what the condition page shows beyond its facts: the
// criterion as code, the ladder, the status as of a date with the values
// that decided it, the history, and the forms for those allowed to use
// them.
type conditionExtra struct {
	Criterion   string
	AtRisk      string
	Ladder      []string
	Inducements []string
	AsOf        string // the date asked for, YYYY-MM-DD
	Today       string
	Verdict     *custos.Evaluation // the condition judged as of AsOf on the data known then, not recorded
	Recorded    *custos.Evaluation // the latest recorded evaluation as of a date on or before AsOf; nil if none
	Status      string
	StatusTag   string
	History     table
	Alerts      table
	Decisions   table
	Evaluate    string // where the evaluate form posts; "" when not allowed
	Decide      *conditionDecisionForm
}

// conditionDecisionForm records a decision on a breach.
type conditionDecisionForm struct {
	Action string
	Fields []field
	Errors []formErr
}

// conditionShow answers GET /conditions/{key}; ?as_of=YYYY-MM-DD shows the
// status recorded as of that date.
func (s *Server) conditionShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderCondition(w, r, http.StatusOK, nil, nil)
}

// renderCondition draws the condition page, with the decision form's
// errors and typed values when a decision was refused.
func (s *Server) renderCondition(w http.ResponseWriter, r *http.Request, status int, errs, raw map[string]string) error {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("key"), 10, 64)
	if err != nil || id <= 0 {
		return notFound("condition")
	}
	h, err := s.store.ConditionHistory(ctx, id)
	if err != nil {
		return err
	}
	c := h.Condition
	page, err := s.conditionView(ctx, c)
	if err != nil {
		return err
	}
	page.base = s.base(r, c.Title, "Monitor")
	page.Kind = label(c.Kind) + " condition"
	page.Releasability = c.Releasability
	page.Crumbs = append([]link{{"/conditions", "Conditions"}}, page.Crumbs...)
	if page.Can("update", custos.EntityCondition) {
		page.EditHref = "/conditions/" + itoa(c.ID) + "/edit"
	}
	if page.Can("delete", custos.EntityCondition) {
		page.DeleteHref = "/conditions/" + itoa(c.ID) + "/delete"
	}
	x := page.Extra.(*conditionExtra)
	today := custos.DateOf(time.Now())
	x.Today = today.String()
	asOf := today
	if q := r.URL.Query().Get("as_of"); q != "" {
		d, err := custos.ParseDate(q)
		if err != nil {
			return &custos.Error{Kind: custos.EINVALID, Message: "invalid date", Fields: map[string]string{"as_of": err.Error()}}
		}
		asOf = d
	}
	x.AsOf = asOf.String()
	for _, e := range h.Evaluations { // newest first
		if !asOf.Before(e.AsOf) {
			x.Recorded = e
			break
		}
	}
	// The status as of the date is judged now on the data as it was known
	// then (figures approved by then, incidents entered by then with their
	// verification then, vetting decided by then), not taken from whatever
	// evaluation happens to be recorded.
	if x.Verdict, err = s.store.JudgeCondition(ctx, c.ID, asOf); err != nil {
		return err
	}
	x.Status, x.StatusTag = conditionStatusLabel(x.Verdict.Status), "cond-"+string(x.Verdict.Status)
	x.History = conditionEvaluationTable(h.Evaluations, c)
	x.Alerts = conditionAlertTable(h.Alerts)
	x.Decisions = conditionDecisionTable(page.Principal, h.Decisions, c)
	if page.Can("update", custos.EntityCondition) {
		x.Evaluate = "/conditions/" + itoa(c.ID) + "/evaluate"
	}
	if page.Can("create", custos.EntityConditionDecision) {
		x.Decide = conditionDecisionFields(c, h.Evaluations, errs, raw)
	}
	s.render(w, r, status, "condition", &page)
	return nil
}

func (s *Server) conditionView(ctx context.Context, c *custos.Condition) (viewPage, error) {
	l := s.lookup(ctx)
	var v viewPage
	if c.ProgramID != 0 {
		v.Crumbs = []link{l.programLink(c.ProgramID)}
		p := l.programLink(c.ProgramID)
		v.Facts = append(v.Facts, fact{Label: "Program", Text: p.Text, Href: p.Href})
	} else {
		v.Crumbs = []link{countryLink(c.Country)}
		v.Facts = append(v.Facts, fact{Label: "Country plan", Text: countryName(c.Country), Href: "/countries/" + c.Country})
	}
	iati := fmt.Sprintf("%s (IATI code %d)", label(c.Type), c.Type.IATICode())
	v.Facts = append(v.Facts, fact{Label: "Kind", Text: label(c.Kind)}, fact{Label: "IATI condition type", Text: iati},
		fact{Label: "Owner", Text: c.Owner})
	if c.Kind == "milestone" {
		v.Facts = append(v.Facts, fact{Label: "Deadline", Text: c.Deadline.String()},
			fact{Label: "At risk from", Text: fmt.Sprintf("%d days before the deadline", c.WarnWindow())})
	}
	v.Facts = append(v.Facts, fact{Label: "Statement", Text: c.Statement, Long: true}, fact{Label: "Exit strategy", Text: c.ExitStrategy, Long: true})
	if c.Source != nil {
		v.Facts = append(v.Facts, sourceFact(c.Source))
	}
	x := &conditionExtra{Criterion: c.Criterion, AtRisk: c.AtRisk, Inducements: c.Inducements}
	for i, st := range c.Consequences {
		x.Ladder = append(x.Ladder, fmt.Sprintf("Step %d. %s", i+1, stepText(st)))
	}
	v.Extra = x
	return v, nil
}

// conditionEvaluationTable lists a condition's evaluations, newest first, with the
// values that decided each.
func conditionEvaluationTable(list []*custos.Evaluation, c *custos.Condition) table {
	t := table{Caption: "Evaluations of " + c.Title + ", newest first", Empty: "The condition has not been evaluated yet.",
		Columns: []column{{Label: "As of"}, {Label: "Status"}, {Label: "Values that decided it"}, {Label: "Why it could not be evaluated"}, {Label: "Recorded"}}}
	for _, e := range list {
		t.Rows = append(t.Rows, []cell{{Text: e.AsOf.String()}, conditionStatusCell(e.Status), {Text: inputValuesText(e.Values)}, {Text: e.Error},
			{Text: recordedAt(e.EvaluatedAt)}})
	}
	return t
}

// conditionAlertTable lists status changes, newest first.
func conditionAlertTable(list []*custos.ConditionAlert) table {
	t := table{Caption: "Alerts: changes of status, newest first", Empty: "No change of status has been recorded.",
		Columns: []column{{Label: "As of"}, {Label: "From"}, {Label: "To"}, {Label: "Raised"}}}
	for _, a := range list {
		t.Rows = append(t.Rows, []cell{{Text: a.AsOf.String()}, conditionStatusCell(a.Previous), conditionStatusCell(a.Status), {Text: recordedAt(a.CreatedAt)}})
	}
	return t
}

// conditionDecisionTable lists decisions on breaches, newest first.
func conditionDecisionTable(pr custos.Principal, list []*custos.ConditionDecision, c *custos.Condition) table {
	t := table{Caption: "Decisions on breaches, newest first", Empty: "No decision has been recorded.",
		Columns: []column{{Label: "Decided"}, {Label: "Decision"}, {Label: "Step"}, {Label: "Breach of"}, {Label: "Reasons"}, {Label: "Approver"}}}
	for _, d := range list {
		step := fmt.Sprintf("Step %d", d.Step+1)
		if d.Step < len(c.Consequences) {
			step += ": " + stepText(c.Consequences[d.Step])
		}
		breach := ""
		if d.EvaluationID != 0 {
			breach = "evaluation " + itoa(d.EvaluationID)
		}
		t.Rows = append(t.Rows, []cell{{Text: recordedAt(d.DecidedAt)}, {Text: label(d.Decision)}, {Text: step}, {Text: breach}, {Text: d.Reasons},
			{Text: approverText(pr, d)}})
	}
	return t
}

// approverText names the approver of a decision: by user name, as the
// audit trail does, so that a decision on a breach is owned by someone.
func approverText(pr custos.Principal, d *custos.ConditionDecision) string {
	switch {
	case pr.Clearance() < custos.Internal:
		return "Staff of the assistance program (not named publicly)"
	case d.ApproverName == "":
		return userRef(pr, d.ApproverID)
	case d.ApproverID == pr.UserID:
		return d.ApproverName + " (you)"
	}
	return d.ApproverName
}

// conditionDecisionFields builds the form for a decision on a breach.
func conditionDecisionFields(c *custos.Condition, evals []*custos.Evaluation, errs, raw map[string]string) *conditionDecisionForm {
	fm := newForm(errs, raw, nil)
	steps := []option{{"", "Choose a step"}}
	for i, st := range c.Consequences {
		steps = append(steps, option{strconv.Itoa(i), fmt.Sprintf("Step %d: %s", i+1, stepText(st))})
	}
	breaches := []option{{"", "Choose the breach"}}
	for _, e := range evals {
		if e.Status == custos.ConditionBreached {
			breaches = append(breaches, option{itoa(e.ID), "Breached as of " + e.AsOf.String()})
		}
	}
	fm.add(field{Name: "decision", Label: "Decision", Type: "select", Required: true, Options: []option{{"", "Choose"}, {"apply", "Apply the step"}, {"waive", "Waive the step"}}})
	fm.add(field{Name: "step", Label: "Step of the consequence ladder", Type: "select", Required: true, Options: steps})
	help := ""
	if len(breaches) == 1 {
		help = "No breach has been recorded: a decision answers a breach found by an evaluation."
	}
	fm.add(field{Name: "evaluation_id", Label: "The breach it answers", Type: "select", Required: true, Options: breaches, Help: help})
	fm.add(field{Name: "reasons", Label: "Reasons", Type: "textarea", Required: true,
		Help: "Why the step is applied or waived. A waiver is recorded with the same care as a sanction; you are recorded as the approver."})
	d := &conditionDecisionForm{Action: "/conditions/" + itoa(c.ID) + "/decisions", Errors: fm.summary()}
	for _, it := range fm.items {
		d.Fields = append(d.Fields, *it.Field)
	}
	return d
}

// decideCondition answers POST /conditions/{key}/decisions. A refused
// decision comes back on the condition page with each error by its field.
func (s *Server) decideCondition(w http.ResponseWriter, r *http.Request) error {
	if _, err := custos.Authorize(r.Context(), custos.ActionCreate, custos.EntityConditionDecision); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("key"), 10, 64)
	if err != nil || id <= 0 {
		return notFound("condition")
	}
	if err := r.ParseForm(); err != nil {
		return custos.Errorf(custos.EINVALID, "the form could not be read: %v", err)
	}
	v := newValues(r.PostForm)
	d := &custos.ConditionDecision{ConditionID: id, Decision: custos.DecisionKind(v.str("decision")), Reasons: v.text("reasons")}
	d.Step = int(v.int64("step", "step"))
	if v.str("step") == "" {
		v.errs["step"] = "is required: choose the step of the ladder"
	}
	d.EvaluationID = v.int64("evaluation_id", "evaluation_id")
	for k, x := range r.PostForm {
		v.raw[k] = x[0]
	}
	if len(v.errs) == 0 {
		err = s.store.RecordDecision(r.Context(), d)
		var e *custos.Error
		if errors.As(err, &e) && (e.Kind == custos.EINVALID || e.Kind == custos.ECONFLICT) && len(e.Fields) > 0 {
			// A decision that contradicts one on record is shown beside
			// the field, like any other mistake in the form.
			v.errs = e.Fields
		} else if err != nil {
			return err
		} else {
			return redirect(w, r, "/conditions/"+itoa(id)+"#decisions")
		}
	}
	return s.renderCondition(w, r, http.StatusUnprocessableEntity, v.errs, v.raw)
}

// evaluateCondition answers POST /conditions/{key}/evaluate: it evaluates
// the conditions of the condition's program (or country plan) as of a date,
// records the verdicts and raises alerts, then shows the condition as of
// that date.
func (s *Server) evaluateCondition(w http.ResponseWriter, r *http.Request) error {
	if _, err := custos.Authorize(r.Context(), custos.ActionUpdate, custos.EntityCondition); err != nil {
		return err
	}
	c, err := byID(s.store.FindCondition)(r.Context(), r.PathValue("key"))
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return custos.Errorf(custos.EINVALID, "the form could not be read: %v", err)
	}
	asOf := custos.DateOf(time.Now())
	if q := r.PostForm.Get("as_of"); q != "" {
		if asOf, err = custos.ParseDate(q); err != nil {
			return &custos.Error{Kind: custos.EINVALID, Message: "invalid date", Fields: map[string]string{"as_of": err.Error()}}
		}
	}
	f := custos.ConditionFilter{ProgramID: c.ProgramID, Country: c.Country}
	if _, err := s.store.EvaluateConditions(r.Context(), f, asOf); err != nil {
		return err
	}
	return redirect(w, r, "/conditions/"+itoa(c.ID)+"?as_of="+asOf.String())
}

// inputValuesText writes the values that decided a verdict:
// indicator["POL-3"] = 42.5; vetting.denied = 0.
func inputValuesText(vs []custos.InputValue) string {
	out := ""
	for i, v := range vs {
		if i > 0 {
			out += "; "
		}
		out += v.Input + " = " + v.Value
	}
	return out
}

// recordedAt writes a time in UTC to the minute.
func recordedAt(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}
