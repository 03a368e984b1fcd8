package store

import (
	"context"
	"fmt"
)

// link describes a many-to-many table from an owner record to target records.
type link struct {
	table  string // the link table, e.g. program_recipients
	owner  string // its column naming the owner, e.g. program_id
	target string // its column naming the target, e.g. actor_id
	of     string // the target table, e.g. actors
}

var (
	programRecipients   = link{"program_recipients", "program_id", "actor_id", "actors"}
	programImplementers = link{"program_implementers", "program_id", "org_id", "organizations"}
	activityActors      = link{"activity_actors", "activity_id", "actor_id", "actors"}
	activityPersons     = link{"activity_persons", "activity_id", "person_id", "persons"}
)

// ids returns the targets linked to owner, in id order: those the caller may
// see, or (visible false) those the caller may not see.
func (tx *Tx) ids(ctx context.Context, l link, owner int64, visible bool) ([]int64, error) {
	op := "<="
	if !visible {
		op = ">"
	}
	rows, err := tx.query(ctx, `SELECT l.`+l.target+` FROM `+l.table+` l JOIN `+l.of+` t ON t.id = l.`+l.target+`
		WHERE l.`+l.owner+` = ? AND t.releasability `+op+` ? ORDER BY l.`+l.target, owner, tx.p.Clearance())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		list = append(list, id)
	}
	return list, rows.Err()
}

// setIDs makes the targets the caller may see exactly ids, leaving links to
// records above the caller's clearance in place: a caller cannot send back
// what it was never shown, and must not erase it by omission.
func (tx *Tx) setIDs(ctx context.Context, what, field string, l link, owner int64, ids []int64) error {
	for i, id := range ids {
		ok, err := tx.visible(ctx, l.of, id)
		if err != nil {
			return err
		}
		if !ok {
			return fieldErr(what, fmt.Sprintf("%s[%d]", field, i), fmt.Sprintf("no %s with id %d", singular[l.of], id))
		}
	}
	if _, err := tx.exec(ctx, `DELETE FROM `+l.table+` WHERE `+l.owner+` = ? AND `+l.target+` IN (SELECT id FROM `+l.of+` WHERE releasability <= ?)`, owner, tx.p.Clearance()); err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := tx.exec(ctx, `INSERT INTO `+l.table+` (`+l.owner+`, `+l.target+`) VALUES (?, ?)`, owner, id); err != nil {
			return err
		}
	}
	return nil
}

// inList returns "(?, ?, ...)" for n values and the values as arguments.
func inList(ids []int64) (string, []any) {
	args := make([]any, len(ids))
	b := make([]byte, 0, 3*len(ids)+2)
	b = append(b, '(')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, '?')
		args[i] = id
	}
	return string(append(b, ')')), args
}

// idsOf returns, for each owner, the linked targets the caller may see, in
// one query for the whole page of owners.
func (tx *Tx) idsOf(ctx context.Context, l link, owners []int64) (map[int64][]int64, error) {
	out := make(map[int64][]int64, len(owners))
	if len(owners) == 0 {
		return out, nil
	}
	in, args := inList(owners)
	rows, err := tx.query(ctx, `SELECT l.`+l.owner+`, l.`+l.target+` FROM `+l.table+` l JOIN `+l.of+` t ON t.id = l.`+l.target+`
		WHERE l.`+l.owner+` IN `+in+` AND t.releasability <= ? ORDER BY l.`+l.owner+`, l.`+l.target, append(args, tx.p.Clearance())...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var o, t int64
		if err := rows.Scan(&o, &t); err != nil {
			return nil, err
		}
		out[o] = append(out[o], t)
	}
	return out, rows.Err()
}
