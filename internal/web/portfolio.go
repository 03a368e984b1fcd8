package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/api"
)

// portfolioPage shows the shares a reviewer of the whole portfolio asks
// for first, each linked to the records behind it.
type portfolioPage struct {
	base
	Country string
	Filter  field
	Figures *custos.PortfolioFigures
	Rows    []portfolioRow
}

// portfolioRow is one figure: a count of programs, its share, and where to
// read the records it counts.
type portfolioRow struct {
	Label   string
	Count   int
	Of      int
	Percent string
	Href    string
	HrefFor string
	Note    string
}

// portfolio answers GET /portfolio?country=XX. A country code is read in
// either case, as on the condition report; one that is not recorded is
// shown beside the country box, with no figures, rather than as a country
// without programs.
func (s *Server) portfolio(w http.ResponseWriter, r *http.Request) error {
	country := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("country")))
	filter := field{Name: "country", Label: "Country", Type: "select", Value: country, Options: countryOptions("Every country")}
	fig, err := s.store.Portfolio(r.Context(), custos.PortfolioFilter{Country: country})
	var e *custos.Error
	if errors.As(err, &e) && e.Kind == custos.EINVALID && e.Fields["country"] != "" {
		filter.Error = e.Fields["country"]
		page := portfolioPage{base: s.base(r, "Portfolio figures", "Evaluate"), Country: country, Filter: filter}
		s.render(w, r, api.StatusOf(e.Kind), "portfolio", &page)
		return nil
	}
	if err != nil {
		return err
	}
	q := func(path string, kv ...string) string {
		v := url.Values{}
		if country != "" {
			v.Set("country", country)
		}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return withQuery(path, v)
	}
	title := "Portfolio figures"
	if country != "" {
		title += ": " + countryName(country)
	}
	page := portfolioPage{base: s.base(r, title, "Evaluate"), Country: country, Figures: fig, Filter: filter}
	onTime := percent(fig.OnTimePercent)
	if fig.WithMilestonesDue == 0 {
		onTime = "none due yet"
	}
	page.Rows = []portfolioRow{
		{Label: "Programs", Count: fig.Programs, Href: q("/programs"), HrefFor: "the programs"},
		{Label: "With outcome-level indicators", Count: fig.WithOutcomeIndicators, Of: fig.Programs, Percent: percent(fig.OutcomeIndicatorPercent),
			Href: q("/results", "level", "outcome"), HrefFor: "the outcome results and their programs",
			Note: "Programs that measure a change in the partner, not only what they delivered."},
		{Label: "With conditions", Count: fig.WithConditions, Of: fig.Programs, Percent: percent(fig.ConditionPercent),
			Href: q("/conditions"), HrefFor: "the conditions and their programs"},
		{Label: "With milestones", Count: fig.WithMilestones, Of: fig.Programs, Percent: percent(share(fig.WithMilestones, fig.Programs)), Href: q("/conditions", "kind", "milestone"), HrefFor: "the milestones"},
		{Label: "With milestones due", Count: fig.WithMilestonesDue, Of: fig.WithMilestones, Percent: percent(share(fig.WithMilestonesDue, fig.WithMilestones)),
			Href: q("/conditions", "kind", "milestone", "deadline_before", custos.DateOf(time.Now().AddDate(0, 0, 1)).String()), HrefFor: "the milestones whose deadline has passed",
			Note: "Programs with at least one milestone whose deadline has passed."},
		{Label: "Milestones met on time", Count: fig.MilestonesOnTime, Of: fig.WithMilestonesDue, Percent: onTime,
			Href: q("/conditions", "kind", "milestone", "status", "breached"), HrefFor: "the breached milestones",
			Note: "Programs whose every milestone now due was judged met by an evaluation as of its deadline or earlier. A milestone reached only after its deadline was not met on time."},
	}
	s.render(w, r, http.StatusOK, "portfolio", &page)
	return nil
}

// percent writes a share to one decimal (42.5%), or to two when it is
// below one percent but not nothing, so that 1 of 11,839 does not read
// as 0.0%.
func percent(p float64) string {
	if p > 0 && p < 1 {
		return fmt.Sprintf("%.2f%%", p)
	}
	return fmt.Sprintf("%.1f%%", p)
}

// share is n as a percentage of of, 0 when of is 0.
func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) * 100 / float64(of)
}
