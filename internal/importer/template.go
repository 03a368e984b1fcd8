package importer

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/ingest/table"
	"github.com/custos-ssa/custos/internal/store"
)

// Column is one column of an import template.
type Column struct {
	Name     string
	Required bool
	Help     string
	// fields are the record's JSON field paths this column fills, so that a
	// validation error on a field is reported against the column.
	fields []string
}

// Template is the spreadsheet layout for importing one kind of record.
type Template struct {
	Kind    string // "actors", "persons", "programs", "activities"
	Entity  string // custos.EntityActor...
	Columns []Column
}

// Templates lists the import templates, in the order records depend on
// each other (actors before the persons, programs and activities that
// name them).
var Templates = []Template{
	{Kind: "actors", Entity: custos.EntityActor, Columns: []Column{
		{Name: "key", Help: "your identifier for the row; re-importing a key updates that record; other rows refer to it"},
		{Name: "country", Required: true, Help: "ISO 3166-1 alpha-2 code, e.g. ML", fields: []string{"country"}},
		{Name: "kind", Required: true, Help: "army, police, gendarmerie, ministry_defence, ngo... (see the vocabulary)", fields: []string{"kind", "category"}},
		{Name: "name", Required: true, fields: []string{"name"}},
		{Name: "aliases", Help: "other names separated by |, each optionally as lang:name (ar:الجيش|fr:Armée)", fields: []string{"names"}},
		{Name: "parent", Help: "the parent unit's key (from an earlier row or import) or id", fields: []string{"parent_id"}},
		{Name: "echelon", Help: "ministry, service, brigade, battalion, company...", fields: []string{"echelon"}},
		{Name: "description", fields: []string{"description"}},
		{Name: "releasability", Help: "public, internal (default), restricted or protected", fields: []string{"releasability"}},
	}},
	{Kind: "persons", Entity: custos.EntityPerson, Columns: []Column{
		{Name: "key"},
		{Name: "name", Required: true, fields: []string{"name"}},
		{Name: "aliases", Help: "other names separated by |, each optionally as lang:name", fields: []string{"names"}},
		{Name: "birth_date", Help: "YYYY, YYYY-MM or YYYY-MM-DD", fields: []string{"birth_date"}},
		{Name: "gender", Help: "female, male, other or unknown", fields: []string{"gender"}},
		{Name: "nationality", Help: "ISO 3166-1 alpha-2 code", fields: []string{"nationality"}},
		{Name: "rank", fields: []string{"rank"}},
		{Name: "unit", Help: "the unit's key or id", fields: []string{"memberships"}},
		{Name: "position", Help: "the person's position in the unit", fields: []string{"memberships"}},
		{Name: "notes", fields: []string{"notes"}},
		{Name: "releasability", Help: "restricted (default), protected, internal or public", fields: []string{"releasability"}},
	}},
	{Kind: "programs", Entity: custos.EntityProgram, Columns: []Column{
		{Name: "key"},
		{Name: "title", Required: true, fields: []string{"title"}},
		{Name: "country", Required: true, fields: []string{"country"}},
		{Name: "authority", Help: "the authority's code, e.g. IMET or 10 USC 333", fields: []string{"authority_id"}},
		{Name: "lead_org", Help: "the lead organization's abbreviation or id", fields: []string{"lead_org_id"}},
		{Name: "implementers", Help: "organizations' abbreviations or ids, separated by |", fields: []string{"implementer_ids"}},
		{Name: "objective_category", Help: "operational, transactional or governance", fields: []string{"objective_category"}},
		{Name: "icb_domains", Help: "separated by |: strategy_policy, resource_management, human_resource_management, acquisition_logistics, force_management, law_human_rights", fields: []string{"icb_domains"}},
		{Name: "activity_type", Help: "train, equip, advise, education, exercise, seminar, fms_case, construction", fields: []string{"activity_type"}},
		{Name: "recipients", Help: "recipient actors' keys or ids, separated by |", fields: []string{"recipient_ids"}},
		{Name: "budget", Help: "fiscal year:amount in U.S. dollars, separated by | (2025:1200000|2026:900000)", fields: []string{"budget"}},
		{Name: "start", Help: "YYYY-MM-DD", fields: []string{"start"}},
		{Name: "end", Help: "YYYY-MM-DD", fields: []string{"end"}},
		{Name: "status", Help: "proposed (default), planned, active, suspended, completed, terminated", fields: []string{"status"}},
		{Name: "description", fields: []string{"description"}},
		{Name: "releasability", Help: "internal (default), public, restricted, protected", fields: []string{"releasability"}},
	}},
	{Kind: "activities", Entity: custos.EntityActivity, Columns: []Column{
		{Name: "key"},
		{Name: "program", Required: true, Help: "the program's key or id", fields: []string{"program_id"}},
		{Name: "kind", Required: true, Help: "course, mobile_training_team, delivery, exercise, seminar, advising, construction, other", fields: []string{"kind"}},
		{Name: "title", Required: true, fields: []string{"title"}},
		{Name: "start", Help: "YYYY-MM-DD", fields: []string{"start"}},
		{Name: "end", Help: "YYYY-MM-DD", fields: []string{"end"}},
		{Name: "location", fields: []string{"location"}},
		{Name: "country", Help: "where it takes place, ISO alpha-2", fields: []string{"country"}},
		{Name: "implementer", fields: []string{"implementer"}},
		{Name: "units", Help: "participating units' keys or ids, separated by |", fields: []string{"actor_ids"}},
		{Name: "persons", Help: "participating persons' keys or ids, separated by |", fields: []string{"person_ids"}},
		{Name: "quantity", Help: "number of students or items", fields: []string{"quantity"}},
		{Name: "cost_usd", Help: "whole U.S. dollars", fields: []string{"cost_usd"}},
		{Name: "status", Help: "planned (default), in_progress, delivered, cancelled", fields: []string{"status"}},
		{Name: "description", fields: []string{"description"}},
		{Name: "releasability", Help: "internal (default), public, restricted, protected", fields: []string{"releasability"}},
	}},
}

