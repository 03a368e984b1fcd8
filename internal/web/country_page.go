package web

import (
	"context"
	"fmt"
	"html/template"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/atlas"
)

// countryExtra is what the country page shows beyond the record's facts:
// the training the U.S. delivered there, by fiscal year and authority, the
// recipient units, and a small map.
type countryExtra struct {
	Code       string
	Map        template.HTML
	Totals     custos.ProgramTotal // Activities, Quantity and CostUSD summed over every program
	Programs   int
	AllHref    string
	ByYear     table // fiscal year x authority
	ByProgram  table
	Recipients table
	Chart      chartData
	HasChart   bool
	NewProgram string
}

// chartData is the stacked bar chart's data, read by chart.js from a JSON
// block: one series per authority, one value per fiscal year.
type chartData struct {
	Title  string        `json:"title"`
	Unit   string        `json:"unit"`
	Years  []int         `json:"years"`
	Series []chartSeries `json:"series"`
}

type chartSeries struct {
	Label  string  `json:"label"`
	Values []int64 `json:"values"`
}

// maxSeries is the most authorities the chart draws; the rest are summed
// as "Other authorities", so that colours stay distinguishable.
const maxSeries = 7

func (s *Server) countryView(ctx context.Context, c *custos.Country) (viewPage, error) {
	var v viewPage
	v.Facts = []fact{
		{Label: "Official name", Text: c.OfficialName},
		{Label: "ISO codes", Text: strings.TrimSpace(c.Code + " " + c.Alpha3 + " " + c.Numeric)},
		{Label: "Region", Text: strings.Trim(c.Region+" — "+c.Subregion, " —")},
		{Label: "Other names", Text: strings.Join(c.AltNames, "; ")},
		{Label: "Notes", Text: c.Notes, Long: true},
	}
	// The two sums read different tables: run them side by side (each on
	// its own connection) rather than one after the other.
	var recips []custos.RecipientTotal
	var recipErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		recips, recipErr = s.store.RecipientTotals(ctx, custos.TotalsFilter{Country: c.Code, Limit: 25})
	}()
	totals, err := s.store.ProgramTotals(ctx, custos.TotalsFilter{Country: c.Code})
	<-done
	if err != nil {
		return v, err
	}
	if recipErr != nil {
		return v, recipErr
	}
	x := &countryExtra{Code: c.Code, AllHref: "/activities?country=" + url.QueryEscape(c.Code), Programs: len(totals)}
	if svg, err := atlas.CountrySVG(c.Numeric, c.Name); err == nil {
		x.Map = svg
	}
	if custos.Can(principalFrom(ctx).Role, custos.ActionCreate, custos.EntityProgram) {
		x.NewProgram = "/programs/new?country=" + url.QueryEscape(c.Code)
	}
	for _, t := range totals {
		x.Totals.Activities += t.Activities
		x.Totals.Quantity += t.Quantity
		x.Totals.CostUSD += t.CostUSD
	}
	x.ByYear, x.Chart = byYearAndAuthority(c, totals)
	x.HasChart = len(x.Chart.Years) > 0
	x.ByProgram = table{Caption: "Programs in " + c.Name + ", with the activities recorded under each", Empty: "No programs are recorded for this country.",
		Columns: []column{{Label: "Fiscal year"}, {Label: "Authority"}, {Label: "Program"}, {Label: "Activities", Num: true}, {Label: "Students or items", Num: true}, {Label: "Cost (USD)", Num: true}}}
	for _, t := range totals {
		fy := ""
		if t.FiscalYear != 0 {
			fy = "FY" + strconv.Itoa(t.FiscalYear)
		}
		auth := cell{Text: t.AuthorityCode}
		if t.AuthorityID != 0 {
			auth.Href = "/authorities/" + itoa(t.AuthorityID)
		}
		acts := fmt.Sprintf("/activities?program_id=%d", t.ProgramID)
		x.ByProgram.Rows = append(x.ByProgram.Rows, []cell{{Text: fy}, auth, {Text: t.Title, Href: "/programs/" + itoa(t.ProgramID)},
			{Text: formatInt(t.Activities), Href: acts, Num: true}, {Text: formatInt(t.Quantity), Num: true}, {Text: formatUSD(t.CostUSD), Num: true}})
	}
	x.Recipients = table{Caption: "Recipient units in " + c.Name + ", by cost of the activities they took part in (largest 25)", Empty: "No recipient units are recorded.",
		Columns: []column{{Label: "Unit"}, {Label: "Activities", Num: true}, {Label: "Students or items", Num: true}, {Label: "Cost (USD)", Num: true}}}
	for _, r := range recips {
		x.Recipients.Rows = append(x.Recipients.Rows, []cell{{Text: r.Name, Href: "/actors/" + itoa(r.ActorID)},
			{Text: formatInt(r.Activities), Href: fmt.Sprintf("/activities?actor_id=%d", r.ActorID), Num: true},
			{Text: formatInt(r.Quantity), Num: true}, {Text: formatUSD(r.CostUSD), Num: true}})
	}
	v.Extra = x
	return v, nil
}

