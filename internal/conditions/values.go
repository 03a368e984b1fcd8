package conditions

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/common/types/ref"
	"github.com/google/cel-go/common/types/traits"
	"github.com/google/cel-go/interpreter"

	"github.com/custos-ssa/custos"
)

// incidentsVal is the CEL value of the incidents input: the index, the
// units in scope (nil: all), the tree of units that unit() follows, and the
// as-of day that closes every window.
type incidentsVal struct {
	ix    *IncidentIndex
	units []int64
	tree  *UnitTree
	today int32
}

func (v incidentsVal) ConvertToNative(reflect.Type) (any, error) {
	return nil, fmt.Errorf("incidents cannot leave an expression")
}
func (v incidentsVal) ConvertToType(t ref.Type) ref.Val {
	if t == types.TypeType {
		return incidentsType
	}
	return types.NewErr("incidents cannot be converted to %s", t.TypeName())
}
func (v incidentsVal) Equal(other ref.Val) ref.Val {
	return types.NewErr("incidents cannot be compared; count them with count or credible")
}
func (v incidentsVal) Type() ref.Type { return incidentsType }
func (v incidentsVal) Value() any     { return v }

// maxWindowDays bounds the days argument of count and credible: a century.
const maxWindowDays = custos.MaxDays

// incidentFunctions declares count, credible and unit on the incidents
// input, with their implementations.
func incidentFunctions() []cel.EnvOption {
	query := func(credibleOnly bool) func(args ...ref.Val) ref.Val {
		return func(args ...ref.Val) ref.Val {
			v, ok := args[0].(incidentsVal)
			if !ok {
				return types.NewErr("no incident data")
			}
			cat, ok := args[1].(types.String)
			if !ok {
				return types.NewErr("the incident category must be text")
			}
			c, err := categoryArg(string(cat))
			if err != nil {
				return types.WrapErr(err)
			}
			from := int32(-1 << 30)
			if len(args) == 3 {
				days, ok := args[2].(types.Int)
				if !ok || days < 1 || days > maxWindowDays {
					return types.NewErr("the window must be 1 to %d days, got %v", maxWindowDays, args[2])
				}
				from = v.today - int32(days) + 1
			}
			return types.Int(v.ix.count(v.units, c, credibleOnly, from, v.today))
		}
	}
	ty := incidentsType
	return []cel.EnvOption{
		cel.Function("count",
			cel.MemberOverload("incidents_count_string", []*cel.Type{ty, cel.StringType}, cel.IntType, cel.FunctionBinding(query(false))),
			cel.MemberOverload("incidents_count_string_int", []*cel.Type{ty, cel.StringType, cel.IntType}, cel.IntType, cel.FunctionBinding(query(false)))),
		cel.Function("credible",
			cel.MemberOverload("incidents_credible_string", []*cel.Type{ty, cel.StringType}, cel.IntType, cel.FunctionBinding(query(true))),
			cel.MemberOverload("incidents_credible_string_int", []*cel.Type{ty, cel.StringType, cel.IntType}, cel.IntType, cel.FunctionBinding(query(true)))),
		cel.Function("unit",
			cel.MemberOverload("incidents_unit_int", []*cel.Type{ty, cel.IntType}, ty, cel.BinaryBinding(func(lhs, rhs ref.Val) ref.Val {
				v, ok := lhs.(incidentsVal)
				u, ok2 := rhs.(types.Int)
				if !ok || !ok2 {
					return types.NewErr("no incident data")
				}
				// A unit the store does not hold was deleted since the
				// condition was saved: counting nothing for it would hold
				// a red line on no data.
				if !v.tree.Holds(int64(u)) {
					return types.NewErr("no unit %d is recorded (deleted, or a wrong id), so its incidents cannot be counted", int64(u))
				}
				// The unit and every unit under it (a list of the tree's,
				// computed once per evaluation, not per call).
				return incidentsVal{ix: v.ix, units: v.tree.Subtree(int64(u)), tree: v.tree, today: v.today}
			}))),
		cel.Function("date",
			cel.Overload("date_string", []*cel.Type{cel.StringType}, cel.TimestampType, cel.UnaryBinding(func(arg ref.Val) ref.Val {
				s, ok := arg.(types.String)
				if !ok {
					return types.NewErr("date needs text in the form YYYY-MM-DD")
				}
				d, err := custos.ParseDate(string(s))
				if err != nil {
					return types.WrapErr(err)
				}
				return types.Timestamp{Time: d.Time()}
			}))),
	}
}

// categoryArg returns the index of a category name, -1 for "any".
func categoryArg(name string) (int, error) {
	if name == IncidentCategoryAny {
		return -1, nil
	}
	c, ok := categoryIndex[custos.IncidentCategory(name)]
	if !ok {
		return 0, fmt.Errorf("unknown incident category %q; the categories are: %s", name, strings.Join(incidentCategoryNames(), ", "))
	}
	return int(c), nil
}

