package custos

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func validCondition() Condition {
	return Condition{
		ID: 3, ProgramID: 1, Kind: "milestone", Type: "performance",
		Title:     "Complaints investigated",
		Owner:     "INL section, embassy",
		Deadline:  conditionDate("2026-09-30"),
		Statement: "By the end of FY2026, the inspectorate investigates 40% of complaints within 90 days.",
		Criterion: `indicator["POL-3"] >= 40.0`,
		Consequences: []ConsequenceStep{
			{Action: "warning"}, {Action: "custom", Text: "Ministerial review"},
			{Action: "pause_new_obligations"}, {Action: "terminate"},
		},
		Inducements:   []string{"Release the second tranche of vehicles"},
		Releasability: Internal,
	}
}

func TestConditionValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Condition)
		want []string
	}{
		{"valid milestone", func(*Condition) {}, nil},
		{"valid red line", func(c *Condition) {
			c.Kind, c.Deadline, c.Criterion = "red_line", Date{}, `incidents.credible("torture") == 0`
		}, nil},
		{"country plan", func(c *Condition) { c.ProgramID, c.Country = 0, "NE" }, nil},
		{"neither program nor country", func(c *Condition) { c.ProgramID = 0 }, []string{"program_id"}},
		{"both program and country", func(c *Condition) { c.Country = "NE" }, []string{"country"}},
		{"unknown country", func(c *Condition) { c.ProgramID, c.Country = 0, "QQQ" }, []string{"country"}},
		{"bad kind", func(c *Condition) { c.Kind = "goal" }, []string{"kind"}},
		{"bad IATI type", func(c *Condition) { c.Type = "political" }, []string{"type"}},
		{"milestone without deadline", func(c *Condition) { c.Deadline = Date{} }, []string{"deadline"}},
		{"red line with deadline", func(c *Condition) { c.Kind = "red_line" }, []string{"deadline"}},
		{"no statement", func(c *Condition) { c.Statement = "" }, []string{"statement"}},
		{"no criterion", func(c *Condition) { c.Criterion = "" }, []string{"criterion"}},
		{"warn days", func(c *Condition) { c.WarnDays = 400 }, []string{"warn_days"}},
		{"ladder steps down", func(c *Condition) {
			c.Consequences = []ConsequenceStep{{Action: "suspend"}, {Action: "warning"}}
		}, []string{"consequences[1].action"}},
		{"ladder repeats", func(c *Condition) {
			c.Consequences = []ConsequenceStep{{Action: "warning"}, {Action: "warning"}}
		}, []string{"consequences[1].action"}},
		{"terminate not last", func(c *Condition) {
			c.Consequences = []ConsequenceStep{{Action: "terminate"}, {Action: "custom", Text: "Close the office"}}
		}, []string{"consequences[0].action"}},
		{"custom without text", func(c *Condition) { c.Consequences = []ConsequenceStep{{Action: "custom"}} }, []string{"consequences[0].text"}},
		{"unknown action", func(c *Condition) { c.Consequences = []ConsequenceStep{{Action: "scold"}} }, []string{"consequences[0].action"}},
		{"empty inducement", func(c *Condition) { c.Inducements = []string{""} }, []string{"inducements[0]"}},
		{"bad status", func(c *Condition) { c.Status = "fine" }, []string{"status"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validCondition()
			tt.edit(&c)
			if diff := cmp.Diff(tt.want, invalidFieldsOf(t, c.Validate())); diff != "" {
				t.Errorf("Validate() fields (-want +got):\n%s", diff)
			}
		})
	}
}

func TestConditionTypeIATICode(t *testing.T) {
	for want, ty := range map[int]ConditionType{1: "policy", 2: "performance", 3: "fiduciary", 0: "other"} {
		if got := ty.IATICode(); got != want {
			t.Errorf("ConditionType(%q).IATICode() = %d, want %d", ty, got, want)
		}
	}
}

func TestConditionWarnWindow(t *testing.T) {
	c := validCondition()
	if got := c.WarnWindow(); got != DefaultWarnDays {
		t.Errorf("WarnWindow() with no warn_days = %d, want %d", got, DefaultWarnDays)
	}
	c.WarnDays = 60
	if got := c.WarnWindow(); got != 60 {
		t.Errorf("WarnWindow() = %d, want 60", got)
	}
}

func TestEvaluationValidate(t *testing.T) {
	ok := func() Evaluation {
		return Evaluation{ConditionID: 3, AsOf: conditionDate("2026-06-01"), Status: ConditionOnTrack, Criterion: "true"}
	}
	tests := []struct {
		name string
		edit func(*Evaluation)
		want []string
	}{
		{"valid", func(*Evaluation) {}, nil},
		{"cannot evaluate needs a reason", func(e *Evaluation) { e.Status = ConditionCannotEvaluate }, []string{"error"}},
		{"met with an error", func(e *Evaluation) { e.Status, e.Error = ConditionMet, "no data" }, []string{"error"}},
		{"no date", func(e *Evaluation) { e.AsOf = Date{} }, []string{"as_of"}},
		{"bad status", func(e *Evaluation) { e.Status = "green" }, []string{"status"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := ok()
			tt.edit(&e)
			if diff := cmp.Diff(tt.want, invalidFieldsOf(t, e.Validate())); diff != "" {
				t.Errorf("Validate() fields (-want +got):\n%s", diff)
			}
		})
	}
}

func TestConditionDecision(t *testing.T) {
	c := validCondition()
	breach := &Evaluation{ID: 11, ConditionID: 3, Status: ConditionBreached}
	ok := func() ConditionDecision {
		return ConditionDecision{ConditionID: 3, EvaluationID: 11, Decision: "waive", Step: 0, Reasons: "Partner opened investigations within the grace period.", ApproverID: 2}
	}
	tests := []struct {
		name  string
		edit  func(*ConditionDecision)
		eval  *Evaluation
		want  []string // from Validate
		wantC []string // from CheckAgainst
	}{
		{"valid", func(*ConditionDecision) {}, breach, nil, nil},
		{"no reasons", func(d *ConditionDecision) { d.Reasons = "" }, breach, []string{"reasons"}, nil},
		{"no approver", func(d *ConditionDecision) { d.ApproverID = 0 }, breach, []string{"approver_id"}, nil},
		{"bad decision", func(d *ConditionDecision) { d.Decision = "ignore" }, breach, []string{"decision"}, nil},
		{"step beyond ladder", func(d *ConditionDecision) { d.Step = 4 }, breach, nil, []string{"step"}},
		{"answers a met evaluation", func(*ConditionDecision) {}, &Evaluation{ID: 11, ConditionID: 3, Status: ConditionMet}, nil, []string{"evaluation_id"}},
		{"answers another condition", func(*ConditionDecision) {}, &Evaluation{ID: 11, ConditionID: 8, Status: ConditionBreached}, nil, []string{"evaluation_id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ok()
			tt.edit(&d)
			if diff := cmp.Diff(tt.want, invalidFieldsOf(t, d.Validate())); diff != "" {
				t.Errorf("Validate() fields (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantC, invalidFieldsOf(t, d.CheckAgainst(&c, tt.eval))); diff != "" {
				t.Errorf("CheckAgainst() fields (-want +got):\n%s", diff)
			}
		})
	}
}

func TestConditionJSON(t *testing.T) {
	c := validCondition()
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var got Condition
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("Unmarshal(%s) = %v", b, err)
	}
	if diff := cmp.Diff(c, got); diff != "" {
		t.Errorf("JSON round trip (-want +got):\n%s", diff)
	}
}
