package web

import (
	"context"
	"fmt"
	"html/template"
	"net/url"
	"strings"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/atlas"
)

// maxMapPoints is how many incidents a point map plots at most: the ones
// that killed and injured the most.
const maxMapPoints = 300

// Map sizes in SVG units; the stylesheet scales them to the column.
const (
	mapWidth  = 640
	mapHeight = 420
)

// trendMaps is the maps section of the trend page.
type trendMaps struct {
	Countries    template.HTML // shaded countries, when the trend spans several
	CountryTable mapTable
	Points       template.HTML // incidents of one country as points
	PointsNote   string
	Areas        template.HTML // first-level areas, shaded, or as proportional symbols
	AreasShaded  bool          // Areas shades the areas' boundaries
	AreaTable    mapTable
	Note         string // how the areas are drawn
	Missing      string // countries too small for the map
	Narrow       string // why a country's incidents are not placed one by one
}

// mapTable lists the areas of a map with their shade, each linking to its
// trend (or the incidents behind it).
type mapTable struct {
	Caption, Head string
	Located       bool // show the column of incidents with coordinates
	Rows          []mapRow
}

type mapRow struct {
	Name, Href, ListHref string
	Shade                int    // 0 to atlas.MaxBuckets
	ShadeText            string // the shade's range, for those who cannot see it
	Incidents, Killed    string
	Injured, Located     string
}

// shadeMeasure is what the maps shade and size by.
type shadeMeasure struct {
	key, unit string
	value     func(incidents, killed, injured int) int
}

var shadeMeasures = map[string]shadeMeasure{
	"incidents":  {"incidents", "incidents", func(n, _, _ int) int { return n }},
	"casualties": {"casualties", "killed and injured", func(_, k, i int) int { return k + i }},
}

