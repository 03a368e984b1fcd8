package conditions

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/custos-ssa/custos"
)

func TestIndexAffected(t *testing.T) {
	ix := NewIndex()
	add := func(c custos.Condition) {
		cc, err := CompileCondition(&c)
		if err != nil {
			t.Fatal(err)
		}
		ix.Add(cc)
	}
	add(milestone(1, "2026-09-30", `indicator["POL-3"] >= 40`, `indicator["JUS-1"] > 100`))
	add(milestone(2, "2026-09-30", `indicator.all(k, indicator[k] > 0)`, ""))
	add(redLine(3, `incidents.credible("torture") == 0`, ""))
	add(redLine(4, `incidents.credible("any", 90) == 0`, ""))
	add(redLine(5, `vetting.denied_recipients == 0`, ""))
	c := redLine(6, `incidents.credible("torture") == 0`, "")
	c.ProgramID, c.Country = 0, "NE"
	add(c)
	add(milestone(7, "2026-09-30", `indicator["POL-3"] >= 40`, "")) // replaced below
	add(milestone(7, "2026-09-30", `consultations.held >= 2`, ""))

	p1 := Scope{ProgramID: 1}
	tests := []struct {
		name    string
		scope   Scope
		changed InputKey
		want    []int64
	}{
		{"one indicator", p1, InputKey{"indicator", "POL-3"}, []int64{1, 2}},
		{"at-risk indicator", p1, InputKey{"indicator", "JUS-1"}, []int64{1, 2}},
		{"other indicator", p1, InputKey{"indicator", "CS-9"}, []int64{2}},
		{"bulk import", p1, InputKey{"indicator", "*"}, []int64{1, 2}},
		{"torture allegation", p1, InputKey{"incidents", "torture"}, []int64{3, 4}},
		{"detention allegation", p1, InputKey{"incidents", "arbitrary_detention"}, []int64{4}},
		{"vetting", p1, InputKey{"vetting", "denied_recipients"}, []int64{5}},
		{"recipients changed", p1, InputKey{Input: "recipients"}, []int64{3, 4, 5}},
		{"consultation", p1, InputKey{"consultations", "held"}, []int64{7}},
		{"country plan", Scope{Country: "NE"}, InputKey{"incidents", "torture"}, []int64{6}},
		{"other program", Scope{ProgramID: 2}, InputKey{"indicator", "POL-3"}, nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, ix.Affected(tt.scope, tt.changed)); diff != "" {
			t.Errorf("%s: Affected(%v, %v) (-want +got):\n%s", tt.name, tt.scope, tt.changed, diff)
		}
	}
	ix.Remove(3)
	if diff := cmp.Diff([]int64{4}, ix.Affected(p1, InputKey{"incidents", "torture"})); diff != "" {
		t.Errorf("after Remove(3): Affected (-want +got):\n%s", diff)
	}
	if got := ix.Len(); got != 6 {
		t.Errorf("Len() = %d, want 6", got)
	}
}
