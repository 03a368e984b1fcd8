package store

import (
	"context"

	"github.com/custos-ssa/custos"
)

// FindConditionAlerts lists the alerts on the status of the conditions
// the caller may see, newest first, a page at a time: those of one
// condition, to one status, raised at or after a time, as f selects.
// Since is compared with when the alert was raised, not the date the
// status was judged as of, so that a client polling for what is new
// also hears of a change found by replaying a past date.
func (db *DB) FindConditionAlerts(ctx context.Context, f custos.AlertFilter) ([]*custos.ConditionAlert, string, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityCondition)
	if err != nil {
		return nil, "", err
	}
	if err := f.Validate(); err != nil {
		return nil, "", err
	}
	before, err := f.AfterID()
	if err != nil {
		return nil, "", err
	}
	w := &where{}
	w.add(conditionVisible, pr.Clearance(), pr.Clearance())
	if f.ConditionID != 0 {
		w.add("a.condition_id = ?", f.ConditionID)
	}
	if f.Status != "" {
		w.add("a.status = ?", string(f.Status))
	}
	if !f.Since.IsZero() {
		w.add("a.created_at >= ?", formatTime(f.Since))
	}
	if before > 0 {
		w.add("a.id < ?", before)
	}
	var list []*custos.ConditionAlert
	err = db.read(ctx, pr, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT a.id, a.condition_id, a.evaluation_id, a.previous_status, a.status, a.as_of, a.created_at
			FROM condition_alerts a JOIN conditions c ON c.id = a.condition_id`+w.String()+` ORDER BY a.id DESC LIMIT ?`, append(w.args, f.Size()+1)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var a custos.ConditionAlert
			var asOf, at string
			if err := rows.Scan(&a.ID, &a.ConditionID, &a.EvaluationID, &a.Previous, &a.Status, &asOf, &at); err != nil {
				return err
			}
			a.AsOf, a.CreatedAt = parseDate(asOf), parseTime(at)
			list = append(list, &a)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, "", err
	}
	return pageOf(list, f.Size(), func(a *custos.ConditionAlert) int64 { return a.ID })
}