// byYearAndAuthority sums program totals by fiscal year and authority, as a
// table (each figure linked to the programs behind it) and as chart series.
func byYearAndAuthority(c *custos.Country, totals []custos.ProgramTotal) (table, chartData) {
	type key struct {
		fy   int
		auth int64
	}
	type sum struct {
		code                 string
		programs, activities int
		quantity, cost       int64
	}
	sums := map[key]*sum{}
	byAuth := map[int64]int64{}
	codes := map[int64]string{}
	years := map[int]bool{}
	for _, t := range totals {
		k := key{t.FiscalYear, t.AuthorityID}
		if sums[k] == nil {
			sums[k] = &sum{code: t.AuthorityCode}
		}
		s := sums[k]
		s.programs++
		s.activities += t.Activities
		s.quantity += t.Quantity
		s.cost += t.CostUSD
		byAuth[t.AuthorityID] += t.CostUSD
		codes[t.AuthorityID] = t.AuthorityCode
		if t.FiscalYear != 0 {
			years[t.FiscalYear] = true
		}
	}
	keys := make([]key, 0, len(sums))
	for k := range sums {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].fy != keys[j].fy {
			return keys[i].fy > keys[j].fy
		}
		return sums[keys[i]].code < sums[keys[j]].code
	})
	t := table{Caption: "Training and assistance in " + c.Name + " by fiscal year and authority", Empty: "No programs are recorded for this country.",
		Columns: []column{{Label: "Fiscal year"}, {Label: "Authority"}, {Label: "Programs", Num: true}, {Label: "Activities", Num: true}, {Label: "Students or items", Num: true}, {Label: "Cost (USD)", Num: true}}}
	for _, k := range keys {
		s := sums[k]
		q := url.Values{"country": {c.Code}}
		fy, code := "Not dated", s.code
		if k.fy != 0 {
			fy = "FY" + strconv.Itoa(k.fy)
			q.Set("fiscal_year", strconv.Itoa(k.fy))
		}
		if k.auth != 0 {
			q.Set("authority_id", itoa(k.auth))
		}
		if code == "" {
			code = "No authority recorded"
		}
		href := "/programs?" + q.Encode()
		t.Rows = append(t.Rows, []cell{{Text: fy}, {Text: code}, {Text: formatInt(s.programs), Href: href, Num: true},
			{Text: formatInt(s.activities), Num: true}, {Text: formatInt(s.quantity), Num: true}, {Text: formatUSD(s.cost), Num: true}})
	}

	// The chart: the largest authorities by cost, the rest as "Other".
	auths := make([]int64, 0, len(byAuth))
	for a := range byAuth {
		auths = append(auths, a)
	}
	sort.Slice(auths, func(i, j int) bool {
		if byAuth[auths[i]] != byAuth[auths[j]] {
			return byAuth[auths[i]] > byAuth[auths[j]]
		}
		return codes[auths[i]] < codes[auths[j]]
	})
	ch := chartData{Title: "Cost of training and assistance in " + c.Name + " by fiscal year (USD)", Unit: "USD"}
	for y := range years {
		ch.Years = append(ch.Years, y)
	}
	sort.Ints(ch.Years)
	idx := map[int]int{}
	for i, y := range ch.Years {
		idx[y] = i
	}
	series := map[int64]int{}
	for i, a := range auths {
		name := codes[a]
		if name == "" {
			name = "No authority recorded"
		}
		if i == maxSeries {
			ch.Series = append(ch.Series, chartSeries{Label: "Other authorities", Values: make([]int64, len(ch.Years))})
		}
		if i >= maxSeries {
			series[a] = maxSeries
			continue
		}
		series[a] = i
		ch.Series = append(ch.Series, chartSeries{Label: name, Values: make([]int64, len(ch.Years))})
	}
	for k, s := range sums {
		if k.fy == 0 {
			continue
		}
		ch.Series[series[k.auth]].Values[idx[k.fy]] += s.cost
	}
	return t, ch
}
