package vetting

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Name is a name made ready for matching: its words in a canonical Latin
// form with candidate spellings, and the ranks and honorifics that stood in
// front of it, kept apart as features.
type Name struct {
	Raw    string   `json:"raw"`
	Tokens []Token  `json:"tokens"`
	Ranks  []string `json:"ranks,omitempty"` // canonical rank keys, such as "colonel"
	Script string   `json:"script"`          // dominant script: latin, arabic, cyrillic, greek, ...
}

// Token is one word of a name. Forms holds its candidate Latin spellings,
// the most likely first; a word in a script whose vowels are unwritten, or
// whose transliteration differs by convention, has several.
type Token struct {
	Text     string   `json:"text"`  // the word folded, in its own script
	Forms    []string `json:"forms"` // Latin spellings, lower case ASCII
	Particle bool     `json:"particle,omitempty"`
	Translit bool     `json:"translit,omitempty"` // Forms came from another script
}

var folder = cases.Fold()

// Normalize prepares a name in any script for matching: Unicode NFKC, case
// folding, punctuation and hyphen variants to word breaks, transliteration
// to Latin, ranks and honorifics set apart, Arabic articles dropped, "Abd
// al-" compounds joined and particles marked. It never fails: a name with
// no letters gives a Name with no tokens.
func Normalize(name string) Name {
	if !utf8.ValidString(name) {
		name = strings.ToValidUTF8(name, " ")
	}
	n := Name{Raw: name}
	toks, script := tokenize(name)
	n.Script = script

	// Ranks and honorifics in front of the name are features, not words.
	i := 0
	for i < len(toks)-1 {
		key, ok := rankOf(toks[i])
		if !ok {
			break
		}
		n.Ranks = append(n.Ranks, key)
		i++
	}
	toks = toks[i:]

	var out []Token
	for j := 0; j < len(toks); j++ {
		t := toks[j]
		f := t.Forms[0]
		switch {
		case generations[f] && j > 0:
			continue
		case (f == "al" || f == "el" || f == "ul") && j+1 < len(toks):
			continue // the Arabic article: al-Rashid, el Rashid and Rashid are one name
		case isAbd(f) && j+1 < len(toks) && !toks[j+1].Particle:
			next := j + 1
			if k := toks[next].Forms[0]; (k == "al" || k == "el" || k == "ul") && next+1 < len(toks) {
				next++
			}
			rest := toks[next]
			forms := []string{}
			for _, rf := range rest.Forms {
				forms = appendUnique(forms, joinAbd(f, rf))
			}
			out = append(out, Token{Text: t.Text + " " + rest.Text, Forms: forms, Translit: t.Translit || rest.Translit})
			j = next
			continue
		case isAbdCompound(f):
			t.Forms = appendUnique([]string{joinAbd("abd", f[3:])}, f)
		}
		if particles[f] && len(toks) > 1 {
			t.Particle = true
		}
		if !t.Particle {
			t.Forms = articleForms(t.Forms)
		}
		out = append(out, t)
	}
	n.Tokens = out
	return n
}

// tokenize folds a name and splits it into transliterated words, and
// names its dominant script.
func tokenize(name string) ([]Token, string) {
	s := folder.String(norm.NFKC.String(name))
	counts := map[string]int{}
	var toks []Token
	for _, w := range splitWords(s) {
		script := scriptOf(w)
		counts[script]++
		toks = append(toks, transliterate(w, script)...)
	}
	return toks, dominant(counts)
}

// isAbd reports whether a word is "Abd" (servant of), in one of its
// spellings, which joins the following divine name into one name.
func isAbd(f string) bool {
	switch f {
	case "abd", "abdel", "abdul", "abdal", "abdoul", "abdu", "abdil", "abdol", "abed":
		return true
	}
	return false
}

// isAbdCompound reports whether a word is "Abd" fused with the name after
// it (Abdulrahman, Abdelaziz, Abdurrahman).
func isAbdCompound(f string) bool {
	if len(f) > 6 && strings.HasPrefix(f, "abd") {
		return strings.ContainsRune("aeiou", rune(f[3]))
	}
	return false
}

