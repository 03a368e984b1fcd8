package conditions

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/custos-ssa/custos"
)

// TestEvaluateNoData runs criteria over inputs that hold no data for what
// they read: a map read as a whole while it is empty, an indicator code
// that is no longer the program's. None may be met or on track; a breach
// found on the data there stays a breach.
func TestEvaluateNoData(t *testing.T) {
	full := fixtureInputs()
	with := func(edit func(*Inputs)) *Inputs { in := *full; edit(&in); return &in }
	unmeasured := with(func(in *Inputs) { in.Indicators = map[string]float64{} })
	noTargets := with(func(in *Inputs) { in.Targets = map[string]float64{} })
	noIndicators := with(func(in *Inputs) {
		in.Indicators, in.Baselines, in.Targets, in.IndicatorCodes = map[string]float64{}, map[string]float64{}, map[string]float64{}, []string{}
	})
	const (
		noFigure   = "no approved measurement of any indicator of this program yet"
		renamed    = "indicator POL-9 is no longer an indicator of this program"
		notOnTrack = "it cannot be on track while an input it reads has no data"
	)
	tests := []struct {
		name  string
		c     custos.Condition
		in    *Inputs
		want  custos.ConditionStatus
		error string // a part of the reason
	}{
		{"loop over no figure", milestone(1, "2026-09-30", `indicator.all(k, indicator[k] >= target[k])`, ""), unmeasured, custos.ConditionCannotEvaluate, noFigure},
		{"loop over no figure, red line", redLine(1, `indicator.all(k, indicator[k] >= target[k])`, ""), unmeasured, custos.ConditionCannotEvaluate, noFigure},
		{"loop over no figure, after the deadline", milestone(1, "2026-03-31", `indicator.all(k, indicator[k] >= 0.0)`, ""), unmeasured, custos.ConditionCannotEvaluate, noFigure},
		{"no figure counted", milestone(1, "2026-09-30", `size(indicator) >= 1`, ""), unmeasured, custos.ConditionCannotEvaluate, noFigure},
		{"no figure looked up by a computed key", redLine(1, `["POL-3"].all(k, !(k in indicator) || indicator[k] > 0.0)`, ""), unmeasured, custos.ConditionCannotEvaluate, noFigure},
		{"loop over targets, none", redLine(1, `target.all(k, indicator[k] >= target[k])`, ""), noTargets, custos.ConditionCannotEvaluate, "no indicator of this program has a target for 2026-06-01"},
		{"loop over a program without indicators", redLine(1, `indicator.all(k, indicator[k] >= 0.0)`, ""), noIndicators, custos.ConditionCannotEvaluate, "the program has no indicators"},
		{"guard on a renamed code", redLine(1, `!("POL-9" in indicator) || indicator["POL-9"] >= 50.0`, ""), full, custos.ConditionCannotEvaluate, renamed},
		{"guard on a renamed code, milestone", milestone(1, "2026-09-30", `"POL-9" in indicator && indicator["POL-9"] >= 50.0`, ""), full, custos.ConditionCannotEvaluate, renamed},
		{"renamed code read", redLine(1, `indicator["POL-9"] >= 0.0`, ""), full, custos.ConditionCannotEvaluate, renamed},
		{"renamed code's target", redLine(1, `target["POL-9"] >= 0.0 || true`, ""), full, custos.ConditionCannotEvaluate, renamed},
		{"renamed code, true by skipping it", redLine(1, `!("POL-9" in indicator) || indicator["POL-3"] > 0.0`, ""), full, custos.ConditionCannotEvaluate, renamed},
		{"renamed code, false on the data: not on track", milestone(1, "2026-09-30", `!("POL-9" in indicator) && indicator["POL-3"] >= 50.0`, ""), full, custos.ConditionCannotEvaluate, renamed},
		{"renamed code not reached: not on track", milestone(1, "2026-09-30", `indicator["POL-3"] >= 50.0 && "POL-9" in indicator`, ""), full, custos.ConditionCannotEvaluate, renamed},
		{"renamed code not reached: not met", redLine(1, `indicator["POL-3"] > 0.0 || indicator["POL-9"] > 0.0`, ""), full, custos.ConditionCannotEvaluate, renamed},
		{"renamed code in the at-risk expression: not met", redLine(1, `indicator["POL-3"] > 0.0`, `indicator["JUS-1"] > 1000.0 && baseline["POL-9"] > 0.0`), full, custos.ConditionCannotEvaluate, renamed},
		{"missing figure, false on the data: not on track", milestone(1, "2026-09-30", `indicator["CS-2"] >= 10.0 && indicator["POL-3"] >= 50.0`, ""), full, custos.ConditionCannotEvaluate, notOnTrack},
		{"missing figure, false on the data, near the deadline", milestone(1, "2026-06-20", `indicator["CS-2"] >= 10.0 && indicator["POL-3"] >= 50.0`, ""), full, custos.ConditionAtRisk, ""},
		{"at-risk false by skipping a renamed code", redLine(1, `indicator["POL-3"] > 0.0`, `!("POL-9" in indicator) && false`), full, custos.ConditionCannotEvaluate, "the at-risk expression cannot be evaluated"},
		{"renamed code, breached on the data", redLine(1, `!("POL-9" in indicator) && indicator["JUS-1"] <= 120.0`, ""), full, custos.ConditionBreached, ""},
		{"renamed code, breached after the deadline", milestone(1, "2026-03-31", `indicator["POL-3"] >= 50.0 && "POL-9" in indicator`, ""), full, custos.ConditionBreached, ""},
		{"loop over figures, breached", redLine(1, `indicator.all(k, indicator[k] >= 100.0)`, ""), full, custos.ConditionBreached, ""},
		{"loop over figures, met", redLine(1, `indicator.all(k, indicator[k] >= target[k])`, ""), full, custos.ConditionMet, ""},
		{"guard on a code without a figure", redLine(1, `!("CS-2" in indicator) || indicator["CS-2"] >= 50.0`, ""), full, custos.ConditionCannotEvaluate, "holds only on a test that the figure is missing"},
		{"guard on a code with a figure", redLine(1, `!("POL-3" in indicator) || indicator["POL-3"] >= 40.0`, ""), full, custos.ConditionMet, ""},
		{"guard on a code without a figure, breached elsewhere", redLine(1, `(!("CS-2" in indicator) || indicator["CS-2"] >= 50.0) && indicator["POL-3"] >= 99.0`, ""), full, custos.ConditionBreached, ""},
		{"codes unsorted", redLine(1, `indicator.all(k, indicator[k] > 0.0) && "POL-3" in indicator`, ""), with(func(in *Inputs) { in.IndicatorCodes = []string{"POL-3", "JUS-1", "CS-2"} }), custos.ConditionMet, ""},
		{"codes unsorted, renamed", redLine(1, `!("POL-9" in indicator)`, ""), with(func(in *Inputs) { in.IndicatorCodes = []string{"POL-3", "JUS-1", "CS-2"} }), custos.ConditionCannotEvaluate, renamed},
		{"codes unknown: no check of the code", redLine(1, `"POL-3" in indicator`, ""), with(func(in *Inputs) { in.IndicatorCodes = nil }), custos.ConditionMet, ""},
		{"codes unknown: a missing figure still says nothing", redLine(1, `!("POL-9" in indicator)`, ""), with(func(in *Inputs) { in.IndicatorCodes = nil }), custos.ConditionCannotEvaluate, "holds only on a test that the figure is missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cc, err := CompileCondition(&tt.c)
			if err != nil {
				t.Fatal(err)
			}
			got := Evaluate(cc, tt.in, day("2026-06-01"))
			if got.Status != tt.want || !strings.Contains(got.Error, tt.error) || (tt.error == "") != (got.Error == "") {
				t.Errorf("Evaluate(%s %q) = %s %q, want %s with a reason containing %q", tt.c.Kind, tt.c.Criterion, got.Status, got.Error, tt.want, tt.error)
			}
		})
	}
}

