package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/export"
	"github.com/custos-ssa/custos/internal/incident"
)

// harmReportPage is the monthly civilian-harm report of a country, laid
// out to print: the month's totals, the twelve-month trend, the largest
// incidents, the units they name and where their review stands.
type harmReportPage struct {
	base
	Filters []field
	Report  *incident.Report
	Place   string
	Trend   table
	Largest table
	Units   table
	Reviews table
	Files   []reportFile
}

// reportFile links one table of the report as CSV and XLSX.
type reportFile struct {
	Name, CSV, XLSX string
}

func (s *Server) harmReport(w http.ResponseWriter, r *http.Request) error {
	if _, err := custos.Authorize(r.Context(), custos.ActionRead, custos.EntityIncident); err != nil {
		return err
	}
	country, month, err := reportQuery(r)
	if err != nil {
		return err
	}
	rep, err := incident.Gather(r.Context(), s.store, country, month, time.Now())
	if err != nil {
		return err
	}
	place := "every country"
	if rep.Country != "" {
		place = countryName(rep.Country)
	}
	page := harmReportPage{base: s.base(r, "Civilian-harm report: "+place+", "+rep.Month, "Monitor"), Report: rep, Place: place}
	page.Filters = []field{
		{Name: "country", Label: "Country", Type: "select", Value: rep.Country, Options: countryOptions("Every country")},
		{Name: "month", Label: "Month (YYYY-MM)", Type: "month", Value: rep.Month, Short: true},
	}
	page.Trend = reportTrend(s.lookup(r.Context()), rep)
	page.Largest = table{Caption: "The month's largest incidents, most killed first", Empty: "No incident is recorded for the month.",
		Columns: []column{{Label: "Incident"}, {Label: "Date"}, {Label: "Category"}, {Label: "Area"}, {Label: "Killed (range)", Num: true},
			{Label: "Injured", Num: true}, {Label: "Verification"}}}
	for _, x := range rep.Largest {
		page.Largest.Rows = append(page.Largest.Rows, []cell{{Text: x.Title, Href: "/incidents/" + itoa(x.ID)}, {Text: x.Date.String()},
			{Text: label(x.Category)}, {Text: x.Admin1}, {Text: estimateText(x.Killed), Num: true}, {Text: formatInt(x.Injured.Best), Num: true},
			{Text: label(x.Status)}})
	}
	first, last := monthBounds(rep.Month)
	page.Units = table{Caption: "Units named as perpetrators in the month's incidents", Empty: "No incident of the month names a linked unit.",
		Columns: []column{{Label: "Unit"}, {Label: "Incidents", Num: true}, {Label: "Killed (best estimate)", Num: true}, {Label: "Credible or confirmed", Num: true}}}
	for _, u := range rep.Units {
		name := u.Name
		if name == "" {
			name = hidden("Actor", u.ActorID)
		}
		href := withQuery("/incidents", incidentQuery(custos.IncidentFilter{Country: rep.Country, ActorID: u.ActorID, From: first, To: last}))
		page.Units.Rows = append(page.Units.Rows, []cell{{Text: name, Href: "/actors/" + itoa(u.ActorID)}, {Text: formatInt(u.Incidents), Href: href, Num: true},
			{Text: formatInt(u.Killed), Num: true}, {Text: formatInt(u.Credible), Num: true}})
	}
	page.Reviews = table{Caption: "The month's incidents by verification status", Columns: []column{{Label: "Status"}, {Label: "Incidents", Num: true}}}
	for _, v := range rep.Reviews {
		href := withQuery("/incidents", incidentQuery(custos.IncidentFilter{Country: rep.Country, Status: v.Status, From: first, To: last}))
		page.Reviews.Rows = append(page.Reviews.Rows, []cell{{Text: label(v.Status)}, {Text: formatInt(v.Incidents), Href: href, Num: true}})
	}
	for _, t := range incident.Tables {
		q := url.Values{"month": {rep.Month}, "table": {t}}
		if rep.Country != "" {
			q.Set("country", rep.Country)
		}
		page.Files = append(page.Files, reportFile{Name: label(t), CSV: withQuery("/civilian-harm.csv", q), XLSX: withQuery("/civilian-harm.xlsx", q)})
	}
	s.render(w, r, http.StatusOK, "incident_report", &page)
	return nil
}

// reportTrend lays the twelve-month trend out as months by category.
func reportTrend(l *lookup, rep *incident.Report) table {
	first, _ := monthBounds(rep.Month)
	from := incident.TrendStart(first)
	_, last := monthBounds(rep.Month)
	f := custos.TrendFilter{Country: rep.Country, From: from, To: last, By: "category"}
	byMonth, _, _ := trendTables(rep.Trends, f, func(k string) string { return trendKeyLabel(l, "category", k) })
	byMonth.Caption = "Incidents and civilian casualties by month, the twelve months to " + rep.Month
	return byMonth
}

// estimateText writes a best estimate with its range: "12 (10–15)".
func estimateText(e custos.Estimate) string {
	if e.Low == e.Best && e.High == e.Best {
		return formatInt(e.Best)
	}
	return fmt.Sprintf("%s (%s–%s)", formatInt(e.Best), formatInt(e.Low), formatInt(e.High))
}

// reportQuery reads the country and month of a report.
func reportQuery(r *http.Request) (country, month string, err error) {
	q := r.URL.Query()
	country, month = q.Get("country"), q.Get("month")
	if country != "" && !isISO(country) {
		return "", "", &custos.Error{Kind: custos.EINVALID, Message: "invalid report", Fields: map[string]string{"country": strconv.Quote(country) + " is not an ISO country code"}}
	}
	if month != "" {
		if _, _, err := incident.ParseMonth(month); err != nil {
			return "", "", err
		}
	}
	return country, month, nil
}

// harmReportFile answers one table of the report as CSV or XLSX.
func (s *Server) harmReportFile(format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if _, err := custos.Authorize(r.Context(), custos.ActionRead, custos.EntityIncident); err != nil {
			return err
		}
		country, month, err := reportQuery(r)
		if err != nil {
			return err
		}
		name := r.URL.Query().Get("table")
		if name == "" {
			name = "trends"
		}
		rep, err := incident.Gather(r.Context(), s.store, country, month, time.Now())
		if err != nil {
			return err
		}
		rows, ok := rep.Table(name)
		if !ok {
			return &custos.Error{Kind: custos.EINVALID, Message: "invalid report", Fields: map[string]string{"table": "must be trends, largest, units or reviews"}}
		}
		var buf bytes.Buffer
		var out export.Writer
		if format == "xlsx" {
			out, err = export.NewXLSX(&buf, name)
		} else {
			out, err = export.NewCSV(&buf)
		}
		if err != nil {
			return err
		}
		for _, row := range rows {
			if err := out.Write(row); err != nil {
				return err
			}
		}
		if err := out.Close(); err != nil {
			return err
		}
		where := rep.Country
		if where == "" {
			where = "all"
		}
		ct := "text/csv; charset=utf-8"
		if format == "xlsx" {
			ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		}
		w.Header().Set("Content-Type", ct)
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="civilian-harm-%s-%s-%s.%s"`, where, rep.Month, name, format))
		w.Header().Set("Cache-Control", "no-store")
		_, err = w.Write(buf.Bytes())
		return err
	}
}

// isISO reports whether code is an ISO 3166-1 alpha-2 country code.
func isISO(code string) bool { _, ok := custos.ISOCountry(code); return ok }
