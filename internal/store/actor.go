package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/custos-ssa/custos"
)

const actorColumns = `id, country, kind, category, name, names, parent_id, echelon, description, source, releasability, created_at, updated_at`

func scanActor(sc interface{ Scan(...any) error }) (_ *custos.Actor, err error) {
	var a custos.Actor
	var names, source, created, updated string
	var parent nullInt
	if err := sc.Scan(&a.ID, &a.Country, &a.Kind, &a.Category, &a.Name, &names, &parent, &a.Echelon, &a.Description, &source, &a.Releasability, &created, &updated); err != nil {
		return nil, err
	}
	if a.Source, err = parseSource(source); err != nil {
		return nil, fmt.Errorf("actor %d source: %w", a.ID, err)
	}
	if err := json.Unmarshal([]byte(names), &a.Names); err != nil {
		return nil, fmt.Errorf("actor %d names: %w", a.ID, err)
	}
	a.ParentID = parent.v
	a.CreatedAt, a.UpdatedAt = parseTime(created), parseTime(updated)
	return &a, nil
}

// visible reports whether table has a row id the transaction's caller may see.
func (tx *Tx) visible(ctx context.Context, table string, id int64) (bool, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT count(*) FROM `+table+` WHERE id = ? AND releasability <= ?`, id, tx.p.Clearance()).Scan(&n)
	return n > 0, err
}

// checkVisible returns a field error when id is not a record of table that
// the caller may see.
func (tx *Tx) checkVisible(ctx context.Context, what, field, table string, id int64) error {
	if id == 0 {
		return nil
	}
	ok, err := tx.visible(ctx, table, id)
	if err != nil {
		return err
	}
	if !ok {
		return fieldErr(what, field, fmt.Sprintf("no %s with id %d", singular[table], id))
	}
	return nil
}

var singular = map[string]string{"actors": "actor", "persons": "person", "organizations": "organization",
	"authorities": "authority", "programs": "program", "activities": "activity"}

func (tx *Tx) checkCountry(ctx context.Context, what, field, code string) error {
	if code == "" {
		return nil
	}
	var n int
	if err := tx.queryRow(ctx, `SELECT count(*) FROM countries WHERE code = ? AND releasability <= ?`, code, tx.p.Clearance()).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fieldErr(what, field, fmt.Sprintf("no country %q is recorded", code))
	}
	return nil
}

func (tx *Tx) findActor(ctx context.Context, id int64) (*custos.Actor, error) {
	a, err := scanActor(tx.queryRow(ctx, `SELECT `+actorColumns+` FROM actors WHERE id = ? AND releasability <= ?`, id, tx.p.Clearance()))
	if isNoRows(err) {
		return nil, notFound("actor", id)
	}
	return a, err
}

// FindActors lists actors by id.
func (db *DB) FindActors(ctx context.Context, f custos.ActorFilter) ([]*custos.Actor, string, error) {
	p, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityActor)
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
	w.add("releasability <= ?", p.Clearance())
	if f.Country != "" {
		w.add("country = ?", f.Country)
	}
	if f.Kind != "" {
		w.add("kind = ?", string(f.Kind))
	}
	if f.Category != "" {
		w.add("category = ?", string(f.Category))
	}
	if f.ParentID != 0 {
		w.add("parent_id = ?", f.ParentID)
	}
	if f.Root {
		w.add("parent_id IS NULL")
	}
	if f.Q != "" {
		pat := likePattern(f.Q)
		w.add("(name "+db.dialect.ILike+" ? ESCAPE '\\' OR names "+db.dialect.ILike+" ? ESCAPE '\\')", pat, pat)
	}
	if after > 0 {
		w.add("id > ?", after)
	}
	var list []*custos.Actor
	err = db.read(ctx, p, func(tx *Tx) error {
		got, err := queryAll(ctx, tx, scanActor, `SELECT `+actorColumns+` FROM actors`+w.String()+` ORDER BY id LIMIT ?`, append(w.args, f.Size()+1)...)
		if err != nil {
			return err
		}
		list = append(list, got...)
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	return pageOf(list, f.Size(), func(a *custos.Actor) int64 { return a.ID })
}

// pageOf trims a list fetched with one extra row to the page size and
// returns the cursor of the next page, or "" on the last page.
func pageOf[T any](list []T, size int, id func(T) int64) ([]T, string, error) {
	if len(list) <= size {
		return list, "", nil
	}
	list = list[:size]
	return list, strconv.FormatInt(id(list[len(list)-1]), 10), nil
}

// FindActor returns one actor.
func (db *DB) FindActor(ctx context.Context, id int64) (*custos.Actor, error) {
	p, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityActor)
	if err != nil {
		return nil, err
	}
	var a *custos.Actor
	err = db.read(ctx, p, func(tx *Tx) (err error) {
		a, err = tx.findActor(ctx, id)
		return err
	})
	return a, err
}

// ActorAncestors returns the parents of an actor, nearest first. The walk
// stops at the first parent the caller may not see.
func (db *DB) ActorAncestors(ctx context.Context, id int64) ([]*custos.Actor, error) {
	p, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityActor)
	if err != nil {
		return nil, err
	}
	var list []*custos.Actor
	err = db.read(ctx, p, func(tx *Tx) error {
		a, err := tx.findActor(ctx, id)
		if err != nil {
			return err
		}
		seen := map[int64]bool{a.ID: true}
		for a.ParentID != 0 && !seen[a.ParentID] {
			seen[a.ParentID] = true
			parent, err := tx.findActor(ctx, a.ParentID)
			if custos.ErrorKind(err) == custos.ENOTFOUND {
				return nil
			}
			if err != nil {
				return err
			}
			list = append(list, parent)
			a = parent
		}
		return nil
	})
	return list, err
}

// checkParent refuses a parent that does not exist, that the caller may not
// see, or that would close a cycle in the unit tree.
func (tx *Tx) checkParent(ctx context.Context, a *custos.Actor) error {
	if a.ParentID == 0 {
		return nil
	}
	if err := tx.checkVisible(ctx, "actor", "parent_id", "actors", a.ParentID); err != nil {
		return err
	}
	if a.ID == 0 {
		return nil
	}
	// Walk up from the new parent; meeting the actor itself means a cycle.
	rows, err := tx.query(ctx, `WITH RECURSIVE up(id, parent_id, depth) AS (
			SELECT id, parent_id, 0 FROM actors WHERE id = ?
			UNION ALL
			SELECT a.id, a.parent_id, up.depth + 1 FROM actors a JOIN up ON a.id = up.parent_id WHERE up.depth < 100000
		) SELECT id FROM up`, a.ParentID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		if id == a.ID {
			return fieldErr("actor", "parent_id", fmt.Sprintf("actor %d is below actor %d in the unit tree, so it cannot be its parent (that would make a cycle)", a.ParentID, a.ID))
		}
	}
	return rows.Err()
}

// CreateActor adds an actor and sets its id.
func (db *DB) CreateActor(ctx context.Context, a *custos.Actor) error {
	p, err := custos.Authorize(ctx, custos.ActionCreate, custos.EntityActor)
	if err != nil {
		return err
	}
	a.ID = 0
	a.Normalize()
	if err := a.Validate(); err != nil {
		return err
	}
	if err := checkWriteLevel(p, "actor", a.Releasability); err != nil {
		return err
	}
	return db.write(ctx, p, func(tx *Tx) error {
		if err := tx.checkCountry(ctx, "actor", "country", a.Country); err != nil {
			return err
		}
		if err := tx.checkParent(ctx, a); err != nil {
			return err
		}
		if err := tx.checkSourceKey(ctx, "actors", "actor", a.ID, a.Source); err != nil {
			return err
		}
		a.CreatedAt = tx.db.now()
		a.UpdatedAt = a.CreatedAt
		src, key := sourceColumns(a.Source)
		id, err := tx.insert(ctx, `INSERT INTO actors (country, kind, category, name, names, parent_id, echelon, description, source, source_key, releasability, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.Country, string(a.Kind), string(a.Category), a.Name, jsonText(a.Names), nullID(a.ParentID), string(a.Echelon), a.Description, src, key, a.Releasability, formatTime(a.CreatedAt), formatTime(a.UpdatedAt))
		if err != nil {
			return err
		}
		a.ID = id
		return tx.audit(ctx, custos.ActionCreate, custos.EntityActor, a.ID, nil, a)
	})
}

