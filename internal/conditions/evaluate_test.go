package conditions

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/custos-ssa/custos"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func day(s string) custos.Date {
	d, err := custos.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// fixtureInputs is a small program: two indicators with data and one
// without, three recipient units, a few incidents, vetting and
// consultation counts.
func fixtureInputs() *Inputs {
	ix, err := NewIncidentIndex([]IncidentFact{
		{Unit: 11, Category: "torture", Date: day("2026-05-20"), Credible: true},
		{Unit: 11, Category: "torture", Date: day("2025-11-02"), Credible: false},
		{Unit: 12, Category: "arbitrary_detention", Date: day("2026-04-01"), Credible: true},
		{Unit: 12, Category: "civilian_harm_operations", Date: day("2026-05-30")},
		{Unit: 99, Category: "extrajudicial_killing", Date: day("2026-05-01"), Credible: true}, // not a recipient
	})
	if err != nil {
		panic(err)
	}
	return &Inputs{
		Indicators:     map[string]float64{"POL-3": 42.5, "JUS-1": 180},
		Baselines:      map[string]float64{"POL-3": 12, "JUS-1": 240, "CS-2": 0},
		Targets:        map[string]float64{"POL-3": 40, "JUS-1": 150},
		IndicatorCodes: []string{"CS-2", "JUS-1", "POL-3"},
		Recipients:     []int64{11, 12, 13},
		Incidents:      ix,
		IncidentUnits:  []int64{11, 12, 13},
		Vetting:        &VettingCounts{Approved: 40, Denied: 2, Pending: 3, DeniedRecipients: 1},
		Consultations:  &ConsultationCounts{Held: 3, HeldOutsideCapital: 1, FeedbackReceived: 20, FeedbackAnswered: 17},
	}
}

func milestone(id int64, deadline, criterion, atRisk string) custos.Condition {
	return custos.Condition{ID: id, ProgramID: 1, Kind: "milestone", Type: "performance", Deadline: day(deadline), Criterion: criterion, AtRisk: atRisk}
}

func redLine(id int64, criterion, atRisk string) custos.Condition {
	return custos.Condition{ID: id, ProgramID: 1, Kind: "red_line", Type: "policy", Criterion: criterion, AtRisk: atRisk}
}

// goldenConditions covers every status and the ways data can be missing.
var goldenConditions = []custos.Condition{
	milestone(1, "2026-09-30", `indicator["POL-3"] >= target["POL-3"]`, ""),
	milestone(2, "2026-09-30", `indicator["JUS-1"] <= 120`, ""),
	milestone(3, "2026-06-20", `indicator["JUS-1"] <= 120`, ""),
	milestone(4, "2026-05-31", `indicator["JUS-1"] <= 120`, ""),
	milestone(5, "2026-09-30", `indicator["JUS-1"] <= 120`, `indicator["JUS-1"] > baseline["JUS-1"] * 0.8`),
	milestone(6, "2026-09-30", `indicator["CS-2"] >= 10`, ""),
	milestone(7, "2026-09-30", `consultations.held >= 2 && consultations.answered_percent >= 80`, ""),
	milestone(8, "2026-09-30", `vetting.unvetted_participants == 0 && vetting.denied_recipients == 0`, ""),
	redLine(9, `incidents.credible("torture") == 0`, ""),
	redLine(10, `incidents.credible("extrajudicial_killing") == 0`, ""),
	redLine(11, `incidents.credible("extrajudicial_killing") == 0`, `incidents.count("any", 30) > 0`),
	redLine(12, `recipients.all(u, incidents.unit(u).credible("arbitrary_detention", 365) == 0)`, ""),
	redLine(13, `incidents.count("torture", 90) <= 1`, ""),
	milestone(14, "2026-09-30", `indicator["CS-2"] >= 10 || indicator["POL-3"] >= 40`, ""),
	milestone(15, "2026-09-30", `indicator["CS-2"] >= 10 && indicator["POL-3"] >= 50`, ""),
	redLine(16, `days_left > 0`, ""),
	milestone(17, "2026-09-30", `today >= date("2026-07-01")`, ""),
	milestone(18, "2026-09-30", `1 / (vetting.denied - 2) > 0`, ""),
	milestone(19, "2026-09-30", `"CS-2" in indicator && indicator["CS-2"] > 3.0`, ""),
	redLine(20, `incidents.unit(11).credible("torture") == 0 && has(vetting.suspended)`, ""),
	milestone(21, "2026-09-30", `size(recipients) >= 3 && indicator["POL-3"] >= baseline["POL-3"] * 3.0`, `days_left < 200`),
	milestone(22, "2026-09-30", `indicator.all(k, indicator[k] >= target[k])`, ""),
	redLine(23, `!("POL-9" in indicator) || indicator["POL-9"] >= 50.0`, ""),
	redLine(24, `indicator["JUS-1"] <= 120 && !("POL-9" in indicator)`, ""),
	redLine(25, `baseline.exists(k, baseline[k] == 0.0)`, ""),
	redLine(26, `vetting.all(k, vetting[k] < 50)`, ""),
	redLine(27, `!("POL-9" in indicator) && indicator["JUS-1"] <= 120`, ""),
}