// TestEvaluateWholeValues checks the values shown for inputs read as a
// whole: every entry, sorted by key, up to maxListShown, then a count.
func TestEvaluateWholeValues(t *testing.T) {
	many := fixtureInputs()
	many.Recipients = nil
	many.Indicators = map[string]float64{}
	for i := 1; i <= 60; i++ {
		many.Recipients = append(many.Recipients, int64(i))
		many.Indicators[fmt.Sprintf("X-%02d", i)] = float64(i)
	}
	many.IndicatorCodes = nil
	var firstIDs, firstFigures []string
	for i := 1; i <= maxListShown; i++ {
		firstIDs = append(firstIDs, fmt.Sprint(i))
		firstFigures = append(firstFigures, fmt.Sprintf(`"X-%02d": %d`, i, i))
	}
	tests := []struct {
		name string
		expr string
		in   *Inputs
		want []custos.InputValue
	}{
		{"loop over indicators and targets", `indicator.all(k, indicator[k] >= target[k])`, fixtureInputs(), []custos.InputValue{
			{Input: "indicator", Value: `{"JUS-1": 180, "POL-3": 42.5}`},
			{Input: "target", Value: `{"JUS-1": 150, "POL-3": 40}`},
		}},
		{"computed keys only", `["POL-3", "JUS-1"].all(k, indicator[k] > 0.0)`, fixtureInputs(), []custos.InputValue{
			{Input: "indicator", Value: `{"JUS-1": 180, "POL-3": 42.5}`},
		}},
		{"loop over recipients", `recipients.all(u, incidents.unit(u).credible("torture") == 0)`, fixtureInputs(), []custos.InputValue{
			{Input: "recipients", Value: "[11, 12, 13]"},
		}},
		{"bounded", `recipients.all(u, u > 0) && indicator.all(k, indicator[k] > 0.0)`, many, []custos.InputValue{
			{Input: "indicator", Value: "{" + strings.Join(firstFigures, ", ") + ", … and 10 more}"},
			{Input: "recipients", Value: "[" + strings.Join(firstIDs, ", ") + ", … and 10 more]"},
		}},
		{"a constant key and the whole map", `indicator["POL-3"] > 40.0 && indicator.exists(k, indicator[k] > 100.0)`, fixtureInputs(), []custos.InputValue{
			{Input: "indicator", Value: `{"JUS-1": 180, "POL-3": 42.5}`},
			{Input: `indicator["POL-3"]`, Value: "42.5"},
		}},
		{"short-circuited: not shown", `indicator["POL-3"] > 100.0 && indicator.all(k, indicator[k] > 0.0)`, fixtureInputs(), []custos.InputValue{
			{Input: `indicator["POL-3"]`, Value: "42.5"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := redLine(1, tt.expr, "")
			cc, err := CompileCondition(&c)
			if err != nil {
				t.Fatal(err)
			}
			got := Evaluate(cc, tt.in, day("2026-06-01"))
			if diff := cmp.Diff(tt.want, got.Values); diff != "" {
				t.Errorf("Evaluate(%q) values (-want +got):\n%s", tt.expr, diff)
			}
		})
	}
}

func TestUnitTree(t *testing.T) {
	// 1 ─┬─ 10 ─── 100
	//    └─ 11
	// 2 ─── 20
	// 7 ↔ 8 (a cycle the store would refuse)
	tree := NewUnitTree(map[int64]int64{10: 1, 11: 1, 100: 10, 20: 2, 7: 8, 8: 7})
	tests := []struct {
		unit int64
		want []int64
	}{
		{1, []int64{1, 10, 100, 11}},
		{10, []int64{10, 100}},
		{100, []int64{100}},
		{2, []int64{2, 20}},
		{99, []int64{99}},
		{7, []int64{7, 8}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, tree.Subtree(tt.unit)); diff != "" {
			t.Errorf("Subtree(%d) (-want +got):\n%s", tt.unit, diff)
		}
	}
	var none *UnitTree
	if diff := cmp.Diff([]int64{5}, none.Subtree(5)); diff != "" {
		t.Errorf("nil tree: Subtree(5) (-want +got):\n%s", diff)
	}
}

// TestIncidentIndexShared counts incidents naming several units: once in
// a count over several of them, once in the count of all units.
func TestIncidentIndexShared(t *testing.T) {
	ix, err := NewIncidentIndex([]IncidentFact{
		{Incident: 1, Unit: 1, Category: "torture", Date: day("2026-05-01"), Credible: true},
		{Incident: 1, Unit: 2, Category: "torture", Date: day("2026-05-01"), Credible: true},
		{Incident: 1, Unit: 3, Category: "torture", Date: day("2026-05-01"), Credible: true},
		{Incident: 2, Unit: 2, Category: "torture", Date: day("2026-01-10")},
		{Incident: 2, Unit: 2, Category: "torture", Date: day("2026-01-10")}, // the same unit named twice
		{Incident: 3, Unit: 3, Category: "arbitrary_detention", Date: day("2026-05-20"), Credible: true},
		{Incident: 0, Unit: 1, Category: "torture", Date: day("2026-05-02")},
		{Incident: 0, Unit: 1, Category: "torture", Date: day("2026-05-02")}, // incident 0: each fact its own
		{Incident: 4, Unit: 3, Category: "other", Date: day("2025-05-20")},   // out of order: sorted by incident
		{Incident: 4, Unit: 4, Category: "other", Date: day("2025-05-20")},
	})
	if err != nil {
		t.Fatal(err)
	}
	today := dayNumber(day("2026-06-01"))
	torture := int(categoryIndex["torture"])
	tests := []struct {
		name     string
		units    []int64
		category int
		credible bool
		days     int32
		want     int64
	}{
		{"all units, any", nil, -1, false, 0, 6},
		{"all units, torture", nil, torture, false, 0, 4},
		{"unit 2", []int64{2}, -1, false, 0, 2},
		{"units 1 and 2, torture", []int64{1, 2}, torture, false, 0, 4},
		{"units 1, 2 and 3, credible torture", []int64{1, 2, 3}, torture, true, 0, 1},
		{"units 1, 2 and 3, any", []int64{1, 2, 3}, -1, false, 0, 6},
		{"units 1 and 3, 60 days", []int64{1, 3}, -1, false, 60, 4},
		{"units 1 and 3, 13 days", []int64{1, 3}, -1, false, 13, 1},
		{"units 3 and 4", []int64{3, 4}, -1, false, 0, 3},
		{"units 2 and 4", []int64{2, 4}, -1, false, 0, 3},
	}
	for _, tt := range tests {
		from := int32(-1 << 30)
		if tt.days > 0 {
			from = today - tt.days + 1
		}
		if got := ix.count(tt.units, tt.category, tt.credible, from, today); got != tt.want {
			t.Errorf("%s: count = %d, want %d", tt.name, got, tt.want)
		}
	}
	b, err := ix.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back IncidentIndex
	if err := back.UnmarshalBinary(b); err != nil {
		t.Fatalf("UnmarshalBinary: %v", err)
	}
	if diff := cmp.Diff(counts(ix), counts(&back)); diff != "" {
		t.Errorf("counts after a round trip (-want +got):\n%s", diff)
	}
	_, err = NewIncidentIndex([]IncidentFact{
		{Incident: 1, Unit: 1, Category: "torture", Date: day("2026-05-01")},
		{Incident: 1, Unit: 2, Category: "other", Date: day("2026-05-01")},
	})
	if err == nil || !strings.Contains(err.Error(), "incident 1") {
		t.Errorf("NewIncidentIndex(one incident, two categories) = %v, want an error naming incident 1", err)
	}
}

// TestIncidentsUnitSubtree checks that incidents.unit(u) counts the
// incidents of u and of every unit under it, once each: a credible torture
// by a platoon of a recipient breaches "no torture by any recipient".
func TestIncidentsUnitSubtree(t *testing.T) {
	// Recipient 11 has a company 111, with a platoon 1111; 12 stands alone.
	ix, err := NewIncidentIndex([]IncidentFact{
		{Incident: 1, Unit: 1111, Category: "torture", Date: day("2026-05-20"), Credible: true},
		{Incident: 2, Unit: 11, Category: "torture", Date: day("2026-04-02"), Credible: true},
		{Incident: 2, Unit: 111, Category: "torture", Date: day("2026-04-02"), Credible: true},
		{Incident: 2, Unit: 1111, Category: "torture", Date: day("2026-04-02"), Credible: true},
		{Incident: 3, Unit: 99, Category: "torture", Date: day("2026-04-02"), Credible: true}, // no program's
	})
	if err != nil {
		t.Fatal(err)
	}
	tree := NewUnitTree(map[int64]int64{111: 11, 1111: 111})
	in := &Inputs{Recipients: []int64{11, 12}, Incidents: ix, IncidentUnits: []int64{11, 111, 1111, 12}, Units: tree}
	tests := []struct {
		expr string
		want custos.ConditionStatus
		vals []custos.InputValue
	}{
		{`recipients.all(u, incidents.unit(u).credible("torture") == 0)`, custos.ConditionBreached, []custos.InputValue{{Input: "recipients", Value: "[11, 12]"}}},
		{`incidents.unit(11).credible("torture") == 2`, custos.ConditionMet, []custos.InputValue{{Input: `incidents.unit(11).credible("torture")`, Value: "2"}}},
		{`incidents.unit(111).credible("torture", 30) == 1`, custos.ConditionMet, []custos.InputValue{{Input: `incidents.unit(111).credible("torture", 30)`, Value: "1"}}},
		{`incidents.unit(12).count("any") == 0`, custos.ConditionMet, []custos.InputValue{{Input: `incidents.unit(12).count("any")`, Value: "0"}}},
		{`incidents.credible("torture") == 2`, custos.ConditionMet, []custos.InputValue{{Input: `incidents.credible("torture")`, Value: "2"}}},
	}
	for _, tt := range tests {
		c := redLine(1, tt.expr, "")
		cc, err := CompileCondition(&c)
		if err != nil {
			t.Fatal(err)
		}
		got := Evaluate(cc, in, day("2026-06-01"))
		if got.Status != tt.want {
			t.Errorf("Evaluate(%q) = %s %q, want %s", tt.expr, got.Status, got.Error, tt.want)
		}
		if diff := cmp.Diff(tt.vals, got.Values); diff != "" {
			t.Errorf("Evaluate(%q) values (-want +got):\n%s", tt.expr, diff)
		}
	}
}

// TestIncidentIndexCountsOnce compares the index with a count by hand of
// the distinct incidents naming any of a set of units, over random facts
// where one incident in five names several units.
func TestIncidentIndexCountsOnce(t *testing.T) {
	facts := randomFacts(3000, 9)
	ix, err := NewIncidentIndex(facts)
	if err != nil {
		t.Fatal(err)
	}
	from, to := dayNumber(day("2019-01-01")), dayNumber(day("2022-12-31"))
	for _, units := range [][]int64{nil, {3}, {1, 2}, {0, 5, 9, 13, 17, 21, 25}, {39, 38, 37, 36}} {
		for c := -1; c < len(custos.IncidentCategories); c++ {
			for _, cred := range []bool{false, true} {
				seen := map[int64]bool{}
				for _, f := range facts {
					d := dayNumber(f.Date)
					if d < from || d > to || cred && !f.Credible || c >= 0 && f.Category != custos.IncidentCategories[c] {
						continue
					}
					if units == nil || slices.Contains(units, f.Unit) {
						seen[f.Incident] = true
					}
				}
				if got := ix.count(units, c, cred, from, to); got != int64(len(seen)) {
					t.Errorf("count(%v, category %d, credible %v) = %d, want %d", units, c, cred, got, len(seen))
				}
			}
		}
	}
}
