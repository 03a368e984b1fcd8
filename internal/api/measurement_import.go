package api

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/ingest/measurement"
	"github.com/custos-ssa/custos/internal/ingest/table"
	"github.com/custos-ssa/custos/internal/query"
	"github.com/custos-ssa/custos/internal/store"
)

// MaxMeasurementFile bounds an uploaded measurement file.
const MaxMeasurementFile = table.MaxBytes

// measurementImporter is the store's bulk path for measurement files.
type measurementImporter interface {
	ImportMeasurements(ctx context.Context, file string, rows []store.MeasurementRow) (*store.MeasurementImport, error)
}

// measurementImportQuery names the uploaded file in messages.
type measurementImportQuery struct {
	File string `json:"file,omitempty"` // the file's name, for messages; "measurements" when absent
}

// handleImportMeasurements imports a file of measurements sent as the
// body (text/csv, or an XLSX workbook) or as the "file" part of a
// multipart/form-data body. The caller is checked before the body is read.
func (s *Server) handleImportMeasurements(w http.ResponseWriter, r *http.Request) error {
	if _, err := custos.Authorize(r.Context(), custos.ActionCreate, custos.EntityMeasurement); err != nil {
		return err
	}
	var q measurementImportQuery
	if err := query.Parse(r.URL.Query(), &q); err != nil {
		return err
	}
	data, name, err := readUpload(w, r, q.File, "measurements")
	if err != nil {
		return err
	}
	rows, err := measurement.Read(name, data)
	if err != nil {
		return err
	}
	conv := make([]store.MeasurementRow, len(rows))
	for i, row := range rows {
		conv[i] = store.MeasurementRow(row)
	}
	imp, ok := s.store.(measurementImporter)
	if !ok {
		return custos.Errorf(custos.EINTERNAL, "this store cannot import measurements")
	}
	res, err := imp.ImportMeasurements(r.Context(), name, conv)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, res)
}

// readUpload reads a file sent as the body or as the "file" part of a
// multipart/form-data body, of at most MaxMeasurementFile bytes. Its name
// is name if given, else the part's file name, else fallback.
func readUpload(w http.ResponseWriter, r *http.Request, name, fallback string) ([]byte, string, error) {
	body := io.Reader(http.MaxBytesReader(w, r.Body, MaxMeasurementFile+1<<20))
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		mr, err := r.MultipartReader()
		if err != nil {
			return nil, "", custos.Errorf(custos.EINVALID, "cannot read the form: %v", err)
		}
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				return nil, "", &custos.Error{Kind: custos.EINVALID, Message: "no file uploaded", Fields: map[string]string{"file": "is required"}}
			}
			if err != nil {
				return nil, "", readError(err)
			}
			if part.FormName() == "file" {
				if name == "" {
					name = path.Base(strings.ReplaceAll(part.FileName(), `\`, "/"))
				}
				body = part
				break
			}
		}
	}
	if name == "" || name == "." || name == "/" {
		name = fallback
	}
	data, err := io.ReadAll(io.LimitReader(body, MaxMeasurementFile+1))
	if err != nil {
		return nil, "", readError(err)
	}
	if len(data) > MaxMeasurementFile {
		return nil, "", custos.Errorf(custos.ETOOLARGE, "the file is larger than %d MB: split it", MaxMeasurementFile>>20)
	}
	return data, name, nil
}

func readError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return custos.Errorf(custos.ETOOLARGE, "the file is larger than %d MB: split it", MaxMeasurementFile>>20)
	}
	return custos.Errorf(custos.EINVALID, "cannot read the upload: %v", err)
}

// measurementImportResult is what an import stored (store.MeasurementImport).
type measurementImportResult = store.MeasurementImport

// conditionStatusQuery is the date a condition is judged as of.
type conditionStatusQuery struct {
	AsOf custos.Date `json:"as_of,omitzero"` // today when absent
}

// handleConditionStatus judges one condition as of a date against the data
// known then, with the values that decided it, recording nothing.
func (s *Server) handleConditionStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	var q conditionStatusQuery
	if err := query.Parse(r.URL.Query(), &q); err != nil {
		return err
	}
	e, err := s.store.JudgeCondition(r.Context(), id, q.AsOf)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, e)
}