func TestEvaluateGolden(t *testing.T) {
	in := fixtureInputs()
	asOf := day("2026-06-01")
	var got []custos.Evaluation
	for _, c := range goldenConditions {
		cc, err := CompileCondition(&c)
		if err != nil {
			t.Fatalf("CompileCondition(%d: %q) = %v", c.ID, c.Criterion, err)
		}
		got = append(got, Evaluate(cc, in, asOf))
	}
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	path := filepath.Join("testdata", "evaluations.golden.json")
	if *update {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(b)); diff != "" {
		t.Errorf("evaluations differ from %s (-want +got):\n%s", path, diff)
	}
}

func TestEvaluateStatusRules(t *testing.T) {
	in := fixtureInputs()
	const notMet = `indicator["JUS-1"] <= 120` // 180 in the fixture
	tests := []struct {
		name string
		c    custos.Condition
		asOf string
		want custos.ConditionStatus
	}{
		{"met before deadline", milestone(1, "2026-09-30", `indicator["JUS-1"] <= 200`, ""), "2026-06-01", custos.ConditionMet},
		{"met after deadline", milestone(1, "2026-03-31", `indicator["JUS-1"] <= 200`, ""), "2026-06-01", custos.ConditionMet},
		{"unmet, far from deadline", milestone(1, "2026-09-30", notMet, ""), "2026-06-01", custos.ConditionOnTrack},
		{"unmet, 31 days left", milestone(1, "2026-07-02", notMet, ""), "2026-06-01", custos.ConditionOnTrack},
		{"unmet, 30 days left", milestone(1, "2026-07-01", notMet, ""), "2026-06-01", custos.ConditionAtRisk},
		{"unmet on the deadline", milestone(1, "2026-06-01", notMet, ""), "2026-06-01", custos.ConditionAtRisk},
		{"unmet the day after", milestone(1, "2026-05-31", notMet, ""), "2026-06-01", custos.ConditionBreached},
		{"at-risk expression", milestone(1, "2026-12-31", notMet, `indicator["JUS-1"] > 150`), "2026-06-01", custos.ConditionAtRisk},
		{"at-risk expression false", milestone(1, "2026-12-31", notMet, `indicator["JUS-1"] > 200`), "2026-06-01", custos.ConditionOnTrack},
		{"at-risk ignored once met", milestone(1, "2026-12-31", `true`, `true`), "2026-06-01", custos.ConditionMet},
		{"at-risk without data", milestone(1, "2026-12-31", notMet, `indicator["CS-2"] > 1`), "2026-06-01", custos.ConditionCannotEvaluate},
		{"breached ignores at-risk", milestone(1, "2026-01-31", notMet, `indicator["CS-2"] > 1`), "2026-06-01", custos.ConditionBreached},
		{"met on the data read first", milestone(1, "2026-09-30", `indicator["POL-3"] > 0 || indicator["CS-2"] >= 0`, ""), "2026-06-01", custos.ConditionMet},
		{"red line holds", redLine(1, `vetting.suspended == 0`, ""), "2026-06-01", custos.ConditionMet},
		{"red line crossed", redLine(1, `vetting.denied == 0`, ""), "2026-06-01", custos.ConditionBreached},
		{"red line at risk", redLine(1, `vetting.suspended == 0`, `vetting.pending > 0`), "2026-06-01", custos.ConditionAtRisk},
		{"warn window set", func() custos.Condition { c := milestone(1, "2026-08-01", notMet, ""); c.WarnDays = 90; return c }(), "2026-06-01", custos.ConditionAtRisk},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cc, err := CompileCondition(&tt.c)
			if err != nil {
				t.Fatal(err)
			}
			if got := Evaluate(cc, in, day(tt.asOf)); got.Status != tt.want {
				t.Errorf("Evaluate(%q, deadline %s, as of %s) = %s (%s), want %s", tt.c.Criterion, tt.c.Deadline, tt.asOf, got.Status, got.Error, tt.want)
			}
		})
	}
}

