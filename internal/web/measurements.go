package web

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/custos-ssa/custos"
)

// measurements are an indicator's values by period. They are entered as
// draft or submitted and count only once another user with the right role
// approves them.
func (s *Server) measurements() resource[custos.Measurement, custos.MeasurementFilter] {
	st := s.store
	return resource[custos.Measurement, custos.MeasurementFilter]{
		entity: custos.EntityMeasurement, path: "/measurements", singular: "measurement", plural: "Measurements", section: "Monitor",
		intro: "Indicator values by period, with who produced them and where they are in review. Only approved measurements count.",
		key:   func(m *custos.Measurement) string { return itoa(m.ID) },
		title: func(m *custos.Measurement) string {
			return fmt.Sprintf("Measurement %d: %s to %s", m.ID, m.PeriodStart, m.PeriodEnd)
		},
		releasability: func(m *custos.Measurement) custos.Releasability { return m.Releasability },
		find:          st.FindMeasurements, get: byID(st.FindMeasurement), create: st.CreateMeasurement, update: st.UpdateMeasurement, del: delByID(st.DeleteMeasurement),
		blank: func(r *http.Request) *custos.Measurement {
			return &custos.Measurement{IndicatorID: queryRecordID(r, "indicator_id"), Status: "submitted", Provenance: "agency", Releasability: custos.Internal}
		},
		filters: func(ctx context.Context, f *custos.MeasurementFilter) []field {
			return []field{
				{Name: "status", Label: "Review status", Type: "select", Value: string(f.Status), Options: choices(custos.MeasurementStatuses, "Any status")},
				{Name: "provenance", Label: "Produced by", Type: "select", Value: string(f.Provenance), Options: choices(custos.Provenances, "Anyone")},
				{Name: "from", Label: "Periods ending on or after", Type: "date", Value: f.From.String(), Short: true},
				{Name: "to", Label: "Periods starting on or before", Type: "date", Value: f.To.String(), Short: true},
				{Name: "indicator_id", Label: "Indicator (record number)", Type: "number", Value: itoa(f.IndicatorID), Short: true},
				{Name: "program_id", Label: "Program (record number)", Type: "number", Value: itoa(f.ProgramID), Short: true,
					Help: programName(s.lookup(ctx), f.ProgramID)},
			}
		},
		table: func(ctx context.Context, list []*custos.Measurement) table {
			return measurementTable(ctx, list, nil, "Measurements")
		},
		columns: []string{"id", "indicator_id", "period_start", "period_end", "value", "disaggregation", "provenance", "status", "submitter_id",
			"approver_id", "reviewed_at", "note", "releasability"},
		row: func(m *custos.Measurement) []string {
			rev := ""
			if !m.ReviewedAt.IsZero() {
				rev = m.ReviewedAt.UTC().Format("2006-01-02 15:04")
			}
			return []string{itoa(m.ID), itoa(m.IndicatorID), m.PeriodStart.String(), m.PeriodEnd.String(), decimal(m.Value),
				custos.DisaggregationKey(m.Disaggregation), string(m.Provenance), string(m.Status), itoa(m.SubmitterID), itoa(m.ApproverID), rev,
				m.Note, m.Releasability.String()}
		},
		form:         s.measurementForm,
		parse:        parseMeasurement,
		view:         s.measurementView,
		viewTemplate: "measurement",
	}
}