// incidentMaps builds the maps of a trend. q is the page's query, from
// which each country's link is made.
func (s *Server) incidentMaps(ctx context.Context, f custos.TrendFilter, m shadeMeasure, q url.Values) (*trendMaps, error) {
	data, err := s.store.IncidentMap(ctx, f, maxMapPoints)
	if err != nil {
		return nil, err
	}
	base := custos.IncidentFilter{ActorID: f.ActorID, Subunits: f.ActorID != 0, Category: f.Category, Status: f.Status, From: f.From, To: f.To}
	out := &trendMaps{}
	switch len(data.Countries) {
	case 0:
		return out, nil
	case 1:
	default:
		var shades []atlas.Shade
		max := 0
		for _, c := range data.Countries {
			max = maxInt(max, m.value(c.Incidents, c.Killed, c.Injured))
		}
		bounds := atlas.Buckets(max)
		out.CountryTable = mapTable{Caption: "Incidents and civilian casualties by country, most incidents first", Head: "Country"}
		for _, c := range data.Countries {
			v := m.value(c.Incidents, c.Killed, c.Injured)
			cq := url.Values{}
			for k, vs := range q {
				cq[k] = vs
			}
			cq.Del("program_id")
			cq.Set("country", c.Country)
			href := withQuery("/incident-trends", cq)
			lf := base
			lf.Country = c.Country
			name := countryName(c.Country)
			iso, _ := custos.ISOCountry(c.Country)
			shades = append(shades, atlas.Shade{Numeric: iso.Numeric, Name: name, Value: v, Href: href,
				Label: fmt.Sprintf("%s: %s %s", name, formatInt(v), m.unit)})
			out.CountryTable.Rows = append(out.CountryTable.Rows, shadedRow(name, href, withQuery("/incidents", incidentQuery(lf)), c, bounds, v))
		}
		svg, missing, err := atlas.ShadedSVG("map-countries", "Incidents by country: "+m.unit, m.unit, shades, mapWidth, mapHeight)
		if err != nil {
			return nil, err
		}
		out.Countries = svg
		if len(missing) > 0 {
			out.Missing = fmt.Sprintf("%d of the countries are too small for the map's scale; the table lists them.", len(missing))
		}
		return out, nil
	}
	c := data.Countries[0]
	name := countryName(c.Country)
	iso, _ := custos.ISOCountry(c.Country)
	base.Country = c.Country
	max := 0
	for _, a := range data.Areas {
		max = maxInt(max, m.value(a.Incidents, a.Killed, a.Injured))
	}
	bounds := atlas.Buckets(max)
	out.AreaTable = mapTable{Caption: "Incidents and civilian casualties by first-level area of " + name + ", most incidents first", Head: "First-level area", Located: true}
	var areas []atlas.Mark
	var shades []atlas.AreaShade
	for _, a := range data.Areas {
		v := m.value(a.Incidents, a.Killed, a.Injured)
		lf := base
		lf.Admin1, lf.NoAdmin1 = a.Admin1, a.Admin1 == ""
		list := withQuery("/incidents", incidentQuery(lf))
		area := a.Admin1
		if area == "" {
			area = "Area not recorded"
		}
		out.AreaTable.Rows = append(out.AreaTable.Rows, shadedRow(area, list, list, a, bounds, v))
		if a.Admin1 == "" {
			continue
		}
		shades = append(shades, atlas.AreaShade{Name: a.Admin1, Lat: a.Latitude, Lon: a.Longitude, Value: v, Href: list})
		if a.Latitude != nil && a.Longitude != nil {
			areas = append(areas, atlas.Mark{Lat: *a.Latitude, Lon: *a.Longitude, Value: v, Kind: atlas.MarkArea, Href: list,
				Label: fmt.Sprintf("%s: %s %s", area, formatInt(v), m.unit)})
		}
	}
	// The areas' boundaries when the atlas has them, shaded; else a circle
	// per area at the mean position of its incidents.
	svg, unplaced, ok, err := atlas.AreasSVG("map-areas", iso.Numeric, iso.Alpha3, "First-level areas of "+name+": "+m.unit, m.unit, shades, mapWidth, mapHeight)
	if err != nil {
		return nil, err
	}
	if ok {
		out.Areas, out.AreasShaded = svg, true
		out.Note = "Each area of the map is shaded by the figures of the areas recorded in the incidents that bear its name or, when the names differ, that hold the mean position of their incidents."
		if len(unplaced) > 0 {
			var names []string
			for _, k := range unplaced[:min(len(unplaced), 10)] {
				names = append(names, shades[k].Name)
			}
			list := strings.Join(names, ", ")
			if more := len(unplaced) - len(names); more > 0 {
				list += fmt.Sprintf(" and %d more", more)
			}
			out.Note += fmt.Sprintf(" Recorded areas not on the map (a name it does not carry, or one several of its areas share, without coordinates to choose), only in the table: %s.", list)
		}
	}
	if data.Narrow {
		out.AreaTable.Located = false
		out.Narrow = fmt.Sprintf("%s has %s incidents matching these filters, too many to place one by one on a map: choose a period or a category to see them as points. The table gives them by first-level area.",
			name, formatInt(c.Incidents))
		return out, nil
	}
	switch {
	case data.Located == 0:
		out.PointsNote = fmt.Sprintf("None of the %s incidents has coordinates you may see.", formatInt(c.Incidents))
	case len(data.Points) < data.Located:
		out.PointsNote = fmt.Sprintf("The map shows the %s incidents that killed and injured the most, of %s with coordinates (%s in all).",
			formatInt(len(data.Points)), formatInt(data.Located), formatInt(c.Incidents))
	default:
		out.PointsNote = fmt.Sprintf("The map shows all %s incidents with coordinates, of %s in all.", formatInt(data.Located), formatInt(c.Incidents))
	}
	out.PointsNote += " Where a reporter asked for it, an incident is placed no more precisely than they allowed: rounded to 0.1° (about 11 km), or not plotted."
	var marks []atlas.Mark
	for _, p := range data.Points {
		kind := atlas.MarkPoint
		if p.Precision != "exact" && p.Precision != "near" {
			kind = atlas.MarkApprox
		}
		marks = append(marks, atlas.Mark{Lat: p.Latitude, Lon: p.Longitude, Value: p.Killed + p.Injured, Kind: kind,
			Href: fmt.Sprintf("/incidents/%d", p.IncidentID), Label: fmt.Sprintf("%s, %s: %s killed, %s injured (%s)", p.Title, p.Date,
				formatInt(p.Killed), formatInt(p.Injured), precisionLabel(p.Precision))})
	}
	points, err := atlas.MarksSVG("map-points", iso.Numeric, "Incidents in "+name+" with coordinates",
		"Each circle is an incident, its area growing with the people killed and injured; a dashed ring is an incident placed only at the centre of an area.",
		"killed and injured", marks, mapWidth, mapHeight)
	if err != nil {
		// A territory the atlas does not draw: the tables remain.
		out.Missing = name + " is too small for the map's scale; the table lists its areas."
		return out, nil
	}
	out.Points = points
	if out.AreasShaded {
		return out, nil
	}
	out.Areas, err = atlas.MarksSVG("map-areas", iso.Numeric, "First-level areas of "+name+": "+m.unit,
		"Each circle is a first-level area, at the mean position of its incidents with coordinates, its area growing with the "+m.unit+".",
		m.unit, areas, mapWidth, mapHeight)
	if err != nil {
		return nil, err
	}
	out.Note = "The atlas has no first-level boundaries for " + name + ": each area is a circle at the mean position of its incidents with coordinates; the table gives every area, shaded by the same ranges."
	return out, nil
}

// shadedRow is one area of a map table.
func shadedRow(name, href, list string, a custos.MapArea, bounds []int, v int) mapRow {
	r := mapRow{Name: name, Href: href, ListHref: list, Incidents: formatInt(a.Incidents), Killed: formatInt(a.Killed), Injured: formatInt(a.Injured),
		Located: formatInt(a.Located), Shade: atlas.Bucket(bounds, v), ShadeText: "0"}
	if r.Shade > 0 {
		r.ShadeText = atlas.RangeLabel(bounds, r.Shade-1)
	}
	return r
}

func maxInt(a, b int) int {
	if b > a {
		return b
	}
	return a
}
