package vetting

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// scriptOf names the script of a word by its first letter that has one.
func scriptOf(w string) string {
	for _, r := range w {
		switch {
		case unicode.IsDigit(r):
			continue
		case r < 0x80 || unicode.Is(unicode.Latin, r):
			if unicode.IsLetter(r) {
				return "latin"
			}
		case unicode.Is(unicode.Arabic, r):
			return "arabic"
		case unicode.Is(unicode.Cyrillic, r):
			return "cyrillic"
		case unicode.Is(unicode.Greek, r):
			return "greek"
		case unicode.Is(unicode.Hebrew, r):
			return "hebrew"
		case unicode.Is(unicode.Hangul, r):
			return "hangul"
		case unicode.Is(unicode.Han, r):
			return "han"
		case unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r):
			return "kana"
		case unicode.Is(unicode.Thai, r):
			return "thai"
		case unicode.IsLetter(r):
			return "other"
		}
	}
	return "latin"
}

// transliterate turns one folded word into one or more tokens with Latin
// candidate spellings. Hangul and Han words split into one token a
// syllable, as their Latin spellings are written.
func transliterate(w, script string) []Token {
	t := Token{Text: w}
	switch script {
	case "latin":
		t.Forms = []string{foldLatin(w)}
	case "arabic":
		t.Forms, t.Translit = arabicForms(w), true
	case "cyrillic":
		t.Forms, t.Translit = cyrillicForms(w), true
	case "greek":
		t.Forms, t.Translit = greekForms(w), true
	case "hebrew":
		t.Forms, t.Translit = hebrewForms(w), true
	case "thai":
		t.Forms, t.Translit = []string{thaiForm(w)}, true
	case "kana":
		t.Forms, t.Translit = kanaForms(w), true
	case "hangul", "han":
		// One token a syllable, but a run of kana (the given name in
		// 田中さくら) is one word.
		var out []Token
		kana := []rune{}
		flush := func() {
			if len(kana) > 0 {
				k := string(kana)
				forms := kanaForms(k)
				if len(forms) == 0 {
					forms = []string{k}
				}
				out = append(out, Token{Text: k, Forms: forms, Translit: true})
				kana = kana[:0]
			}
		}
		for _, r := range w {
			if isKana(r) {
				kana = append(kana, r)
				continue
			}
			flush()
			var forms []string
			if script == "hangul" {
				forms = hangulForms(r)
			} else {
				forms = hanForms(r)
			}
			if len(forms) == 0 {
				forms = []string{string(r)}
			}
			out = append(out, Token{Text: string(r), Forms: forms, Translit: true})
		}
		flush()
		return out
	}
	if g := groupOf(w); g != "" && t.Translit {
		if script == "arabic" || script == "hebrew" {
			// The mechanical spelling guesses the unwritten vowels; the group's is better.
			t.Forms = append([]string{g}, t.Forms...)
		} else {
			t.Forms = append(t.Forms, g)
		}
	}
	var forms []string
	for _, f := range t.Forms {
		if f != "" {
			forms = appendUnique(forms, f)
		}
	}
	if len(forms) == 0 {
		forms = []string{w} // nothing to transliterate with: match the word as written
	}
	t.Forms = forms
	return []Token{t}
}

var arabicLetters = map[rune]string{
	'ب': "b", 'ت': "t", 'ث': "th", 'ج': "j", 'ح': "h", 'خ': "kh", 'د': "d", 'ذ': "dh",
	'ر': "r", 'ز': "z", 'س': "s", 'ش': "sh", 'ص': "s", 'ض': "d", 'ط': "t", 'ظ': "z",
	'غ': "gh", 'ف': "f", 'ق': "q", 'ك': "k", 'ک': "k", 'ل': "l", 'م': "m", 'ن': "n",
	'ه': "h", 'پ': "p", 'چ': "ch", 'ژ': "zh", 'گ': "g",
}

// arabicForms transliterates an Arabic or Persian word. Short vowels are not
// written, so it gives two spellings: the letters as written (long vowels
// only) and one with "a" between consonants; the phonetic key, which drops
// vowels, ties both to Latin spellings.
func arabicForms(w string) []string {
	switch w {
	case "عبد":
		return []string{"abd"}
	case "الله", "اللہ":
		return []string{"allah"}
	case "بن", "ابن", "بنت":
		return []string{"bin"}
	case "ال":
		return []string{"al"}
	case "أبو", "ابو":
		return []string{"abu"}
	}
	rs := []rune(w)
	if len(rs) > 3 && rs[0] == 'ا' && rs[1] == 'ل' {
		rs = rs[2:] // the article al-
	}
	type seg struct {
		s     string
		vowel bool
	}
	var segs []seg
	for i, r := range rs {
		switch r {
		case 'ا', 'أ', 'آ', 'ى', 'ع':
			segs = append(segs, seg{"a", true})
		case 'إ':
			segs = append(segs, seg{"i", true})
		case 'ة':
			segs = append(segs, seg{"a", true})
		case 'ء', 'ئ', 'ؤ', 'ـ':
		case 'و':
			if i == 0 {
				segs = append(segs, seg{"w", false})
			} else {
				segs = append(segs, seg{"u", true})
			}
		case 'ي', 'ی':
			if i == 0 {
				segs = append(segs, seg{"y", false})
			} else {
				segs = append(segs, seg{"i", true})
			}
		default:
			if l, ok := arabicLetters[r]; ok {
				segs = append(segs, seg{l, false})
			}
		}
	}
	var bare, voweled strings.Builder
	for i, s := range segs {
		bare.WriteString(s.s)
		voweled.WriteString(s.s)
		if !s.vowel && i+1 < len(segs) && !segs[i+1].vowel {
			voweled.WriteByte('a')
		}
	}
	return []string{voweled.String(), bare.String()}
}

