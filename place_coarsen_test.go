package custos

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// placeFields lists which fields of p hold something.
type placeFields struct {
	Country, Admin1, Admin2, Admin3, Location, Coordinates bool
}

func fieldsOf(p Place) placeFields {
	return placeFields{Country: p.Country != "", Admin1: p.Admin1 != "", Admin2: p.Admin2 != "", Admin3: p.Admin3 != "",
		Location: p.Location != "", Coordinates: p.Latitude != nil || p.Longitude != nil}
}

// onNearGrid reports whether x is a multiple of NearDegrees, as Coarsen
// rounds to.
func onNearGrid(x float64) bool {
	k := x / NearDegrees
	return math.Abs(k-math.Round(k)) < 1e-6
}

// TestPlaceCoarsenUntrustedLabel proves that Coarsen judges a place by the
// fields it holds, not by the precision label the client sent: whatever the
// label (coarser than the data, "near" or "exact" with coordinates, missing
// or unknown), nothing finer than the level asked for survives, and the
// label ends at that level or coarser.
func TestPlaceCoarsenUntrustedLabel(t *testing.T) {
	data := Place{Country: "ML", Admin1: "Mopti", Admin2: "Djenné", Admin3: "Ouro Ali",
		Location: "Hamlet 4", Latitude: ptr(14.05123), Longitude: ptr(-4.21234)}
	// What each level keeps of data, and the label it gets when the label
	// given is finer (or missing or unknown).
	keep := map[LocationPrecision]Place{
		"near": {Country: "ML", Admin1: "Mopti", Admin2: "Djenné", Admin3: "Ouro Ali",
			Location: "Hamlet 4", Latitude: ptr(14.1), Longitude: ptr(-4.2), Precision: "near"},
		"admin2":  {Country: "ML", Admin1: "Mopti", Admin2: "Djenné", Precision: "admin2"},
		"admin1":  {Country: "ML", Admin1: "Mopti", Precision: "admin1"},
		"country": {Country: "ML", Precision: "country"},
	}
	round := cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-9 })
	labels := append([]LocationPrecision{"", "village"}, LocationPrecisions...)
	for _, to := range LocationPrecisions[1:] {
		for _, label := range labels {
			in := data
			in.Precision = label
			got := in.Coarsen(to)
			want := keep[to]
			if locationRank(label) > locationRank(to) {
				want.Precision = label // a coarser label is kept
			}
			if diff := cmp.Diff(want, got, round); diff != "" {
				t.Errorf("Coarsen(%q) of a place labelled %q mismatch (-want +got):\n%s", to, label, diff)
			}
			if diff := cmp.Diff(fieldsOf(keep[to]), fieldsOf(got)); diff != "" {
				t.Errorf("Coarsen(%q) of a place labelled %q kept finer fields (-allowed +kept):\n%s", to, label, diff)
			}
			if locationRank(got.Precision) < locationRank(to) {
				t.Errorf("Coarsen(%q) of a place labelled %q is labelled %q, finer than asked", to, label, got.Precision)
			}
			if again := got.Coarsen(to); !cmp.Equal(got, again) {
				t.Errorf("Coarsen(%q) of a place labelled %q is not idempotent: %+v then %+v", to, label, got, again)
			}
		}
	}
	// The reviewer's two requests.
	for _, tt := range []struct {
		name string
		in   Place
		to   LocationPrecision
		want Place
	}{
		{"admin1 label, exact coordinates, coarsen admin2",
			Place{Country: "ML", Admin1: "Mopti", Latitude: ptr(14.05123), Longitude: ptr(-4.21234), Precision: "admin1"}, "admin2",
			Place{Country: "ML", Admin1: "Mopti", Precision: "admin1"}},
		{"near label, exact coordinates, coarsen near",
			Place{Country: "ML", Admin1: "Mopti", Latitude: ptr(14.05123), Longitude: ptr(-4.21234), Precision: "near"}, "near",
			Place{Country: "ML", Admin1: "Mopti", Latitude: ptr(14.1), Longitude: ptr(-4.2), Precision: "near"}},
		{"exact label, coordinates only, coarsen near",
			Place{Country: "ML", Latitude: ptr(14.05123), Longitude: ptr(-4.21234), Precision: "exact"}, "near",
			Place{Country: "ML", Latitude: ptr(14.1), Longitude: ptr(-4.2), Precision: "near"}},
		{"country label, everything, coarsen admin1",
			Place{Country: "ML", Admin1: "Mopti", Admin2: "Djenné", Location: "Hamlet 4", Latitude: ptr(14.05123), Longitude: ptr(-4.21234), Precision: "country"}, "admin1",
			Place{Country: "ML", Admin1: "Mopti", Precision: "country"}},
		{"half coordinates are rounded too",
			Place{Country: "ML", Latitude: ptr(14.05123), Precision: "near"}, "near",
			Place{Country: "ML", Latitude: ptr(14.1), Precision: "near"}},
		{"admin1 place without coordinates is unchanged at near",
			Place{Country: "ML", Admin1: "Mopti", Precision: "admin1"}, "near",
			Place{Country: "ML", Admin1: "Mopti", Precision: "admin1"}},
		{"exact keeps everything",
			Place{Country: "ML", Location: "Hamlet 4", Latitude: ptr(14.05123), Longitude: ptr(-4.21234), Precision: "admin1"}, "exact",
			Place{Country: "ML", Location: "Hamlet 4", Latitude: ptr(14.05123), Longitude: ptr(-4.21234), Precision: "admin1"}},
		{"an unknown level keeps everything",
			Place{Country: "ML", Location: "Hamlet 4", Latitude: ptr(14.05123), Longitude: ptr(-4.21234), Precision: "near"}, "street",
			Place{Country: "ML", Location: "Hamlet 4", Latitude: ptr(14.05123), Longitude: ptr(-4.21234), Precision: "near"}},
	} {
		if diff := cmp.Diff(tt.want, tt.in.Coarsen(tt.to), round); diff != "" {
			t.Errorf("%s: Coarsen(%q) mismatch (-want +got):\n%s", tt.name, tt.to, diff)
		}
	}
}

