package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/custos-ssa/custos"
)

const personColumns = `id, name, names, birth_date, gender, nationality, rank, notes, source, releasability, created_at, updated_at`

func scanPerson(sc interface{ Scan(...any) error }) (_ *custos.Person, err error) {
	var p custos.Person
	var names, birth, source, created, updated string
	if err := sc.Scan(&p.ID, &p.Name, &names, &birth, &p.Gender, &p.Nationality, &p.Rank, &p.Notes, &source, &p.Releasability, &created, &updated); err != nil {
		return nil, err
	}
	if p.Source, err = parseSource(source); err != nil {
		return nil, fmt.Errorf("person %d source: %w", p.ID, err)
	}
	if err := json.Unmarshal([]byte(names), &p.Names); err != nil {
		return nil, fmt.Errorf("person %d names: %w", p.ID, err)
	}
	if birth != "" {
		p.BirthDate, _ = custos.ParsePartialDate(birth)
	}
	p.CreatedAt, p.UpdatedAt = parseTime(created), parseTime(updated)
	return &p, nil
}

// memberships loads a person's memberships in units the caller may see.
func (tx *Tx) memberships(ctx context.Context, p *custos.Person, visibleOnly bool) ([]custos.Membership, error) {
	q := `SELECT m.actor_id, m.position, m.date_from, m.date_to FROM person_memberships m JOIN actors a ON a.id = m.actor_id
		WHERE m.person_id = ? AND a.releasability <= ? ORDER BY m.seq`
	if !visibleOnly {
		q = `SELECT m.actor_id, m.position, m.date_from, m.date_to FROM person_memberships m JOIN actors a ON a.id = m.actor_id
		WHERE m.person_id = ? AND a.releasability > ? ORDER BY m.seq`
	}
	rows, err := tx.query(ctx, q, p.ID, tx.p.Clearance())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []custos.Membership
	for rows.Next() {
		var m custos.Membership
		var from, to string
		if err := rows.Scan(&m.ActorID, &m.Position, &from, &to); err != nil {
			return nil, err
		}
		m.From, _ = custos.ParsePartialDate(from)
		m.To, _ = custos.ParsePartialDate(to)
		list = append(list, m)
	}
	return list, rows.Err()
}

func (tx *Tx) findPerson(ctx context.Context, id int64) (*custos.Person, error) {
	p, err := scanPerson(tx.queryRow(ctx, `SELECT `+personColumns+` FROM persons WHERE id = ? AND releasability <= ?`, id, tx.p.Clearance()))
	if isNoRows(err) {
		return nil, notFound("person", id)
	}
	if err != nil {
		return nil, err
	}
	p.Memberships, err = tx.memberships(ctx, p, true)
	return p, err
}