// namedMap is a CEL map whose missing keys fail with a message that says
// which input lacks which key and why, rather than "no such key". A key
// that foreign returns an error for (an indicator code that is no longer
// one of the program's) fails both when read and when tested with "in".
type namedMap struct {
	traits.Mapper
	missing func(key ref.Val) ref.Val
	foreign func(key ref.Val) ref.Val // nil: every key may be asked for
	absent  func(key ref.Val)         // told of a key tested with "in" and not there
}

func (m namedMap) Find(key ref.Val) (ref.Val, bool) {
	if m.foreign != nil {
		if err := m.foreign(key); err != nil {
			return err, true
		}
	}
	v, ok := m.Mapper.Find(key)
	if ok || types.IsError(v) {
		return v, ok
	}
	return m.missing(key), true
}

func (m namedMap) Contains(key ref.Val) ref.Val {
	if m.foreign != nil {
		if err := m.foreign(key); err != nil {
			return err
		}
	}
	r := m.Mapper.Contains(key)
	if r == types.False && m.absent != nil {
		m.absent(key)
	}
	return r
}

func (m namedMap) Get(key ref.Val) ref.Val {
	v, _ := m.Find(key)
	return v
}

// activation resolves the catalog's names for one evaluation.
type activation struct {
	in        *Inputs
	asOf      custos.Date
	deadline  custos.Date
	incidents ref.Val  // resolved once: a loop over recipients reads it per unit
	prog      *Program // the expression being run, for what it reads
	// absent is the first indicator an expression tested with "in" and
	// found without a figure: what it then decided rests on no data.
	absent   error
	codeMaps [len(codeInputs)]ref.Val // indicator, baseline, target, resolved once per run
}

// codeInputs are the inputs keyed by indicator code.
var codeInputs = [...]string{"indicator", "baseline", "target"}

// setProgram makes the activation resolve names for p: what an input is
// can depend on how the expression reads it (see codeMap).
func (a *activation) setProgram(p *Program) {
	if a.prog != p {
		a.prog = p
		a.codeMaps = [len(codeInputs)]ref.Val{}
	}
}

func (a *activation) Parent() interpreter.Activation { return nil }

func (a *activation) ResolveName(name string) (any, bool) {
	in := a.in
	switch name {
	case "today":
		return types.Timestamp{Time: a.asOf.Time()}, true
	case "deadline":
		if a.deadline.IsZero() {
			return types.NewErr("the condition has no deadline"), true
		}
		return types.Timestamp{Time: a.deadline.Time()}, true
	case "days_left":
		if a.deadline.IsZero() {
			return types.NewErr("the condition has no deadline"), true
		}
		return types.Int(dayNumber(a.deadline) - dayNumber(a.asOf)), true
	case "indicator", "baseline", "target":
		// Resolved once per run: a loop over the map reads it per entry.
		i := slices.Index(codeInputs[:], name)
		if a.codeMaps[i] == nil {
			m := [...]map[string]float64{in.Indicators, in.Baselines, in.Targets}[i]
			a.codeMaps[i] = a.codeMap(m, name)
		}
		return a.codeMaps[i], true
	case "recipients":
		if in.Recipients == nil {
			return types.NewErr("no recipient units are recorded"), true
		}
		return types.DefaultTypeAdapter.NativeToValue(in.Recipients), true
	case "incidents":
		if a.incidents == nil {
			switch {
			case in.Incidents == nil:
				a.incidents = types.NewErr("no incident data")
			case in.IncidentUnits != nil && len(in.IncidentUnits) == 0:
				// A program answers for its units; with none recorded, a
				// count of zero would say nothing.
				a.incidents = types.NewErr("the program has no units recorded (recipients or activity participants), so no incident can be attributed to it")
			default:
				a.incidents = incidentsVal{ix: in.Incidents, units: scopeUnits(in.IncidentUnits), tree: in.Units, today: dayNumber(a.asOf)}
			}
		}
		return a.incidents, true
	case "vetting":
		if in.Vetting == nil {
			return types.NewErr("no vetting data"), true
		}
		return a.fixedMap(in.Vetting.asMap(), "vetting"), true
	case "consultations":
		if in.Consultations == nil {
			return types.NewErr("no consultation data"), true
		}
		return a.fixedMap(in.Consultations.asMap(), "consultations"), true
	}
	return nil, false
}

