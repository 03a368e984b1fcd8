package web

import (
	"fmt"
	"net/http"

	"github.com/custos-ssa/custos"
)

// chainPage is a program's results chain: its results by level, lowest
// first, each with its indicators and their measurements, so a planner
// reads the theory of change and a monitor sees which figures are
// approved in one place.
type chainPage struct {
	base
	Crumbs      []link
	Program     *custos.Program
	Levels      []chainLevel
	NewResult   string
	NewCond     string
	Conditions  string
	Evaluations string
	Pending     int // measurements waiting for review
}

type chainLevel struct {
	Level   custos.ResultLevel
	Label   string
	Intro   string
	Results []chainResult
	New     string
}

type chainResult struct {
	Result       *custos.Result
	Parent       link
	Indicators   []chainIndicator
	AddIndicator string
	EditHref     string
}

type chainIndicator struct {
	Indicator      *custos.Indicator
	Facts          []fact
	Measurements   []chainMeasurement
	AddMeasurement string
}

type chainMeasurement struct {
	ID         int64
	Href       string
	Period     string
	Value      string
	Breakdown  string
	Provenance string
	Status     string
	Entered    string
	Reviewed   string
	Review     *reviewBox
}

var levelIntro = map[custos.ResultLevel]string{
	"input":   "What the program spends or supplies.",
	"output":  "What the program delivers: courses held, equipment handed over.",
	"outcome": "The change in the partner the outputs should cause.",
	"impact":  "The lasting effect the outcomes add up to.",
}

// resultsChain answers GET /programs/{id}/results.
func (s *Server) resultsChain(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := byID(s.store.FindProgram)(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	all := custos.Page{Limit: custos.MaxLimit}
	results, _, err := s.store.FindResults(ctx, custos.ResultFilter{ProgramID: p.ID, Page: all})
	if err != nil {
		return err
	}
	inds, _, err := s.store.FindIndicators(ctx, custos.IndicatorFilter{ProgramID: p.ID, Page: all})
	if err != nil {
		return err
	}
	ms, _, err := s.store.FindMeasurements(ctx, custos.MeasurementFilter{ProgramID: p.ID, Page: all})
	if err != nil {
		return err
	}
	page := chainPage{base: s.base(r, "Results chain of "+p.Title, "Plan"), Program: p,
		Crumbs:     []link{{"/programs", "Programs"}, {"/programs/" + itoa(p.ID), p.Title}},
		Conditions: fmt.Sprintf("/conditions?program_id=%d", p.ID), Evaluations: fmt.Sprintf("/program-evaluations?program_id=%d", p.ID)}
	pr := page.Principal
	back := "/programs/" + itoa(p.ID) + "/results"
	byInd := map[int64][]chainMeasurement{}
	for _, m := range ms {
		cm := chainMeasurement{ID: m.ID, Href: "/measurements/" + itoa(m.ID), Period: dateRange(m.PeriodStart, m.PeriodEnd), Value: decimal(m.Value),
			Breakdown: breakdownText(m.Disaggregation), Provenance: label(m.Provenance), Status: string(m.Status),
			Entered: userRef(pr, m.SubmitterID), Reviewed: userRef(pr, m.ApproverID), Review: reviewOf(pr, m)}
		if cm.Review != nil {
			cm.Review.Back = back
		}
		if m.Status == "submitted" {
			page.Pending++
		}
		byInd[m.IndicatorID] = append(byInd[m.IndicatorID], cm)
	}
	byResult := map[int64][]chainIndicator{}
	for _, ind := range inds {
		ci := chainIndicator{Indicator: ind, Facts: indicatorFacts(ind)[1:8], Measurements: byInd[ind.ID]}
		if page.Can("create", custos.EntityMeasurement) {
			ci.AddMeasurement = fmt.Sprintf("/measurements/new?indicator_id=%d", ind.ID)
		}
		byResult[ind.ResultID] = append(byResult[ind.ResultID], ci)
	}
	titles := map[int64]*custos.Result{}
	for _, res := range results {
		titles[res.ID] = res
	}
	for _, lv := range custos.ResultLevels {
		cl := chainLevel{Level: lv, Label: label(lv) + "s", Intro: levelIntro[lv]}
		if page.Can("create", custos.EntityResult) {
			cl.New = fmt.Sprintf("/results/new?program_id=%d&level=%s", p.ID, lv)
		}
		for _, res := range results {
			if res.Level != lv {
				continue
			}
			cr := chainResult{Result: res, Indicators: byResult[res.ID]}
			if par, ok := titles[res.ParentID]; ok {
				cr.Parent = link{"#result-" + itoa(par.ID), label(par.Level) + ": " + par.Title}
			}
			if page.Can("create", custos.EntityIndicator) {
				cr.AddIndicator = fmt.Sprintf("/indicators/new?program_id=%d&result_id=%d", p.ID, res.ID)
			}
			if page.Can("update", custos.EntityResult) {
				cr.EditHref = "/results/" + itoa(res.ID) + "/edit"
			}
			cl.Results = append(cl.Results, cr)
		}
		page.Levels = append(page.Levels, cl)
	}
	if page.Can("create", custos.EntityResult) {
		page.NewResult = fmt.Sprintf("/results/new?program_id=%d", p.ID)
	}
	if page.Can("create", custos.EntityCondition) {
		page.NewCond = fmt.Sprintf("/conditions/new?program_id=%d", p.ID)
	}
	s.render(w, r, http.StatusOK, "results_chain", &page)
	return nil
}
