package custos

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestConditionReportTable(t *testing.T) {
	rep := &ConditionReport{Country: "ML", Rows: []*ConditionReportRow{
		{ConditionID: 3, Title: "Complaints investigated", ProgramID: 7, ProgramTitle: "Police reform", Kind: "milestone", Type: "performance",
			Deadline: Date{Year: 2026, Month: 6, Day: 30}, Status: ConditionBreached, AsOf: Date{Year: 2026, Month: 7, Day: 1},
			Values: []InputValue{{Input: "deadline", Value: "2026-06-30"}, {Input: `indicator["POL-3"]`, Value: "30"}}, Decision: "waive step 0 (2026-07-02)"},
		{ConditionID: 4, Title: "No torture", Kind: "red_line", Type: "policy"},
	}}
	want := [][]string{
		{"3", "Complaints investigated", "7", "Police reform", "milestone", "performance", "2026-06-30", "breached", "2026-07-01", `deadline = 2026-06-30; indicator["POL-3"] = 30`, "", "waive step 0 (2026-07-02)"},
		{"4", "No torture", "", "", "red_line", "policy", "", "", "", "", "", ""},
	}
	if diff := cmp.Diff(want, rep.Table()); diff != "" {
		t.Errorf("Table() mismatch (-want +got):\n%s", diff)
	}
	for _, row := range rep.Table() {
		if len(row) != len(ConditionReportHeader) {
			t.Errorf("Table() row has %d cells, the header %d", len(row), len(ConditionReportHeader))
		}
	}
}

func TestProgramEvaluationValidate(t *testing.T) {
	valid := ProgramEvaluation{ProgramID: 1, Kind: "close", Date: Date{Year: 2026, Month: 9, Day: 30}, Outcomes: "Investigations up from 12% to 30%."}
	for _, tt := range []struct {
		name   string
		change func(e *ProgramEvaluation)
		want   []string
	}{
		{"valid", func(*ProgramEvaluation) {}, nil},
		{"no program", func(e *ProgramEvaluation) { e.ProgramID = 0 }, []string{"program_id"}},
		{"unknown kind", func(e *ProgramEvaluation) { e.Kind = "midterm" }, []string{"kind"}},
		{"no date, no outcomes", func(e *ProgramEvaluation) { e.Date, e.Outcomes = Date{}, " " }, []string{"date", "outcomes"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := valid
			tt.change(&e)
			e.Normalize()
			if diff := cmp.Diff(tt.want, invalidFieldsOf(t, e.Validate())); diff != "" {
				t.Errorf("Validate() fields mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
