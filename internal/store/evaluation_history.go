package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/custos-ssa/custos"
)

// This file lets an evaluation as of a past date read a program's
// indicators (their codes, baselines and targets) and its recipients as
// they were recorded at the end of that day, not as they are today. The
// audit trail holds them: every create, update and delete of an indicator
// or a program writes an entry with the record before and after, in the
// transaction that makes the change.
//
// Only programs changed after the date need it. The latest indicator or
// program entry (one look-up in the audit's index) says whether any was
// changed after the end of the date; for a sweep as of today none was, and
// the inputs are read from the tables as they are. Otherwise one query
// finds the indicator and program entries recorded after it.
//
// A program recorded after the date is read as it is: nothing of it was
// recorded by then, and what was entered since describes its past (the
// fixtures and imports that back-date measurements rely on it).
//
// A program's units on activities are read as they are today; bulk
// imports (which write one audit entry per file, not per program) are not
// undone.

// programHistory is what an evaluation as of a past date needs to see the
// indicators and recipients of the programs changed since.
type programHistory struct {
	cutoff string
	// indicators changed after the cutoff, by program, with the "before"
	// of each one's first entry after the cutoff (nil for a create).
	indicators map[int64]map[int64]json.RawMessage
	// program entries after the cutoff, by program, in order.
	programs map[int64][]auditChange
}

type auditChange struct {
	action        custos.Action
	before, after json.RawMessage
}

