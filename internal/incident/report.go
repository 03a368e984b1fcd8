package incident

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"

	"github.com/custos-ssa/custos"
)

// Report is the monthly civilian-harm report of a country: the trend of the
// twelve months up to the month, the month's largest incidents, the units
// they name and where their verification stands.
type Report struct {
	Country   string                `json:"country"`
	Month     string                `json:"month"` // YYYY-MM
	Incidents int                   `json:"incidents"`
	Killed    custos.Estimate       `json:"killed"`
	Injured   custos.Estimate       `json:"injured"`
	Trends    []*custos.TrendBucket `json:"trends"`  // by category, twelve months
	Largest   []Largest             `json:"largest"` // the month's incidents, most killed first
	Units     []Unit                `json:"units"`   // the units named in the month's incidents
	Reviews   []Review              `json:"reviews"` // the month's incidents by verification status
}

// Largest is one of the month's largest incidents.
type Largest struct {
	ID       int64                     `json:"id"`
	Date     custos.Date               `json:"date"`
	Title    string                    `json:"title"`
	Category custos.IncidentCategory   `json:"category"`
	Admin1   string                    `json:"admin1,omitempty"`
	Killed   custos.Estimate           `json:"killed"`
	Injured  custos.Estimate           `json:"injured"`
	Status   custos.VerificationStatus `json:"status"`
}

// Unit is a linked perpetrator unit and its share of the month.
type Unit struct {
	ActorID   int64  `json:"actor_id"`
	Name      string `json:"name,omitempty"`
	Incidents int    `json:"incidents"`
	Killed    int    `json:"killed"` // best estimates summed
	Credible  int    `json:"credible"`
}

// Review counts the month's incidents in one verification status.
type Review struct {
	Status    custos.VerificationStatus `json:"status"`
	Incidents int                       `json:"incidents"`
}

// MaxLargest is how many incidents the report lists.
const MaxLargest = 10

// ParseMonth reads "YYYY-MM" and returns the first and last day of the
// month.
func ParseMonth(s string) (first, last custos.Date, err error) {
	d, perr := custos.ParseDate(s + "-01")
	if perr != nil || len(s) != 7 {
		return first, last, &custos.Error{Kind: custos.EINVALID, Message: "invalid month", Fields: map[string]string{"month": fmt.Sprintf("%q is not a month such as 2024-03", s)}}
	}
	return d, custos.DateOf(d.Time().AddDate(0, 1, -1)), nil
}

// TrendStart returns the first day of the twelve-month window that ends
// with the month starting on first.
func TrendStart(first custos.Date) custos.Date { return custos.DateOf(first.Time().AddDate(0, -11, 0)) }

// Build assembles the report from the trend buckets of the window and the
// incidents of the month. names gives a unit's name, "" when unknown.
func Build(country, month string, trends []*custos.TrendBucket, incidents []*custos.Incident, names func(int64) string) *Report {
	r := &Report{Country: country, Month: month, Trends: trends, Largest: []Largest{}, Units: []Unit{}, Reviews: []Review{}}
	if r.Trends == nil {
		r.Trends = []*custos.TrendBucket{}
	}
	units := map[int64]*Unit{}
	statuses := map[custos.VerificationStatus]int{}
	for _, i := range incidents {
		r.Incidents++
		add(&r.Killed, i.Victims.Killed)
		add(&r.Injured, i.Victims.Injured)
		statuses[i.Status]++
		for _, id := range i.ActorIDs() {
			u := units[id]
			if u == nil {
				u = &Unit{ActorID: id}
				if names != nil {
					u.Name = names(id)
				}
				units[id] = u
			}
			u.Incidents++
			u.Killed += i.Victims.Killed.Best
			if i.Status == custos.StatusCredible || i.Status == custos.StatusConfirmed {
				u.Credible++
			}
		}
	}
	sorted := slices.Clone(incidents)
	slices.SortStableFunc(sorted, func(a, b *custos.Incident) int {
		return cmp.Or(cmp.Compare(b.Victims.Killed.Best, a.Victims.Killed.Best), cmp.Compare(b.Victims.Injured.Best, a.Victims.Injured.Best), cmp.Compare(a.ID, b.ID))
	})
	for _, i := range sorted[:min(len(sorted), MaxLargest)] {
		r.Largest = append(r.Largest, Largest{ID: i.ID, Date: i.Date, Title: i.Title, Category: i.Category, Admin1: i.Place.Admin1,
			Killed: i.Victims.Killed, Injured: i.Victims.Injured, Status: i.Status})
	}
	for _, u := range units {
		r.Units = append(r.Units, *u)
	}
	slices.SortFunc(r.Units, func(a, b Unit) int {
		return cmp.Or(cmp.Compare(b.Incidents, a.Incidents), cmp.Compare(b.Killed, a.Killed), cmp.Compare(a.ActorID, b.ActorID))
	})
	for _, s := range custos.VerificationStatuses {
		r.Reviews = append(r.Reviews, Review{Status: s, Incidents: statuses[s]})
	}
	return r
}

func add(sum *custos.Estimate, e custos.Estimate) {
	sum.Best += e.Best
	sum.Low += e.Low
	sum.High += e.High
}

// Tables are the names of the report's tables, for CSV and XLSX exports.
var Tables = []string{"trends", "largest", "units", "reviews"}

// Table returns one of the report's tables as rows of cells, the header
// first, and false when there is no table of that name.
func (r *Report) Table(name string) ([][]string, bool) {
	itoa := strconv.Itoa
	var rows [][]string
	switch name {
	case "trends":
		rows = append(rows, []string{"month", "category", "incidents", "killed_best", "killed_low", "killed_high", "injured_best", "injured_low", "injured_high"})
		for _, b := range r.Trends {
			rows = append(rows, []string{b.Month, b.Key, itoa(b.Incidents), itoa(b.Killed.Best), itoa(b.Killed.Low), itoa(b.Killed.High),
				itoa(b.Injured.Best), itoa(b.Injured.Low), itoa(b.Injured.High)})
		}
	case "largest":
		rows = append(rows, []string{"id", "date", "title", "category", "admin1", "killed_best", "killed_low", "killed_high", "injured_best", "status"})
		for _, l := range r.Largest {
			rows = append(rows, []string{strconv.FormatInt(l.ID, 10), l.Date.String(), l.Title, string(l.Category), l.Admin1,
				itoa(l.Killed.Best), itoa(l.Killed.Low), itoa(l.Killed.High), itoa(l.Injured.Best), string(l.Status)})
		}
	case "units":
		rows = append(rows, []string{"actor_id", "name", "incidents", "killed_best", "credible_or_confirmed"})
		for _, u := range r.Units {
			rows = append(rows, []string{strconv.FormatInt(u.ActorID, 10), u.Name, itoa(u.Incidents), itoa(u.Killed), itoa(u.Credible)})
		}
	case "reviews":
		rows = append(rows, []string{"status", "incidents"})
		for _, v := range r.Reviews {
			rows = append(rows, []string{string(v.Status), itoa(v.Incidents)})
		}
	default:
		return nil, false
	}
	return rows, true
}
