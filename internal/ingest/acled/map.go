package acled

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/atlas"
)

// ACLED's actor types (inter1 and inter2), as numbers in older exports and
// as words in newer ones.
const (
	interStateForces = 1
	interRebelGroup  = 2
	interPolMilitia  = 3
	interIdMilitia   = 4
	interRioters     = 5
	interProtesters  = 6
	interCivilians   = 7
	interExternal    = 8
)

var interNames = map[string]int{
	"state forces": interStateForces, "rebel group": interRebelGroup,
	"political militia": interPolMilitia, "identity militia": interIdMilitia,
	"rioters": interRioters, "protesters": interProtesters, "civilians": interCivilians,
	"external/other forces": interExternal, "external/other force": interExternal,
}

func interType(s string) int {
	if n, err := strconv.Atoi(s); err == nil && n >= 1 && n <= 8 {
		return n
	}
	return interNames[strings.ToLower(s)]
}

// victimSide reports whether an actor type is one that ACLED codes as the
// harmed party: civilians and peaceful protesters.
func victimSide(inter int) bool { return inter == interCivilians || inter == interProtesters }

// Category maps an ACLED event to an incident category:
//
//	Sexual violence                      sexual_violence
//	Abduction/forced disappearance       enforced_disappearance
//	Arrests                              arbitrary_detention
//	Attack, by state forces, with deaths extrajudicial_killing
//	Excessive force against protesters,
//	  battles, explosions, remote violence civilian_harm_operations
//	anything else                        other
//
// An attack on civilians by a non-state group, or by state forces without
// deaths (a beating, looting), is "other": the notes say what happened and an
// analyst recategorizes. ACLED has no category for torture.
func Category(eventType, subEventType string, inter1, fatalities int) custos.IncidentCategory {
	switch strings.ToLower(subEventType) {
	case "sexual violence":
		return "sexual_violence"
	case "abduction/forced disappearance":
		return "enforced_disappearance"
	case "arrests":
		return "arbitrary_detention"
	case "attack":
		if inter1 == interStateForces && fatalities > 0 {
			return "extrajudicial_killing"
		}
		return "other"
	case "excessive force against protesters":
		return "civilian_harm_operations"
	}
	switch strings.ToLower(eventType) {
	case "battles", "explosions/remote violence":
		return "civilian_harm_operations"
	}
	return "other"
}

// eventTypes is ACLED's closed list of event types, each with its
// sub-event types (ACLED codebook, 2023), in lower case.
var eventTypes = map[string][]string{
	"battles": {"armed clash", "government regains territory", "non-state actor overtakes territory"},
	"explosions/remote violence": {"chemical weapon", "air/drone strike", "suicide bomb",
		"shelling/artillery/missile attack", "remote explosive/landmine/ied", "grenade"},
	"violence against civilians": {"sexual violence", "attack", "abduction/forced disappearance"},
	"protests":                   {"peaceful protest", "protest with intervention", "excessive force against protesters"},
	"riots":                      {"violent demonstration", "mob violence"},
	"strategic developments": {"agreement", "arrests", "change to group/activity", "disrupted weapons use",
		"headquarters or base established", "looting/property destruction", "non-violent transfer of territory", "other"},
}

// eventTypeNames lists the event types as ACLED writes them, for errors.
const eventTypeNames = "Battles, Violence against civilians, Explosions/Remote violence, Riots, Protests or Strategic developments"

// checkEventType returns why an event type and sub-event type are not
// ACLED's, or "" when they are. Case does not matter; an empty sub-event
// type is let pass, as the event type then names the event.
func checkEventType(eventType, subType string) (column, reason string) {
	subs, ok := eventTypes[strings.ToLower(eventType)]
	if !ok {
		if eventType == "" {
			return "event_type", "is required: one of " + eventTypeNames
		}
		return "event_type", "is not an ACLED event type: want " + eventTypeNames
	}
	if subType != "" && !slices.Contains(subs, strings.ToLower(subType)) {
		return "sub_event_type", "is not a sub-event type of " + eventType + " in the ACLED codebook"
	}
	return "", ""
}

