package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
)

// maxListUpload bounds an uploaded list: the whole OFAC SDN list in the
// vetting CSV format is a few megabytes.
const maxListUpload = 64 << 20

// listSummary is one imported list of derogatory records and its size.
type listSummary struct {
	Name    string
	Href    string // its entries
	Entries int
	Units   int
	Persons int
}

// listsPage shows the imported lists and the upload form.
type listsPage struct {
	base
	Lists   []listSummary
	Notice  string
	Fields  []field
	Errors  []formErr
	Lines   table // the bad rows of a refused file
	CanLoad bool
	Columns []string
}

// listColumns are the columns of the vetting CSV format, in order.
var listColumns = []string{"id", "kind", "name", "aliases", "birth_date", "gender", "nationality", "unit", "parent_unit"}

// vettingLists answers GET /vetting/lists.
func (s *Server) vettingLists(w http.ResponseWriter, r *http.Request) error {
	page, err := s.listsPage(r)
	if err != nil {
		return err
	}
	if q := r.URL.Query(); q.Get("imported") != "" {
		page.Notice = fmt.Sprintf("Imported list “%s” from %s: %s rows, %s added, %s changed, %s removed.", q.Get("imported"), q.Get("file"),
			q.Get("rows"), q.Get("added"), q.Get("changed"), q.Get("removed"))
	}
	s.render(w, r, http.StatusOK, "vetting_lists", page)
	return nil
}

// listsPage counts the entries of each list. The store has no count by
// list, so the entries are read by cursor, a thousand at a time.
func (s *Server) listsPage(r *http.Request) (*listsPage, error) {
	ctx := r.Context()
	counts := map[string]*listSummary{}
	f := custos.ListEntryFilter{Page: custos.Page{Limit: custos.MaxLimit}}
	for {
		list, next, err := s.store.FindListEntries(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, e := range list {
			c := counts[e.List]
			if c == nil {
				c = &listSummary{Name: e.List, Href: withQuery("/vetting/list-entries", url.Values{"list": {e.List}})}
				counts[e.List] = c
			}
			c.Entries++
			if e.Kind == "unit" {
				c.Units++
			} else {
				c.Persons++
			}
		}
		if next == "" {
			break
		}
		f.After = next
	}
	page := &listsPage{base: s.base(r, "Derogatory lists", "Vet"), Columns: listColumns}
	for _, c := range counts {
		page.Lists = append(page.Lists, *c)
	}
	sort.Slice(page.Lists, func(i, j int) bool { return page.Lists[i].Name < page.Lists[j].Name })
	page.CanLoad = page.Can("create", custos.EntityVetting)
	page.Fields = []field{
		{Name: "name", Label: "List name", Type: "text", Required: true, Value: r.FormValue("name"),
			Help: "Such as “OFAC SDN” or “UN Panel of Experts 2023”. Importing a list of the same name again replaces its entries."},
		{Name: "file", Label: "File (CSV, UTF-8, in the vetting format)", Type: "file", Required: true},
	}
	return page, nil
}

// vettingListUpload answers POST /vetting/lists: a list in the vetting CSV
// format, imported whole or not at all. A refused file comes back with
// every bad row named by line and column.
func (s *Server) vettingListUpload(w http.ResponseWriter, r *http.Request) error {
	if _, err := custos.Authorize(r.Context(), custos.ActionCreate, custos.EntityVetting); err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxListUpload+1<<20)
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return s.listUploadError(w, r, http.StatusRequestEntityTooLarge, map[string]string{"file": fmt.Sprintf("is larger than %d MB", maxListUpload>>20)}, nil)
		}
		return s.listUploadError(w, r, http.StatusBadRequest, map[string]string{"file": "choose a file to upload"}, nil)
	}
	defer r.MultipartForm.RemoveAll()
	name := strings.TrimSpace(r.FormValue("name"))
	errs := map[string]string{}
	if name == "" {
		errs["name"] = "is required"
	} else if err := custos.ValidateListName(name); err != nil {
		var e *custos.Error
		if errors.As(err, &e) {
			errs["name"] = e.Fields["name"]
		}
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		errs["file"] = "choose a file to upload"
	}
	if len(errs) > 0 {
		if file != nil {
			file.Close()
		}
		return s.listUploadError(w, r, http.StatusUnprocessableEntity, errs, nil)
	}
	data, err := io.ReadAll(io.LimitReader(file, maxListUpload+1))
	file.Close()
	if err != nil {
		return err
	}
	if len(data) > maxListUpload {
		return s.listUploadError(w, r, http.StatusRequestEntityTooLarge, map[string]string{"file": fmt.Sprintf("is larger than %d MB", maxListUpload>>20)}, nil)
	}
	entries, imp, err := store.ParseList(name, hdr.Filename, data)
	if err == nil {
		err = s.store.ImportList(r.Context(), imp, entries)
	}
	var e *custos.Error
	if errors.As(err, &e) && (e.Kind == custos.EINVALID || e.Kind == custos.ECONFLICT) {
		msg := e.Message
		if len(e.Fields) > 0 {
			msg = "has bad rows: nothing was imported. Correct the rows listed below and upload the file again"
		}
		return s.listUploadError(w, r, http.StatusUnprocessableEntity, map[string]string{"file": msg}, e.Fields)
	}
	if err != nil {
		return err
	}
	q := url.Values{"imported": {imp.List}, "file": {imp.File}, "rows": {strconv.Itoa(imp.Rows)}, "added": {strconv.Itoa(imp.Added)},
		"changed": {strconv.Itoa(imp.Changed)}, "removed": {strconv.Itoa(imp.Removed)}}
	return redirect(w, r, "/vetting/lists?"+q.Encode())
}

// listUploadError shows the lists page with the upload form's errors and,
// for a refused file, its bad rows by line.
func (s *Server) listUploadError(w http.ResponseWriter, r *http.Request, status int, errs, lines map[string]string) error {
	page, err := s.listsPage(r)
	if err != nil {
		return err
	}
	for i := range page.Fields {
		page.Fields[i].Error = errs[page.Fields[i].Name]
	}
	page.Errors = summary(errs, map[string]string{"name": "List name", "file": "File"})
	if len(lines) > 0 {
		page.Lines = badLines(lines)
	}
	page.Title = "Error: " + page.Title
	s.render(w, r, status, "vetting_lists", page)
	return nil
}

// badLines lays out a refused file's errors ("line 4.birth_date") as a
// table by line number.
func badLines(lines map[string]string) table {
	type row struct {
		line        int
		col, reason string
	}
	var rows []row
	for k, v := range lines {
		rest, ok := strings.CutPrefix(k, "line ")
		if !ok {
			rows = append(rows, row{1 << 30, k, v})
			continue
		}
		num, col, _ := strings.Cut(rest, ".")
		n, _ := strconv.Atoi(num)
		rows = append(rows, row{n, col, v})
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].line != rows[j].line {
			return rows[i].line < rows[j].line
		}
		return rows[i].col < rows[j].col
	})
	t := table{Caption: "Rows of the file that were refused", Columns: []column{{Label: "Line", Num: true}, {Label: "Column"}, {Label: "Problem"}}}
	for _, r := range rows {
		line := strconv.Itoa(r.line)
		if r.line == 1<<30 {
			line = ""
		}
		t.Rows = append(t.Rows, []cell{{Text: line, Num: true}, {Text: r.col}, {Text: r.reason}})
	}
	return t
}
