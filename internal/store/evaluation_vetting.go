package store

import (
	"context"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/conditions"
)

// readsInput reports whether any of the conditions reads the named input.
func (tx *Tx) readsInput(ctx context.Context, conds []*custos.Condition, input string) (bool, error) {
	for _, chunk := range chunks(conditionIDs(conds)) {
		in, args := inList(chunk)
		var n int
		if err := tx.queryRow(ctx, `SELECT count(*) FROM condition_inputs WHERE input = ? AND condition_id IN `+in, append([]any{input}, args...)...).Scan(&n); err != nil {
			return false, err
		}
		if n > 0 {
			return true, nil
		}
	}
	return false, nil
}

// addVetting fills the vetting input of each program scope: where the
// program's recipient units and its activities' participants (units and
// persons; cancelled activities left out) stood in Leahy vetting as of the
// date. A subject's standing is its latest decision in force concurred on
// or before the date: approved (expired when its expiry has passed by
// then), denied or suspended; without one it is pending when it was
// nominated by then, and counts as unvetted either way. Country plans have
// no recipients, so their vetting input stays "no data".
func (tx *Tx) addVetting(ctx context.Context, out map[conditions.Scope]*conditions.Inputs, asOf custos.Date) error {
	for s, in := range out {
		if s.ProgramID == 0 {
			continue
		}
		vc := &conditions.VettingCounts{}
		recipients := map[int64]bool{}
		for _, id := range in.Recipients {
			recipients[id] = true
		}
		units, err := tx.participants(ctx, `SELECT DISTINCT aa.actor_id FROM activity_actors aa JOIN activities a ON a.id = aa.activity_id
			WHERE a.program_id = ? AND a.status <> 'cancelled'`, s.ProgramID)
		if err != nil {
			return err
		}
		persons, err := tx.participants(ctx, `SELECT DISTINCT ap.person_id FROM activity_persons ap JOIN activities a ON a.id = ap.activity_id
			WHERE a.program_id = ? AND a.status <> 'cancelled'`, s.ProgramID)
		if err != nil {
			return err
		}
		subjects := map[[2]int64]bool{}
		for id := range recipients {
			subjects[[2]int64{id, 0}] = false
		}
		for _, id := range units {
			subjects[[2]int64{id, 0}] = true
		}
		for _, id := range persons {
			subjects[[2]int64{0, id}] = true
		}
		for subj, participates := range subjects {
			state, err := tx.standingAsOf(ctx, subj[0], subj[1], asOf)
			if err != nil {
				return err
			}
			switch state {
			case custos.VettingState(custos.Approved):
				vc.Approved++
			case custos.VettingState(custos.Denied):
				vc.Denied++
				if subj[1] == 0 && recipients[subj[0]] {
					vc.DeniedRecipients++
				}
			case custos.VettingState(custos.Suspended):
				vc.Suspended++
			case custos.VettingExpired:
				vc.Expired++
			case custos.VettingPending:
				vc.Pending++
			}
			if participates && state != custos.VettingState(custos.Approved) {
				vc.UnvettedParticipants++
			}
		}
		in.Vetting = vc
	}
	return nil
}

func (tx *Tx) participants(ctx context.Context, q string, programID int64) ([]int64, error) {
	rows, err := tx.query(ctx, q, programID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// standingAsOf is the vetting state of a unit (actorID) or a person
// (personID) as of a date; see addVetting.
func (tx *Tx) standingAsOf(ctx context.Context, actorID, personID int64, asOf custos.Date) (custos.VettingState, error) {
	col, id := "actor_id", actorID
	if personID > 0 {
		col, id = "person_id", personID
	}
	endOfDay := asOf.String() + "T23:59:59.999999999Z"
	var outcome, expires string
	err := tx.queryRow(ctx, `SELECT outcome, expires_on FROM vetting_decisions WHERE `+col+` = ? AND status = ? AND concurred_at <> '' AND concurred_at <= ?
		ORDER BY concurred_at DESC, id DESC LIMIT 1`, id, custos.DecisionInForce, endOfDay).Scan(&outcome, &expires)
	switch {
	case isNoRows(err):
		var n int
		if err := tx.queryRow(ctx, `SELECT count(*) FROM vetting_nominations WHERE `+col+` = ? AND created_at <= ?`, id, endOfDay).Scan(&n); err != nil {
			return "", err
		}
		if n > 0 {
			return custos.VettingPending, nil
		}
		return custos.VettingMissing, nil
	case err != nil:
		return "", err
	}
	if custos.VettingOutcome(outcome) == custos.Approved {
		if exp := parseDate(expires); !exp.IsZero() && exp.Before(asOf) {
			return custos.VettingExpired, nil
		}
	}
	return custos.VettingState(outcome), nil
}
