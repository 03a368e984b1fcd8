package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/custos-ssa/custos"
)

// incidents are reports of civilian harm and human-rights abuses attributed
// to a partner's forces. The list, exports and forms are the shared
// resource pages; the record page has its own template, because an
// incident carries victims, sources, perpetrators to confirm and a
// verification history that the generic facts list cannot show.
func (s *Server) incidents() resource[custos.Incident, custos.IncidentFilter] {
	st := s.store
	return resource[custos.Incident, custos.IncidentFilter]{
		entity: custos.EntityIncident, path: "/incidents", singular: "incident", plural: "Incidents", section: "Monitor",
		intro: "Reports of civilian harm and human-rights abuses, with their alleged perpetrators, victims, sources and verification. Credible incidents raise warnings on the assistance to the units they name.",
		key:   func(i *custos.Incident) string { return itoa(i.ID) }, title: func(i *custos.Incident) string { return i.Title },
		releasability: func(i *custos.Incident) custos.Releasability { return i.Releasability },
		find:          st.FindIncidents, get: byID(st.FindIncident), create: st.CreateIncident, update: st.UpdateIncident, del: delByID(st.DeleteIncident),
		blank: func(r *http.Request) *custos.Incident {
			return &custos.Incident{Place: custos.Place{Country: r.URL.Query().Get("country")}, DatePrecision: "day",
				Status: custos.StatusReported, Releasability: custos.Internal}
		},
		filters: func(ctx context.Context, f *custos.IncidentFilter) []field {
			unit := refField(s.actorChoices(ctx, f.Country), "actor_id", "Perpetrator unit", f.ActorID, s.lookup(ctx).actorLink(f.ActorID),
				"Choose a country first to pick a unit from a list.")
			return []field{
				{Name: "q", Label: "Title or description", Type: "search", Value: f.Q},
				{Name: "country", Label: "Country", Type: "select", Value: f.Country, Options: countryOptions("Any country")},
				{Name: "category", Label: "Category", Type: "select", Value: string(f.Category), Options: choices(custos.IncidentCategories, "Any category")},
				{Name: "status", Label: "Verification", Type: "select", Value: string(f.Status), Options: choices(custos.VerificationStatuses, "Any status")},
				anyChoice(unit, "Any unit"),
				{Name: "subunits", Label: "Include the units under it", Type: "checkbox", Value: "true", Checked: f.Subunits},
				{Name: "from", Label: "On or after", Type: "date", Value: f.From.String(), Short: true},
				{Name: "to", Label: "On or before", Type: "date", Value: f.To.String(), Short: true},
			}
		},
		table: func(ctx context.Context, list []*custos.Incident) table {
			return incidentTable(list, "Incidents", "No incident matches these filters.")
		},
		columns: []string{"id", "title", "category", "date", "date_end", "date_precision", "country", "admin1", "admin2", "location",
			"latitude", "longitude", "location_precision", "perpetrators", "killed_best", "killed_low", "killed_high",
			"injured_best", "injured_low", "injured_high", "women", "children", "sources", "status", "description", "source", "releasability"},
		row:   incidentRow,
		form:  s.incidentForm,
		parse: parseIncident,
		view:  s.incidentView,
		// The record page shows victims, sources and the verification
		// history in their own tables.
		viewTemplate: "incident",
	}
}

// incidentTable draws a page of incidents.
func incidentTable(list []*custos.Incident, caption, empty string) table {
	t := table{Caption: caption, Empty: empty, Columns: []column{{Label: "Title"}, {Label: "Date"}, {Label: "Country"}, {Label: "Area"},
		{Label: "Category"}, {Label: "Killed", Num: true}, {Label: "Injured", Num: true}, {Label: "Verification"}, {Label: "Visible to"}}}
	for _, i := range list {
		t.Rows = append(t.Rows, []cell{{Text: i.Title, Href: "/incidents/" + itoa(i.ID)}, {Text: incidentDate(i)},
			linkCell(countryLink(i.Place.Country)), {Text: i.Place.Admin1}, {Text: label(i.Category)},
			{Text: formatInt(i.Victims.Killed.Best), Num: true}, {Text: formatInt(i.Victims.Injured.Best), Num: true},
			{Text: label(i.Status)}, relCell(i.Releasability)})
	}
	return t
}

