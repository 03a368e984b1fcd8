package conditions

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	celast "github.com/google/cel-go/common/ast"
	"github.com/google/cel-go/common/operators"
	"github.com/google/cel-go/common/types"

	"github.com/custos-ssa/custos"
)

// InputKey names a piece of data an expression reads: an input of the
// catalog and, for the inputs that are looked up by key, the key. Key "*"
// means every key; "" is for inputs without keys (today, recipients).
//
//	{indicator POL-3}   indicator["POL-3"]
//	{vetting denied}    vetting.denied
//	{incidents torture} incidents.credible("torture", 90)
//	{incidents *}       incidents.count("any"), or a category computed at run time
type InputKey struct {
	Input string `json:"input"`
	Key   string `json:"key,omitempty"`
}

// String writes the key as input[key], or the input alone.
func (k InputKey) String() string {
	if k.Key == "" {
		return k.Input
	}
	return k.Input + "[" + k.Key + "]"
}

// Matches reports whether a change to the data named by changed can alter
// what an expression that reads k sees.
func (k InputKey) Matches(changed InputKey) bool {
	if k.Input != changed.Input {
		return false
	}
	return k.Key == changed.Key || k.Key == "*" || changed.Key == "*"
}

func compareKeys(a, b InputKey) int {
	if c := strings.Compare(a.Input, b.Input); c != 0 {
		return c
	}
	return strings.Compare(a.Key, b.Key)
}

// inspect walks a checked expression and returns the inputs it reads, the
// constant keys it reads them by (before a read of the whole input subsumes
// them), the unit ids it names as constants (incidents.unit(42)), sorted,
// the sub-expressions whose values explain a verdict, and problems the type
// checker cannot see, when written as constants: unknown incident
// categories, unknown keys of the vetting and consultations inputs, windows
// of count and credible out of range (incidents.count("any", 0)), unit ids
// that cannot be an actor's (incidents.unit(-1)) and dates that are not days
// of the calendar (date("2026-02-30")). Each of these would otherwise fail
// at every evaluation, or worse.
//
// The values shown are those of the constant reads (indicator["POL-3"],
// "POL-3" in indicator, vetting.denied, incidents.credible("torture")) and
// of the inputs read as a whole (a loop over indicator or recipients), the
// input itself, rendered in full but bounded (see displayValue).
func inspect(a *celast.AST) ([]InputKey, []InputKey, []int64, []probe, []Problem) {
	var deps, consts []InputKey
	var units []int64
	var probes []probe
	var problems []Problem
	fail := func(id int64, format string, args ...any) {
		loc := a.SourceInfo().GetStartLocation(id)
		problems = append(problems, Problem{max(loc.Line(), 1), loc.Column() + 1, fmt.Sprintf(format, args...)})
	}
	addProbe := func(e celast.Expr) { probes = append(probes, probe{id: e.ID(), text: unparse(a, e)}) }
	// addWhole shows the whole input when the identifier, or the
	// expression that reads it (indicator[k], whose identifier CEL does
	// not evaluate on its own), was evaluated.
	addWhole := func(n celast.NavigableExpr, name string) {
		probes = append(probes, probe{id: n.ID(), text: name, whole: true})
		if p, ok := n.Parent(); ok && p.Kind() == celast.CallKind && p.AsCall().FunctionName() == operators.Index {
			probes = append(probes, probe{id: p.ID(), text: name, whole: true})
		}
	}
	known := map[string]bool{}
	for _, in := range catalog {
		known[in.Name] = true
	}
	for _, n := range celast.MatchDescendants(celast.NavigateAST(a), celast.AllMatcher()) {
		switch n.Kind() {
		case celast.CallKind:
			call := n.AsCall()
			args := call.Args()
			switch name := call.FunctionName(); {
			case (name == "count" || name == "credible") && call.IsMemberFunction() && len(args) > 0:
				if cat, ok := stringLiteral(args[0]); ok {
					if _, err := categoryArg(cat); err != nil {
						fail(args[0].ID(), "%s", err.Error())
					}
				}
				if len(args) == 2 {
					if days, ok := constantInt(args[1]); ok && (days < 1 || days > maxWindowDays) {
						fail(args[1].ID(), "the window of %s must be 1 to %d days, got %d", name, maxWindowDays, days)
					}
				}
			case name == "unit" && call.IsMemberFunction() && len(args) == 1:
				if u, ok := constantInt(args[0]); ok {
					if u < 1 {
						fail(args[0].ID(), "incidents.unit(%d) names no unit: a unit's id is a positive number", u)
					} else {
						units = append(units, u)
					}
				}
			case name == "date" && !call.IsMemberFunction() && len(args) == 1:
				if text, ok := stringLiteral(args[0]); ok {
					if _, err := custos.ParseDate(text); err != nil {
						if _, perr := time.Parse(time.DateOnly, text); perr != nil && dateForm.MatchString(text) {
							fail(args[0].ID(), "date(%q) names no day of the calendar (check the month and the day)", text)
						} else {
							fail(args[0].ID(), "date(%q): %s", text, err.Error())
						}
					}
				}
			}
			continue
		case celast.IdentKind:
		default:
			continue
		}
		name := n.AsIdent()
		if !known[name] {
			continue
		}
		parent, hasParent := n.Parent()
		switch name {
		case "indicator", "baseline", "target", "vetting", "consultations":
			key, keyExpr := "*", celast.Expr(nil)
			if hasParent && parent.Kind() == celast.SelectKind {
				key, keyExpr = parent.AsSelect().FieldName(), parent
			} else if hasParent && parent.Kind() == celast.CallKind && parent.AsCall().FunctionName() == operators.Index && parent.AsCall().Args()[0].ID() == n.ID() {
				if k, ok := stringLiteral(parent.AsCall().Args()[1]); ok {
					key, keyExpr = k, parent
				}
			} else if hasParent && parent.Kind() == celast.CallKind && parent.AsCall().FunctionName() == operators.In && parent.AsCall().Args()[1].ID() == n.ID() {
				// "POL-3" in indicator reads one key: whether it is there.
				if k, ok := stringLiteral(parent.AsCall().Args()[0]); ok {
					key, keyExpr = k, parent
				}
			}
			if keyExpr != nil && (name == "vetting" || name == "consultations") {
				keys := vettingKeys
				if name == "consultations" {
					keys = consultationKeys
				}
				if !slices.Contains(keys, key) {
					fail(keyExpr.ID(), "%s has no key %q; its keys are: %s", name, key, strings.Join(keys, ", "))
				}
			}
			deps = append(deps, InputKey{name, key})
			if keyExpr != nil {
				consts = append(consts, InputKey{name, key})
				addProbe(keyExpr)
			} else {
				addWhole(n, name)
			}
		case "incidents":
			key, query := incidentQuery(n)
			deps = append(deps, InputKey{name, key})
			if query != nil {
				addProbe(query)
			}
		case "recipients":
			deps = append(deps, InputKey{Input: name})
			addWhole(n, name)
		default:
			deps = append(deps, InputKey{Input: name})
			addProbe(n)
		}
	}
	slices.SortFunc(deps, compareKeys)
	deps = slices.CompactFunc(deps, func(x, y InputKey) bool { return x == y })
	slices.SortFunc(consts, compareKeys)
	consts = slices.Compact(consts)
	// A wildcard subsumes the named keys of the same input.
	wild := map[string]bool{}
	for _, d := range deps {
		if d.Key == "*" {
			wild[d.Input] = true
		}
	}
	deps = slices.DeleteFunc(deps, func(d InputKey) bool { return wild[d.Input] && d.Key != "*" })
	sort.SliceStable(probes, func(i, j int) bool { return probes[i].text < probes[j].text })
	slices.Sort(units)
	units = slices.Compact(units)
	return deps, consts, units, probes, problems
}

