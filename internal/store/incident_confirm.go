package store

import (
	"context"
	"fmt"

	"github.com/custos-ssa/custos"
)

// ConfirmPerpetrator links perpetrator k of an incident to the unit the
// importer suggested for it. Only a perpetrator still unlinked, with a
// suggestion, can be confirmed, and only to a unit the caller may see. The
// suggestion and its score stay beside the link, so that the record shows
// what the matcher proposed; the audit trail shows who confirmed it. When
// the incident is credible or confirmed, the programs and activities that
// assist the unit, or a unit under it, get their warnings in the same
// transaction, as a transition to credible gives them: linking a unit to
// credible information is itself credible information about the unit.
func (db *DB) ConfirmPerpetrator(ctx context.Context, incidentID int64, k int) (*custos.Incident, error) {
	return db.settleSuggestion(ctx, incidentID, k, true)
}

// RejectSuggestion clears the suggested unit and score of perpetrator k of
// an incident: the analyst judged the matcher wrong. The name as reported
// stays, to be linked by hand (an update) if the right unit is known, and
// the rejection is kept, so that a re-import of the event does not suggest
// the same unit for the same name again.
func (db *DB) RejectSuggestion(ctx context.Context, incidentID int64, k int) (*custos.Incident, error) {
	return db.settleSuggestion(ctx, incidentID, k, false)
}

func (db *DB) settleSuggestion(ctx context.Context, incidentID int64, k int, confirm bool) (*custos.Incident, error) {
	p, err := custos.Authorize(ctx, custos.ActionUpdate, custos.EntityIncident)
	if err != nil {
		return nil, err
	}
	var out *custos.Incident
	err = db.write(ctx, p, func(tx *Tx) error {
		before, err := tx.findIncident(ctx, incidentID)
		if err != nil {
			return err
		}
		var actor, person, suggested nullInt
		var name string
		err = tx.queryRow(ctx, `SELECT actor_id, person_id, suggested_actor_id, name FROM incident_perpetrators WHERE incident_id = ? AND seq = ?`,
			incidentID, k).Scan(&actor, &person, &suggested, &name)
		if isNoRows(err) {
			return custos.Errorf(custos.ENOTFOUND, "incident %d has no perpetrator %d (they are numbered from 0)", incidentID, k)
		}
		if err != nil {
			return err
		}
		field := fmt.Sprintf("perpetrators[%d]", k)
		switch {
		case actor.v > 0 || person.v > 0:
			return &custos.Error{Kind: custos.ECONFLICT, Message: fmt.Sprintf("perpetrator %d of incident %d is already linked", k, incidentID),
				Fields: map[string]string{field + ".actor_id": "is already set: change the link with an update of the incident"}}
		case suggested.v == 0:
			return &custos.Error{Kind: custos.ECONFLICT, Message: fmt.Sprintf("perpetrator %d of incident %d has no suggested unit", k, incidentID),
				Fields: map[string]string{field + ".suggested_actor_id": "is empty: there is nothing to confirm or reject"}}
		}
		now := db.now()
		if confirm {
			if err := tx.checkVisible(ctx, "perpetrator link", field+".suggested_actor_id", "actors", suggested.v); err != nil {
				return err
			}
			_, err = tx.exec(ctx, `UPDATE incident_perpetrators SET actor_id = ? WHERE incident_id = ? AND seq = ?`, suggested.v, incidentID, k)
		} else {
			_, err = tx.exec(ctx, `UPDATE incident_perpetrators SET suggested_actor_id = NULL, suggestion_score = 0 WHERE incident_id = ? AND seq = ?`, incidentID, k)
			if err == nil {
				// Remembered, so that a re-import does not suggest it again.
				_, err = tx.exec(ctx, `INSERT INTO incident_rejected_suggestions (incident_id, name, actor_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
					incidentID, name, suggested.v)
			}
		}
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE incidents SET updated_at = ? WHERE id = ?`, formatTime(now), incidentID); err != nil {
			return err
		}
		i, err := tx.findIncident(ctx, incidentID)
		if err != nil {
			return err
		}
		if confirm {
			if err := tx.refreshTrends(ctx, monthOf(i)); err != nil {
				return err
			}
		}
		if err := tx.audit(ctx, custos.ActionUpdate, custos.EntityIncident, incidentID, before, i); err != nil {
			return err
		}
		if confirm && (i.Status == custos.StatusCredible || i.Status == custos.StatusConfirmed) {
			if err := tx.raiseWarnings(ctx, i); err != nil {
				return err
			}
		}
		out = i
		return nil
	})
	return out, err
}
