package web

import (
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/conditions"
)

// conditionFormPage is the condition form with the catalog of inputs a
// criterion can read, so the author writes the expression with its
// documentation in view.
type conditionFormPage struct {
	formPage
	Inputs     []conditions.InputDoc
	Functions  []conditions.FunctionDoc
	Categories string
	Rules      []string
}

// mountConditions registers the condition pages. It is mount with the
// condition's own form (catalog beside it) and record page (status,
// history, decisions: condition_page.go).
func mountConditions(s *Server) {
	rs := s.conditions()
	s.handle("GET /conditions", rs.list(s))
	s.handle("GET /conditions.csv", rs.export(s, "csv"))
	s.handle("GET /conditions.xlsx", rs.export(s, "xlsx"))
	s.handle("GET /conditions/inputs", s.conditionInputs)
	s.handle("GET /conditions/new", func(w http.ResponseWriter, r *http.Request) error {
		if _, err := custos.Authorize(r.Context(), custos.ActionCreate, custos.EntityCondition); err != nil {
			return err
		}
		s.renderConditionForm(w, r, http.StatusOK, rs, rs.blank(r), true, newForm(nil, nil, nil), nil)
		return nil
	})
	s.handle("POST /conditions", s.saveCondition(rs, false))
	s.handle("GET /conditions/{key}", s.conditionShow)
	s.handle("GET /conditions/{key}/edit", func(w http.ResponseWriter, r *http.Request) error {
		if _, err := custos.Authorize(r.Context(), custos.ActionUpdate, custos.EntityCondition); err != nil {
			return err
		}
		c, err := rs.get(r.Context(), r.PathValue("key"))
		if err != nil {
			return err
		}
		s.renderConditionForm(w, r, http.StatusOK, rs, c, false, newForm(nil, nil, nil), nil)
		return nil
	})
	s.handle("POST /conditions/{key}", s.saveCondition(rs, true))
	s.handle("GET /conditions/{key}/delete", rs.confirmDelete(s))
	s.handle("POST /conditions/{key}/delete", rs.remove(s))
	s.handle("POST /conditions/{key}/evaluate", s.evaluateCondition)
	s.handle("POST /conditions/{key}/decisions", s.decideCondition)
}

// renderConditionForm draws the condition form with any errors.
func (s *Server) renderConditionForm(w http.ResponseWriter, r *http.Request, status int, rs resource[custos.Condition, custos.ConditionFilter],
	c *custos.Condition, isNew bool, fm *form, top []formErr) {
	title, action, submit := "Edit "+c.Title, "/conditions/"+itoa(c.ID), "Save changes"
	cancel := action
	if isNew {
		title, action, cancel, submit = "Add a condition", "/conditions", "/conditions", "Save condition"
	}
	rs.form(r.Context(), fm, c, isNew)
	page := conditionFormPage{formPage: formPage{base: s.base(r, title, rs.section), Action: action, Cancel: cancel, Submit: submit,
		Items: fm.items, Errors: append(top, fm.summary()...)}}
	page.Inputs, page.Functions, page.Categories, page.Rules = catalogHelp()
	s.render(w, r, status, "condition_form", &page)
}

// saveCondition creates or updates a condition from the posted form. The
// store compiles the criterion; its errors come back beside the field.
func (s *Server) saveCondition(rs resource[custos.Condition, custos.ConditionFilter], isEdit bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		action := custos.ActionCreate
		if isEdit {
			action = custos.ActionUpdate
		}
		if _, err := custos.Authorize(r.Context(), action, custos.EntityCondition); err != nil {
			return err
		}
		if err := r.ParseForm(); err != nil {
			return custos.Errorf(custos.EINVALID, "the form could not be read: %v", err)
		}
		c := rs.blank(r)
		if isEdit {
			cur, err := rs.get(r.Context(), r.PathValue("key"))
			if err != nil {
				return err
			}
			c = cur
		}
		vals := newValues(r.PostForm)
		rs.parse(vals, c)
		if g := r.PostForm.Get("_add"); g != "" {
			s.renderConditionForm(w, r, http.StatusOK, rs, c, !isEdit, newForm(vals.errs, vals.raw, map[string]int{g: vals.rows(g) + 1}), nil)
			return nil
		}
		if len(vals.errs) > 0 {
			s.renderConditionForm(w, r, http.StatusUnprocessableEntity, rs, c, !isEdit, newForm(vals.errs, vals.raw, nil), nil)
			return nil
		}
		var err error
		if isEdit {
			err = rs.update(r.Context(), c)
		} else {
			err = rs.create(r.Context(), c)
		}
		var e *custos.Error
		if errors.As(err, &e) && (e.Kind == custos.EINVALID || e.Kind == custos.ECONFLICT || (e.Kind == custos.ENOTFOUND && len(e.Fields) > 0)) {
			var top []formErr
			if len(e.Fields) == 0 {
				top = []formErr{{Message: e.Message}}
			}
			s.renderConditionForm(w, r, http.StatusUnprocessableEntity, rs, c, !isEdit, newForm(e.Fields, vals.raw, nil), top)
			return nil
		}
		if err != nil {
			return err
		}
		return redirect(w, r, "/conditions/"+url.PathEscape(itoa(c.ID)))
	}
}

// inputsPage is the catalog of inputs on a page of its own.
type inputsPage struct {
	base
	Inputs     []conditions.InputDoc
	Functions  []conditions.FunctionDoc
	Categories string
	Rules      []string
}

// conditionInputs answers GET /conditions/inputs: the catalog of what a
// criterion can read, for those who write or check criteria.
func (s *Server) conditionInputs(w http.ResponseWriter, r *http.Request) error {
	if _, err := custos.Authorize(r.Context(), custos.ActionRead, custos.EntityCondition); err != nil {
		return err
	}
	page := inputsPage{base: s.base(r, "What a condition's criterion can read", "Monitor")}
	page.Inputs, page.Functions, page.Categories, page.Rules = catalogHelp()
	s.render(w, r, http.StatusOK, "condition_inputs", &page)
	return nil
}

var markdownMarks = regexp.MustCompile("\\*\\*|`")

// catalogHelp returns the engine's catalog of inputs and functions, the
// incident categories and the status rules, taken from the engine's own
// documentation so the help never drifts from what the engine accepts.
func catalogHelp() ([]conditions.InputDoc, []conditions.FunctionDoc, string, []string) {
	md := conditions.Markdown()
	var cats string
	var rules []string
	for _, line := range strings.Split(md, "\n") {
		if rest, ok := strings.CutPrefix(line, "Incident categories: "); ok {
			cats = strings.TrimSuffix(rest, ".")
		}
		if len(line) > 3 && line[0] >= '1' && line[0] <= '9' && strings.HasPrefix(line[1:], ". ") {
			rules = append(rules, markdownMarks.ReplaceAllString(line[3:], ""))
		}
	}
	return conditions.Catalog(), conditions.Functions(), cats, rules
}
