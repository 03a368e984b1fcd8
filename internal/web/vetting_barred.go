package web

import (
	"net/http"

	"github.com/custos-ssa/custos"
)

// barredPage is the public list of units barred from assistance.
type barredPage struct {
	base
	Units []barredRow
}

// barredRow is one barred unit, its country and kind in words and a link
// to its page when the caller may see it.
type barredRow struct {
	*custos.BarredUnit
	Unit    link
	Country string
	Kind    string
}

// barredUnits answers GET /barred-units: the units denied by a Leahy
// vetting decision in force that the vetters decided to publish, for
// anyone, the public included. The store
// returns units only, never persons, and of remediation only the dates and
// steps, never who recorded them or the grounds of the denial.
func (s *Server) barredUnits(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.BarredUnits(r.Context())
	if err != nil {
		return err
	}
	page := barredPage{base: s.base(r, "Units barred from assistance", "Public")}
	l := s.lookup(r.Context())
	for _, b := range list {
		u := l.actorLink(b.ActorID)
		if u.Href == "" {
			u = link{"", b.Name}
		}
		page.Units = append(page.Units, barredRow{BarredUnit: b, Unit: u, Country: countryName(b.Country), Kind: actorKindLabel(b.Kind)})
	}
	s.render(w, r, http.StatusOK, "vetting_barred", &page)
	return nil
}
