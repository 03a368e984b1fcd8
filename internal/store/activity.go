package store

import (
	"context"
	"fmt"

	"github.com/custos-ssa/custos"
)

const activityColumns = `id, program_id, kind, title, start_date, end_date, location, country, implementer, quantity, cost_usd, status, description, source, releasability, created_at, updated_at`

func scanActivity(sc interface{ Scan(...any) error }) (*custos.Activity, error) {
	var a custos.Activity
	var start, end, source, created, updated string
	if err := sc.Scan(&a.ID, &a.ProgramID, &a.Kind, &a.Title, &start, &end, &a.Location, &a.Country, &a.Implementer, &a.Quantity, &a.CostUSD, &a.Status, &a.Description, &source, &a.Releasability, &created, &updated); err != nil {
		return nil, err
	}
	var err error
	if a.Source, err = parseSource(source); err != nil {
		return nil, fmt.Errorf("activity %d source: %w", a.ID, err)
	}
	a.Start, a.End = parseDate(start), parseDate(end)
	a.CreatedAt, a.UpdatedAt = parseTime(created), parseTime(updated)
	return &a, nil
}

func (tx *Tx) fillActivities(ctx context.Context, list []*custos.Activity) error {
	ids := make([]int64, len(list))
	for i, a := range list {
		ids[i] = a.ID
	}
	actors, err := tx.idsOf(ctx, activityActors, ids)
	if err != nil {
		return err
	}
	persons, err := tx.idsOf(ctx, activityPersons, ids)
	if err != nil {
		return err
	}
	for _, a := range list {
		a.ActorIDs, a.PersonIDs = actors[a.ID], persons[a.ID]
	}
	return nil
}

func (tx *Tx) findActivity(ctx context.Context, id int64) (*custos.Activity, error) {
	a, err := scanActivity(tx.queryRow(ctx, `SELECT `+activityColumns+` FROM activities WHERE id = ? AND releasability <= ?`, id, tx.p.Clearance()))
	if isNoRows(err) {
		return nil, notFound("activity", id)
	}
	if err != nil {
		return nil, err
	}
	return a, tx.fillActivities(ctx, []*custos.Activity{a})
}

// FindActivities lists activities by id.
func (db *DB) FindActivities(ctx context.Context, f custos.ActivityFilter) ([]*custos.Activity, string, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityActivity)
	if err != nil {
		return nil, "", err
	}
	if err := f.Page.Validate(); err != nil {
		return nil, "", err
	}
	after, err := f.AfterID()
	if err != nil {
		return nil, "", err
	}
	w := &where{}
	w.add("releasability <= ?", pr.Clearance())
	if f.ProgramID != 0 {
		w.add("program_id = ?", f.ProgramID)
	}
	if f.Country != "" {
		w.add("program_id IN (SELECT id FROM programs WHERE country = ?)", f.Country)
	}
	if f.Kind != "" {
		w.add("kind = ?", string(f.Kind))
	}
	if f.Status != "" {
		w.add("status = ?", string(f.Status))
	}
	if f.ActorID != 0 {
		w.add("id IN (SELECT activity_id FROM activity_actors WHERE actor_id = ?)", f.ActorID)
	}
	if f.PersonID != 0 {
		w.add("id IN (SELECT activity_id FROM activity_persons WHERE person_id = ?)", f.PersonID)
	}
	if !f.From.IsZero() {
		w.add("start_date >= ?", f.From.String())
	}
	if !f.To.IsZero() {
		w.add("start_date <> '' AND start_date <= ?", f.To.String())
	}
	if f.Q != "" {
		w.add("title "+db.dialect.ILike+" ? ESCAPE '\\'", likePattern(f.Q))
	}
	if after > 0 {
		w.add("id > ?", after)
	}
	var list []*custos.Activity
	err = db.read(ctx, pr, func(tx *Tx) error {
		got, err := queryAll(ctx, tx, scanActivity, `SELECT `+activityColumns+` FROM activities`+w.String()+` ORDER BY id LIMIT ?`, append(w.args, f.Size()+1)...)
		if err != nil {
			return err
		}
		list = append(list, got...)
		return tx.fillActivities(ctx, list)
	})
	if err != nil {
		return nil, "", err
	}
	return pageOf(list, f.Size(), func(a *custos.Activity) int64 { return a.ID })
}

// FindActivity returns one activity.
func (db *DB) FindActivity(ctx context.Context, id int64) (*custos.Activity, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityActivity)
	if err != nil {
		return nil, err
	}
	var a *custos.Activity
	err = db.read(ctx, pr, func(tx *Tx) (err error) {
		a, err = tx.findActivity(ctx, id)
		return err
	})
	return a, err
}

func (tx *Tx) checkActivityRefs(ctx context.Context, a *custos.Activity) error {
	if err := tx.checkVisible(ctx, "activity", "program_id", "programs", a.ProgramID); err != nil {
		return err
	}
	if err := tx.checkCountry(ctx, "activity", "country", a.Country); err != nil {
		return err
	}
	return tx.checkSourceKey(ctx, "activities", "activity", a.ID, a.Source)
}

