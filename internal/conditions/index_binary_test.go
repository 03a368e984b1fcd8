package conditions

import (
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/custos-ssa/custos"
)

// randomFacts returns n facts of incidents of which about one in five
// names two or three units.
func randomFacts(n int, seed uint64) []IncidentFact {
	r := rand.New(rand.NewPCG(seed, 7))
	facts := make([]IncidentFact, n)
	var incident int64
	for i := range facts {
		if i > 0 && r.IntN(5) == 0 {
			f := facts[i-1] // another unit of the same incident
			f.Unit = int64(r.IntN(40))
			facts[i] = f
			continue
		}
		incident++
		facts[i] = IncidentFact{
			Incident: incident,
			Unit:     int64(r.IntN(40)),
			Category: custos.IncidentCategories[r.IntN(len(custos.IncidentCategories))],
			Date:     custos.DateOf(day("2017-01-01").Time().AddDate(0, 0, r.IntN(3500))),
			Credible: r.IntN(3) == 0,
		}
	}
	return facts
}

// counts asks an index every question the engine can ask of it, over a
// few windows, so that two indexes can be compared by their answers.
func counts(ix *IncidentIndex) []int64 {
	var out []int64
	units := [][]int64{nil, {0}, {1, 2, 3}, {39}, {99}}
	windows := [][2]int32{{-1 << 30, 1 << 30}, {dayNumber(day("2020-01-01")), dayNumber(day("2020-12-31"))}, {dayNumber(day("2026-06-01")), dayNumber(day("2026-06-01"))},
		{dayNumber(day("1964-06-01")), dayNumber(day("1966-01-01"))}}
	for _, us := range units {
		for c := -1; c < len(custos.IncidentCategories); c++ {
			for _, cred := range []bool{false, true} {
				for _, w := range windows {
					out = append(out, ix.count(us, c, cred, w[0], w[1]))
				}
			}
		}
	}
	return append(out, int64(ix.Len()))
}

func TestIncidentIndexBinaryRoundTrip(t *testing.T) {
	tests := []struct {
		name  string
		facts []IncidentFact
	}{
		{"empty", nil},
		{"one", []IncidentFact{{Unit: 7, Category: "torture", Date: day("2026-01-05"), Credible: true}}},
		{"before 1970", []IncidentFact{{Unit: -3, Category: "torture", Date: day("1965-03-01")}, {Unit: 0, Category: "torture", Date: day("1969-12-31")}}},
		{"shared before 1970", []IncidentFact{
			{Incident: 5, Unit: 1, Category: "torture", Date: day("1965-03-01")}, {Incident: 5, Unit: 2, Category: "torture", Date: day("1965-03-01")},
			{Incident: 6, Unit: 2, Category: "torture", Date: day("1964-03-01")}, {Incident: 6, Unit: 3, Category: "torture", Date: day("1964-03-01")},
		}},
		{"many", randomFacts(5000, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix, err := NewIncidentIndex(tt.facts)
			if err != nil {
				t.Fatal(err)
			}
			b, err := ix.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			var got IncidentIndex
			if err := got.UnmarshalBinary(b); err != nil {
				t.Fatalf("UnmarshalBinary: %v", err)
			}
			if diff := cmp.Diff(counts(ix), counts(&got)); diff != "" {
				t.Errorf("counts after a round trip (-want +got):\n%s", diff)
			}
		})
	}
}

func TestIncidentIndexBinaryRefusesDamage(t *testing.T) {
	ix, err := NewIncidentIndex(randomFacts(300, 2))
	if err != nil {
		t.Fatal(err)
	}
	good, _ := ix.MarshalBinary()
	tests := []struct {
		name string
		b    []byte
	}{
		{"empty", nil},
		{"other magic", append([]byte("XXXX"), good[4:]...)},
		{"earlier form", append([]byte("CIX1"), good[4:]...)},
		{"truncated", good[:len(good)-1]},
		{"trailing", append(append([]byte{}, good...), 0)},
		{"header only", good[:8]},
	}
	for _, tt := range tests {
		var got IncidentIndex
		if err := got.UnmarshalBinary(tt.b); err == nil {
			t.Errorf("UnmarshalBinary(%s) = nil, want an error", tt.name)
		}
	}
}

// FuzzIncidentIndexBinary feeds damaged forms to the reader: it must
// refuse them or read an index that answers without panicking, and what
// it reads must write back to the same bytes.
func FuzzIncidentIndexBinary(f *testing.F) {
	for i, n := range []int{0, 1, 20} {
		ix, err := NewIncidentIndex(randomFacts(n, uint64(i)))
		if err != nil {
			f.Fatal(err)
		}
		b, _ := ix.MarshalBinary()
		f.Add(b)
	}
	f.Add([]byte("CIX2\x00\x00\x00\x1a\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		var ix IncidentIndex
		if err := ix.UnmarshalBinary(b); err != nil {
			return
		}
		counts(&ix)
		again, err := ix.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var back IncidentIndex
		if err := back.UnmarshalBinary(again); err != nil {
			t.Fatalf("a written index does not read back: %v", err)
		}
		if diff := cmp.Diff(counts(&ix), counts(&back)); diff != "" {
			t.Errorf("counts after writing back (-want +got):\n%s", diff)
		}
	})
}
