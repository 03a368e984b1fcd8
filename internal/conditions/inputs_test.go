package conditions

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/custos-ssa/custos"
)

func TestLatestApproved(t *testing.T) {
	m := func(id, ind int64, end string, v float64, status custos.MeasurementStatus, d map[string]string) custos.Measurement {
		return custos.Measurement{ID: id, IndicatorID: ind, PeriodStart: day("2025-01-01"), PeriodEnd: day(end), Value: v, Status: status, Disaggregation: d}
	}
	ms := []custos.Measurement{
		m(1, 4, "2026-03-31", 30, "approved", nil),
		m(2, 4, "2026-05-31", 35, "approved", nil),
		m(3, 4, "2026-06-30", 50, "approved", nil),                                // after as-of
		m(4, 4, "2026-05-31", 99, "submitted", nil),                               // not approved
		m(5, 4, "2026-05-31", 10, "approved", map[string]string{"sex": "female"}), // a breakdown
		m(6, 5, "2026-05-31", 7, "approved", nil),
		m(7, 5, "2026-05-31", 8, "approved", nil), // same end: the later id wins
		m(8, 6, "2026-01-31", 1, "approved", nil), // no code: not this program's
		m(9, 7, "2026-01-31", 1, "rejected", nil),
	}
	got := LatestApproved(ms, map[int64]string{4: "POL-3", 5: "JUS-1", 7: "CS-2"}, day("2026-06-01"))
	want := map[string]float64{"POL-3": 35, "JUS-1": 8}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("LatestApproved (-want +got):\n%s", diff)
	}
}

func TestBaselinesAndTargets(t *testing.T) {
	inds := []custos.Indicator{
		{Code: "A", Baseline: &custos.Baseline{Value: 3, Date: day("2024-01-01")}, Targets: []custos.Target{
			{Start: day("2025-10-01"), End: day("2026-09-30"), Value: 10},
			{Start: day("2026-10-01"), End: day("2027-09-30"), Value: 20},
		}},
		{Code: "B", Targets: []custos.Target{
			{Start: day("2024-10-01"), End: day("2025-09-30"), Value: 5},
			{Start: day("2023-10-01"), End: day("2024-09-30"), Value: 4},
		}},
		{Code: "C"},
	}
	b, tg := BaselinesAndTargets(inds, day("2026-06-01"))
	if diff := cmp.Diff(map[string]float64{"A": 3}, b); diff != "" {
		t.Errorf("baselines (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]float64{"A": 10, "B": 5}, tg); diff != "" {
		t.Errorf("targets (-want +got):\n%s", diff)
	}
}

func TestIncidentIndexCount(t *testing.T) {
	ix, err := NewIncidentIndex([]IncidentFact{
		{Unit: 1, Category: "torture", Date: day("2026-06-01"), Credible: true},
		{Unit: 1, Category: "torture", Date: day("2026-05-03")},
		{Unit: 1, Category: "torture", Date: day("2026-05-02"), Credible: true},
		{Unit: 2, Category: "torture", Date: day("2026-05-20"), Credible: true},
		{Unit: 2, Category: "sexual_violence", Date: day("2026-06-02"), Credible: true}, // after as-of
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
		days     int32 // 0: no window
		want     int64
	}{
		{"all units, any", nil, -1, false, 0, 4},
		{"all units, credible torture", nil, torture, true, 0, 3},
		{"unit 1, 30 days", []int64{1}, torture, false, 30, 2},
		{"unit 1, 31 days", []int64{1}, torture, false, 31, 3},
		{"unit 1, 1 day", []int64{1}, torture, false, 1, 1},
		{"units 1 and 2 credible", []int64{1, 2}, torture, true, 0, 3},
		{"unknown unit", []int64{3}, -1, false, 0, 0},
		{"no units", []int64{}, -1, false, 0, 0},
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
	if _, err := NewIncidentIndex([]IncidentFact{{Unit: 1, Category: "looting", Date: day("2026-01-01")}}); err == nil {
		t.Errorf("NewIncidentIndex(unknown category) = nil error, want one")
	}
}

// TestIncidentWindowBounds checks the window computed at run time; a
// constant one out of range is refused by Compile (TestCompileConstants).
func TestIncidentWindowBounds(t *testing.T) {
	in := fixtureInputs()
	for _, expr := range []string{`incidents.count("torture", size(recipients) - size(recipients)) == 0`, `incidents.credible("torture", 40000 + size(recipients)) == 0`} {
		c := redLine(1, expr, "")
		cc, err := CompileCondition(&c)
		if err != nil {
			t.Fatal(err)
		}
		if got := Evaluate(cc, in, day("2026-06-01")); got.Status != custos.ConditionCannotEvaluate {
			t.Errorf("Evaluate(%q) = %s, want cannot_evaluate for a window out of range", expr, got.Status)
		}
	}
}

func TestDayNumber(t *testing.T) {
	for _, s := range []string{"1900-01-01", "1900-03-01", "1969-12-31", "1970-01-01", "2000-02-29", "2024-03-01", "2026-06-01", "2100-12-31"} {
		d := day(s)
		if got, want := dayNumber(d), int32(d.Time().Unix()/86400); got != want {
			t.Errorf("dayNumber(%s) = %d, want %d", s, got, want)
		}
	}
}

// TestIncidentIndexOfCompactFacts checks that the store's compact facts
// build the index the engine's own facts do, in either order, and that
// the compact form refuses what the other refuses.
func TestIncidentIndexOfCompactFacts(t *testing.T) {
	facts := randomFacts(2000, 11)
	want, err := NewIncidentIndex(facts)
	if err != nil {
		t.Fatal(err)
	}
	compact := make([]Fact, len(facts))
	for i, f := range facts {
		if compact[i], err = f.Compact(); err != nil {
			t.Fatalf("Compact(fact %d): %v", i, err)
		}
		if compact[i].Day != DayNumber(f.Date) {
			t.Fatalf("fact %d: day %d, want %d", i, compact[i].Day, DayNumber(f.Date))
		}
	}
	got, err := NewIncidentIndexOf(compact)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(counts(want), counts(got)); diff != "" {
		t.Errorf("counts of the compact index (-want +got):\n%s", diff)
	}
	reversed := slices.Clone(compact)
	slices.Reverse(reversed)
	if got, err = NewIncidentIndexOf(reversed); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(counts(want), counts(got)); diff != "" {
		t.Errorf("counts of the compact index from facts out of order (-want +got):\n%s", diff)
	}

	bad := []struct {
		name  string
		facts []Fact
		want  string
	}{
		{"category out of range", []Fact{{Incident: 1, Unit: 1, Day: 100, Category: uint8(len(custos.IncidentCategories))}}, "incident fact 0: unknown category number"},
		{"one incident, two days", []Fact{{Incident: 1, Unit: 1, Day: 100}, {Incident: 1, Unit: 2, Day: 101}}, "incident fact 1: incident 1 is of another category, date or credibility in fact 0"},
	}
	for _, tt := range bad {
		if _, err := NewIncidentIndexOf(tt.facts); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("NewIncidentIndexOf(%s) = %v, want an error containing %q", tt.name, err, tt.want)
		}
	}
	for _, f := range []IncidentFact{{Unit: 1, Category: "looting", Date: day("2026-01-01")}, {Unit: 1, Category: "torture"}} {
		if _, err := f.Compact(); err == nil {
			t.Errorf("Compact(%+v) = nil error, want one", f)
		}
	}
}
