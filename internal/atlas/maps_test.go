package atlas

import (
	"encoding/xml"
	"flag"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got template.HTML) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
	}
}

// wellFormed checks that the SVG parses as XML and has no style or script.
func wellFormed(t *testing.T, svg template.HTML) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(string(svg)))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		if el, ok := tok.(xml.StartElement); ok {
			if el.Name.Local == "script" || el.Name.Local == "style" {
				t.Errorf("SVG has a <%s> element", el.Name.Local)
			}
			for _, a := range el.Attr {
				if a.Name.Local == "style" || strings.HasPrefix(a.Name.Local, "on") {
					t.Errorf("SVG element <%s> has a %s attribute", el.Name.Local, a.Name.Local)
				}
			}
		}
	}
}

func TestBuckets(t *testing.T) {
	tests := []struct {
		max  int
		want []int
	}{
		{0, nil},
		{1, []int{1}},
		{5, []int{1, 2, 3, 4, 5}},
		{6, []int{2, 3, 5, 6}},
		{100, []int{3, 7, 16, 40, 100}},
		{2_400_000, []int{19, 357, 6_732, 127_107, 2_400_000}},
	}
	for _, tt := range tests {
		got := Buckets(tt.max)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Buckets(%d) mismatch (-want +got):\n%s", tt.max, diff)
		}
		for i := 1; i < len(got); i++ {
			if got[i] <= got[i-1] {
				t.Errorf("Buckets(%d) = %v, not increasing", tt.max, got)
			}
		}
	}
	bounds := Buckets(100)
	for _, tt := range []struct{ v, want int }{{0, 0}, {1, 1}, {3, 1}, {4, 2}, {40, 4}, {41, 5}, {100, 5}, {500, 5}} {
		if got := Bucket(bounds, tt.v); got != tt.want {
			t.Errorf("Bucket(%v, %d) = %d, want %d", bounds, tt.v, got, tt.want)
		}
	}
	if got := RangeLabel(bounds, 1); got != "4–7" {
		t.Errorf("RangeLabel(%v, 1) = %q, want 4–7", bounds, got)
	}
}

func TestShadedSVG(t *testing.T) {
	tests := []struct {
		name, golden string
		shades       []Shade
		missing      []string
		want         []string // fragments the map must hold
	}{
		{name: "Sahel", golden: "shaded_sahel.svg", shades: []Shade{
			{Numeric: "466", Name: "Mali", Value: 12, Href: "/incident-trends?country=ML"},
			{Numeric: "854", Name: "Burkina Faso", Value: 3, Href: "/incident-trends?country=BF"},
			{Numeric: "562", Name: "Niger", Value: 40, Href: "/incident-trends?country=NE&by=actor", Label: "Niger: 40 incidents"},
		}, want: []string{`<a href="/incident-trends?country=NE&amp;by=actor"><path class="map-fill-5"`, `<title>Mali: 12 incidents</title>`,
			`the region of the countries shown`, `>21–40</text>`}},
		{name: "world", golden: "shaded_world.svg", shades: []Shade{
			{Numeric: "466", Name: "Mali", Value: 1}, {Numeric: "484", Name: "Mexico", Value: 2}, {Numeric: "608", Name: "Philippines", Value: 1},
			{Numeric: "336", Name: "Vatican", Value: 1},
		}, missing: []string{"336"}, want: []string{`Map of the world`, `<path class="map-fill-2"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svg, missing, err := ShadedSVG("m", "Incidents by country", "incidents", tt.shades, 640, 400)
			if err != nil {
				t.Fatal(err)
			}
			wellFormed(t, svg)
			if diff := cmp.Diff(tt.missing, missing); diff != "" {
				t.Errorf("missing countries mismatch (-want +got):\n%s", diff)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(svg), w) {
					t.Errorf("ShadedSVG(%s) lacks %q", tt.name, w)
				}
			}
			golden(t, tt.golden, svg)
		})
	}
}

func TestMarksSVG(t *testing.T) {
	marks := []Mark{
		{Lat: 14.49, Lon: -4.19, Value: 15, Kind: MarkPoint, Href: "/incidents/1", Label: "Killing near Mopti, 15 killed or injured"},
		{Lat: 16.27, Lon: -0.04, Value: 0, Kind: MarkApprox, Href: "/incidents/2", Label: "Arrests in Gao"},
		{Lat: 12.65, Lon: -8.0, Value: 150, Kind: MarkPoint, Href: "/incidents/3", Label: "Bamako <bombing> & fire"},
	}
	areas := []Mark{
		{Lat: 14.3, Lon: -4.1, Value: 27, Kind: MarkArea, Href: "/incidents?admin1=Mopti&country=ML", Label: "Mopti: 27 incidents"},
		{Lat: 16.5, Lon: -0.5, Value: 3, Kind: MarkArea, Label: "Gao: 3 incidents"},
	}
	tests := []struct {
		name, golden string
		marks        []Mark
		unit         string
		want         []string
	}{
		{"points", "marks_points.svg", marks, "killed and injured", []string{
			`<a href="/incidents/3"><circle class="map-point" `, `r="18.0"><title>Bamako &lt;bombing&gt; &amp; fire</title>`,
			`<circle class="map-point map-point--approx"`, `class="map-country"`, `>150</text>`}},
		{"areas", "marks_areas.svg", areas, "incidents", []string{`<circle class="map-symbol"`, `<title>Gao: 3 incidents</title></circle>`}},
		{"none", "marks_none.svg", nil, "incidents", []string{`class="map-country"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svg, err := MarksSVG("p", "466", "Incidents in Mali", "Each circle is an incident.", tt.unit, tt.marks, 640, 480)
			if err != nil {
				t.Fatal(err)
			}
			wellFormed(t, svg)
			for _, w := range tt.want {
				if !strings.Contains(string(svg), w) {
					t.Errorf("MarksSVG(%s) lacks %q", tt.name, w)
				}
			}
			golden(t, tt.golden, svg)
		})
	}
	// The largest mark is drawn first, so that the smaller ones stay on top.
	svg, _ := MarksSVG("p", "466", "t", "d", "", marks, 640, 480)
	if a, b := strings.Index(string(svg), "/incidents/3"), strings.Index(string(svg), "/incidents/1"); a > b {
		t.Errorf("MarksSVG draws the mark of 15 before the mark of 150")
	}
	if _, err := MarksSVG("p", "999", "t", "d", "", marks, 640, 480); err == nil {
		t.Errorf("MarksSVG(999) = nil error, want an error")
	}
}

func BenchmarkShadedWorld(b *testing.B) {
	world()
	shades := []Shade{{Numeric: "466", Name: "Mali", Value: 1}, {Numeric: "484", Name: "Mexico", Value: 2}}
	for b.Loop() {
		ShadedSVG("m", "t", "incidents", shades, 640, 400)
	}
}
