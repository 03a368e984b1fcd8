// Package country resolves country names as they are written in reports,
// spreadsheets and data sets ("Korea, Republic of South", "Congo (DROC)",
// "Cote D'Ivoire, Republic of") to ISO 3166-1 alpha-2 codes.
//
// It knows the ISO names, official names and alternative names of the
// embedded ISO list (custos.ISOCountries) and a curated table of historical
// and report spellings (aliases.go). It never guesses: a string that names
// no country, names a region or a group of countries ("Africa Regional",
// "NATO", "Indochina"), or could name more than one country returns
// ok=false, with the reason in Match.
package country

import (
	"strings"
	"sync"
	"unicode"

	"github.com/custos-ssa/custos"
	"golang.org/x/text/unicode/norm"
)

// How a string was matched, or why it was not.
const (
	ByName     = "name"        // an ISO name, official name or alternative name
	ByCode     = "code"        // an ISO alpha-2 or alpha-3 code
	ByAlias    = "alias"       // a spelling in the curated alias table
	NotCountry = "not_country" // a region, group or placeholder listed as not a country
	Ambiguous  = "ambiguous"   // could be more than one country
	Unknown    = "unknown"     // matches nothing
)

// Match is the outcome of resolving one string.
type Match struct {
	Code   string // ISO 3166-1 alpha-2 (or a user-assigned code such as XK); "" when not resolved
	How    string // ByName, ByCode, ByAlias, NotCountry, Ambiguous or Unknown
	Key    string // the normalized form that matched, for explanations
	Note   string // why an alias or a non-country entry is what it is
	Others []string
}

// OK reports whether the string resolved to one country.
func (m Match) OK() bool { return m.Code != "" }

// Resolver resolves country names. It is safe for concurrent use.
type Resolver struct {
	index      map[string][]string // normalized name -> codes (more than one is ambiguous)
	aliases    map[string]alias    // normalized alias -> curated entry
	qualifiers map[string]string   // parenthesized qualifiers: normalized -> code or "" (meaningless)
	alpha3     map[string]string   // "KOR" -> "KR"
}

// New builds a Resolver from the embedded ISO list and the curated aliases.
func New() *Resolver {
	r := &Resolver{
		index:      map[string][]string{},
		aliases:    map[string]alias{},
		qualifiers: map[string]string{},
		alpha3:     map[string]string{},
	}
	for _, c := range custos.ISOCountries() {
		r.alpha3[c.Alpha3] = c.Code
		r.addName(c.Name, c.Code)
		r.addName(c.OfficialName, c.Code)
		for _, n := range c.AltNames {
			r.addName(n, c.Code)
		}
	}
	for _, a := range aliasTable {
		r.aliases[normalize(a.Name)] = a
	}
	for q, code := range qualifierTable {
		r.qualifiers[normalize(q)] = code
	}
	return r
}

func (r *Resolver) addName(name, code string) {
	k := normalize(name)
	if k == "" {
		return
	}
	for _, c := range r.index[k] {
		if c == code {
			return
		}
	}
	r.index[k] = append(r.index[k], code)
}

var defaultResolver = sync.OnceValue(New)

// Resolve resolves s with the default Resolver.
func Resolve(s string) (code string, ok bool) { return defaultResolver().Resolve(s) }

// Lookup matches s with the default Resolver.
func Lookup(s string) Match { return defaultResolver().Match(s) }

// Resolve returns the ISO 3166-1 alpha-2 code that s names, and whether it
// names exactly one country.
func (r *Resolver) Resolve(s string) (code string, ok bool) {
	m := r.Match(s)
	return m.Code, m.OK()
}

