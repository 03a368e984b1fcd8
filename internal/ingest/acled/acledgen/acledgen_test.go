package acledgen

import (
	"bytes"
	"crypto/sha256"
	"io"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/atlas"
	"github.com/custos-ssa/custos/internal/ingest/acled"
)

func TestGenerateDeterministic(t *testing.T) {
	hash := func(seed int64) [32]byte {
		var b bytes.Buffer
		if err := Generate(&b, 500, seed); err != nil {
			t.Fatalf("Generate(500, %d) = %v", seed, err)
		}
		return sha256.Sum256(b.Bytes())
	}
	if hash(1) != hash(1) {
		t.Error("Generate with the same seed wrote different files")
	}
	if hash(1) == hash(2) {
		t.Error("Generate with seeds 1 and 2 wrote the same file")
	}
}

// TestGenerateReads checks that every generated row maps to a valid
// incident, and that the mix has the kinds of event the importer cares for.
func TestGenerateReads(t *testing.T) {
	var b bytes.Buffer
	const n = 2000
	if err := Generate(&b, n, 7); err != nil {
		t.Fatal(err)
	}
	rd := acled.Reader{File: "gen.csv", Now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	rows := 0
	cats := map[custos.IncidentCategory]int{}
	keys := map[string]bool{}
	err := rd.Read(&b, func(r acled.Row) error {
		rows++
		for _, e := range r.Errors {
			t.Errorf("row %d: %v", r.Line, e)
		}
		cats[r.Incident.Category]++
		if keys[r.Incident.Source.Key] {
			t.Errorf("row %d: event id %q repeated", r.Line, r.Incident.Source.Key)
		}
		keys[r.Incident.Source.Key] = true
		return nil
	})
	if err != nil {
		t.Fatalf("Read = %v", err)
	}
	if rows != n {
		t.Errorf("Read saw %d rows, want %d", rows, n)
	}
	for _, c := range custos.IncidentCategories {
		if c != "torture" && cats[c] == 0 {
			t.Errorf("no %s incidents among %d rows (%v)", c, n, cats)
		}
	}
}

// TestCountryPoints checks that each country's point, the fallback of
// position, lies inside the country.
func TestCountryPoints(t *testing.T) {
	for _, c := range countries {
		if !atlas.CountryBounds().Inside(c.iso2, c.lat, c.lon) {
			t.Errorf("%s: %v, %v is not inside %s", c.name, c.lat, c.lon, c.iso2)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	const n = 100_000
	for b.Loop() {
		if err := Generate(io.Discard, n, 1); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
}
