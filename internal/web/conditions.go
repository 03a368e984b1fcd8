package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/custos-ssa/custos"
)

// conditions are the milestones and red lines of a program or a country
// plan. Their criterion is an expression the store compiles on save, so the
// form shows compile errors (line and column) beside the criterion, with
// the catalog of inputs as help (condition_form.go).
func (s *Server) conditions() resource[custos.Condition, custos.ConditionFilter] {
	st := s.store
	return resource[custos.Condition, custos.ConditionFilter]{
		entity: custos.EntityCondition, path: "/conditions", singular: "condition", plural: "Conditions", section: "Monitor",
		intro: "Milestones the partner must reach by a deadline and red lines that must hold at all times, judged by the data, with the consequences agreed in advance.",
		key:   func(c *custos.Condition) string { return itoa(c.ID) }, title: func(c *custos.Condition) string { return c.Title },
		releasability: func(c *custos.Condition) custos.Releasability { return c.Releasability },
		find:          st.FindConditions, get: byID(st.FindCondition), create: st.CreateCondition, update: st.UpdateCondition, del: delByID(st.DeleteCondition),
		blank: func(r *http.Request) *custos.Condition {
			return &custos.Condition{ProgramID: queryRecordID(r, "program_id"), Country: r.URL.Query().Get("country"), Kind: "milestone", Type: "performance",
				Releasability: custos.Internal}
		},
		filters: func(ctx context.Context, f *custos.ConditionFilter) []field {
			return []field{
				{Name: "q", Label: "Title or statement", Type: "search", Value: f.Q},
				{Name: "country", Label: "Country", Type: "select", Value: f.Country, Options: countryOptions("Any country")},
				{Name: "kind", Label: "Kind", Type: "select", Value: string(f.Kind), Options: choices(custos.ConditionKinds, "Any kind")},
				{Name: "type", Label: "IATI type", Type: "select", Value: string(f.Type), Options: choices(custos.ConditionTypes, "Any type")},
				{Name: "status", Label: "Status", Type: "select", Value: string(f.Status), Options: conditionStatusOptions("Any status")},
				{Name: "deadline_before", Label: "Deadline before", Type: "date", Value: f.DeadlineBefore.String(), Short: true},
				{Name: "program_id", Label: "Program (record number)", Type: "number", Value: itoa(f.ProgramID), Short: true,
					Help: programName(s.lookup(ctx), f.ProgramID)},
			}
		},
		table: func(ctx context.Context, list []*custos.Condition) table {
			return s.conditionTable(ctx, list, "Conditions", "No condition matches these filters.")
		},
		columns: []string{"id", "program_id", "country", "kind", "type", "title", "owner", "deadline", "warn_days", "statement", "criterion", "at_risk",
			"consequences", "inducements", "exit_strategy", "status", "releasability"},
		row: func(c *custos.Condition) []string {
			return []string{itoa(c.ID), itoa(c.ProgramID), c.Country, string(c.Kind), string(c.Type), c.Title, c.Owner, c.Deadline.String(),
				strconv.Itoa(c.WarnDays), c.Statement, c.Criterion, c.AtRisk, ladderText(c.Consequences), strings.Join(c.Inducements, "; "),
				c.ExitStrategy, string(c.Status), c.Releasability.String()}
		},
		form:         s.conditionForm,
		parse:        parseCondition,
		view:         s.conditionView,
		viewTemplate: "condition",
	}
}

