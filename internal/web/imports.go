package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/importer"
	tabular "github.com/custos-ssa/custos/internal/ingest/table"
	"github.com/custos-ssa/custos/internal/store"
)

// importJob is an import running or finished in the background, so that a
// long file shows its progress instead of a page that hangs.
type importJob struct {
	ID      string
	UserID  int64
	Kind    string
	File    string
	Started time.Time

	mu       sync.Mutex
	rows     int
	done     bool
	summary  string
	problems []*tabular.Error
	bad      int // rows with a problem, for an incident file
	failure  string
	counts   []count
}

// count is one figure of an import's result.
type count struct {
	Label string
	N     int
}

// importJobs keeps the latest jobs in memory; one import runs at a time.
type importJobs struct {
	mu      sync.Mutex
	running bool
	jobs    map[string]*importJob
	order   []string
}

const keepJobs = 50

func (j *importJobs) start(job *importJob) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.running {
		return custos.Errorf(custos.ECONFLICT, "another import is running: wait for it to finish, then upload again")
	}
	j.running = true
	if j.jobs == nil {
		j.jobs = map[string]*importJob{}
	}
	j.jobs[job.ID] = job
	j.order = append(j.order, job.ID)
	if len(j.order) > keepJobs {
		delete(j.jobs, j.order[0])
		j.order = j.order[1:]
	}
	return nil
}

func (j *importJobs) finish() {
	j.mu.Lock()
	j.running = false
	j.mu.Unlock()
}

func (j *importJobs) get(id string, user int64) (*importJob, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	job, ok := j.jobs[id]
	if !ok || job.UserID != user {
		return nil, false // another user's import is not theirs to see
	}
	return job, true
}

// importKinds are the files a user can upload, with what they hold.
var importKinds = []option{
	{"actors", "Actors and units (template)"},
	{"persons", "Persons (template)"},
	{"programs", "Programs (template)"},
	{"activities", "Activities (template)"},
	{"fmtr", "U.S. Foreign Military Training Report table (.tsv)"},
	{"ucdp", "UCDP GED events (.csv)"},
	{"acled", "ACLED export (.csv)"},
	{"hxl", "HXL-tagged incidents (.csv)"},
}

// isEventKind reports whether kind is an incident dataset (see
// importer.Events), which only analysts and administrators import.
func isEventKind(kind string) bool { return slices.Contains(importer.EventFormats, kind) }

// kindLabel returns what an import kind's files hold.
func kindLabel(kind string) string {
	for _, o := range importKinds {
		if o.Value == kind {
			return o.Label
		}
	}
	return label(kind)
}

// importPage is the upload form, or one job's progress and result.
type importPage struct {
	base
	Templates []importTemplate
	Fields    []field
	Error     string
	Job       *jobView
	Incidents bool // the caller may import incident datasets
}

type importTemplate struct {
	Kind, Label string
	Columns     []importer.Column
}

type jobView struct {
	ID, Kind, File, Started string
	Rows                    int
	Done                    bool
	Summary, Failure        string
	Counts                  []count
	Bad                     int  // rows with a problem, for an incident file
	Truncated               bool // only the first importer.MaxProblems problems are listed
	Problems                table
}

// canImport reports whether the caller may import anything: imports create
// and update records.
func canImport(p custos.Principal) bool {
	return custos.Can(p.Role, custos.ActionCreate, custos.EntityActor)
}

// canImportIncidents reports whether the caller may import incident
// datasets, which create and update incidents (the store checks it again).
func canImportIncidents(p custos.Principal) bool {
	return custos.Can(p.Role, custos.ActionCreate, custos.EntityIncident) && custos.Can(p.Role, custos.ActionUpdate, custos.EntityIncident)
}

func (s *Server) importForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderImport(w, r, http.StatusOK, "", "")
}

