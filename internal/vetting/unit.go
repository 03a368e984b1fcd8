package vetting

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// UnitKey is a security-force unit name taken apart, so that "3rd Infantry
// Battalion", "3e Bataillon d'Infanterie", "3 BI" and "الكتيبة الثالثة
// مشاة" give the same key: its number, echelon (battalion, brigade...),
// branch or arm (infantry, armor...), the other words that qualify it (a
// place, a name), and its parent when the name carries one after a comma.
type UnitKey struct {
	Number     int      `json:"number,omitempty"`
	Echelon    string   `json:"echelon,omitempty"`
	Branch     []string `json:"branch,omitempty"`     // sorted
	Qualifiers []string `json:"qualifiers,omitempty"` // normalized words, in order
	Parent     string   `json:"parent,omitempty"`     // the parent's key, from "unit, parent"
}

// String is the key in one line, "3|battalion|infantry|kivu", used to index
// units and to join a record to its parent.
func (k UnitKey) String() string {
	num := ""
	if k.Number > 0 {
		num = strconv.Itoa(k.Number)
	}
	return num + "|" + k.Echelon + "|" + strings.Join(k.Branch, "+") + "|" + strings.Join(k.Qualifiers, " ")
}

// IsZero reports whether nothing was recognised.
func (k UnitKey) IsZero() bool {
	return k.Number == 0 && k.Echelon == "" && len(k.Branch) == 0 && len(k.Qualifiers) == 0
}

// unitWord is what a word says about a unit.
type unitWord struct {
	echelon string
	branch  []string
	number  int
	words   []string // for an acronym, the qualifying words it stands for
	stop    bool
}

// ParseUnit parses a unit name in English, French, Spanish, Portuguese,
// Arabic, Persian, Russian or Greek, with their usual abbreviations. Text
// after the first comma is the parent ("3rd Battalion, 12th Brigade").
func ParseUnit(name string) UnitKey {
	head, parent, _ := strings.Cut(name, ",")
	k := parseUnitHead(head)
	if strings.TrimSpace(parent) != "" {
		p := ParseUnit(parent)
		if !p.IsZero() {
			k.Parent = p.String()
		}
	}
	return k
}

func parseUnitHead(s string) UnitKey {
	var k UnitKey
	branches := map[string]bool{}
	toks, _ := tokenize(s)
	for _, t := range toks {
		w, ok := lookupUnitWord(t)
		if !ok {
			num := unitNumber(t.Forms[0])
			if t.Translit {
				num = nativeOrdinal(t.Text)
			}
			if num > 0 && k.Number == 0 {
				k.Number = num
				continue
			}
			if !unitStop[t.Forms[0]] && !particles[t.Forms[0]] {
				k.Qualifiers = append(k.Qualifiers, t.Forms[0])
			}
			continue
		}
		if w.stop {
			continue
		}
		if w.number > 0 && k.Number == 0 {
			k.Number = w.number
		}
		if w.echelon != "" && k.Echelon == "" {
			k.Echelon = w.echelon
		}
		for _, b := range w.branch {
			branches[b] = true
		}
		k.Qualifiers = append(k.Qualifiers, w.words...)
	}
	if branches["police"] && branches["military"] {
		delete(branches, "police")
		branches["military-police"] = true
	}
	delete(branches, "military")
	for b := range branches {
		k.Branch = append(k.Branch, b)
	}
	sort.Strings(k.Branch)
	return k
}

// lookupUnitWord finds what a word means in a unit name: by the word as
// written (without the Arabic article), then by its Latin spelling. A word
// of another script matches a Latin entry only when the entry is a whole
// word (five letters or more, not an acronym), so that a transliterated
// word does not read as an abbreviation ("bi", "bir").
func lookupUnitWord(t Token) (unitWord, bool) {
	m := unitWords()
	text := t.Text
	if t.Translit {
		text = foldScript(text)
	}
	if w, ok := m[text]; ok {
		return w, true
	}
	if strings.HasPrefix(text, "ال") {
		if w, ok := m[strings.TrimPrefix(text, "ال")]; ok {
			return w, true
		}
	}
	f := t.Forms[0]
	w, ok := m[f]
	if ok && t.Translit && (len(f) < 5 || len(w.words) > 0) {
		return unitWord{}, false
	}
	return w, ok
}

// ordinalEndings are the endings a number takes as an ordinal in Greek
// (3ο, 3ης), Russian (3й, 3го) and Persian (۳م), folded as by foldScript.
var ordinalEndings = func() map[string]bool {
	m := map[string]bool{}
	for _, e := range strings.Fields(`ο ος ου η ης α й я е го ого ий ый ой ая ое ей м ым م ام ُم`) {
		m[foldScript(folder.String(e))] = true
	}
	return m
}()

// nativeOrdinal reads a number written in a word of another script: digits
// (in any script) alone or followed by an ordinal ending, as in "3ο Τάγμα"
// or "۳م"; other words give 0.
func nativeOrdinal(text string) int {
	n, i := 0, 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		d := digitValue(r)
		if d < 0 {
			break
		}
		n = n*10 + d
		i += size
		if n > 9999 {
			return 0
		}
	}
	if i == 0 || (i < len(text) && !ordinalEndings[foldScript(text[i:])]) {
		return 0
	}
	return n
}

// unitNumber reads 3, 3rd, 3e, 3eme, 3o, 3a, 3er, 3d or a Roman numeral.
func unitNumber(f string) int {
	i := 0
	for i < len(f) && f[i] >= '0' && f[i] <= '9' {
		i++
	}
	if i > 0 && i <= 4 {
		switch f[i:] {
		case "", "st", "nd", "rd", "th", "d", "e", "eme", "er", "ere", "re", "o", "a", "ao", "ieme", "em":
			n, _ := strconv.Atoi(f[:i])
			return n
		}
		return 0
	}
	return roman(f)
}

// roman reads a Roman numeral up to 39 (XXXIX), written in capitals in
// unit names ("Corps III"); other words give 0.
func roman(f string) int {
	if len(f) < 2 || len(f) > 6 || strings.Trim(f, "xvi") != "" {
		return 0
	}
	vals := map[byte]int{'i': 1, 'v': 5, 'x': 10}
	total := 0
	for i := 0; i < len(f); i++ {
		v := vals[f[i]]
		if i+1 < len(f) && vals[f[i+1]] > v {
			total -= v
		} else {
			total += v
		}
	}
	if total <= 0 || total > 39 {
		return 0
	}
	return total
}