// FindPersons lists persons by id.
func (db *DB) FindPersons(ctx context.Context, f custos.PersonFilter) ([]*custos.Person, string, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityPerson)
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
	if f.Nationality != "" {
		w.add("nationality = ?", f.Nationality)
	}
	if f.ActorID != 0 {
		w.add("id IN (SELECT person_id FROM person_memberships WHERE actor_id = ?)", f.ActorID)
	}
	if f.Q != "" {
		pat := likePattern(f.Q)
		w.add("(name "+db.dialect.ILike+" ? ESCAPE '\\' OR names "+db.dialect.ILike+" ? ESCAPE '\\')", pat, pat)
	}
	if after > 0 {
		w.add("id > ?", after)
	}
	var list []*custos.Person
	err = db.read(ctx, pr, func(tx *Tx) error {
		got, err := queryAll(ctx, tx, scanPerson, `SELECT `+personColumns+` FROM persons`+w.String()+` ORDER BY id LIMIT ?`, append(w.args, f.Size()+1)...)
		if err != nil {
			return err
		}
		list = append(list, got...)
		for _, p := range list {
			if p.Memberships, err = tx.memberships(ctx, p, true); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	return pageOf(list, f.Size(), func(p *custos.Person) int64 { return p.ID })
}

// FindPerson returns one person.
func (db *DB) FindPerson(ctx context.Context, id int64) (*custos.Person, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityPerson)
	if err != nil {
		return nil, err
	}
	var p *custos.Person
	err = db.read(ctx, pr, func(tx *Tx) (err error) {
		p, err = tx.findPerson(ctx, id)
		return err
	})
	return p, err
}

// writeMemberships replaces the memberships the caller can see and keeps
// those in units above the caller's clearance, which the caller could not
// have sent back.
func (tx *Tx) writeMemberships(ctx context.Context, p *custos.Person, keep []custos.Membership) error {
	for i, m := range p.Memberships {
		if err := tx.checkVisible(ctx, "person", fmt.Sprintf("memberships[%d].actor_id", i), "actors", m.ActorID); err != nil {
			return err
		}
	}
	if _, err := tx.exec(ctx, `DELETE FROM person_memberships WHERE person_id = ?`, p.ID); err != nil {
		return err
	}
	for i, m := range append(append([]custos.Membership{}, p.Memberships...), keep...) {
		if _, err := tx.exec(ctx, `INSERT INTO person_memberships (person_id, seq, actor_id, position, date_from, date_to) VALUES (?, ?, ?, ?, ?, ?)`,
			p.ID, i, m.ActorID, m.Position, m.From.String(), m.To.String()); err != nil {
			return err
		}
	}
	return nil
}

// CreatePerson adds a person and sets its id.
func (db *DB) CreatePerson(ctx context.Context, p *custos.Person) error {
	pr, err := custos.Authorize(ctx, custos.ActionCreate, custos.EntityPerson)
	if err != nil {
		return err
	}
	p.ID = 0
	p.Normalize()
	if err := p.Validate(); err != nil {
		return err
	}
	if err := checkWriteLevel(pr, "person", p.Releasability); err != nil {
		return err
	}
	return db.write(ctx, pr, func(tx *Tx) error {
		if err := tx.checkCountry(ctx, "person", "nationality", p.Nationality); err != nil {
			return err
		}
		if err := tx.checkSourceKey(ctx, "persons", "person", p.ID, p.Source); err != nil {
			return err
		}
		p.CreatedAt = tx.db.now()
		p.UpdatedAt = p.CreatedAt
		src, key := sourceColumns(p.Source)
		id, err := tx.insert(ctx, `INSERT INTO persons (name, names, birth_date, gender, nationality, rank, notes, source, source_key, releasability, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.Name, jsonText(p.Names), p.BirthDate.String(), string(p.Gender), p.Nationality, p.Rank, p.Notes, src, key, p.Releasability, formatTime(p.CreatedAt), formatTime(p.UpdatedAt))
		if err != nil {
			return err
		}
		p.ID = id
		if err := tx.writeMemberships(ctx, p, nil); err != nil {
			return err
		}
		return tx.audit(ctx, custos.ActionCreate, custos.EntityPerson, p.ID, nil, p)
	})
}

// UpdatePerson replaces a person's record.
func (db *DB) UpdatePerson(ctx context.Context, p *custos.Person) error {
	pr, err := custos.Authorize(ctx, custos.ActionUpdate, custos.EntityPerson)
	if err != nil {
		return err
	}
	p.Normalize()
	if err := p.Validate(); err != nil {
		return err
	}
	if err := checkWriteLevel(pr, "person", p.Releasability); err != nil {
		return err
	}
	return db.write(ctx, pr, func(tx *Tx) error {
		before, err := tx.findPerson(ctx, p.ID)
		if err != nil {
			return err
		}
		if err := tx.checkCountry(ctx, "person", "nationality", p.Nationality); err != nil {
			return err
		}
		if err := tx.checkSourceKey(ctx, "persons", "person", p.ID, p.Source); err != nil {
			return err
		}
		hidden, err := tx.memberships(ctx, before, false)
		if err != nil {
			return err
		}
		p.CreatedAt, p.UpdatedAt = before.CreatedAt, tx.db.now()
		src, key := sourceColumns(p.Source)
		if _, err := tx.exec(ctx, `UPDATE persons SET name = ?, names = ?, birth_date = ?, gender = ?, nationality = ?, rank = ?, notes = ?, source = ?, source_key = ?, releasability = ?, updated_at = ? WHERE id = ?`,
			p.Name, jsonText(p.Names), p.BirthDate.String(), string(p.Gender), p.Nationality, p.Rank, p.Notes, src, key, p.Releasability, formatTime(p.UpdatedAt), p.ID); err != nil {
			return err
		}
		if err := tx.writeMemberships(ctx, p, hidden); err != nil {
			return err
		}
		if err := tx.flagChangedSubject(ctx, 0, p.ID, personIdentityChanges(before, p)); err != nil {
			return err
		}
		return tx.audit(ctx, custos.ActionUpdate, custos.EntityPerson, p.ID, before, p)
	})
}

// DeletePerson removes a person no activity refers to.
func (db *DB) DeletePerson(ctx context.Context, id int64) error {
	pr, err := custos.Authorize(ctx, custos.ActionDelete, custos.EntityPerson)
	if err != nil {
		return err
	}
	return db.write(ctx, pr, func(tx *Tx) error {
		before, err := tx.findPerson(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.refused(ctx, fmt.Sprintf("person %d", id), id, ref{"activity_persons", "person_id"},
			ref{"vetting_nominations", "person_id"}, ref{"vetting_decisions", "person_id"},
			ref{"incident_perpetrators", "person_id"}); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM person_memberships WHERE person_id = ?`, id); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM persons WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit(ctx, custos.ActionDelete, custos.EntityPerson, id, before, nil)
	})
}
