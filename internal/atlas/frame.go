package atlas

import (
	"fmt"
	"html"
	"math"
	"strings"
)

// frame places longitudes and latitudes on an SVG canvas: an
// equirectangular projection around a centre, with longitudes shrunk by
// the cosine of the centre's latitude so that shapes keep about their
// proportions away from the equator.
type frame struct {
	cx, cy, k, scale float64
	width, height    int
	view             box     // the extent the canvas shows
	skip             float64 // points closer than this to the last drawn are left out
}

// newFrame fits extent b, padded by pad (a share of its size) and at least
// minDeg degrees wide, into a canvas of width by height.
func newFrame(b box, pad, minDeg float64, width, height int) frame {
	cx, cy := (b.minLon+b.maxLon)/2, (b.minLat+b.maxLat)/2
	k := math.Max(math.Cos(cy*math.Pi/180), 0.2)
	w := math.Max((b.maxLon-b.minLon)*k*(1+pad), minDeg)
	h := math.Max((b.maxLat-b.minLat)*(1+pad), minDeg*float64(height)/float64(width))
	if w/h > float64(width)/float64(height) {
		h = w * float64(height) / float64(width)
	} else {
		w = h * float64(width) / float64(height)
	}
	return frame{cx: cx, cy: cy, k: k, scale: float64(width) / w, width: width, height: height,
		view: box{cx - w/2/k, cy - h/2, cx + w/2/k, cy + h/2}, skip: 0.5}
}

// worldFrame shows the inhabited world, without Antarctica, unshrunk.
func worldFrame(width, height int) frame {
	f := newFrame(box{-170, -58, 190, 84}, 0, 0, width, height)
	f.skip = 1.2
	return f
}

// xy returns the canvas position of a point.
func (f frame) xy(p point) (float64, float64) {
	return (p.lon-f.cx)*f.k*f.scale + float64(f.width)/2, (f.cy-p.lat)*f.scale + float64(f.height)/2
}

// path returns the SVG path data of the feature's polygons that the frame
// shows, "" when it shows none. Points closer than f.skip units to the
// last one drawn are left out, which keeps world maps small.
func (f frame) path(feat *Feature) string {
	var d strings.Builder
	for _, p := range feat.Polygons {
		if !polygonBox(p).overlaps(f.view) {
			continue
		}
		for _, r := range p {
			var lx, ly, shift, prev float64
			n := 0
			for i, pt := range r {
				// Keep the ring continuous across the antimeridian
				// (Russia, Fiji): a jump of more than half the globe is
				// a crossing, not a line across the map.
				lon := pt.lon + shift
				switch {
				case i > 0 && lon-prev > 180:
					shift, lon = shift-360, lon-360
				case i > 0 && lon-prev < -180:
					shift, lon = shift+360, lon+360
				}
				prev = lon
				x, y := f.xy(point{lon, pt.lat})
				if i > 0 && i < len(r)-1 && math.Abs(x-lx) < f.skip && math.Abs(y-ly) < f.skip {
					continue
				}
				if n == 0 {
					fmt.Fprintf(&d, "M%.1f %.1f", x, y)
				} else {
					fmt.Fprintf(&d, "L%.1f %.1f", x, y)
				}
				lx, ly, n = x, y, n+1
			}
			d.WriteString("Z")
		}
	}
	return d.String()
}

// svgOpen starts an SVG map with its title and description, labelled for
// assistive technology by ids made from id.
func svgOpen(sb *strings.Builder, class, id, title, desc string, width, height int) {
	fmt.Fprintf(sb, `<svg class="%s" viewBox="0 0 %d %d" width="%d" height="%d" aria-labelledby="%s-title %s-desc" xmlns="http://www.w3.org/2000/svg">`,
		class, width, height, width, height, id, id)
	fmt.Fprintf(sb, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, id, html.EscapeString(title), id, html.EscapeString(desc))
	fmt.Fprintf(sb, `<rect class="map-sea" width="%d" height="%d"/>`, width, height)
}

// Boundaries is the note every map carries on its sources.
const Boundaries = "Natural Earth boundaries at 1:110 million; boundaries are approximate and imply no position on disputes."

// link wraps SVG content in a link with a tooltip title, or only the
// title when href is empty.
func link(sb *strings.Builder, href, title, content string) {
	if href != "" {
		fmt.Fprintf(sb, `<a href="%s">`, html.EscapeString(href))
	}
	// The title goes inside the shape so that it is the shape's tooltip
	// and, in a link, the link's accessible name.
	i := strings.LastIndex(content, "/>")
	fmt.Fprintf(sb, "%s><title>%s</title>%s", content[:i], html.EscapeString(title), closing(content[:i]))
	if href != "" {
		sb.WriteString(`</a>`)
	}
}

// closing returns the end tag of the element that content opens.
func closing(content string) string {
	name := strings.TrimPrefix(content, "<")
	if i := strings.IndexAny(name, " >"); i >= 0 {
		name = name[:i]
	}
	return "</" + name + ">"
}
