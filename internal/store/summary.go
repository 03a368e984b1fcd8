package store

import (
	"context"

	"github.com/custos-ssa/custos"
)

// ProgramTotals sums the visible activities of each visible program,
// ordered by fiscal year, authority and program.
func (db *DB) ProgramTotals(ctx context.Context, f custos.TotalsFilter) ([]custos.ProgramTotal, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityProgram)
	if err != nil {
		return nil, err
	}
	w := &where{}
	w.add("p.releasability <= ?", pr.Clearance())
	if f.Country != "" {
		w.add("p.country = ?", f.Country)
	}
	if f.AuthorityID != 0 {
		w.add("p.authority_id = ?", f.AuthorityID)
	}
	if f.FiscalYear != 0 {
		w.add("p.id IN (SELECT program_id FROM program_budgets WHERE fiscal_year = ?)", f.FiscalYear)
	}
	q := `SELECT p.id, p.title, p.country, COALESCE(p.authority_id, 0), COALESCE(au.code, ''),
			COALESCE((SELECT min(fiscal_year) FROM program_budgets b WHERE b.program_id = p.id), 0), p.start_date,
			count(a.id), COALESCE(sum(a.quantity), 0), COALESCE(sum(a.cost_usd), 0)
		FROM programs p
		LEFT JOIN authorities au ON au.id = p.authority_id AND au.releasability <= ?
		LEFT JOIN activities a ON a.program_id = p.id AND a.releasability <= ?` + w.String() + `
		GROUP BY p.id, p.title, p.country, p.authority_id, au.code, p.start_date
		ORDER BY 6, 5, p.id`
	args := append([]any{pr.Clearance(), pr.Clearance()}, w.args...)
	var out []custos.ProgramTotal
	err = db.read(ctx, pr, func(tx *Tx) error {
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var t custos.ProgramTotal
			var start string
			if err := rows.Scan(&t.ProgramID, &t.Title, &t.Country, &t.AuthorityID, &t.AuthorityCode, &t.FiscalYear, &start,
				&t.Activities, &t.Quantity, &t.CostUSD); err != nil {
				return err
			}
			if t.FiscalYear == 0 && start != "" {
				t.FiscalYear = parseDate(start).FiscalYear()
			}
			out = append(out, t)
		}
		return rows.Err()
	})
	return out, err
}

// RecipientTotals sums, for each visible actor of a country, the visible
// activities it took part in, largest cost first.
func (db *DB) RecipientTotals(ctx context.Context, f custos.TotalsFilter) ([]custos.RecipientTotal, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityActor)
	if err != nil {
		return nil, err
	}
	limit := f.Limit
	if limit <= 0 || limit > custos.MaxLimit {
		limit = custos.DefaultLimit
	}
	w := &where{}
	w.add("t.releasability <= ?", pr.Clearance())
	w.add("a.releasability <= ?", pr.Clearance())
	if f.Country != "" {
		w.add("t.country = ?", f.Country)
	}
	if f.AuthorityID != 0 {
		w.add("a.program_id IN (SELECT id FROM programs WHERE authority_id = ?)", f.AuthorityID)
	}
	if f.FiscalYear != 0 {
		w.add("a.program_id IN (SELECT program_id FROM program_budgets WHERE fiscal_year = ?)", f.FiscalYear)
	}
	q := `SELECT t.id, t.name, count(a.id), COALESCE(sum(a.quantity), 0), COALESCE(sum(a.cost_usd), 0)
		FROM activity_actors aa JOIN actors t ON t.id = aa.actor_id JOIN activities a ON a.id = aa.activity_id` + w.String() + `
		GROUP BY t.id, t.name ORDER BY 5 DESC, 3 DESC, t.id LIMIT ?`
	var out []custos.RecipientTotal
	err = db.read(ctx, pr, func(tx *Tx) error {
		rows, err := tx.query(ctx, q, append(w.args, limit)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var t custos.RecipientTotal
			if err := rows.Scan(&t.ActorID, &t.Name, &t.Activities, &t.Quantity, &t.CostUSD); err != nil {
				return err
			}
			out = append(out, t)
		}
		return rows.Err()
	})
	return out, err
}
