package web

import (
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/custos-ssa/custos"
)

// trendRow is a row of a trend table: its label, the incident list it
// links to and its figure of incidents.
var trendRow = regexp.MustCompile(`<tr><th scope="row"><a href="(/incidents\?[^"]*)">([^<]*)</a></th><td class="num"><a href="[^"]*">([\d,]+)</a></td>`)

// listedIncident is the link of an incident in the incident list.
var listedIncident = regexp.MustCompile(`<a href="/incidents/\d+"`)

// TestIncidentTrendLinks replays a reviewer's report: on the trend page by
// first-level area, "Area not recorded 4" linked to every incident of the
// country. Every figure of every breakdown must link to a list, and to an
// export, of exactly the incidents it counts.
func TestIncidentTrendLinks(t *testing.T) {
	f := newIncidentFixture(t)
	add := func(day custos.Date, country string) {
		i := &custos.Incident{Title: "Fictional incident with no area", Category: "torture", Date: day,
			Place: custos.Place{Country: country}, Releasability: custos.Public}
		must(t, f.db.CreateIncident(sys, i))
	}
	mar, apr := custos.Date{Year: 2024, Month: 3, Day: 12}, custos.Date{Year: 2024, Month: 4, Day: 2}
	for range 3 {
		add(mar, "ML")
	}
	add(apr, "ML")
	add(mar, "BF") // another country's, which no figure of Mali may list

	for _, by := range custos.TrendBys {
		t.Run(string(by), func(t *testing.T) {
			r := f.do(custos.RoleViewer, "GET", "/incident-trends?country=ML&by="+string(by), nil)
			if r.status != http.StatusOK {
				t.Fatalf("trends = %d", r.status)
			}
			rows := trendRow.FindAllStringSubmatch(r.body, -1)
			if len(rows) == 0 {
				t.Fatalf("trends page by %s has no linked figures", by)
			}
			shown, listed, exported := map[string]string{}, map[string]string{}, map[string]string{}
			for _, m := range rows {
				href, name, n := html.UnescapeString(m[1]), html.UnescapeString(m[2]), m[3]
				shown[name] = n
				list := f.do(custos.RoleViewer, "GET", href, nil)
				if list.status != http.StatusOK {
					t.Fatalf("%s = %d", href, list.status)
				}
				listed[name] = strconv.Itoa(len(listedIncident.FindAllString(list.body, -1)))
				csv := f.do(custos.RoleViewer, "GET", strings.Replace(href, "/incidents?", "/incidents.csv?", 1), nil)
				exported[name] = strconv.Itoa(len(strings.Split(strings.TrimSpace(csv.body), "\n")) - 1)
			}
			if diff := cmp.Diff(shown, listed); diff != "" {
				t.Errorf("figures and the incidents their links list (-shown +listed):\n%s", diff)
			}
			if diff := cmp.Diff(shown, exported); diff != "" {
				t.Errorf("figures and the incidents their links export (-shown +exported):\n%s", diff)
			}
			if by == "admin1" && shown["Area not recorded"] != "4" {
				t.Errorf("trend by area: %v, want 4 with no area recorded", shown)
			}
		})
	}

	r := f.do(custos.RoleViewer, "GET", "/incidents?admin1=Mopti&no_admin1=true", nil)
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, "no_admin1") {
		t.Errorf("incidents?admin1=Mopti&no_admin1=true = %d, want 400 naming no_admin1", r.status)
	}
}