func (s *Server) renderImport(w http.ResponseWriter, r *http.Request, status int, kind, msg string) error {
	p := principalFrom(r.Context())
	if !canImport(p) || s.db == nil {
		return custos.Errorf(custos.EFORBIDDEN, "the %s role may not import records", p.Role)
	}
	page := importPage{base: s.base(r, "Import data", "Plan"), Error: msg, Incidents: canImportIncidents(p)}
	for _, t := range importer.Templates {
		page.Templates = append(page.Templates, importTemplate{Kind: t.Kind, Label: label(t.Kind), Columns: t.Columns})
	}
	kinds := importKinds
	if !page.Incidents {
		kinds = slices.DeleteFunc(slices.Clone(kinds), func(o option) bool { return isEventKind(o.Value) })
	}
	page.Fields = []field{
		{Name: "kind", Label: "What the file holds", Type: "select", Value: kind, Options: kinds, Required: true},
		{Name: "file", Label: "File (CSV UTF-8, XLSX or FMTR .tsv; at most 100 MB)", Type: "file", Required: true, Error: msg},
	}
	s.render(w, r, status, "import", &page)
	return nil
}

// importUpload starts an import of the uploaded file and sends the user to
// its progress page.
func (s *Server) importUpload(w http.ResponseWriter, r *http.Request) error {
	p := principalFrom(r.Context())
	if !canImport(p) || s.db == nil {
		return custos.Errorf(custos.EFORBIDDEN, "the %s role may not import records", p.Role)
	}
	r.Body = http.MaxBytesReader(w, r.Body, tabular.MaxBytes+1<<20)
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return s.renderImport(w, r, http.StatusRequestEntityTooLarge, "", "The file is larger than 100 MB: split it into smaller files.")
		}
		return s.renderImport(w, r, http.StatusBadRequest, "", "Choose a file to upload.")
	}
	defer r.MultipartForm.RemoveAll()
	kind := r.FormValue("kind")
	if _, ok := importer.TemplateFor(kind); !ok && kind != "fmtr" && !isEventKind(kind) {
		return s.renderImport(w, r, http.StatusBadRequest, "", "Choose what the file holds.")
	}
	if isEventKind(kind) && !canImportIncidents(p) {
		return custos.Errorf(custos.EFORBIDDEN, "the %s role may not import incidents: analysts and administrators do", p.Role)
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return s.renderImport(w, r, http.StatusBadRequest, kind, "Choose a file to upload.")
	}
	data, err := io.ReadAll(io.LimitReader(f, tabular.MaxBytes+1))
	f.Close()
	if err != nil {
		return err
	}
	if len(data) > tabular.MaxBytes {
		return s.renderImport(w, r, http.StatusRequestEntityTooLarge, kind, "The file is larger than 100 MB: split it into smaller files.")
	}
	u := userFrom(r.Context())
	b := make([]byte, 8)
	rand.Read(b)
	job := &importJob{ID: hex.EncodeToString(b), UserID: u.ID, Kind: kind, File: hdr.Filename, Started: time.Now()}
	if err := s.imports.start(job); err != nil {
		return s.renderImport(w, r, http.StatusConflict, kind, custos.ErrorMessage(err))
	}
	// The import outlives the request: it keeps the caller's principal but
	// not the request's cancellation.
	ctx := context.WithoutCancel(r.Context())
	go s.runImport(ctx, job, data)
	http.Redirect(w, r, "/import/jobs/"+job.ID, http.StatusSeeOther)
	return nil
}

