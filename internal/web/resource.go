package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/query"
)

// resource is one kind of record with its pages: list (filtered, searched,
// paged by cursor, exported), view, create, edit and delete. Each kind's file
// fills one in; the handlers below are shared.
type resource[T any, F any] struct {
	entity   string // custos.EntityActor...: for permissions
	path     string // "/actors"
	singular string // "actor"
	plural   string // "Actors and units": the list's title
	section  string // the lifecycle stage in the navigation
	intro    string // one sentence under the list's title

	key           func(*T) string
	title         func(*T) string
	releasability func(*T) custos.Releasability

	find   func(context.Context, F) ([]*T, string, error)
	get    func(context.Context, string) (*T, error)
	create func(context.Context, *T) error
	update func(context.Context, *T) error
	del    func(context.Context, string) error

	// blank returns a new record, prefilled from the query string (the
	// program of a new activity, the parent of a new unit).
	blank func(r *http.Request) *T
	// filters returns the inputs of the list's filter form.
	filters func(ctx context.Context, f *F) []field
	// table draws a page of records.
	table func(ctx context.Context, list []*T) table
	// columns and row write a record for the CSV and XLSX exports.
	columns []string
	row     func(*T) []string
	// form adds the inputs of a record; parse reads them back.
	form  func(ctx context.Context, fm *form, v *T, isNew bool)
	parse func(v *values, into *T)
	// view returns the facts and related lists of a record page.
	view func(ctx context.Context, v *T) (viewPage, error)
	// viewTemplate names a special page for the record ("country"); ""
	// means the generic "view".
	viewTemplate string
}

// listPage is a list of records with its filters.
type listPage struct {
	base
	Intro      string
	Action     string // the list's own path, where the filter form goes
	Filters    []field
	Table      table
	Next       string
	First      string
	NewHref    string
	NewLabel   string
	ExportCSV  string
	ExportXLSX string
	Filtered   bool
	// Hidden keeps filters that have no input on the form (the program or
	// unit a list was opened for) when the form is sent again.
	Hidden []option
}

// table is a data table: a caption, column headers and rows of cells.
type table struct {
	Caption string
	Columns []column
	Rows    [][]cell
	Empty   string // shown when there are no rows
}

// column is a table header; Num aligns numbers to the right.
type column struct {
	Label string
	Num   bool
}

// cell is a table cell, a link when Href is set.
type cell struct {
	Text string
	Href string
	Num  bool
	Tag  string // a small label beside the text: a releasability level
}

// viewPage is one record's page: facts, then related lists.
type viewPage struct {
	base
	Kind          string
	Crumbs        []link
	Facts         []fact
	Releasability custos.Releasability
	EditHref      string
	DeleteHref    string
	Actions       []link
	Sections      []section
	Extra         any // what a special template needs beyond the facts
}

// link is an anchor.
type link struct{ Href, Text string }

// fact is one labelled value of a record; Links lists several linked values.
type fact struct {
	Label string
	Text  string
	Href  string
	Links []link
	Long  bool // multi-line text
}

// section is a related list on a record page.
type section struct {
	Title string
	Intro string
	Table table
	More  link
	New   link
}

// formPage is a create or edit form.
type formPage struct {
	base
	Action string
	Cancel string
	Submit string
	Items  []formItem
	Errors []formErr
}

// deletePage asks to confirm a deletion.
type deletePage struct {
	base
	Action string
	Cancel string
	What   string
}

// mount registers the pages of a resource.
func mount[T any, F any](s *Server, rs resource[T, F]) {
	s.handle("GET "+rs.path, rs.list(s))
	s.handle("GET "+rs.path+".csv", rs.export(s, "csv"))
	s.handle("GET "+rs.path+".xlsx", rs.export(s, "xlsx"))
	s.handle("GET "+rs.path+"/new", rs.newForm(s))
	s.handle("POST "+rs.path, rs.save(s, false))
	s.handle("GET "+rs.path+"/{key}", rs.show(s))
	s.handle("GET "+rs.path+"/{key}/edit", rs.editForm(s))
	s.handle("POST "+rs.path+"/{key}", rs.save(s, true))
	s.handle("GET "+rs.path+"/{key}/delete", rs.confirmDelete(s))
	s.handle("POST "+rs.path+"/{key}/delete", rs.remove(s))
}

