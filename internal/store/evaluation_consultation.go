package store

import (
	"context"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/conditions"
)

// addConsultations fills the consultations input of each scope as of a
// date, from the consultations the caller may see: for a program, its own
// consultations; for a country plan, the plan's and those of every program
// in the country. Only consultations held on or before the date count, and
// a piece of feedback counts as answered only when its response (other
// than pending) is dated on or before it. A scope without consultations
// has the counts zero: no consultation recorded is none held, which is
// data, so that "held at least twice" is judged, never left unknown.
func (tx *Tx) addConsultations(ctx context.Context, out map[conditions.Scope]*conditions.Inputs, asOf custos.Date) error {
	for s, in := range out {
		clause, arg := `c.program_id = ?`, any(s.ProgramID)
		if s.ProgramID == 0 {
			clause, arg = `(c.country = ? OR c.program_id IN (SELECT id FROM programs WHERE country = ?))`, s.Country
		}
		args := []any{arg}
		if s.ProgramID == 0 {
			args = append(args, s.Country)
		}
		scope := ` WHERE ` + clause + ` AND c.held_on <= ? AND c.releasability <= ?` +
			` AND (c.program_id IS NULL OR c.program_id IN (SELECT id FROM programs WHERE releasability <= ?))`
		args = append(args, asOf.String(), tx.p.Clearance(), tx.p.Clearance())
		cc := &conditions.ConsultationCounts{}
		if err := tx.queryRow(ctx, `SELECT count(*), CAST(COALESCE(SUM(c.outside_capital), 0) AS BIGINT) FROM consultations c`+scope, args...).
			Scan(&cc.Held, &cc.HeldOutsideCapital); err != nil {
			return err
		}
		if err := tx.queryRow(ctx, `SELECT count(*), CAST(COALESCE(SUM(CASE WHEN f.response <> 'pending' AND f.responded_on <> '' AND f.responded_on <= ? THEN 1 ELSE 0 END), 0) AS BIGINT)
			FROM consultation_feedback f JOIN consultations c ON c.id = f.consultation_id`+scope, append([]any{asOf.String()}, args...)...).
			Scan(&cc.FeedbackReceived, &cc.FeedbackAnswered); err != nil {
			return err
		}
		in.Consultations = cc
	}
	return nil
}

// reevaluateConsultations evaluates again, as of today, the conditions that
// read the consultations input in the scopes a consultation's change
// touches: its program and that program's country plan, or its country
// plan; before is the consultation as it was (nil for a new one), whose
// scopes are touched too when it moved. It runs in the writer's
// transaction and records like ReevaluateIndicator does after an approved
// measurement.
func (tx *Tx) reevaluateConsultations(ctx context.Context, c, before *custos.Consultation) error {
	programs, countries := map[int64]bool{}, map[string]bool{}
	for _, x := range []*custos.Consultation{c, before} {
		if x == nil {
			continue
		}
		if x.ProgramID != 0 {
			programs[x.ProgramID] = true
			var country string
			if err := tx.queryRow(ctx, `SELECT country FROM programs WHERE id = ?`, x.ProgramID).Scan(&country); err != nil && !isNoRows(err) {
				return err
			}
			if country != "" {
				countries[country] = true
			}
		}
		if x.Country != "" {
			countries[x.Country] = true
		}
	}
	var ids []int64
	collect := func(q string, arg any) error {
		rows, err := tx.query(ctx, `SELECT DISTINCT ci.condition_id FROM condition_inputs ci JOIN conditions c ON c.id = ci.condition_id
			WHERE ci.input = 'consultations' AND `+q+` ORDER BY ci.condition_id`, arg)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return rows.Err()
	}
	for id := range programs {
		if err := collect(`c.program_id = ?`, id); err != nil {
			return err
		}
	}
	for code := range countries {
		if err := collect(`c.program_id IS NULL AND c.country = ?`, code); err != nil {
			return err
		}
	}
	if len(ids) == 0 {
		return nil
	}
	var conds []*custos.Condition
	for _, chunk := range chunks(ids) {
		w := &where{}
		in, args := inList(chunk)
		w.add(conditionVisible, tx.p.Clearance(), tx.p.Clearance())
		w.add("c.id IN "+in, args...)
		list, err := tx.queryConditions(ctx, w, 0)
		if err != nil {
			return err
		}
		conds = append(conds, list...)
	}
	if len(conds) == 0 {
		return nil
	}
	_, err := tx.evaluate(ctx, conds, custos.DateOf(tx.db.now()))
	return err
}
