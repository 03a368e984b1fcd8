package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/custos-ssa/custos"
)

// The incident_trends table holds monthly totals by country, category,
// first-level area, status, releasability and unit. Every write of an
// incident recomputes the totals of the months it touches (a country and
// month holds at most a few thousand incidents), so the table is always
// exactly the incidents table summed; IncidentTrends reads it instead of
// scanning incidents whenever the filter can be answered from months.

// trendMonth is one country and month of incident_trends.
type trendMonth struct{ country, month string }

func monthOf(i *custos.Incident) trendMonth {
	d := i.Date.String()
	if len(d) < 7 {
		return trendMonth{}
	}
	return trendMonth{i.Place.Country, d[:7]}
}

const trendColumns = `country, month, category, admin1, status, releasability, actor_id, n, killed_best, killed_low, killed_high, injured_best, injured_low, injured_high`

const trendSums = `count(*), sum(i.killed_best), sum(i.killed_low), sum(i.killed_high), sum(i.injured_best), sum(i.injured_low), sum(i.injured_high)`

// firstMention joins each incident to each unit it names once, through its
// first mention of the unit, or to nothing when it names none.
const firstMention = `LEFT JOIN incident_perpetrators p ON p.incident_id = i.id AND p.actor_id IS NOT NULL
	AND p.seq = (SELECT min(q.seq) FROM incident_perpetrators q WHERE q.incident_id = p.incident_id AND q.actor_id = p.actor_id)`

// trendRebuild returns the statements that recompute incident_trends for
// the incidents matching cond (a condition on incidents i, "" for all).
func trendRebuild(cond string) []string {
	where, del := "", "DELETE FROM incident_trends"
	if cond != "" {
		where = " WHERE " + cond
		del += " WHERE country = ? AND month = ?"
	}
	// The rows by unit leave admin1 out (''): no trend groups by both,
	// and keeping it would multiply the rows by the number of areas.
	group := ` GROUP BY i.country, substr(i.date, 1, 7), i.category, i.status, i.releasability`
	return []string{
		del,
		`INSERT INTO incident_trends (` + trendColumns + `) SELECT i.country, substr(i.date, 1, 7), i.category, i.admin1, i.status, i.releasability, -1, ` +
			trendSums + ` FROM incidents i` + where + group + `, i.admin1`,
		`INSERT INTO incident_trends (` + trendColumns + `) SELECT i.country, substr(i.date, 1, 7), i.category, '', i.status, i.releasability, COALESCE(p.actor_id, 0), ` +
			trendSums + ` FROM incidents i ` + firstMention + where + group + `, COALESCE(p.actor_id, 0)`,
	}
}

// IncidentTrendsRebuild is the SQL that recomputes every monthly total,
// for loaders that write incidents outside the store (CopyIncidents). It
// has no parameters and no dialect-specific syntax.
func IncidentTrendsRebuild() []string { return trendRebuild("") }

// refreshTrends recomputes the totals of the given months.
func (tx *Tx) refreshTrends(ctx context.Context, months ...trendMonth) error {
	done := map[trendMonth]bool{}
	qs := trendRebuild("i.country = ? AND i.date >= ? AND i.date <= ?")
	for _, m := range months {
		if done[m] || m.country == "" {
			continue
		}
		done[m] = true
		if _, err := tx.exec(ctx, qs[0], m.country, m.month); err != nil {
			return fmt.Errorf("refresh trends: %w", err)
		}
		for _, q := range qs[1:] {
			if _, err := tx.exec(ctx, q, m.country, m.month+"-01", m.month+"-31"); err != nil {
				return fmt.Errorf("refresh trends: %w", err)
			}
		}
	}
	return nil
}

// rebuildTrends recomputes every total.
func (tx *Tx) rebuildTrends(ctx context.Context) error {
	for _, q := range IncidentTrendsRebuild() {
		if _, err := tx.exec(ctx, q); err != nil {
			return fmt.Errorf("rebuild trends: %w", err)
		}
	}
	return nil
}

// RebuildIncidentTrends recomputes every monthly total, for an
// administrator after changing incidents outside the store.
func (db *DB) RebuildIncidentTrends(ctx context.Context) error {
	p, err := custos.Authorize(ctx, custos.ActionUpdate, custos.EntityIncident)
	if err != nil {
		return err
	}
	return db.write(ctx, p, func(tx *Tx) error { return tx.rebuildTrends(ctx) })
}

