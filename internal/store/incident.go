package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/atlas"
)

const incidentColumns = `id, title, description, category, date, date_end, date_precision, country, admin1, admin2, admin3, location,
	latitude, longitude, location_precision, coarsen_location, killed_best, killed_low, killed_high, injured_best, injured_low, injured_high,
	women, children, status, source, releasability, created_at, updated_at`

func scanIncident(sc interface{ Scan(...any) error }) (*custos.Incident, error) {
	var i custos.Incident
	var date, dateEnd, source, created, updated string
	var lat, lon sql.NullFloat64
	var women, children sql.NullInt64
	p := &i.Place
	if err := sc.Scan(&i.ID, &i.Title, &i.Description, &i.Category, &date, &dateEnd, &i.DatePrecision, &p.Country, &p.Admin1, &p.Admin2, &p.Admin3, &p.Location,
		&lat, &lon, &p.Precision, &i.CoarsenLocation, &i.Victims.Killed.Best, &i.Victims.Killed.Low, &i.Victims.Killed.High,
		&i.Victims.Injured.Best, &i.Victims.Injured.Low, &i.Victims.Injured.High, &women, &children, &i.Status, &source, &i.Releasability, &created, &updated); err != nil {
		return nil, err
	}
	i.Date, i.DateEnd = parseDate(date), parseDate(dateEnd)
	if lat.Valid && lon.Valid {
		p.Latitude, p.Longitude = &lat.Float64, &lon.Float64
	}
	if women.Valid {
		n := int(women.Int64)
		i.Victims.Women = &n
	}
	if children.Valid {
		n := int(children.Int64)
		i.Victims.Children = &n
	}
	var err error
	if i.Source, err = parseSource(source); err != nil {
		return nil, fmt.Errorf("incident %d source: %w", i.ID, err)
	}
	i.CreatedAt, i.UpdatedAt = parseTime(created), parseTime(updated)
	return &i, nil
}

// incidentValues returns the column values of an incident after id, in the
// order of incidentColumns, without created_at and updated_at.
func incidentValues(i *custos.Incident) []any {
	p := i.Place
	var lat, lon sql.NullFloat64
	if p.Latitude != nil && p.Longitude != nil {
		lat, lon = sql.NullFloat64{Float64: *p.Latitude, Valid: true}, sql.NullFloat64{Float64: *p.Longitude, Valid: true}
	}
	src, key := sourceColumns(i.Source)
	return []any{i.Title, i.Description, string(i.Category), i.Date.String(), i.DateEnd.String(), string(i.DatePrecision),
		p.Country, p.Admin1, p.Admin2, p.Admin3, p.Location, lat, lon, string(p.Precision), string(i.CoarsenLocation),
		i.Victims.Killed.Best, i.Victims.Killed.Low, i.Victims.Killed.High, i.Victims.Injured.Best, i.Victims.Injured.Low, i.Victims.Injured.High,
		nullCount(i.Victims.Women), nullCount(i.Victims.Children), string(i.Status), src, key, i.Releasability}
}

func nullCount(n *int) sql.NullInt64 {
	if n == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: int64(*n), Valid: true}
}