var timePrecisions = map[string]custos.DatePrecision{"": "day", "1": "day", "2": "week", "3": "month"}

// geo_precision 1 is the exact town, 2 a place near or part of it, 3 a
// larger region (ACLED then uses its capital's coordinates).
var geoPrecisions = map[string]custos.LocationPrecision{"": "", "1": "exact", "2": "near", "3": "admin1"}

// dateLayouts are the event_date forms met in ACLED files: the API's ISO
// form, the export tool's "2 January 2006" and the codebook's dd-mm-yyyy.
var dateLayouts = []string{"2006-01-02", "2 January 2006", "02-01-2006", "2-Jan-06", "02/01/2006"}

func parseDate(s string) (custos.Date, bool) {
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return custos.DateOf(t), true
		}
	}
	return custos.Date{}, false
}

// fieldColumns names the column behind each incident field, so that a
// validation failure is reported against the column the user can fix.
var fieldColumns = map[string]string{
	"title": "sub_event_type", "description": "notes", "category": "sub_event_type",
	"date": "event_date", "date_end": "event_date", "date_precision": "time_precision",
	"place.country": "iso", "place.admin1": "admin1", "place.admin2": "admin2",
	"place.admin3": "admin3", "place.location": "location", "place.latitude": "latitude",
	"place.longitude": "longitude", "place.precision": "geo_precision",
	"victims.killed.best": "fatalities", "victims.killed.low": "fatalities", "victims.killed.high": "fatalities",
	"source.key": "event_id_cnty",
}

func columnOf(field string) string {
	if c, ok := fieldColumns[field]; ok {
		return c
	}
	if strings.HasPrefix(field, "perpetrators[") {
		return "actor1"
	}
	if strings.HasPrefix(field, "sources[") {
		return "source"
	}
	return field
}

type mapper struct {
	file string
	cols columns
	now  time.Time
}

