package web

import (
	"net/http"
	"sort"
	"strconv"

	"github.com/custos-ssa/custos"
)

// homePage is the start page of a signed-in user: the lifecycle stages and
// what each holds.
type homePage struct {
	base
	Stages []stage
}

// stage is one step of the assistance lifecycle on the start page.
type stage struct {
	Title, Text string
	Links       []link
}

// stageText says what each stage of the navigation holds, for the start
// page's cards.
var stageText = map[string]string{
	"Assess":    "Map the partner's security sector: its forces, ministries, oversight bodies and civil society, and the assistance each country has received.",
	"Plan":      "Programs with their legal authority, lead agency, recipients and budget by fiscal year, and the data imported into them.",
	"Vet":       "Leahy vetting of the persons and units nominated for assistance: screening, judgements, four-eyes decisions, and the units barred from assistance.",
	"Implement": "Courses, training teams, deliveries and exercises, with the units and persons who took part and their vetting status.",
	"Monitor":   "What was delivered where; incidents of civilian harm and abuse, their trends and monthly report; conditions, indicators and measurements.",
	"Evaluate":  "Program evaluations at decision points and at close, and figures across the portfolio.",
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	if r.URL.Path != "/" {
		return notFound("page")
	}
	if userFrom(r.Context()) == nil {
		return s.public(w, r)
	}
	page := homePage{base: s.base(r, "Custos", "")}
	// The cards are the navigation's stages, so that the start page offers
	// exactly the pages the caller's role may use, each stage explained.
	for _, sec := range page.Nav() {
		text, ok := stageText[sec.Label]
		if !ok {
			continue
		}
		st := stage{Title: sec.Label, Text: text}
		for _, l := range sec.Links {
			st.Links = append(st.Links, link{l.Href, l.Label})
		}
		page.Stages = append(page.Stages, st)
	}
	s.render(w, r, http.StatusOK, "home", &page)
	return nil
}

// publicPage is the public portal's front page.
type publicPage struct {
	base
}

// public describes what the public portal shows: the records marked public,
// which the store returns to anonymous visitors.
func (s *Server) public(w http.ResponseWriter, r *http.Request) error {
	page := publicPage{base: s.base(r, "Public portal", "Public")}
	s.render(w, r, http.StatusOK, "public", &page)
	return nil
}

// trainingPage sums the training and assistance delivered, by country and
// by fiscal year, from the activities the caller may see.
type trainingPage struct {
	base
	Totals    custos.ProgramTotal
	ByCountry table
	ByYear    table
}

func (s *Server) training(w http.ResponseWriter, r *http.Request) error {
	totals, err := s.store.ProgramTotals(r.Context(), custos.TotalsFilter{})
	if err != nil {
		return err
	}
	type sum struct {
		programs, activities int
		quantity, cost       int64
	}
	byCountry, byYear := map[string]*sum{}, map[int]*sum{}
	page := trainingPage{base: s.base(r, "Training overview", "Monitor")}
	for _, t := range totals {
		for _, m := range []*sum{get(byCountry, t.Country), get(byYear, t.FiscalYear)} {
			m.programs++
			m.activities += t.Activities
			m.quantity += t.Quantity
			m.cost += t.CostUSD
		}
		page.Totals.Activities += t.Activities
		page.Totals.Quantity += t.Quantity
		page.Totals.CostUSD += t.CostUSD
	}
	codes := make([]string, 0, len(byCountry))
	for c := range byCountry {
		codes = append(codes, c)
	}
	sort.Slice(codes, func(i, j int) bool {
		a, b := byCountry[codes[i]], byCountry[codes[j]]
		if a.cost != b.cost {
			return a.cost > b.cost
		}
		return codes[i] < codes[j]
	})
	page.ByCountry = table{Caption: "Training and assistance by partner country, largest cost first", Empty: "No programs are recorded yet.",
		Columns: []column{{Label: "Country"}, {Label: "Programs", Num: true}, {Label: "Activities", Num: true}, {Label: "Students or items", Num: true}, {Label: "Cost (USD)", Num: true}}}
	for _, c := range codes {
		m := byCountry[c]
		page.ByCountry.Rows = append(page.ByCountry.Rows, []cell{linkCell(countryLink(c)), {Text: formatInt(m.programs), Href: "/programs?country=" + c, Num: true},
			{Text: formatInt(m.activities), Href: "/activities?country=" + c, Num: true}, {Text: formatInt(m.quantity), Num: true}, {Text: formatUSD(m.cost), Num: true}})
	}
	years := make([]int, 0, len(byYear))
	for y := range byYear {
		years = append(years, y)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(years)))
	page.ByYear = table{Caption: "Training and assistance by U.S. fiscal year", Empty: "No programs are recorded yet.",
		Columns: []column{{Label: "Fiscal year"}, {Label: "Programs", Num: true}, {Label: "Activities", Num: true}, {Label: "Students or items", Num: true}, {Label: "Cost (USD)", Num: true}}}
	for _, y := range years {
		m := byYear[y]
		fy, href := "Not dated", "/programs"
		if y != 0 {
			fy, href = "FY"+strconv.Itoa(y), "/programs?fiscal_year="+strconv.Itoa(y)
		}
		page.ByYear.Rows = append(page.ByYear.Rows, []cell{{Text: fy}, {Text: formatInt(m.programs), Href: href, Num: true},
			{Text: formatInt(m.activities), Num: true}, {Text: formatInt(m.quantity), Num: true}, {Text: formatUSD(m.cost), Num: true}})
	}
	s.render(w, r, http.StatusOK, "training", &page)
	return nil
}

// get returns m[k], adding a zero value first when missing.
func get[K comparable, V any](m map[K]*V, k K) *V {
	v, ok := m[k]
	if !ok {
		v = new(V)
		m[k] = v
	}
	return v
}