// fillIncidents loads the perpetrators, sources and verification history of
// a page of incidents, one query per part for the whole page. Sources above
// the caller's clearance are dropped, and so are perpetrators linked to an
// actor or person the caller may not see: an incident can be internal while
// a source that reported it is protected.
func (tx *Tx) fillIncidents(ctx context.Context, list []*custos.Incident) error {
	if len(list) == 0 {
		return nil
	}
	byID := make(map[int64]*custos.Incident, len(list))
	ids := make([]int64, len(list))
	for k, i := range list {
		ids[k], byID[i.ID] = i.ID, i
		i.Perpetrators, i.Sources, i.Verifications = nil, nil, nil
	}
	in, args := inList(ids)
	clr := tx.p.Clearance()
	rows, err := tx.query(ctx, `SELECT p.incident_id, p.actor_id, p.person_id, p.name, p.suggested_actor_id, p.suggestion_score, p.role
		FROM incident_perpetrators p
		LEFT JOIN actors a ON a.id = p.actor_id LEFT JOIN persons s ON s.id = p.person_id
		WHERE p.incident_id IN `+in+` AND (a.id IS NULL OR a.releasability <= ?) AND (s.id IS NULL OR s.releasability <= ?)
		ORDER BY p.incident_id, p.seq`, append(args, clr, clr)...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var actor, person, suggested nullInt
		var pp custos.Perpetrator
		if err := rows.Scan(&id, &actor, &person, &pp.Name, &suggested, &pp.SuggestionScore, &pp.Role); err != nil {
			rows.Close()
			return err
		}
		pp.ActorID, pp.PersonID, pp.SuggestedActorID = actor.v, person.v, suggested.v
		byID[id].Perpetrators = append(byID[id].Perpetrators, pp)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = tx.query(ctx, `SELECT incident_id, type, name, date, url, reference, reliability, credibility, releasability
		FROM incident_sources WHERE incident_id IN `+in+` AND releasability <= ? ORDER BY incident_id, seq`, append(args, clr)...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var s custos.IncidentSource
		var date string
		if err := rows.Scan(&id, &s.Type, &s.Name, &date, &s.URL, &s.Reference, &s.Reliability, &s.Credibility, &s.Releasability); err != nil {
			rows.Close()
			return err
		}
		s.Date = parseDate(date)
		byID[id].Sources = append(byID[id].Sources, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = tx.query(ctx, `SELECT incident_id, from_status, to_status, by_name, user_id, at, reason
		FROM incident_verifications WHERE incident_id IN `+in+` ORDER BY incident_id, seq`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var v custos.Verification
		var at string
		if err := rows.Scan(&id, &v.From, &v.To, &v.By, &v.UserID, &at, &v.Reason); err != nil {
			return err
		}
		v.At = parseTime(at)
		byID[id].Verifications = append(byID[id].Verifications, v)
	}
	return rows.Err()
}

func (tx *Tx) findIncident(ctx context.Context, id int64) (*custos.Incident, error) {
	i, err := scanIncident(tx.queryRow(ctx, `SELECT `+incidentColumns+` FROM incidents WHERE id = ? AND releasability <= ?`, id, tx.p.Clearance()))
	if isNoRows(err) {
		return nil, notFound("incident", id)
	}
	if err != nil {
		return nil, err
	}
	return i, tx.fillIncidents(ctx, []*custos.Incident{i})
}

// incidentWhere turns a filter into conditions on incidents (aliased i).
func (db *DB) incidentWhere(w *where, f custos.IncidentFilter) {
	if f.Country != "" {
		w.add("i.country = ?", f.Country)
	}
	if f.Admin1 != "" {
		w.add("i.admin1 = ?", f.Admin1)
	}
	if f.NoAdmin1 {
		w.add("i.admin1 = ''")
	}
	if f.Category != "" {
		w.add("i.category = ?", string(f.Category))
	}
	if f.Status != "" {
		w.add("i.status = ?", string(f.Status))
	}
	if f.ActorID != 0 && f.Subunits {
		w.add("i.id IN (SELECT incident_id FROM incident_perpetrators WHERE actor_id IN ("+subtreeQuery+"))", f.ActorID)
	} else if f.ActorID != 0 {
		w.add("i.id IN (SELECT incident_id FROM incident_perpetrators WHERE actor_id = ?)", f.ActorID)
	}
	if f.Unattributed {
		w.add("NOT EXISTS (SELECT 1 FROM incident_perpetrators WHERE incident_id = i.id AND actor_id IS NOT NULL)")
	}
	if f.PersonID != 0 {
		w.add("i.id IN (SELECT incident_id FROM incident_perpetrators WHERE person_id = ?)", f.PersonID)
	}
	if !f.From.IsZero() {
		w.add("i.date >= ?", f.From.String())
	}
	if !f.To.IsZero() {
		w.add("i.date <= ?", f.To.String())
	}
	if f.Dataset != "" && f.SourceKey != "" {
		w.add("i.source_key = ?", f.Dataset+":"+f.SourceKey)
	} else if f.Dataset != "" {
		w.add("i.source_key >= ? AND i.source_key < ?", f.Dataset+":", f.Dataset+";")
	}
	if f.Q != "" {
		pat := likePattern(f.Q)
		w.add("(i.title "+db.dialect.ILike+" ? ESCAPE '\\' OR i.description "+db.dialect.ILike+" ? ESCAPE '\\')", pat, pat)
	}
}

// subtreeQuery selects the ids of a unit and every unit under it; its one
// parameter is the unit's id. The depth bound stops a cycle left by bad
// data from running forever.
const subtreeQuery = `WITH RECURSIVE down(id, depth) AS (
		SELECT id, 0 FROM actors WHERE id = ?
		UNION ALL
		SELECT a.id, down.depth + 1 FROM actors a JOIN down ON a.parent_id = down.id WHERE down.depth < 100
	) SELECT id FROM down`

// FindIncidents lists incidents by id.
func (db *DB) FindIncidents(ctx context.Context, f custos.IncidentFilter) ([]*custos.Incident, string, error) {
	p, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityIncident)
	if err != nil {
		return nil, "", err
	}
	if err := f.Validate(); err != nil {
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
	w.add("i.releasability <= ?", p.Clearance())
	db.incidentWhere(w, f)
	if after > 0 {
		w.add("i.id > ?", after)
	}
	var list []*custos.Incident
	err = db.read(ctx, p, func(tx *Tx) error {
		got, err := queryAll(ctx, tx, scanIncident, `SELECT `+incidentColumns+` FROM incidents i`+w.String()+` ORDER BY i.id LIMIT ?`, append(w.args, f.Size()+1)...)
		if err != nil {
			return err
		}
		list = append(list, got...)
		return tx.fillIncidents(ctx, list)
	})
	if err != nil {
		return nil, "", err
	}
	return pageOf(list, f.Size(), func(i *custos.Incident) int64 { return i.ID })
}

// FindIncident returns one incident with the sources the caller may see.
func (db *DB) FindIncident(ctx context.Context, id int64) (*custos.Incident, error) {
	p, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityIncident)
	if err != nil {
		return nil, err
	}
	var i *custos.Incident
	err = db.read(ctx, p, func(tx *Tx) (err error) {
		i, err = tx.findIncident(ctx, id)
		return err
	})
	return i, err
}

// countryBounds judges whether an incident's coordinates lie in its country:
// the Natural Earth shapes of the atlas, with their tolerance.
var countryBounds custos.CountryBounds = atlas.CountryBounds()

// prepareIncident normalizes and validates an incident for writing, checks
// that its coordinates lie in its country, and checks the caller may write
// at its level and at each source's level.
func (db *DB) prepareIncident(p custos.Principal, i *custos.Incident) error {
	given := custos.Incident{Place: i.Place}
	i.Normalize()
	if err := i.ValidateAt(db.now()); err != nil {
		return err
	}
	// The coordinates are checked as given, before Normalize coarsens them
	// (a reporter may ask for them to be dropped), so that whoever typed
	// them wrong hears of it.
	if err := given.CheckBounds(countryBounds); err != nil {
		return err
	}
	if err := checkWriteLevel(p, "incident", i.Releasability); err != nil {
		return err
	}
	for k, s := range i.Sources {
		if s.Releasability > p.Clearance() {
			return &custos.Error{Kind: custos.EFORBIDDEN, Message: fmt.Sprintf("the %s role may not write %s sources", p.Role, s.Releasability),
				Fields: map[string]string{fmt.Sprintf("sources[%d].releasability", k): fmt.Sprintf("is above your clearance (%s)", p.Clearance())}}
		}
	}
	return nil
}

// checkIncidentRefs checks the country, the linked actors and persons and
// the source key.
func (tx *Tx) checkIncidentRefs(ctx context.Context, i *custos.Incident) error {
	if err := tx.checkCountry(ctx, "incident", "place.country", i.Place.Country); err != nil {
		return err
	}
	for k, pp := range i.Perpetrators {
		field := fmt.Sprintf("perpetrators[%d]", k)
		if err := tx.checkVisible(ctx, "incident", field+".actor_id", "actors", pp.ActorID); err != nil {
			return err
		}
		if err := tx.checkVisible(ctx, "incident", field+".person_id", "persons", pp.PersonID); err != nil {
			return err
		}
	}
	return tx.checkSourceKey(ctx, "incidents", "incident", i.ID, i.Source)
}

// writeIncidentParts replaces an incident's perpetrators and sources.
func (tx *Tx) writeIncidentParts(ctx context.Context, i *custos.Incident) error {
	for _, t := range []string{"incident_perpetrators", "incident_sources"} {
		if _, err := tx.exec(ctx, `DELETE FROM `+t+` WHERE incident_id = ?`, i.ID); err != nil {
			return err
		}
	}
	for k, pp := range i.Perpetrators {
		if _, err := tx.exec(ctx, `INSERT INTO incident_perpetrators (incident_id, seq, actor_id, person_id, name, suggested_actor_id, suggestion_score, role) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			i.ID, k, nullID(pp.ActorID), nullID(pp.PersonID), pp.Name, nullID(pp.SuggestedActorID), pp.SuggestionScore, string(pp.Role)); err != nil {
			return err
		}
	}
	for k, s := range i.Sources {
		if _, err := tx.exec(ctx, `INSERT INTO incident_sources (incident_id, seq, type, name, date, url, reference, reliability, credibility, releasability) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			i.ID, k, string(s.Type), s.Name, s.Date.String(), s.URL, s.Reference, s.Reliability, s.Credibility, s.Releasability); err != nil {
			return err
		}
	}
	return nil
}

// CreateIncident records a new incident as reported. Its status moves only
// through TransitionIncident, so that every step is recorded.
func (db *DB) CreateIncident(ctx context.Context, i *custos.Incident) error {
	p, err := custos.Authorize(ctx, custos.ActionCreate, custos.EntityIncident)
	if err != nil {
		return err
	}
	return db.write(ctx, p, func(tx *Tx) error { return tx.createIncident(ctx, i) })
}

func (tx *Tx) createIncident(ctx context.Context, i *custos.Incident) error {
	i.ID = 0
	i.Status, i.Verifications = custos.StatusReported, nil
	if err := tx.db.prepareIncident(tx.p, i); err != nil {
		return err
	}
	if err := tx.checkIncidentRefs(ctx, i); err != nil {
		return err
	}
	i.CreatedAt = tx.db.now()
	i.UpdatedAt = i.CreatedAt
	id, err := tx.insert(ctx, `INSERT INTO incidents (title, description, category, date, date_end, date_precision, country, admin1, admin2, admin3, location,
		latitude, longitude, location_precision, coarsen_location, killed_best, killed_low, killed_high, injured_best, injured_low, injured_high,
		women, children, status, source, source_key, releasability, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		append(incidentValues(i), formatTime(i.CreatedAt), formatTime(i.UpdatedAt))...)
	if err != nil {
		return err
	}
	i.ID = id
	if err := tx.writeIncidentParts(ctx, i); err != nil {
		return err
	}
	if err := tx.refreshTrends(ctx, monthOf(i)); err != nil {
		return err
	}
	return tx.audit(ctx, custos.ActionCreate, custos.EntityIncident, i.ID, nil, i)
}

// UpdateIncident replaces an incident's record. Its status and
// verification history are kept as stored: only TransitionIncident changes
// them. (The API and the command line, which send the whole record back,
// refuse a status that differs from the stored one before calling this.)
// Only analysts and administrators write incidents and both may read every
// source, so a writer always sends back every source there is.
func (db *DB) UpdateIncident(ctx context.Context, i *custos.Incident) error {
	p, err := custos.Authorize(ctx, custos.ActionUpdate, custos.EntityIncident)
	if err != nil {
		return err
	}
	return db.write(ctx, p, func(tx *Tx) error {
		before, err := tx.findIncident(ctx, i.ID)
		if err != nil {
			return err
		}
		i.Status, i.Verifications = before.Status, before.Verifications
		if err := db.prepareIncident(p, i); err != nil {
			return err
		}
		if err := tx.checkIncidentRefs(ctx, i); err != nil {
			return err
		}
		i.CreatedAt, i.UpdatedAt = before.CreatedAt, db.now()
		if _, err := tx.exec(ctx, `UPDATE incidents SET title = ?, description = ?, category = ?, date = ?, date_end = ?, date_precision = ?, country = ?,
			admin1 = ?, admin2 = ?, admin3 = ?, location = ?, latitude = ?, longitude = ?, location_precision = ?, coarsen_location = ?,
			killed_best = ?, killed_low = ?, killed_high = ?, injured_best = ?, injured_low = ?, injured_high = ?, women = ?, children = ?,
			status = ?, source = ?, source_key = ?, releasability = ?, updated_at = ? WHERE id = ?`,
			append(incidentValues(i), formatTime(i.UpdatedAt), i.ID)...); err != nil {
			return err
		}
		if err := tx.writeIncidentParts(ctx, i); err != nil {
			return err
		}
		if err := tx.refreshTrends(ctx, monthOf(before), monthOf(i)); err != nil {
			return err
		}
		if err := tx.audit(ctx, custos.ActionUpdate, custos.EntityIncident, i.ID, before, i); err != nil {
			return err
		}
		// A unit or person linked to an incident already credible is warned
		// and flagged as if the incident had just become credible; what was
		// raised before is not raised again, and what the edit no longer
		// supports (a unit unlinked, a date moved) is withdrawn.
		if i.Status == custos.StatusCredible || i.Status == custos.StatusConfirmed {
			if err := tx.withdrawUnwarranted(ctx, i); err != nil {
				return err
			}
			return tx.raiseWarnings(ctx, i)
		}
		return nil
	})
}

// DeleteIncident removes an incident with its parts, warnings and
// reporter. The audit trail keeps the record as it was.
func (db *DB) DeleteIncident(ctx context.Context, id int64) error {
	p, err := custos.Authorize(ctx, custos.ActionDelete, custos.EntityIncident)
	if err != nil {
		return err
	}
	return db.write(ctx, p, func(tx *Tx) error {
		before, err := tx.findIncident(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.clearReviews(ctx, id, fmt.Sprintf("incident %d was deleted", id)); err != nil {
			return err
		}
		for _, t := range []string{"incident_perpetrators", "incident_sources", "incident_verifications", "warnings", "incident_reporters", "incident_rejected_suggestions"} {
			if _, err := tx.exec(ctx, `DELETE FROM `+t+` WHERE incident_id = ?`, id); err != nil {
				return err
			}
		}
		if _, err := tx.exec(ctx, `DELETE FROM incidents WHERE id = ?`, id); err != nil {
			return err
		}
		if err := tx.refreshTrends(ctx, monthOf(before)); err != nil {
			return err
		}
		return tx.audit(ctx, custos.ActionDelete, custos.EntityIncident, id, before, nil)
	})
}
