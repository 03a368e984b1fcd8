package atlas

import (
	"cmp"
	"fmt"
	"html"
	"html/template"
	"math"
	"slices"
	"strings"
)

// Mark is a figure at a place on a country map: one incident, or the
// incidents of an area drawn at the mean of their coordinates.
type Mark struct {
	Lat, Lon float64
	Value    int    // the circle's area grows with it; 0 draws the smallest circle
	Kind     string // MarkPoint, MarkApprox or MarkArea
	Href     string // where the mark links, "" for no link
	Label    string // the tooltip and the link's name
}

// Kinds of marks, each with its own class (map-point, map-point--approx,
// map-symbol) for the stylesheet.
const (
	MarkPoint  = "point"  // an incident placed to within about 25 km
	MarkApprox = "approx" // an incident placed only to an area's centre
	MarkArea   = "area"   // an area's incidents at their mean position
)

var markClass = map[string]string{MarkPoint: "map-point", MarkApprox: "map-point map-point--approx", MarkArea: "map-symbol"}

// Radii of the circles, in SVG units: the smallest, and the largest,
// given to the largest value.
const (
	minRadius = 3.0
	maxRadius = 18.0
)

// radius returns the circle radius of v, so that areas are proportional
// to values above the smallest circle.
func radius(v, max int) float64 {
	if max <= 0 || v <= 0 {
		return minRadius
	}
	return minRadius + (maxRadius-minRadius)*math.Sqrt(float64(v)/float64(max))
}

// MarksSVG draws marks over a country's outline (the country with the ISO
// numeric code, among its neighbours), largest first so that small marks
// stay on top and clickable. unit names what the circles' areas show, for
// the legend. It fails when the atlas has no such country.
func MarksSVG(id, numeric, title, desc, unit string, marks []Mark, width, height int) (template.HTML, error) {
	feats, err := world()
	if err != nil {
		return "", err
	}
	target := -1
	for i := range feats {
		if numeric != "" && feats[i].ID == numeric {
			target = i
			break
		}
	}
	if target < 0 {
		return "", fmt.Errorf("atlas: no country with ISO numeric code %q", numeric)
	}
	extent := focus(feats[target])
	for _, m := range marks {
		extent.add(point{m.Lon, m.Lat})
	}
	fr := newFrame(extent, 0.15, 6, width, height)
	var sb strings.Builder
	svgOpen(&sb, "incident-map", id, title, desc+" "+Boundaries, width, height)
	for i := range feats {
		class := "map-land"
		if i == target {
			class = "map-country"
		}
		if d := fr.path(&feats[i]); d != "" {
			fmt.Fprintf(&sb, `<path class="%s" d="%s"/>`, class, d)
		}
	}
	max := 0
	for _, m := range marks {
		max = int(math.Max(float64(max), float64(m.Value)))
	}
	order := slices.Clone(marks)
	slices.SortStableFunc(order, func(a, b Mark) int { return cmp.Compare(b.Value, a.Value) })
	for _, m := range order {
		class, ok := markClass[m.Kind]
		if !ok {
			class = markClass[MarkPoint]
		}
		x, y := fr.xy(point{m.Lon, m.Lat})
		link(&sb, m.Href, m.Label, fmt.Sprintf(`<circle class="%s" cx="%.1f" cy="%.1f" r="%.1f"/>`, class, x, y, radius(m.Value, max)))
	}
	legendClass := markClass[MarkArea]
	for _, m := range marks {
		if m.Kind != MarkArea {
			legendClass = markClass[MarkPoint]
		}
	}
	sizeLegend(&sb, unit, legendClass, max, height)
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String()), nil
}

// sizeLegend shows the circle of the largest value and of a smaller one.
func sizeLegend(sb *strings.Builder, unit, class string, max, height int) {
	if max <= 0 || unit == "" {
		return
	}
	values := []int{max}
	if small := max / 10; small > 0 {
		values = append(values, small)
	}
	y := float64(height) - 8 - 2*maxRadius
	fmt.Fprintf(sb, `<g class="map-legend"><rect class="map-legend__box" x="6" y="%.0f" width="%d" height="%.0f"/>`, y-16, 60+70*len(values), 2*maxRadius+20)
	fmt.Fprintf(sb, `<text class="map-legend__text" x="12" y="%.0f">%s</text>`, y-4, html.EscapeString(capital(unit)))
	cx := 12 + maxRadius
	for _, v := range values {
		r := radius(v, max)
		fmt.Fprintf(sb, `<circle class="%s" cx="%.1f" cy="%.1f" r="%.1f"/><text class="map-legend__text" x="%.1f" y="%.1f">%d</text>`,
			class, cx, y+2*maxRadius-r, r, cx+r+4, y+2*maxRadius-4, v)
		cx += 2*r + 40
	}
	sb.WriteString(`</g>`)
}