// TemplateFor returns the template of a kind.
func TemplateFor(kind string) (Template, bool) {
	for _, t := range Templates {
		if t.Kind == kind {
			return t, true
		}
	}
	return Template{}, false
}

// Header returns the template's column names.
func (t Template) Header() []string {
	out := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		out[i] = c.Name
	}
	return out
}

// RowErrors is every problem found in a file; nothing was imported.
type RowErrors []*table.Error

func (e RowErrors) Error() string {
	lines := make([]string, 0, len(e))
	for i, x := range e {
		if i == 20 {
			lines = append(lines, fmt.Sprintf("... and %d more", len(e)-20))
			break
		}
		lines = append(lines, x.Error())
	}
	return fmt.Sprintf("%d problem(s); nothing was imported:\n%s", len(e), strings.Join(lines, "\n"))
}

// TableResult says what a template import did.
type TableResult struct {
	Kind             string
	Rows             int
	Created, Updated int
}

// Summary is the one-line summary the CLI prints.
func (r *TableResult) Summary() string {
	return fmt.Sprintf("imported %d %s rows: %d created, %d updated", r.Rows, r.Kind, r.Created, r.Updated)
}

// Table imports a CSV or XLSX file laid out as the template of kind. Every
// row is checked; if any row has a problem, every problem is returned as
// RowErrors and nothing is stored. progress, if not nil, is called with the
// number of rows done.
func Table(ctx context.Context, st *store.DB, kind, file string, data []byte, progress func(rows int)) (*TableResult, error) {
	tpl, ok := TemplateFor(kind)
	if !ok {
		return nil, custos.Errorf(custos.EINVALID, "unknown import %q (actors, persons, programs, activities)", kind)
	}
	tab, err := table.Read(file, data)
	if err != nil {
		return nil, RowErrors{asTableError(file, err)}
	}
	cols, errs := mapHeader(tpl, tab)
	if len(errs) > 0 {
		return nil, errs
	}
	refs, err := loadRefs(ctx, st)
	if err != nil {
		return nil, err
	}
	dataset := "csv:" + kind
	res := &TableResult{Kind: kind}
	rec := &store.ImportRecord{Dataset: dataset, Entities: []string{tpl.Entity}}
	var rowErrs RowErrors
	err = st.Import(ctx, rec, func(b *store.Bulk) error {
		if err := refs.loadKeys(b); err != nil {
			return err
		}
		seenKey := map[string]int{}
		seenRow := map[string]int{}
		for i, raw := range tab.Rows {
			line := i + 2
			cells := map[string]string{}
			blank := true
			for name, at := range cols {
				if at < len(raw) {
					v := strings.TrimSpace(table.Unneutralize(raw[at]))
					cells[name] = v
					if v != "" {
						blank = false
					}
				}
			}
			if blank {
				continue
			}
			whole := strings.Join(raw, "\x1f")
			if first, ok := seenRow[whole]; ok {
				rowErrs = append(rowErrs, &table.Error{File: file, Row: line, Reason: fmt.Sprintf("repeats row %d", first)})
				continue
			}
			seenRow[whole] = line
			if k := cells["key"]; k != "" {
				if first, ok := seenKey[k]; ok {
					rowErrs = append(rowErrs, &table.Error{File: file, Row: line, Column: "key", Reason: fmt.Sprintf("key %q is also on row %d", k, first)})
					continue
				}
				seenKey[k] = line
			}
			r := &rowCtx{bulk: b, file: file, line: line, cells: cells, tpl: tpl, refs: refs}
			for _, c := range tpl.Columns {
				if c.Required && cells[c.Name] == "" {
					r.fail(c.Name, "is required")
				}
			}
			var putErr error
			switch kind {
			case "actors":
				putErr = r.putActor(b)
			case "persons":
				putErr = r.putPerson(b)
			case "programs":
				putErr = r.putProgram(b)
			case "activities":
				putErr = r.putActivity(b)
			}
			if putErr != nil {
				r.failErr(putErr)
			}
			rowErrs = append(rowErrs, r.errs...)
			res.Rows++
			if progress != nil && res.Rows%1000 == 0 {
				progress(res.Rows)
			}
		}
		if len(rowErrs) > 0 {
			return rowErrs
		}
		rec.Files = []store.ImportedFile{{Name: file, SHA256: store.HashFile(data), Rows: res.Rows}}
		res.Created, res.Updated = b.Created[tpl.Entity], b.Updated[tpl.Entity]
		return nil
	})
	if err != nil {
		return nil, err
	}
	if progress != nil {
		progress(res.Rows)
	}
	return res, nil
}

