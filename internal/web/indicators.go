package web

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/custos-ssa/custos"
)

// indicators measure results. A condition's criterion reads them by code
// (indicator["POL-3"]), so the code, unit and range are checked when the
// indicator is saved and each measurement is checked against them.
func (s *Server) indicators() resource[custos.Indicator, custos.IndicatorFilter] {
	st := s.store
	return resource[custos.Indicator, custos.IndicatorFilter]{
		entity: custos.EntityIndicator, path: "/indicators", singular: "indicator", plural: "Indicators", section: "Monitor",
		intro: "How each result is measured: the unit, which way it should move, the baseline and targets, who reports the figures and from where.",
		key:   func(i *custos.Indicator) string { return itoa(i.ID) }, title: func(i *custos.Indicator) string { return i.Code + " — " + i.Title },
		releasability: func(i *custos.Indicator) custos.Releasability { return i.Releasability },
		find:          st.FindIndicators, get: byID(st.FindIndicator), create: st.CreateIndicator, update: st.UpdateIndicator, del: delByID(st.DeleteIndicator),
		blank: func(r *http.Request) *custos.Indicator {
			ind := &custos.Indicator{Unit: "count", Direction: "increase", Releasability: custos.Internal}
			ind.ProgramID, ind.ResultID = queryRecordID(r, "program_id"), queryRecordID(r, "result_id")
			if ind.ProgramID == 0 && ind.ResultID != 0 {
				if res, err := st.FindResult(r.Context(), ind.ResultID); err == nil {
					ind.ProgramID = res.ProgramID
				}
			}
			return ind
		},
		filters: func(ctx context.Context, f *custos.IndicatorFilter) []field {
			return []field{
				{Name: "q", Label: "Title", Type: "search", Value: f.Q},
				{Name: "code", Label: "Code", Type: "text", Value: f.Code, Short: true},
				{Name: "unit", Label: "Unit", Type: "select", Value: string(f.Unit), Options: choices(custos.Units, "Any unit")},
				{Name: "program_id", Label: "Program (record number)", Type: "number", Value: itoa(f.ProgramID), Short: true,
					Help: programName(s.lookup(ctx), f.ProgramID)},
			}
		},
		table: func(ctx context.Context, list []*custos.Indicator) table {
			return indicatorTable(list, "Indicators")
		},
		columns: []string{"id", "program_id", "result_id", "code", "title", "unit", "scale_min", "scale_max", "direction", "baseline_value", "baseline_date",
			"targets", "disaggregations", "data_source", "reported_by", "description", "releasability"},
		row: func(i *custos.Indicator) []string {
			bv, bd := "", ""
			if i.Baseline != nil {
				bv, bd = decimal(i.Baseline.Value), i.Baseline.Date.String()
			}
			return []string{itoa(i.ID), itoa(i.ProgramID), itoa(i.ResultID), i.Code, i.Title, string(i.Unit), decimal(i.ScaleMin), decimal(i.ScaleMax),
				string(i.Direction), bv, bd, targetsText(i.Targets), strings.Join(i.Disaggregations, "; "), i.DataSource, string(i.ReportedBy),
				i.Description, i.Releasability.String()}
		},
		form:  s.indicatorForm,
		parse: parseIndicator,
		view:  s.indicatorView,
	}
}