// codeMap is the value of the indicator, baseline and target inputs. An
// expression that reads the map as a whole (a loop over it, its size, a
// key computed at run time) while it is empty has no data to read, so the
// input is then an error saying so: a loop over nothing would otherwise be
// true. A key that is not the code of one of the program's indicators
// fails, read or tested with "in": a guard such as !("POL-3" in indicator)
// must not turn true because POL-3 was renamed.
func (a *activation) codeMap(m map[string]float64, input string) ref.Val {
	codes := a.in.IndicatorCodes
	if len(m) == 0 && a.prog != nil && a.prog.readsWhole(input) {
		switch {
		case codes != nil && len(codes) == 0:
			return types.NewErr("the program has no indicators, so %s has no data", input)
		case input == "indicator":
			return types.NewErr("no approved measurement of any indicator of this program yet (up to %s)", a.asOf)
		case input == "baseline":
			return types.NewErr("no indicator of this program has a baseline")
		default:
			return types.NewErr("no indicator of this program has a target for %s", a.asOf)
		}
	}
	nm := namedMap{
		Mapper: types.NewDynamicMap(types.DefaultTypeAdapter, m),
		missing: func(key ref.Val) ref.Val {
			switch input {
			case "indicator":
				return types.NewErr("indicator %s has no approved measurement up to %s", displayValue(key), a.asOf)
			case "baseline":
				return types.NewErr("baseline %s has no baseline", displayValue(key))
			}
			return types.NewErr("target %s has no target for %s", displayValue(key), a.asOf)
		},
	}
	if input == "indicator" {
		nm.absent = func(key ref.Val) {
			if a.absent == nil {
				a.absent = fmt.Errorf("indicator %s has no approved measurement up to %s", displayValue(key), a.asOf)
			}
		}
	}
	if codes != nil {
		sorted := slices.IsSorted(codes) // as the store gives them: a loop looks up every key
		nm.foreign = func(key ref.Val) ref.Val {
			k, ok := key.(types.String)
			if !ok {
				return nil
			}
			if sorted {
				if _, found := slices.BinarySearch(codes, string(k)); found {
					return nil
				}
			} else if slices.Contains(codes, string(k)) {
				return nil
			}
			if a.prog != nil && a.prog.readsKey(input, string(k)) {
				return types.NewErr("indicator %s is no longer an indicator of this program", string(k))
			}
			return types.NewErr("indicator %s is not an indicator of this program", string(k))
		}
	}
	return nm
}

// fixedMap is the value of the vetting and consultations inputs. A key
// tested with "in" and not there (a figure with no data yet, such as the
// share of feedback answered when none was received) is told to the
// activation, as for indicators: a verdict resting on it rests on no data.
func (a *activation) fixedMap(m any, input string) ref.Val {
	return namedMap{
		Mapper: types.NewDynamicMap(types.DefaultTypeAdapter, m),
		missing: func(key ref.Val) ref.Val {
			return types.NewErr("%s has no value for %s", input, displayValue(key))
		},
		absent: func(key ref.Val) {
			if a.absent == nil {
				a.absent = fmt.Errorf("%s has no value for %s", input, displayValue(key))
			}
		},
	}
}

// scopeUnits removes repeated units, so an incident is never counted twice.
func scopeUnits(units []int64) []int64 {
	if units == nil {
		return nil
	}
	out := slices.Clone(units)
	slices.Sort(out)
	return slices.Compact(out)
}

// maxListShown bounds the elements of a list or map shown as an input
// value; the rest are counted ("… and 12 more").
const maxListShown = 50

// displayValue writes a CEL value as users read it: 42, 40.5, 2026-06-01,
// "torture", [12, 14].
func displayValue(v ref.Val) string {
	switch x := v.(type) {
	case types.Int:
		return strconv.FormatInt(int64(x), 10)
	case types.Uint:
		return strconv.FormatUint(uint64(x), 10)
	case types.Double:
		return strconv.FormatFloat(float64(x), 'g', -1, 64)
	case types.Bool:
		return strconv.FormatBool(bool(x))
	case types.String:
		return strconv.Quote(string(x))
	case types.Timestamp:
		t := x.Time.UTC()
		if t.Equal(t.Truncate(24 * time.Hour)) {
			return t.Format("2006-01-02")
		}
		return t.Format(time.RFC3339)
	case types.Duration:
		return x.Duration.String()
	case *types.Err:
		return "error: " + x.Error()
	case incidentsVal:
		if x.units == nil {
			return "incidents of every unit"
		}
		return fmt.Sprintf("incidents of %d units", len(x.units))
	case namedMap:
		return displayValue(x.Mapper)
	case traits.Lister:
		n := int(x.Size().(types.Int))
		parts := []string{}
		for i := 0; i < n && i < maxListShown; i++ {
			parts = append(parts, displayValue(x.Get(types.Int(i))))
		}
		if n > maxListShown {
			parts = append(parts, fmt.Sprintf("… and %d more", n-maxListShown))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case traits.Mapper:
		// Sorted by key (by the text of a key that is not text), so the
		// same map always reads the same.
		type entry struct {
			k         ref.Val
			key, text string
		}
		var entries []entry
		for it := x.Iterator(); it.HasNext() == types.True; {
			k := it.Next()
			e := entry{k: k, text: displayValue(k)}
			if s, ok := k.(types.String); ok {
				e.key = string(s)
			} else {
				e.key = e.text
			}
			entries = append(entries, e)
		}
		sort.Slice(entries, func(i, j int) bool { return entries[i].key < entries[j].key })
		parts := make([]string, 0, min(len(entries), maxListShown)+1)
		for i, e := range entries {
			if i == maxListShown {
				parts = append(parts, fmt.Sprintf("… and %d more", len(entries)-maxListShown))
				break
			}
			parts = append(parts, e.text+": "+displayValue(x.Get(e.k)))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case nil:
		return "null"
	}
	return fmt.Sprint(v.Value())
}
