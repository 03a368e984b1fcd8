package web

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/custos-ssa/custos"
)

// trendsPage shows incidents and civilian casualties by month and by a
// breakdown, as a chart and as tables whose every figure links to the
// incidents behind it.
type trendsPage struct {
	base
	Filters  []field
	Hidden   []option
	Chart    trendChart
	HasChart bool
	ByMonth  table
	ByKey    table
	Note     string
	Maps     *trendMaps
	Measure  string // what the maps shade and size by
}

// trendQuery is the trend page's query: the trend's filter and what the
// maps shade by.
type trendQuery struct {
	custos.TrendFilter
	Shade string `json:"shade,omitempty"` // incidents (default) or casualties
}

// trendChart is the JSON the chart script draws: incidents per month,
// stacked by the largest keys of the breakdown.
type trendChart struct {
	Title  string        `json:"title"`
	Months []string      `json:"months"`
	Series []trendSeries `json:"series"`
}

type trendSeries struct {
	Label  string `json:"label"`
	Values []int  `json:"values"`
	// Color is the series' place in the chart's palette: a category keeps
	// its colour from one chart to the next; other keys take theirs by
	// rank, and the summed rest is grey.
	Color int `json:"color"`
}

// otherColor is the palette place of the summed rest ("Other").
const otherColor = 5

// maxChartSeries is how many keys the chart stacks; the rest are summed
// as "Other".
const maxChartSeries = 7

func (s *Server) incidentTrends(w http.ResponseWriter, r *http.Request) error {
	if _, err := custos.Authorize(r.Context(), custos.ActionRead, custos.EntityIncident); err != nil {
		return err
	}
	tq, q, err := filterOf[trendQuery](r)
	if err != nil {
		return err
	}
	f := tq.TrendFilter
	measure, ok := shadeMeasures[cmp.Or(tq.Shade, "incidents")]
	if !ok {
		return &custos.Error{Kind: custos.EINVALID, Message: "invalid trend filter", Fields: map[string]string{"shade": "must be incidents or casualties"}}
	}
	if f.By == "" {
		f.By = "category"
	}
	buckets, err := s.store.IncidentTrends(r.Context(), f)
	if err != nil {
		return err
	}
	ctx := r.Context()
	l := s.lookup(ctx)
	title := "Incident trends"
	if f.Country != "" {
		title += ": " + countryName(f.Country)
	}
	if f.ActorID != 0 {
		title += ", " + l.actorLink(f.ActorID).Text
	}
	page := trendsPage{base: s.base(r, title, "Monitor"), Filters: s.trendFilters(ctx, &f, measure.key), Measure: measure.unit}
	if f.ProgramID != 0 {
		page.Hidden = append(page.Hidden, option{"program_id", strconv.FormatInt(f.ProgramID, 10)})
	}
	keyLabel := func(k string) string { return trendKeyLabel(l, f.By, k) }
	page.ByMonth, page.ByKey, page.Chart = trendTables(buckets, f, keyLabel)
	page.HasChart = len(page.Chart.Months) > 0
	if page.Maps, err = s.incidentMaps(ctx, f, measure, q); err != nil {
		return err
	}
	page.Note = "Casualty figures are sums of best estimates. An incident naming two units counts under each in the breakdown by unit, so the units' figures may add up to more than the total."
	s.render(w, r, http.StatusOK, "incident_trends", &page)
	return nil
}

// trendFilters are the inputs of the trend page's form.
func (s *Server) trendFilters(ctx context.Context, f *custos.TrendFilter, shade string) []field {
	unit := refField(s.actorChoices(ctx, f.Country), "actor_id", "Unit (with the units under it)", f.ActorID, s.lookup(ctx).actorLink(f.ActorID),
		"Choose a country first to pick a unit from a list.")
	return []field{
		{Name: "country", Label: "Country", Type: "select", Value: f.Country, Options: countryOptions("Every country")},
		anyChoice(unit, "Every unit"),
		{Name: "by", Label: "Break down by", Type: "select", Value: string(f.By), Options: []option{{"category", "Category"},
			{"admin1", "First-level area"}, {"actor", "Perpetrator unit"}}},
		{Name: "category", Label: "Category", Type: "select", Value: string(f.Category), Options: choices(custos.IncidentCategories, "Any category")},
		{Name: "status", Label: "Verification", Type: "select", Value: string(f.Status), Options: choices(custos.VerificationStatuses, "Any status")},
		{Name: "from", Label: "From", Type: "date", Value: f.From.String(), Short: true},
		{Name: "to", Label: "To", Type: "date", Value: f.To.String(), Short: true},
		{Name: "shade", Label: "Shade and size the maps by", Type: "select", Value: shade, Options: []option{{"incidents", "Incidents"},
			{"casualties", "People killed and injured"}}},
	}
}

// trendKeyLabel names a breakdown key for people.
func trendKeyLabel(l *lookup, by custos.TrendBy, key string) string {
	switch by {
	case "actor":
		id, _ := strconv.ParseInt(key, 10, 64)
		if id == 0 {
			return "Not attributed to a unit"
		}
		return l.actorLink(id).Text
	case "admin1":
		if key == "" {
			return "Area not recorded"
		}
		return key
	}
	return label(key)
}

