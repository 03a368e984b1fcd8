package store

import (
	"context"
	"fmt"

	"github.com/custos-ssa/custos"
)

const authorityColumns = `id, code, name, agency, citation, purpose, leahy_applies, leahy_statute, restrictions, notes, releasability, created_at, updated_at`

func scanAuthority(sc interface{ Scan(...any) error }) (*custos.Authority, error) {
	var a custos.Authority
	var leahy int64
	var created, updated string
	if err := sc.Scan(&a.ID, &a.Code, &a.Name, &a.Agency, &a.Citation, &a.Purpose, &leahy, &a.LeahyStatute, &a.Restrictions, &a.Notes, &a.Releasability, &created, &updated); err != nil {
		return nil, err
	}
	a.LeahyApplies = leahy != 0
	a.CreatedAt, a.UpdatedAt = parseTime(created), parseTime(updated)
	return &a, nil
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func (tx *Tx) findAuthority(ctx context.Context, col string, v any) (*custos.Authority, error) {
	a, err := scanAuthority(tx.queryRow(ctx, `SELECT `+authorityColumns+` FROM authorities WHERE `+col+` = ? AND releasability <= ?`, v, tx.p.Clearance()))
	if isNoRows(err) {
		return nil, notFound("authority", v)
	}
	return a, err
}

// FindAuthorities lists authorities by id.
func (db *DB) FindAuthorities(ctx context.Context, f custos.AuthorityFilter) ([]*custos.Authority, string, error) {
	p, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityAuthority)
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
	if f.Agency != "" {
		w.add("agency = ?", f.Agency)
	}
	switch f.Leahy {
	case "":
	case "yes":
		w.add("leahy_applies = 1")
	case "no":
		w.add("leahy_applies = 0")
	default:
		return nil, "", fieldErr("filter", "leahy", "must be yes or no")
	}
	if f.Q != "" {
		pat := likePattern(f.Q)
		w.add("(code "+db.dialect.ILike+" ? ESCAPE '\\' OR name "+db.dialect.ILike+" ? ESCAPE '\\')", pat, pat)
	}
	if after > 0 {
		w.add("id > ?", after)
	}
	var list []*custos.Authority
	err = db.read(ctx, p, func(tx *Tx) error {
		got, err := queryAll(ctx, tx, scanAuthority, `SELECT `+authorityColumns+` FROM authorities`+w.String()+` ORDER BY id LIMIT ?`, append(w.args, f.Size()+1)...)
		if err != nil {
			return err
		}
		list = append(list, got...)
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	return pageOf(list, f.Size(), func(a *custos.Authority) int64 { return a.ID })
}

// FindAuthority returns one authority by id.
func (db *DB) FindAuthority(ctx context.Context, id int64) (*custos.Authority, error) {
	return db.findAuthorityBy(ctx, "id", id)
}

// FindAuthorityByCode returns one authority by its code.
func (db *DB) FindAuthorityByCode(ctx context.Context, code string) (*custos.Authority, error) {
	return db.findAuthorityBy(ctx, "code", code)
}

func (db *DB) findAuthorityBy(ctx context.Context, col string, v any) (*custos.Authority, error) {
	p, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityAuthority)
	if err != nil {
		return nil, err
	}
	var a *custos.Authority
	err = db.read(ctx, p, func(tx *Tx) (err error) {
		a, err = tx.findAuthority(ctx, col, v)
		return err
	})
	return a, err
}

func (tx *Tx) checkAuthorityCode(ctx context.Context, a *custos.Authority) error {
	var n int
	if err := tx.queryRow(ctx, `SELECT count(*) FROM authorities WHERE code = ? AND id <> ?`, a.Code, a.ID).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return &custos.Error{Kind: custos.ECONFLICT, Message: "authority code in use", Fields: map[string]string{"code": fmt.Sprintf("%q is already the code of another authority", a.Code)}}
	}
	return nil
}

// CreateAuthority adds an authority and sets its id.
func (db *DB) CreateAuthority(ctx context.Context, a *custos.Authority) error {
	p, err := custos.Authorize(ctx, custos.ActionCreate, custos.EntityAuthority)
	if err != nil {
		return err
	}
	a.ID = 0
	a.Normalize()
	if err := a.Validate(); err != nil {
		return err
	}
	if err := checkWriteLevel(p, "authority", a.Releasability); err != nil {
		return err
	}
	return db.write(ctx, p, func(tx *Tx) error {
		if err := tx.checkAuthorityCode(ctx, a); err != nil {
			return err
		}
		a.CreatedAt = tx.db.now()
		a.UpdatedAt = a.CreatedAt
		id, err := tx.insert(ctx, `INSERT INTO authorities (code, name, agency, citation, purpose, leahy_applies, leahy_statute, restrictions, notes, releasability, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.Code, a.Name, a.Agency, a.Citation, a.Purpose, boolInt(a.LeahyApplies), a.LeahyStatute, a.Restrictions, a.Notes, a.Releasability, formatTime(a.CreatedAt), formatTime(a.UpdatedAt))
		if err != nil {
			return err
		}
		a.ID = id
		return tx.audit(ctx, custos.ActionCreate, custos.EntityAuthority, a.ID, nil, a)
	})
}

// UpdateAuthority replaces an authority's record.
func (db *DB) UpdateAuthority(ctx context.Context, a *custos.Authority) error {
	p, err := custos.Authorize(ctx, custos.ActionUpdate, custos.EntityAuthority)
	if err != nil {
		return err
	}
	a.Normalize()
	if err := a.Validate(); err != nil {
		return err
	}
	if err := checkWriteLevel(p, "authority", a.Releasability); err != nil {
		return err
	}
	return db.write(ctx, p, func(tx *Tx) error {
		before, err := tx.findAuthority(ctx, "id", a.ID)
		if err != nil {
			return err
		}
		if err := tx.checkAuthorityCode(ctx, a); err != nil {
			return err
		}
		a.CreatedAt, a.UpdatedAt = before.CreatedAt, tx.db.now()
		if _, err := tx.exec(ctx, `UPDATE authorities SET code = ?, name = ?, agency = ?, citation = ?, purpose = ?, leahy_applies = ?, leahy_statute = ?, restrictions = ?, notes = ?, releasability = ?, updated_at = ? WHERE id = ?`,
			a.Code, a.Name, a.Agency, a.Citation, a.Purpose, boolInt(a.LeahyApplies), a.LeahyStatute, a.Restrictions, a.Notes, a.Releasability, formatTime(a.UpdatedAt), a.ID); err != nil {
			return err
		}
		return tx.audit(ctx, custos.ActionUpdate, custos.EntityAuthority, a.ID, before, a)
	})
}

// DeleteAuthority removes an authority no program uses.
func (db *DB) DeleteAuthority(ctx context.Context, id int64) error {
	p, err := custos.Authorize(ctx, custos.ActionDelete, custos.EntityAuthority)
	if err != nil {
		return err
	}
	return db.write(ctx, p, func(tx *Tx) error {
		before, err := tx.findAuthority(ctx, "id", id)
		if err != nil {
			return err
		}
		if err := tx.refused(ctx, fmt.Sprintf("authority %d", id), id, ref{"programs", "authority_id"}); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM authorities WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit(ctx, custos.ActionDelete, custos.EntityAuthority, id, before, nil)
	})
}
