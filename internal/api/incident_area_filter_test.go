package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/custos-ssa/custos"
)

// TestTrendBucketFiltersListTheirIncidents replays a reviewer's report:
// the trend of Mali by first-level area had a bucket of four incidents
// with no area whose filter, passed back to the incident list as query
// parameters, listed the month's five. Every bucket's filter must list
// exactly its incidents through the API.
func TestTrendBucketFiltersListTheirIncidents(t *testing.T) {
	f := newFixture(t)
	add := func(day custos.Date, admin1 string) {
		i := newTestIncident()
		i.Date, i.Place.Admin1 = day, admin1
		must(t, f.db.CreateIncident(sys, i))
	}
	mar, apr := custos.Date{Year: 2024, Month: 3, Day: 5}, custos.Date{Year: 2024, Month: 4, Day: 9}
	for range 4 {
		add(mar, "")
	}
	add(mar, "Mopti")
	add(apr, "Gao")

	type count struct {
		Month, Key string
		Incidents  int
	}
	for _, by := range custos.TrendBys {
		t.Run(string(by), func(t *testing.T) {
			code, body := f.do(custos.RoleViewer, "GET", "/api/v1/incidents/trends?country=ML&by="+string(by), nil)
			if code != http.StatusOK {
				t.Fatalf("trends = %d %s", code, body)
			}
			var trend trendsBody
			must(t, json.Unmarshal(body, &trend))
			buckets := trend.Items
			var counted, listed []count
			for _, b := range buckets {
				counted = append(counted, count{b.Month, b.Key, b.Incidents})
				q := filterQuery(t, b.Filter)
				code, body := f.do(custos.RoleViewer, "GET", "/api/v1/incidents?"+q.Encode(), nil)
				if code != http.StatusOK {
					t.Fatalf("incidents?%s = %d %s", q.Encode(), code, body)
				}
				var list listBody[custos.Incident]
				must(t, json.Unmarshal(body, &list))
				listed = append(listed, count{b.Month, b.Key, len(list.Items)})
			}
			if diff := cmp.Diff(counted, listed); diff != "" {
				t.Errorf("the buckets' filters list other incidents than they count (-counted +listed):\n%s", diff)
			}
			if by == "admin1" {
				want := []count{{"2024-03", "", 4}, {"2024-03", "Mopti", 1}, {"2024-04", "Gao", 1}}
				if diff := cmp.Diff(want, counted); diff != "" {
					t.Errorf("trend by admin1 (-want +got):\n%s", diff)
				}
				if !buckets[0].Filter.NoAdmin1 {
					t.Errorf("filter of the bucket with no area = %+v, want no_admin1", buckets[0].Filter)
				}
			}
		})
	}

	code, body := f.do(custos.RoleViewer, "GET", "/api/v1/incidents?admin1=Mopti&no_admin1=true", nil)
	if e := errorOf(t, body); code != http.StatusBadRequest || e.Fields["no_admin1"] == "" {
		t.Errorf("incidents?admin1=Mopti&no_admin1=true = %d %+v, want 400 naming no_admin1", code, e)
	}
	// A source key alone was ignored (every incident listed): it needs
	// its dataset.
	code, body = f.do(custos.RoleViewer, "GET", "/api/v1/incidents?source_key=XNGA3", nil)
	if e := errorOf(t, body); code != http.StatusBadRequest || !strings.Contains(e.Fields["source_key"], "dataset") {
		t.Errorf("incidents?source_key=XNGA3 = %d %+v, want 400 saying source_key needs dataset", code, e)
	}
}

// filterQuery writes an incident filter as the list's query parameters,
// from its JSON, as a client following a bucket's filter would.
func filterQuery(t *testing.T, f custos.IncidentFilter) url.Values {
	t.Helper()
	j, err := json.Marshal(f)
	must(t, err)
	var m map[string]any
	must(t, json.Unmarshal(j, &m))
	q := url.Values{}
	for k, v := range m {
		q.Set(k, fmt.Sprint(v))
	}
	return q
}
