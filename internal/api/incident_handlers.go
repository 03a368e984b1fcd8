package api

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"reflect"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/export"
	"github.com/custos-ssa/custos/internal/incident"
	"github.com/custos-ssa/custos/internal/query"
)

// incidentRoutes are the routes of incidents, their trends and warnings,
// the civilian-harm report and the civil-society intake.
func (s *Server) incidentRoutes(rs []route) []route {
	st := s.store
	rs = append(rs,
		route{method: "GET", path: "/api/v1/incidents/trends", tag: "incidents", summary: "Incidents and civilian casualties by month and by category, admin1 or perpetrator unit; each bucket carries the filter listing its incidents",
			handle: s.handleTrends, query: reflect.TypeOf(custos.TrendFilter{}), response: reflect.TypeOf(trendsBody{})},
		route{method: "POST", path: "/api/v1/incidents/{id}/transition", tag: "incidents", summary: "Move an incident's verification to another status, with the reason (analysts and administrators); credible and confirmed raise warnings on the assistance to its units",
			handle: s.handleTransition, request: reflect.TypeOf(transitionRequest{}), response: reflect.TypeOf(custos.Incident{})},
		route{method: "GET", path: "/api/v1/incidents/{id}/reporter", tag: "incidents", summary: "The contact details of the civil-society reporter of an incident (analysts and administrators)",
			handle: s.handleReporter, response: reflect.TypeOf(custos.Reporter{})},
		route{method: "GET", path: "/api/v1/warnings", tag: "incidents", summary: "Open warnings on programs and activities whose units are named in credible incidents (entity=program&id=N for one record; cleared=true for cleared ones too)",
			handle: s.handleWarnings, query: reflect.TypeOf(custos.WarningFilter{}), response: reflect.TypeOf(listBody[custos.Warning]{})},
		route{method: "GET", path: "/api/v1/reports/civilian-harm", tag: "incidents", summary: "The monthly civilian-harm report of a country: JSON, or one of its tables (trends, largest, units, reviews) with format=csv or format=xlsx",
			handle: s.handleCivilianHarm, query: reflect.TypeOf(reportQuery{}), response: reflect.TypeOf(incident.Report{})},
		route{method: "POST", path: "/api/v1/intake", tag: "incidents", summary: "Report an incident, without signing in; contact details are optional and kept encrypted; anonymous callers are rate-limited per address",
			handle: s.handleIntake, request: reflect.TypeOf(intakeRequest{}), response: reflect.TypeOf(intakeResponse{}), status: http.StatusCreated},
	)
	return addResource(rs, resource[custos.Incident, custos.IncidentFilter]{
		plural: "incidents", entity: custos.EntityIncident, singular: "incident", key: "id",
		find: st.FindIncidents, get: byID(st.FindIncident), create: st.CreateIncident, update: s.updateIncident, del: delByID(st.DeleteIncident),
		setKey: func(i *custos.Incident, k string) { setID(&i.ID, k) },
	})
}

// updateIncident is the update of PATCH /api/v1/incidents/{id}. The merge
// patch starts from the stored incident, so its status differs from the
// stored one only when the caller sent one: that is refused, naming the
// transition route, rather than silently kept as stored, because a status
// moves only with a recorded reason.
func (s *Server) updateIncident(ctx context.Context, i *custos.Incident) error {
	cur, err := s.store.FindIncident(ctx, i.ID)
	if err != nil {
		return err
	}
	if i.Status != "" && i.Status != cur.Status {
		return &custos.Error{Kind: custos.EINVALID, Message: "invalid incident", Fields: map[string]string{
			"status": fmt.Sprintf("is %q but the incident is %q, and an update does not change the status: "+
				"POST /api/v1/incidents/%d/transition with {\"to\": %[1]q, \"reason\": \"...\"} moves it and records why", i.Status, cur.Status, i.ID)}}
	}
	return s.store.UpdateIncident(ctx, i)
}

// trendsBody is the JSON form of a trend.
type trendsBody struct {
	Items []*custos.TrendBucket `json:"items"`
}