func (s *Server) indicatorForm(ctx context.Context, fm *form, ind *custos.Indicator, isNew bool) {
	l := s.lookup(ctx)
	fm.add(field{Name: "program_id", Label: "Program (record number)", Type: "number", Value: itoa(ind.ProgramID), Short: true, Required: true,
		Readonly: !isNew, Help: programName(l, ind.ProgramID)})
	res := field{Name: "result_id", Label: "Result measured", Type: "number", Value: itoa(ind.ResultID), Short: true, Required: true}
	if ind.ProgramID != 0 {
		if list, _, err := s.store.FindResults(ctx, custos.ResultFilter{ProgramID: ind.ProgramID, Page: custos.Page{Limit: custos.MaxLimit}}); err == nil {
			res.Type, res.Short, res.Options = "select", false, []option{{"", "Choose a result"}}
			for _, r := range list {
				res.Options = append(res.Options, option{itoa(r.ID), label(r.Level) + ": " + r.Title})
			}
		}
	}
	fm.add(res)
	fm.add(field{Name: "code", Label: "Code", Type: "text", Value: ind.Code, Short: true, Required: true,
		Help: "Short and unique within the program, for example POL-3. Condition criteria refer to the indicator by it: indicator[\"POL-3\"]."})
	fm.add(field{Name: "title", Label: "Title", Type: "text", Value: ind.Title, Required: true})
	fm.add(field{Name: "unit", Label: "Unit", Type: "select", Value: string(ind.Unit), Options: choices(custos.Units, ""), Required: true,
		Help: "Count: whole numbers, 0 or more. Percent: 0 to 100. Ratio: 0 or more. USD: dollars. Days: 0 to 36,525. Score: on the scale below."})
	fm.add(field{Name: "scale_min", Label: "Scale from (scores only)", Type: "text", Value: decimal(ind.ScaleMin), Short: true})
	fm.add(field{Name: "scale_max", Label: "Scale to (scores only)", Type: "text", Value: decimal(ind.ScaleMax), Short: true})
	fm.add(field{Name: "direction", Label: "Should move", Type: "select", Value: string(ind.Direction), Options: choices(custos.Directions, ""), Required: true})
	bv, bd := "", ""
	if ind.Baseline != nil {
		bv, bd = decimal(ind.Baseline.Value), ind.Baseline.Date.String()
	}
	fm.add(field{Name: "baseline.value", Label: "Baseline value", Type: "text", Value: bv, Short: true, Help: "The value before the program started, in the indicator's unit: a plain number such as 1.5, without a % sign or thousands separators."})
	fm.add(field{Name: "baseline.date", Label: "Baseline date", Type: "date", Value: bd, Short: true})
	fm.addGroup(group{Name: "targets", Legend: "Targets by period", Help: "The value to reach in each period, a plain number such as 1.5 in the indicator's unit. Dates are YYYY-MM-DD; a period includes both ends.", AddLabel: "Add another period"},
		len(ind.Targets), func(i int) []field {
			var t custos.Target
			val := ""
			if i < len(ind.Targets) {
				t, val = ind.Targets[i], decimal(ind.Targets[i].Value)
			}
			return []field{
				{Name: fmt.Sprintf("targets[%d].start", i), Label: fmt.Sprintf("Period %d from", i+1), Type: "date", Value: t.Start.String(), Short: true},
				{Name: fmt.Sprintf("targets[%d].end", i), Label: fmt.Sprintf("Period %d to", i+1), Type: "date", Value: t.End.String(), Short: true},
				{Name: fmt.Sprintf("targets[%d].value", i), Label: fmt.Sprintf("Period %d target", i+1), Type: "text", Value: val, Short: true},
			}
		})
	fm.addGroup(group{Name: "disaggregations", Legend: "Broken down by", Help: "Dimensions the figures are reported by, in lower case: sex, region, rank.", AddLabel: "Add another dimension"},
		len(ind.Disaggregations), func(i int) []field {
			v := ""
			if i < len(ind.Disaggregations) {
				v = ind.Disaggregations[i]
			}
			return []field{{Name: fmt.Sprintf("disaggregations[%d]", i), Label: fmt.Sprintf("Dimension %d", i+1), Type: "text", Value: v, Short: true}}
		})
	fm.add(field{Name: "data_source", Label: "Data source", Type: "text", Value: ind.DataSource, Help: "Where the figures come from: a ministry's register, a survey, the implementer's records."})
	fm.add(field{Name: "reported_by", Label: "Reported by", Type: "select", Value: string(ind.ReportedBy), Options: choices(custos.Provenances, "Not set"),
		Help: "Who is expected to report the figures. An outcome reported only by the party paid to achieve it is weak evidence."})
	fm.add(field{Name: "description", Label: "Description", Type: "textarea", Value: ind.Description})
	fm.add(releasabilityField(principalFrom(ctx), ind.Releasability))
}