func asTableError(file string, err error) *table.Error {
	var te *table.Error
	if errors.As(err, &te) {
		return te
	}
	return &table.Error{File: file, Reason: err.Error()}
}

// mapHeader finds each template column in the file's header (in any order,
// any case), refusing unknown and repeated columns and missing required
// ones.
func mapHeader(tpl Template, tab *table.Table) (map[string]int, RowErrors) {
	cols := map[string]int{}
	var errs RowErrors
	known := map[string]bool{}
	for _, c := range tpl.Columns {
		known[c.Name] = true
	}
	for i, h := range tab.Header {
		name := strings.ToLower(strings.TrimSpace(h))
		switch {
		case name == "":
			continue
		case !known[name]:
			errs = append(errs, &table.Error{File: tab.File, Row: 1, Column: h, Reason: fmt.Sprintf("is not a column of the %s template (%s)", tpl.Kind, strings.Join(tpl.Header(), ", "))})
		case hasCol(cols, name):
			errs = append(errs, &table.Error{File: tab.File, Row: 1, Column: h, Reason: "appears twice"})
		default:
			cols[name] = i
		}
	}
	for _, c := range tpl.Columns {
		if c.Required && !hasCol(cols, c.Name) {
			errs = append(errs, &table.Error{File: tab.File, Row: 1, Column: c.Name, Reason: "the required column is missing from the header"})
		}
	}
	return cols, errs
}

func hasCol(cols map[string]int, name string) bool { _, ok := cols[name]; return ok }

// refs resolves what rows refer to: keys of earlier imports and rows,
// authority codes and organization abbreviations.
type refs struct {
	authorities map[string]int64 // code, upper-cased
	orgs        map[string]int64 // abbreviation or name, upper-cased
	keys        map[string]map[string]int64
}

func loadRefs(ctx context.Context, st *store.DB) (*refs, error) {
	r := &refs{authorities: map[string]int64{}, orgs: map[string]int64{}, keys: map[string]map[string]int64{}}
	auths, _, err := st.FindAuthorities(ctx, custos.AuthorityFilter{Page: custos.Page{Limit: custos.MaxLimit}})
	if err != nil {
		return nil, err
	}
	for _, a := range auths {
		r.authorities[strings.ToUpper(a.Code)] = a.ID
	}
	for after := ""; ; {
		orgs, next, err := st.FindOrganizations(ctx, custos.OrganizationFilter{Page: custos.Page{Limit: custos.MaxLimit, After: after}})
		if err != nil {
			return nil, err
		}
		for _, o := range orgs {
			r.orgs[strings.ToUpper(o.Name)] = o.ID
			if o.Abbrev != "" {
				r.orgs[strings.ToUpper(o.Abbrev)] = o.ID
			}
		}
		if next == "" {
			break
		}
		after = next
	}
	return r, nil
}