func (s *Server) handleTrends(w http.ResponseWriter, r *http.Request) error {
	var f custos.TrendFilter
	if err := query.Parse(r.URL.Query(), &f); err != nil {
		return err
	}
	list, err := s.store.IncidentTrends(r.Context(), f)
	if err != nil {
		return err
	}
	if list == nil {
		list = []*custos.TrendBucket{}
	}
	return writeJSON(w, http.StatusOK, trendsBody{Items: list})
}

// transitionRequest moves an incident's verification.
type transitionRequest struct {
	To     custos.VerificationStatus `json:"to"`
	Reason string                    `json:"reason"`
}

func (s *Server) handleTransition(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	var req transitionRequest
	if err := decodeStrict(body, &req); err != nil {
		return err
	}
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	i, err := s.store.TransitionIncident(r.Context(), id, req.To, req.Reason)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, i)
}

func (s *Server) handleWarnings(w http.ResponseWriter, r *http.Request) error {
	var f custos.WarningFilter
	if err := query.Parse(r.URL.Query(), &f); err != nil {
		return err
	}
	list, next, err := s.store.FindWarnings(r.Context(), f)
	if err != nil {
		return err
	}
	if list == nil {
		list = []*custos.Warning{}
	}
	return writeJSON(w, http.StatusOK, listBody[custos.Warning]{Items: list, Next: next})
}

// reportQuery selects a civilian-harm report and its form.
type reportQuery struct {
	Country string `json:"country,omitempty"` // every country when empty
	Month   string `json:"month,omitempty"`   // YYYY-MM; the last whole month when empty
	Format  string `json:"format,omitempty"`  // json (default), csv or xlsx
	Table   string `json:"table,omitempty"`   // for csv and xlsx: trends (default), largest, units or reviews
}

func (s *Server) handleCivilianHarm(w http.ResponseWriter, r *http.Request) error {
	var q reportQuery
	if err := query.Parse(r.URL.Query(), &q); err != nil {
		return err
	}
	if q.Format != "" && q.Format != "json" && q.Format != "csv" && q.Format != "xlsx" {
		return &custos.Error{Kind: custos.EINVALID, Message: "invalid report", Fields: map[string]string{"format": "must be json, csv or xlsx"}}
	}
	if q.Table == "" {
		q.Table = "trends"
	}
	rep, err := incident.Gather(r.Context(), s.store, q.Country, q.Month, time.Now())
	if err != nil {
		return err
	}
	if q.Format == "" || q.Format == "json" {
		return writeJSON(w, http.StatusOK, rep)
	}
	rows, ok := rep.Table(q.Table)
	if !ok {
		return &custos.Error{Kind: custos.EINVALID, Message: "invalid report", Fields: map[string]string{"table": "must be trends, largest, units or reviews"}}
	}
	var buf bytes.Buffer
	name := "civilian-harm-" + rep.Country + "-" + rep.Month + "-" + q.Table + "." + q.Format
	if err := writeTable(&buf, q.Format, q.Table, rows); err != nil {
		return err
	}
	ct := "text/csv; charset=utf-8"
	if q.Format == "xlsx" {
		ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(buf.Bytes())
	return err
}

// writeTable writes rows as CSV or as a one-sheet workbook.
func writeTable(buf *bytes.Buffer, format, sheet string, rows [][]string) error {
	var out interface {
		Write([]string) error
		Close() error
	}
	var err error
	if format == "xlsx" {
		out, err = export.NewXLSX(buf, sheet)
	} else {
		out, err = export.NewCSV(buf)
	}
	if err != nil {
		return err
	}
	for _, row := range rows {
		if err := out.Write(row); err != nil {
			return err
		}
	}
	return out.Close()
}

func (s *Server) handleReporter(w http.ResponseWriter, r *http.Request) error {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	sealed, err := s.store.IncidentReporter(r.Context(), id)
	if err != nil {
		return err
	}
	if s.intakeKey == nil {
		return custos.Errorf(custos.EINTERNAL, "this server has no intake key, so it cannot open reporters' contact details")
	}
	rep, err := incident.Open(s.intakeKey, id, sealed)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rep)
}