// incidentQuery finds the count or credible call an incidents identifier
// feeds, directly or through unit(), and returns its category key ("*" for
// "any" or a category computed at run time) and the call when every
// argument is a constant, so its value can be reported.
func incidentQuery(n celast.NavigableExpr) (string, celast.Expr) {
	call, constant := n, true
	p, ok := n.Parent()
	if ok && p.Kind() == celast.CallKind && p.AsCall().FunctionName() == "unit" && p.AsCall().Target().ID() == n.ID() {
		_, isInt := intLiteral(p.AsCall().Args()[0])
		constant = isInt
		call = p
		p, ok = p.Parent()
	}
	if !ok || p.Kind() != celast.CallKind || p.AsCall().Target() == nil || p.AsCall().Target().ID() != call.ID() {
		return "*", nil
	}
	c := p.AsCall()
	if c.FunctionName() != "count" && c.FunctionName() != "credible" {
		return "*", nil
	}
	cat, ok := stringLiteral(c.Args()[0])
	if !ok {
		return "*", nil
	}
	for _, arg := range c.Args()[1:] {
		_, isInt := intLiteral(arg)
		constant = constant && isInt
	}
	key := cat
	if cat == IncidentCategoryAny {
		key = "*"
	}
	if !constant {
		return key, nil
	}
	return key, p
}

func stringLiteral(e celast.Expr) (string, bool) {
	if e.Kind() != celast.LiteralKind {
		return "", false
	}
	s, ok := e.AsLiteral().(types.String)
	return string(s), ok
}

// dateForm is the form date() reads, YYYY-MM-DD, whatever the numbers.
var dateForm = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)

// constantInt returns the value of an int literal, or of the negation of
// one (-(5)); the parser already reads -5 as a literal.
func constantInt(e celast.Expr) (int64, bool) {
	if e.Kind() == celast.CallKind && e.AsCall().FunctionName() == operators.Negate && len(e.AsCall().Args()) == 1 {
		if i, ok := intLiteral(e.AsCall().Args()[0]); ok && i != math.MinInt64 {
			return -i, true
		}
		return 0, false
	}
	return intLiteral(e)
}

func intLiteral(e celast.Expr) (int64, bool) {
	if e.Kind() != celast.LiteralKind {
		return 0, false
	}
	i, ok := e.AsLiteral().(types.Int)
	return int64(i), ok
}
