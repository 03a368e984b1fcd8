package hxl

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/atlas"
)

type mapper struct {
	file, dataset string
	cols          *columns
	now           time.Time
	seen          map[string]int // how many rows of the file had each content key so far
}

// columnOf names the column that stands behind an incident field, so that
// a validation failure names the hashtag the user can fix.
func (m *mapper) columnOf(field string) string {
	c := m.cols
	var i int
	switch {
	case field == "title":
		i = c.title
	case field == "description":
		if len(c.descriptions) > 0 {
			i = c.descriptions[0]
		}
	case field == "date":
		i = c.date
	case field == "date_end":
		i = c.dateEnd
	case field == "place.country":
		i = max(c.countryCode, c.countryName)
	case field == "place.admin1":
		i = c.adm1
	case field == "place.admin2":
		i = c.adm2
	case field == "place.admin3":
		i = c.adm3
	case field == "place.location":
		i = c.loc
	case field == "place.latitude":
		i = c.lat
	case field == "place.longitude":
		i = c.lon
	case strings.HasPrefix(field, "victims.killed"):
		i = c.killed
	case strings.HasPrefix(field, "victims.injured"):
		i = c.injured
	case field == "source.key":
		i = c.key
	case strings.HasPrefix(field, "perpetrators[") && len(c.actors) > 0:
		i = c.actors[0]
	default:
		return field
	}
	if i < 0 || i >= len(c.tags) {
		return field
	}
	return c.tags[i].String()
}