// trendTables sums the buckets by month and by key, and picks the chart's
// series. Every figure links to the incident list with the filter of the
// buckets it sums.
func trendTables(buckets []*custos.TrendBucket, f custos.TrendFilter, keyLabel func(string) string) (table, table, trendChart) {
	type sum struct {
		incidents, killed, injured int
		filter                     custos.IncidentFilter
	}
	months, keys := map[string]*sum{}, map[string]*sum{}
	byMonthKey := map[[2]string]int{}
	for _, b := range buckets {
		m := months[b.Month]
		if m == nil {
			first, last := monthBounds(b.Month)
			m = &sum{filter: custos.IncidentFilter{Country: f.Country, ActorID: f.ActorID, Subunits: f.ActorID != 0, Category: f.Category,
				Status: f.Status, From: later(first, f.From), To: earlier(last, f.To)}}
			months[b.Month] = m
		}
		k := keys[b.Key]
		if k == nil {
			k = &sum{filter: b.Filter}
			k.filter.From, k.filter.To = f.From, f.To
			keys[b.Key] = k
		}
		for _, x := range []*sum{m, k} {
			x.incidents += b.Incidents
			x.killed += b.Killed.Best
			x.injured += b.Injured.Best
		}
		byMonthKey[[2]string{b.Month, b.Key}] += b.Incidents
	}
	monthList := sortedKeys(months)
	keyList := sortedKeys(keys)
	slices.SortStableFunc(keyList, func(a, b string) int { return cmp.Compare(keys[b].incidents, keys[a].incidents) })
	row := func(name string, x *sum) []cell {
		href := withQuery("/incidents", incidentQuery(x.filter))
		return []cell{{Text: name, Href: href}, {Text: formatInt(x.incidents), Href: href, Num: true},
			{Text: formatInt(x.killed), Href: href, Num: true}, {Text: formatInt(x.injured), Href: href, Num: true}}
	}
	cols := func(first string) []column {
		return []column{{Label: first}, {Label: "Incidents", Num: true}, {Label: "Killed (best estimate)", Num: true}, {Label: "Injured (best estimate)", Num: true}}
	}
	byMonth := table{Caption: "Incidents and civilian casualties by month", Empty: "No incident matches these filters.", Columns: cols("Month")}
	for _, m := range monthList {
		byMonth.Rows = append(byMonth.Rows, row(m, months[m]))
	}
	byKey := table{Caption: "Incidents and civilian casualties by " + map[custos.TrendBy]string{"category": "category", "admin1": "first-level area",
		"actor": "perpetrator unit"}[f.By], Empty: "No incident matches these filters.", Columns: cols(label(f.By))}
	for _, k := range keyList {
		byKey.Rows = append(byKey.Rows, row(keyLabel(k), keys[k]))
	}
	chart := trendChart{Title: byKey.Caption + ", incidents per month", Months: monthList}
	for n, k := range keyList {
		if n == maxChartSeries {
			other := trendSeries{Label: "Other", Values: make([]int, len(monthList)), Color: otherColor}
			for _, rest := range keyList[n:] {
				for i, m := range monthList {
					other.Values[i] += byMonthKey[[2]string{m, rest}]
				}
			}
			chart.Series = append(chart.Series, other)
			break
		}
		sr := trendSeries{Label: keyLabel(k), Values: make([]int, len(monthList)), Color: n}
		if f.By == "category" || f.By == "" {
			sr.Color = slices.Index(custos.IncidentCategories, custos.IncidentCategory(k))
			switch {
			case sr.Color < 0:
				sr.Color = n
			case sr.Color >= otherColor: // the palette's grey is for the summed rest
				sr.Color++
			}
		}
		for i, m := range monthList {
			sr.Values[i] = byMonthKey[[2]string{m, k}]
		}
		chart.Series = append(chart.Series, sr)
	}
	return byMonth, byKey, chart
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// monthBounds returns the first and last day of a "YYYY-MM" month.
func monthBounds(month string) (custos.Date, custos.Date) {
	d, err := custos.ParseDate(month + "-01")
	if err != nil {
		return custos.Date{}, custos.Date{}
	}
	return d, custos.DateOf(d.Time().AddDate(0, 1, -1))
}

// later returns the later of two dates, ignoring a zero b.
func later(a, b custos.Date) custos.Date {
	if !b.IsZero() && a.Before(b) {
		return b
	}
	return a
}

// earlier returns the earlier of two dates, ignoring a zero b.
func earlier(a, b custos.Date) custos.Date {
	if !b.IsZero() && b.Before(a) {
		return b
	}
	return a
}

// incidentQuery writes an incident filter as the query string of the
// incident list.
func incidentQuery(f custos.IncidentFilter) url.Values {
	q := url.Values{}
	set := func(k, v string) {
		if v != "" && v != "0" {
			q.Set(k, v)
		}
	}
	set("country", f.Country)
	set("admin1", f.Admin1)
	set("category", string(f.Category))
	set("status", string(f.Status))
	set("actor_id", strconv.FormatInt(f.ActorID, 10))
	set("person_id", strconv.FormatInt(f.PersonID, 10))
	set("from", f.From.String())
	set("to", f.To.String())
	set("dataset", f.Dataset)
	set("q", f.Q)
	if f.Subunits {
		q.Set("subunits", "true")
	}
	if f.Unattributed {
		q.Set("unattributed", "true")
	}
	if f.NoAdmin1 {
		q.Set("no_admin1", "true")
	}
	return q
}
