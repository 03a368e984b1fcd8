package api

import (
	"io"
	"net/http"
	"strings"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/export"
	"github.com/custos-ssa/custos/internal/query"
)

// reviewRequest is the body of a measurement review.
type reviewRequest struct {
	Status custos.MeasurementStatus `json:"status"` // approved or rejected
	Note   string                   `json:"note,omitempty"`
}

func (s *Server) handleReviewMeasurement(w http.ResponseWriter, r *http.Request) error {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	var req reviewRequest
	if err := decodeStrict(body, &req); err != nil {
		return err
	}
	m, err := s.store.ReviewMeasurement(r.Context(), id, req.Status, req.Note)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, m)
}

// evaluateQuery selects the conditions to evaluate and the date.
type evaluateQuery struct {
	AsOf      custos.Date `json:"as_of,omitzero"` // today when absent
	ProgramID int64       `json:"program_id,omitempty"`
	Country   string      `json:"country,omitempty"`
}

func (s *Server) handleEvaluateConditions(w http.ResponseWriter, r *http.Request) error {
	var q evaluateQuery
	if err := query.Parse(r.URL.Query(), &q); err != nil {
		return err
	}
	// The filters are query parameters; a body would be silently ignored
	// and every condition evaluated, so one is refused.
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<10))
	if b := strings.TrimSpace(string(body)); err != nil || b != "" && b != "{}" && b != "null" {
		return &custos.Error{Kind: custos.EINVALID, Message: "invalid evaluation request",
			Fields: map[string]string{"body": "this request takes no body: give program_id, country and as_of as query parameters (?program_id=12&as_of=2026-06-01)"}}
	}
	run, err := s.store.EvaluateConditions(r.Context(), custos.ConditionFilter{ProgramID: q.ProgramID, Country: q.Country}, q.AsOf)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, run)
}

// evaluationsQuery filters one condition's evaluations.
type evaluationsQuery struct {
	Status custos.ConditionStatus `json:"status,omitempty"`
	From   custos.Date            `json:"from,omitzero"`
	To     custos.Date            `json:"to,omitzero"`
	custos.Page
}

func (s *Server) handleConditionEvaluations(w http.ResponseWriter, r *http.Request) error {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	var q evaluationsQuery
	if err := query.Parse(r.URL.Query(), &q); err != nil {
		return err
	}
	if _, err := s.store.FindCondition(r.Context(), id); err != nil {
		return err
	}
	list, next, err := s.store.FindEvaluations(r.Context(), custos.EvaluationFilter{ConditionID: id, Status: q.Status, From: q.From, To: q.To, Page: q.Page})
	if err != nil {
		return err
	}
	if list == nil {
		list = []*custos.Evaluation{}
	}
	return writeJSON(w, http.StatusOK, listBody[custos.Evaluation]{Items: list, Next: next})
}

func (s *Server) handleConditionHistory(w http.ResponseWriter, r *http.Request) error {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	h, err := s.store.ConditionHistory(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, h)
}

func (s *Server) handleConditionDecisions(w http.ResponseWriter, r *http.Request) error {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	list, err := s.store.FindDecisions(r.Context(), id)
	if err != nil {
		return err
	}
	if list == nil {
		list = []*custos.ConditionDecision{}
	}
	return writeJSON(w, http.StatusOK, listBody[custos.ConditionDecision]{Items: list})
}

func (s *Server) handleRecordDecision(w http.ResponseWriter, r *http.Request) error {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	var d custos.ConditionDecision
	if err := decodeStrict(body, &d); err != nil {
		return err
	}
	d.ConditionID = id
	if err := s.store.RecordDecision(r.Context(), &d); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, &d)
}

func (s *Server) handlePortfolio(w http.ResponseWriter, r *http.Request) error {
	var f custos.PortfolioFilter
	if err := query.Parse(r.URL.Query(), &f); err != nil {
		return err
	}
	fig, err := s.store.Portfolio(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, fig)
}

// conditionReportQuery asks for a country's condition report in a format.
type conditionReportQuery struct {
	Country string `json:"country"`
	Format  string `json:"format,omitempty"` // json (default), csv or xlsx
}

func (s *Server) handleConditionReport(w http.ResponseWriter, r *http.Request) error {
	var q conditionReportQuery
	if err := query.Parse(r.URL.Query(), &q); err != nil {
		return err
	}
	if q.Format != "" && q.Format != "json" && q.Format != "csv" && q.Format != "xlsx" {
		return &custos.Error{Kind: custos.EINVALID, Message: "invalid report", Fields: map[string]string{"format": "must be json, csv or xlsx, not " + q.Format}}
	}
	rep, err := s.store.ConditionReport(r.Context(), q.Country)
	if err != nil {
		return err
	}
	if q.Format == "" || q.Format == "json" {
		return writeJSON(w, http.StatusOK, rep)
	}
	name := "conditions-" + rep.Country + "." + q.Format
	var out export.Writer
	if q.Format == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
		if out, err = export.NewCSV(w); err != nil {
			return err
		}
	} else {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
		if out, err = export.NewXLSX(w, "Conditions "+rep.Country); err != nil {
			return err
		}
	}
	return writeConditionTable(out, rep)
}

// writeConditionTable writes a report's header and rows and closes out.
func writeConditionTable(out export.Writer, rep *custos.ConditionReport) error {
	if err := out.Write(custos.ConditionReportHeader); err != nil {
		return err
	}
	for _, row := range rep.Table() {
		if err := out.Write(row); err != nil {
			return err
		}
	}
	return out.Close()
}
