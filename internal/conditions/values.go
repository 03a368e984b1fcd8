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
// units in scope (nil: all) and the as-of day that closes every window.
type incidentsVal struct {
	ix    *IncidentIndex
	units []int64
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
				return incidentsVal{ix: v.ix, units: []int64{int64(u)}, today: v.today}
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
// which input lacks which key and why, rather than "no such key".
type namedMap struct {
	traits.Mapper
	missing func(key ref.Val) ref.Val
}

func (m namedMap) Find(key ref.Val) (ref.Val, bool) {
	v, ok := m.Mapper.Find(key)
	if ok || types.IsError(v) {
		return v, ok
	}
	return m.missing(key), true
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
	incidents ref.Val // resolved once: a loop over recipients reads it per unit
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
	case "indicator":
		return a.codeMap(in.Indicators, "indicator", fmt.Sprintf("has no approved measurement up to %s", a.asOf)), true
	case "baseline":
		return a.codeMap(in.Baselines, "baseline", "has no baseline"), true
	case "target":
		return a.codeMap(in.Targets, "target", fmt.Sprintf("has no target for %s", a.asOf)), true
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
				a.incidents = incidentsVal{ix: in.Incidents, units: scopeUnits(in.IncidentUnits), today: dayNumber(a.asOf)}
			}
		}
		return a.incidents, true
	case "vetting":
		if in.Vetting == nil {
			return types.NewErr("no vetting data"), true
		}
		return fixedMap(in.Vetting.asMap(), "vetting"), true
	case "consultations":
		if in.Consultations == nil {
			return types.NewErr("no consultation data"), true
		}
		return fixedMap(in.Consultations.asMap(), "consultations"), true
	}
	return nil, false
}

func (a *activation) codeMap(m map[string]float64, input, why string) ref.Val {
	return namedMap{
		Mapper: types.NewDynamicMap(types.DefaultTypeAdapter, m),
		missing: func(key ref.Val) ref.Val {
			return types.NewErr("%s %s %s", input, displayValue(key), why)
		},
	}
}

func fixedMap[V int64 | float64](m map[string]V, input string) ref.Val {
	return namedMap{
		Mapper: types.NewDynamicMap(types.DefaultTypeAdapter, m),
		missing: func(key ref.Val) ref.Val {
			return types.NewErr("%s has no value for %s", input, displayValue(key))
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

// maxListShown bounds the elements of a list shown as an input value.
const maxListShown = 20

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
	case traits.Lister:
		n := int(x.Size().(types.Int))
		parts := []string{}
		for i := 0; i < n && i < maxListShown; i++ {
			parts = append(parts, displayValue(x.Get(types.Int(i))))
		}
		if n > maxListShown {
			parts = append(parts, fmt.Sprintf("... %d more", n-maxListShown))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case traits.Mapper:
		var parts []string
		for it := x.Iterator(); it.HasNext() == types.True; {
			k := it.Next()
			parts = append(parts, displayValue(k)+": "+displayValue(x.Get(k)))
		}
		sort.Strings(parts)
		if len(parts) > maxListShown {
			parts = append(parts[:maxListShown], fmt.Sprintf("... %d more", len(parts)-maxListShown))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case nil:
		return "null"
	}
	return fmt.Sprint(v.Value())
}
