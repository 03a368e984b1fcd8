package vetting

import (
	"sort"
	"strconv"
	"strings"
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
	stop    bool
}

// ParseUnit parses a unit name in English, French, Spanish, Portuguese or
// Arabic, with their usual abbreviations. Text after the first comma is the
// parent ("3rd Battalion, 12th Brigade").
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
			if num := unitNumber(t.Forms[0]); num > 0 && k.Number == 0 {
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

func lookupUnitWord(t Token) (unitWord, bool) {
	if w, ok := unitWords()[t.Text]; ok {
		return w, true
	}
	if strings.HasPrefix(t.Text, "ال") {
		if w, ok := unitWords()[strings.TrimPrefix(t.Text, "ال")]; ok {
			return w, true
		}
	}
	w, ok := unitWords()[t.Forms[0]]
	return w, ok
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
