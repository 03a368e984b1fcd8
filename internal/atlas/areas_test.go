package atlas

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAreaKey(t *testing.T) {
	tests := []struct{ recorded, boundary string }{
		{"Rif Dimashq governorate", "Rif Dimashq"},
		{"Homs governorate", "Homs (Hims)"},
		{"Nord Kivu province", "Nord-Kivu"},
		{"Nīnawá province", "Ninawa"},
		{"Donetsk oblast", "Donets'k"},
		{"Ar Raqqah governorate", "Ar Raqqah"},
		{"Tigray state", "Tigray"},
		{"Région de Mopti", "Mopti"},
		{"Ségou", "Segou"},
	}
	for _, tt := range tests {
		if a, b := AreaKey(tt.recorded), AreaKey(tt.boundary); a != b || a == "" {
			t.Errorf("AreaKey(%q) = %q, AreaKey(%q) = %q, want equal", tt.recorded, a, tt.boundary, b)
		}
	}
	// A kind word that is the whole name, or inside it, stays.
	for _, tt := range []struct{ name, want string }{
		{"Province", "province"},
		{"Eastern province", "eastern"},
		{"Kiev City", "kievcity"},
		{"Western Cape", "westerncape"},
		{"", ""},
		{"(?)", ""},
	} {
		if got := AreaKey(tt.name); got != tt.want {
			t.Errorf("AreaKey(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func ptr(f float64) *float64 { return &f }

func TestMatchAreas(t *testing.T) {
	feats, ok, err := Areas("SYR")
	if err != nil || !ok {
		t.Fatalf("Areas(SYR) = %v, %v", ok, err)
	}
	idx := func(name string) int {
		i := slices.IndexFunc(feats, func(f Feature) bool { return f.Name == name })
		if i < 0 {
			t.Fatalf("no area %q among %d", name, len(feats))
		}
		return i
	}
	shades := []AreaShade{
		{Name: "Idlib governorate", Value: 19},
		{Name: "Deir ez Zor governorate", Lat: ptr(35.33), Lon: ptr(40.14), Value: 7}, // spelt "Dayr Az Zawr" in the boundaries: placed by position
		{Name: "Nowhere governorate", Value: 1},                                       // no name, no position
		{Name: "Nowhere else", Lat: ptr(0), Lon: ptr(0), Value: 1},                    // a position outside every area
	}
	got := matchAreas(feats, shades)
	want := []int{idx("Idlib"), idx("Dayr Az Zawr"), -1, -1}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("matchAreas mismatch (-want +got):\n%s", diff)
	}

	// Two areas of Mozambique are named Maputo, the city and the province:
	// a shade goes to the one holding its mean position, and without one
	// to neither, never to both.
	moz, ok, err := Areas("MOZ")
	if err != nil || !ok {
		t.Fatalf("Areas(MOZ) = %v, %v", ok, err)
	}
	var maputo []int
	for i, f := range moz {
		if f.Name == "Maputo" {
			maputo = append(maputo, i)
		}
	}
	if len(maputo) != 2 {
		t.Fatalf("Mozambique has %d areas named Maputo, want 2", len(maputo))
	}
	got = matchAreas(moz, []AreaShade{
		{Name: "Maputo province", Lat: ptr(-25.40), Lon: ptr(32.80), Value: 4}, // Manhiça
		{Name: "Maputo", Lat: ptr(-25.965), Lon: ptr(32.58), Value: 2},         // the city
		{Name: "Maputo", Value: 1},
	})
	if got[0] < 0 || got[1] < 0 || got[0] == got[1] || !slices.Contains(maputo, got[0]) || !slices.Contains(maputo, got[1]) || got[2] != -1 {
		t.Errorf("matchAreas of the two Maputos = %v, want the province, the city, and -1 (areas %v)", got, maputo)
	}
}

func TestContains(t *testing.T) {
	square := Feature{Polygons: [][]ring{{
		{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}},
		{{4, 4}, {6, 4}, {6, 6}, {4, 6}, {4, 4}}, // a hole
	}}}
	for _, tt := range []struct {
		p    point
		want bool
	}{
		{point{1, 1}, true},
		{point{5, 5}, false}, // in the hole
		{point{11, 5}, false},
		{point{5, -1}, false},
	} {
		if got := contains(&square, tt.p); got != tt.want {
			t.Errorf("contains(%v) = %v, want %v", tt.p, got, tt.want)
		}
	}
}

func TestAreas(t *testing.T) {
	// SSD, PSE and ESH are spelt SDS, PSX and SAH in Natural Earth.
	for code, least := range map[string]int{"MLI": 9, "mli": 9, "COD": 11, "AFG": 34, "UKR": 27, "NGA": 37, "SSD": 10, "PSE": 2, "ESH": 1} {
		feats, ok, err := Areas(code)
		if err != nil || !ok || len(feats) < least {
			t.Errorf("Areas(%s) = %d areas, %v, %v; want at least %d", code, len(feats), ok, err, least)
		}
	}
	for _, code := range []string{"", "XXX", "ML", "mlii"} {
		if _, ok, err := Areas(code); ok || err != nil {
			t.Errorf("Areas(%q) = %v, %v, want no areas and no error", code, ok, err)
		}
	}
}

func TestAreasSVG(t *testing.T) {
	shades := []AreaShade{
		{Name: "Mopti region", Value: 12, Href: "/incidents?country=ML&admin1=Mopti+region"},
		{Name: "Tombouctou region", Lat: ptr(16.77), Lon: ptr(-3.0), Value: 3, Href: "/incidents?country=ML&admin1=Tombouctou+region"},
		{Name: "Gao", Value: 1, Href: "/incidents?country=ML&admin1=Gao"},
		{Name: "Gao region", Value: 2, Href: "/incidents?country=ML&admin1=Gao+region"},
		{Name: "Atlantis", Value: 5},
	}
	svg, unplaced, ok, err := AreasSVG("map-areas", "466", "MLI", "First-level areas of Mali: incidents", "incidents", shades, 640, 420)
	if err != nil || !ok {
		t.Fatalf("AreasSVG = %v, %v", ok, err)
	}
	wellFormed(t, svg)
	if diff := cmp.Diff([]int{4}, unplaced); diff != "" {
		t.Errorf("unplaced mismatch (-want +got):\n%s", diff)
	}
	s := string(svg)
	for _, want := range []string{
		`<a href="/incidents?country=ML&amp;admin1=Mopti+region"><path class="map-fill-5 map-area"`,
		`<title>Mopti: 12 incidents (recorded as Mopti region)</title>`,
		`<title>Timbuktu: 3 incidents (recorded as Tombouctou region)</title>`,
		`<title>Gao: 3 incidents (recorded as Gao region)</title>`, // two names on one area: no single link
		`<title>Kayes: 0 incidents</title>`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the map lacks %s", want)
		}
	}
	if strings.Contains(s, "Atlantis") {
		t.Error("an area placed nowhere is on the map")
	}
	golden(t, "areas_mali.svg", svg)

	if _, _, ok, err := AreasSVG("map-areas", "", "XXX", "t", "incidents", shades, 640, 420); ok || err != nil {
		t.Errorf("AreasSVG of a country without areas = %v, %v, want no map and no error", ok, err)
	}
}

func FuzzAreaKey(f *testing.F) {
	for _, s := range []string{"Nīnawá province", "Homs (Hims)", "Donets'k", "", "(", "province province"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := AreaKey(s)
		if AreaKey(k) != k && k != "" && !areaKinds[k] {
			// A key is letters and digits only; keying it again changes
			// nothing unless it is itself a kind word.
			t.Errorf("AreaKey(AreaKey(%q)) = %q, want %q", s, AreaKey(k), k)
		}
	})
}