func (s *Server) runImport(ctx context.Context, job *importJob, data []byte) {
	defer s.imports.finish()
	progress := func(n int) {
		job.mu.Lock()
		job.rows = n
		job.mu.Unlock()
	}
	var summary string
	var counts []count
	var err error
	switch {
	case isEventKind(job.Kind):
		var res *importer.EventsResult
		// Large files load lean, as on the command line.
		opt := importer.EventsOptions{Lean: len(data) > importer.LeanBytes, Progress: progress}
		if res, err = importer.Events(ctx, s.db, job.Kind, job.File, bytes.NewReader(data), opt); err == nil {
			summary = res.Summary()
			counts = []count{{"Rows read", res.Rows}, {"New incidents", res.Created}, {"Incidents updated", res.Updated},
				{"Rows left out by design (no civilian deaths)", res.Rejected}, {"Perpetrators with a suggested unit to confirm", res.Suggested}}
		}
	case job.Kind == "fmtr":
		var res *importer.FMTRResult
		if res, err = importer.FMTR(ctx, s.db, []importer.File{{Name: job.File, Data: data}}, progress); err == nil {
			summary = res.Summary()
		}
	default:
		var res *importer.TableResult
		if res, err = importer.Table(ctx, s.db, job.Kind, job.File, data, progress); err == nil {
			summary = res.Summary()
		}
	}
	job.mu.Lock()
	defer job.mu.Unlock()
	job.done = true
	var rowErrs importer.RowErrors
	var tErr *tabular.Error
	var evErr *importer.RowsError
	var fErr interface{ Error() string }
	switch {
	case err == nil:
		job.summary, job.counts = summary, counts
	case errors.As(err, &evErr):
		job.bad = evErr.Bad
		for _, p := range evErr.Rows {
			job.problems = append(job.problems, &tabular.Error{File: evErr.File, Row: p.Line, Column: p.Field, Reason: p.Message})
		}
	case errors.As(err, &rowErrs):
		job.problems = rowErrs
	case errors.As(err, &tErr):
		job.problems = []*tabular.Error{tErr}
	default:
		fErr = err
		job.failure = custos.ErrorMessage(err)
		if custos.ErrorKind(err) == custos.EINTERNAL {
			job.failure = "The file could not be imported: " + err.Error()
			s.log.ErrorContext(ctx, "import failed", "kind", job.Kind, "file", job.File, "error", fErr)
		}
	}
}

func (s *Server) importJob(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	if u == nil {
		return custos.Errorf(custos.EUNAUTHORIZED, "sign in to see your imports")
	}
	job, ok := s.imports.get(r.PathValue("id"), u.ID)
	if !ok {
		return notFound("import")
	}
	job.mu.Lock()
	v := &jobView{ID: job.ID, Kind: kindLabel(job.Kind), File: job.File, Started: job.Started.UTC().Format("2006-01-02 15:04:05 UTC"),
		Rows: job.rows, Done: job.done, Summary: job.summary, Failure: job.failure, Counts: job.counts,
		Bad: job.bad, Truncated: len(job.problems) >= importer.MaxProblems}
	v.Problems = table{Caption: "Problems found; nothing was imported", Empty: "No problem.",
		Columns: []column{{Label: "Row", Num: true}, {Label: "Column"}, {Label: "Problem"}}}
	if isEventKind(job.Kind) {
		// Incident readers count lines of the file, the header being line 1.
		v.Problems.Columns[0].Label = "Line"
	}
	for _, p := range job.problems {
		row := "whole file"
		if p.Row > 0 {
			row = formatInt(int64(p.Row))
		}
		v.Problems.Rows = append(v.Problems.Rows, []cell{{Text: row, Num: true}, {Text: p.Column}, {Text: p.Reason}})
	}
	job.mu.Unlock()
	page := importPage{base: s.base(r, "Import of "+v.File, "Plan"), Job: v}
	s.render(w, r, http.StatusOK, "import", &page)
	return nil
}

// importTemplateFile sends an empty template to fill in.
func (s *Server) importTemplateFile(w http.ResponseWriter, r *http.Request) error {
	tpl, ok := importer.TemplateFor(r.PathValue("kind"))
	if !ok {
		return notFound("template")
	}
	switch r.PathValue("format") {
	case "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="custos-%s-template.csv"`, tpl.Kind))
		return importer.WriteTemplateCSV(w, tpl)
	case "xlsx":
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="custos-%s-template.xlsx"`, tpl.Kind))
		return importer.WriteTemplateXLSX(w, tpl)
	}
	return notFound("template")
}

// importProgress answers the progress page's script.
func (s *Server) importProgress(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	if u == nil {
		return custos.Errorf(custos.EUNAUTHORIZED, "sign in to see your imports")
	}
	job, ok := s.imports.get(r.PathValue("id"), u.ID)
	if !ok {
		return notFound("import")
	}
	job.mu.Lock()
	rows, done := job.rows, job.done
	job.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_, err := fmt.Fprintf(w, `{"rows":%d,"done":%t}`, rows, done)
	return err
}

// importsDB is the concrete store the importer writes through (its bulk
// writer); nil disables the import pages.
type importsDB = *store.DB
