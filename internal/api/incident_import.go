package api

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/importer"
	"github.com/custos-ssa/custos/internal/query"
	"github.com/custos-ssa/custos/internal/store"
)

// incidentImportQuery says what an uploaded incident file holds.
type incidentImportQuery struct {
	Format  string `json:"format"`            // ucdp, acled or hxl
	File    string `json:"file,omitempty"`    // the file's name, for messages and the incidents' source; the form part's name, else "incidents.csv"
	Dataset string `json:"dataset,omitempty"` // names an HXL table (hxl only), so that two publishers' ids do not collide
}

// incidentImportResult is what an incident import did.
type incidentImportResult struct {
	File      string `json:"file"`
	Format    string `json:"format"`
	Summary   string `json:"summary"`   // "imported N incidents (U updated, R rejected)", as the CLI prints
	Rows      int    `json:"rows"`      // data rows read
	Created   int    `json:"created"`   // new incidents
	Updated   int    `json:"updated"`   // incidents imported before from the same dataset and key
	Rejected  int    `json:"rejected"`  // rows left out by design: UCDP events without civilian deaths
	Suggested int    `json:"suggested"` // perpetrators given a suggested unit for an analyst to confirm
}

// rowsErrorBody is the 400 answer to a malformed incident file: the error,
// with every problem by line and field.
type rowsErrorBody struct {
	Error rowsError `json:"error"`
}

type rowsError struct {
	custos.Error
	Bad  int                   `json:"bad"`  // rows with a problem
	Rows []importer.RowProblem `json:"rows"` // the first importer.MaxProblems problems
}

// handleImportIncidents imports an incident dataset (UCDP GED, ACLED or
// HXL CSV) sent as the body or as the "file" part of a form, all rows or
// none, as the CLI's custos import does. The caller is checked before the
// body is read.
func (s *Server) handleImportIncidents(w http.ResponseWriter, r *http.Request) error {
	for _, a := range []custos.Action{custos.ActionCreate, custos.ActionUpdate} {
		if _, err := custos.Authorize(r.Context(), a, custos.EntityIncident); err != nil {
			return err
		}
	}
	var q incidentImportQuery
	if err := query.Parse(r.URL.Query(), &q); err != nil {
		return err
	}
	formats := strings.Join(importer.EventFormats, ", ")
	switch {
	case q.Format == "":
		return &custos.Error{Kind: custos.EINVALID, Message: "the format parameter is missing", Fields: map[string]string{"format": "is required: one of " + formats}}
	case !slices.Contains(importer.EventFormats, q.Format):
		return &custos.Error{Kind: custos.EINVALID, Message: "the format parameter is not an incident format", Fields: map[string]string{"format": fmt.Sprintf("%q is not one of %s", q.Format, formats)}}
	case q.Dataset != "" && q.Format != "hxl":
		return &custos.Error{Kind: custos.EINVALID, Message: "the dataset parameter is for hxl only", Fields: map[string]string{"dataset": "is for format=hxl only"}}
	}
	db, ok := s.store.(*store.DB)
	if !ok {
		return custos.Errorf(custos.EINTERNAL, "this store cannot import incidents")
	}
	data, name, err := readUpload(w, r, q.File, "incidents.csv")
	if err != nil {
		return err
	}
	res, err := importer.Events(r.Context(), db, q.Format, name, bytes.NewReader(data),
		importer.EventsOptions{Lean: len(data) > importer.LeanBytes, Dataset: q.Dataset})
	var rows *importer.RowsError
	if errors.As(err, &rows) {
		msg := fmt.Sprintf("%s: %d rows cannot be imported, so nothing was imported", rows.File, rows.Bad)
		return writeJSON(w, http.StatusBadRequest, rowsErrorBody{rowsError{custos.Error{Kind: custos.EINVALID, Message: msg}, rows.Bad, rows.Rows}})
	}
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, incidentImportResult{File: name, Format: q.Format, Summary: res.Summary(),
		Rows: res.Rows, Created: res.Created, Updated: res.Updated, Rejected: res.Rejected, Suggested: res.Suggested})
}
