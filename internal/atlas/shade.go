package atlas

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// Shade is one country's figure on a shaded map.
type Shade struct {
	Numeric string // ISO 3166-1 numeric code
	Name    string
	Value   int
	Href    string // where the country links, "" for no link
	Label   string // the tooltip, such as "Mali: 12 incidents"
}

// MaxBuckets is how many shades a map uses at most, besides zero.
const MaxBuckets = 5

// Buckets returns the upper bounds of the shades for values up to max:
// one per value up to MaxBuckets, else steps that grow geometrically, so
// that a few countries with many incidents do not leave the rest in one
// pale shade. The last bound is max; none when max is below 1.
func Buckets(max int) []int {
	if max < 1 {
		return nil
	}
	var out []int
	if max <= MaxBuckets {
		for v := 1; v <= max; v++ {
			out = append(out, v)
		}
		return out
	}
	for k := 1; k <= MaxBuckets; k++ {
		v := int(math.Ceil(math.Pow(float64(max), float64(k)/MaxBuckets) - 1e-9))
		if k == MaxBuckets {
			v = max
		}
		if len(out) == 0 || v > out[len(out)-1] {
			out = append(out, v)
		}
	}
	return out
}

// Bucket returns the shade (1 to len(bounds)) of v, 0 for nothing.
func Bucket(bounds []int, v int) int {
	if v <= 0 {
		return 0
	}
	for i, b := range bounds {
		if v <= b {
			return i + 1
		}
	}
	return len(bounds)
}

// RangeLabel names bucket i of bounds, such as "4–7".
func RangeLabel(bounds []int, i int) string {
	lo := 1
	if i > 0 {
		lo = bounds[i-1] + 1
	}
	if lo == bounds[i] {
		return strconv.Itoa(lo)
	}
	return strconv.Itoa(lo) + "–" + strconv.Itoa(bounds[i])
}

// ShadedSVG draws the countries of shades shaded by value, on a map of the
// region they span or, when they are far apart, of the world, with a
// legend of the shades. unit names the value in the legend ("incidents").
// Classes map-fill-0 to map-fill-5 carry the shades, so that the page's
// stylesheet colours them. It returns the numeric codes it could not draw
// (territories too small for 1:110m), in the order given.
func ShadedSVG(id, title, unit string, shades []Shade, width, height int) (template.HTML, []string, error) {
	feats, err := world()
	if err != nil {
		return "", nil, err
	}
	byID := map[string]int{}
	for i := range feats {
		if feats[i].ID != "" {
			byID[feats[i].ID] = i
		}
	}
	extent, max := emptyBox(), 0
	shaded := map[int]Shade{}
	var missing []string
	for _, s := range shades {
		i, ok := byID[s.Numeric]
		if !ok {
			missing = append(missing, s.Numeric)
			continue
		}
		shaded[i] = s
		f := focus(feats[i])
		extent.add(point{f.minLon, f.minLat})
		extent.add(point{f.maxLon, f.maxLat})
		max = int(math.Max(float64(max), float64(s.Value)))
	}
	fr := worldFrame(width, height)
	scope := "the world"
	if !extent.empty() && extent.maxLon-extent.minLon < 140 && extent.maxLat-extent.minLat < 90 {
		fr = newFrame(extent, 0.25, 20, width, height)
		scope = "the region of the countries shown"
	}
	bounds := Buckets(max)
	var sb strings.Builder
	svgOpen(&sb, "incident-map", id, title, fmt.Sprintf("Map of %s with each country shaded by %s, darker for more; the legend gives the ranges and the table below the same figures. %s", scope, unit, Boundaries), width, height)
	for i := range feats {
		if _, ok := shaded[i]; ok {
			continue
		}
		if d := fr.path(&feats[i]); d != "" {
			fmt.Fprintf(&sb, `<path class="map-land" d="%s"/>`, d)
		}
	}
	for i := range feats {
		s, ok := shaded[i]
		if !ok {
			continue
		}
		d := fr.path(&feats[i])
		if d == "" {
			continue
		}
		label := s.Label
		if label == "" {
			label = fmt.Sprintf("%s: %d %s", s.Name, s.Value, unit)
		}
		link(&sb, s.Href, label, fmt.Sprintf(`<path class="map-fill-%d" d="%s"/>`, Bucket(bounds, s.Value), d))
	}
	legend(&sb, unit, bounds, height)
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String()), missing, nil
}

// legend draws the shades and their ranges along the bottom left.
func legend(sb *strings.Builder, unit string, bounds []int, height int) {
	if len(bounds) == 0 {
		return
	}
	const step = 62
	w := 12 + step*len(bounds)
	y := height - 42
	fmt.Fprintf(sb, `<g class="map-legend"><rect class="map-legend__box" x="6" y="%d" width="%d" height="36"/>`, y, w)
	fmt.Fprintf(sb, `<text class="map-legend__text" x="12" y="%d">%s</text>`, y+13, html.EscapeString(capital(unit)))
	for i := range bounds {
		x := 12 + step*i
		fmt.Fprintf(sb, `<rect class="map-fill-%d" x="%d" y="%d" width="12" height="12"/><text class="map-legend__text" x="%d" y="%d">%s</text>`,
			i+1, x, y+19, x+15, y+29, RangeLabel(bounds, i))
	}
	sb.WriteString(`</g>`)
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
