package store

import (
	"context"
	"fmt"

	"github.com/custos-ssa/custos"
)

const organizationColumns = `id, name, abbrev, kind, country, parent_id, website, description, releasability, created_at, updated_at`

func scanOrganization(sc interface{ Scan(...any) error }) (*custos.Organization, error) {
	var o custos.Organization
	var created, updated string
	var parent nullInt
	if err := sc.Scan(&o.ID, &o.Name, &o.Abbrev, &o.Kind, &o.Country, &parent, &o.Website, &o.Description, &o.Releasability, &created, &updated); err != nil {
		return nil, err
	}
	o.ParentID = parent.v
	o.CreatedAt, o.UpdatedAt = parseTime(created), parseTime(updated)
	return &o, nil
}

func (tx *Tx) findOrganization(ctx context.Context, id int64) (*custos.Organization, error) {
	o, err := scanOrganization(tx.queryRow(ctx, `SELECT `+organizationColumns+` FROM organizations WHERE id = ? AND releasability <= ?`, id, tx.p.Clearance()))
	if isNoRows(err) {
		return nil, notFound("organization", id)
	}
	return o, err
}

// FindOrganizations lists organizations by id.
func (db *DB) FindOrganizations(ctx context.Context, f custos.OrganizationFilter) ([]*custos.Organization, string, error) {
	p, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityOrganization)
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
	if f.Kind != "" {
		w.add("kind = ?", string(f.Kind))
	}
	if f.Q != "" {
		pat := likePattern(f.Q)
		w.add("(name "+db.dialect.ILike+" ? ESCAPE '\\' OR abbrev "+db.dialect.ILike+" ? ESCAPE '\\')", pat, pat)
	}
	if after > 0 {
		w.add("id > ?", after)
	}
	var list []*custos.Organization
	err = db.read(ctx, p, func(tx *Tx) error {
		got, err := queryAll(ctx, tx, scanOrganization, `SELECT `+organizationColumns+` FROM organizations`+w.String()+` ORDER BY id LIMIT ?`, append(w.args, f.Size()+1)...)
		if err != nil {
			return err
		}
		list = append(list, got...)
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	return pageOf(list, f.Size(), func(o *custos.Organization) int64 { return o.ID })
}

// FindOrganization returns one organization.
func (db *DB) FindOrganization(ctx context.Context, id int64) (*custos.Organization, error) {
	p, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityOrganization)
	if err != nil {
		return nil, err
	}
	var o *custos.Organization
	err = db.read(ctx, p, func(tx *Tx) (err error) {
		o, err = tx.findOrganization(ctx, id)
		return err
	})
	return o, err
}

func (tx *Tx) checkOrganizationRefs(ctx context.Context, o *custos.Organization) error {
	if err := tx.checkCountry(ctx, "organization", "country", o.Country); err != nil {
		return err
	}
	return tx.checkVisible(ctx, "organization", "parent_id", "organizations", o.ParentID)
}

// CreateOrganization adds an organization and sets its id.
func (db *DB) CreateOrganization(ctx context.Context, o *custos.Organization) error {
	p, err := custos.Authorize(ctx, custos.ActionCreate, custos.EntityOrganization)
	if err != nil {
		return err
	}
	o.ID = 0
	o.Normalize()
	if err := o.Validate(); err != nil {
		return err
	}
	if err := checkWriteLevel(p, "organization", o.Releasability); err != nil {
		return err
	}
	return db.write(ctx, p, func(tx *Tx) error {
		if err := tx.checkOrganizationRefs(ctx, o); err != nil {
			return err
		}
		o.CreatedAt = tx.db.now()
		o.UpdatedAt = o.CreatedAt
		id, err := tx.insert(ctx, `INSERT INTO organizations (name, abbrev, kind, country, parent_id, website, description, releasability, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			o.Name, o.Abbrev, string(o.Kind), o.Country, nullID(o.ParentID), o.Website, o.Description, o.Releasability, formatTime(o.CreatedAt), formatTime(o.UpdatedAt))
		if err != nil {
			return err
		}
		o.ID = id
		return tx.audit(ctx, custos.ActionCreate, custos.EntityOrganization, o.ID, nil, o)
	})
}

// UpdateOrganization replaces an organization's record.
func (db *DB) UpdateOrganization(ctx context.Context, o *custos.Organization) error {
	p, err := custos.Authorize(ctx, custos.ActionUpdate, custos.EntityOrganization)
	if err != nil {
		return err
	}
	o.Normalize()
	if err := o.Validate(); err != nil {
		return err
	}
	if err := checkWriteLevel(p, "organization", o.Releasability); err != nil {
		return err
	}
	return db.write(ctx, p, func(tx *Tx) error {
		before, err := tx.findOrganization(ctx, o.ID)
		if err != nil {
			return err
		}
		if err := tx.checkOrganizationRefs(ctx, o); err != nil {
			return err
		}
		o.CreatedAt, o.UpdatedAt = before.CreatedAt, tx.db.now()
		if _, err := tx.exec(ctx, `UPDATE organizations SET name = ?, abbrev = ?, kind = ?, country = ?, parent_id = ?, website = ?, description = ?, releasability = ?, updated_at = ? WHERE id = ?`,
			o.Name, o.Abbrev, string(o.Kind), o.Country, nullID(o.ParentID), o.Website, o.Description, o.Releasability, formatTime(o.UpdatedAt), o.ID); err != nil {
			return err
		}
		return tx.audit(ctx, custos.ActionUpdate, custos.EntityOrganization, o.ID, before, o)
	})
}

// DeleteOrganization removes an organization no program refers to.
func (db *DB) DeleteOrganization(ctx context.Context, id int64) error {
	p, err := custos.Authorize(ctx, custos.ActionDelete, custos.EntityOrganization)
	if err != nil {
		return err
	}
	return db.write(ctx, p, func(tx *Tx) error {
		before, err := tx.findOrganization(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.refused(ctx, fmt.Sprintf("organization %d", id), id,
			ref{"organizations", "parent_id"}, ref{"programs", "lead_org_id"}, ref{"program_implementers", "org_id"},
			ref{"consultation_organizations", "organization_id"}, ref{"consultation_feedback", "raised_by_org_id"}); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM organizations WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit(ctx, custos.ActionDelete, custos.EntityOrganization, id, before, nil)
	})
}