// incidentDate writes an incident's date with its precision: "2024-03-02",
// "week of 2024-03-02", "2024-03-02 to 2024-03-09".
func incidentDate(i *custos.Incident) string {
	d := i.Date.String()
	if !i.DateEnd.IsZero() && i.DateEnd != i.Date {
		d += " to " + i.DateEnd.String()
	}
	switch i.DatePrecision {
	case "", "day":
		return d
	case "week":
		return "week of " + d
	case "month":
		return fmt.Sprintf("%04d-%02d (month known, %s)", i.Date.Year, int(i.Date.Month), d)
	}
	return fmt.Sprintf("%04d (year known, %s)", i.Date.Year, d)
}

// incidentRow writes an incident for the CSV and XLSX exports. Sources
// appear only as far as the store returned them to the caller; reporters
// never appear, because they are not part of the incident.
func incidentRow(i *custos.Incident) []string {
	var perps, srcs []string
	for _, p := range i.Perpetrators {
		switch {
		case p.ActorID > 0:
			perps = append(perps, fmt.Sprintf("actor %d (%s)", p.ActorID, p.Role))
		case p.PersonID > 0:
			perps = append(perps, fmt.Sprintf("person %d (%s)", p.PersonID, p.Role))
		default:
			perps = append(perps, fmt.Sprintf("%s (%s, not linked)", p.Name, p.Role))
		}
	}
	for _, x := range i.Sources {
		srcs = append(srcs, strings.TrimSpace(fmt.Sprintf("%s %s %s", x.Type, x.Grade(), x.Name)))
	}
	coord := func(f *float64) string {
		if f == nil {
			return ""
		}
		return strconv.FormatFloat(*f, 'f', -1, 64)
	}
	count := func(n *int) string {
		if n == nil {
			return ""
		}
		return strconv.Itoa(*n)
	}
	v := i.Victims
	n := strconv.Itoa
	return []string{itoa(i.ID), i.Title, string(i.Category), i.Date.String(), i.DateEnd.String(), string(i.DatePrecision),
		i.Place.Country, i.Place.Admin1, i.Place.Admin2, i.Place.Location, coord(i.Place.Latitude), coord(i.Place.Longitude),
		string(i.Place.Precision), strings.Join(perps, "; "), n(v.Killed.Best), n(v.Killed.Low), n(v.Killed.High),
		n(v.Injured.Best), n(v.Injured.Low), n(v.Injured.High), count(v.Women), count(v.Children), strings.Join(srcs, "; "),
		string(i.Status), i.Description, sourceText(i.Source), i.Releasability.String()}
}

