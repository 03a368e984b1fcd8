package store

import (
	"context"
	"fmt"
	"sync"
	"time"

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

// totalsCache keeps recipient sums, which read every participation link of
// a country, for as long as nothing is written. A sum is cached per filter
// and clearance, valid only in the write generation it was made in (any
// commit by this process ends it) and for at most totalsTTL (another process
// on the same PostgreSQL database may have written meanwhile).
type totalsCache struct {
	mu sync.Mutex
	m  map[string]cachedTotals
}

type cachedTotals struct {
	gen  uint64
	at   time.Time
	rows []custos.RecipientTotal
}

const totalsTTL = 30 * time.Second

func (c *totalsCache) get(key string, gen uint64, now time.Time) ([]custos.RecipientTotal, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok || e.gen != gen || now.Sub(e.at) > totalsTTL {
		return nil, false
	}
	return append([]custos.RecipientTotal(nil), e.rows...), true
}

func (c *totalsCache) put(key string, gen uint64, now time.Time, rows []custos.RecipientTotal) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) > 1000 {
		c.m = map[string]cachedTotals{}
	}
	c.m[key] = cachedTotals{gen: gen, at: now, rows: append([]custos.RecipientTotal(nil), rows...)}
}

// RecipientTotals sums, for each visible actor of a country, the visible
// activities it took part in, largest cost first.
func (db *DB) RecipientTotals(ctx context.Context, f custos.TotalsFilter) ([]custos.RecipientTotal, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityActor)
	if err != nil {
		return nil, err
	}
	key := fmt.Sprintf("%d|%s|%d|%d|%d", pr.Clearance(), f.Country, f.AuthorityID, f.FiscalYear, f.Limit)
	gen, now := db.gen.Load(), time.Now()
	if rows, ok := db.totals.get(key, gen, now); ok {
		return rows, nil
	}
	out, err := db.recipientTotals(ctx, pr, f)
	if err == nil {
		db.totals.put(key, gen, now, out)
	}
	return out, err
}

func (db *DB) recipientTotals(ctx context.Context, pr custos.Principal, f custos.TotalsFilter) ([]custos.RecipientTotal, error) {
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
	err := db.read(ctx, pr, func(tx *Tx) error {
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
