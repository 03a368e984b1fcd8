package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/export"
)

// reportPage is a country's condition status report, laid out to print.
type reportPage struct {
	base
	Country     string
	CountryName string
	Filter      field
	Report      *custos.ConditionReport
	Counts      []reportCount
	Rows        []reportRow
	CSV, XLSX   string
	Generated   string
	HasCountry  bool
}

type reportCount struct {
	Label, Tag string
	N          int
}

type reportRow struct {
	Row       *custos.ConditionReportRow
	Href      string
	Of        link
	Status    string
	StatusTag string
	Values    string
}

// conditionReport answers GET /reports/conditions?country=XX: every
// condition of the country's plan and programs that the reader may see,
// with its latest verdict, the values that decided it and the latest
// decision.
func (s *Server) conditionReport(w http.ResponseWriter, r *http.Request) error {
	country := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("country")))
	page := reportPage{base: s.base(r, "Condition status report", "Monitor"), Country: country, HasCountry: country != "",
		Filter: field{Name: "country", Label: "Country", Type: "select", Value: country, Options: countryOptions("Choose a country"), Required: true}}
	if country != "" {
		rep, err := s.store.ConditionReport(r.Context(), country)
		if err != nil {
			return err
		}
		page.Title = "Condition status report: " + countryName(country)
		page.CountryName = countryName(country)
		page.Report = rep
		for _, st := range custos.ConditionStatuses {
			page.Counts = append(page.Counts, reportCount{conditionStatusLabel(st), "cond-" + string(st), rep.Counts[st]})
		}
		if n := rep.Counts[""]; n > 0 {
			page.Counts = append(page.Counts, reportCount{conditionStatusLabel(""), "cond-not_evaluated", n})
		}
		for _, x := range rep.Rows {
			row := reportRow{Row: x, Href: "/conditions/" + itoa(x.ConditionID), Of: countryLink(country), Status: conditionStatusLabel(x.Status),
				StatusTag: "cond-" + string(x.Status), Values: inputValuesText(x.Values)}
			if x.Status == "" {
				row.StatusTag = "cond-not_evaluated"
			}
			if x.ProgramID != 0 {
				row.Of = link{"/programs/" + itoa(x.ProgramID), x.ProgramTitle}
			}
			page.Rows = append(page.Rows, row)
		}
		q := url.Values{"country": {country}}
		page.CSV, page.XLSX = withQuery("/reports/conditions.csv", q), withQuery("/reports/conditions.xlsx", q)
		page.Generated = recordedAt(time.Now())
	}
	s.render(w, r, http.StatusOK, "condition_report", &page)
	return nil
}

// conditionReportFile answers GET /reports/conditions.csv and .xlsx with
// the same rows as the printable report.
func (s *Server) conditionReportFile(format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		country := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("country")))
		if country == "" {
			return &custos.Error{Kind: custos.EINVALID, Message: "invalid report", Fields: map[string]string{"country": "is required"}}
		}
		rep, err := s.store.ConditionReport(r.Context(), country)
		if err != nil {
			return err
		}
		name := "conditions-" + rep.Country + "-" + time.Now().UTC().Format("2006-01-02") + "." + format
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
		w.Header().Set("Cache-Control", "no-store")
		var out export.Writer
		if format == "csv" {
			w.Header().Set("Content-Type", "text/csv; charset=utf-8")
			out, err = export.NewCSV(w)
		} else {
			w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
			out, err = export.NewXLSX(w, "Conditions "+rep.Country)
		}
		if err != nil {
			return err
		}
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
}
