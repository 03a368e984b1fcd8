package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/custos-ssa/custos"
)

// results are the steps of a program's results chain (inputs, outputs,
// outcomes, impact). Each has its own pages so that forms show the store's
// errors beside their fields; the whole chain is read on the program's
// results page (results_chain.go).
func (s *Server) results() resource[custos.Result, custos.ResultFilter] {
	st := s.store
	return resource[custos.Result, custos.ResultFilter]{
		entity: custos.EntityResult, path: "/results", singular: "result", plural: "Results", section: "Plan",
		intro: "The steps of each program's results chain: inputs buy outputs, outputs should cause outcomes, outcomes add up to impact.",
		key:   func(r *custos.Result) string { return itoa(r.ID) }, title: func(r *custos.Result) string { return r.Title },
		releasability: func(r *custos.Result) custos.Releasability { return r.Releasability },
		find:          st.FindResults, get: byID(st.FindResult), create: st.CreateResult, update: st.UpdateResult, del: delByID(st.DeleteResult),
		blank: func(r *http.Request) *custos.Result {
			res := &custos.Result{Level: "output", Releasability: custos.Internal}
			res.ProgramID = queryRecordID(r, "program_id")
			res.ParentID = queryRecordID(r, "parent_id")
			if l := r.URL.Query().Get("level"); l != "" {
				res.Level = custos.ResultLevel(l)
			}
			return res
		},
		filters: func(ctx context.Context, f *custos.ResultFilter) []field {
			return []field{
				{Name: "level", Label: "Level", Type: "select", Value: string(f.Level), Options: choices(custos.ResultLevels, "Any level")},
				{Name: "program_id", Label: "Program (record number)", Type: "number", Value: itoa(f.ProgramID), Short: true,
					Help: programName(s.lookup(ctx), f.ProgramID)},
			}
		},
		table: func(ctx context.Context, list []*custos.Result) table {
			l := s.lookup(ctx)
			t := table{Caption: "Results", Empty: "No result matches these filters.",
				Columns: []column{{Label: "Result"}, {Label: "Level"}, {Label: "Program"}, {Label: "Visible to"}}}
			for _, r := range list {
				t.Rows = append(t.Rows, []cell{{Text: r.Title, Href: "/results/" + itoa(r.ID)}, {Text: label(r.Level)},
					linkCell(chainLink(l, r.ProgramID)), relCell(r.Releasability)})
			}
			return t
		},
		columns: []string{"id", "program_id", "level", "title", "parent_id", "description", "releasability"},
		row: func(r *custos.Result) []string {
			return []string{itoa(r.ID), itoa(r.ProgramID), string(r.Level), r.Title, itoa(r.ParentID), r.Description, r.Releasability.String()}
		},
		form: func(ctx context.Context, fm *form, r *custos.Result, isNew bool) {
			l := s.lookup(ctx)
			fm.add(field{Name: "program_id", Label: "Program (record number)", Type: "number", Value: itoa(r.ProgramID), Short: true, Required: true,
				Readonly: !isNew, Help: programName(l, r.ProgramID)})
			fm.add(field{Name: "level", Label: "Level", Type: "select", Value: string(r.Level), Options: choices(custos.ResultLevels, ""), Required: true,
				Help: "Input: what the program spends or supplies. Output: what it delivers. Outcome: the change in the partner it should cause. Impact: the lasting effect."})
			fm.add(field{Name: "title", Label: "Result", Type: "text", Value: r.Title, Required: true})
			fm.add(s.parentField(ctx, r))
			fm.add(field{Name: "description", Label: "Description", Type: "textarea", Value: r.Description})
			fm.add(releasabilityField(principalFrom(ctx), r.Releasability))
		},
		parse: func(v *values, r *custos.Result) {
			if r.ID == 0 {
				r.ProgramID = v.int64("program_id", "program_id")
			}
			r.Level = custos.ResultLevel(v.str("level"))
			r.Title = v.str("title")
			r.ParentID = v.int64("parent_id", "parent_id")
			r.Description = v.text("description")
			if rel := v.releasability("releasability"); rel != 0 {
				r.Releasability = rel
			}
		},
		view: func(ctx context.Context, r *custos.Result) (viewPage, error) {
			l := s.lookup(ctx)
			var v viewPage
			v.Crumbs = []link{chainLink(l, r.ProgramID)}
			v.Facts = []fact{{Label: "Level", Text: label(r.Level)}, {Label: "Program", Text: programName(l, r.ProgramID), Href: l.programLink(r.ProgramID).Href}}
			if r.ParentID != 0 {
				if p, err := s.store.FindResult(ctx, r.ParentID); err == nil {
					v.Facts = append(v.Facts, fact{Label: "Contributes to", Text: label(p.Level) + ": " + p.Title, Href: "/results/" + itoa(p.ID)})
				}
			}
			v.Facts = append(v.Facts, fact{Label: "Description", Text: r.Description, Long: true})
			inds, _, err := s.store.FindIndicators(ctx, custos.IndicatorFilter{ResultID: r.ID, Page: custos.Page{Limit: custos.MaxLimit}})
			if err != nil {
				return v, err
			}
			sec := section{Title: "Indicators", Table: indicatorTable(inds, "Indicators of "+r.Title)}
			if custos.Can(principalFrom(ctx).Role, custos.ActionCreate, custos.EntityIndicator) {
				sec.New = link{fmt.Sprintf("/indicators/new?program_id=%d&result_id=%d", r.ProgramID, r.ID), "Add an indicator"}
			}
			v.Sections = []section{sec}
			return v, nil
		},
	}
}

// parentField offers the program's results of a higher level as the
// result's parent.
func (s *Server) parentField(ctx context.Context, r *custos.Result) field {
	f := field{Name: "parent_id", Label: "Contributes to", Type: "select", Value: itoa(r.ParentID), Options: []option{{"", "None (top of the chain)"}},
		Help: "The higher-level result this one should cause: an output contributes to an outcome, an outcome to impact."}
	if r.ProgramID == 0 {
		f.Type, f.Options, f.Label, f.Short = "number", nil, "Contributes to (result record number)", true
		return f
	}
	list, _, err := s.store.FindResults(ctx, custos.ResultFilter{ProgramID: r.ProgramID, Page: custos.Page{Limit: custos.MaxLimit}})
	if err != nil {
		return f
	}
	for _, p := range list {
		if p.ID != r.ID && p.Level.Rank() > r.Level.Rank() || p.ID == r.ParentID && p.ID != 0 {
			f.Options = append(f.Options, option{itoa(p.ID), label(p.Level) + ": " + p.Title})
		}
	}
	if r.ParentID != 0 && !hasOption(f.Options, itoa(r.ParentID)) {
		f.Options = append(f.Options, option{itoa(r.ParentID), hidden("Result", r.ParentID)})
	}
	return f
}

// chainLink links to a program's results chain.
func chainLink(l *lookup, programID int64) link {
	p := l.programLink(programID)
	if p.Href == "" {
		return p
	}
	return link{p.Href + "/results", "Results of " + p.Text}
}

// queryRecordID reads a positive record id from the query string, 0 otherwise.
func queryRecordID(r *http.Request, name string) int64 {
	id, err := strconv.ParseInt(r.URL.Query().Get(name), 10, 64)
	if err != nil || id < 0 {
		return 0
	}
	return id
}

// programName names a program for a field's help, "" when no program is
// given yet (rather than "Program #0").
func programName(l *lookup, id int64) string {
	if id == 0 {
		return ""
	}
	return l.programLink(id).Text
}
