package store

import (
	"context"
	"fmt"

	"github.com/custos-ssa/custos"
)

const resultColumns = `id, program_id, level, title, parent_id, description, releasability, created_at, updated_at`

func scanResult(sc interface{ Scan(...any) error }) (*custos.Result, error) {
	var r custos.Result
	var parent nullInt
	var created, updated string
	if err := sc.Scan(&r.ID, &r.ProgramID, &r.Level, &r.Title, &parent, &r.Description, &r.Releasability, &created, &updated); err != nil {
		return nil, err
	}
	r.ParentID = parent.v
	r.CreatedAt, r.UpdatedAt = parseTime(created), parseTime(updated)
	return &r, nil
}

func (tx *Tx) findResult(ctx context.Context, id int64) (*custos.Result, error) {
	r, err := scanResult(tx.queryRow(ctx, `SELECT `+resultColumns+` FROM results WHERE id = ? AND releasability <= ?`, id, tx.p.Clearance()))
	if isNoRows(err) {
		return nil, notFound("result", id)
	}
	return r, err
}

// FindResults lists results by id.
func (db *DB) FindResults(ctx context.Context, f custos.ResultFilter) ([]*custos.Result, string, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityResult)
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
	if f.Level != "" {
		w.add("level = ?", string(f.Level))
	}
	if f.ParentID != 0 {
		w.add("parent_id = ?", f.ParentID)
	}
	if after > 0 {
		w.add("id > ?", after)
	}
	var list []*custos.Result
	err = db.read(ctx, pr, func(tx *Tx) error {
		got, err := queryAll(ctx, tx, scanResult, `SELECT `+resultColumns+` FROM results`+w.String()+` ORDER BY id LIMIT ?`, append(w.args, f.Size()+1)...)
		if err != nil {
			return err
		}
		list = append(list, got...)
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	return pageOf(list, f.Size(), func(r *custos.Result) int64 { return r.ID })
}

// FindResult returns one result.
func (db *DB) FindResult(ctx context.Context, id int64) (*custos.Result, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityResult)
	if err != nil {
		return nil, err
	}
	var r *custos.Result
	err = db.read(ctx, pr, func(tx *Tx) (err error) {
		r, err = tx.findResult(ctx, id)
		return err
	})
	return r, err
}

// checkResultRefs requires a visible program and a parent one level up the
// chain in the same program.
func (tx *Tx) checkResultRefs(ctx context.Context, r *custos.Result) error {
	if err := tx.checkVisible(ctx, "result", "program_id", "programs", r.ProgramID); err != nil {
		return err
	}
	if r.ParentID == 0 {
		return nil
	}
	p, err := tx.findResult(ctx, r.ParentID)
	if custos.ErrorKind(err) == custos.ENOTFOUND {
		return fieldErr("result", "parent_id", fmt.Sprintf("no result with id %d", r.ParentID))
	}
	if err != nil {
		return err
	}
	return r.CheckParent(p)
}

// CreateResult adds a result to a program's results chain.
func (db *DB) CreateResult(ctx context.Context, r *custos.Result) error {
	pr, err := custos.Authorize(ctx, custos.ActionCreate, custos.EntityResult)
	if err != nil {
		return err
	}
	r.ID = 0
	r.Normalize()
	if err := r.Validate(); err != nil {
		return err
	}
	if err := checkWriteLevel(pr, "result", r.Releasability); err != nil {
		return err
	}
	return db.write(ctx, pr, func(tx *Tx) error {
		if err := tx.checkResultRefs(ctx, r); err != nil {
			return err
		}
		r.CreatedAt = tx.db.now()
		r.UpdatedAt = r.CreatedAt
		id, err := tx.insert(ctx, `INSERT INTO results (program_id, level, title, parent_id, description, releasability, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			r.ProgramID, string(r.Level), r.Title, nullID(r.ParentID), r.Description, r.Releasability, formatTime(r.CreatedAt), formatTime(r.UpdatedAt))
		if err != nil {
			return err
		}
		r.ID = id
		return tx.audit(ctx, custos.ActionCreate, custos.EntityResult, r.ID, nil, r)
	})
}

// UpdateResult replaces a result. Its program cannot change: its
// indicators and children belong to that program.
func (db *DB) UpdateResult(ctx context.Context, r *custos.Result) error {
	pr, err := custos.Authorize(ctx, custos.ActionUpdate, custos.EntityResult)
	if err != nil {
		return err
	}
	r.Normalize()
	if err := r.Validate(); err != nil {
		return err
	}
	if err := checkWriteLevel(pr, "result", r.Releasability); err != nil {
		return err
	}
	return db.write(ctx, pr, func(tx *Tx) error {
		before, err := tx.findResult(ctx, r.ID)
		if err != nil {
			return err
		}
		if r.ProgramID != before.ProgramID {
			return fieldErr("result", "program_id", fmt.Sprintf("a result cannot move to another program (it belongs to program %d)", before.ProgramID))
		}
		if err := tx.checkResultRefs(ctx, r); err != nil {
			return err
		}
		if r.Level != before.Level {
			// Children must stay below their parent.
			var n int
			if err := tx.queryRow(ctx, `SELECT count(*) FROM results WHERE parent_id = ? AND level IN `+levelsFrom(r.Level), r.ID).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return fieldErr("result", "level", fmt.Sprintf("%d result(s) contribute to this one at level %s or above; a parent must be a higher level", n, r.Level))
			}
		}
		r.CreatedAt, r.UpdatedAt = before.CreatedAt, tx.db.now()
		if _, err := tx.exec(ctx, `UPDATE results SET level = ?, title = ?, parent_id = ?, description = ?, releasability = ?, updated_at = ? WHERE id = ?`,
			string(r.Level), r.Title, nullID(r.ParentID), r.Description, r.Releasability, formatTime(r.UpdatedAt), r.ID); err != nil {
			return err
		}
		return tx.audit(ctx, custos.ActionUpdate, custos.EntityResult, r.ID, before, r)
	})
}

// levelsFrom returns the SQL list of the levels at or above l.
func levelsFrom(l custos.ResultLevel) string {
	s := "("
	for _, x := range custos.ResultLevels {
		if x.Rank() >= l.Rank() {
			if len(s) > 1 {
				s += ", "
			}
			s += "'" + string(x) + "'"
		}
	}
	return s + ")"
}

// DeleteResult removes a result that no result or indicator refers to.
func (db *DB) DeleteResult(ctx context.Context, id int64) error {
	pr, err := custos.Authorize(ctx, custos.ActionDelete, custos.EntityResult)
	if err != nil {
		return err
	}
	return db.write(ctx, pr, func(tx *Tx) error {
		before, err := tx.findResult(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.refused(ctx, fmt.Sprintf("result %d", id), id, ref{"results", "parent_id"}, ref{"indicators", "result_id"}); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM results WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit(ctx, custos.ActionDelete, custos.EntityResult, id, before, nil)
	})
}