// programHistoryAsOf returns nil when no indicator or program among
// programs was created, changed or deleted after the end of asOf, and
// otherwise what loadInputs needs to read them as of then.
func (tx *Tx) programHistoryAsOf(ctx context.Context, programs []int64, asOf custos.Date) (*programHistory, error) {
	if len(programs) == 0 {
		return nil, nil
	}
	wanted := make(map[int64]bool, len(programs))
	for _, id := range programs {
		wanted[id] = true
	}
	h := &programHistory{cutoff: asOf.String() + "T23:59:59.999999999Z",
		indicators: map[int64]map[int64]json.RawMessage{}, programs: map[int64][]auditChange{}}
	// The latest change to any indicator or program, from the audit
	// index alone (entries are numbered in the order they are written): as
	// of its day or later, as for a sweep as of today, nothing to undo.
	var latest sql.NullString
	if err := tx.queryRow(ctx, `SELECT at FROM audit WHERE seq = (SELECT max(seq) FROM audit WHERE entity IN (?, ?))`,
		custos.EntityIndicator, custos.EntityProgram).Scan(&latest); err != nil && !isNoRows(err) {
		return nil, err
	}
	if !latest.Valid || latest.String <= h.cutoff {
		return nil, nil
	}
	// The audit trail holds records of every releasability: no clearance
	// applies to reading it here; what is read from it is filtered below as
	// the tables are.
	rows, err := tx.query(ctx, `SELECT entity, entity_id, action, before, after FROM audit
		WHERE entity IN (?, ?) AND at > ? ORDER BY seq`, custos.EntityIndicator, custos.EntityProgram, h.cutoff)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var entity, entityID, action, before, after string
		if err := rows.Scan(&entity, &entityID, &action, &before, &after); err != nil {
			return nil, err
		}
		id, err := strconv.ParseInt(entityID, 10, 64)
		if err != nil {
			continue // not a record id
		}
		c := auditChange{action: custos.Action(action)}
		if before != "" {
			c.before = json.RawMessage(before)
		}
		if after != "" {
			c.after = json.RawMessage(after)
		}
		switch entity {
		case custos.EntityProgram:
			if wanted[id] {
				h.programs[id] = append(h.programs[id], c)
			}
		case custos.EntityIndicator:
			rec := c.after
			if rec == nil {
				rec = c.before
			}
			var ref struct {
				ProgramID int64 `json:"program_id"`
			}
			if err := json.Unmarshal(rec, &ref); err != nil {
				return nil, fmt.Errorf("audit entry of indicator %d: %w", id, err)
			}
			if !wanted[ref.ProgramID] {
				continue
			}
			m := h.indicators[ref.ProgramID]
			if m == nil {
				m = map[int64]json.RawMessage{}
				h.indicators[ref.ProgramID] = m
			}
			if _, seen := m[id]; !seen {
				m[id] = c.before
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	// A program recorded after the day had nothing recorded by then: its
	// records were entered afterwards about its past (an evaluation as of
	// an earlier date reads them as they are, as it did before history).
	var changed []int64
	for id := range h.indicators {
		changed = append(changed, id)
	}
	for id := range h.programs {
		if h.indicators[id] == nil {
			changed = append(changed, id)
		}
	}
	slices.Sort(changed)
	for _, part := range chunks(changed) {
		in, args := inList(part)
		later, err := queryAll(ctx, tx, scanID, `SELECT id FROM programs WHERE id IN `+in+` AND created_at > ?`, append(args, h.cutoff)...)
		if err != nil {
			return nil, err
		}
		for _, id := range later {
			delete(h.indicators, id)
			delete(h.programs, id)
		}
	}
	if len(h.indicators) == 0 && len(h.programs) == 0 {
		return nil, nil
	}
	return h, nil
}

// indicatorsAsOf replaces, among inds (the visible indicators of the
// programs of chunk as they are today, in id order), those of a program
// changed after the cutoff by their state then: the "after" of each one's
// latest audit entry by the end of the day (none after a delete); an
// indicator without such an entry is as the "before" of its first entry
// after the cutoff (none for one created later). An indicator not changed
// since is as it is today.
func (tx *Tx) indicatorsAsOf(ctx context.Context, h *programHistory, chunk []int64, inds []*custos.Indicator) ([]*custos.Indicator, error) {
	changed := map[int64]json.RawMessage{} // indicator -> before of its first entry after the cutoff
	for _, pid := range chunk {
		for id, before := range h.indicators[pid] {
			changed[id] = before
		}
	}
	if len(changed) == 0 {
		return inds, nil
	}
	out := make([]*custos.Indicator, 0, len(inds))
	for _, ind := range inds {
		if _, ok := changed[ind.ID]; !ok {
			out = append(out, ind)
		}
	}
	ids := make([]int64, 0, len(changed))
	for id := range changed {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	state := map[int64]json.RawMessage{}
	for _, part := range chunks(ids) {
		keys := make([]any, len(part))
		marks := make([]byte, 0, 3*len(part))
		for i, id := range part {
			if i > 0 {
				marks = append(marks, ", "...)
			}
			marks = append(marks, '?')
			keys[i] = strconv.FormatInt(id, 10)
		}
		rows, err := tx.query(ctx, `SELECT entity_id, after FROM audit WHERE entity = ? AND entity_id IN (`+string(marks)+`) AND at <= ? ORDER BY seq`,
			append(append([]any{custos.EntityIndicator}, keys...), h.cutoff)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var entityID, after string
			if err := rows.Scan(&entityID, &after); err != nil {
				rows.Close()
				return nil, err
			}
			id, _ := strconv.ParseInt(entityID, 10, 64)
			state[id] = json.RawMessage(after) // empty after a delete
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	for _, id := range ids {
		rec, ok := state[id]
		if !ok {
			rec = changed[id]
		}
		if len(rec) == 0 {
			continue // created after the day, or deleted by then
		}
		ind := new(custos.Indicator)
		if err := json.Unmarshal(rec, ind); err != nil {
			return nil, fmt.Errorf("audit entry of indicator %d: %w", id, err)
		}
		if ind.Releasability > tx.p.Clearance() {
			continue
		}
		if len(ind.Targets) == 0 {
			ind.Targets = nil
		}
		out = append(out, ind)
	}
	slices.SortFunc(out, func(a, b *custos.Indicator) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// recipientsAsOf turns recip (the visible recipients of the programs of
// chunk today) into their recipients at the end of the cutoff's day, by
// undoing, latest first, each program change recorded after it: the units
// a change added are taken off, those it removed put back. A program
// created after the day had none. Undoing changes (rather than reading
// the list an entry recorded) keeps the recipients above the clearance of
// the user who made a change: the entry holds only those that user could
// see, and the change left the others in place. (programHistoryAsOf
// leaves out programs created after the day; a create is still read as
// "no recipients then".)
func (tx *Tx) recipientsAsOf(ctx context.Context, h *programHistory, chunk []int64, recip map[int64][]int64) error {
	var restored []int64
	putBack := map[int64][]int64{}
	for _, pid := range chunk {
		changes := h.programs[pid]
		if len(changes) == 0 {
			continue
		}
		set := map[int64]bool{}
		for _, id := range recip[pid] {
			set[id] = true
		}
		created := false
		for i := len(changes) - 1; i >= 0; i-- {
			c := changes[i]
			if c.action == custos.ActionCreate || c.before == nil {
				created = true
				break
			}
			before, err := recipientIDs(c.before)
			if err != nil {
				return fmt.Errorf("audit entry of program %d: %w", pid, err)
			}
			after, err := recipientIDs(c.after)
			if err != nil {
				return fmt.Errorf("audit entry of program %d: %w", pid, err)
			}
			for id := range after {
				if !before[id] {
					delete(set, id)
				}
			}
			for id := range before {
				if !after[id] {
					set[id] = true
				}
			}
		}
		if created {
			delete(recip, pid)
			continue
		}
		list := make([]int64, 0, len(set))
		for id := range set {
			list = append(list, id)
		}
		slices.Sort(list)
		recip[pid] = list
		putBack[pid] = list
		restored = append(restored, list...)
	}
	if len(restored) == 0 {
		return nil
	}
	// A unit put back must still be recorded and visible, as the link
	// table's recipients are.
	slices.Sort(restored)
	restored = slices.Compact(restored)
	visible := map[int64]bool{}
	for _, part := range chunks(restored) {
		in, args := inList(part)
		seen, err := queryAll(ctx, tx, scanID, `SELECT id FROM actors WHERE id IN `+in+` AND releasability <= ?`, append(args, tx.p.Clearance())...)
		if err != nil {
			return err
		}
		for _, id := range seen {
			visible[id] = true
		}
	}
	for pid, list := range putBack {
		recip[pid] = slices.DeleteFunc(list, func(id int64) bool { return !visible[id] })
	}
	return nil
}

// recipientIDs returns the recipient_ids of a program's audited record.
func recipientIDs(rec json.RawMessage) (map[int64]bool, error) {
	out := map[int64]bool{}
	if len(rec) == 0 {
		return out, nil
	}
	var p struct {
		RecipientIDs []int64 `json:"recipient_ids"`
	}
	if err := json.Unmarshal(rec, &p); err != nil {
		return nil, err
	}
	for _, id := range p.RecipientIDs {
		out[id] = true
	}
	return out, nil
}
