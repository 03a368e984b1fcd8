package vetting

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestUnitSim compares unit keys the way a person's unit is compared (no
// word similarity, qualifiers compared exactly): what neither name says is
// no agreement, and a different service is no strong match.
func TestUnitSim(t *testing.T) {
	tests := []struct {
		a, b string
		want Band
	}{
		// The same unit, written differently.
		{"3rd Infantry Battalion", "3 BI", Strong},
		{"3rd Infantry Battalion", "3-й пехотный батальон", Strong},
		{"3rd Infantry Battalion", "Τρίτο Τάγμα Πεζικού", Strong},
		{"3rd Infantry Battalion", "گردان سوم پیاده", Strong},
		{"Rapid Intervention Battalion", "BIR", Strong},
		{"33e Régiment des Commandos Parachutistes", "33 RCP", Strong},
		{"Republican Guard", "Garde Républicaine", Strong},
		{"Police nationale", "National Police", Strong},
		// A name that leaves the arm out, or names it more precisely.
		{"3rd Battalion", "3rd Infantry Battalion", Strong},
		{"3rd Motorized Infantry Battalion", "3rd Infantry Battalion", Strong},
		// Names with nothing recognised match nothing without their words.
		{"Gendarmerie Nationale", "Army", Weak},
		{"Police nationale", "Army", Weak},
		{"Naval Academy", "Military", Weak},
		// Only empty parts in common.
		{"Naval Academy", "Forces Armées Maliennes", Weak},
		{"Kivu Battalion", "Ituri Battalion", Weak},
		{"Rapid Intervention Battalion", "Light Infantry Battalion", Weak},
		{"Battalion", "3rd Infantry Battalion", Weak},
		// Another service, or another arm.
		{"Gendarmerie Nationale", "National Police", Weak},
		{"1st Gendarmerie Battalion", "1st Police Battalion", Weak},
		{"Military Police Company", "Police Company", Weak},
		{"1st Naval Division", "1st Gendarmerie Division", Weak},
		{"3rd Police Battalion", "3rd Battalion", Review},
		{"3rd Airborne Infantry Battalion", "3rd Mechanized Infantry Battalion", Review},
		{"3rd Infantry Battalion Kivu", "3rd Armored Battalion Kivu", Review},
		// Another number or echelon.
		{"3rd Infantry Battalion", "4th Infantry Battalion", Weak},
		{"3rd Infantry Battalion", "3rd Infantry Brigade", Weak},
	}
	for _, tt := range tests {
		t.Run(tt.a+" ~ "+tt.b, func(t *testing.T) {
			for _, ab := range [][2]string{{tt.a, tt.b}, {tt.b, tt.a}} {
				s, notes := unitSim(ParseUnit(ab[0]), ParseUnit(ab[1]), nil)
				if diff := cmp.Diff(tt.want, bandOf(s)); diff != "" {
					t.Errorf("unitSim(%q, %q) = %.4f %v, band (-want +got):\n%s", ab[0], ab[1], s, notes, diff)
				}
			}
		})
	}
}

// unitRecords are the units of the reviewer's report: names with nothing
// recognised (Army, Military), services, and a numbered battalion.
var unitRecords = []Record{
	{ID: "r1", Kind: Unit, Name: "Army"},
	{ID: "r2", Kind: Unit, Name: "Military"},
	{ID: "r3", Kind: Unit, Name: "Forces Armées Maliennes"},
	{ID: "r4", Kind: Unit, Name: "National Police"},
	{ID: "r5", Kind: Unit, Name: "3rd Infantry Battalion"},
	{ID: "r6", Kind: Unit, Name: "Rapid Intervention Battalion"},
	{ID: "r7", Kind: Unit, Name: "Gendarmerie Nationale"},
	{ID: "r8", Kind: Unit, Name: "Naval Academy"},
	{ID: "r9", Kind: Unit, Name: "Kivu Battalion"},
}

// TestScreenUnitPairs screens unit nominees and reads the band of one
// record's hit (weak when the record is not a hit at all).
func TestScreenUnitPairs(t *testing.T) {
	ix := NewIndex(unitRecords)
	tests := []struct {
		nominee, record string
		want            Band
	}{
		// Names in Russian, Greek and Persian, and an acronym.
		{"3-й пехотный батальон", "r5", Strong},
		{"Τρίτο Τάγμα Πεζικού", "r5", Strong},
		{"گردان سوم پیاده", "r5", Strong},
		{"BIR", "r6", Strong},
		{"Bataillon d'Intervention Rapide", "r6", Strong},
		// A name with nothing recognised matches itself by its words.
		{"Army", "r1", Strong},
		{"Military", "r2", Strong},
		{"army", "r1", Strong},
		// A name that leaves a branch or words out is one to check.
		{"Gendarmerie", "r7", Review},
		{"Navy", "r8", Review},
		// False hits of the report.
		{"Gendarmerie Nationale", "r1", Weak},
		{"Police nationale", "r1", Weak},
		{"Naval Academy", "r2", Weak},
		{"Naval Academy", "r3", Weak},
		{"Gendarmerie Nationale", "r4", Weak},
		{"Police nationale", "r7", Weak},
		{"Τρίτο Τάγμα Πεζικού", "r1", Weak},
		{"BIR", "r2", Weak},
		{"Ituri Battalion", "r9", Weak},
	}
	for _, tt := range tests {
		t.Run(tt.nominee+" ~ "+tt.record, func(t *testing.T) {
			got, score := Weak, 0.0
			for _, h := range ix.Screen(Record{Kind: Unit, Name: tt.nominee}, 0, 0) {
				if h.RecordID == tt.record {
					got, score = h.Band, h.Score
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Screen(%q) hit %s score %.4f, band (-want +got):\n%s", tt.nominee, tt.record, score, diff)
			}
		})
	}
}

// TestScreenUnitNameOnly screens names with nothing recognised: each finds
// the record of the same name, and nothing else at review or above.
func TestScreenUnitNameOnly(t *testing.T) {
	ix := NewIndex(unitRecords)
	tests := []struct {
		nominee string
		want    []string // records at review or above
	}{
		{"Army", []string{"r1"}},
		{"Military", []string{"r2"}},
		{"Armed Forces", nil},
		{"Army Band", nil},
	}
	for _, tt := range tests {
		t.Run(tt.nominee, func(t *testing.T) {
			var got []string
			for _, h := range ix.Screen(Record{Kind: Unit, Name: tt.nominee}, 0, ReviewScore) {
				got = append(got, h.RecordID)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Screen(%q) at review or above (-want +got):\n%s", tt.nominee, diff)
			}
		})
	}
}
