package vetting

import (
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/custos-ssa/custos"
)

// screenRecords is a small reference list with distractors that share
// common name parts with the targets.
var screenRecords = []Record{
	{ID: "p01", Kind: Person, Name: "Muhammad Abdullah al-Rashid", BirthDate: custos.PartialDate{Year: 1970, Month: 3, Day: 5}, Gender: "m", Nationality: "IQ"},
	{ID: "p02", Kind: Person, Name: "Muhammad Ali Hassan"},
	{ID: "p03", Kind: Person, Name: "Vladimir Vladimirovich Putin", Aliases: []string{"Vladimir Putin"}},
	{ID: "p04", Kind: Person, Name: "Khaled Mahmoud"},
	{ID: "p05", Kind: Person, Name: "Yusuf Hussein Ibrahim"},
	{ID: "p06", Kind: Person, Name: "José Álvarez Núñez", Unit: "3rd Infantry Battalion"},
	{ID: "p07", Kind: Person, Name: "Dmitry Anatolyevich Medvedev"},
	{ID: "p08", Kind: Person, Name: "Ahmed Hassan"},
	{ID: "p09", Kind: Person, Name: "Nikolaos Papadopoulos"},
	{ID: "p10", Kind: Person, Name: "Abd al-Aziz bin Baz"},
	{ID: "p11", Kind: Person, Name: "Jean-Pierre Bemba Gombo", BirthDate: custos.PartialDate{Year: 1962, Month: 11, Day: 4}, Gender: "m"},
	{ID: "p12", Kind: Person, Name: "Kim Jong Un"},
	{ID: "p13", Kind: Person, Name: "Omar Hassan al-Bashir"},
	{ID: "p14", Kind: Person, Name: "Muhammad Yusuf"},
	{ID: "u01", Kind: Unit, Name: "3rd Infantry Battalion", ParentUnit: "12th Brigade"},
	{ID: "u02", Kind: Unit, Name: "12th Brigade"},
	{ID: "u03", Kind: Unit, Name: "Company A", ParentUnit: "3rd Infantry Battalion"},
	{ID: "u04", Kind: Unit, Name: "4th Infantry Battalion", ParentUnit: "12th Brigade"},
	{ID: "u05", Kind: Unit, Name: "Rapid Intervention Battalion Kivu"},
}

func TestScreen(t *testing.T) {
	ix := NewIndex(screenRecords)
	tests := []struct {
		class string
		n     Record
		want  string // record id expected first
		band  Band   // at least this band
	}{
		{"exact", Record{Kind: Person, Name: "Khaled Mahmoud"}, "p04", Strong},
		{"order swap", Record{Kind: Person, Name: "Mahmoud Khaled"}, "p04", Strong},
		{"missing middle name", Record{Kind: Person, Name: "Dmitry Medvedev"}, "p07", Review},
		{"rank prefix", Record{Kind: Person, Name: "Col. Muhammad Abdullah al-Rashid"}, "p01", Strong},
		{"rank prefix in Russian", Record{Kind: Person, Name: "Полковник Владимир Путин"}, "p03", Strong},
		{"diacritics", Record{Kind: Person, Name: "Jose Alvarez Nunez"}, "p06", Strong},
		{"typo", Record{Kind: Person, Name: "Khaeld Mahmuod"}, "p04", Review},
		{"variant spelling", Record{Kind: Person, Name: "Mohamed Abdallah Rashid"}, "p01", Strong},
		{"Arabic script", Record{Kind: Person, Name: "خالد محمود"}, "p04", Strong},
		{"Arabic article and compound", Record{Kind: Person, Name: "عبد العزيز بن باز"}, "p10", Review},
		{"Cyrillic", Record{Kind: Person, Name: "Дмитрий Медведев"}, "p07", Review},
		{"Greek", Record{Kind: Person, Name: "Νικόλαος Παπαδόπουλος"}, "p09", Strong},
		{"Hangul", Record{Kind: Person, Name: "김정은"}, "p12", Review},
		{"hyphen", Record{Kind: Person, Name: "Jean Pierre Bemba"}, "p11", Review},
		{"variant group", Record{Kind: Person, Name: "Joseph Hussain Ibrahim"}, "p05", Strong},
		{"birth date swap", Record{Kind: Person, Name: "Jean-Pierre Bemba", BirthDate: custos.PartialDate{Year: 1962, Month: 4, Day: 11}}, "p11", Review},
		{"unit French", Record{Kind: Unit, Name: "3e Bataillon d'Infanterie"}, "u01", Strong},
		{"unit abbreviation", Record{Kind: Unit, Name: "3 BI"}, "u01", Strong},
		{"unit Arabic", Record{Kind: Unit, Name: "الكتيبة الثالثة مشاة"}, "u01", Strong},
		{"unit qualifier", Record{Kind: Unit, Name: "Bataillon d'Intervention Rapide Kivu"}, "u05", Review},
	}
	for _, tt := range tests {
		t.Run(tt.class, func(t *testing.T) {
			hits := ix.Screen(tt.n, 3, 0)
			if len(hits) == 0 || hits[0].RecordID != tt.want {
				t.Fatalf("Screen(%q) = %v, want %s first", tt.n.Name, hitIDs(hits), tt.want)
			}
			if bandRank(hits[0].Band) < bandRank(tt.band) {
				t.Errorf("Screen(%q) band = %s (score %.4f: %s), want at least %s", tt.n.Name, hits[0].Band, hits[0].Score, hits[0].Explanation, tt.band)
			}
		})
	}
}