// filterOf reads a list's filter from the query string. Empty values (a
// select left at "any") are dropped, so that they do not filter.
func filterOf[F any](r *http.Request) (F, url.Values, error) {
	var f F
	q := url.Values{}
	for k, vs := range r.URL.Query() {
		for _, v := range vs {
			if strings.TrimSpace(v) != "" {
				q.Add(k, strings.TrimSpace(v))
			}
		}
	}
	return f, q, query.Parse(q, &f)
}

func (rs resource[T, F]) list(s *Server) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		f, q, err := filterOf[F](r)
		if err != nil {
			return err
		}
		items, next, err := rs.find(r.Context(), f)
		if err != nil {
			return err
		}
		page := listPage{base: s.base(r, rs.plural, rs.section), Intro: rs.intro, Action: rs.path,
			Filters: rs.filters(r.Context(), &f), Table: rs.table(r.Context(), items)}
		shown := map[string]bool{"after": true}
		for _, fl := range page.Filters {
			shown[fl.Name] = true
		}
		for k, v := range q {
			if !shown[k] {
				page.Hidden = append(page.Hidden, option{k, v[0]})
			}
		}
		sort.Slice(page.Hidden, func(i, j int) bool { return page.Hidden[i].Value < page.Hidden[j].Value })
		exp := url.Values{}
		for k, v := range q {
			if k != "after" && k != "limit" {
				exp[k] = v
				page.Filtered = true
			}
		}
		page.ExportCSV, page.ExportXLSX = withQuery(rs.path+".csv", exp), withQuery(rs.path+".xlsx", exp)
		if next != "" {
			nq := cloneValues(q)
			nq.Set("after", next)
			page.Next = withQuery(rs.path, nq)
		}
		if q.Get("after") != "" {
			fq := cloneValues(q)
			fq.Del("after")
			page.First = withQuery(rs.path, fq)
		}
		if page.Can("create", rs.entity) {
			page.NewHref, page.NewLabel = rs.path+"/new", "Add "+article(rs.singular)
		}
		s.render(w, r, http.StatusOK, "list", &page)
		return nil
	}
}

func (rs resource[T, F]) show(s *Server) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		v, err := rs.get(r.Context(), r.PathValue("key"))
		if err != nil {
			return err
		}
		page, err := rs.view(r.Context(), v)
		if err != nil {
			return err
		}
		page.base = s.base(r, rs.title(v), rs.section)
		page.Kind = label(rs.singular)
		page.Releasability = rs.releasability(v)
		item := rs.path + "/" + url.PathEscape(rs.key(v))
		if page.Can("update", rs.entity) {
			page.EditHref = item + "/edit"
		}
		if page.Can("delete", rs.entity) {
			page.DeleteHref = item + "/delete"
		}
		page.Crumbs = append([]link{{rs.path, rs.plural}}, page.Crumbs...)
		tmpl := rs.viewTemplate
		if tmpl == "" {
			tmpl = "view"
		}
		s.render(w, r, http.StatusOK, tmpl, &page)
		return nil
	}
}

func (rs resource[T, F]) newForm(s *Server) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if _, err := custos.Authorize(r.Context(), custos.ActionCreate, rs.entity); err != nil {
			return err
		}
		rs.renderForm(s, w, r, http.StatusOK, rs.blank(r), true, newForm(nil, nil, nil), nil)
		return nil
	}
}

func (rs resource[T, F]) editForm(s *Server) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if _, err := custos.Authorize(r.Context(), custos.ActionUpdate, rs.entity); err != nil {
			return err
		}
		v, err := rs.get(r.Context(), r.PathValue("key"))
		if err != nil {
			return err
		}
		rs.renderForm(s, w, r, http.StatusOK, v, false, newForm(nil, nil, nil), nil)
		return nil
	}
}

