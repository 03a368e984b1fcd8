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

// testConditionNoData proves that a condition is never met on data that is
// not there: a loop over the indicators of a program without any approved
// measurement, and a guard on an indicator code the program no longer has
// (renamed), cannot be evaluated, with the reason in plain words; a breach
// found on the data there stays a breach. It also proves that a verdict
// shows the whole inputs a loop read (the indicator and target maps), and
// that incidents.unit(u) counts the incidents of u and of every unit under
// it, once each, as the incidents input does.
func testConditionNoData(t *testing.T, db *store.DB) {
	db.Now = func() time.Time { return epoch }
	p, _, ind := chain(t, db)
	ctx := as(custos.RolePlanner)
	create := func(kind custos.ConditionKind, expr string) *custos.Condition {
		t.Helper()
		c := &custos.Condition{ProgramID: p.ID, Kind: kind, Type: "performance", Title: "Fictional: " + expr, Statement: "Fictional condition for a test.", Criterion: expr}
		if kind == "milestone" {
			c.Deadline = day(2030, 12, 31)
		}
		must(t, db.CreateCondition(ctx, c))
		return c
	}
	type verdict struct {
		Status custos.ConditionStatus
		Error  string // a part of the reason
		Values map[string]string
	}
	judge := func(conds ...*custos.Condition) map[string]verdict {
		t.Helper()
		run, err := db.EvaluateConditions(ctx, custos.ConditionFilter{ProgramID: p.ID}, custos.Date{})
		must(t, err)
		out := map[string]verdict{}
		for _, c := range conds {
			for _, e := range run.Evaluations {
				if e.ConditionID != c.ID {
					continue
				}
				v := verdict{Status: e.Status, Error: e.Error, Values: map[string]string{}}
				for _, iv := range e.Values {
					v.Values[iv.Input] = iv.Value
				}
				out[c.Criterion] = v
			}
		}
		return out
	}
	// want compares the statuses and values, and checks that each reason
	// contains the words expected.
	want := func(what string, got, want map[string]verdict) {
		t.Helper()
		for k, w := range want {
			g := got[k]
			if w.Error == "" && g.Error != "" || !strings.Contains(g.Error, w.Error) {
				t.Errorf("%s: %s: reason %q, want one containing %q", what, k, g.Error, w.Error)
			}
			g.Error, w.Error = "", ""
			if w.Values == nil {
				g.Values = nil
			}
			got[k], want[k] = g, w
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", what, diff)
		}
	}

	every := create("milestone", `indicator.all(k, indicator[k] >= target[k])`)
	guard := create("red_line", `!("POL-3" in indicator) || indicator["POL-3"] >= 50.0`)
	above := create("red_line", `indicator.all(k, indicator[k] >= 80.0)`)
	want("no approved measurement", judge(every, guard, above), map[string]verdict{
		every.Criterion: {Status: custos.ConditionCannotEvaluate, Error: "no approved measurement of any indicator of this program yet"},
		guard.Criterion: {Status: custos.ConditionCannotEvaluate, Error: "holds only on a test that the figure is missing"}, // no figure: never met
		above.Criterion: {Status: custos.ConditionCannotEvaluate, Error: "no approved measurement of any indicator of this program yet"},
	})

	m := &custos.Measurement{IndicatorID: ind.ID, PeriodStart: day(2026, 1, 1), PeriodEnd: day(2026, 6, 30), Value: 70, Provenance: "civil_society", Status: "submitted"}
	must(t, db.CreateMeasurement(asUser(custos.RoleAnalyst, 7), m))
	_, err := db.ReviewMeasurement(asUser(custos.RolePlanner, 8), m.ID, "approved", "")
	must(t, err)
	want("a figure of 70 against a target of 60", judge(every, guard, above), map[string]verdict{
		every.Criterion: {Status: custos.ConditionMet, Values: map[string]string{"deadline": "2030-12-31", "indicator": `{"POL-3": 70}`, "target": `{"POL-3": 60}`}},
		guard.Criterion: {Status: custos.ConditionMet, Values: map[string]string{`"POL-3" in indicator`: "true", `indicator["POL-3"]`: "70"}},
		above.Criterion: {Status: custos.ConditionBreached, Values: map[string]string{"indicator": `{"POL-3": 70}`}},
	})

	// POL-3 is renamed: the guard reads a code the program no longer has.
	ind.Code = "POL-3A"
	must(t, db.UpdateIndicator(as(custos.RoleAnalyst), ind))
	want("POL-3 renamed POL-3A", judge(every, guard, above), map[string]verdict{
		every.Criterion: {Status: custos.ConditionMet, Values: map[string]string{"deadline": "2030-12-31", "indicator": `{"POL-3A": 70}`, "target": `{"POL-3A": 60}`}},
		guard.Criterion: {Status: custos.ConditionCannotEvaluate, Error: "indicator POL-3 is no longer an indicator of this program"},
		above.Criterion: {Status: custos.ConditionBreached, Values: map[string]string{"indicator": `{"POL-3A": 70}`}},
	})

	// Incidents of the units under a recipient count for it, and an
	// incident naming a recipient and its sub-unit counts once.
	recipient := p.RecipientIDs[0]
	company := newActor(t, ctx, db, "Fictional: 1re Compagnie", recipient, custos.Internal)
	platoon := newActor(t, ctx, db, "Fictional: 2e Section", company.ID, custos.Internal)
	all := create("red_line", `recipients.all(u, incidents.unit(u).credible("torture") == 0)`)
	one := create("red_line", fmt.Sprintf(`incidents.unit(%d).credible("torture") <= 1`, recipient))
	scope := create("red_line", `incidents.credible("torture") <= 1`)
	torture := func(units ...int64) {
		t.Helper()
		i := newIncident(0)
		i.Category, i.Title = "torture", "Fictional: torture of a detainee"
		for _, u := range units {
			i.Perpetrators = append(i.Perpetrators, custos.Perpetrator{ActorID: u, Role: "direct"})
		}
		must(t, db.CreateIncident(analyst, i))
		for _, s := range []custos.VerificationStatus{custos.StatusUnderReview, custos.StatusCredible} {
			_, err := db.TransitionIncident(analyst, i.ID, s, "fictional test step")
			must(t, err)
		}
	}
	unitQuery := fmt.Sprintf(`incidents.unit(%d).credible("torture")`, recipient)
	recipients := fmt.Sprintf("[%d]", recipient)
	torture(platoon.ID)
	want("a credible torture by a platoon of the recipient", judge(all, one, scope), map[string]verdict{
		all.Criterion:   {Status: custos.ConditionBreached, Values: map[string]string{"recipients": recipients}},
		one.Criterion:   {Status: custos.ConditionMet, Values: map[string]string{unitQuery: "1"}},
		scope.Criterion: {Status: custos.ConditionMet, Values: map[string]string{`incidents.credible("torture")`: "1"}},
	})
	torture(recipient, company.ID, platoon.ID)
	want("a second one naming the recipient, its company and the platoon", judge(all, one, scope), map[string]verdict{
		all.Criterion:   {Status: custos.ConditionBreached, Values: map[string]string{"recipients": recipients}},
		one.Criterion:   {Status: custos.ConditionBreached, Values: map[string]string{unitQuery: "2"}},
		scope.Criterion: {Status: custos.ConditionBreached, Values: map[string]string{`incidents.credible("torture")`: "2"}},
	})
}
