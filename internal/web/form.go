package web

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/custos-ssa/custos"
)

// field is one input of a form. Its Name is the record's JSON field path
// ("title", "names[1].lang", "budget[0].amount_usd"), which is also the key
// the store uses in custos.Error.Fields, so that each error lands next to
// its input.
type field struct {
	Name     string
	Label    string
	Type     string // text, textarea, select, number, date, checkbox, hidden (an id the form carries back)
	Value    string
	Checked  bool
	Options  []option
	Help     string
	Error    string
	Required bool
	// Short makes the input narrow (codes, years, amounts).
	Short bool
	// Readonly shows the value without letting it change (a country code
	// after creation).
	Readonly bool
	// Autofocus puts the cursor in the row that "add a row" just added,
	// after the page reloads.
	Autofocus bool
}

// option is one choice of a select.
type option struct{ Value, Label string }

// ID returns the element id of the input.
func (f field) ID() string { return fieldID(f.Name) }

// fieldID turns a field path into an element id: "names[1].lang" becomes
// "f-names-1-lang".
func fieldID(name string) string {
	var b strings.Builder
	b.WriteString("f-")
	dash := false
	for _, r := range name {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' {
			b.WriteRune(r)
			dash = false
		} else if !dash {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// Describedby lists the ids of the help and error texts of the input.
func (f field) Describedby() string {
	var ids []string
	if f.Error != "" {
		ids = append(ids, f.ID()+"-error")
	}
	if f.Help != "" {
		ids = append(ids, f.ID()+"-help")
	}
	return strings.Join(ids, " ")
}

// group is a repeated set of inputs: names with their language, budget by
// fiscal year, recipients. The form shows every row the record has plus one
// blank row; an "add a row" button posts the form back to get one more row
// without saving, which works with or without JavaScript.
type group struct {
	Name     string // the record's field: "names"
	Legend   string
	Help     string
	Error    string // an error about the whole list
	Rows     [][]field
	AddLabel string
}

// ID returns the element id of the group.
func (g group) ID() string { return fieldID(g.Name) }

// formItem is a field or a group, in form order.
type formItem struct {
	Field *field
	Group *group
}

// formErr is one error of the summary at the top of a form, linked to its
// input.
type formErr struct {
	Href, Message string
}

// form builds the inputs of a record's form. errs holds the store's (or the
// parser's) errors by field path; raw holds what the user typed where it
// could not be kept in the record (a letter in a number), so that the form
// shows it back.
type form struct {
	items []formItem
	errs  map[string]string
	raw   map[string]string
	extra map[string]int    // rows wanted in a group after "add a row"
	used  map[string]string // the label of each field shown, by name
}

func newForm(errs, raw map[string]string, extra map[string]int) *form {
	if errs == nil {
		errs = map[string]string{}
	}
	if raw == nil {
		raw = map[string]string{}
	}
	return &form{errs: errs, raw: raw, extra: extra, used: map[string]string{}}
}

// fill sets a field's error and any raw value the user typed.
func (fm *form) fill(f field) field {
	if v, ok := fm.raw[f.Name]; ok {
		f.Value = v
	}
	f.Error = fm.errs[f.Name]
	fm.used[f.Name] = f.Label
	return f
}

// add appends a field.
func (fm *form) add(f field) {
	f = fm.fill(f)
	fm.items = append(fm.items, formItem{Field: &f})
}

// addGroup appends a repeated group with rows built by row(i) for the n
// existing rows, plus blank rows.
func (fm *form) addGroup(g group, n int, row func(i int) []field) {
	blank := 1
	total, adding := fm.extra[g.Name]
	if adding {
		blank = max(total-n, 1)
	}
	for i := 0; i < n+blank; i++ {
		fs := row(i)
		for j := range fs {
			if i >= n && !fm.rawHas(fs[j].Name) {
				fs[j].Value, fs[j].Checked = "", false
			}
			fs[j] = fm.fill(fs[j])
		}
		g.Rows = append(g.Rows, fs)
	}
	if adding && len(g.Rows) > n && len(g.Rows[n]) > 0 {
		g.Rows[n][0].Autofocus = true
	}
	g.Error = fm.errs[g.Name]
	fm.used[g.Name] = g.Legend
	fm.items = append(fm.items, formItem{Group: &g})
}

func (fm *form) rawHas(name string) bool { _, ok := fm.raw[name]; return ok }

// summary lists every error, linked to its input where it has one.
func (fm *form) summary() []formErr {
	keys := make([]string, 0, len(fm.errs))
	for k := range fm.errs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []formErr
	for _, k := range keys {
		lbl, shown := fm.used[k]
		href := "#" + fieldID(k)
		if !shown {
			href, lbl = "", fieldLabelPath(k)
		}
		out = append(out, formErr{Href: href, Message: lbl + ": " + fm.errs[k]})
	}
	return out
}

// fieldLabelPath writes the path of a field that has no input on the form
// for people: "budget[0].amount_usd" becomes "Budget row 1, amount usd".
func fieldLabelPath(p string) string {
	var parts []string
	for _, seg := range strings.Split(p, ".") {
		name, idx, ok := strings.Cut(seg, "[")
		s := strings.ReplaceAll(name, "_", " ")
		if ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(idx, "]"))
			s += fmt.Sprintf(" row %d", n+1)
		}
		parts = append(parts, s)
	}
	out := strings.Join(parts, ", ")
	if out != "" {
		out = strings.ToUpper(out[:1]) + out[1:]
	}
	return out
}

