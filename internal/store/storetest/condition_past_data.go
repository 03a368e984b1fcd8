package storetest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
)

// testConditionPastData proves that an evaluation as of a past date reads
// a program's indicators (baselines and targets) and recipients as they
// were recorded at the end of that day: a target lowered, a unit swapped
// for another, an indicator added and one deleted the next day change the
// verdicts as of that next day, never those as of the day before.
func testConditionPastData(t *testing.T, db *store.DB) {
	at := func(d int) { db.Now = func() time.Time { return time.Date(2026, 12, d, 10, 0, 0, 0, time.UTC) } }
	defer func() { db.Now = func() time.Time { return epoch } }()
	day1, day2 := day(2026, 12, 1), day(2026, 12, 2)

	// Day 1: a program assisting one unit, its indicator POL-3 with a 2026
	// target of 60, a figure of 50 approved, and POL-5 (a target of 30).
	at(1)
	p, result, pol3 := chain(t, db)
	ctx := as(custos.RolePlanner)
	first := p.RecipientIDs[0]
	second := newActor(t, ctx, db, "Fictional: 2e Escadron", 0, custos.Internal)
	analyst, planner := asUser(custos.RoleAnalyst, 7), asUser(custos.RolePlanner, 8)
	m := &custos.Measurement{IndicatorID: pol3.ID, PeriodStart: day(2026, 10, 1), PeriodEnd: day(2026, 10, 31), Value: 50, Provenance: "civil_society", Status: "submitted"}
	must(t, db.CreateMeasurement(analyst, m))
	_, err := db.ReviewMeasurement(planner, m.ID, "approved", "")
	must(t, err)
	pol5 := &custos.Indicator{ProgramID: p.ID, ResultID: result.ID, Code: "POL-5", Title: "Fictional: complaints registers audited", Unit: "count",
		Direction: "increase", Targets: []custos.Target{{Start: day(2026, 1, 1), End: day(2026, 12, 31), Value: 30}}}
	must(t, db.CreateIndicator(analyst, pol5))
	cond := func(title, criterion string) int64 {
		t.Helper()
		c := &custos.Condition{ProgramID: p.ID, Kind: "milestone", Type: "performance", Title: "Fictional: " + title, Deadline: day(2027, 6, 30),
			Statement: "Fictional statement: " + title + ".", Criterion: criterion}
		must(t, db.CreateCondition(ctx, c))
		return c.ID
	}
	target := cond("complaints investigated", `indicator["POL-3"] >= target["POL-3"]`)
	units := cond("only the escadron assisted", fmt.Sprintf(`recipients.all(u, u == %d)`, second.ID))
	deleted := cond("registers audited", `target["POL-5"] >= 10.0`)

	// Day 2: the target is lowered to 45, the first unit swapped for the
	// second, POL-4 added and POL-5 deleted.
	at(2)
	pol3.Targets[1].Value = 45
	must(t, db.UpdateIndicator(analyst, pol3))
	p.RecipientIDs = []int64{second.ID}
	must(t, db.UpdateProgram(ctx, p))
	pol4 := &custos.Indicator{ProgramID: p.ID, ResultID: result.ID, Code: "POL-4", Title: "Fictional: police stations inspected", Unit: "count",
		Direction: "increase", Targets: []custos.Target{{Start: day(2026, 1, 1), End: day(2026, 12, 31), Value: 12}}}
	must(t, db.CreateIndicator(analyst, pol4))
	must(t, db.DeleteIndicator(analyst, pol5.ID))
	added := cond("stations inspected", `target["POL-4"] >= 10.0`)

	type verdict struct {
		Status custos.ConditionStatus
		Values map[string]string
	}
	judge := func(id int64, asOf custos.Date) verdict {
		t.Helper()
		e, err := db.JudgeCondition(as(custos.RoleViewer), id, asOf)
		must(t, err)
		v := verdict{Status: e.Status, Values: map[string]string{}}
		for _, iv := range e.Values {
			switch {
			case iv.Input == "deadline":
			case strings.HasPrefix(iv.Value, "error:"):
				v.Values[iv.Input] = "error" // the engine's wording aside
			default:
				v.Values[iv.Input] = iv.Value
			}
		}
		return v
	}
	recipients := func(ids ...int64) string {
		s := make([]string, len(ids))
		for i, id := range ids {
			s[i] = fmt.Sprint(id)
		}
		return "[" + strings.Join(s, ", ") + "]"
	}
	for _, tt := range []struct {
		name string
		id   int64
		asOf custos.Date
		want verdict
	}{
		{"target as of day 1", target, day1, verdict{custos.ConditionOnTrack, map[string]string{`indicator["POL-3"]`: "50", `target["POL-3"]`: "60"}}},
		{"target as of day 2", target, day2, verdict{custos.ConditionMet, map[string]string{`indicator["POL-3"]`: "50", `target["POL-3"]`: "45"}}},
		{"recipients as of day 1", units, day1, verdict{custos.ConditionOnTrack, map[string]string{"recipients": recipients(first)}}},
		{"recipients as of day 2", units, day2, verdict{custos.ConditionMet, map[string]string{"recipients": recipients(second.ID)}}},
		{"indicator added on day 2, as of day 1", added, day1, verdict{custos.ConditionCannotEvaluate, map[string]string{`target["POL-4"]`: "error"}}},
		{"indicator added on day 2, as of day 2", added, day2, verdict{custos.ConditionMet, map[string]string{`target["POL-4"]`: "12"}}},
		{"indicator deleted on day 2, as of day 1", deleted, day1, verdict{custos.ConditionMet, map[string]string{`target["POL-5"]`: "30"}}},
		{"indicator deleted on day 2, as of day 2", deleted, day2, verdict{custos.ConditionCannotEvaluate, map[string]string{`target["POL-5"]`: "error"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := judge(tt.id, tt.asOf)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("JudgeCondition(as of %s) mismatch (-want +got):\n%s", tt.asOf, diff)
			}
		})
	}
}