// TestEvaluateNeverMetOnMissingData runs criteria that would be true if the
// missing data were there, or that are true only by skipping it, for
// milestones and red lines: none may be met.
func TestEvaluateNeverMetOnMissingData(t *testing.T) {
	full := fixtureInputs()
	without := func(edit func(*Inputs)) *Inputs { in := *full; edit(&in); return &in }
	noVetting := without(func(in *Inputs) { in.Vetting = nil })
	noIncidents := without(func(in *Inputs) { in.Incidents = nil })
	noConsultations := without(func(in *Inputs) { in.Consultations = nil })
	noRecipients := without(func(in *Inputs) { in.Recipients = nil })
	noFeedback := without(func(in *Inputs) { in.Consultations = &ConsultationCounts{Held: 4} })
	tests := []struct {
		expr string
		in   *Inputs
	}{
		{`indicator["CS-2"] >= 0`, full},
		{`!(indicator["CS-2"] > 5)`, full},
		{`indicator["CS-2"] >= 0 || indicator["POL-3"] > 0`, full},
		{`target["CS-2"] > 0 || true`, full},
		{`indicator["POL-3"] > 0`, &Inputs{}},
		{`indicator["POL-3"] > 0`, nil},
		{`incidents.credible("torture") >= 0`, noIncidents},
		{`incidents.unit(11).count("any") >= 0`, noIncidents},
		{`vetting.denied >= 0`, noVetting},
		{`consultations.held >= 0`, noConsultations},
		{`consultations.answered_percent >= 0`, noFeedback},
		{`!("answered_percent" in consultations) || consultations.answered_percent >= 90.0`, noFeedback},
		{`recipients.size() >= 0`, noRecipients},
		{`recipients.all(u, incidents.unit(u).credible("torture") == 0)`, noRecipients},
		{`int(indicator["POL-3"]) / vetting.suspended > 0 || true`, full},
	}
	for _, tt := range tests {
		for _, c := range []custos.Condition{milestone(1, "2026-09-30", tt.expr, ""), redLine(2, tt.expr, "")} {
			cc, err := CompileCondition(&c)
			if err != nil {
				t.Fatalf("CompileCondition(%q) = %v", tt.expr, err)
			}
			got := Evaluate(cc, tt.in, day("2026-06-01"))
			if got.Status != custos.ConditionCannotEvaluate || got.Error == "" {
				t.Errorf("Evaluate(%s %q) = %s %q, want cannot_evaluate with a reason", c.Kind, tt.expr, got.Status, got.Error)
			}
		}
	}
	// A red line has no deadline: criteria reading it cannot be evaluated.
	for _, expr := range []string{`days_left > -100000`, `deadline > date("1900-01-01")`} {
		c := redLine(3, expr, "")
		cc, err := CompileCondition(&c)
		if err != nil {
			t.Fatal(err)
		}
		if got := Evaluate(cc, full, day("2026-06-01")); got.Status != custos.ConditionCannotEvaluate {
			t.Errorf("Evaluate(red line %q) = %s, want cannot_evaluate", expr, got.Status)
		}
	}
}

func TestEvaluateDeterministic(t *testing.T) {
	in := fixtureInputs()
	c := milestone(1, "2026-09-30", `indicator["POL-3"] >= 40 && vetting.denied == 0 && incidents.credible("torture", 90) == 0 && consultations.held >= 2 && days_left > 0`, `vetting.pending > 0 || baseline["POL-3"] < 20`)
	cc, err := CompileCondition(&c)
	if err != nil {
		t.Fatal(err)
	}
	first := Evaluate(cc, in, day("2026-06-01"))
	for i := 0; i < 50; i++ {
		cc2, _ := CompileCondition(&c)
		if diff := cmp.Diff(first, Evaluate(cc2, fixtureInputs(), day("2026-06-01"))); diff != "" {
			t.Fatalf("evaluation %d differs (-first +now):\n%s", i, diff)
		}
	}
}

// TestEvaluateConcurrent shares one compiled condition and one snapshot
// between goroutines, as a sweep over a program's conditions may; run it
// with -race.
func TestEvaluateConcurrent(t *testing.T) {
	in := fixtureInputs()
	c := redLine(1, `recipients.all(u, incidents.unit(u).credible("torture", 365) == 0) && indicator["POL-3"] > 1`, `vetting.pending > 0`)
	cc, err := CompileCondition(&c)
	if err != nil {
		t.Fatal(err)
	}
	want := Evaluate(cc, in, day("2026-06-01"))
	results := make(chan custos.Evaluation, 8)
	for range 8 {
		go func() { results <- Evaluate(cc, in, day("2026-06-01")) }()
	}
	for range 8 {
		if diff := cmp.Diff(want, <-results); diff != "" {
			t.Errorf("concurrent evaluation differs (-want +got):\n%s", diff)
		}
	}
}
