package web

import (
	"context"
	"net/http"

	"github.com/custos-ssa/custos"
)

// programEvaluations record what a program achieved when it was judged:
// the outcomes reached, the consequences nobody intended and the lessons.
// They are part of the program, so the program's writers keep them.
func (s *Server) programEvaluations() resource[custos.ProgramEvaluation, custos.ProgramEvaluationFilter] {
	st := s.store
	return resource[custos.ProgramEvaluation, custos.ProgramEvaluationFilter]{
		entity: custos.EntityProgram, path: "/program-evaluations", singular: "program evaluation", plural: "Program evaluations", section: "Evaluate",
		intro: "What each program achieved when it was judged, at a decision point or at its close: outcomes reached, unintended consequences and lessons for the next program.",
		key:   func(e *custos.ProgramEvaluation) string { return itoa(e.ID) },
		title: func(e *custos.ProgramEvaluation) string {
			return label(e.Kind) + " evaluation of " + e.Date.String()
		},
		releasability: func(e *custos.ProgramEvaluation) custos.Releasability { return e.Releasability },
		find:          st.FindProgramEvaluations, get: byID(st.FindProgramEvaluation), create: st.CreateProgramEvaluation,
		update: st.UpdateProgramEvaluation, del: delByID(st.DeleteProgramEvaluation),
		blank: func(r *http.Request) *custos.ProgramEvaluation {
			return &custos.ProgramEvaluation{ProgramID: queryRecordID(r, "program_id"), Kind: "decision_point", Releasability: custos.Internal}
		},
		filters: func(ctx context.Context, f *custos.ProgramEvaluationFilter) []field {
			return []field{
				{Name: "kind", Label: "When", Type: "select", Value: string(f.Kind), Options: choices(custos.ProgramEvaluationKinds, "Any")},
				{Name: "program_id", Label: "Program (record number)", Type: "number", Value: itoa(f.ProgramID), Short: true,
					Help: programName(s.lookup(ctx), f.ProgramID)},
			}
		},
		table: func(ctx context.Context, list []*custos.ProgramEvaluation) table {
			l := s.lookup(ctx)
			t := table{Caption: "Program evaluations", Empty: "No evaluation matches these filters.",
				Columns: []column{{Label: "Evaluation"}, {Label: "Program"}, {Label: "Evaluator"}, {Label: "Outcomes reached"}, {Label: "Visible to"}}}
			for _, e := range list {
				t.Rows = append(t.Rows, []cell{{Text: label(e.Kind) + ", " + e.Date.String(), Href: "/program-evaluations/" + itoa(e.ID)},
					linkCell(l.programLink(e.ProgramID)), {Text: e.Evaluator}, {Text: shorten(e.Outcomes, 140)}, relCell(e.Releasability)})
			}
			return t
		},
		columns: []string{"id", "program_id", "kind", "date", "outcomes", "unintended", "lessons", "evaluator", "releasability"},
		row: func(e *custos.ProgramEvaluation) []string {
			return []string{itoa(e.ID), itoa(e.ProgramID), string(e.Kind), e.Date.String(), e.Outcomes, e.Unintended, e.Lessons, e.Evaluator, e.Releasability.String()}
		},
		form: func(ctx context.Context, fm *form, e *custos.ProgramEvaluation, isNew bool) {
			fm.add(field{Name: "program_id", Label: "Program (record number)", Type: "number", Value: itoa(e.ProgramID), Short: true, Required: true,
				Readonly: !isNew, Help: programName(s.lookup(ctx), e.ProgramID)})
			fm.add(field{Name: "kind", Label: "When", Type: "select", Value: string(e.Kind), Required: true, Options: []option{
				{"decision_point", "At a decision point: continue, change or stop"}, {"close", "At the program's close"}}})
			fm.add(field{Name: "date", Label: "Date", Type: "date", Value: e.Date.String(), Short: true, Required: true})
			fm.add(field{Name: "evaluator", Label: "Evaluator", Type: "text", Value: e.Evaluator, Help: "The office or firm that evaluated."})
			fm.add(field{Name: "outcomes", Label: "Outcomes reached", Type: "textarea", Value: e.Outcomes, Required: true})
			fm.add(field{Name: "unintended", Label: "Unintended consequences", Type: "textarea", Value: e.Unintended,
				Help: "Harm or effects nobody planned: a trained unit used in a crackdown, a market distorted. The first thing an evaluation leaves out."})
			fm.add(field{Name: "lessons", Label: "Lessons", Type: "textarea", Value: e.Lessons})
			fm.add(releasabilityField(principalFrom(ctx), e.Releasability))
		},
		parse: func(v *values, e *custos.ProgramEvaluation) {
			if e.ID == 0 {
				e.ProgramID = v.int64("program_id", "program_id")
			}
			e.Kind, e.Date = custos.ProgramEvaluationKind(v.str("kind")), v.date("date", "date")
			e.Evaluator = v.str("evaluator")
			e.Outcomes, e.Unintended, e.Lessons = v.text("outcomes"), v.text("unintended"), v.text("lessons")
			if r := v.releasability("releasability"); r != 0 {
				e.Releasability = r
			}
		},
		view: func(ctx context.Context, e *custos.ProgramEvaluation) (viewPage, error) {
			l := s.lookup(ctx)
			p := l.programLink(e.ProgramID)
			var v viewPage
			v.Crumbs = []link{p}
			v.Facts = []fact{{Label: "Program", Text: p.Text, Href: p.Href}, {Label: "When", Text: label(e.Kind)}, {Label: "Date", Text: e.Date.String()},
				{Label: "Evaluator", Text: e.Evaluator}, {Label: "Outcomes reached", Text: e.Outcomes, Long: true},
				{Label: "Unintended consequences", Text: orNone(e.Unintended), Long: true}, {Label: "Lessons", Text: e.Lessons, Long: true}}
			if p.Href != "" {
				v.Facts = append(v.Facts, fact{Label: "Results chain", Text: "Results and indicators of the program", Href: p.Href + "/results"})
			}
			return v, nil
		},
	}
}

// shorten shortens text to about n characters at a word boundary.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := n
	for cut > n/2 && r[cut] != ' ' {
		cut--
	}
	return string(r[:cut]) + " …"
}

// orNone says "None recorded." for an empty field that must not be read
// as "none happened".
func orNone(s string) string {
	if s == "" {
		return "None recorded."
	}
	return s
}
