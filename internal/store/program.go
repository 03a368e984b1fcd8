package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/custos-ssa/custos"
)

const programColumns = `id, title, country, lead_org_id, authority_id, objective_category, icb_domains, activity_type, start_date, end_date, status, description, source, releasability, created_at, updated_at`

func scanProgram(sc interface{ Scan(...any) error }) (*custos.Program, error) {
	var p custos.Program
	var lead, auth nullInt
	var icb, start, end, source, created, updated string
	if err := sc.Scan(&p.ID, &p.Title, &p.Country, &lead, &auth, &p.ObjectiveCategory, &icb, &p.ActivityType, &start, &end, &p.Status, &p.Description, &source, &p.Releasability, &created, &updated); err != nil {
		return nil, err
	}
	p.LeadOrgID, p.AuthorityID = lead.v, auth.v
	if err := json.Unmarshal([]byte(icb), &p.ICBDomains); err != nil {
		return nil, fmt.Errorf("program %d icb_domains: %w", p.ID, err)
	}
	var err error
	if p.Source, err = parseSource(source); err != nil {
		return nil, fmt.Errorf("program %d source: %w", p.ID, err)
	}
	p.Start, p.End = parseDate(start), parseDate(end)
	p.CreatedAt, p.UpdatedAt = parseTime(created), parseTime(updated)
	return &p, nil
}

// parseSource reads a stored source reference; "" is none.
func parseSource(s string) (*custos.SourceRef, error) {
	if s == "" {
		return nil, nil
	}
	src := new(custos.SourceRef)
	if err := json.Unmarshal([]byte(s), src); err != nil {
		return nil, err
	}
	return src, nil
}

// sourceColumns returns the stored form of a source reference and its
// unique key ("dataset:key"), NULL when there is no source.
func sourceColumns(s *custos.SourceRef) (string, sql.NullString) {
	if s == nil {
		return "", sql.NullString{}
	}
	b, _ := json.Marshal(s)
	return string(b), sql.NullString{String: s.Dataset + ":" + s.Key, Valid: true}
}

// fillPrograms loads the budgets, implementers and recipients of a page of
// programs, three queries for the page.
func (tx *Tx) fillPrograms(ctx context.Context, list []*custos.Program) error {
	ids := make([]int64, len(list))
	for i, p := range list {
		ids[i] = p.ID
	}
	impl, err := tx.idsOf(ctx, programImplementers, ids)
	if err != nil {
		return err
	}
	recip, err := tx.idsOf(ctx, programRecipients, ids)
	if err != nil {
		return err
	}
	budgets := map[int64][]custos.Budget{}
	if len(ids) > 0 {
		in, args := inList(ids)
		rows, err := tx.query(ctx, `SELECT program_id, fiscal_year, amount_usd FROM program_budgets WHERE program_id IN `+in+` ORDER BY program_id, fiscal_year`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var b custos.Budget
			if err := rows.Scan(&id, &b.FiscalYear, &b.AmountUSD); err != nil {
				return err
			}
			budgets[id] = append(budgets[id], b)
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}
	for _, p := range list {
		p.ImplementerIDs, p.RecipientIDs, p.Budget = impl[p.ID], recip[p.ID], budgets[p.ID]
	}
	return nil
}

func (tx *Tx) findProgram(ctx context.Context, id int64) (*custos.Program, error) {
	p, err := scanProgram(tx.queryRow(ctx, `SELECT `+programColumns+` FROM programs WHERE id = ? AND releasability <= ?`, id, tx.p.Clearance()))
	if isNoRows(err) {
		return nil, notFound("program", id)
	}
	if err != nil {
		return nil, err
	}
	return p, tx.fillPrograms(ctx, []*custos.Program{p})
}

// FindPrograms lists programs by id.
func (db *DB) FindPrograms(ctx context.Context, f custos.ProgramFilter) ([]*custos.Program, string, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityProgram)
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
	if f.Country != "" {
		w.add("country = ?", f.Country)
	}
	if f.AuthorityID != 0 {
		w.add("authority_id = ?", f.AuthorityID)
	}
	if f.LeadOrgID != 0 {
		w.add("lead_org_id = ?", f.LeadOrgID)
	}
	if f.RecipientID != 0 {
		w.add("id IN (SELECT program_id FROM program_recipients WHERE actor_id = ?)", f.RecipientID)
	}
	if f.Status != "" {
		w.add("status = ?", string(f.Status))
	}
	if f.ObjectiveCategory != "" {
		w.add("objective_category = ?", string(f.ObjectiveCategory))
	}
	if f.FiscalYear != 0 {
		w.add("id IN (SELECT program_id FROM program_budgets WHERE fiscal_year = ?)", f.FiscalYear)
	}
	if f.Q != "" {
		w.add("title "+db.dialect.ILike+" ? ESCAPE '\\'", likePattern(f.Q))
	}
	if after > 0 {
		w.add("id > ?", after)
	}
	var list []*custos.Program
	err = db.read(ctx, pr, func(tx *Tx) error {
		got, err := queryAll(ctx, tx, scanProgram, `SELECT `+programColumns+` FROM programs`+w.String()+` ORDER BY id LIMIT ?`, append(w.args, f.Size()+1)...)
		if err != nil {
			return err
		}
		list = append(list, got...)
		return tx.fillPrograms(ctx, list)
	})
	if err != nil {
		return nil, "", err
	}
	return pageOf(list, f.Size(), func(p *custos.Program) int64 { return p.ID })
}