func parseIndicator(v *values, ind *custos.Indicator) {
	if ind.ID == 0 {
		ind.ProgramID = v.int64("program_id", "program_id")
	}
	ind.ResultID = v.int64("result_id", "result_id")
	ind.Code, ind.Title = v.str("code"), v.str("title")
	ind.Unit, ind.Direction = custos.Unit(v.str("unit")), custos.Direction(v.str("direction"))
	ind.ScaleMin, ind.ScaleMax = parseDecimal(v, "scale_min", "scale_min"), parseDecimal(v, "scale_max", "scale_max")
	ind.Baseline = nil
	if v.str("baseline.value") != "" || v.str("baseline.date") != "" {
		ind.Baseline = &custos.Baseline{Value: parseDecimal(v, "baseline.value", "baseline.value"), Date: v.date("baseline.date", "baseline.date")}
	}
	ind.Targets = nil
	for i, n := 0, v.rows("targets"); i < n; i++ {
		if v.blank("targets", i, ".start", ".end", ".value") {
			continue
		}
		j := len(ind.Targets)
		p, q := fmt.Sprintf("targets[%d]", i), fmt.Sprintf("targets[%d]", j)
		ind.Targets = append(ind.Targets, custos.Target{Start: v.date(p+".start", q+".start"), End: v.date(p+".end", q+".end"), Value: parseDecimal(v, p+".value", q+".value")})
	}
	ind.Disaggregations = nil
	for i, n := 0, v.rows("disaggregations"); i < n; i++ {
		if d := v.str(fmt.Sprintf("disaggregations[%d]", i)); d != "" {
			ind.Disaggregations = append(ind.Disaggregations, d)
		}
	}
	ind.DataSource, ind.ReportedBy = v.str("data_source"), custos.Provenance(v.str("reported_by"))
	ind.Description = v.text("description")
	if r := v.releasability("releasability"); r != 0 {
		ind.Releasability = r
	}
}

func (s *Server) indicatorView(ctx context.Context, ind *custos.Indicator) (viewPage, error) {
	l := s.lookup(ctx)
	var v viewPage
	v.Crumbs = []link{chainLink(l, ind.ProgramID)}
	v.Facts = indicatorFacts(ind)
	if r, err := s.store.FindResult(ctx, ind.ResultID); err == nil {
		v.Facts = append([]fact{{Label: "Measures", Text: label(r.Level) + ": " + r.Title, Href: "/results/" + itoa(r.ID)}}, v.Facts...)
	}
	ms, _, err := s.store.FindMeasurements(ctx, custos.MeasurementFilter{IndicatorID: ind.ID, Page: custos.Page{Limit: custos.MaxLimit}})
	if err != nil {
		return v, err
	}
	sec := section{Title: "Measurements", Intro: "Only approved measurements count in reports and in the evaluation of conditions.",
		Table: measurementTable(ctx, ms, ind, "Measurements of "+ind.Code)}
	if custos.Can(principalFrom(ctx).Role, custos.ActionCreate, custos.EntityMeasurement) {
		sec.New = link{fmt.Sprintf("/measurements/new?indicator_id=%d", ind.ID), "Add a measurement"}
		sec.More = link{fmt.Sprintf("/measurements/import?indicator_id=%d", ind.ID), "Import measurements from a file (CSV or XLSX)"}
	}
	v.Sections = []section{sec}
	return v, nil
}