// totalsQuery returns the query that answers a trend from
// incident_trends, and false when the filter needs the incidents
// themselves: a unit filter (an incident naming two of its units must
// count once) or dates that cut months. The query's columns are those of
// the scan in IncidentTrends.
func (tx *Tx) totalsQuery(f custos.TrendFilter) (string, []any, bool) {
	if f.ActorID != 0 || (!f.From.IsZero() && f.From.Day != 1) || (!f.To.IsZero() && custos.DateOf(f.To.Time().AddDate(0, 0, 1)).Day != 1) {
		return "", nil, false
	}
	w := &where{}
	w.add("releasability <= ?", tx.p.Clearance())
	if f.Country != "" {
		w.add("country = ?", f.Country)
	}
	if f.Category != "" {
		w.add("category = ?", string(f.Category))
	}
	if f.Status != "" {
		w.add("status = ?", string(f.Status))
	}
	if !f.From.IsZero() {
		w.add("month >= ?", f.From.String()[:7])
	}
	if !f.To.IsZero() {
		w.add("month <= ?", f.To.String()[:7])
	}
	key := map[custos.TrendBy]string{"category": "category", "admin1": "admin1", "actor": "actor_id"}[f.By]
	if f.By == "actor" {
		w.add("actor_id >= 0")
	} else {
		w.add("actor_id = -1")
	}
	return `SELECT month, ` + key + `, CAST(sum(n) AS BIGINT), CAST(sum(killed_best) AS BIGINT), CAST(sum(killed_low) AS BIGINT), CAST(sum(killed_high) AS BIGINT),
		CAST(sum(injured_best) AS BIGINT), CAST(sum(injured_low) AS BIGINT), CAST(sum(injured_high) AS BIGINT)
		FROM incident_trends` + w.String() + ` GROUP BY month, ` + key + ` ORDER BY 1, 2`, w.args, true
}

// trendKey is one row of incident_trends.
type trendKey struct {
	trendMonth
	category, admin1, status string
	releasability            custos.Releasability
	actor                    int64
}

// trendSum is the figures of one row of incident_trends.
type trendSum struct {
	n               int64
	killed, injured custos.Estimate
}

// addTrend adds a created incident to the import's totals, as trendRebuild
// would count it: once with its area, and once per unit it names.
func (b *IncidentBulk) addTrend(i *custos.Incident) {
	m := monthOf(i)
	k := trendKey{m, string(i.Category), i.Place.Admin1, string(i.Status), i.Releasability, -1}
	b.sum(k, i)
	k.admin1 = ""
	units := i.ActorIDs()
	if len(units) == 0 {
		units = []int64{0}
	}
	for _, id := range units {
		k.actor = id
		b.sum(k, i)
	}
}

func (b *IncidentBulk) sum(k trendKey, i *custos.Incident) {
	s := b.created[k]
	if s == nil {
		s = &trendSum{}
		b.created[k] = s
	}
	s.n++
	v := i.Victims
	s.killed.Best, s.killed.Low, s.killed.High = s.killed.Best+v.Killed.Best, s.killed.Low+v.Killed.Low, s.killed.High+v.Killed.High
	s.injured.Best, s.injured.Low, s.injured.High = s.injured.Best+v.Injured.Best, s.injured.Low+v.Injured.Low, s.injured.High+v.Injured.High
}

// writeTrends brings incident_trends up to date after an import. A month
// that holds only incidents the import created gets the totals counted in
// Go as they were written, which is far cheaper than a GROUP BY over
// millions of rows; a month that also holds older incidents, or an
// incident the import updated, is recomputed from the incidents.
func (b *IncidentBulk) writeTrends() error {
	recount := map[trendMonth]bool{}
	for m := range b.updated {
		recount[m] = true
	}
	rows, err := b.tx.query(b.ctx, `SELECT DISTINCT country, substr(date, 1, 7) FROM incidents WHERE id < ?`, b.firstID)
	if err != nil {
		return err
	}
	old := map[trendMonth]bool{}
	for rows.Next() {
		var m trendMonth
		if err := rows.Scan(&m.country, &m.month); err != nil {
			rows.Close()
			return err
		}
		old[m] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	fresh := map[trendMonth]bool{}
	for k := range b.created {
		if old[k.trendMonth] {
			recount[k.trendMonth] = true
		} else if !recount[k.trendMonth] {
			fresh[k.trendMonth] = true
		}
	}
	var months []trendMonth
	for m := range recount {
		months = append(months, m)
	}
	if err := b.tx.refreshTrends(b.ctx, months...); err != nil {
		return err
	}
	for m := range fresh {
		if err := b.exec(`DELETE FROM incident_trends WHERE country = ? AND month = ?`, m.country, m.month); err != nil {
			return err
		}
	}
	bt := &batch{table: "incident_trends", cols: strings.Split(strings.ReplaceAll(trendColumns, " ", ""), ",")}
	for k, s := range b.created {
		if !fresh[k.trendMonth] {
			continue
		}
		bt.args = append(bt.args, k.country, k.month, k.category, k.admin1, k.status, k.releasability, k.actor, s.n,
			s.killed.Best, s.killed.Low, s.killed.High, s.injured.Best, s.injured.Low, s.injured.High)
		if bt.rows++; bt.rows == incidentBatchRows {
			if err := b.flushBatch(bt); err != nil {
				return err
			}
		}
	}
	return b.flushBatch(bt)
}