// UpdateActor replaces an actor's record.
func (db *DB) UpdateActor(ctx context.Context, a *custos.Actor) error {
	p, err := custos.Authorize(ctx, custos.ActionUpdate, custos.EntityActor)
	if err != nil {
		return err
	}
	a.Normalize()
	if err := a.Validate(); err != nil {
		return err
	}
	if err := checkWriteLevel(p, "actor", a.Releasability); err != nil {
		return err
	}
	return db.write(ctx, p, func(tx *Tx) error {
		before, err := tx.findActor(ctx, a.ID)
		if err != nil {
			return err
		}
		if err := tx.checkCountry(ctx, "actor", "country", a.Country); err != nil {
			return err
		}
		if err := tx.checkParent(ctx, a); err != nil {
			return err
		}
		if err := tx.checkSourceKey(ctx, "actors", "actor", a.ID, a.Source); err != nil {
			return err
		}
		a.CreatedAt, a.UpdatedAt = before.CreatedAt, tx.db.now()
		src, key := sourceColumns(a.Source)
		if _, err := tx.exec(ctx, `UPDATE actors SET country = ?, kind = ?, category = ?, name = ?, names = ?, parent_id = ?, echelon = ?, description = ?, source = ?, source_key = ?, releasability = ?, updated_at = ? WHERE id = ?`,
			a.Country, string(a.Kind), string(a.Category), a.Name, jsonText(a.Names), nullID(a.ParentID), string(a.Echelon), a.Description, src, key, a.Releasability, formatTime(a.UpdatedAt), a.ID); err != nil {
			return err
		}
		if err := tx.flagChangedSubject(ctx, a.ID, 0, actorIdentityChanges(before, a)); err != nil {
			return err
		}
		return tx.audit(ctx, custos.ActionUpdate, custos.EntityActor, a.ID, before, a)
	})
}