// Match resolves s and says how, or why not.
//
// It tries, in order, and stops at the first that gives an answer: the
// whole string; the string with a trailing ", X" moved to the front
// ("Korea, Republic of" is "Republic of Korea"); a leading "Republic of"
// dropped; and the string without a parenthesized part, allowed only when
// that part is a known qualifier ("(UK)", "(Republic of)") or itself names
// the same country ("Congo, Democratic Republic of (Kinshasa)").
func (r *Resolver) Match(s string) Match {
	s = strings.TrimSpace(s)
	if s == "" {
		return Match{How: Unknown, Note: "empty"}
	}
	if len(s) > 200 {
		return Match{How: Unknown, Note: "longer than any country name"}
	}
	if code, ok := r.byCode(s); ok {
		return Match{Code: code, How: ByCode, Key: s}
	}
	outside, inside := splitParens(s)
	for _, k := range candidates(s) {
		if m, ok := r.lookup(k); ok {
			return m
		}
	}
	if len(inside) > 0 && outside != "" {
		m := Match{How: Unknown}
		for _, k := range candidates(outside) {
			if mm, ok := r.lookup(k); ok {
				m = mm
				break
			}
		}
		if !m.OK() {
			return m
		}
		for _, in := range inside {
			q := normalize(in)
			if code, known := r.qualifiers[q]; known {
				if code != "" && code != m.Code {
					return Match{How: Ambiguous, Key: q, Others: []string{m.Code, code}, Note: "the name and its qualifier name different countries"}
				}
				continue
			}
			if code, ok := r.Resolve(in); ok && code == m.Code {
				continue
			}
			return Match{How: Unknown, Key: q, Note: "the part in parentheses is not a known qualifier of " + m.Code}
		}
		return m
	}
	return Match{How: Unknown, Key: normalize(s)}
}

// lookup finds one normalized key in the aliases, then the ISO names.
func (r *Resolver) lookup(k string) (Match, bool) {
	if k == "" {
		return Match{}, false
	}
	if a, ok := r.aliases[k]; ok {
		if len(a.Others) > 0 {
			return Match{How: Ambiguous, Key: k, Note: a.Note, Others: a.Others}, true
		}
		if a.Code == "" {
			return Match{How: NotCountry, Key: k, Note: a.Note}, true
		}
		return Match{Code: a.Code, How: ByAlias, Key: k, Note: a.Note}, true
	}
	codes := r.index[k]
	switch len(codes) {
	case 0:
		return Match{}, false
	case 1:
		return Match{Code: codes[0], How: ByName, Key: k}, true
	}
	return Match{How: Ambiguous, Key: k, Others: append([]string(nil), codes...)}, true
}

// byCode accepts an upper-case ISO alpha-2 or alpha-3 code as written.
// Lower-case codes are not accepted: "in", "no" and "us" are words.
func (r *Resolver) byCode(s string) (string, bool) {
	switch len(s) {
	case 2:
		if _, ok := custos.ISOCountry(s); ok {
			return s, true
		}
	case 3:
		if c, ok := r.alpha3[s]; ok {
			return c, true
		}
	}
	return "", false
}

// candidates returns the normalized forms of s to try, in order.
func candidates(s string) []string {
	var out []string
	add := func(k string) {
		if k == "" {
			return
		}
		for _, o := range out {
			if o == k {
				return
			}
		}
		out = append(out, k)
	}
	full := normalize(s)
	add(full)
	// "Korea, Republic of" -> "Republic of Korea"; split at the last comma
	// outside parentheses.
	if i := lastTopComma(s); i > 0 {
		add(normalize(s[i+1:] + " " + s[:i]))
	}
	for _, k := range append([]string(nil), out...) {
		add(strings.TrimPrefix(k, "republic of "))
	}
	return out
}

func lastTopComma(s string) int {
	depth := 0
	last := -1
	for i, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				last = i
			}
		}
	}
	return last
}

// splitParens returns s without its parenthesized parts, and those parts.
func splitParens(s string) (outside string, inside []string) {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '(')
		if i < 0 {
			b.WriteString(s)
			break
		}
		j := strings.IndexByte(s[i:], ')')
		if j < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		b.WriteByte(' ')
		inside = append(inside, s[i+1:i+j])
		s = s[i+j+1:]
	}
	return strings.TrimSpace(b.String()), inside
}

// normalize folds case and accents, turns "&" into "and" and "St" into
// "Saint", drops apostrophes, other punctuation and the word "the", and
// collapses spaces: "Côte d’Ivoire" and "COTE D'IVOIRE" are both
// "cote divoire".
func normalize(s string) string {
	s = norm.NFKD.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == '\'' || r == '’' || r == '‘' || r == '`' || r == 'ʻ' || r == '´':
		case r == '&':
			b.WriteString(" and ")
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(b.String())
	out := words[:0]
	for _, w := range words {
		switch w {
		case "the":
			continue
		case "st", "ste":
			w = "saint"
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}