func (r *refs) loadKeys(b *store.Bulk) error {
	for _, t := range []string{"actors", "persons", "programs", "activities"} {
		ids, err := b.SourceIDs(t, "csv:"+t)
		if err != nil {
			return err
		}
		r.keys[t] = ids
	}
	return nil
}

// rowCtx is one row being imported, with the problems found in it.
type rowCtx struct {
	bulk  *store.Bulk
	file  string
	line  int
	cells map[string]string
	tpl   Template
	refs  *refs
	errs  RowErrors
}

func (r *rowCtx) fail(col, reason string) {
	for _, e := range r.errs {
		if e.Column == col {
			return // the first problem of a column is enough
		}
	}
	r.errs = append(r.errs, &table.Error{File: r.file, Row: r.line, Column: col, Reason: reason})
}

// failErr reports a store or validation error against the columns that
// fill the fields it names.
func (r *rowCtx) failErr(err error) {
	var e *custos.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		if e != nil {
			r.fail("", e.Message)
		} else {
			r.fail("", "cannot be stored: "+err.Error())
		}
		return
	}
	fields := make([]string, 0, len(e.Fields))
	for f := range e.Fields {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, f := range fields {
		r.fail(r.columnOf(f), e.Fields[f])
	}
}

func (r *rowCtx) columnOf(field string) string {
	for _, c := range r.tpl.Columns {
		for _, p := range c.fields {
			if field == p || strings.HasPrefix(field, p+"[") || strings.HasPrefix(field, p+".") {
				return c.Name
			}
		}
	}
	return field
}

// failed reports whether the row already has problems, so that it is not
// written.
func (r *rowCtx) failed() bool { return len(r.errs) > 0 }

func (r *rowCtx) source(kind string) *custos.SourceRef {
	k := r.cells["key"]
	if k == "" {
		return nil
	}
	return &custos.SourceRef{Dataset: "csv:" + kind, Key: k, File: r.file, Row: r.line}
}

// existing returns the id of the record a row's key already names.
func (r *rowCtx) existing(kind string) int64 {
	if k := r.cells["key"]; k != "" {
		return r.refs.keys[kind][k]
	}
	return 0
}

// ref resolves a key or an id in table kind.
func (r *rowCtx) ref(col, kind, v string) int64 {
	if v == "" {
		return 0
	}
	if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
		if ok, err := r.bulk.Visible(kind, id); err != nil || !ok {
			r.fail(col, fmt.Sprintf("no %s has the id %d", strings.TrimSuffix(kind, "s"), id))
			return 0
		}
		return id
	}
	if id, ok := r.refs.keys[kind][v]; ok {
		return id
	}
	r.fail(col, fmt.Sprintf("no %s has the key %q (rows that others refer to must come first)", strings.TrimSuffix(kind, "s"), v))
	return 0
}

func (r *rowCtx) refList(col, kind string) []int64 {
	var out []int64
	for _, v := range split(r.cells[col]) {
		if id := r.ref(col, kind, v); id != 0 {
			out = append(out, id)
		}
	}
	return out
}

// remember records the id of a keyed row, for rows after it.
func (r *rowCtx) remember(kind string, id int64) {
	if k := r.cells["key"]; k != "" {
		r.refs.keys[kind][k] = id
	}
}

func split(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "|") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (r *rowCtx) names() []custos.Name {
	var out []custos.Name
	for _, p := range split(r.cells["aliases"]) {
		n := custos.Name{Value: p}
		if lang, v, ok := strings.Cut(p, ":"); ok && len(lang) >= 2 && len(lang) <= 8 && !strings.Contains(lang, " ") {
			n = custos.Name{Value: strings.TrimSpace(v), Lang: lang}
		}
		out = append(out, n)
	}
	return out
}

func (r *rowCtx) releasability() custos.Releasability {
	v := r.cells["releasability"]
	if v == "" {
		return 0
	}
	rel, err := custos.ParseReleasability(strings.ToLower(v))
	if err != nil {
		r.fail("releasability", "must be public, internal, restricted or protected")
	}
	return rel
}

func (r *rowCtx) date(col string) custos.Date {
	v := r.cells[col]
	if v == "" {
		return custos.Date{}
	}
	d, err := custos.ParseDate(v)
	if err != nil {
		r.fail(col, err.Error())
	}
	return d
}

func (r *rowCtx) number(col string) int64 {
	v := strings.ReplaceAll(strings.TrimPrefix(r.cells[col], "$"), ",", "")
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		r.fail(col, fmt.Sprintf("%q is not a whole number", r.cells[col]))
	}
	return n
}
