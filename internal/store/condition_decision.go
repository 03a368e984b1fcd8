package store

import (
	"context"
	"fmt"

	"github.com/custos-ssa/custos"
)

// RecordDecision records a decision on a breach: which step of the
// condition's consequence ladder was applied or waived, why, and by whom.
// The approver is the caller, who must be a named user. A decision that
// contradicts one already recorded (a second decision on the same step of
// the same breach, or any decision after a termination was applied) is
// refused as a conflict: see custos.ConditionDecision.CheckAgainstDecisions.
func (db *DB) RecordDecision(ctx context.Context, d *custos.ConditionDecision) error {
	pr, err := custos.Authorize(ctx, custos.ActionCreate, custos.EntityConditionDecision)
	if err != nil {
		return err
	}
	if pr.UserID <= 0 {
		return custos.Errorf(custos.EFORBIDDEN, "a decision on a breach must be made by a named user, so that the approver is on record")
	}
	d.ID, d.ApproverID = 0, pr.UserID
	if err := d.Validate(); err != nil {
		return err
	}
	return db.write(ctx, pr, func(tx *Tx) error {
		// Decisions on one condition take turns (SQLite serializes
		// writers itself), so that two at once cannot both pass the check
		// against the decisions already recorded.
		if tx.db.dialect.LockHead != "" {
			var id int64
			if err := tx.queryRow(ctx, `SELECT id FROM conditions WHERE id = ?`+tx.db.dialect.LockHead, d.ConditionID).Scan(&id); err != nil && !isNoRows(err) {
				return err
			}
		}
		c, err := tx.findCondition(ctx, d.ConditionID)
		if custos.ErrorKind(err) == custos.ENOTFOUND {
			return fieldErr("decision", "condition_id", fmt.Sprintf("no condition with id %d", d.ConditionID))
		}
		if err != nil {
			return err
		}
		var e *custos.Evaluation
		if d.EvaluationID != 0 {
			e, err = scanEvaluation(tx.queryRow(ctx, `SELECT `+evaluationColumns+` FROM condition_evaluations e WHERE e.id = ?`, d.EvaluationID))
			if isNoRows(err) {
				return fieldErr("decision", "evaluation_id", fmt.Sprintf("no evaluation with id %d", d.EvaluationID))
			}
			if err != nil {
				return err
			}
		}
		if err := d.CheckAgainst(c, e); err != nil {
			return err
		}
		earlier, err := tx.conditionDecisions(ctx, c.ID)
		if err != nil {
			return err
		}
		if err := d.CheckAgainstDecisions(c, earlier); err != nil {
			return err
		}
		d.DecidedAt = tx.db.now()
		id, err := tx.insert(ctx, `INSERT INTO condition_decisions (condition_id, evaluation_id, decision, step, reasons, approver_id, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			d.ConditionID, nullID(d.EvaluationID), string(d.Decision), d.Step, d.Reasons, d.ApproverID, formatTime(d.DecidedAt))
		if err != nil {
			return err
		}
		d.ID = id
		return tx.audit(ctx, custos.ActionCreate, custos.EntityConditionDecision, d.ID, nil, d)
	})
}

// conditionDecisions reads every decision recorded on a condition, for the
// check of a new one against them; approvers are not read.
func (tx *Tx) conditionDecisions(ctx context.Context, conditionID int64) ([]*custos.ConditionDecision, error) {
	rows, err := tx.query(ctx, `SELECT id, evaluation_id, decision, step, decided_at FROM condition_decisions WHERE condition_id = ? ORDER BY id`, conditionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*custos.ConditionDecision
	for rows.Next() {
		d := &custos.ConditionDecision{ConditionID: conditionID}
		var ev nullInt
		var at string
		if err := rows.Scan(&d.ID, &ev, &d.Decision, &d.Step, &at); err != nil {
			return nil, err
		}
		d.EvaluationID, d.DecidedAt = ev.v, parseTime(at)
		list = append(list, d)
	}
	return list, rows.Err()
}

// FindDecisions lists the decisions on a condition's breaches, newest
// first.
func (db *DB) FindDecisions(ctx context.Context, conditionID int64) ([]*custos.ConditionDecision, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityConditionDecision)
	if err != nil {
		return nil, err
	}
	var list []*custos.ConditionDecision
	err = db.read(ctx, pr, func(tx *Tx) error {
		if _, err := tx.findCondition(ctx, conditionID); err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT d.id, d.condition_id, d.evaluation_id, d.decision, d.step, d.reasons, d.approver_id, COALESCE(u.name, ''), d.decided_at
			FROM condition_decisions d LEFT JOIN users u ON u.id = d.approver_id
			WHERE d.condition_id = ? ORDER BY d.id DESC`, conditionID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var d custos.ConditionDecision
			var ev nullInt
			var at string
			if err := rows.Scan(&d.ID, &d.ConditionID, &ev, &d.Decision, &d.Step, &d.Reasons, &d.ApproverID, &d.ApproverName, &at); err != nil {
				return err
			}
			d.EvaluationID, d.DecidedAt = ev.v, parseTime(at)
			if pr.Clearance() < custos.Internal {
				// The public and partners see the decision, not the
				// staff account that approved it.
				d.ApproverID, d.ApproverName = 0, ""
			}
			list = append(list, &d)
		}
		return rows.Err()
	})
	return list, err
}

// ConditionHistory returns a condition with its latest evaluations (at
// most custos.MaxLimit), alerts and decisions, newest first.
func (db *DB) ConditionHistory(ctx context.Context, id int64) (*custos.ConditionHistory, error) {
	c, err := db.FindCondition(ctx, id)
	if err != nil {
		return nil, err
	}
	h := &custos.ConditionHistory{Condition: c}
	if h.Evaluations, _, err = db.FindEvaluations(ctx, custos.EvaluationFilter{ConditionID: id, Page: custos.Page{Limit: custos.MaxLimit}}); err != nil {
		return nil, err
	}
	if h.Alerts, err = db.FindAlerts(ctx, id); err != nil {
		return nil, err
	}
	if h.Decisions, err = db.FindDecisions(ctx, id); err != nil {
		return nil, err
	}
	for _, p := range []*[]*custos.Evaluation{&h.Evaluations} {
		if *p == nil {
			*p = []*custos.Evaluation{}
		}
	}
	if h.Alerts == nil {
		h.Alerts = []*custos.ConditionAlert{}
	}
	if h.Decisions == nil {
		h.Decisions = []*custos.ConditionDecision{}
	}
	return h, nil
}
