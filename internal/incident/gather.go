package incident

import (
	"context"
	"fmt"
	"time"

	"github.com/custos-ssa/custos"
)

// Source is what Gather reads: incidents, their trends and unit names.
type Source interface {
	FindIncidents(ctx context.Context, f custos.IncidentFilter) ([]*custos.Incident, string, error)
	IncidentTrends(ctx context.Context, f custos.TrendFilter) ([]*custos.TrendBucket, error)
	FindActor(ctx context.Context, id int64) (*custos.Actor, error)
	FindCountry(ctx context.Context, code string) (*custos.Country, error)
}

// MaxReportIncidents bounds the incidents of one month read for a report.
const MaxReportIncidents = 100_000

// Gather reads what the civilian-harm report of a country and month needs,
// as the caller in ctx (so that it holds only what the caller may see),
// and builds it. An empty country reports on every country; an empty
// month is the last whole month before now.
func Gather(ctx context.Context, st Source, country, month string, now time.Time) (*Report, error) {
	if month == "" {
		month = now.UTC().AddDate(0, 0, -now.UTC().Day()).Format("2006-01")
	}
	first, last, err := ParseMonth(month)
	if err != nil {
		return nil, err
	}
	// No country is every country; a code that is no country is refused,
	// not answered with an empty report that reads as a quiet month.
	if country != "" {
		if _, err := st.FindCountry(ctx, country); custos.ErrorKind(err) == custos.ENOTFOUND {
			return nil, &custos.Error{Kind: custos.EINVALID, Message: "invalid report",
				Fields: map[string]string{"country": fmt.Sprintf("no country %q is recorded", country)}}
		} else if err != nil {
			return nil, err
		}
	}
	trends, err := st.IncidentTrends(ctx, custos.TrendFilter{Country: country, From: TrendStart(first), To: last, By: "category"})
	if err != nil {
		return nil, err
	}
	var list []*custos.Incident
	f := custos.IncidentFilter{Country: country, From: first, To: last, Page: custos.Page{Limit: custos.MaxLimit}}
	for len(list) < MaxReportIncidents {
		page, next, err := st.FindIncidents(ctx, f)
		if err != nil {
			return nil, err
		}
		list = append(list, page...)
		if next == "" {
			break
		}
		f.After = next
	}
	names := map[int64]string{}
	name := func(id int64) string {
		if n, ok := names[id]; ok {
			return n
		}
		a, err := st.FindActor(ctx, id)
		if err == nil {
			names[id] = a.Name
		} else {
			names[id] = ""
		}
		return names[id]
	}
	return Build(country, month, trends, list, name), nil
}