func (m *mapper) row(rec []string, line int) Row {
	row := Row{Line: line}
	c := m.cols
	get := func(i int) string {
		if i < 0 || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	bad := func(i int, reason string) {
		col := ""
		if i >= 0 {
			col = c.tags[i].String()
		}
		row.Errors = append(row.Errors, &RowError{File: m.file, Line: line, Column: col, Value: get(i), Reason: reason})
	}
	in := &row.Incident
	// The key is set below, once the row is mapped: a row without an id is
	// keyed by what it says (see contentKey).
	in.Source = &custos.SourceRef{Dataset: m.dataset, File: m.file, Row: line, URL: get(c.url)}

	if s := get(c.date); s == "" {
		bad(c.date, "is required")
	} else if d, p, ok := parseDate(s); ok {
		in.Date, in.DatePrecision = d, p
	} else {
		bad(c.date, "is not a date such as 2023-03-19, 2023-03 or 2023")
	}
	if s := get(c.dateEnd); s != "" {
		if d, _, ok := parseDate(s); ok {
			in.DateEnd = d
		} else {
			bad(c.dateEnd, "is not a date such as 2023-03-19")
		}
	}

	if s := get(c.countryCode); s != "" {
		if in.Place.Country = countryCode(s); in.Place.Country == "" {
			bad(c.countryCode, "is not an ISO 3166-1 code")
		}
	} else if s := get(c.countryName); s != "" {
		if in.Place.Country = countryCode(s); in.Place.Country == "" {
			bad(c.countryName, "is not a country we know by that name")
		}
	} else {
		bad(max(c.countryCode, c.countryName), "is required")
	}
	in.Place.Admin1, in.Place.Admin2, in.Place.Admin3 = get(c.adm1), get(c.adm2), get(c.adm3)
	in.Place.Location = get(c.loc)
	if lat, lon := get(c.lat), get(c.lon); lat != "" || lon != "" {
		la, err1 := strconv.ParseFloat(lat, 64)
		lo, err2 := strconv.ParseFloat(lon, 64)
		switch {
		case err1 != nil:
			bad(c.lat, "is not a number of degrees")
		case err2 != nil:
			bad(c.lon, "is not a number of degrees")
		default:
			in.Place.Latitude, in.Place.Longitude = &la, &lo
		}
	}

	count := func(i int) (int, bool) {
		s := get(i)
		if s == "" {
			return 0, false
		}
		n, ok := parseCount(s)
		if !ok {
			bad(i, "is not a whole number of zero or more")
		}
		return n, ok
	}
	killed, _ := count(c.killed)
	injured, _ := count(c.injured)
	in.Victims.Killed, in.Victims.Injured = custos.Point(killed), custos.Point(injured)
	sum := func(cols []int) *int {
		total, known := 0, false
		for _, i := range cols {
			if n, ok := count(i); ok {
				total, known = total+n, true
			}
		}
		if !known {
			return nil
		}
		return &total
	}
	in.Victims.Women, in.Victims.Children = sum(c.women), sum(c.children)

	eventType := get(c.eventType)
	var known bool
	in.Category, known = category(eventType)
	for _, i := range c.actors {
		for _, name := range strings.Split(get(i), ";") {
			if name = strings.TrimSpace(name); name != "" {
				row.Perpetrators = append(row.Perpetrators, name)
				in.Perpetrators = append(in.Perpetrators, custos.Perpetrator{Name: truncate(name, custos.MaxNameLen), Role: "unknown"})
			}
		}
	}

	title := get(c.title)
	if title == "" {
		title = eventType
		if title == "" {
			title = "Incident"
		}
		for _, where := range []string{in.Place.Location, in.Place.Admin2, in.Place.Admin1, in.Place.Country} {
			if where != "" {
				title += " in " + where
				break
			}
		}
	}
	in.Title = truncate(title, custos.MaxNameLen)
	var desc []string
	if !known && eventType != "" {
		// An event type that is no Custos category is kept, first, so that
		// an analyst sees what the table said and no length limit drops it.
		desc = append(desc, "Event type as recorded: "+eventType+" (no Custos category matches it, so the incident is filed as other).")
	}
	for _, i := range c.descriptions {
		if s := get(i); s != "" {
			desc = append(desc, s)
		}
	}
	in.Description = truncate(strings.Join(desc, "\n\n"), custos.MaxTextLen)
	if name, url := get(c.source), get(c.url); name != "" || url != "" {
		// The table does not say what kind of source it cites or how good
		// it is: "other", graded F6 (cannot be judged) until an analyst
		// grades it.
		in.Sources = []custos.IncidentSource{{Type: "other", Name: truncate(name, custos.MaxNameLen), URL: url}}
	}
	if in.Source.Key = get(c.key); in.Source.Key == "" {
		in.Source.Key = m.contentKey(in, row.Perpetrators, get)
	}
	in.Normalize()
	if len(row.Errors) > 0 {
		return row
	}
	err := in.ValidateAt(m.now)
	if err == nil {
		err = in.CheckBounds(atlas.CountryBounds())
	}
	if err != nil {
		if e, ok := err.(*custos.Error); ok {
			for _, field := range sortedKeys(e.Fields) {
				row.Errors = append(row.Errors, &RowError{File: m.file, Line: line, Column: m.columnOf(field), Reason: field + " " + e.Fields[field]})
			}
		} else {
			row.Errors = append(row.Errors, &RowError{File: m.file, Line: line, Reason: err.Error()})
		}
	}
	return row
}

// contentKey returns the source key of a row without an id: "row:" and the
// first 20 hex digits of the SHA-256 of what the row says, the fields that
// make up the incident, each normalised (dates, countries, counts and
// coordinates as mapped; text trimmed, its spaces collapsed and lower-cased).
// The n-th row of the file with the same content, from the second on, gets
// "#n" after it, counted in file order.
//
// The key depends neither on the file's name nor on the row's position, so
// that a re-import updates the incident a row made before, even when rows
// were added above it, and never gives one row's incident (its verification
// and history) the data of another row, or of a file of the same name.
// Keying by the line did both (a file re-imported with a row added at the
// top shifted every incident onto its neighbour's data; two countries'
// files named incidents.csv replaced each other's incidents).
//
// The price: a row without an id that is edited between two imports (a
// toll corrected, a place respelt) is a new incident, and the incident of
// its earlier version stays as it was, for an analyst to merge or reject.
// It is never overwritten with data its verification was not given for.
// A table that wants its rows updated in place gives them an id column
// (#meta+id, #event+id or #event+code).
func (m *mapper) contentKey(in *custos.Incident, actors []string, get func(int) string) string {
	c := m.cols
	text := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	texts := func(cols []int) string {
		var vs []string
		for _, i := range cols {
			vs = append(vs, text(get(i)))
		}
		return strings.Join(vs, "\x00")
	}
	coord := func(f *float64) string {
		if f == nil {
			return ""
		}
		return strconv.FormatFloat(*f, 'g', -1, 64)
	}
	count := func(n *int) string {
		if n == nil {
			return ""
		}
		return strconv.Itoa(*n)
	}
	var names []string
	for _, a := range actors {
		names = append(names, text(a))
	}
	// Each field is named and its value quoted, so that two rows that
	// differ never hash the same bytes; the version line keeps the keys of
	// any later scheme apart from these.
	fields := []struct{ name, value string }{
		{"date", in.Date.String() + "/" + string(in.DatePrecision)},
		{"date_end", in.DateEnd.String()},
		{"country", in.Place.Country},
		{"admin1", text(in.Place.Admin1)},
		{"admin2", text(in.Place.Admin2)},
		{"admin3", text(in.Place.Admin3)},
		{"location", text(in.Place.Location)},
		{"latitude", coord(in.Place.Latitude)},
		{"longitude", coord(in.Place.Longitude)},
		{"type", text(get(c.eventType))},
		{"title", text(get(c.title))},
		{"actors", strings.Join(names, "\x00")},
		{"killed", strconv.Itoa(in.Victims.Killed.Best)},
		{"injured", strconv.Itoa(in.Victims.Injured.Best)},
		{"women", count(in.Victims.Women)},
		{"children", count(in.Victims.Children)},
		{"description", texts(c.descriptions)},
		{"source", text(get(c.source))},
		{"url", get(c.url)},
	}
	h := sha256.New()
	io.WriteString(h, "hxl-row-v1\n")
	for _, f := range fields {
		io.WriteString(h, f.name+"="+strconv.Quote(f.value)+"\n")
	}
	key := "row:" + hex.EncodeToString(h.Sum(nil))[:20]
	if m.seen == nil {
		m.seen = map[string]int{}
	}
	m.seen[key]++
	if n := m.seen[key]; n > 1 {
		key += "#" + strconv.Itoa(n)
	}
	return key
}
