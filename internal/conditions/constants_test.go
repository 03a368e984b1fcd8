package conditions

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/custos-ssa/custos"
)

// TestCompileConstants checks that constants that would fail at every
// evaluation, or count nothing, are refused when the condition is saved,
// under the field they were typed in and naming the constant.
func TestCompileConstants(t *testing.T) {
	tests := []struct {
		name      string
		criterion string
		atRisk    string
		want      map[string]string // field -> error
	}{
		{"impossible date", `date("2026-02-30") < today`, "",
			map[string]string{"criterion": `line 1, column 6: date("2026-02-30") names no day of the calendar (check the month and the day)`}},
		{"month 13", `today < date("2026-13-01")`, "",
			map[string]string{"criterion": `line 1, column 14: date("2026-13-01") names no day of the calendar (check the month and the day)`}},
		{"not a date", `today < date("30/02/2026")`, "",
			map[string]string{"criterion": `line 1, column 14: date("30/02/2026"): "30/02/2026" is not a date in the form YYYY-MM-DD`}},
		{"impossible date in the at-risk expression", `vetting.denied == 0`, `today > date("2025-02-29")`,
			map[string]string{"at_risk": `line 1, column 14: date("2025-02-29") names no day of the calendar (check the month and the day)`}},
		{"negative window", `incidents.count("any", -5) == 0`, "",
			map[string]string{"criterion": `line 1, column 24: the window of count must be 1 to 36525 days, got -5`}},
		{"zero window", `incidents.count("any", 0) == 0`, "",
			map[string]string{"criterion": `line 1, column 24: the window of count must be 1 to 36525 days, got 0`}},
		{"negated window", `incidents.count("any", -(5)) == 0`, "",
			map[string]string{"criterion": `line 1, column 24: the window of count must be 1 to 36525 days, got -5`}},
		{"credible window over a century", `incidents.credible("torture", 36526) == 0`, "",
			map[string]string{"criterion": `line 1, column 31: the window of credible must be 1 to 36525 days, got 36526`}},
		{"unit count window", `incidents.unit(7).count("any", 0) == 0`, "",
			map[string]string{"criterion": `line 1, column 32: the window of count must be 1 to 36525 days, got 0`}},
		{"unit credible window in the at-risk expression", `vetting.denied == 0`, `incidents.unit(7).credible("torture", -1) > 0`,
			map[string]string{"at_risk": `line 1, column 39: the window of credible must be 1 to 36525 days, got -1`}},
		{"unit 0", `incidents.unit(0).count("any") == 0`, "",
			map[string]string{"criterion": `line 1, column 16: incidents.unit(0) names no unit: a unit's id is a positive number`}},
		{"negative unit", `incidents.unit(-3).credible("torture") == 0`, "",
			map[string]string{"criterion": `line 1, column 16: incidents.unit(-3) names no unit: a unit's id is a positive number`}},
		{"both fields", `incidents.count("any", 0) == 0`, `today > date("2026-04-31")`,
			map[string]string{
				"criterion": `line 1, column 24: the window of count must be 1 to 36525 days, got 0`,
				"at_risk":   `line 1, column 14: date("2026-04-31") names no day of the calendar (check the month and the day)`,
			}},
		{"two problems in one expression", `incidents.count("any", 0) == 0 && date("2026-02-30") < today`, "",
			map[string]string{"criterion": `line 1, column 24: the window of count must be 1 to 36525 days, got 0; line 1, column 40: date("2026-02-30") names no day of the calendar (check the month and the day)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := redLine(1, tt.criterion, tt.atRisk)
			cc, err := CompileCondition(&c)
			var e *custos.Error
			if !errors.As(err, &e) || e.Kind != custos.EINVALID {
				t.Fatalf("CompileCondition(%q, %q) = %v, %v; want an EINVALID *custos.Error", tt.criterion, tt.atRisk, cc, err)
			}
			if diff := cmp.Diff(tt.want, e.Fields); diff != "" {
				t.Errorf("CompileCondition(%q, %q) fields (-want +got):\n%s", tt.criterion, tt.atRisk, diff)
			}
		})
	}
}

// TestCompileConstantsAccepted checks the bounds themselves and what is
// only known at run time, which the compiler leaves to the evaluation.
func TestCompileConstantsAccepted(t *testing.T) {
	for _, expr := range []string{
		`incidents.count("any", 1) == 0`,
		`incidents.credible("torture", 36525) == 0`,
		`incidents.unit(7).count("any", 90) == 0`,
		`incidents.count("any", size(recipients)) == 0`,          // a window computed at run time
		`recipients.all(u, incidents.unit(u).count("any") == 0)`, // a unit computed at run time
		`date("2024-02-29") < today`,
		`date("2026-01-01") + duration("24h") < today`,
	} {
		if _, err := Compile(expr); err != nil {
			t.Errorf("Compile(%q) = %v, want no error", expr, err)
		}
	}
}

// TestProgramUnits checks the constant unit ids an expression names, which
// the store checks against its actors before saving.
func TestProgramUnits(t *testing.T) {
	tests := []struct {
		expr string
		want []int64
	}{
		{`incidents.unit(999999999).count("any") == 0`, []int64{999999999}},
		{`incidents.unit(42).count("any") == 0 && incidents.unit(7).credible("torture", 30) == 0 || incidents.unit(42).count("any") > 1`, []int64{7, 42}},
		{`incidents.unit(7).unit(8).count("any") == 0`, []int64{7, 8}},
		{`recipients.all(u, incidents.unit(u).credible("torture") == 0)`, nil},
		{`incidents.count("any") == 0`, nil},
	}
	for _, tt := range tests {
		p, err := Compile(tt.expr)
		if err != nil {
			t.Fatalf("Compile(%q) = %v", tt.expr, err)
		}
		if diff := cmp.Diff(tt.want, p.Units()); diff != "" {
			t.Errorf("Compile(%q).Units() (-want +got):\n%s", tt.expr, diff)
		}
	}
}

// TestIncidentsUnitDeleted checks that, with a tree of every unit, a unit
// the tree does not hold (deleted since the condition was saved) makes the
// condition impossible to evaluate rather than met on a count of 0, while
// a unit that exists without incidents still counts 0.
func TestIncidentsUnitDeleted(t *testing.T) {
	ix, err := NewIncidentIndex([]IncidentFact{
		{Incident: 1, Unit: 111, Category: "torture", Date: day("2026-05-20"), Credible: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	// 11 ─── 111; 12 stands alone without incidents; 99 is no unit.
	complete := &Inputs{Incidents: ix, Units: NewCompleteUnitTree(map[int64]int64{11: 0, 111: 11, 12: 0})}
	partial := &Inputs{Incidents: ix, Units: NewUnitTree(map[int64]int64{111: 11})}
	deleted := "the criterion cannot be evaluated: no unit 99 is recorded (deleted, or a wrong id), so its incidents cannot be counted"
	type result struct {
		Status custos.ConditionStatus
		Error  string
	}
	tests := []struct {
		name string
		expr string
		in   *Inputs
		want result
	}{
		{"unit without incidents", `incidents.unit(12).count("any") == 0`, complete, result{Status: custos.ConditionMet}},
		{"unit with a sub-unit's incident", `incidents.unit(11).credible("torture", 30) == 0`, complete, result{Status: custos.ConditionBreached}},
		{"sub-unit", `incidents.unit(111).count("any") == 1`, complete, result{Status: custos.ConditionMet}},
		{"deleted unit", `incidents.unit(99).count("any") == 0`, complete, result{custos.ConditionCannotEvaluate, deleted}},
		{"deleted unit skipped by ||", `incidents.unit(99).count("any") == 0 || incidents.unit(12).count("any") == 0`, complete,
			result{custos.ConditionCannotEvaluate, "the criterion cannot be evaluated: it is true only by skipping an input without data: " + strings.TrimPrefix(deleted, "the criterion cannot be evaluated: ")}},
		{"deleted unit computed at run time", `[99].all(u, incidents.unit(u).count("any") == 0)`, complete, result{custos.ConditionCannotEvaluate, deleted}},
		{"a tree not of every unit cannot tell", `incidents.unit(99).count("any") == 0`, partial, result{Status: custos.ConditionMet}},
		{"nor can no tree", `incidents.unit(99).count("any") == 0`, &Inputs{Incidents: ix}, result{Status: custos.ConditionMet}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := redLine(1, tt.expr, "")
			cc, err := CompileCondition(&c)
			if err != nil {
				t.Fatal(err)
			}
			e := Evaluate(cc, tt.in, day("2026-06-01"))
			if diff := cmp.Diff(tt.want, result{e.Status, e.Error}); diff != "" {
				t.Errorf("Evaluate(%q) (-want +got):\n%s", tt.expr, diff)
			}
		})
	}
}

func TestCompleteUnitTree(t *testing.T) {
	// 1 ─┬─ 10 ─── 100
	//    └─ 11
	// 5 alone
	tree := NewCompleteUnitTree(map[int64]int64{1: 0, 10: 1, 11: 1, 100: 10, 5: 0})
	tests := []struct {
		unit    int64
		subtree []int64
		holds   bool
	}{
		{1, []int64{1, 10, 100, 11}, true},
		{10, []int64{10, 100}, true},
		{5, []int64{5}, true},
		{99, []int64{99}, false},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.subtree, tree.Subtree(tt.unit)); diff != "" {
			t.Errorf("Subtree(%d) (-want +got):\n%s", tt.unit, diff)
		}
		if got := tree.Holds(tt.unit); got != tt.holds {
			t.Errorf("Holds(%d) = %v, want %v", tt.unit, got, tt.holds)
		}
	}
	if got := tree.Len(); got != 5 {
		t.Errorf("Len() = %d, want 5", got)
	}
	if !NewUnitTree(map[int64]int64{10: 1}).Holds(99) || !(*UnitTree)(nil).Holds(99) {
		t.Errorf("a tree not of every unit says it does not hold a unit; it cannot tell")
	}
}
