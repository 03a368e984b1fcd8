package vetting

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseUnit(t *testing.T) {
	bi := UnitKey{Number: 3, Echelon: "battalion", Branch: []string{"infantry"}}
	tests := []struct {
		in   string
		want UnitKey
	}{
		{"3rd Infantry Battalion", bi},
		{"3e Bataillon d'Infanterie", bi},
		{"3ème bataillon d’infanterie", bi},
		{"3 BI", bi},
		{"Third Infantry Bn", bi},
		{"3º Batallón de Infantería", bi},
		{"3º Batalhão de Infantaria", bi},
		{"الكتيبة الثالثة مشاة", bi},
		{"Tercer Batallón de Infantería", bi},
		{"12th Brigade", UnitKey{Number: 12, Echelon: "brigade"}},
		{"Corps III", UnitKey{Number: 3, Echelon: "corps"}},
		{"2e Régiment d'Infanterie de Marine", UnitKey{Number: 2, Echelon: "regiment", Branch: []string{"infantry", "marine"}}},
		{"Military Police Company", UnitKey{Echelon: "company", Branch: []string{"military-police"}}},
		{"Republican Guard", UnitKey{Branch: []string{"guard", "republican"}}},
		{"Rapid Intervention Battalion Kivu", UnitKey{Echelon: "battalion", Qualifiers: []string{"rapid", "intervention", "kivu"}}},
		{"3rd Battalion, 12th Brigade", UnitKey{Number: 3, Echelon: "battalion", Parent: "12|brigade||"}},
		{"", UnitKey{}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := ParseUnit(tt.in)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseUnit(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func FuzzParseUnit(f *testing.F) {
	for _, s := range []string{"3rd Infantry Battalion", "3 BI", "الكتيبة الثالثة مشاة", "XXXIX", "9999999999th", ",,,", "a,b,c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := ParseUnit(s)
		if k.Number < 0 {
			t.Fatalf("ParseUnit(%q).Number = %d, want >= 0", s, k.Number)
		}
		_ = k.String()
	})
}