// values reads a posted form. Unparseable input is recorded in errs and raw
// under the field path of the record being built.
type values struct {
	url.Values
	errs map[string]string
	raw  map[string]string
}

func newValues(v url.Values) *values {
	return &values{Values: v, errs: map[string]string{}, raw: map[string]string{}}
}

// str returns a trimmed text value.
func (v *values) str(name string) string { return strings.TrimSpace(v.Get(name)) }

// text returns a multi-line value as typed, with Windows line ends made
// plain.
func (v *values) text(name string) string {
	return strings.TrimSpace(strings.ReplaceAll(v.Get(name), "\r\n", "\n"))
}

// int64 reads a whole number; "" is 0. The value may carry thousands
// separators or a dollar sign. key is where the record holds it.
func (v *values) int64(name, key string) int64 {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return 0
	}
	clean := strings.NewReplacer(",", "", "$", "", " ", "").Replace(s)
	n, err := strconv.ParseInt(clean, 10, 64)
	if err != nil {
		v.errs[key] = fmt.Sprintf("%q is not a whole number", s)
		v.raw[key] = s
	}
	return n
}

// date reads YYYY-MM-DD; "" is the zero Date.
func (v *values) date(name, key string) custos.Date {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return custos.Date{}
	}
	d, err := custos.ParseDate(s)
	if err != nil {
		v.errs[key] = err.Error()
		v.raw[key] = s
	}
	return d
}

// partialDate reads YYYY, YYYY-MM or YYYY-MM-DD.
func (v *values) partialDate(name, key string) custos.PartialDate {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return custos.PartialDate{}
	}
	d, err := custos.ParsePartialDate(s)
	if err != nil {
		v.errs[key] = err.Error()
		v.raw[key] = s
	}
	return d
}

// releasability reads a level name; "" leaves the record's default.
func (v *values) releasability(name string) custos.Releasability {
	s := v.str(name)
	if s == "" {
		return 0
	}
	r, err := custos.ParseReleasability(s)
	if err != nil {
		v.errs[name] = custos.ErrorMessage(err)
		v.raw[name] = s
	}
	return r
}

// rows counts the rows of a repeated group that the form posted: the
// highest index of any input named "group[i]...", plus one.
func (v *values) rows(group string) int {
	n := 0
	prefix := group + "["
	for k := range v.Values {
		rest, ok := strings.CutPrefix(k, prefix)
		if !ok {
			continue
		}
		idx, _, ok := strings.Cut(rest, "]")
		if !ok {
			continue
		}
		if i, err := strconv.Atoi(idx); err == nil && i >= 0 && i < custos.MaxRefs && i+1 > n {
			n = i + 1
		}
	}
	return n
}

// blank reports whether every named input of row i of group is empty.
func (v *values) blank(group string, i int, names ...string) bool {
	for _, n := range names {
		if strings.TrimSpace(v.Get(fmt.Sprintf("%s[%d]%s", group, i, n))) != "" {
			return false
		}
	}
	return true
}

// ids reads a repeated group of record ids (recipients, participants):
// inputs named group[i]; blanks are dropped.
func (v *values) ids(group string) []int64 {
	var out []int64
	for i, n := 0, v.rows(group); i < n; i++ {
		name := fmt.Sprintf("%s[%d]", group, i)
		if strings.TrimSpace(v.Get(name)) == "" {
			continue
		}
		j := len(out)
		out = append(out, v.int64(name, fmt.Sprintf("%s[%d]", group, j)))
	}
	return out
}

// names reads a repeated group of names with language tags.
func (v *values) names(group string) []custos.Name {
	var out []custos.Name
	for i, n := 0, v.rows(group); i < n; i++ {
		if v.blank(group, i, ".value", ".lang") {
			continue
		}
		out = append(out, custos.Name{Value: v.str(fmt.Sprintf("%s[%d].value", group, i)), Lang: v.str(fmt.Sprintf("%s[%d].lang", group, i))})
	}
	return out
}

// releasabilityField is the select of the levels the caller may give: no
// higher than the caller's clearance, so that nobody hides a record from
// themselves.
func releasabilityField(p custos.Principal, r custos.Releasability) field {
	f := field{Name: "releasability", Label: "Who may see this record", Type: "select", Value: r.String(), Required: true,
		Help: "Public records appear on the public portal. Restricted and protected records are hidden from roles below that level."}
	for _, l := range custos.Releasabilities() {
		if l <= p.Clearance() || l == r {
			f.Options = append(f.Options, option{l.String(), releasabilityHelp(l)})
		}
	}
	return f
}

// choices makes select options from a vocabulary, with an empty first
// choice when the field is optional.
func choices[T ~string](list []T, empty string) []option {
	var out []option
	if empty != "" {
		out = append(out, option{"", empty})
	}
	for _, x := range list {
		out = append(out, option{string(x), label(x)})
	}
	return out
}

// countryOptions lists ISO countries for a select.
func countryOptions(empty string) []option {
	out := []option{{"", empty}}
	for _, c := range custos.ISOCountries() {
		out = append(out, option{c.Code, c.Name + " (" + c.Code + ")"})
	}
	return out
}

// actorKindOptions lists actor kinds by category with their labels.
func actorKindOptions(empty string) []option {
	out := []option{}
	if empty != "" {
		out = append(out, option{"", empty})
	}
	for _, k := range custos.ActorKinds {
		out = append(out, option{string(k.Kind), k.Label})
	}
	return out
}

// itoa writes an id or number for an input, "" for zero.
func itoa(n int64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(n, 10)
}