// renderForm draws the form of a record with any errors.
func (rs resource[T, F]) renderForm(s *Server, w http.ResponseWriter, r *http.Request, status int, v *T, isNew bool, fm *form, top []formErr) {
	title, action, cancel, submit := "Edit "+rs.title(v), rs.path+"/"+url.PathEscape(rs.key(v)), rs.path+"/"+url.PathEscape(rs.key(v)), "Save changes"
	if isNew {
		title, action, cancel, submit = "Add "+article(rs.singular), rs.path, rs.path, "Save "+rs.singular
	}
	rs.form(r.Context(), fm, v, isNew)
	page := formPage{base: s.base(r, title, rs.section), Action: action, Cancel: cancel, Submit: submit, Items: fm.items,
		Errors: append(top, fm.summary()...)}
	s.render(w, r, status, "form", &page)
}

// save creates (isEdit false) or updates a record from a posted form. On
// an error the form comes back with the user's input and each message
// beside its field.
func (rs resource[T, F]) save(s *Server, isEdit bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		action := custos.ActionCreate
		if isEdit {
			action = custos.ActionUpdate
		}
		if _, err := custos.Authorize(r.Context(), action, rs.entity); err != nil {
			return err
		}
		if err := r.ParseForm(); err != nil {
			return custos.Errorf(custos.EINVALID, "the form could not be read: %v", err)
		}
		var v *T
		if isEdit {
			cur, err := rs.get(r.Context(), r.PathValue("key"))
			if err != nil {
				return err
			}
			v = cur
		} else {
			v = rs.blank(r)
		}
		vals := newValues(r.PostForm)
		rs.parse(vals, v)
		if g := r.PostForm.Get("_add"); g != "" {
			rs.renderForm(s, w, r, http.StatusOK, v, !isEdit, newForm(vals.errs, vals.raw, map[string]int{g: vals.rows(g) + 1}), nil)
			return nil
		}
		if len(vals.errs) > 0 {
			rs.renderForm(s, w, r, http.StatusUnprocessableEntity, v, !isEdit, newForm(vals.errs, vals.raw, nil), nil)
			return nil
		}
		var err error
		if isEdit {
			err = rs.update(r.Context(), v)
		} else {
			err = rs.create(r.Context(), v)
		}
		var e *custos.Error
		if errors.As(err, &e) && (e.Kind == custos.EINVALID || e.Kind == custos.ECONFLICT || (e.Kind == custos.ENOTFOUND && len(e.Fields) > 0)) {
			var top []formErr
			if len(e.Fields) == 0 {
				top = []formErr{{Message: e.Message}}
			}
			rs.renderForm(s, w, r, http.StatusUnprocessableEntity, v, !isEdit, newForm(e.Fields, vals.raw, nil), top)
			return nil
		}
		if err != nil {
			return err
		}
		return redirect(w, r, rs.path+"/"+url.PathEscape(rs.key(v)))
	}
}

func (rs resource[T, F]) confirmDelete(s *Server) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if _, err := custos.Authorize(r.Context(), custos.ActionDelete, rs.entity); err != nil {
			return err
		}
		v, err := rs.get(r.Context(), r.PathValue("key"))
		if err != nil {
			return err
		}
		item := rs.path + "/" + url.PathEscape(rs.key(v))
		page := deletePage{base: s.base(r, "Delete "+rs.title(v)+"?", rs.section), Action: item + "/delete", Cancel: item,
			What: rs.singular}
		s.render(w, r, http.StatusOK, "delete", &page)
		return nil
	}
}

func (rs resource[T, F]) remove(s *Server) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := rs.del(r.Context(), r.PathValue("key")); err != nil {
			return err
		}
		return redirect(w, r, rs.path)
	}
}

// withQuery returns path?query, or path when the query is empty.
func withQuery(path string, q url.Values) string {
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

func cloneValues(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}

// article puts "a" or "an" before a noun.
func article(noun string) string {
	if noun != "" && strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}
