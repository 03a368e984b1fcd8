package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/custos-ssa/custos"
)

// MaxMapPoints bounds the points one map asks for.
const MaxMapPoints = 5000

// MaxMapScan bounds the incidents of one country that a map reads one by
// one, for the areas' mean coordinates and the largest points: past it a
// point map would be unreadable and slow, so the map shows area totals
// until the filter narrows (a year, a category).
var MaxMapScan = 10_000

// IncidentMap returns the figures of the maps of a trend: the incidents of
// f the caller may see by country and, when they lie in one country (and
// are at most MaxMapScan), by first-level area (with the mean of their
// coordinates) and the maxPoints located incidents that killed and injured
// the most (see mapScan). Country totals come from the monthly totals when
// the filter allows, as trends do.
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
		if m.Countries[0].Incidents > MaxMapScan {
			m.Narrow = true
			f.Country = base.Country
			if q, args, ok := db.mapAreasFromTotals(tx, f); ok {
				return tx.scanAreas(ctx, &m.Areas, false, q, args...)
			}
			return nil
		}
		return tx.mapScan(ctx, m, base, maxPoints)
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

// mapAreasFromTotals returns the query of the totals by first-level area
// of one country from the monthly totals, when the filter allows.
func (db *DB) mapAreasFromTotals(tx *Tx, f custos.TrendFilter) (string, []any, bool) {
	wholeMonths := (f.From.IsZero() || f.From.Day == 1) && (f.To.IsZero() || custos.DateOf(f.To.Time().AddDate(0, 0, 1)).Day == 1)
	if f.ActorID != 0 || !wholeMonths {
		return "", nil, false
	}
	w := &where{}
	w.add("releasability <= ?", tx.p.Clearance())
	w.add("actor_id = -1")
	w.add("country = ?", f.Country)
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
	return `SELECT country, admin1, CAST(sum(n) AS BIGINT), CAST(sum(killed_best) AS BIGINT), CAST(sum(injured_best) AS BIGINT)
		FROM incident_trends` + w.String() + ` GROUP BY country, admin1 HAVING sum(n) > 0 ORDER BY 3 DESC, 2`, w.args, true
}

// mapScan reads the incidents of base (one country) once: it sums them by
// first-level area with the mean of their coordinates, and keeps the
// maxPoints located incidents that killed and injured the most, whose
// titles it then reads by id. Coordinates are coarsened again to the
// precision the reporter allowed: Normalize did so before they were
// stored, but a row written around the store (a bulk load) must never show
// more; a point with none left is not located.
func (tx *Tx) mapScan(ctx context.Context, m *custos.IncidentMap, base custos.IncidentFilter, maxPoints int) error {
	w := &where{}
	w.add("i.releasability <= ?", tx.p.Clearance())
	tx.db.incidentWhere(w, base)
	rows, err := tx.query(ctx, `SELECT i.id, i.admin1, i.latitude, i.longitude, i.location_precision, i.coarsen_location, i.killed_best, i.injured_best
		FROM incidents i`+w.String(), w.args...)
	if err != nil {
		return err
	}
	type area struct {
		custos.MapArea
		lat, lon float64
	}
	areas := map[string]*area{}
	var located []custos.MapPoint
	for rows.Next() {
		var pt custos.MapPoint
		var admin1, coarsen string
		var lat, lon sql.NullFloat64
		if err := rows.Scan(&pt.IncidentID, &admin1, &lat, &lon, &pt.Precision, &coarsen, &pt.Killed, &pt.Injured); err != nil {
			rows.Close()
			return err
		}
		a := areas[admin1]
		if a == nil {
			a = &area{MapArea: custos.MapArea{Country: base.Country, Admin1: admin1}}
			areas[admin1] = a
		}
		a.Incidents, a.Killed, a.Injured = a.Incidents+1, a.Killed+pt.Killed, a.Injured+pt.Injured
		if !lat.Valid || !lon.Valid {
			continue
		}
		// Coarsen judges by the coordinates, not by the stored precision
		// label, which the submitter chose: a row labelled "admin1" or
		// "near" with exact coordinates and coarsen_location "admin2" is
		// not located, and one coarsened to "near" shows rounded
		// coordinates whatever its label says.
		pl := custos.Place{Latitude: &lat.Float64, Longitude: &lon.Float64, Precision: pt.Precision}.Coarsen(custos.LocationPrecision(coarsen))
		if pl.Latitude == nil || pl.Longitude == nil {
			continue
		}
		pt.Latitude, pt.Longitude, pt.Precision = *pl.Latitude, *pl.Longitude, pl.Precision
		a.Located, a.lat, a.lon = a.Located+1, a.lat+pt.Latitude, a.lon+pt.Longitude
		located = append(located, pt)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, a := range areas {
		if a.Located > 0 {
			lat, lon := a.lat/float64(a.Located), a.lon/float64(a.Located)
			a.Latitude, a.Longitude = &lat, &lon
		}
		m.Areas = append(m.Areas, a.MapArea)
		m.Located += a.Located
	}
	slices.SortFunc(m.Areas, func(a, b custos.MapArea) int {
		return cmp.Or(cmp.Compare(b.Incidents, a.Incidents), cmp.Compare(a.Admin1, b.Admin1))
	})
	slices.SortFunc(located, func(a, b custos.MapPoint) int {
		return cmp.Or(cmp.Compare(b.Killed+b.Injured, a.Killed+a.Injured), cmp.Compare(a.IncidentID, b.IncidentID))
	})
	if len(located) > maxPoints {
		located = located[:maxPoints]
	}
	if len(located) == 0 {
		return nil
	}
	byID := make(map[int64]*custos.MapPoint, len(located))
	ids := make([]int64, len(located))
	for k := range located {
		ids[k], byID[located[k].IncidentID] = located[k].IncidentID, &located[k]
	}
	in, args := inList(ids)
	rows, err = tx.query(ctx, `SELECT id, title, date, category FROM incidents WHERE id IN `+in, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var title, date string
		var category custos.IncidentCategory
		if err := rows.Scan(&id, &title, &date, &category); err != nil {
			return err
		}
		p := byID[id]
		p.Title, p.Date, p.Category = title, parseDate(date), category
	}
	m.Points = located
	return rows.Err()
}
