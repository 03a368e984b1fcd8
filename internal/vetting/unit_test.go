package vetting

import (
	"strings"
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
		// Russian, with a number or an ordinal, in the nominative and genitive.
		{"3-й пехотный батальон", bi},
		{"Третий пехотный батальон", bi},
		{"3-го пехотного батальона", bi},
		{"3й пехотный батальон", bi},
		{"2-я мотострелковая бригада", UnitKey{Number: 2, Echelon: "brigade", Branch: []string{"infantry", "motorized"}}},
		{"Четвёртая рота", UnitKey{Number: 4, Echelon: "company"}},
		{"12-й полк", UnitKey{Number: 12, Echelon: "regiment"}},
		{"5-я дивизия", UnitKey{Number: 5, Echelon: "division"}},
		// Greek, with and without accents, in capitals, and "3ο".
		{"Τρίτο Τάγμα Πεζικού", bi},
		{"ΤΡΙΤΟ ΤΑΓΜΑ ΠΕΖΙΚΟΥ", bi},
		{"3ο Τάγμα Πεζικού", bi},
		{"Πρώτος Λόχος", UnitKey{Number: 1, Echelon: "company"}},
		{"Δεύτερο Σύνταγμα", UnitKey{Number: 2, Echelon: "regiment"}},
		{"3η Ταξιαρχία", UnitKey{Number: 3, Echelon: "brigade"}},
		{"Πέμπτη Μεραρχία", UnitKey{Number: 5, Echelon: "division"}},
		// Persian, with Persian or Arabic letters and digits.
		{"گردان سوم پیاده", bi},
		{"گردان ۳ پیاده", bi},
		{"گردان سوم پياده", bi},
		{"گروهان اول", UnitKey{Number: 1, Echelon: "company"}},
		{"تیپ دوم", UnitKey{Number: 2, Echelon: "brigade"}},
		{"لشکر چهارم", UnitKey{Number: 4, Echelon: "division"}},
		{"هنگ پنجم", UnitKey{Number: 5, Echelon: "regiment"}},
		// Acronyms that stand for words as well as an echelon.
		{"BIR", UnitKey{Echelon: "battalion", Qualifiers: []string{"rapid", "intervention"}}},
		{"Rapid Intervention Battalion", UnitKey{Echelon: "battalion", Qualifiers: []string{"rapid", "intervention"}}},
		{"GIGN", UnitKey{Echelon: "group", Branch: []string{"gendarmerie", "national"}, Qualifiers: []string{"intervention"}}},
		{"Groupe d'Intervention de la Gendarmerie Nationale", UnitKey{Echelon: "group", Branch: []string{"gendarmerie", "national"}, Qualifiers: []string{"intervention"}}},
		// A service, and names with nothing recognised.
		{"Naval Academy", UnitKey{Branch: []string{"navy"}, Qualifiers: []string{"academy"}}},
		{"Forces Armées Maliennes", UnitKey{Qualifiers: []string{"maliennes"}}},
		{"Army", UnitKey{}},
		{"Military", UnitKey{}},
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

// TestUnitVocabulary checks that no two words of the unit vocabularies
// fold to one key with different meanings, which would make one of them
// silently lose.
func TestUnitVocabulary(t *testing.T) {
	seen := map[string]string{}
	for _, vocab := range []string{unitVocabulary, cyrillicUnitVocabulary, greekUnitVocabulary, persianUnitVocabulary} {
		for _, line := range strings.Split(vocab, "\n") {
			words, meaning, ok := strings.Cut(line, " : ")
			if !ok {
				continue
			}
			for _, w := range strings.Fields(words) {
				k := unitWordKey(w)
				if old, ok := seen[k]; ok && old != meaning {
					t.Errorf("unit word %q (key %q) means %q and %q", w, k, old, meaning)
				}
				seen[k] = meaning
			}
		}
	}
}

// TestParseUnitTransliterated checks that a word of another script is not
// read as a Latin abbreviation its transliteration happens to spell.
func TestParseUnitTransliterated(t *testing.T) {
	for _, in := range []string{"Бир", "Би"} {
		k := ParseUnit(in)
		if k.Echelon != "" || len(k.Branch) > 0 {
			t.Errorf("ParseUnit(%q) = %+v, want no echelon or branch", in, k)
		}
	}
}

func FuzzParseUnit(f *testing.F) {
	for _, s := range []string{"3rd Infantry Battalion", "3 BI", "الكتيبة الثالثة مشاة", "XXXIX", "9999999999th", ",,,", "a,b,c",
		"3-й пехотный батальон", "3ο Τάγμα Πεζικού", "گردان ۳م پیاده", "99999ο", "BIR"} {
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
