package hxl

import (
	"strings"
)

// Tag is one HXL hashtag with its attributes, such as #affected+killed+f:
// Name "affected", Attributes {"killed", "f"}. Names and attributes are
// lower case; HXL is case-insensitive.
type Tag struct {
	Name       string
	Attributes []string
}

// ParseTag parses a hashtag cell such as "#affected +killed +f". It reports
// false when the cell is not a hashtag.
func ParseTag(s string) (Tag, bool) {
	s = strings.ToLower(strings.Join(strings.Fields(s), ""))
	if !strings.HasPrefix(s, "#") {
		return Tag{}, false
	}
	parts := strings.Split(s[1:], "+")
	if !validName(parts[0]) {
		return Tag{}, false
	}
	t := Tag{Name: parts[0]}
	for _, a := range parts[1:] {
		if !validName(a) {
			return Tag{}, false
		}
		t.Attributes = append(t.Attributes, a)
	}
	return t, true
}

// validName reports whether s is a hashtag or attribute name: a letter,
// then letters, digits or underscores.
func validName(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// Has reports whether the tag has attribute a.
func (t Tag) Has(a string) bool {
	for _, x := range t.Attributes {
		if x == a {
			return true
		}
	}
	return false
}

// String returns the tag in HXL's compact form, "#affected+killed+f".
func (t Tag) String() string {
	if len(t.Attributes) == 0 {
		return "#" + t.Name
	}
	return "#" + t.Name + "+" + strings.Join(t.Attributes, "+")
}

// Pattern selects columns by hashtag, as HXL's tag patterns do:
// "#affected+killed-f" matches a column tagged #affected that has the
// attribute killed and does not have the attribute f; other attributes are
// allowed.
type Pattern struct {
	Name    string
	Include []string
	Exclude []string
}

// ParsePattern parses a tag pattern such as "#affected+killed-f-children".
// It panics on a malformed pattern: patterns are written in code.
func ParsePattern(s string) Pattern {
	s = strings.ToLower(strings.TrimPrefix(s, "#"))
	var p Pattern
	cur, sign := "", byte(0)
	flush := func() {
		switch sign {
		case 0:
			p.Name = cur
		case '+':
			p.Include = append(p.Include, cur)
		case '-':
			p.Exclude = append(p.Exclude, cur)
		}
	}
	for i := 0; i < len(s); i++ {
		if s[i] == '+' || s[i] == '-' {
			flush()
			cur, sign = "", s[i]
			continue
		}
		cur += string(s[i])
	}
	flush()
	if !validName(p.Name) {
		panic("hxl: bad pattern " + s)
	}
	return p
}

// Match reports whether the pattern selects tag t.
func (p Pattern) Match(t Tag) bool {
	if t.Name != p.Name {
		return false
	}
	for _, a := range p.Include {
		if !t.Has(a) {
			return false
		}
	}
	for _, a := range p.Exclude {
		if t.Has(a) {
			return false
		}
	}
	return true
}