func (tx *Tx) writeActivityLinks(ctx context.Context, a *custos.Activity) error {
	if err := tx.setIDs(ctx, "activity", "actor_ids", activityActors, a.ID, a.ActorIDs); err != nil {
		return err
	}
	return tx.setIDs(ctx, "activity", "person_ids", activityPersons, a.ID, a.PersonIDs)
}

// CreateActivity adds an activity and sets its id. Every participating unit
// and person must hold an approved Leahy vetting in force (the interlock of
// checkParticipantsVetted); bulk imports of training reports through Bulk
// are exempt, because they record assistance already given.
func (db *DB) CreateActivity(ctx context.Context, a *custos.Activity) error {
	pr, err := custos.Authorize(ctx, custos.ActionCreate, custos.EntityActivity)
	if err != nil {
		return err
	}
	a.ID = 0
	a.Normalize()
	if err := a.Validate(); err != nil {
		return err
	}
	if err := checkWriteLevel(pr, "activity", a.Releasability); err != nil {
		return err
	}
	return db.write(ctx, pr, func(tx *Tx) error {
		if err := tx.checkActivityRefs(ctx, a); err != nil {
			return err
		}
		a.CreatedAt = tx.db.now()
		a.UpdatedAt = a.CreatedAt
		src, key := sourceColumns(a.Source)
		id, err := tx.insert(ctx, `INSERT INTO activities (program_id, kind, title, start_date, end_date, location, country, implementer, quantity, cost_usd, status, description, source, source_key, releasability, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ProgramID, string(a.Kind), a.Title, a.Start.String(), a.End.String(), a.Location, a.Country, a.Implementer, a.Quantity, a.CostUSD,
			string(a.Status), a.Description, src, key, a.Releasability, formatTime(a.CreatedAt), formatTime(a.UpdatedAt))
		if err != nil {
			return err
		}
		a.ID = id
		if err := tx.writeActivityLinks(ctx, a); err != nil {
			return err
		}
		if err := tx.checkParticipantsVetted(ctx, a, nil); err != nil {
			return err
		}
		if err := tx.audit(ctx, custos.ActionCreate, custos.EntityActivity, a.ID, nil, a); err != nil {
			return err
		}
		return tx.warnAssistance(ctx, a.ActorIDs)
	})
}

// UpdateActivity replaces an activity's record. A participant added, and
// every participant when the activity becomes delivered, must hold an
// approved Leahy vetting in force.
func (db *DB) UpdateActivity(ctx context.Context, a *custos.Activity) error {
	pr, err := custos.Authorize(ctx, custos.ActionUpdate, custos.EntityActivity)
	if err != nil {
		return err
	}
	a.Normalize()
	if err := a.Validate(); err != nil {
		return err
	}
	if err := checkWriteLevel(pr, "activity", a.Releasability); err != nil {
		return err
	}
	return db.write(ctx, pr, func(tx *Tx) error {
		before, err := tx.findActivity(ctx, a.ID)
		if err != nil {
			return err
		}
		if err := tx.checkActivityRefs(ctx, a); err != nil {
			return err
		}
		a.CreatedAt, a.UpdatedAt = before.CreatedAt, tx.db.now()
		src, key := sourceColumns(a.Source)
		if _, err := tx.exec(ctx, `UPDATE activities SET program_id = ?, kind = ?, title = ?, start_date = ?, end_date = ?, location = ?, country = ?, implementer = ?,
			quantity = ?, cost_usd = ?, status = ?, description = ?, source = ?, source_key = ?, releasability = ?, updated_at = ? WHERE id = ?`,
			a.ProgramID, string(a.Kind), a.Title, a.Start.String(), a.End.String(), a.Location, a.Country, a.Implementer, a.Quantity, a.CostUSD,
			string(a.Status), a.Description, src, key, a.Releasability, formatTime(a.UpdatedAt), a.ID); err != nil {
			return err
		}
		if err := tx.writeActivityLinks(ctx, a); err != nil {
			return err
		}
		if err := tx.checkParticipantsVetted(ctx, a, before); err != nil {
			return err
		}
		if err := tx.audit(ctx, custos.ActionUpdate, custos.EntityActivity, a.ID, before, a); err != nil {
			return err
		}
		return tx.warnAssistance(ctx, a.ActorIDs)
	})
}

// DeleteActivity removes an activity and its participant links.
func (db *DB) DeleteActivity(ctx context.Context, id int64) error {
	pr, err := custos.Authorize(ctx, custos.ActionDelete, custos.EntityActivity)
	if err != nil {
		return err
	}
	return db.write(ctx, pr, func(tx *Tx) error {
		before, err := tx.findActivity(ctx, id)
		if err != nil {
			return err
		}
		for _, t := range []string{"activity_actors", "activity_persons"} {
			if _, err := tx.exec(ctx, `DELETE FROM `+t+` WHERE activity_id = ?`, id); err != nil {
				return err
			}
		}
		if _, err := tx.exec(ctx, `DELETE FROM activities WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit(ctx, custos.ActionDelete, custos.EntityActivity, id, before, nil)
	})
}