// FindProgram returns one program.
func (db *DB) FindProgram(ctx context.Context, id int64) (*custos.Program, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityProgram)
	if err != nil {
		return nil, err
	}
	var p *custos.Program
	err = db.read(ctx, pr, func(tx *Tx) (err error) {
		p, err = tx.findProgram(ctx, id)
		return err
	})
	return p, err
}

// writeProgramParts checks a program's references and writes its budget and
// links.
func (tx *Tx) writeProgramParts(ctx context.Context, p *custos.Program) error {
	if _, err := tx.exec(ctx, `DELETE FROM program_budgets WHERE program_id = ?`, p.ID); err != nil {
		return err
	}
	for _, b := range p.Budget {
		if _, err := tx.exec(ctx, `INSERT INTO program_budgets (program_id, fiscal_year, amount_usd) VALUES (?, ?, ?)`, p.ID, b.FiscalYear, b.AmountUSD); err != nil {
			return err
		}
	}
	if err := tx.setIDs(ctx, "program", "implementer_ids", programImplementers, p.ID, p.ImplementerIDs); err != nil {
		return err
	}
	return tx.setIDs(ctx, "program", "recipient_ids", programRecipients, p.ID, p.RecipientIDs)
}

func (tx *Tx) checkProgramRefs(ctx context.Context, p *custos.Program) error {
	if err := tx.checkCountry(ctx, "program", "country", p.Country); err != nil {
		return err
	}
	if err := tx.checkVisible(ctx, "program", "lead_org_id", "organizations", p.LeadOrgID); err != nil {
		return err
	}
	if err := tx.checkVisible(ctx, "program", "authority_id", "authorities", p.AuthorityID); err != nil {
		return err
	}
	return tx.checkSourceKey(ctx, "programs", "program", p.ID, p.Source)
}

// checkSourceKey refuses a source reference already used by another record.
func (tx *Tx) checkSourceKey(ctx context.Context, table, what string, id int64, s *custos.SourceRef) error {
	_, key := sourceColumns(s)
	if !key.Valid {
		return nil
	}
	var n int
	if err := tx.queryRow(ctx, `SELECT count(*) FROM `+table+` WHERE source_key = ? AND id <> ?`, key.String, id).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return &custos.Error{Kind: custos.ECONFLICT, Message: what + " source in use", Fields: map[string]string{"source.key": fmt.Sprintf("%q is already the source of another %s", key.String, what)}}
	}
	return nil
}