// incidentForm adds the inputs of an incident. The status is not among
// them: it moves only through the transition form, with a reason.
func (s *Server) incidentForm(ctx context.Context, fm *form, i *custos.Incident, isNew bool) {
	l := s.lookup(ctx)
	actors := s.actorChoices(ctx, i.Place.Country)
	fm.add(field{Name: "title", Label: "Title", Type: "text", Value: i.Title, Required: true, Help: "A short description: what, where, when."})
	fm.add(field{Name: "category", Label: "Category", Type: "select", Value: string(i.Category), Options: choices(custos.IncidentCategories, "Choose a category"), Required: true})
	fm.add(field{Name: "date", Label: "Date (first day it may have happened)", Type: "date", Value: i.Date.String(), Required: true, Short: true})
	fm.add(field{Name: "date_end", Label: "Last day (for a range)", Type: "date", Value: i.DateEnd.String(), Short: true})
	fm.add(field{Name: "date_precision", Label: "The date is known to the", Type: "select", Value: string(i.DatePrecision), Options: choices(custos.DatePrecisions, ""), Required: true})
	fm.add(field{Name: "place.country", Label: "Country", Type: "select", Value: i.Place.Country, Options: countryOptions("Choose a country"), Required: true,
		Help: "Units are offered from this country's actors once the incident is saved."})
	fm.add(field{Name: "place.admin1", Label: "First-level area (region, province)", Type: "text", Value: i.Place.Admin1})
	fm.add(field{Name: "place.admin2", Label: "Second-level area (district)", Type: "text", Value: i.Place.Admin2})
	fm.add(field{Name: "place.location", Label: "Place (village, town, landmark)", Type: "text", Value: i.Place.Location})
	fm.add(field{Name: "place.latitude", Label: "Latitude (WGS 84 degrees)", Type: "text", Value: floatText(i.Place.Latitude), Short: true})
	fm.add(field{Name: "place.longitude", Label: "Longitude (WGS 84 degrees)", Type: "text", Value: floatText(i.Place.Longitude), Short: true})
	fm.add(field{Name: "place.precision", Label: "The place is known to", Type: "select", Value: string(i.Place.Precision), Options: precisionOptions()})
	fm.addGroup(group{Name: "perpetrators", Legend: "Alleged perpetrators", AddLabel: "Add another perpetrator",
		Help: "Link a unit or a person when known; otherwise give the name as the source reported it, for an analyst to resolve."},
		len(i.Perpetrators), func(k int) []field {
			var p custos.Perpetrator
			if k < len(i.Perpetrators) {
				p = i.Perpetrators[k]
			}
			return []field{
				refField(actors, fmt.Sprintf("perpetrators[%d].actor_id", k), fmt.Sprintf("Unit, row %d", k+1), p.ActorID, l.actorLink(p.ActorID), ""),
				{Name: fmt.Sprintf("perpetrators[%d].person_id", k), Label: fmt.Sprintf("Person (record number), row %d", k+1), Type: "number", Value: itoa(p.PersonID), Short: true},
				{Name: fmt.Sprintf("perpetrators[%d].name", k), Label: fmt.Sprintf("Name as reported, row %d", k+1), Type: "text", Value: p.Name},
				{Name: fmt.Sprintf("perpetrators[%d].role", k), Label: fmt.Sprintf("Role, row %d", k+1), Type: "select", Value: string(p.Role), Options: choices(custos.PerpetratorRoles, "Unknown")},
			}
		})
	for _, e := range []struct {
		key, label string
		v          custos.Estimate
	}{{"victims.killed", "Killed", i.Victims.Killed}, {"victims.injured", "Injured", i.Victims.Injured}} {
		fm.add(field{Name: e.key + ".best", Label: e.label + ": best estimate", Type: "number", Value: strconv.Itoa(e.v.Best), Short: true})
		fm.add(field{Name: e.key + ".low", Label: e.label + ": lowest", Type: "number", Value: strconv.Itoa(e.v.Low), Short: true})
		fm.add(field{Name: e.key + ".high", Label: e.label + ": highest", Type: "number", Value: strconv.Itoa(e.v.High), Short: true})
	}
	fm.add(field{Name: "victims.women", Label: "Women among the killed and injured", Type: "number", Value: intText(i.Victims.Women), Short: true, Help: "Leave empty when the sources do not say."})
	fm.add(field{Name: "victims.children", Label: "Children among the killed and injured", Type: "number", Value: intText(i.Victims.Children), Short: true, Help: "Leave empty when the sources do not say."})
	fm.addGroup(group{Name: "sources", Legend: "Sources", AddLabel: "Add another source",
		Help: "Grade each source on the Admiralty scale: reliability of the source (A to F) and credibility of this report (1 to 6). Sources are protected unless you say otherwise."},
		len(i.Sources), func(k int) []field {
			var x custos.IncidentSource
			if k < len(i.Sources) {
				x = i.Sources[k]
			}
			cred := ""
			if x.Credibility != 0 {
				cred = strconv.Itoa(x.Credibility)
			}
			rel := ""
			if x.Releasability != 0 {
				rel = x.Releasability.String()
			}
			relOpts := []option{{"", "Protected (default)"}}
			for _, lv := range custos.Releasabilities() {
				relOpts = append(relOpts, option{lv.String(), label(lv.String())})
			}
			p := func(s string) string { return fmt.Sprintf("sources[%d].%s", k, s) }
			return []field{
				{Name: p("type"), Label: fmt.Sprintf("Type, source %d", k+1), Type: "select", Value: string(x.Type), Options: sourceTypeOptions()},
				{Name: p("name"), Label: fmt.Sprintf("Outlet or organization, source %d", k+1), Type: "text", Value: x.Name},
				{Name: p("date"), Label: fmt.Sprintf("Date, source %d", k+1), Type: "date", Value: x.Date.String(), Short: true},
				{Name: p("url"), Label: fmt.Sprintf("Address (URL), source %d", k+1), Type: "text", Value: x.URL},
				{Name: p("reference"), Label: fmt.Sprintf("Reference or citation, source %d", k+1), Type: "text", Value: x.Reference},
				{Name: p("reliability"), Label: fmt.Sprintf("Reliability, source %d", k+1), Type: "select", Value: x.Reliability, Options: reliabilityOptions()},
				{Name: p("credibility"), Label: fmt.Sprintf("Credibility, source %d", k+1), Type: "select", Value: cred, Options: credibilityOptions()},
				{Name: p("releasability"), Label: fmt.Sprintf("Who may see source %d", k+1), Type: "select", Value: rel, Options: relOpts},
			}
		})
	fm.add(field{Name: "description", Label: "Description", Type: "textarea", Value: i.Description})
	fm.add(releasabilityField(principalFrom(ctx), i.Releasability))
}