// indicatorFacts describes an indicator: unit, direction, baseline,
// targets, breakdowns, source and who reports.
func indicatorFacts(ind *custos.Indicator) []fact {
	unit := label(ind.Unit)
	if ind.Unit == "score" {
		unit += fmt.Sprintf(" from %s to %s", decimal(ind.ScaleMin), decimal(ind.ScaleMax))
	}
	base := ""
	if ind.Baseline != nil {
		base = decimal(ind.Baseline.Value) + " on " + ind.Baseline.Date.String()
	}
	return []fact{
		{Label: "Code", Text: ind.Code}, {Label: "Unit", Text: unit}, {Label: "Should move", Text: label(ind.Direction)},
		{Label: "Baseline", Text: base}, {Label: "Targets", Text: targetsText(ind.Targets)},
		{Label: "Broken down by", Text: strings.Join(ind.Disaggregations, ", ")},
		{Label: "Data source", Text: ind.DataSource}, {Label: "Reported by", Text: label(ind.ReportedBy)},
		{Label: "Description", Text: ind.Description, Long: true},
	}
}

// indicatorTable lists indicators with their unit, baseline and targets.
func indicatorTable(list []*custos.Indicator, caption string) table {
	t := table{Caption: caption, Empty: "No indicator is recorded.",
		Columns: []column{{Label: "Indicator"}, {Label: "Code"}, {Label: "Unit"}, {Label: "Should move"}, {Label: "Baseline", Num: true}, {Label: "Targets"}, {Label: "Reported by"}, {Label: "Visible to"}}}
	for _, i := range list {
		base := ""
		if i.Baseline != nil {
			base = decimal(i.Baseline.Value)
		}
		t.Rows = append(t.Rows, []cell{{Text: i.Title, Href: "/indicators/" + itoa(i.ID)}, {Text: i.Code}, {Text: label(i.Unit)}, {Text: label(i.Direction)},
			{Text: base, Num: true}, {Text: targetsText(i.Targets)}, {Text: label(i.ReportedBy)}, relCell(i.Releasability)})
	}
	return t
}

// targetsText writes targets as "2026-01-01 to 2026-12-31: 40; ...".
func targetsText(ts []custos.Target) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = fmt.Sprintf("%s to %s: %s", t.Start, t.End, decimal(t.Value))
	}
	return strings.Join(parts, "; ")
}

// decimal writes a value without trailing zeros: 40, 12.5.
func decimal(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// plainNumber is a figure as the forms and the measurement import read it:
// ASCII digits with an optional sign, a point for decimals and an
// exponent, and nothing else.
var plainNumber = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$`)

// parseDecimal reads a decimal number; "" is 0. As in the measurement
// import, only a plain number is read: a percent sign, a comma (a decimal
// comma or a thousands separator, which cannot be told apart), a unit, a
// currency sign or a space is refused rather than stripped, since "50%" on
// a count or "1,5" on a ratio would otherwise be stored as 50 or 15. The
// unit is the indicator's, not the value's. A refused value is kept for the
// form with an error on key.
func parseDecimal(v *values, name, key string) float64 {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return 0
	}
	const unit = "the unit is the indicator's, not the value's"
	var msg string
	f, err := strconv.ParseFloat(s, 64)
	switch {
	case strings.Contains(s, "%"):
		msg = fmt.Sprintf("%q is not a plain number: enter a plain number such as 1.5, without the percent sign (%s)", s, unit)
	case strings.Contains(s, ","):
		msg = fmt.Sprintf("%q is not a plain number: use a point for decimals and write it without thousands separators; enter a plain number such as 1.5 or 1234.5", s)
	case !plainNumber.MatchString(s):
		msg = fmt.Sprintf("%q is not a number: enter a plain number such as 1.5, with no unit, currency sign or spaces (%s)", s, unit)
	case err != nil || math.IsNaN(f) || math.IsInf(f, 0):
		msg = fmt.Sprintf("%q is too large a number: enter a plain number such as 1.5", s)
	default:
		return f
	}
	v.errs[key] = msg
	v.raw[key] = s
	return 0
}