// conditionTable lists conditions with where they belong and their status.
func (s *Server) conditionTable(ctx context.Context, list []*custos.Condition, caption, empty string) table {
	l := s.lookup(ctx)
	t := table{Caption: caption, Empty: empty,
		Columns: []column{{Label: "Condition"}, {Label: "Of"}, {Label: "Kind"}, {Label: "IATI type"}, {Label: "Deadline"}, {Label: "Owner"}, {Label: "Status"}, {Label: "Visible to"}}}
	for _, c := range list {
		of := countryLink(c.Country)
		if c.ProgramID != 0 {
			of = l.programLink(c.ProgramID)
		}
		t.Rows = append(t.Rows, []cell{{Text: c.Title, Href: "/conditions/" + itoa(c.ID)}, linkCell(of), {Text: label(c.Kind)}, {Text: label(c.Type)},
			{Text: c.Deadline.String()}, {Text: c.Owner}, conditionStatusCell(c.Status), relCell(c.Releasability)})
	}
	return t
}

// conditionStatusLabel words a condition status. An empty status is a condition
// that was never evaluated, which is not a success either.
func conditionStatusLabel(st custos.ConditionStatus) string {
	switch st {
	case "":
		return "Not evaluated yet"
	case custos.ConditionCannotEvaluate:
		return "Cannot be evaluated"
	}
	return label(st)
}

// conditionStatusCell shows a status as a coloured tag; the word carries the
// meaning, the colour only repeats it.
func conditionStatusCell(st custos.ConditionStatus) cell {
	tag := string(st)
	if tag == "" {
		tag = "not_evaluated"
	}
	return cell{Text: conditionStatusLabel(st), Tag: "cond-" + tag}
}

// conditionStatusOptions lists the statuses for a select.
func conditionStatusOptions(empty string) []option {
	out := []option{{"", empty}}
	for _, st := range custos.ConditionStatuses {
		out = append(out, option{string(st), conditionStatusLabel(st)})
	}
	return out
}

// ladderText writes a consequence ladder on one line for exports.
func ladderText(steps []custos.ConsequenceStep) string {
	parts := make([]string, len(steps))
	for i, st := range steps {
		parts[i] = fmt.Sprintf("%d. %s", i+1, stepText(st))
	}
	return strings.Join(parts, "; ")
}

// stepText words one rung of a ladder.
func stepText(st custos.ConsequenceStep) string {
	if st.Action == "custom" || st.Text == "" {
		if st.Text != "" {
			return st.Text
		}
		return label(st.Action)
	}
	return label(st.Action) + ": " + st.Text
}

