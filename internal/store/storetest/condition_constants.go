package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/google/go-cmp/cmp"
)

// testConditionConstants checks that a condition is refused when saved if
// a constant it names can never be evaluated, or would count nothing: a
// unit id that is not a recorded actor's (a mistyped id would hold a red
// line on a count of 0), a day that is not in the calendar and an incident
// window out of range. Each is reported under the field it was typed in.
func testConditionConstants(t *testing.T, db *store.DB) {
	db.Now = func() time.Time { return time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC) }
	ctx := as(custos.RolePlanner)
	unit := newActor(t, ctx, db, "Compagnie sans incident", 0, custos.Internal)
	condition := func(criterion, atRisk string) *custos.Condition {
		return &custos.Condition{Country: "ML", Kind: "red_line", Type: "policy", Title: "Fictional: no incident by the company",
			Statement: "Fictional red line: no incident is alleged against the company.", Criterion: criterion, AtRisk: atRisk}
	}
	const missing = 999999999
	unknown := fmt.Sprintf("reads incidents.unit(%d), but no unit (actor) with id %d is recorded; correct the id, or record the unit first", missing, missing)
	tests := []struct {
		name      string
		criterion string
		atRisk    string
		want      map[string]string // field -> error
	}{
		{"unknown unit", fmt.Sprintf(`incidents.unit(%d).count("any") == 0`, missing), "",
			map[string]string{"criterion": unknown}},
		{"unknown unit beside a known one", fmt.Sprintf(`incidents.unit(%d).count("any") == 0 && incidents.unit(%d).credible("torture") == 0`, unit.ID, missing), "",
			map[string]string{"criterion": unknown}},
		{"unknown unit in the at-risk expression", fmt.Sprintf(`incidents.unit(%d).count("any") == 0`, unit.ID), fmt.Sprintf(`incidents.unit(%d).count("any", 30) > 0`, missing),
			map[string]string{"at_risk": unknown}},
		{"impossible date", `date("2026-02-30") < today`, "",
			map[string]string{"criterion": `line 1, column 6: date("2026-02-30") names no day of the calendar (check the month and the day)`}},
		{"negative window", `incidents.count("any", -5) == 0`, "",
			map[string]string{"criterion": `line 1, column 24: the window of count must be 1 to 36525 days, got -5`}},
		{"zero window", `incidents.count("any", 0) == 0`, "",
			map[string]string{"criterion": `line 1, column 24: the window of count must be 1 to 36525 days, got 0`}},
		{"credible window of a unit", fmt.Sprintf(`incidents.unit(%d).credible("torture", 0) == 0`, unit.ID), "",
			map[string]string{"criterion": fmt.Sprintf(`line 1, column %d: the window of credible must be 1 to 36525 days, got 0`, len(fmt.Sprintf(`incidents.unit(%d).credible("torture", `, unit.ID))+1)}},
	}
	saved := condition(fmt.Sprintf(`incidents.unit(%d).count("any") == 0`, unit.ID), "")
	must(t, db.CreateCondition(ctx, saved))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, op := range []string{"CreateCondition", "UpdateCondition"} {
				c := condition(tt.criterion, tt.atRisk)
				var err error
				if op == "CreateCondition" {
					err = db.CreateCondition(ctx, c)
				} else {
					c.ID = saved.ID
					err = db.UpdateCondition(ctx, c)
				}
				e, ok := err.(*custos.Error)
				if !ok || e.Kind != custos.EINVALID {
					t.Errorf("%s(%q, %q) = %v, want an EINVALID *custos.Error", op, tt.criterion, tt.atRisk, err)
					continue
				}
				if diff := cmp.Diff(tt.want, e.Fields); diff != "" {
					t.Errorf("%s(%q, %q) fields (-want +got):\n%s", op, tt.criterion, tt.atRisk, diff)
				}
			}
		})
	}
	got, err := db.FindCondition(ctx, saved.ID)
	must(t, err)
	if got.Criterion != saved.Criterion || got.AtRisk != "" {
		t.Errorf("after refused updates, the condition reads %q, %q; want %q unchanged", got.Criterion, got.AtRisk, saved.Criterion)
	}
	list, _, err := db.FindConditions(ctx, custos.ConditionFilter{Country: "ML"})
	must(t, err)
	if len(list) != 1 {
		t.Errorf("FindConditions() = %d conditions, want only the one saved: a refused condition must not be stored", len(list))
	}
}