func (s *Server) measurementForm(ctx context.Context, fm *form, m *custos.Measurement, isNew bool) {
	ind, _ := s.store.FindIndicator(ctx, m.IndicatorID)
	help := ""
	if ind != nil {
		help = ind.Code + " — " + ind.Title + " (" + label(ind.Unit) + ")"
	}
	fm.add(field{Name: "indicator_id", Label: "Indicator (record number)", Type: "number", Value: itoa(m.IndicatorID), Short: true, Required: true,
		Readonly: !isNew, Help: help})
	fm.add(field{Name: "period_start", Label: "Period from", Type: "date", Value: m.PeriodStart.String(), Short: true, Required: true,
		Help: "A period includes both ends; it must not overlap another measurement of the same indicator and breakdown."})
	fm.add(field{Name: "period_end", Label: "Period to", Type: "date", Value: m.PeriodEnd.String(), Short: true, Required: true})
	valHelp := "In the indicator's unit."
	if ind != nil {
		valHelp = unitHelp(ind)
	}
	fm.add(field{Name: "value", Label: "Value", Type: "text", Value: decimal(m.Value), Short: true, Required: true, Help: valHelp})
	if ind != nil {
		for _, d := range ind.Disaggregations {
			fm.add(field{Name: "disaggregation." + d, Label: "Breakdown: " + label(d), Type: "text", Value: m.Disaggregation[d], Short: true,
				Help: "Leave every breakdown empty to enter the total."})
		}
	}
	fm.add(field{Name: "provenance", Label: "Produced by", Type: "select", Value: string(m.Provenance), Options: choices(custos.Provenances, ""), Required: true})
	fm.add(field{Name: "status", Label: "Review status", Type: "select", Value: string(m.Status), Options: choices([]custos.MeasurementStatus{"draft", "submitted"}, ""),
		Required: true, Help: "Submit it for review when it is ready: another user approves or rejects it."})
	fm.add(field{Name: "note", Label: "Note", Type: "textarea", Value: m.Note})
	fm.add(releasabilityField(principalFrom(ctx), m.Releasability))
}

// unitHelp says which values an indicator accepts.
func unitHelp(ind *custos.Indicator) string {
	switch ind.Unit {
	case "count":
		return "A whole number, 0 or more."
	case "percent":
		return "A percentage from 0 to 100."
	case "ratio":
		return "A ratio, 0 or more."
	case "usd":
		return "U.S. dollars, 0 or more."
	case "days":
		return fmt.Sprintf("Days, from 0 to %d.", custos.MaxDays)
	case "score":
		return fmt.Sprintf("A score from %s to %s.", decimal(ind.ScaleMin), decimal(ind.ScaleMax))
	}
	return "In the indicator's unit."
}

func parseMeasurement(v *values, m *custos.Measurement) {
	if m.ID == 0 {
		m.IndicatorID = v.int64("indicator_id", "indicator_id")
	}
	m.PeriodStart, m.PeriodEnd = v.date("period_start", "period_start"), v.date("period_end", "period_end")
	if v.str("value") == "" {
		v.errs["value"] = "is required"
	}
	m.Value = parseDecimal(v, "value", "value")
	m.Disaggregation = nil
	for k := range v.Values {
		dim, ok := strings.CutPrefix(k, "disaggregation.")
		if !ok || v.str(k) == "" {
			continue
		}
		if m.Disaggregation == nil {
			m.Disaggregation = map[string]string{}
		}
		m.Disaggregation[dim] = v.str(k)
	}
	m.Provenance, m.Status = custos.Provenance(v.str("provenance")), custos.MeasurementStatus(v.str("status"))
	m.Note = v.text("note")
	if r := v.releasability("releasability"); r != 0 {
		m.Releasability = r
	}
}

// reviewBox is what the measurement page needs to offer a review.
type reviewBox struct {
	ID     int64
	Action string
	Back   string // the page to return to after the review
	Allow  bool   // the caller may review this measurement now
	Why    string // why not, when the caller may review measurements at all
}

func (s *Server) measurementView(ctx context.Context, m *custos.Measurement) (viewPage, error) {
	l := s.lookup(ctx)
	var v viewPage
	ind, err := s.store.FindIndicator(ctx, m.IndicatorID)
	if err != nil {
		return v, err
	}
	v.Crumbs = []link{chainLink(l, ind.ProgramID), {"/indicators/" + itoa(ind.ID), ind.Code}}
	pr := principalFrom(ctx)
	v.Facts = []fact{
		{Label: "Indicator", Text: ind.Code + " — " + ind.Title, Href: "/indicators/" + itoa(ind.ID)},
		{Label: "Period", Text: dateRange(m.PeriodStart, m.PeriodEnd)},
		{Label: "Value", Text: decimal(m.Value) + " (" + label(ind.Unit) + ")"},
		{Label: "Breakdown", Text: breakdownText(m.Disaggregation)},
		{Label: "Produced by", Text: label(m.Provenance)},
		{Label: "Review status", Text: label(m.Status)},
		{Label: "Entered by", Text: userRef(pr, m.SubmitterID)},
		{Label: "Reviewed by", Text: userRef(pr, m.ApproverID)},
		{Label: "Note", Text: m.Note, Long: true},
	}
	if !m.ReviewedAt.IsZero() {
		v.Facts = append(v.Facts, fact{Label: "Reviewed at", Text: m.ReviewedAt.UTC().Format("2006-01-02 15:04 UTC")})
	}
	if m.Source != nil {
		v.Facts = append(v.Facts, sourceFact(m.Source))
	}
	if m.Status == "approved" {
		v.Facts = append(v.Facts, fact{Label: "Changes", Text: "An approved figure cannot be changed: delete it and enter the corrected figure, which is reviewed again."})
	}
	v.Extra = reviewOf(pr, m)
	return v, nil
}