func (s *Server) conditionForm(ctx context.Context, fm *form, c *custos.Condition, isNew bool) {
	l := s.lookup(ctx)
	help := "A condition belongs to a program, or to a country plan: give one, not both."
	if n := programName(l, c.ProgramID); n != "" {
		help = n + ". " + help
	}
	fm.add(field{Name: "program_id", Label: "Program (record number)", Type: "number", Value: itoa(c.ProgramID), Short: true, Help: help})
	fm.add(field{Name: "country", Label: "Country plan", Type: "select", Value: c.Country, Options: countryOptions("None (a program's condition)")})
	fm.add(field{Name: "kind", Label: "Kind", Type: "select", Value: string(c.Kind), Required: true, Options: []option{
		{"milestone", "Milestone: progress the partner must make by a deadline"}, {"red_line", "Red line: a limit that must hold at all times"}}})
	fm.add(field{Name: "type", Label: "IATI condition type", Type: "select", Value: string(c.Type), Required: true, Options: []option{
		{"policy", "Policy (1): a policy the partner adopts"}, {"performance", "Performance (2): a result the partner achieves"},
		{"fiduciary", "Fiduciary (3): a duty over the money"}}})
	fm.add(field{Name: "title", Label: "Title", Type: "text", Value: c.Title, Required: true})
	fm.add(field{Name: "owner", Label: "Owner", Type: "text", Value: c.Owner, Help: "The office that answers for the condition."})
	fm.add(field{Name: "deadline", Label: "Deadline (milestones only)", Type: "date", Value: c.Deadline.String(), Short: true})
	wd := ""
	if c.WarnDays != 0 {
		wd = strconv.Itoa(c.WarnDays)
	}
	fm.add(field{Name: "warn_days", Label: "Days of warning", Type: "number", Value: wd, Short: true,
		Help: fmt.Sprintf("An unmet milestone is at risk this many days before its deadline; empty means %d.", custos.DefaultWarnDays)})
	fm.add(field{Name: "statement", Label: "Statement", Type: "textarea", Value: c.Statement, Required: true, Help: "The condition in plain language, as agreed with the partner."})
	fm.add(field{Name: "criterion", Label: "Criterion", Type: "textarea", Value: c.Criterion, Required: true,
		Help: "An expression that is true when the condition is met (for a red line: when the line holds), for example indicator[\"POL-3\"] >= 40.0. It is checked when you save; the inputs it can read are listed beside the form."})
	fm.add(field{Name: "at_risk", Label: "At risk when", Type: "textarea", Value: c.AtRisk,
		Help: "Optional: an expression that is true when an unmet condition is at risk."})
	fm.addGroup(group{Name: "consequences", Legend: "Consequence ladder", AddLabel: "Add another step",
		Help: "The responses to a breach, agreed before the program starts, mildest first: a warning before a pause, a pause before a suspension, termination last."},
		len(c.Consequences), func(i int) []field {
			var st custos.ConsequenceStep
			if i < len(c.Consequences) {
				st = c.Consequences[i]
			}
			return []field{
				{Name: fmt.Sprintf("consequences[%d].action", i), Label: fmt.Sprintf("Step %d", i+1), Type: "select", Value: string(st.Action), Options: choices(custos.ConsequenceActions, "None")},
				{Name: fmt.Sprintf("consequences[%d].text", i), Label: fmt.Sprintf("Step %d detail", i+1), Type: "text", Value: st.Text},
			}
		})
	fm.addGroup(group{Name: "inducements", Legend: "Inducements", AddLabel: "Add another inducement", Help: "What the partner gains by meeting the condition, such as the release of the next tranche."},
		len(c.Inducements), func(i int) []field {
			v := ""
			if i < len(c.Inducements) {
				v = c.Inducements[i]
			}
			return []field{{Name: fmt.Sprintf("inducements[%d]", i), Label: fmt.Sprintf("Inducement %d", i+1), Type: "text", Value: v}}
		})
	fm.add(field{Name: "exit_strategy", Label: "Exit strategy", Type: "textarea", Value: c.ExitStrategy, Help: "How the assistance ends if the condition is never met."})
	fm.add(releasabilityField(principalFrom(ctx), c.Releasability))
}

func parseCondition(v *values, c *custos.Condition) {
	c.ProgramID, c.Country = v.int64("program_id", "program_id"), v.str("country")
	c.Kind, c.Type = custos.ConditionKind(v.str("kind")), custos.ConditionType(v.str("type"))
	c.Title, c.Owner = v.str("title"), v.str("owner")
	c.Deadline = v.date("deadline", "deadline")
	c.WarnDays = int(v.int64("warn_days", "warn_days"))
	c.Statement, c.Criterion, c.AtRisk = v.text("statement"), v.text("criterion"), v.text("at_risk")
	c.Consequences = nil
	for i, n := 0, v.rows("consequences"); i < n; i++ {
		if v.blank("consequences", i, ".action", ".text") {
			continue
		}
		c.Consequences = append(c.Consequences, custos.ConsequenceStep{Action: custos.ConsequenceAction(v.str(fmt.Sprintf("consequences[%d].action", i))),
			Text: v.str(fmt.Sprintf("consequences[%d].text", i))})
	}
	c.Inducements = nil
	for i, n := 0, v.rows("inducements"); i < n; i++ {
		if x := v.str(fmt.Sprintf("inducements[%d]", i)); x != "" {
			c.Inducements = append(c.Inducements, x)
		}
	}
	c.ExitStrategy = v.text("exit_strategy")
	if r := v.releasability("releasability"); r != 0 {
		c.Releasability = r
	}
}
