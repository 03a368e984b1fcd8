package conditions

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/common/types/ref"

	"github.com/custos-ssa/custos"
)

// Compiled is a condition with its expressions compiled.
type Compiled struct {
	Condition custos.Condition
	Criterion *Program
	AtRisk    *Program // nil when the condition has no at-risk expression
}

// DependsOn returns the inputs the condition's expressions read, sorted.
// Whatever the expressions say, the status of a milestone also depends on
// the date (today) through its deadline; the daily sweep covers that.
func (cc *Compiled) DependsOn() []InputKey {
	deps := cc.Criterion.DependsOn()
	if cc.AtRisk != nil {
		deps = append(deps, cc.AtRisk.DependsOn()...)
	}
	slices.SortFunc(deps, compareKeys)
	return slices.CompactFunc(deps, func(x, y InputKey) bool { return x == y })
}

// Evaluate judges the condition against the inputs as of a date, following
// the status rules in statusRules (rendered by Markdown):
//
//   - an expression that fails, reads an input without data or gives
//     something other than true or false: cannot_evaluate, with the reason.
//     An input without data is a key without a value, an input the store
//     has no data for, a map read as a whole (a loop over indicator) while
//     it is empty, or an indicator code, read or tested with "in", that is
//     not one of the program's (renamed or deleted since);
//   - met and on_track must rest on data: a verdict that would be met or
//     on_track while either expression skipped an input without data on
//     the way ("a || b" true with a missing, "a && b" false with a missing
//     and b false), or while either names an indicator code the program
//     no longer has (even in a branch the evaluation did not reach), or
//     that tested an indicator with "in" and found no figure (a guard
//     such as !("POL-3" in indicator) || ... holds, but on no data), is
//     cannot_evaluate too. A false criterion stands for at_risk and
//     breached: no value of the missing input could make it true, so a
//     breach is never hidden by a gap elsewhere;
//   - a red line: met while the criterion holds (at_risk if the at-risk
//     expression is true), breached when it does not;
//   - a milestone: met when the criterion is true; otherwise breached after
//     the deadline, and before it at_risk when the at-risk expression is
//     true or the deadline is at most WarnWindow days away, else on_track.
//
// The evaluation lists the inputs that were read, with their values,
// sorted by the input's text, so a reader can check the verdict by hand.
// EvaluatedAt and ID are left for the store to set: the verdict depends
// only on the arguments.
func Evaluate(cc *Compiled, in *Inputs, asOf custos.Date) custos.Evaluation {
	c := &cc.Condition
	e := custos.Evaluation{ConditionID: c.ID, AsOf: asOf, Criterion: c.Criterion}
	if in == nil {
		in = &Inputs{}
	}
	act := &activation{in: in, asOf: asOf, deadline: c.Deadline}
	values := map[string]string{}
	met, skipped, err := run(cc.Criterion, act, values)
	if err != nil {
		return cannot(e, values, "criterion", err)
	}
	absent := act.absent // an indicator the criterion tested with "in" and found without a figure
	if met && skipped != nil {
		// CEL lets "a || b" be true when a fails; met must rest on data.
		return cannot(e, values, "criterion", fmt.Errorf("it is true only by skipping an input without data: %w", skipped))
	}
	if c.Kind == "milestone" && !c.Deadline.IsZero() {
		values["deadline"] = c.Deadline.String()
	}
	var atRiskSkipped error // an input without data the at-risk expression skipped
	switch {
	case !met && c.Kind == "red_line":
		e.Status = custos.ConditionBreached
	case met && c.Kind == "milestone":
		e.Status = custos.ConditionMet
	case !met && !c.Deadline.IsZero() && c.Deadline.Before(asOf):
		e.Status = custos.ConditionBreached
	default:
		// A holding red line, or a milestone not yet due: the at-risk
		// expression and the warning window tell at_risk from the rest.
		atRisk := false
		if cc.AtRisk != nil {
			if atRisk, atRiskSkipped, err = run(cc.AtRisk, act, values); err != nil {
				return cannot(e, values, "at-risk expression", err)
			}
		}
		left := int(dayNumber(c.Deadline) - dayNumber(asOf))
		warn := c.Kind == "milestone" && !c.Deadline.IsZero() && left <= c.WarnWindow()
		switch {
		case atRisk || warn:
			e.Status = custos.ConditionAtRisk
		case met:
			e.Status = custos.ConditionMet
		default:
			e.Status = custos.ConditionOnTrack
		}
	}
	if e.Status == custos.ConditionMet || e.Status == custos.ConditionOnTrack {
		// Reassurance must rest on data: a criterion false with a gap
		// says not met, not on track; an at-risk expression false with a
		// gap cannot tell at_risk from the rest; and an expression that
		// names an indicator the program no longer has is out of date,
		// even where the evaluation did not reach the name.
		if err := cc.Criterion.foreignCode(in.IndicatorCodes); err != nil {
			return cannot(e, values, "criterion", err)
		}
		if cc.AtRisk != nil {
			if err := cc.AtRisk.foreignCode(in.IndicatorCodes); err != nil {
				return cannot(e, values, "at-risk expression", err)
			}
		}
		if skipped != nil {
			return cannot(e, values, "criterion", fmt.Errorf("it is not met, and it cannot be on track while an input it reads has no data: %w", skipped))
		}
		if absent != nil {
			return cannot(e, values, "criterion", fmt.Errorf("it holds only on a test that the figure is missing (%w); a condition is never met or on track without the figures it reads", absent))
		}
		if act.absent != nil {
			return cannot(e, values, "at-risk expression", fmt.Errorf("it is false only on a test that the figure is missing (%w)", act.absent))
		}
		if atRiskSkipped != nil {
			return cannot(e, values, "at-risk expression", fmt.Errorf("it is false only by skipping an input without data: %w", atRiskSkipped))
		}
	}
	e.Values = sortedValues(values)
	return e
}