// reviewOf says whether the caller may approve or reject m, and why not.
func reviewOf(pr custos.Principal, m *custos.Measurement) *reviewBox {
	if !custos.Can(pr.Role, custos.ActionUpdate, custos.EntityMeasurement) || m.Status != "submitted" {
		return nil
	}
	b := &reviewBox{ID: m.ID, Action: "/measurements/" + itoa(m.ID) + "/review", Allow: true}
	if m.SubmitterID == pr.UserID {
		b.Allow, b.Why = false, "You entered this measurement; another user must review it."
	}
	return b
}

// reviewMeasurement answers POST /measurements/{id}/review: approve or reject a
// submitted measurement, as a user other than the one who entered it.
func (s *Server) reviewMeasurement(w http.ResponseWriter, r *http.Request) error {
	if _, err := custos.Authorize(r.Context(), custos.ActionUpdate, custos.EntityMeasurement); err != nil {
		return err
	}
	id := r.PathValue("id")
	if err := r.ParseForm(); err != nil {
		return custos.Errorf(custos.EINVALID, "the form could not be read: %v", err)
	}
	m, err := byID(s.store.FindMeasurement)(r.Context(), id)
	if err != nil {
		return err
	}
	if _, err := s.store.ReviewMeasurement(r.Context(), m.ID, custos.MeasurementStatus(r.PostForm.Get("status")), r.PostForm.Get("note")); err != nil {
		return err
	}
	if back := r.PostForm.Get("back"); strings.HasPrefix(back, "/programs/") {
		return redirect(w, r, back)
	}
	return redirect(w, r, "/measurements/"+itoa(m.ID))
}

// measurementTable lists measurements with their provenance and review
// status; ind, when given, names the unit.
func measurementTable(ctx context.Context, list []*custos.Measurement, ind *custos.Indicator, caption string) table {
	pr := principalFrom(ctx)
	t := table{Caption: caption, Empty: "No measurement is recorded.",
		Columns: []column{{Label: "Period"}, {Label: "Value", Num: true}, {Label: "Breakdown"}, {Label: "Produced by"}, {Label: "Review status"}, {Label: "Entered by"}, {Label: "Reviewed by"}}}
	for _, m := range list {
		val := decimal(m.Value)
		if ind != nil && ind.Unit == "percent" {
			val += "%"
		}
		t.Rows = append(t.Rows, []cell{{Text: dateRange(m.PeriodStart, m.PeriodEnd), Href: "/measurements/" + itoa(m.ID)}, {Text: val, Num: true},
			{Text: breakdownText(m.Disaggregation)}, {Text: label(m.Provenance)}, {Text: label(m.Status), Tag: "status-" + string(m.Status)},
			{Text: userRef(pr, m.SubmitterID)}, {Text: userRef(pr, m.ApproverID)}})
	}
	return t
}

// breakdownText writes a breakdown as "region: north, sex: female", or
// "Total".
func breakdownText(d map[string]string) string {
	if len(d) == 0 {
		return "Total"
	}
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + d[k]
	}
	return strings.Join(parts, ", ")
}

// userRef names a user by record number (user names are for
// administrators), or "you".
func userRef(pr custos.Principal, id int64) string {
	switch {
	case id == 0:
		return ""
	case id == pr.UserID:
		return "You (user " + itoa(id) + ")"
	}
	return "User " + itoa(id)
}
