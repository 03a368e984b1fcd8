package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/conditions"
)

// This file keeps the incident indexes of the condition engine from one
// sweep to the next: in memory for the life of the process, and in the
// condition_incident_snapshots table for the next process, because
// building them reads every incident while most sweeps follow no change to
// incidents at all.
//
// Both are valid for one generation of the incidents: the latest audited
// change to incidents (every change writes an audit entry in its
// transaction, imports one per file), the highest incident id and the
// number and latest time of the verifications. A change made around the
// store that moves none of these (raw SQL editing a row in place) is not
// seen until the snapshots are deleted.

// incidentGeneration describes the incidents as they are now.
type incidentGeneration struct {
	key          string // the generation, without the clearance
	lastCreated  string // created_at of the newest incident
	lastVerified string // the latest verification
}

func (tx *Tx) incidentGeneration(ctx context.Context) (*incidentGeneration, error) {
	var seq, maxID, nver sql.NullInt64
	var lastCreated, lastVerified sql.NullString
	if err := tx.queryRow(ctx, `SELECT max(seq) FROM audit WHERE entity IN ('incident', 'import')`).Scan(&seq); err != nil {
		return nil, err
	}
	err := tx.queryRow(ctx, `SELECT id, created_at FROM incidents ORDER BY id DESC LIMIT 1`).Scan(&maxID, &lastCreated)
	if err != nil && !isNoRows(err) {
		return nil, err
	}
	if err := tx.queryRow(ctx, `SELECT count(*), max(at) FROM incident_verifications`).Scan(&nver, &lastVerified); err != nil {
		return nil, err
	}
	return &incidentGeneration{
		key:          fmt.Sprintf("%d|%d|%d|%s", seq.Int64, maxID.Int64, nver.Int64, lastVerified.String),
		lastCreated:  lastCreated.String,
		lastVerified: lastVerified.String,
	}, nil
}

// incidentHistory is what an evaluation as of a past date needs to see the
// incidents as they were known then: the end of that day, and the status
// then of every incident verified since.
type incidentHistory struct {
	cutoff string
	status map[int64]custos.VerificationStatus
}

// historyAsOf returns nil when nothing about incidents changed after the
// end of asOf (incident ids grow with their entry, so the newest incident
// is the latest entered), and otherwise the history to read them as of
// then.
func (tx *Tx) historyAsOf(ctx context.Context, g *incidentGeneration, asOf custos.Date) (*incidentHistory, error) {
	cutoff := asOf.String() + "T23:59:59.999999999Z"
	if g.lastCreated <= cutoff && g.lastVerified <= cutoff {
		return nil, nil
	}
	h := &incidentHistory{cutoff: cutoff, status: map[int64]custos.VerificationStatus{}}
	rows, err := tx.query(ctx, `SELECT incident_id, from_status, to_status, at FROM incident_verifications ORDER BY incident_id, seq`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var from, to custos.VerificationStatus
		var at string
		if err := rows.Scan(&id, &from, &to, &at); err != nil {
			return nil, err
		}
		if _, seen := h.status[id]; !seen {
			h.status[id] = from // the status it was entered with
		}
		if at <= cutoff {
			h.status[id] = to
		}
	}
	return h, rows.Err()
}

var incidentCache = struct {
	sync.Mutex
	m map[*DB]*cachedIncidents
}{m: map[*DB]*cachedIncidents{}}

type cachedIncidents struct {
	key       string // clearance, generation and, for a past view, the date
	indexes   map[string]*conditions.IncidentIndex
	clearance custos.Releasability
	gen       string
	unsaved   map[string]bool // countries built here and not yet in the snapshots table
}

