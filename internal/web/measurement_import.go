package web

import (
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/ingest/measurement"
	tabular "github.com/custos-ssa/custos/internal/ingest/table"
	"github.com/custos-ssa/custos/internal/store"
)

// measurementImportPage is the upload form for a file of measurements,
// with the result of the last upload.
type measurementImportPage struct {
	base
	Fields   []field
	Columns  []measurement.Column
	Error    string   // what is wrong with the upload as a whole
	Problems []string // each problem of the file, by row and column
	Done     *store.MeasurementImport
	Back     string // the indicator the user came from, by record number
}

// canImportMeasurements reports whether the caller may enter measurements.
func canImportMeasurements(p custos.Principal) bool {
	return custos.Can(p.Role, custos.ActionCreate, custos.EntityMeasurement)
}

// measurementImportForm answers GET /measurements/import.
func (s *Server) measurementImportForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderMeasurementImport(w, r, http.StatusOK, &measurementImportPage{Back: indicatorBack(r.URL.Query().Get("indicator_id"))})
}

func indicatorBack(id string) string {
	if id == "" || strings.Trim(id, "0123456789") != "" {
		return ""
	}
	return id
}

func (s *Server) renderMeasurementImport(w http.ResponseWriter, r *http.Request, status int, page *measurementImportPage) error {
	p := principalFrom(r.Context())
	if !canImportMeasurements(p) || s.db == nil {
		return custos.Errorf(custos.EFORBIDDEN, "the %s role may not enter measurements", p.Role)
	}
	page.base = s.base(r, "Import measurements", "Monitor")
	page.Columns = measurement.Columns
	fieldErr := page.Error
	if len(page.Problems) > 0 {
		fieldErr = "Correct the rows listed above and upload the file again."
	}
	page.Fields = []field{{Name: "file", Label: "File of measurements (CSV UTF-8 or XLSX; at most 100 MB)", Type: "file", Required: true, Error: fieldErr}}
	s.render(w, r, status, "measurement_import", page)
	return nil
}

// measurementImportUpload answers POST /measurements/import: every row is
// checked and the file stored whole, as submitted (or draft) figures, or
// not at all with every problem listed.
func (s *Server) measurementImportUpload(w http.ResponseWriter, r *http.Request) error {
	p := principalFrom(r.Context())
	if !canImportMeasurements(p) || s.db == nil {
		return custos.Errorf(custos.EFORBIDDEN, "the %s role may not enter measurements", p.Role)
	}
	page := &measurementImportPage{}
	r.Body = http.MaxBytesReader(w, r.Body, tabular.MaxBytes+1<<20)
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			page.Error = "The file is larger than 100 MB: split it into smaller files."
			return s.renderMeasurementImport(w, r, http.StatusRequestEntityTooLarge, page)
		}
		page.Error = "Choose a file to upload."
		return s.renderMeasurementImport(w, r, http.StatusBadRequest, page)
	}
	defer r.MultipartForm.RemoveAll()
	page.Back = indicatorBack(r.FormValue("indicator_id"))
	f, hdr, err := r.FormFile("file")
	if err != nil {
		page.Error = "Choose a file to upload."
		return s.renderMeasurementImport(w, r, http.StatusBadRequest, page)
	}
	data, err := io.ReadAll(io.LimitReader(f, tabular.MaxBytes+1))
	f.Close()
	if err != nil {
		return err
	}
	name := hdr.Filename
	rows, err := measurement.Read(name, data)
	var res *store.MeasurementImport
	if err == nil {
		conv := make([]store.MeasurementRow, len(rows))
		for i, row := range rows {
			conv[i] = store.MeasurementRow(row)
		}
		res, err = s.db.ImportMeasurements(r.Context(), name, conv)
	}
	if custos.ErrorKind(err) == custos.EINVALID {
		lines := strings.Split(custos.ErrorMessage(err), "\n")
		page.Error = "The file was not imported: " + strings.TrimSuffix(lines[0], ":") + "."
		for _, l := range lines[1:] {
			page.Problems = append(page.Problems, strings.TrimSpace(l))
		}
		return s.renderMeasurementImport(w, r, http.StatusUnprocessableEntity, page)
	}
	if err != nil {
		return err
	}
	page.Done = res
	return s.renderMeasurementImport(w, r, http.StatusOK, page)
}

// measurementTemplateFile answers GET /measurements/import/template.csv.
func (s *Server) measurementTemplateFile(w http.ResponseWriter, r *http.Request) error {
	if !canImportMeasurements(principalFrom(r.Context())) {
		return custos.Errorf(custos.EFORBIDDEN, "the %s role may not enter measurements", principalFrom(r.Context()).Role)
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="measurements.csv"`)
	return measurement.WriteTemplate(w)
}
