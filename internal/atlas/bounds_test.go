package atlas

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestBoundsContains checks points in, near and far from countries,
// including countries whose shapes need care: de facto states folded into
// the country the sources name (Somaliland, Kosovo, Western Sahara), small
// islands the 1:110m map lacks (Jolo), topologies named in capitals (Russia,
// Thailand), and countries the atlas has no shape for.
func TestBoundsContains(t *testing.T) {
	tests := []struct {
		name     string
		country  string
		lat, lon float64
		want     bool
	}{
		{"Bamako", "ML", 12.65, -8.0, true},
		{"Paris in Mali", "ML", 48.85, 2.35, false},
		{"Paris in Syria", "SY", 48.85, 2.35, false},
		{"Damascus", "SY", 33.51, 36.29, true},
		{"Ouagadougou in Mali", "ML", 12.37, -1.52, false},
		{"Bamako swapped", "ML", -8.0, 12.65, false},
		{"Koloko, Burkina Faso, within the tolerance of Mali", "ML", 11.07, -5.33, true},
		{"off Dakar by 0.15 degrees", "SN", 14.69, -17.55, true},
		{"off Dakar by 1 degree", "SN", 14.69, -18.5, false},
		{"Hargeisa, Somaliland", "SO", 9.56, 44.06, true},
		{"Pristina under Serbia", "RS", 42.66, 21.17, true},
		{"Pristina under Kosovo", "XK", 42.66, 21.17, true},
		{"Laayoune under Morocco", "MA", 27.15, -13.2, true},
		{"Jolo, Sulu", "PH", 6.05, 121.0, true},
		{"Moscow", "RU", 55.75, 37.62, true},
		{"Bangkok", "TH", 13.75, 100.5, true},
		{"Kampala", "UG", 0.35, 32.58, true},
		{"Foca, Bosnia, under Serbia", "RS", 43.51, 18.78, false},
		{"Tokelau has no shape", "TK", 48.85, 2.35, true},
		{"unknown code", "ZZ", 48.85, 2.35, true},
		{"not a number", "ML", math.NaN(), -8.0, false},
	}
	b := CountryBounds()
	want, got := map[string]bool{}, map[string]bool{}
	for _, tt := range tests {
		want[tt.name] = tt.want
		got[tt.name] = b.Contains(tt.country, tt.lat, tt.lon)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Contains mismatch (-want +got):\n%s", diff)
	}
}

// TestBoundsInside checks the test without tolerance, which tells which of
// two neighbours holds a point near their border.
func TestBoundsInside(t *testing.T) {
	tests := []struct {
		name     string
		country  string
		lat, lon float64
		want     bool
	}{
		{"Foca in Bosnia", "BA", 43.51, 18.78, true},
		{"Foca in Serbia", "RS", 43.51, 18.78, false},
		{"Koloko in Mali", "ML", 11.07, -5.33, false},
		{"Koloko in Burkina Faso", "BF", 11.07, -5.33, true},
		{"off Dakar", "SN", 14.69, -17.55, false},
		{"Tokelau has no shape", "TK", 48.85, 2.35, false},
	}
	b := CountryBounds()
	want, got := map[string]bool{}, map[string]bool{}
	for _, tt := range tests {
		want[tt.name] = tt.want
		got[tt.name] = b.Inside(tt.country, tt.lat, tt.lon)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Inside mismatch (-want +got):\n%s", diff)
	}
}

// TestBoundsCellsAgree checks that the cached answers of the grid cells
// agree with judging each point on its own, over random points around
// countries with coasts, islands, enclaves and long borders.
func TestBoundsCellsAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range []string{"ML", "PH", "SN", "GM", "IT", "SY", "LB", "CD", "NO"} {
		b := NewBounds(Tolerance)
		s := b.shape(c)
		box := s.outer
		for range 3000 {
			p := point{box.minLon + rng.Float64()*(box.maxLon-box.minLon), box.minLat + rng.Float64()*(box.maxLat-box.minLat)}
			direct := s.inside(p) || s.near(p)
			if got := s.contains(p); got != direct {
				t.Fatalf("%s: contains(%v) = %v, but judged alone %v", c, p, got, direct)
			}
		}
	}
}

// TestAreasCapitalObjects reads the topologies whose object is named in
// capitals.
func TestAreasCapitalObjects(t *testing.T) {
	for _, code := range []string{"RUS", "THA", "TGO", "UGA", "VIR"} {
		if feats, ok, err := Areas(code); err != nil || !ok || len(feats) == 0 {
			t.Errorf("Areas(%s) = %d areas, %v, %v; want its areas", code, len(feats), ok, err)
		}
	}
}

// BenchmarkBoundsContains judges points spread around a dozen countries,
// as an ACLED import does once per row.
func BenchmarkBoundsContains(b *testing.B) {
	type country struct {
		code     string
		lat, lon float64
	}
	cs := []country{{"ML", 14.5, -4.0}, {"BF", 12.5, -1.5}, {"NG", 9.5, 8.0}, {"CD", -1.5, 28.5}, {"SO", 3.0, 45.0},
		{"CO", 4.5, -74.5}, {"MX", 19.5, -100.0}, {"PH", 8.0, 124.5}, {"MM", 21.0, 95.5}, {"AF", 33.5, 66.0}, {"IQ", 33.0, 44.0}, {"UA", 48.5, 35.0}}
	rng := rand.New(rand.NewPCG(1, 2))
	type probe struct {
		code     string
		lat, lon float64
	}
	probes := make([]probe, 1<<16)
	for i := range probes {
		c := cs[rng.IntN(len(cs))]
		probes[i] = probe{c.code, c.lat + rng.Float64()*3 - 1.5, c.lon + rng.Float64()*3 - 1.5}
	}
	bd := CountryBounds()
	for _, p := range probes { // shapes read and cells filled, as after the first rows of an import
		bd.Contains(p.code, p.lat, p.lon)
	}
	i := 0
	for b.Loop() {
		p := probes[i&(len(probes)-1)]
		bd.Contains(p.code, p.lat, p.lon)
		i++
	}
}
