package conditions

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	celast "github.com/google/cel-go/common/ast"
	"github.com/google/cel-go/common/operators"
	"github.com/google/cel-go/common/types"
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
// them), the sub-expressions whose values explain a verdict, and problems
// the type checker cannot see: unknown incident categories and unknown
// keys of the vetting and consultations inputs, when written as constants.
//
// The values shown are those of the constant reads (indicator["POL-3"],
// "POL-3" in indicator, vetting.denied, incidents.credible("torture")) and
// of the inputs read as a whole (a loop over indicator or recipients), the
// input itself, rendered in full but bounded (see displayValue).
func inspect(a *celast.AST) ([]InputKey, []InputKey, []probe, []Problem) {
	var deps, consts []InputKey
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
			if name := call.FunctionName(); (name == "count" || name == "credible") && call.IsMemberFunction() && len(call.Args()) > 0 {
				if cat, ok := stringLiteral(call.Args()[0]); ok {
					if _, err := categoryArg(cat); err != nil {
						fail(call.Args()[0].ID(), "%s", err.Error())
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
	return deps, consts, probes, problems
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

func intLiteral(e celast.Expr) (int64, bool) {
	if e.Kind() != celast.LiteralKind {
		return 0, false
	}
	i, ok := e.AsLiteral().(types.Int)
	return int64(i), ok
}
