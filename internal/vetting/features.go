package vetting

import (
	"strings"
	"sync"

	"github.com/custos-ssa/custos"
)

// Feature effects on a person's score. Disagreement on birth year or
// gender is strong evidence of a different person; agreement adds little,
// since many people share a birth year or nationality.
const (
	dobExact       = 0.04
	dobClose       = 0.02
	dobConflict    = -0.15
	genderConflict = -0.10
	natAgree       = 0.03
	natConflict    = -0.05
	unitAgree      = 0.05
)

// personFeatures compares birth date, gender, nationality, unit and rank.
func personFeatures(n Record, nm Name, nomUnit UnitKey, ent *entry) ([]FeatureMatch, float64) {
	var out []FeatureMatch
	total := 0.0
	add := func(f FeatureMatch) {
		out = append(out, f)
		total += f.Effect
	}
	r := ent.rec
	if !n.BirthDate.IsZero() && !r.BirthDate.IsZero() {
		v, e := compareDates(n.BirthDate, r.BirthDate)
		add(FeatureMatch{"birth_date", n.BirthDate.String(), r.BirthDate.String(), v, e})
	}
	if n.Gender != "" && r.Gender != "" {
		if n.Gender == r.Gender {
			add(FeatureMatch{"gender", n.Gender, r.Gender, "agree", 0})
		} else {
			add(FeatureMatch{"gender", n.Gender, r.Gender, "disagree", genderConflict})
		}
	}
	if n.Nationality != "" && r.Nationality != "" {
		if n.Nationality == r.Nationality {
			add(FeatureMatch{"nationality", n.Nationality, r.Nationality, "agree", natAgree})
		} else {
			add(FeatureMatch{"nationality", n.Nationality, r.Nationality, "disagree", natConflict})
		}
	}
	if !nomUnit.IsZero() && !ent.unit.IsZero() {
		s, _ := unitSim(nomUnit, ent.unit, nil)
		switch {
		case s >= 0.8:
			add(FeatureMatch{"unit", n.Unit, r.Unit, "agree", unitAgree})
		default:
			add(FeatureMatch{"unit", n.Unit, r.Unit, "disagree", 0})
		}
	}
	if len(nm.Ranks) > 0 { // only when explaining: ranks do not change the score
		rn := Normalize(r.Name)
		if len(rn.Ranks) == 0 {
			add(FeatureMatch{"rank", strings.Join(nm.Ranks, " "), "", "unknown", 0})
		} else {
			v := "disagree"
			if nm.Ranks[len(nm.Ranks)-1] == rn.Ranks[len(rn.Ranks)-1] {
				v = "agree"
			}
			add(FeatureMatch{"rank", strings.Join(nm.Ranks, " "), strings.Join(rn.Ranks, " "), v, 0})
		}
	}
	return out, total
}

// compareDates compares two partial dates at the precision both have. A
// year off by one, or day and month swapped, is "close": birth years are
// often estimated and dates written in either order.
func compareDates(a, b custos.PartialDate) (string, float64) {
	if a.Year != b.Year {
		if a.Year-b.Year <= 1 && b.Year-a.Year <= 1 {
			return "close", dobClose
		}
		return "disagree", dobConflict
	}
	if a.Month == 0 || b.Month == 0 {
		return "agree", dobExact
	}
	if a.Month == b.Month {
		if a.Day == 0 || b.Day == 0 || a.Day == b.Day {
			return "agree", dobExact
		}
		return "close", dobClose
	}
	if a.Day != 0 && b.Day != 0 && a.Month == b.Day && a.Day == b.Month {
		return "close", dobClose
	}
	return "close", 0
}

// countries maps ISO codes (alpha-2 and alpha-3), names and alternative
// names, folded, to the alpha-2 code.
var countries = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, c := range custos.ISOCountries() {
		m[strings.ToLower(c.Code)] = c.Code
		m[strings.ToLower(c.Alpha3)] = c.Code
		for _, n := range append([]string{c.Name, c.OfficialName}, c.AltNames...) {
			if k := countryKey(n); k != "" {
				if _, dup := m[k]; !dup {
					m[k] = c.Code
				}
			}
		}
	}
	return m
})

func countryKey(s string) string {
	var words []string
	for _, w := range splitWords(folder.String(s)) {
		words = append(words, foldLatin(w))
	}
	return strings.Join(words, " ")
}

// ResolveCountry returns the ISO 3166-1 alpha-2 code of a code or country
// name, and whether it was recognised.
func ResolveCountry(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", false
	}
	m := countries()
	if c, ok := m[strings.ToLower(s)]; ok {
		return c, true
	}
	c, ok := m[countryKey(s)]
	return c, ok
}
