package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/custos-ssa/custos"
)

// MaxMapPoints bounds the points one map asks for.
const MaxMapPoints = 5000

// IncidentMap returns the figures of the maps of a trend: the incidents of
// f the caller may see by country and, when they lie in one country, by
// first-level area (with the mean of their coordinates) and the maxPoints
// located incidents that killed and injured the most. Coordinates are read
// as stored, coarsened again to the precision the reporter allowed; a
// point with none left is not plotted. Country totals come from the
// monthly totals when the filter allows, as trends do.
func (db *DB) IncidentMap(ctx context.Context, f custos.TrendFilter, maxPoints int) (*custos.IncidentMap, error) {
	p, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityIncident)
	if err != nil {
		return nil, err
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	if maxPoints < 0 || maxPoints > MaxMapPoints {
		return nil, fieldErr("map", "points", fmt.Sprintf("%d is outside 0 to %d", maxPoints, MaxMapPoints))
	}
	m := &custos.IncidentMap{Countries: []custos.MapArea{}}
	err = db.read(ctx, p, func(tx *Tx) error {
		if f.ProgramID != 0 {
			prog, err := tx.findProgram(ctx, f.ProgramID)
			if custos.ErrorKind(err) == custos.ENOTFOUND {
				return fieldErr("trend filter", "program_id", fmt.Sprintf("no program with id %d", f.ProgramID))
			}
			if err != nil {
				return err
			}
			if f.Country != "" && f.Country != prog.Country {
				return fieldErr("trend filter", "country", fmt.Sprintf("is %s but program %d is in %s", f.Country, f.ProgramID, prog.Country))
			}
			f.Country = prog.Country
		}
		base := custos.IncidentFilter{Country: f.Country, ActorID: f.ActorID, Subunits: f.ActorID != 0, Category: f.Category, Status: f.Status, From: f.From, To: f.To}
		q, args := db.mapCountriesQuery(tx, f, base)
		if err := tx.scanAreas(ctx, &m.Countries, false, q, args...); err != nil {
			return err
		}
		if len(m.Countries) != 1 {
			return nil
		}
		base.Country = m.Countries[0].Country
		w := &where{}
		w.add("i.releasability <= ?", p.Clearance())
		db.incidentWhere(w, base)
		if err := tx.scanAreas(ctx, &m.Areas, true, `SELECT i.country, i.admin1, count(*), CAST(sum(i.killed_best) AS BIGINT), CAST(sum(i.injured_best) AS BIGINT),
			count(i.latitude), avg(i.latitude), avg(i.longitude) FROM incidents i`+w.String()+` GROUP BY i.country, i.admin1 ORDER BY 3 DESC, 2`, w.args...); err != nil {
			return err
		}
		for _, a := range m.Areas {
			m.Located += a.Located
		}
		if maxPoints == 0 {
			return nil
		}
		w.add("i.latitude IS NOT NULL AND i.longitude IS NOT NULL")
		rows, err := tx.query(ctx, `SELECT i.id, i.title, i.date, i.category, i.latitude, i.longitude, i.location_precision, i.coarsen_location,
			i.killed_best, i.injured_best FROM incidents i`+w.String()+` ORDER BY i.killed_best + i.injured_best DESC, i.date DESC, i.id LIMIT ?`, append(w.args, maxPoints)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var pt custos.MapPoint
			var date, coarsen string
			if err := rows.Scan(&pt.IncidentID, &pt.Title, &date, &pt.Category, &pt.Latitude, &pt.Longitude, &pt.Precision, &coarsen,
				&pt.Killed, &pt.Injured); err != nil {
				return err
			}
			pt.Date = parseDate(date)
			// Normalize coarsened the place before it was stored; do it
			// again, so that a row written around the store (a bulk load)
			// never shows more than its reporter allowed.
			pl := custos.Place{Latitude: &pt.Latitude, Longitude: &pt.Longitude, Precision: pt.Precision}.Coarsen(custos.LocationPrecision(coarsen))
			if pl.Latitude == nil || pl.Longitude == nil {
				continue
			}
			pt.Latitude, pt.Longitude, pt.Precision = *pl.Latitude, *pl.Longitude, pl.Precision
			m.Points = append(m.Points, pt)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// mapCountriesQuery returns the query of the totals by country: from the
// monthly totals when the filter can be answered from them (no unit, whole
// months), else from the incidents.
func (db *DB) mapCountriesQuery(tx *Tx, f custos.TrendFilter, base custos.IncidentFilter) (string, []any) {
	wholeMonths := (f.From.IsZero() || f.From.Day == 1) && (f.To.IsZero() || custos.DateOf(f.To.Time().AddDate(0, 0, 1)).Day == 1)
	if f.ActorID == 0 && wholeMonths {
		w := &where{}
		w.add("releasability <= ?", tx.p.Clearance())
		w.add("actor_id = -1")
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
		return `SELECT country, '', CAST(sum(n) AS BIGINT), CAST(sum(killed_best) AS BIGINT), CAST(sum(injured_best) AS BIGINT)
			FROM incident_trends` + w.String() + ` GROUP BY country HAVING sum(n) > 0 ORDER BY 3 DESC, 1`, w.args
	}
	w := &where{}
	w.add("i.releasability <= ?", tx.p.Clearance())
	db.incidentWhere(w, base)
	return `SELECT i.country, '', count(*), CAST(sum(i.killed_best) AS BIGINT), CAST(sum(i.injured_best) AS BIGINT)
		FROM incidents i` + w.String() + ` GROUP BY i.country ORDER BY 3 DESC, 1`, w.args
}

// scanAreas reads rows of country, admin1, count, killed and injured, and
// with located also the count located and the mean coordinates.
func (tx *Tx) scanAreas(ctx context.Context, out *[]custos.MapArea, located bool, q string, args ...any) error {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var a custos.MapArea
		dest := []any{&a.Country, &a.Admin1, &a.Incidents, &a.Killed, &a.Injured}
		var lat, lon sql.NullFloat64
		if located {
			dest = append(dest, &a.Located, &lat, &lon)
		}
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		if lat.Valid && lon.Valid {
			a.Latitude, a.Longitude = &lat.Float64, &lon.Float64
		}
		*out = append(*out, a)
	}
	return rows.Err()
}