// CreateProgram adds a program and sets its id.
func (db *DB) CreateProgram(ctx context.Context, p *custos.Program) error {
	pr, err := custos.Authorize(ctx, custos.ActionCreate, custos.EntityProgram)
	if err != nil {
		return err
	}
	p.ID = 0
	p.Normalize()
	if err := p.Validate(); err != nil {
		return err
	}
	if err := checkWriteLevel(pr, "program", p.Releasability); err != nil {
		return err
	}
	return db.write(ctx, pr, func(tx *Tx) error {
		if err := tx.checkProgramRefs(ctx, p); err != nil {
			return err
		}
		p.CreatedAt = tx.db.now()
		p.UpdatedAt = p.CreatedAt
		src, key := sourceColumns(p.Source)
		id, err := tx.insert(ctx, `INSERT INTO programs (title, country, lead_org_id, authority_id, objective_category, icb_domains, activity_type, start_date, end_date, status, description, source, source_key, releasability, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.Title, p.Country, nullID(p.LeadOrgID), nullID(p.AuthorityID), string(p.ObjectiveCategory), jsonText(p.ICBDomains), string(p.ActivityType),
			p.Start.String(), p.End.String(), string(p.Status), p.Description, src, key, p.Releasability, formatTime(p.CreatedAt), formatTime(p.UpdatedAt))
		if err != nil {
			return err
		}
		p.ID = id
		if err := tx.writeProgramParts(ctx, p); err != nil {
			return err
		}
		if err := tx.audit(ctx, custos.ActionCreate, custos.EntityProgram, p.ID, nil, p); err != nil {
			return err
		}
		return tx.warnAssistance(ctx, p.RecipientIDs)
	})
}

// UpdateProgram replaces a program's record.
func (db *DB) UpdateProgram(ctx context.Context, p *custos.Program) error {
	pr, err := custos.Authorize(ctx, custos.ActionUpdate, custos.EntityProgram)
	if err != nil {
		return err
	}
	p.Normalize()
	if err := p.Validate(); err != nil {
		return err
	}
	if err := checkWriteLevel(pr, "program", p.Releasability); err != nil {
		return err
	}
	return db.write(ctx, pr, func(tx *Tx) error {
		before, err := tx.findProgram(ctx, p.ID)
		if err != nil {
			return err
		}
		if err := tx.checkProgramRefs(ctx, p); err != nil {
			return err
		}
		if err := tx.checkStartAfterEvaluations(ctx, p); err != nil {
			return err
		}
		p.CreatedAt, p.UpdatedAt = before.CreatedAt, tx.db.now()
		src, key := sourceColumns(p.Source)
		if _, err := tx.exec(ctx, `UPDATE programs SET title = ?, country = ?, lead_org_id = ?, authority_id = ?, objective_category = ?, icb_domains = ?, activity_type = ?,
			start_date = ?, end_date = ?, status = ?, description = ?, source = ?, source_key = ?, releasability = ?, updated_at = ? WHERE id = ?`,
			p.Title, p.Country, nullID(p.LeadOrgID), nullID(p.AuthorityID), string(p.ObjectiveCategory), jsonText(p.ICBDomains), string(p.ActivityType),
			p.Start.String(), p.End.String(), string(p.Status), p.Description, src, key, p.Releasability, formatTime(p.UpdatedAt), p.ID); err != nil {
			return err
		}
		if err := tx.writeProgramParts(ctx, p); err != nil {
			return err
		}
		if err := tx.audit(ctx, custos.ActionUpdate, custos.EntityProgram, p.ID, before, p); err != nil {
			return err
		}
		return tx.warnAssistance(ctx, p.RecipientIDs)
	})
}

// DeleteProgram removes a program that has no activities.
func (db *DB) DeleteProgram(ctx context.Context, id int64) error {
	pr, err := custos.Authorize(ctx, custos.ActionDelete, custos.EntityProgram)
	if err != nil {
		return err
	}
	return db.write(ctx, pr, func(tx *Tx) error {
		before, err := tx.findProgram(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.refused(ctx, fmt.Sprintf("program %d", id), id, ref{"activities", "program_id"},
			ref{"results", "program_id"}, ref{"indicators", "program_id"}, ref{"conditions", "program_id"},
			ref{"program_evaluations", "program_id"}, ref{"vetting_nominations", "program_id"}, ref{"consultations", "program_id"}); err != nil {
			return err
		}
		for _, t := range []string{"program_budgets", "program_implementers", "program_recipients"} {
			if _, err := tx.exec(ctx, `DELETE FROM `+t+` WHERE program_id = ?`, id); err != nil {
				return err
			}
		}
		if _, err := tx.exec(ctx, `DELETE FROM programs WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit(ctx, custos.ActionDelete, custos.EntityProgram, id, before, nil)
	})
}
