package atlas

import (
	"strings"
	"testing"
)

func TestDecode(t *testing.T) {
	feats, err := world()
	if err != nil {
		t.Fatal(err)
	}
	if len(feats) < 170 {
		t.Fatalf("Decode found %d countries, want at least 170", len(feats))
	}
	byID := map[string]Feature{}
	for _, f := range feats {
		byID[f.ID] = f
	}
	tests := []struct {
		id, name       string
		minLon, maxLon float64 // Mali lies roughly 12W..4E, 10N..25N
		minLat, maxLat float64
	}{
		{"466", "Mali", -13, 5, 10, 26},
		{"484", "Mexico", -118, -86, 14, 33},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, ok := byID[tt.id]
			if !ok || f.Name != tt.name {
				t.Fatalf("feature %s = %q, want %q", tt.id, f.Name, tt.name)
			}
			b := focus(f)
			if b.minLon < tt.minLon || b.maxLon > tt.maxLon || b.minLat < tt.minLat || b.maxLat > tt.maxLat {
				t.Errorf("focus(%s) = %+v, want within lon %v..%v lat %v..%v", tt.name, b, tt.minLon, tt.maxLon, tt.minLat, tt.maxLat)
			}
		})
	}
}

func TestCountrySVG(t *testing.T) {
	svg, err := CountrySVG("466", "Mali")
	if err != nil {
		t.Fatal(err)
	}
	s := string(svg)
	for _, want := range []string{`role="img"`, `<title id="map-title">Map of Mali</title>`, `<desc id="map-desc">`, `fill="#1d4e89"`} {
		if !strings.Contains(s, want) {
			t.Errorf("CountrySVG(Mali) lacks %q", want)
		}
	}
	if strings.Contains(s, "http://") && strings.Count(s, "http://") != 1 { // only the xmlns
		t.Errorf("CountrySVG(Mali) refers to an outside address")
	}
	if _, err := CountrySVG("999", "Nowhere"); err == nil {
		t.Errorf("CountrySVG(999) = nil error, want an error")
	}
	if svg, _ := CountrySVG("643", "Russia"); !strings.Contains(string(svg), "#1d4e89") {
		t.Errorf("CountrySVG(Russia) does not draw Russia")
	}
}

// FuzzDecode checks that no input makes Decode panic.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"type":"Topology","arcs":[[[0,0],[1,1]]],"objects":{"countries":{"geometries":[{"type":"Polygon","arcs":[[0,-1]],"id":"1"}]}}}`))
	f.Add([]byte(`{"objects":{"countries":{"geometries":[{"type":"MultiPolygon","arcs":[[[5]]]}]}}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		Decode(b)
	})
}

func BenchmarkCountrySVG(b *testing.B) {
	world()
	for b.Loop() {
		CountrySVG("466", "Mali")
	}
}
