package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/custos-ssa/custos"
)

// Consultations are kept in three tables: consultations, the organizations
// consulted (consultation_organizations) and the feedback with the
// program's responses (consultation_feedback). Every consultation leaves
// the store through custos.Consultation.Redact, so that who was consulted
// and who raised each piece of feedback reach only the roles that may see
// them, whatever path reads it. Filters on an organization consider only
// the links the caller may see, so that a search cannot reveal a withheld
// one either.

const consultationColumns = `id, program_id, country, title, held_on, stage, format, place, outside_capital, summary, notes, releasability, created_at, updated_at`

func scanConsultation(sc interface{ Scan(...any) error }) (*custos.Consultation, error) {
	var c custos.Consultation
	var program sql.NullInt64
	var held, created, updated string
	if err := sc.Scan(&c.ID, &program, &c.Country, &c.Title, &held, &c.Stage, &c.Format, &c.Place, &c.OutsideCapital, &c.Summary, &c.Notes,
		&c.Releasability, &created, &updated); err != nil {
		return nil, err
	}
	c.ProgramID = program.Int64
	c.Date = parseDate(held)
	c.CreatedAt, c.UpdatedAt = parseTime(created), parseTime(updated)
	return &c, nil
}

// fillConsultations loads the organizations and feedback of each
// consultation, unredacted; redact before returning them.
func (tx *Tx) fillConsultations(ctx context.Context, list []*custos.Consultation) error {
	if len(list) == 0 {
		return nil
	}
	byID := make(map[int64]*custos.Consultation, len(list))
	ids := make([]int64, len(list))
	for i, c := range list {
		byID[c.ID], ids[i] = c, c.ID
		c.Organizations, c.Feedback = nil, nil
	}
	for _, chunk := range chunks(ids) {
		in, args := inList(chunk)
		rows, err := tx.query(ctx, `SELECT co.consultation_id, co.organization_id, co.withheld FROM consultation_organizations co
			JOIN organizations o ON o.id = co.organization_id
			WHERE co.consultation_id IN `+in+` AND o.releasability <= ? ORDER BY co.consultation_id, co.position`, append(args, tx.p.Clearance())...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var cid int64
			var o custos.Consultee
			if err := rows.Scan(&cid, &o.OrganizationID, &o.Withheld); err != nil {
				rows.Close()
				return err
			}
			byID[cid].Organizations = append(byID[cid].Organizations, o)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = tx.query(ctx, `SELECT consultation_id, id, kind, text, raised_by, raised_by_org_id, response, response_text, responded_on
			FROM consultation_feedback WHERE consultation_id IN `+in+` ORDER BY consultation_id, position`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var cid int64
			var f custos.Feedback
			var on string
			if err := rows.Scan(&cid, &f.ID, &f.Kind, &f.Text, &f.RaisedBy, &f.RaisedByOrgID, &f.Response, &f.ResponseText, &on); err != nil {
				rows.Close()
				return err
			}
			f.RespondedOn = parseDate(on)
			byID[cid].Feedback = append(byID[cid].Feedback, f)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// findConsultation returns a consultation the caller may see, unredacted.
func (tx *Tx) findConsultation(ctx context.Context, id int64) (*custos.Consultation, error) {
	c, err := scanConsultation(tx.queryRow(ctx, `SELECT `+consultationColumns+` FROM consultations WHERE id = ? AND releasability <= ?`+consultationProgramVisible,
		id, tx.p.Clearance(), tx.p.Clearance()))
	if isNoRows(err) {
		return nil, notFound("consultation", id)
	}
	if err != nil {
		return nil, err
	}
	return c, tx.fillConsultations(ctx, []*custos.Consultation{c})
}

// consultationProgramVisible hides the consultations of a program the
// caller may not see: its existence would leak through them.
const consultationProgramVisible = ` AND (program_id IS NULL OR program_id IN (SELECT id FROM programs WHERE releasability <= ?))`

// FindConsultations lists consultations by id, redacted for the caller.
func (db *DB) FindConsultations(ctx context.Context, f custos.ConsultationFilter) ([]*custos.Consultation, string, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityConsultation)
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
	w.add("(program_id IS NULL OR program_id IN (SELECT id FROM programs WHERE releasability <= ?))", pr.Clearance())
	if f.ProgramID != 0 {
		w.add("program_id = ?", f.ProgramID)
	}
	if f.Country != "" {
		w.add("(country = ? OR program_id IN (SELECT id FROM programs WHERE country = ?))", f.Country, f.Country)
	}
	if f.Stage != "" {
		w.add("stage = ?", string(f.Stage))
	}
	if f.Format != "" {
		w.add("format = ?", string(f.Format))
	}
	if f.OrganizationID != 0 {
		switch {
		case custos.CanSeeWithheldConsultees(pr.Role):
			w.add("id IN (SELECT consultation_id FROM consultation_organizations WHERE organization_id = ?)", f.OrganizationID)
		case custos.CanSeeConsultees(pr.Role):
			w.add("id IN (SELECT consultation_id FROM consultation_organizations WHERE organization_id = ? AND withheld = 0)", f.OrganizationID)
		default:
			w.add("1 = 0") // the public never learns who was consulted
		}
	}
	if !f.From.IsZero() {
		w.add("held_on >= ?", f.From.String())
	}
	if !f.To.IsZero() {
		w.add("held_on <= ?", f.To.String())
	}
	if f.Q != "" {
		w.add("title "+db.dialect.ILike+" ? ESCAPE '\\'", likePattern(f.Q))
	}
	if after > 0 {
		w.add("id > ?", after)
	}
	var list []*custos.Consultation
	err = db.read(ctx, pr, func(tx *Tx) error {
		got, err := queryAll(ctx, tx, scanConsultation, `SELECT `+consultationColumns+` FROM consultations`+w.String()+` ORDER BY id LIMIT ?`, append(w.args, f.Size()+1)...)
		if err != nil {
			return err
		}
		list = append(list, got...)
		return tx.fillConsultations(ctx, list)
	})
	if err != nil {
		return nil, "", err
	}
	for _, c := range list {
		c.Redact(pr.Role)
	}
	return pageOf(list, f.Size(), func(c *custos.Consultation) int64 { return c.ID })
}

// FindConsultation returns one consultation, redacted for the caller.
func (db *DB) FindConsultation(ctx context.Context, id int64) (*custos.Consultation, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityConsultation)
	if err != nil {
		return nil, err
	}
	var c *custos.Consultation
	err = db.read(ctx, pr, func(tx *Tx) (err error) {
		if c, err = tx.findConsultation(ctx, id); err != nil {
			return err
		}
		return tx.markOwnFeedback(ctx, []*custos.Consultation{c}) // a partner's own items
	})
	if err != nil {
		return nil, err
	}
	c.Redact(pr.Role)
	return c, nil
}

// checkConsultation checks what validation cannot: the program, country
// and organizations exist and are visible to the writer, the feedback ids
// belong to the consultation, and the writer may record identities.
func (tx *Tx) checkConsultation(ctx context.Context, c *custos.Consultation) error {
	if !custos.CanSeeWithheldConsultees(tx.p.Role) {
		return custos.Errorf(custos.EFORBIDDEN, "the %s role may not record who was consulted", tx.p.Role)
	}
	if err := tx.checkVisible(ctx, "consultation", "program_id", "programs", c.ProgramID); err != nil {
		return err
	}
	if err := tx.checkCountry(ctx, "consultation", "country", c.Country); err != nil {
		return err
	}
	for i, o := range c.Organizations {
		if err := tx.checkVisible(ctx, "consultation", fmt.Sprintf("organizations[%d].organization_id", i), "organizations", o.OrganizationID); err != nil {
			return err
		}
	}
	for i, f := range c.Feedback {
		if err := tx.checkVisible(ctx, "consultation", fmt.Sprintf("feedback[%d].raised_by_org_id", i), "organizations", f.RaisedByOrgID); err != nil {
			return err
		}
		if f.ID == 0 {
			continue
		}
		var n int
		if err := tx.queryRow(ctx, `SELECT count(*) FROM consultation_feedback WHERE id = ? AND consultation_id = ?`, f.ID, c.ID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fieldErr("consultation", fmt.Sprintf("feedback[%d].id", i), fmt.Sprintf("no feedback %d in this consultation; leave the id out to add new feedback", f.ID))
		}
	}
	return nil
}

// writeConsultationParts replaces the organizations of a consultation and
// its feedback: items with an id are updated in place (their ids stay
// stable for links and for the audit trail), new ones inserted, missing
// ones deleted.
func (tx *Tx) writeConsultationParts(ctx context.Context, c *custos.Consultation) error {
	if _, err := tx.exec(ctx, `DELETE FROM consultation_organizations WHERE consultation_id = ?`, c.ID); err != nil {
		return err
	}
	for i, o := range c.Organizations {
		if _, err := tx.exec(ctx, `INSERT INTO consultation_organizations (consultation_id, organization_id, withheld, position) VALUES (?, ?, ?, ?)`,
			c.ID, o.OrganizationID, boolInt(o.Withheld), i); err != nil {
			return err
		}
	}
	keep := []int64{}
	for _, f := range c.Feedback {
		if f.ID != 0 {
			keep = append(keep, f.ID)
		}
	}
	del := `DELETE FROM consultation_feedback WHERE consultation_id = ?`
	args := []any{c.ID}
	if len(keep) > 0 {
		in, ids := inList(keep)
		del += ` AND id NOT IN ` + in
		args = append(args, ids...)
	}
	if _, err := tx.exec(ctx, del, args...); err != nil {
		return err
	}
	for i := range c.Feedback {
		f := &c.Feedback[i]
		if f.ID != 0 {
			// The consultation's own items only: an id taken from another
			// consultation is refused, not overwritten.
			res, err := tx.exec(ctx, `UPDATE consultation_feedback SET position = ?, kind = ?, text = ?, raised_by = ?, raised_by_org_id = ?, response = ?, response_text = ?, responded_on = ?
				WHERE id = ? AND consultation_id = ?`, i, string(f.Kind), f.Text, f.RaisedBy, f.RaisedByOrgID, string(f.Response), f.ResponseText, f.RespondedOn.String(), f.ID, c.ID)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n != 1 {
				return fieldErr("consultation", fmt.Sprintf("feedback[%d].id", i), fmt.Sprintf("%d is not feedback of this consultation", f.ID))
			}
			continue
		}
		id, err := tx.insert(ctx, `INSERT INTO consultation_feedback (consultation_id, position, kind, text, raised_by, raised_by_org_id, response, response_text, responded_on)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, i, string(f.Kind), f.Text, f.RaisedBy, f.RaisedByOrgID, string(f.Response), f.ResponseText, f.RespondedOn.String())
		if err != nil {
			return err
		}
		f.ID = id
	}
	return nil
}

// CreateConsultation records a consultation and sets its id and its
// feedback's ids, then evaluates again the conditions that read the
// consultations of its program or country plan.
func (db *DB) CreateConsultation(ctx context.Context, c *custos.Consultation) error {
	pr, err := custos.Authorize(ctx, custos.ActionCreate, custos.EntityConsultation)
	if err != nil {
		return err
	}
	c.ID = 0
	for i := range c.Feedback {
		c.Feedback[i].ID = 0
	}
	c.Normalize()
	if err := c.Validate(); err != nil {
		return err
	}
	if err := checkWriteLevel(pr, "consultation", c.Releasability); err != nil {
		return err
	}
	err = db.write(ctx, pr, func(tx *Tx) error {
		if err := tx.checkConsultation(ctx, c); err != nil {
			return err
		}
		c.CreatedAt = tx.db.now()
		c.UpdatedAt = c.CreatedAt
		id, err := tx.insert(ctx, `INSERT INTO consultations (program_id, country, title, held_on, stage, format, place, outside_capital, summary, notes, releasability, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			nullID(c.ProgramID), c.Country, c.Title, c.Date.String(), string(c.Stage), string(c.Format), c.Place, boolInt(c.OutsideCapital),
			c.Summary, c.Notes, c.Releasability, formatTime(c.CreatedAt), formatTime(c.UpdatedAt))
		if err != nil {
			return err
		}
		c.ID = id
		if err := tx.writeConsultationParts(ctx, c); err != nil {
			return err
		}
		if err := tx.audit(ctx, custos.ActionCreate, custos.EntityConsultation, c.ID, nil, c); err != nil {
			return err
		}
		return tx.reevaluateConsultations(ctx, c, nil)
	})
	if err == nil {
		c.Redact(pr.Role)
	}
	return err
}

// UpdateConsultation replaces a consultation's record, its organizations
// and its feedback (see writeConsultationParts).
func (db *DB) UpdateConsultation(ctx context.Context, c *custos.Consultation) error {
	pr, err := custos.Authorize(ctx, custos.ActionUpdate, custos.EntityConsultation)
	if err != nil {
		return err
	}
	c.Normalize()
	if err := c.Validate(); err != nil {
		return err
	}
	if err := checkWriteLevel(pr, "consultation", c.Releasability); err != nil {
		return err
	}
	err = db.write(ctx, pr, func(tx *Tx) error {
		before, err := tx.findConsultation(ctx, c.ID)
		if err != nil {
			return err
		}
		if err := tx.checkConsultation(ctx, c); err != nil {
			return err
		}
		c.CreatedAt, c.UpdatedAt = before.CreatedAt, tx.db.now()
		if _, err := tx.exec(ctx, `UPDATE consultations SET program_id = ?, country = ?, title = ?, held_on = ?, stage = ?, format = ?, place = ?, outside_capital = ?,
			summary = ?, notes = ?, releasability = ?, updated_at = ? WHERE id = ?`,
			nullID(c.ProgramID), c.Country, c.Title, c.Date.String(), string(c.Stage), string(c.Format), c.Place, boolInt(c.OutsideCapital),
			c.Summary, c.Notes, c.Releasability, formatTime(c.UpdatedAt), c.ID); err != nil {
			return err
		}
		if err := tx.writeConsultationParts(ctx, c); err != nil {
			return err
		}
		if err := tx.audit(ctx, custos.ActionUpdate, custos.EntityConsultation, c.ID, before, c); err != nil {
			return err
		}
		return tx.reevaluateConsultations(ctx, c, before)
	})
	if err == nil {
		c.Redact(pr.Role)
	}
	return err
}

// DeleteConsultation removes a consultation with its organizations and
// feedback.
func (db *DB) DeleteConsultation(ctx context.Context, id int64) error {
	pr, err := custos.Authorize(ctx, custos.ActionDelete, custos.EntityConsultation)
	if err != nil {
		return err
	}
	return db.write(ctx, pr, func(tx *Tx) error {
		before, err := tx.findConsultation(ctx, id)
		if err != nil {
			return err
		}
		for _, t := range []string{"consultation_organizations", "consultation_feedback"} {
			if _, err := tx.exec(ctx, `DELETE FROM `+t+` WHERE consultation_id = ?`, id); err != nil {
				return err
			}
		}
		if _, err := tx.exec(ctx, `DELETE FROM consultations WHERE id = ?`, id); err != nil {
			return err
		}
		if err := tx.audit(ctx, custos.ActionDelete, custos.EntityConsultation, id, before, nil); err != nil {
			return err
		}
		return tx.reevaluateConsultations(ctx, before, nil)
	})
}
