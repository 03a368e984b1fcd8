package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/custos-ssa/custos"
)

// EntityConditionAlert is the audit entity of an alert on a condition's
// status: an alert is not an edit of the condition, so the watch does not
// evaluate the condition again because of it.
const EntityConditionAlert = "condition_alert"

// ConditionWatch is what WatchConditions remembers between two steps: the
// day of its last full sweep and the last audit entry it has seen. The zero
// value starts with a full sweep.
type ConditionWatch struct {
	Day  custos.Date
	Mark int64
}

// watchedEntities says, for each kind of audit entry, which condition
// inputs a change of that kind can move. An import ("import") can bring
// any record; a change of a program or an activity changes the units a
// program assists, and with them its incidents and vetting; a change of a
// unit (its parent) changes the units under a recipient. Entries the
// evaluations write themselves (evaluation runs, alerts on conditions) are
// not here, except that an edited condition is evaluated again by id.
var watchedEntities = map[string][]string{
	"import":                       {"indicator", "baseline", "target", "recipients", "incidents", "vetting", "consultations"},
	custos.EntityIncident:          {"incidents"},
	custos.EntityActor:             {"incidents", "vetting"},
	custos.EntityProgram:           {"recipients", "incidents", "vetting"},
	custos.EntityActivity:          {"recipients", "incidents", "vetting"},
	custos.EntityIndicator:         {"indicator", "baseline", "target"},
	custos.EntityMeasurement:       {"indicator"},
	EntityMeasurementImport:        {"indicator"},
	custos.EntityConsultation:      {"consultations"},
	custos.EntityFeedback:          {"consultations"},
	auditNomination:                {"vetting"},
	auditDecision:                  {"vetting"},
	auditConcurrence:               {"vetting"},
	auditRemediation:               {"vetting"},
	auditReview:                    {"vetting"},
	"warning":                      nil,
	EntityConditionAlert:           nil,
	custos.EntityConditionDecision: nil,
}

// WatchConditions keeps conditions' statuses current between explicit
// evaluations, one step at a time (custos serve takes a step every
// minute). On a new day it evaluates every condition as of today: time
// alone moves a milestone past its deadline and lets approvals expire.
// Otherwise it reads the audit entries written since its last step, by
// this process or any other (a command-line import, say), and evaluates
// again, as of today, only the conditions whose expressions read an input
// those changes can move, and the conditions edited since. Each status
// that changes raises an alert as any evaluation does. The caller must be
// allowed to evaluate conditions (custos.System is). It returns nil when
// nothing needed evaluating.
func (db *DB) WatchConditions(ctx context.Context, w *ConditionWatch) (*custos.EvaluationRun, error) {
	pr, err := custos.Authorize(ctx, custos.ActionUpdate, custos.EntityCondition)
	if err != nil {
		return nil, err
	}
	today := custos.DateOf(db.now())
	var mark int64
	if err := db.db.QueryRowContext(ctx, `SELECT COALESCE(max(seq), 0) FROM audit`).Scan(&mark); err != nil {
		return nil, fmt.Errorf("watch conditions: %w", err)
	}
	if w.Day != today {
		run, err := db.evaluateWhere(ctx, pr, db.conditionWhere(pr, custos.ConditionFilter{}), today)
		if err != nil {
			return nil, err
		}
		w.Day, w.Mark = today, mark
		return run, nil
	}
	if mark <= w.Mark {
		return nil, nil
	}
	inputs, edited, err := db.changedInputs(ctx, w.Mark, mark)
	if err != nil {
		return nil, err
	}
	if len(inputs) == 0 && len(edited) == 0 {
		w.Mark = mark
		return nil, nil
	}
	cw := db.conditionWhere(pr, custos.ConditionFilter{})
	var ors []string
	var args []any
	if len(inputs) > 0 {
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(inputs)), ", ")
		ors = append(ors, `c.id IN (SELECT condition_id FROM condition_inputs WHERE input IN (`+marks+`))`)
		for _, in := range inputs {
			args = append(args, in)
		}
	}
	for _, chunk := range chunks(edited) {
		in, a := inList(chunk)
		ors = append(ors, `c.id IN `+in)
		args = append(args, a...)
	}
	cw.add("("+strings.Join(ors, " OR ")+")", args...)
	run, err := db.evaluateWhere(ctx, pr, cw, today)
	if err != nil {
		return nil, err
	}
	w.Mark = mark
	return run, nil
}

// changedInputs returns the condition inputs that the audit entries after
// seq from (up to to) can have moved, sorted, and the conditions edited
// in them.
func (db *DB) changedInputs(ctx context.Context, from, to int64) ([]string, []int64, error) {
	rows, err := db.db.QueryContext(ctx, db.dialect.Rebind(`SELECT DISTINCT entity, CASE WHEN entity = ? AND action <> ? THEN entity_id ELSE '' END FROM audit WHERE seq > ? AND seq <= ?`),
		custos.EntityCondition, string(custos.ActionDelete), from, to)
	if err != nil {
		return nil, nil, fmt.Errorf("watch conditions: %w", err)
	}
	defer rows.Close()
	set := map[string]bool{}
	var edited []int64
	for rows.Next() {
		var entity, id string
		if err := rows.Scan(&entity, &id); err != nil {
			return nil, nil, err
		}
		for _, in := range watchedEntities[entity] {
			set[in] = true
		}
		if entity == custos.EntityCondition && id != "" {
			var n int64
			if _, err := fmt.Sscan(id, &n); err == nil && n > 0 {
				edited = append(edited, n)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	inputs := make([]string, 0, len(set))
	for in := range set {
		inputs = append(inputs, in)
	}
	slices.Sort(inputs)
	slices.Sort(edited)
	return inputs, slices.Compact(edited), nil
}