// row maps one record.
func (m *mapper) row(rec []string, line int) Row {
	row := Row{Line: line}
	get := func(name string) string { return m.cols.get(rec, name) }
	bad := func(col, value, reason string) {
		row.Errors = append(row.Errors, &RowError{File: m.file, Line: line, Column: col, Value: value, Reason: reason})
	}
	in := &row.Incident
	key := get("event_id_cnty")
	if key == "" {
		bad("event_id_cnty", "", "is required")
	}
	in.Source = &custos.SourceRef{Dataset: Dataset, Key: key, File: m.file, Row: line}

	if s := get("event_date"); s == "" {
		bad("event_date", s, "is required")
	} else if d, ok := parseDate(s); ok {
		in.Date = d
	} else {
		bad("event_date", s, "is not a date such as 2023-03-19 or 19 March 2023")
	}
	tp := get("time_precision")
	if p, ok := timePrecisions[tp]; ok {
		in.DatePrecision = p
	} else {
		bad("time_precision", tp, "is not 1 (day), 2 (week) or 3 (month)")
	}

	in.Place.Country = countryCode(get("iso"), get("country"))
	if in.Place.Country == "" {
		bad("country", get("country"), "is not a country known by that name or by the ISO number "+strconv.Quote(get("iso")))
	}
	in.Place.Admin1, in.Place.Admin2, in.Place.Admin3 = get("admin1"), get("admin2"), get("admin3")
	in.Place.Location = get("location")
	lat, lon := get("latitude"), get("longitude")
	if lat != "" || lon != "" {
		la, err1 := strconv.ParseFloat(lat, 64)
		lo, err2 := strconv.ParseFloat(lon, 64)
		switch {
		case err1 != nil:
			bad("latitude", lat, "is not a number")
		case err2 != nil:
			bad("longitude", lon, "is not a number")
		default:
			in.Place.Latitude, in.Place.Longitude = &la, &lo
		}
	}
	gp := get("geo_precision")
	if p, ok := geoPrecisions[gp]; ok {
		in.Place.Precision = p
	} else {
		bad("geo_precision", gp, "is not 1 (exact), 2 (near) or 3 (region)")
	}

	fs := get("fatalities")
	fatalities, err := strconv.Atoi(fs)
	if fs != "" && (err != nil || fatalities < 0) {
		bad("fatalities", fs, "is not a whole number of zero or more")
		fatalities = 0
	}
	inter1, inter2 := interType(get("inter1")), interType(get("inter2"))
	civilians := victimSide(inter1) || victimSide(inter2) || get("civilian_targeting") != ""
	if civilians {
		in.Victims.Killed = custos.Point(fatalities)
	} else {
		// Outside events that target civilians ACLED does not say who died,
		// so the civilian toll is somewhere between none and all.
		in.Victims.Killed = custos.Estimate{High: fatalities}
	}

	eventType, subType := get("event_type"), get("sub_event_type")
	if col, reason := checkEventType(eventType, subType); col != "" {
		bad(col, get(col), reason)
	}
	in.Category = Category(eventType, subType, inter1, fatalities)
	m.perpetrators(&row, get("actor1"), get("assoc_actor_1"), inter1, get("actor2"), get("assoc_actor_2"), inter2)

	title := subType
	if title == "" {
		title = eventType
	}
	if loc := in.Place.Location; loc != "" {
		title += ": " + loc
	}
	in.Title = truncate(title, custos.MaxNameLen)
	desc := get("notes")
	if tags := get("tags"); tags != "" {
		desc += "\n\nTags: " + tags
	}
	in.Description = truncate(desc, custos.MaxTextLen)
	ref := get("source")
	if sc := get("source_scale"); sc != "" {
		ref += " (" + sc + ")"
	}
	// ACLED codes each event from the reports it names; we grade ACLED as
	// usually reliable (B) and an event it codes as possibly true (3) until
	// an analyst has read the reports.
	in.Sources = []custos.IncidentSource{{
		Type: "dataset", Name: "ACLED", Reference: truncate(ref, custos.MaxTextLen),
		Reliability: "B", Credibility: 3, Releasability: custos.Internal,
	}}
	in.Releasability = custos.Internal
	in.Normalize()
	if len(row.Errors) > 0 {
		return row
	}
	err = in.ValidateAt(m.now)
	if err == nil {
		err = in.CheckBounds(atlas.CountryBounds())
	}
	if err != nil {
		if e, ok := err.(*custos.Error); ok {
			for _, field := range sortedKeys(e.Fields) {
				bad(columnOf(field), "", field+" "+e.Fields[field])
			}
		} else {
			bad("", "", err.Error())
		}
	}
	return row
}

// perpetrators lists the named actors of each side that is not itself the
// harmed party. When one side is civilians or protesters the other side did
// it ("direct"; its associated actors "support"); when both sides are armed,
// ACLED does not say who harmed whom and each actor's role is "unknown".
func (m *mapper) perpetrators(row *Row, a1, assoc1 string, inter1 int, a2, assoc2 string, inter2 int) {
	oneSided := victimSide(inter1) != victimSide(inter2)
	add := func(name string, role custos.PerpetratorRole) {
		name = strings.TrimSpace(name)
		if name == "" {
			return
		}
		if !oneSided {
			role = "unknown"
		}
		row.Perpetrators = append(row.Perpetrators, name)
		row.Incident.Perpetrators = append(row.Incident.Perpetrators,
			custos.Perpetrator{Name: truncate(name, custos.MaxNameLen), Role: role})
	}
	side := func(actor, assoc string, inter int) {
		if victimSide(inter) || (inter == 0 && strings.HasPrefix(actor, "Civilians")) {
			return
		}
		add(actor, "direct")
		if assoc != "" {
			for _, a := range strings.Split(assoc, ";") {
				add(a, "support")
			}
		}
	}
	side(a1, assoc1, inter1)
	side(a2, assoc2, inter2)
}

// truncate shortens s to at most n characters, keeping valid UTF-8.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