// CannotEvaluate returns the verdict on a condition whose expressions do
// not compile (after an edit of the catalog, say): cannot_evaluate, with
// the compile error as the reason.
func CannotEvaluate(c *custos.Condition, asOf custos.Date, err error) custos.Evaluation {
	e := custos.Evaluation{ConditionID: c.ID, AsOf: asOf, Criterion: c.Criterion}
	return cannot(e, nil, "criterion", err)
}

func cannot(e custos.Evaluation, values map[string]string, what string, err error) custos.Evaluation {
	e.Status = custos.ConditionCannotEvaluate
	e.Error = fmt.Sprintf("the %s cannot be evaluated: %s", what, err.Error())
	e.Values = sortedValues(values)
	return e
}

func sortedValues(values map[string]string) []custos.InputValue {
	if len(values) == 0 {
		return nil
	}
	out := make([]custos.InputValue, 0, len(values))
	for k, v := range values {
		out = append(out, custos.InputValue{Input: k, Value: v})
	}
	slices.SortFunc(out, func(a, b custos.InputValue) int { return strings.Compare(a.Input, b.Input) })
	return out
}

// errNotBool is the reason given when an expression of type dyn turns out
// not to give true or false.
var errNotBool = errors.New("the expression did not give true or false")

// run evaluates p and records the values of its probes that were evaluated
// (a short-circuited branch did not decide the verdict and is not shown).
// skipped is the first error the logic absorbed on the way to a result
// ("false && missing" is false), in expression order.
func run(p *Program, act *activation, values map[string]string) (result bool, skipped, err error) {
	act.setProgram(p)
	out, det, err := p.prg.Eval(act)
	if det != nil {
		if st := det.State(); st != nil {
			for _, pr := range p.probes {
				v, ok := st.Value(pr.id)
				if !ok || v == nil {
					continue
				}
				if pr.whole {
					if _, done := values[pr.text]; done {
						continue
					}
					whole, _ := act.ResolveName(pr.text)
					if rv, isVal := whole.(ref.Val); isVal {
						v = rv
					}
				}
				values[pr.text] = displayValue(v)
			}
			ids := st.IDs()
			slices.Sort(ids)
			for _, id := range ids {
				if v, _ := st.Value(id); types.IsError(v) {
					skipped = v.(*types.Err)
					break
				}
			}
		}
	}
	if err != nil {
		return false, nil, plainRuntimeError(err)
	}
	if types.IsError(out) {
		return false, nil, plainRuntimeError(out.(*types.Err))
	}
	b, ok := out.(types.Bool)
	if !ok {
		return false, nil, fmt.Errorf("%w (it gave %s)", errNotBool, displayValue(out))
	}
	return bool(b), skipped, nil
}

// plainRuntimeError rewrites the few CEL runtime messages users meet.
func plainRuntimeError(err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "cost limit exceeded"):
		return fmt.Errorf("the expression ran too long (over %d cost units) and was stopped", MaxCost)
	case strings.Contains(msg, "division by zero"):
		return errors.New("division by zero: an input the expression divides by is 0")
	}
	return err
}

var _ ref.Val = incidentsVal{}
