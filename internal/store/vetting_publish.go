package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/custos-ssa/custos"
)

// auditPublication is the audit entity of a change to what the public list
// of barred units shows.
const auditPublication = "vetting_publication"

// PublishDecision puts a denial in force of a unit on the public list of
// barred units, or takes it off, as a vetter or an administrator, with the
// reason in the audit trail. Only a unit's denial in force can be listed;
// a person never is.
func (db *DB) PublishDecision(ctx context.Context, id int64, publish bool, reason string) (*custos.VettingDecision, error) {
	pr, err := custos.Authorize(ctx, custos.ActionUpdate, custos.EntityVetting)
	if err != nil {
		return nil, err
	}
	f := custos.FieldErrors{}
	switch {
	case strings.TrimSpace(reason) == "":
		f.Add("reason", "is required: say why the unit is (or is no longer) named publicly")
	case len(reason) > custos.MaxTextLen:
		f.Add("reason", fmt.Sprintf("is longer than %d characters", custos.MaxTextLen))
	}
	if err := f.Err("publication"); err != nil {
		return nil, err
	}
	var d *custos.VettingDecision
	err = db.write(ctx, pr, func(tx *Tx) error {
		var err error
		if d, err = tx.findDecision(ctx, id); err != nil {
			return err
		}
		before := *d
		switch {
		case d.PersonID > 0 || d.ActorID == 0:
			return fieldErr("publication", "publish", fmt.Sprintf("decision %d is about a person: a person is never published", id))
		case d.Outcome != custos.Denied:
			return fieldErr("publication", "publish", fmt.Sprintf("decision %d is %s, not a denial: only denials are listed", id, d.Outcome))
		case d.Status != custos.DecisionInForce:
			return custos.Errorf(custos.ECONFLICT, "decision %d is not in force yet: its proposal to publish takes effect with the second vetter's concurrence", id)
		case d.Publish == publish:
			state := "not on the public list"
			if publish {
				state = "already on the public list"
			}
			return custos.Errorf(custos.ECONFLICT, "decision %d is %s", id, state)
		}
		if publish {
			if err := tx.checkPublishable(ctx, d.ActorID); err != nil {
				return err
			}
		}
		d.Publish, d.PublishedBy, d.PublishedAt = publish, pr.Name, tx.db.now()
		if _, err := tx.exec(ctx, `UPDATE vetting_decisions SET publish = ?, publish_by = ?, publish_at = ? WHERE id = ?`,
			boolInt(publish), d.PublishedBy, formatTime(d.PublishedAt), id); err != nil {
			return err
		}
		return tx.audit(ctx, custos.ActionUpdate, auditPublication, id, &before, map[string]any{"decision": d, "reason": reason})
	})
	return d, err
}

// maxPublishable is the highest releasability of a unit the public list
// of barred units may name: publishing is the vetters' decision to
// disclose an internal record, never a restricted or protected one.
const maxPublishable = custos.Internal

// checkPublishable refuses to publish a unit whose record is restricted or
// protected: naming it on the public list would disclose what its
// releasability keeps from most readers.
func (tx *Tx) checkPublishable(ctx context.Context, actorID int64) error {
	var r custos.Releasability
	if err := tx.queryRow(ctx, `SELECT releasability FROM actors WHERE id = ?`, actorID).Scan(&r); err != nil {
		return err
	}
	if r > maxPublishable {
		return fieldErr("decision", "publish", fmt.Sprintf("unit %d is %s: naming it on the public list would disclose it; lower its releasability first, or leave it unpublished", actorID, r))
	}
	return nil
}