// DeleteActor removes an actor that has no sub-units and that no program,
// activity or person refers to.
func (db *DB) DeleteActor(ctx context.Context, id int64) error {
	p, err := custos.Authorize(ctx, custos.ActionDelete, custos.EntityActor)
	if err != nil {
		return err
	}
	return db.write(ctx, p, func(tx *Tx) error {
		before, err := tx.findActor(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.refused(ctx, fmt.Sprintf("actor %d", id), id,
			ref{"actors", "parent_id"}, ref{"program_recipients", "actor_id"},
			ref{"activity_actors", "actor_id"}, ref{"person_memberships", "actor_id"},
			ref{"vetting_nominations", "actor_id"}, ref{"vetting_decisions", "actor_id"},
			ref{"incident_perpetrators", "actor_id"}); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM actors WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit(ctx, custos.ActionDelete, custos.EntityActor, id, before, nil)
	})
}

// nullInt scans a nullable integer column as 0 when NULL.
type nullInt struct{ v int64 }

func (n *nullInt) Scan(src any) error {
	switch x := src.(type) {
	case nil:
		n.v = 0
	case int64:
		n.v = x
	case int32:
		n.v = int64(x)
	default:
		return fmt.Errorf("nullInt: cannot scan %T", src)
	}
	return nil
}