// joinAbd joins "Abd" and the name after it into one canonical word, so
// that Abdullah, Abd Allah and Abdallah, or Abdul Rahman and Abderrahmane,
// meet: "abd" then the name without its article or assimilated consonant.
func joinAbd(abd, rest string) string {
	if strings.HasPrefix(abd, "abd") && len(abd) > 3 {
		rest = abd[3:] + rest
	}
	if len(rest) > 2 && strings.ContainsRune("aeiou", rune(rest[0])) && (rest[1] == 'l' || rest[1] == rest[2]) {
		rest = rest[1:] // the article's vowel: al-, el-, ul-, or ur- before a doubled sun letter
	}
	if strings.HasPrefix(rest, "l") && len(rest) > 1 {
		rest = rest[1:]
	}
	if len(rest) > 2 && rest[0] == rest[1] {
		rest = rest[1:]
	}
	if rest == "" {
		return "abd"
	}
	return "abd" + rest
}

// articleForms adds the spelling without a fused Arabic article ("alrashid"
// also as "rashid") as a further candidate.
func articleForms(forms []string) []string {
	f := forms[0]
	for _, p := range []string{"al", "el"} {
		if strings.HasPrefix(f, p) && len(f) >= len(p)+4 && groupOf(f) == "" {
			return appendUnique(forms, f[len(p):])
		}
	}
	return forms
}

// rankOf reports whether a token is a rank or honorific, and its key.
func rankOf(t Token) (string, bool) {
	if k, ok := ranks[t.Text]; ok {
		return k, true
	}
	k, ok := ranks[t.Forms[0]]
	return k, ok
}

// splitWords breaks folded text into words at anything that is not a
// letter, digit or combining mark. Apostrophes join (O'Brien, Abd al-'Aziz)
// except after a French or Italian elided article (d', l', dell').
func splitWords(s string) []string {
	var words []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			words = append(words, b.String())
			b.Reset()
		}
	}
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r):
			b.WriteRune(r)
		case r == '\'' || r == '’' || r == 'ʼ' || r == 'ʿ' || r == 'ʾ' || r == '`' || r == '‘':
			switch b.String() {
			case "d", "l", "dell", "all", "qu", "j", "s", "n":
				flush()
			}
		default:
			flush()
		}
	}
	flush()
	return words
}

// foldLatin strips diacritics and maps the Latin letters that do not
// decompose (ø, æ, ß, ł, đ...) to ASCII; other characters are dropped.
func foldLatin(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + 32)
		case unicode.Is(unicode.Mn, r):
		default:
			if m, ok := latinExtra[r]; ok {
				b.WriteString(m)
			} else if d := digitValue(r); d >= 0 {
				b.WriteByte(byte('0' + d))
			}
		}
	}
	return b.String()
}

var latinExtra = map[rune]string{
	'ø': "o", 'æ': "ae", 'œ': "oe", 'ß': "ss", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th",
	'ı': "i", 'ħ': "h", 'ŧ': "t", 'ŋ': "ng", 'ə': "e", 'ɛ': "e", 'ɔ': "o", 'ƒ': "f",
	'Ø': "o", 'Æ': "ae", 'Œ': "oe", 'Ł': "l", 'Đ': "d",
}

// digitValue returns the value of a decimal digit in any script, or -1.
func digitValue(r rune) int {
	if !unicode.IsDigit(r) {
		return -1
	}
	for _, zero := range []rune{'0', '٠', '۰', '०', '০', '०'} {
		if r >= zero && r <= zero+9 {
			return int(r - zero)
		}
	}
	return -1
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// dominant returns the script with the most words, ties broken by name.
func dominant(counts map[string]int) string {
	best, n := "", 0
	for _, s := range []string{"latin", "arabic", "cyrillic", "greek", "hebrew", "hangul", "han", "kana", "thai", "other"} {
		if counts[s] > n {
			best, n = s, counts[s]
		}
	}
	return best
}
