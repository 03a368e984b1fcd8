package store

import (
	"context"
	"fmt"

	"github.com/custos-ssa/custos"
)

// TransitionIncident moves an incident to a new verification status as the
// caller, recording who, when and why. A move CanTransition does not allow
// is refused and changes nothing. When the incident becomes credible or
// confirmed, every active or planned program and every planned or
// in-progress activity whose recipients or participants include a linked
// perpetrator unit, or a unit under it, gets a warning in the same
// transaction; when it is discounted, its open warnings are cleared.
func (db *DB) TransitionIncident(ctx context.Context, id int64, to custos.VerificationStatus, reason string) (*custos.Incident, error) {
	p, err := custos.Authorize(ctx, custos.ActionUpdate, custos.EntityIncident)
	if err != nil {
		return nil, err
	}
	var out *custos.Incident
	err = db.write(ctx, p, func(tx *Tx) error {
		i, err := tx.findIncident(ctx, id)
		if err != nil {
			return err
		}
		before := *i
		before.Verifications = append([]custos.Verification(nil), i.Verifications...)
		now := db.now()
		if err := i.Transition(to, p, now, reason); err != nil {
			return err
		}
		v := i.Verifications[len(i.Verifications)-1]
		if _, err := tx.exec(ctx, `INSERT INTO incident_verifications (incident_id, seq, from_status, to_status, by_name, user_id, at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			id, len(i.Verifications)-1, string(v.From), string(v.To), v.By, v.UserID, formatTime(v.At), v.Reason); err != nil {
			return err
		}
		i.UpdatedAt = now
		if _, err := tx.exec(ctx, `UPDATE incidents SET status = ?, updated_at = ? WHERE id = ?`, string(to), formatTime(now), id); err != nil {
			return err
		}
		if err := tx.refreshTrends(ctx, monthOf(i)); err != nil {
			return err
		}
		if err := tx.audit(ctx, custos.ActionUpdate, custos.EntityIncident, id, &before, i); err != nil {
			return err
		}
		switch to {
		case custos.StatusCredible, custos.StatusConfirmed:
			if err := tx.raiseWarnings(ctx, i); err != nil {
				return err
			}
		case custos.StatusDiscounted:
			if err := tx.clearWarnings(ctx, i); err != nil {
				return err
			}
		}
		out = i
		return nil
	})
	return out, err
}

// assisted finds the assistance that reaches a unit or the units under it:
// active and planned programs through their recipients, planned and
// in-progress activities through their participating units.
var assisted = []struct {
	entity, query string
}{
	{custos.EntityProgram, `SELECT DISTINCT r.program_id, r.actor_id FROM program_recipients r JOIN programs p ON p.id = r.program_id
		WHERE p.status IN ('active', 'planned') AND r.actor_id IN (` + subtreeQuery + `) ORDER BY r.program_id, r.actor_id`},
	{custos.EntityActivity, `SELECT DISTINCT l.activity_id, l.actor_id FROM activity_actors l JOIN activities a ON a.id = l.activity_id
		WHERE a.status IN ('planned', 'in_progress') AND l.actor_id IN (` + subtreeQuery + `) ORDER BY l.activity_id, l.actor_id`},
}

// raiseWarnings writes a warning, with its audit entry, for each program
// and activity that assists a perpetrator unit of i or a unit under it,
// unless an open warning for the same record, unit and incident exists.
// Every program and activity is searched whatever the caller's clearance:
// a warning must not depend on who made the incident credible.
func (tx *Tx) raiseWarnings(ctx context.Context, i *custos.Incident) error {
	if err := tx.raiseIncidentWarnings(ctx, i); err != nil {
		return err
	}
	return tx.flagApprovals(ctx, i)
}

// ancestorsQuery selects a unit and the units above it.
const ancestorsQuery = `WITH RECURSIVE up(id, parent_id, depth) AS (
		SELECT id, parent_id, 0 FROM actors WHERE id = ?
		UNION ALL
		SELECT a.id, a.parent_id, up.depth + 1 FROM actors a JOIN up ON a.id = up.parent_id WHERE up.depth < 100
	) SELECT id FROM up`

// warnImported raises the warnings that incidents already judged credible
// call for on the programs and activities an import wrote, as
// warnAssistance does for one record: it looks for the units at or under a
// unit that a credible or confirmed incident names, once, and warns the
// assistance of those among units (the units the import's programs and
// activities assist).
func (tx *Tx) warnImported(ctx context.Context, units map[int64]bool) error {
	if len(units) == 0 {
		return nil
	}
	sys := &Tx{tx: tx.tx, db: tx.db, p: custos.System}
	rows, err := sys.query(ctx, `WITH RECURSIVE down(id, depth) AS (
			SELECT DISTINCT p.actor_id, 0 FROM incident_perpetrators p JOIN incidents i ON i.id = p.incident_id
			WHERE i.status IN (?, ?) AND p.actor_id IS NOT NULL
			UNION ALL
			SELECT a.id, down.depth + 1 FROM actors a JOIN down ON a.parent_id = down.id WHERE down.depth < 100
		) SELECT DISTINCT id FROM down ORDER BY id`, string(custos.StatusCredible), string(custos.StatusConfirmed))
	if err != nil {
		return err
	}
	var touched []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		if units[id] {
			touched = append(touched, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	return tx.warnAssistance(ctx, touched)
}

// warnAssistance raises the warnings that incidents already judged
// credible call for on assistance that starts to reach their units: a
// program or an activity created or changed to assist units (a unit named
// as a perpetrator, or a unit under one). Incidents are searched whatever
// the caller's clearance, as when an incident is judged credible; the
// warning names the incident by number, category and date only.
func (tx *Tx) warnAssistance(ctx context.Context, units []int64) error {
	sys := &Tx{tx: tx.tx, db: tx.db, p: custos.System}
	seen := map[int64]bool{}
	for _, u := range units {
		rows, err := sys.query(ctx, `SELECT DISTINCT p.incident_id FROM incident_perpetrators p JOIN incidents i ON i.id = p.incident_id
			WHERE i.status IN (?, ?) AND p.actor_id IN (`+ancestorsQuery+`) ORDER BY p.incident_id`, string(custos.StatusCredible), string(custos.StatusConfirmed), u)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range ids {
			i, err := sys.findIncident(ctx, id)
			if err != nil {
				return err
			}
			// Written, and audited, as the caller's change.
			if err := tx.raiseIncidentWarnings(ctx, i); err != nil {
				return err
			}
		}
	}
	return nil
}

// raiseIncidentWarnings writes the warnings of raiseWarnings, without
// flagging approvals.
func (tx *Tx) raiseIncidentWarnings(ctx context.Context, i *custos.Incident) error {
	now := tx.db.now()
	hits, err := tx.warranted(ctx, i)
	if err != nil {
		return err
	}
	for _, h := range hits {
		var n int
		if err := tx.queryRow(ctx, `SELECT count(*) FROM warnings WHERE entity = ? AND record_id = ? AND actor_id = ? AND incident_id = ? AND cleared_at = ''`,
			h.entity, h.record, h.actor, i.ID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			continue
		}
		w := &custos.Warning{Entity: h.entity, RecordID: h.record, ActorID: h.actor, IncidentID: i.ID, CreatedAt: now,
			Reason: warningReason(i, h.unit, h.actor)}
		if w.ID, err = tx.insert(ctx, `INSERT INTO warnings (entity, record_id, actor_id, incident_id, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			w.Entity, w.RecordID, w.ActorID, w.IncidentID, w.Reason, formatTime(now)); err != nil {
			return err
		}
		if err := tx.audit(ctx, custos.ActionCreate, "warning", w.ID, nil, w); err != nil {
			return err
		}
	}
	return nil
}

// warrant is a warning an incident calls for: the program or activity
// (entity, record) assisting unit actor, at or under perpetrator unit.
type warrant struct {
	entity              string
	record, actor, unit int64
}

// warranted returns the warnings a credible incident calls for, by its
// perpetrator units as recorded now.
func (tx *Tx) warranted(ctx context.Context, i *custos.Incident) ([]warrant, error) {
	var out []warrant
	for _, unit := range i.ActorIDs() {
		for _, a := range assisted {
			rows, err := tx.query(ctx, a.query, unit)
			if err != nil {
				return nil, err
			}
			for rows.Next() {
				w := warrant{entity: a.entity, unit: unit}
				if err := rows.Scan(&w.record, &w.actor); err != nil {
					rows.Close()
					return nil, err
				}
				out = append(out, w)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// withdrawUnwarranted clears, with an audit entry each, the open warnings
// and review flags of a credible incident that its record, as edited, no
// longer calls for: a unit unlinked from it, or a date moved so that a
// person was not a member then. What it still calls for stays open, and
// a flag a vetter resolved keeps its resolution.
func (tx *Tx) withdrawUnwarranted(ctx context.Context, i *custos.Incident) error {
	hits, err := tx.warranted(ctx, i)
	if err != nil {
		return err
	}
	keep := map[warrant]bool{}
	for _, h := range hits {
		h.unit = 0
		keep[h] = true
	}
	rows, err := tx.query(ctx, `SELECT id, entity, record_id, actor_id FROM warnings WHERE incident_id = ? AND cleared_at = '' ORDER BY id`, i.ID)
	if err != nil {
		return err
	}
	var stale []int64
	for rows.Next() {
		var id int64
		var w warrant
		if err := rows.Scan(&id, &w.entity, &w.record, &w.actor); err != nil {
			rows.Close()
			return err
		}
		if !keep[w] {
			stale = append(stale, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	now := formatTime(tx.db.now())
	why := fmt.Sprintf("incident %d no longer names the unit, or a unit above it, as a perpetrator", i.ID)
	for _, id := range stale {
		if _, err := tx.exec(ctx, `UPDATE warnings SET cleared_at = ? WHERE id = ?`, now, id); err != nil {
			return err
		}
		if err := tx.audit(ctx, custos.ActionUpdate, "warning", id, nil, map[string]any{"cleared_at": now, "reason": why}); err != nil {
			return err
		}
	}
	flags, err := tx.approvalsToFlag(ctx, i)
	if err != nil {
		return err
	}
	still := map[int64]bool{}
	for _, r := range flags {
		still[r.DecisionID] = true
	}
	return tx.clearReviewsWhere(ctx, i.ID, func(r *custos.VettingReview) bool { return !still[r.DecisionID] },
		fmt.Sprintf("incident %d, as edited, no longer concerns the subject", i.ID))
}

func warningReason(i *custos.Incident, unit, recipient int64) string {
	who := fmt.Sprintf("unit %d", unit)
	if recipient != unit {
		who = fmt.Sprintf("unit %d (under unit %d)", recipient, unit)
	}
	return fmt.Sprintf("incident %d (%s, %s) is %s and names %s as a perpetrator", i.ID, i.Category, i.Date, i.Status, who)
}

// clearWarnings marks the open warnings of a discounted incident cleared.
func (tx *Tx) clearWarnings(ctx context.Context, i *custos.Incident) error {
	rows, err := tx.query(ctx, `SELECT id FROM warnings WHERE incident_id = ? AND cleared_at = '' ORDER BY id`, i.ID)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	now := formatTime(tx.db.now())
	for _, id := range ids {
		if _, err := tx.exec(ctx, `UPDATE warnings SET cleared_at = ? WHERE id = ?`, now, id); err != nil {
			return err
		}
		if err := tx.audit(ctx, custos.ActionUpdate, "warning", id, nil, map[string]any{"cleared_at": now, "reason": fmt.Sprintf("incident %d was discounted", i.ID)}); err != nil {
			return err
		}
	}
	return tx.clearReviews(ctx, i.ID, fmt.Sprintf("incident %d was discounted", i.ID))
}

// FindWarnings lists warnings, newest first. A caller sees a warning only
// when it may see both the incident and the program or activity it is on.
func (db *DB) FindWarnings(ctx context.Context, f custos.WarningFilter) ([]*custos.Warning, string, error) {
	p, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityIncident)
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
	w.add("EXISTS (SELECT 1 FROM incidents i WHERE i.id = w.incident_id AND i.releasability <= ?)", p.Clearance())
	w.add(`((w.entity = 'program' AND EXISTS (SELECT 1 FROM programs r WHERE r.id = w.record_id AND r.releasability <= ?))
		OR (w.entity = 'activity' AND EXISTS (SELECT 1 FROM activities r WHERE r.id = w.record_id AND r.releasability <= ?)))`, p.Clearance(), p.Clearance())
	switch f.Entity {
	case "":
	case custos.EntityProgram, custos.EntityActivity:
		w.add("w.entity = ?", f.Entity)
	default:
		return nil, "", fieldErr("warning filter", "entity", fmt.Sprintf("must be program or activity, not %q", f.Entity))
	}
	if f.ID != 0 {
		w.add("w.record_id = ?", f.ID)
	}
	if f.ActorID != 0 {
		w.add("w.actor_id = ?", f.ActorID)
	}
	if f.IncidentID != 0 {
		w.add("w.incident_id = ?", f.IncidentID)
	}
	if !f.Cleared {
		w.add("w.cleared_at = ''")
	}
	if after > 0 {
		w.add("w.id < ?", after)
	}
	var list []*custos.Warning
	err = db.read(ctx, p, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT w.id, w.entity, w.record_id, w.actor_id, w.incident_id, w.reason, w.created_at, w.cleared_at FROM warnings w`+
			w.String()+` ORDER BY w.id DESC LIMIT ?`, append(w.args, f.Size()+1)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var x custos.Warning
			var created, cleared string
			if err := rows.Scan(&x.ID, &x.Entity, &x.RecordID, &x.ActorID, &x.IncidentID, &x.Reason, &created, &cleared); err != nil {
				return err
			}
			x.CreatedAt, x.ClearedAt = parseTime(created), parseTime(cleared)
			list = append(list, &x)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, "", err
	}
	return pageOf(list, f.Size(), func(w *custos.Warning) int64 { return w.ID })
}

// CredibleIncidents returns the credible and confirmed incidents the caller
// may see that name the unit, or a unit under it, as a linked perpetrator,
// oldest first. Vetting calls it for each unit it screens; warnings.actor_id
// answers the same question for the assistance already planned.
func (db *DB) CredibleIncidents(ctx context.Context, actorID int64) ([]*custos.Incident, error) {
	p, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityIncident)
	if err != nil {
		return nil, err
	}
	var list []*custos.Incident
	err = db.read(ctx, p, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT `+incidentColumns+` FROM incidents i WHERE i.releasability <= ? AND i.status IN ('credible', 'confirmed')
			AND i.id IN (SELECT incident_id FROM incident_perpetrators WHERE actor_id IN (`+subtreeQuery+`)) ORDER BY i.date, i.id`, p.Clearance(), actorID)
		if err != nil {
			return err
		}
		for rows.Next() {
			i, err := scanIncident(rows)
			if err != nil {
				rows.Close()
				return err
			}
			list = append(list, i)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		return tx.fillIncidents(ctx, list)
	})
	return list, err
}
