package api

import (
	"fmt"
	"strings"
	"time"

	"github.com/custos-ssa/custos"
)

// condRecords are the M&E records the role matrix reads and changes.
type condRecords struct {
	result    *custos.Result
	indicator *custos.Indicator
	condition *custos.Condition
	progEval  *custos.ProgramEvaluation
	breach    *custos.Evaluation // a breach of condition, for decisions
}

var condFixtures = map[*fixture]*condRecords{}

// condFixture creates, once per fixture, a result, an indicator, a
// condition with a consequence ladder and a program evaluation on the
// fixture's program.
func condFixture(f *fixture) *condRecords {
	if r, ok := condFixtures[f]; ok {
		return r
	}
	r := &condRecords{}
	r.result = &custos.Result{ProgramID: f.prog.ID, Level: "outcome", Title: "Officers apply the law of armed conflict"}
	must(f.t, f.db.CreateResult(sys, r.result))
	r.indicator = &custos.Indicator{ProgramID: f.prog.ID, ResultID: r.result.ID, Code: "LOAC-1", Title: "Share of units with a legal adviser", Unit: "percent", Direction: "increase"}
	must(f.t, f.db.CreateIndicator(sys, r.indicator))
	r.condition = newCondition(f, "Legal advisers in place")
	r.breach = &custos.Evaluation{ConditionID: r.condition.ID, AsOf: custos.DateOf(time.Now()), Status: custos.ConditionBreached, Criterion: r.condition.Criterion,
		Values: []custos.InputValue{{Input: `indicator["LOAC-1"]`, Value: "20"}}}
	must(f.t, f.db.RecordEvaluation(sys, r.breach))
	r.progEval = &custos.ProgramEvaluation{ProgramID: f.prog.ID, Kind: "decision_point", Date: custos.Date{Year: 2026, Month: 3, Day: 1}, Outcomes: "Half the units have a legal adviser."}
	must(f.t, f.db.CreateProgramEvaluation(sys, r.progEval))
	condFixtures[f] = r
	f.t.Cleanup(func() { delete(condFixtures, f) })
	return r
}

func newCondition(f *fixture, title string) *custos.Condition {
	c := &custos.Condition{ProgramID: f.prog.ID, Kind: "red_line", Type: "performance", Title: title, Statement: "At least half the units have a legal adviser.",
		Criterion: `indicator["LOAC-1"] >= 50.0`, Consequences: []custos.ConsequenceStep{{Action: "warning"}, {Action: "suspend"}}}
	must(f.t, f.db.CreateCondition(sys, c))
	return c
}

// newMeasurement creates a submitted measurement of the fixture's
// indicator for a month of its own (n numbers the month), entered by the
// system so that any named user may review it.
func newMeasurement(f *fixture, n int) *custos.Measurement {
	ind := condFixture(f).indicator
	start := custos.Date{Year: 1900 + n/12, Month: time.Month(1 + n%12), Day: 1}
	m := &custos.Measurement{IndicatorID: ind.ID, PeriodStart: start, PeriodEnd: custos.Date{Year: start.Year, Month: start.Month, Day: 28}, Value: 40, Provenance: "agency", Status: "submitted"}
	must(f.t, f.db.CreateMeasurement(sys, m))
	return m
}

func idPath(format string, id int64) string { return fmt.Sprintf(format, id) }

// measurementBody is a new measurement of the fixture's indicator for a
// day of its own (n numbers the day, counted back from 2099).
func measurementBody(f *fixture, n int) custos.Measurement {
	day := custos.DateOf(time.Date(2020, 12, 31, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -n))
	return custos.Measurement{IndicatorID: condFixture(f).indicator.ID, PeriodStart: day, PeriodEnd: day, Value: 10, Provenance: "civil_society"}
}

var pathMeasurements int

// condPathID returns the id to put in an M&E path of the OpenAPI document.
func condPathID(f *fixture, path string) (string, bool) {
	var id int64
	switch {
	case strings.HasPrefix(path, "/api/v1/results/"):
		id = condFixture(f).result.ID
	case strings.HasPrefix(path, "/api/v1/indicators/"):
		id = condFixture(f).indicator.ID
	case strings.HasPrefix(path, "/api/v1/measurements/"):
		pathMeasurements++
		id = newMeasurement(f, 1000+pathMeasurements).ID
	case strings.HasPrefix(path, "/api/v1/conditions/"):
		id = condFixture(f).condition.ID
	case strings.HasPrefix(path, "/api/v1/program-evaluations/"):
		id = condFixture(f).progEval.ID
	default:
		return "", false
	}
	return fmt.Sprint(id), true
}
