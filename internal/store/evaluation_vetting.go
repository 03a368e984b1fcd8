package store

import (
	"context"
	"slices"

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
//
// A sweep covers thousands of subjects, so the participants, decisions and
// nominations are read for all programs at once, a few hundred ids a
// query, not subject by subject (on PostgreSQL each query is a round trip).
func (tx *Tx) addVetting(ctx context.Context, out map[conditions.Scope]*conditions.Inputs, asOf custos.Date) error {
	var programs []int64
	for s := range out {
		if s.ProgramID != 0 {
			programs = append(programs, s.ProgramID)
		}
	}
	if len(programs) == 0 {
		return nil
	}
	slices.Sort(programs)
	// Every participant counts, whatever the caller's clearance: a unit
	// the caller may not see is still unvetted if it is.
	units, err := tx.programParticipants(ctx, `SELECT DISTINCT a.program_id, aa.actor_id FROM activity_actors aa JOIN activities a ON a.id = aa.activity_id
		WHERE a.status <> 'cancelled' AND a.program_id IN `, programs)
	if err != nil {
		return err
	}
	persons, err := tx.programParticipants(ctx, `SELECT DISTINCT a.program_id, ap.person_id FROM activity_persons ap JOIN activities a ON a.id = ap.activity_id
		WHERE a.status <> 'cancelled' AND a.program_id IN `, programs)
	if err != nil {
		return err
	}
	actorSet, personSet := map[int64]bool{}, map[int64]bool{}
	for s, in := range out {
		if s.ProgramID == 0 {
			continue
		}
		for _, id := range in.Recipients {
			actorSet[id] = true
		}
		for _, id := range units[s.ProgramID] {
			actorSet[id] = true
		}
		for _, id := range persons[s.ProgramID] {
			personSet[id] = true
		}
	}
	endOfDay := asOf.String() + "T23:59:59.999999999Z"
	actorStanding, err := tx.standingsAsOf(ctx, "actor_id", sortedIDs(actorSet), endOfDay, asOf)
	if err != nil {
		return err
	}
	personStanding, err := tx.standingsAsOf(ctx, "person_id", sortedIDs(personSet), endOfDay, asOf)
	if err != nil {
		return err
	}
	for s, in := range out {
		if s.ProgramID == 0 {
			continue
		}
		vc := &conditions.VettingCounts{}
		recipients := map[int64]bool{}
		for _, id := range in.Recipients {
			recipients[id] = true
		}
		subjects := map[[2]int64]bool{}
		for id := range recipients {
			subjects[[2]int64{id, 0}] = false
		}
		for _, id := range units[s.ProgramID] {
			subjects[[2]int64{id, 0}] = true
		}
		for _, id := range persons[s.ProgramID] {
			subjects[[2]int64{0, id}] = true
		}
		for subj, participates := range subjects {
			state := actorStanding[subj[0]]
			if subj[1] != 0 {
				state = personStanding[subj[1]]
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

func sortedIDs(set map[int64]bool) []int64 {
	ids := make([]int64, 0, len(set))
	for id := range set {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// programParticipants returns, by program, the ids q (ending in "IN ",
// selecting a program id and a participant id) finds for the programs.
func (tx *Tx) programParticipants(ctx context.Context, q string, programs []int64) (map[int64][]int64, error) {
	out := map[int64][]int64{}
	for _, chunk := range chunks(programs) {
		in, args := inList(chunk)
		rows, err := tx.query(ctx, q+in, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var p, id int64
			if err := rows.Scan(&p, &id); err != nil {
				rows.Close()
				return nil, err
			}
			out[p] = append(out[p], id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// standingsAsOf returns the vetting state, as of a date, of each unit
// (col actor_id) or person (col person_id) of ids; see addVetting. A
// subject never nominated by then is VettingMissing.
func (tx *Tx) standingsAsOf(ctx context.Context, col string, ids []int64, endOfDay string, asOf custos.Date) (map[int64]custos.VettingState, error) {
	type latest struct {
		outcome, expires, concurred string
		id                          int64
	}
	decided := map[int64]latest{}
	out := make(map[int64]custos.VettingState, len(ids))
	for _, chunk := range chunks(ids) {
		in, args := inList(chunk)
		rows, err := tx.query(ctx, `SELECT `+col+`, id, outcome, expires_on, concurred_at FROM vetting_decisions
			WHERE status = ? AND concurred_at <> '' AND concurred_at <= ? AND `+col+` IN `+in,
			append([]any{custos.DecisionInForce, endOfDay}, args...)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var subject int64
			var d latest
			if err := rows.Scan(&subject, &d.id, &d.outcome, &d.expires, &d.concurred); err != nil {
				rows.Close()
				return nil, err
			}
			// The latest concurred, then the highest id.
			if b, ok := decided[subject]; !ok || d.concurred > b.concurred || (d.concurred == b.concurred && d.id > b.id) {
				decided[subject] = d
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		rows, err = tx.query(ctx, `SELECT DISTINCT `+col+` FROM vetting_nominations WHERE created_at <= ? AND `+col+` IN `+in,
			append([]any{endOfDay}, args...)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var subject int64
			if err := rows.Scan(&subject); err != nil {
				rows.Close()
				return nil, err
			}
			out[subject] = custos.VettingPending
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	for _, id := range ids {
		d, ok := decided[id]
		switch {
		case !ok:
			if out[id] == "" {
				out[id] = custos.VettingMissing
			}
		case custos.VettingOutcome(d.outcome) == custos.Approved:
			if exp := parseDate(d.expires); !exp.IsZero() && exp.Before(asOf) {
				out[id] = custos.VettingExpired
			} else {
				out[id] = custos.VettingState(d.outcome)
			}
		default:
			out[id] = custos.VettingState(d.outcome)
		}
	}
	return out, nil
}