func bandRank(b Band) int {
	return map[Band]int{Weak: 0, Review: 1, Strong: 2}[b]
}

func hitIDs(hits []Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, fmt.Sprintf("%s:%.4f", h.RecordID, h.Score))
	}
	return out
}

func TestScreenFeatures(t *testing.T) {
	ix := NewIndex(screenRecords)
	base := Record{Kind: Person, Name: "Muhammad Abdullah al-Rashid"}
	plain := ix.Screen(base, 1, 0)[0].Score
	agree := base
	agree.BirthDate, agree.Gender, agree.Nationality = custos.PartialDate{Year: 1970}, "m", "IQ"
	conflict := base
	conflict.BirthDate, conflict.Gender = custos.PartialDate{Year: 1985}, "f"
	if s := ix.Screen(agree, 1, 0)[0].Score; s < plain {
		t.Errorf("agreeing features: score %.4f, want >= %.4f", s, plain)
	}
	if s := ix.Screen(conflict, 1, 0)[0].Score; s >= plain-0.2 {
		t.Errorf("conflicting birth year and gender: score %.4f, want < %.4f", s, plain-0.2)
	}
}

func TestScreenUnitTree(t *testing.T) {
	ix := NewIndex(screenRecords)
	tests := []struct {
		name     string
		n        Record
		want     string
		relation string
	}{
		{"parent surfaces subordinate", Record{Kind: Unit, Name: "12th Brigade"}, "u01", "subordinate"},
		{"grandchild", Record{Kind: Unit, Name: "12th Brigade"}, "u03", "subordinate"},
		{"subordinate surfaces parent", Record{Kind: Unit, Name: "Company A, 3rd Infantry Battalion"}, "u01", "parent"},
		{"matched unit surfaces parent", Record{Kind: Unit, Name: "3rd Infantry Battalion"}, "u02", "parent"},
		{"unlisted unit surfaces its parent", Record{Kind: Unit, Name: "2nd Platoon", ParentUnit: "Company A"}, "u03", "parent"},
		{"unlisted unit surfaces its grandparent", Record{Kind: Unit, Name: "2nd Platoon", ParentUnit: "Company A"}, "u01", "parent"},
		{"unlisted unit surfaces its great-grandparent", Record{Kind: Unit, Name: "2nd Platoon", ParentUnit: "Company A"}, "u02", "parent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits := ix.Screen(tt.n, 0, 0)
			for _, h := range hits {
				if h.RecordID == tt.want {
					if h.Explanation.Relation != tt.relation || len(h.Explanation.Path) < 2 {
						t.Errorf("Screen(%q) hit %s relation %q path %v, want %q with a path", tt.n.Name, h.RecordID, h.Explanation.Relation, h.Explanation.Path, tt.relation)
					}
					return
				}
			}
			t.Errorf("Screen(%q) = %v, want %s among them", tt.n.Name, hitIDs(hits), tt.want)
		})
	}
	// A nominee whose name is the record's does not appear twice in the
	// path.
	for _, h := range ix.Screen(Record{Kind: Unit, Name: "3rd Infantry Battalion"}, 0, 0) {
		if p := h.Explanation.Path; len(p) > 1 && slices.ContainsFunc(p[1:], func(s string) bool { return s == p[0] }) && h.Explanation.Relation != "" {
			t.Errorf("Screen(3rd Infantry Battalion) hit %s path %v repeats the nominee", h.RecordID, p)
		}
	}
	// 4th Battalion is a sibling, not a parent or subordinate of the 3rd.
	for _, h := range ix.Screen(Record{Kind: Unit, Name: "3rd Infantry Battalion"}, 0, 0) {
		if h.RecordID == "u04" && h.Score >= ReviewScore {
			t.Errorf("Screen(3rd Infantry Battalion) hit u04 (4th Battalion) at %.4f, want below %.2f", h.Score, ReviewScore)
		}
	}
}