func reliabilityOptions() []option {
	return []option{{"", "F (cannot be judged)"}, {"A", "A — completely reliable"}, {"B", "B — usually reliable"}, {"C", "C — fairly reliable"},
		{"D", "D — not usually reliable"}, {"E", "E — unreliable"}, {"F", "F — reliability cannot be judged"}}
}

func credibilityOptions() []option {
	return []option{{"", "6 (cannot be judged)"}, {"1", "1 — confirmed by other sources"}, {"2", "2 — probably true"}, {"3", "3 — possibly true"},
		{"4", "4 — doubtful"}, {"5", "5 — improbable"}, {"6", "6 — truth cannot be judged"}}
}

// parseIncident reads the form into i. Suggested links that the importer's
// matcher left on a perpetrator are kept while the row's name is unchanged,
// so that editing an incident does not lose them.
func parseIncident(v *values, i *custos.Incident) {
	i.Title, i.Category = v.str("title"), custos.IncidentCategory(v.str("category"))
	i.Date, i.DateEnd = v.date("date", "date"), v.date("date_end", "date_end")
	i.DatePrecision = custos.DatePrecision(v.str("date_precision"))
	i.Place.Country, i.Place.Admin1, i.Place.Admin2 = v.str("place.country"), v.str("place.admin1"), v.str("place.admin2")
	i.Place.Location = v.str("place.location")
	i.Place.Latitude, i.Place.Longitude = v.float("place.latitude"), v.float("place.longitude")
	i.Place.Precision = custos.LocationPrecision(v.str("place.precision"))
	old := i.Perpetrators
	i.Perpetrators = nil
	for k, n := 0, v.rows("perpetrators"); k < n; k++ {
		if v.blank("perpetrators", k, ".actor_id", ".person_id", ".name") {
			continue
		}
		j := len(i.Perpetrators)
		at := func(s string) (string, string) {
			return fmt.Sprintf("perpetrators[%d].%s", k, s), fmt.Sprintf("perpetrators[%d].%s", j, s)
		}
		p := custos.Perpetrator{Name: v.str(fmt.Sprintf("perpetrators[%d].name", k)), Role: custos.PerpetratorRole(v.str(fmt.Sprintf("perpetrators[%d].role", k)))}
		p.ActorID = v.int64(at("actor_id"))
		p.PersonID = v.int64(at("person_id"))
		if k < len(old) && old[k].Name == p.Name && p.ActorID == 0 {
			p.SuggestedActorID, p.SuggestionScore = old[k].SuggestedActorID, old[k].SuggestionScore
		}
		i.Perpetrators = append(i.Perpetrators, p)
	}
	i.Victims.Killed = v.estimate("victims.killed")
	i.Victims.Injured = v.estimate("victims.injured")
	i.Victims.Women, i.Victims.Children = v.count("victims.women"), v.count("victims.children")
	i.Sources = nil
	for k, n := 0, v.rows("sources"); k < n; k++ {
		if v.blank("sources", k, ".type", ".name", ".url", ".reference", ".date") {
			continue
		}
		j := len(i.Sources)
		in := func(s string) string { return fmt.Sprintf("sources[%d].%s", k, s) }
		out := func(s string) string { return fmt.Sprintf("sources[%d].%s", j, s) }
		x := custos.IncidentSource{Type: custos.SourceType(v.str(in("type"))), Name: v.str(in("name")), URL: v.str(in("url")),
			Reference: v.str(in("reference")), Reliability: v.str(in("reliability"))}
		x.Date = v.date(in("date"), out("date"))
		x.Credibility = int(v.int64(in("credibility"), out("credibility")))
		if s := v.str(in("releasability")); s != "" {
			r, err := custos.ParseReleasability(s)
			if err != nil {
				v.errs[out("releasability")] = custos.ErrorMessage(err)
			}
			x.Releasability = r
		}
		i.Sources = append(i.Sources, x)
	}
	i.Description = v.text("description")
	if r := v.releasability("releasability"); r != 0 {
		i.Releasability = r
	}
}