// cachedIncidentIndexes returns the incident index of each country as of
// asOf: from memory, else from the snapshots table, else read from the
// incidents. Indexes of a past view (historyAsOf) are kept in memory only.
func (tx *Tx) cachedIncidentIndexes(ctx context.Context, countries []string, asOf custos.Date) (map[string]*conditions.IncidentIndex, error) {
	g, err := tx.incidentGeneration(ctx)
	if err != nil {
		return nil, err
	}
	hist, err := tx.historyAsOf(ctx, g, asOf)
	if err != nil {
		return nil, err
	}
	cl := tx.p.Clearance()
	key := fmt.Sprintf("%d|%s", cl, g.key)
	if hist != nil {
		key += "|as of " + asOf.String()
	}
	out := make(map[string]*conditions.IncidentIndex, len(countries))
	var missing []string
	incidentCache.Lock()
	c := incidentCache.m[tx.db]
	for _, country := range countries {
		if c != nil && c.key == key && c.indexes[country] != nil {
			out[country] = c.indexes[country]
		} else {
			missing = append(missing, country)
		}
	}
	incidentCache.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	stored := map[string]*conditions.IncidentIndex{}
	if hist == nil {
		if stored, err = tx.loadIncidentSnapshots(ctx, missing, cl, g.key); err != nil {
			return nil, err
		}
	}
	var toRead []string
	for _, country := range missing {
		if stored[country] == nil {
			toRead = append(toRead, country)
		}
	}
	read, err := tx.incidentIndexes(ctx, toRead, hist, g.key)
	if err != nil {
		return nil, err
	}
	incidentCache.Lock()
	defer incidentCache.Unlock()
	c = incidentCache.m[tx.db]
	if c == nil || c.key != key {
		c = &cachedIncidents{key: key, clearance: cl, gen: g.key, indexes: map[string]*conditions.IncidentIndex{}, unsaved: map[string]bool{}}
		incidentCache.m[tx.db] = c
	}
	for country, ix := range stored {
		c.indexes[country] = ix
		out[country] = ix
	}
	for country, ix := range read {
		c.indexes[country] = ix
		out[country] = ix
		if hist == nil {
			c.unsaved[country] = true
		}
	}
	return out, nil
}

// loadIncidentSnapshots reads the stored indexes of the countries for the
// clearance and generation. A snapshot that does not read back is left out
// (and logged): its country is read from the incidents again.
func (tx *Tx) loadIncidentSnapshots(ctx context.Context, countries []string, cl custos.Releasability, gen string) (map[string]*conditions.IncidentIndex, error) {
	out := map[string]*conditions.IncidentIndex{}
	for _, country := range countries {
		var data []byte
		err := tx.queryRow(ctx, `SELECT data FROM condition_incident_snapshots WHERE country = ? AND clearance = ? AND generation = ?`, country, cl, gen).Scan(&data)
		if isNoRows(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		ix := new(conditions.IncidentIndex)
		if err := ix.UnmarshalBinary(data); errors.Is(err, conditions.ErrOldIndexForm) {
			// Written by an earlier version: read again, and replaced.
			slog.Info("condition incident snapshot of an earlier form; reading the incidents again", "country", country)
			continue
		} else if err != nil {
			slog.Warn("condition incident snapshot unreadable; reading the incidents again", "country", country, "err", err)
			continue
		}
		out[country] = ix
	}
	return out, nil
}

// saveIncidentSnapshots writes to the snapshots table the indexes this
// process built and has not saved yet, if they are still of the current
// generation. A write transaction that read incidents calls it before it
// commits.
func (tx *Tx) saveIncidentSnapshots(ctx context.Context) error {
	incidentCache.Lock()
	c := incidentCache.m[tx.db]
	var todo map[string]*conditions.IncidentIndex
	var cl custos.Releasability
	var gen string
	if c != nil && len(c.unsaved) > 0 {
		todo, cl, gen = map[string]*conditions.IncidentIndex{}, c.clearance, c.gen
		for country := range c.unsaved {
			todo[country] = c.indexes[country]
		}
	}
	incidentCache.Unlock()
	if len(todo) == 0 {
		return nil
	}
	g, err := tx.incidentGeneration(ctx)
	if err != nil {
		return err
	}
	if g.key != gen {
		return nil // incidents changed since: the indexes are stale
	}
	now := formatTime(tx.db.now())
	for country, ix := range todo {
		data, err := ix.MarshalBinary()
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM condition_incident_snapshots WHERE country = ? AND clearance = ?`, country, cl); err != nil {
			return fmt.Errorf("incident snapshot: %w", err)
		}
		if _, err := tx.exec(ctx, `INSERT INTO condition_incident_snapshots (country, clearance, generation, data, created_at) VALUES (?, ?, ?, ?, ?)`,
			country, cl, gen, data, now); err != nil {
			return fmt.Errorf("incident snapshot: %w", err)
		}
	}
	incidentCache.Lock()
	if c := incidentCache.m[tx.db]; c != nil && c.gen == gen && c.clearance == cl {
		for country := range todo {
			delete(c.unsaved, country)
		}
	}
	incidentCache.Unlock()
	return nil
}