func TestScreenDeterministic(t *testing.T) {
	a := NewIndex(screenRecords)
	rev := make([]Record, len(screenRecords))
	for i, r := range screenRecords {
		rev[len(rev)-1-i] = r
	}
	b := NewIndex(rev)
	for _, r := range screenRecords {
		n := Record{Kind: r.Kind, Name: r.Name}
		// cmp.Diff also proves Hit has no unexported fields to trip callers' tests.
		if diff := cmp.Diff(a.Screen(n, 0, 0), b.Screen(n, 0, 0)); diff != "" {
			t.Errorf("Screen(%q) differs with record order (-sorted +reversed):\n%s", r.Name, diff)
		}
	}
}

// TestScreenCommonWords screens names made only of common words, whose
// posting lists exceed the candidate budget, beside a word no record holds.
func TestScreenCommonWords(t *testing.T) {
	recs := []Record{{ID: "target", Kind: Person, Name: "Ahmed Hassan"}}
	for i := range 45000 {
		recs = append(recs, Record{ID: fmt.Sprintf("r%05d", i), Kind: Person, Name: fmt.Sprintf("أحمد حسن %s", []string{"راشد", "خالد", "ناصر"}[i%3])})
	}
	ix := NewIndex(recs)
	for _, name := range []string{"أحمد حسن", "Ahmed Hassan", "Ahmed Hassan Qwzxv"} {
		hits := ix.Screen(Record{Kind: Person, Name: name}, 3, 0)
		if len(hits) == 0 || hits[0].RecordID != "target" {
			t.Errorf("Screen(%q) = %v, want target first", name, hitIDs(hits))
		}
	}
}

// TestScreenKana screens Japanese names written in kana, or in Han with the
// given name in kana, against their Latin spellings.
func TestScreenKana(t *testing.T) {
	recs := []Record{
		{ID: "k1", Kind: Person, Name: "Sato Kenji"},
		{ID: "k2", Kind: Person, Name: "Tanaka Sakura"},
		{ID: "k3", Kind: Person, Name: "Hattori Hanzo"},
		{ID: "k4", Kind: Person, Name: "Ito Hiroshi"},
		{ID: "k5", Kind: Person, Name: "Kato Kenta"},
		{ID: "k6", Kind: Person, Name: "Tanabe Sayuri"},
	}
	ix := NewIndex(recs)
	tests := []struct {
		name, want string
	}{
		{"さとう けんじ", "k1"},
		{"サトウ ケンジ", "k1"},
		{"田中さくら", "k2"},
		{"たなか さくら", "k2"},
		{"ハットリ ハンゾウ", "k3"},
		{"いとう ひろし", "k4"},
	}
	for _, tt := range tests {
		hits := ix.Screen(Record{Kind: Person, Name: tt.name}, 3, 0)
		if len(hits) == 0 || hits[0].RecordID != tt.want {
			t.Errorf("Screen(%q) = %v, want %s first", tt.name, hitIDs(hits), tt.want)
			continue
		}
		if hits[0].Band == Weak {
			t.Errorf("Screen(%q): %s in band %s (%s), want review or strong", tt.name, tt.want, hits[0].Band, hits[0].Explanation)
		}
	}
}