// float reads a decimal number such as a coordinate; "" is nil.
func (v *values) float(name string) *float64 {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return nil
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64)
	if err != nil {
		v.errs[name] = fmt.Sprintf("%q is not a number of degrees such as 12.65", s)
		v.raw[name] = s
		return nil
	}
	return &f
}

// count reads an optional count; "" is nil (not known), which is not 0.
func (v *values) count(name string) *int {
	if strings.TrimSpace(v.Get(name)) == "" {
		return nil
	}
	n := int(v.int64(name, name))
	return &n
}

// estimate reads best, low and high. Only a best figure is a single
// figure: Normalize in the store makes low and high equal to it.
func (v *values) estimate(key string) custos.Estimate {
	return custos.Estimate{Best: int(v.int64(key+".best", key+".best")), Low: int(v.int64(key+".low", key+".low")),
		High: int(v.int64(key+".high", key+".high"))}
}

func floatText(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}

func intText(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

// sourceTypeLabel names a source type for people: "ngo_report" is "NGO
// report", not "Ngo report".
func sourceTypeLabel(t custos.SourceType) string {
	switch t {
	case "ngo_report":
		return "NGO report"
	case "un_report":
		return "UN report"
	case "civil_society_intake":
		return "Civil-society intake form"
	}
	return label(t)
}

func sourceTypeOptions() []option {
	out := []option{{"", "Choose a type"}}
	for _, t := range custos.SourceTypes {
		out = append(out, option{string(t), sourceTypeLabel(t)})
	}
	return out
}

// precisionLabel says how well a place is known, in words.
func precisionLabel(p custos.LocationPrecision) string {
	switch p {
	case "exact":
		return "The exact spot"
	case "near":
		return "Near a named place (within about 25 km)"
	case "admin2":
		return "The district (second-level area)"
	case "admin1":
		return "The region (first-level area)"
	case "country":
		return "The country only"
	}
	return label(p)
}

func precisionOptions() []option {
	out := []option{{"", "Work it out from the fields"}}
	for _, p := range custos.LocationPrecisions {
		out = append(out, option{string(p), precisionLabel(p)})
	}
	return out
}
