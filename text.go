package custos

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text limits.
const (
	MaxNameLen = 500   // a name of a person, unit or program, in characters
	MaxTextLen = 20000 // a description or note, in characters
	MaxNames   = 100   // aliases on one record
	MaxRefs    = 10000 // linked records (recipients, participants) on one record
)

// checkText validates a free-text field: valid UTF-8, no control characters
// other than line breaks and tabs, at most max characters. required says
// whether the empty string is an error.
func checkText(f FieldErrors, field, s string, max int, required bool) {
	switch {
	case !utf8.ValidString(s):
		f.Add(field, "is not valid UTF-8")
	case required && strings.TrimSpace(s) == "":
		f.Add(field, "is required")
	case utf8.RuneCountInString(s) > max:
		f.Add(field, fmt.Sprintf("is longer than %d characters", max))
	default:
		for _, r := range s {
			if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
				f.Add(field, fmt.Sprintf("contains the control character %U", r))
				return
			}
		}
	}
}

// checkLine is checkText for one-line fields, such as names.
func checkLine(f FieldErrors, field, s string, max int, required bool) {
	checkText(f, field, s, max, required)
	if strings.ContainsAny(s, "\n\r") {
		f.Add(field, "must be on one line")
	}
}

// checkName is checkLine for the name of a person or unit, which must
// hold at least one letter or digit: a name of punctuation alone could not
// be screened against anything, and a vetting of it would clear nobody.
func checkName(f FieldErrors, field, s string, required bool) {
	checkLine(f, field, s, MaxNameLen, required)
	if _, bad := f[field]; bad || s == "" {
		return
	}
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
		f.Add(field, "has no letters or digits")
	}
}

var langTag = regexp.MustCompile(`^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$`)

// Name is one name of a person or actor, in any script, with the language
// it is written in as a BCP 47 tag ("ar", "fr", "ru-Latn"); the tag may be
// empty when unknown.
type Name struct {
	Value string `json:"value"`
	Lang  string `json:"lang,omitempty"`
}

func checkNames(f FieldErrors, field string, names []Name) {
	if len(names) > MaxNames {
		f.Add(field, fmt.Sprintf("has more than %d names", MaxNames))
		return
	}
	for i, n := range names {
		p := fmt.Sprintf("%s[%d]", field, i)
		checkName(f, p+".value", n.Value, true)
		if n.Lang != "" && !langTag.MatchString(n.Lang) {
			f.Add(p+".lang", fmt.Sprintf("%q is not a language tag such as en, ar or ru-Latn", n.Lang))
		}
	}
}

func checkReleasability(f FieldErrors, r Releasability) {
	if !r.Valid() {
		f.Add("releasability", "must be public, internal, restricted or protected")
	}
}

func checkRefs(f FieldErrors, field string, ids []int64) {
	if len(ids) > MaxRefs {
		f.Add(field, fmt.Sprintf("has more than %d entries", MaxRefs))
		return
	}
	seen := make(map[int64]bool, len(ids))
	for i, id := range ids {
		switch {
		case id <= 0:
			f.Add(fmt.Sprintf("%s[%d]", field, i), "must be a positive id")
		case seen[id]:
			f.Add(fmt.Sprintf("%s[%d]", field, i), fmt.Sprintf("repeats id %d", id))
		}
		seen[id] = true
	}
}

func oneOf[T ~string](f FieldErrors, field string, v T, allowed []T, required bool) {
	if v == "" {
		if required {
			f.Add(field, "is required")
		}
		return
	}
	for _, a := range allowed {
		if a == v {
			return
		}
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	f.Add(field, fmt.Sprintf("%q is not one of: %s", string(v), strings.Join(names, ", ")))
}