// TestIncidentNormalizeCoarsenUntrustedLabel proves that Normalize, which
// applies CoarsenLocation before anything is stored, does not keep exact
// coordinates because the client labelled them coarse.
func TestIncidentNormalizeCoarsenUntrustedLabel(t *testing.T) {
	for _, tt := range []struct {
		label, coarsen LocationPrecision
		want           Place
	}{
		{"admin1", "admin2", Place{Country: "ML", Admin1: "Mopti", Precision: "admin1"}},
		{"near", "near", Place{Country: "ML", Admin1: "Mopti", Latitude: ptr(14.1), Longitude: ptr(-4.2), Precision: "near"}},
		{"", "admin2", Place{Country: "ML", Admin1: "Mopti", Precision: "admin2"}},
		{"exact", "country", Place{Country: "ML", Precision: "country"}},
	} {
		i := validIncident()
		i.Place = Place{Country: "ML", Admin1: "Mopti", Latitude: ptr(14.05123), Longitude: ptr(-4.21234), Precision: tt.label}
		i.CoarsenLocation = tt.coarsen
		i.Normalize()
		if diff := cmp.Diff(tt.want, i.Place, cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-9 })); diff != "" {
			t.Errorf("Normalize of a place labelled %q coarsened to %q mismatch (-want +got):\n%s", tt.label, tt.coarsen, diff)
		}
	}
}

// FuzzPlaceCoarsen checks, for any place and level, that Coarsen keeps
// nothing finer than the level, whatever the label, labels the result at
// the level or coarser, and is idempotent.
func FuzzPlaceCoarsen(f *testing.F) {
	f.Add("Mopti", "Djenné", "Ouro Ali", "Hamlet 4", 14.05123, -4.21234, true, "admin1", "admin2")
	f.Add("Mopti", "", "", "", 14.05123, -4.21234, true, "near", "near")
	f.Add("", "", "", "", 13.95, -4.55, true, "", "near")
	f.Add("Mopti", "", "", "", 0.0, 0.0, false, "exact", "country")
	same := cmp.Comparer(func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) })
	f.Fuzz(func(t *testing.T, admin1, admin2, admin3, location string, lat, lon float64, located bool, label, to string) {
		p := Place{Country: "ML", Admin1: admin1, Admin2: admin2, Admin3: admin3, Location: location, Precision: LocationPrecision(label)}
		if located {
			p.Latitude, p.Longitude = &lat, &lon
		}
		level := LocationPrecision(to)
		got := p.Coarsen(level)
		if locationRank(level) <= 0 {
			if !cmp.Equal(p, got, same) {
				t.Fatalf("Coarsen(%q) changed %+v to %+v", level, p, got)
			}
			return
		}
		if locationRank(got.Precision) < locationRank(level) {
			t.Errorf("Coarsen(%q) of %+v is labelled %q", level, p, got.Precision)
		}
		fine := got.Location != "" || got.Admin3 != "" || got.Latitude != nil || got.Longitude != nil
		switch level {
		case "near":
			if got.Latitude != nil && !math.IsInf(*got.Latitude, 0) && !math.IsNaN(*got.Latitude) && !onNearGrid(*got.Latitude) ||
				got.Longitude != nil && !math.IsInf(*got.Longitude, 0) && !math.IsNaN(*got.Longitude) && !onNearGrid(*got.Longitude) {
				t.Errorf("Coarsen(near) of %+v kept coordinates off the grid: %+v", p, got)
			}
		case "admin2":
			if fine {
				t.Errorf("Coarsen(admin2) of %+v kept %+v", p, got)
			}
		case "admin1":
			if fine || got.Admin2 != "" {
				t.Errorf("Coarsen(admin1) of %+v kept %+v", p, got)
			}
		case "country":
			if fine || got.Admin2 != "" || got.Admin1 != "" {
				t.Errorf("Coarsen(country) of %+v kept %+v", p, got)
			}
		}
		again := got.Coarsen(level)
		if !cmp.Equal(got, again, same) {
			t.Errorf("Coarsen(%q) is not idempotent: %+v then %+v", level, got, again)
		}
	})
}