var cyrillicLetters = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh", 'з': "z",
	'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r",
	'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh",
	'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
	'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g", 'ў': "u", 'ђ': "dj", 'ј': "j", 'љ': "lj",
	'њ': "nj", 'ћ': "c", 'џ': "dz", 'ѓ': "gj", 'ќ': "kj", 'ѕ': "dz", 'ә': "a", 'ө': "o",
	'ү': "u", 'ҳ': "h", 'қ': "q", 'ғ': "gh", 'ң': "ng", 'һ': "h",
}

// cyrillicForms transliterates a Cyrillic word in three common systems: the
// BGN/PCGN-like one, a simplified English one (Dmitry, Yuri) and the
// ICAO/scientific one used in passports (Dmitrii, Iurii).
func cyrillicForms(w string) []string {
	rs := []rune(w)
	var bgn, simple, icao strings.Builder
	for i, r := range rs {
		l := cyrillicLetters[r]
		s, c := l, l
		switch r {
		case 'й':
			s, c = "y", "i"
			if i > 0 && (rs[i-1] == 'и' || rs[i-1] == 'ы') {
				s = ""
				if i == len(rs)-1 {
					l = "y"
				}
			}
		case 'х':
			s, c = "kh", "kh"
		case 'ю':
			c = "iu"
		case 'я':
			c = "ia"
		case 'е':
			if i == 0 {
				l, s = "ye", "e"
			}
		case 'ц':
			c = "ts"
		case 'ж':
			c = "zh"
		}
		bgn.WriteString(l)
		simple.WriteString(s)
		icao.WriteString(c)
	}
	return []string{bgn.String(), simple.String(), icao.String()}
}

// nfd decomposes a word so that accents and points become marks.
func nfd(w string) string { return norm.NFD.String(w) }

var greekLetters = map[rune]string{
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i", 'θ': "th",
	'ι': "i", 'κ': "k", 'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x", 'ο': "o", 'π': "p",
	'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t", 'υ': "y", 'φ': "f", 'χ': "ch", 'ψ': "ps", 'ω': "o",
}

// greekForms transliterates a Greek word (accents stripped) by ELOT 743 and
// by the classical convention (ch, ou as u, b for beta) found in older names.
func greekForms(w string) []string {
	var plain []rune
	for _, r := range []rune(foldMarks(w)) {
		plain = append(plain, r)
	}
	var elot, classic strings.Builder
	for i := 0; i < len(plain); i++ {
		r := plain[i]
		var next rune
		if i+1 < len(plain) {
			next = plain[i+1]
		}
		switch {
		case r == 'ο' && next == 'υ':
			elot.WriteString("ou")
			classic.WriteString("u")
			i++
			continue
		case r == 'μ' && next == 'π' && i == 0:
			elot.WriteString("b")
			classic.WriteString("b")
			i++
			continue
		case r == 'ν' && next == 'τ' && i == 0:
			elot.WriteString("d")
			classic.WriteString("d")
			i++
			continue
		case r == 'γ' && (next == 'γ' || next == 'κ'):
			elot.WriteString("ng")
			classic.WriteString("ng")
			i++
			continue
		}
		l := greekLetters[r]
		elot.WriteString(l)
		switch r {
		case 'β':
			classic.WriteString("b")
		case 'η':
			classic.WriteString("e")
		case 'ο', 'ω':
			classic.WriteString("o")
		default:
			classic.WriteString(l)
		}
	}
	return []string{elot.String(), classic.String()}
}

// foldMarks strips combining marks (Greek accents, Hebrew points).
func foldMarks(w string) string {
	var b strings.Builder
	for _, r := range nfd(w) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var hebrewLetters = map[rune]string{
	'א': "", 'ב': "v", 'ג': "g", 'ד': "d", 'ה': "h", 'ו': "v", 'ז': "z", 'ח': "ch",
	'ט': "t", 'י': "y", 'כ': "k", 'ך': "ch", 'ל': "l", 'מ': "m", 'ם': "m", 'נ': "n",
	'ן': "n", 'ס': "s", 'ע': "", 'פ': "p", 'ף': "f", 'צ': "ts", 'ץ': "ts", 'ק': "k",
	'ר': "r", 'ש': "sh", 'ת': "t",
}

// hebrewForms transliterates a Hebrew word twice: vav and yod as consonants
// (David), and as the vowels o and i (Moshe, Yosef); final he is a vowel.
func hebrewForms(w string) []string {
	rs := []rune(foldMarks(w))
	var cons, vow strings.Builder
	for i, r := range rs {
		l := hebrewLetters[r]
		v := l
		switch {
		case r == 'ו' && i > 0:
			v = "o"
		case r == 'י' && i > 0:
			v = "i"
		case r == 'ה' && i == len(rs)-1 && i > 0:
			l, v = "e", "e"
		case r == 'ב' && i == 0:
			l, v = "b", "b"
		}
		if i > 0 && l != "" && v != "o" && v != "i" && i < len(rs)-1 {
			// an unwritten vowel between consonants
			v += "a"
		}
		cons.WriteString(l)
		vow.WriteString(v)
	}
	return []string{cons.String(), vow.String()}
}
