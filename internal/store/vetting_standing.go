package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/custos-ssa/custos"
)

// subjectStanding returns where a unit (actorID) or person (personID)
// stands: the last decision in force decides, an approval lapses at its
// expiry, and a subject without one is pending when nominated and missing
// otherwise. It reads vetting tables whatever the caller's role, because
// the interlock must hold for planners too; callers show planners the
// standing only, never its grounds.
func (tx *Tx) subjectStanding(ctx context.Context, actorID, personID int64) (custos.ParticipantVetting, error) {
	col, id := "actor_id", actorID
	if personID > 0 {
		col, id = "person_id", personID
	}
	st := custos.ParticipantVetting{ActorID: actorID, PersonID: personID}
	var outcome, expires string
	err := tx.queryRow(ctx, `SELECT id, outcome, expires_on FROM vetting_decisions WHERE `+col+` = ? AND status = ?
		ORDER BY concurred_at DESC, id DESC LIMIT 1`, id, custos.DecisionInForce).Scan(&st.DecisionID, &outcome, &expires)
	switch {
	case isNoRows(err):
		var n int
		if err := tx.queryRow(ctx, `SELECT count(*) FROM vetting_nominations WHERE `+col+` = ?`, id).Scan(&n); err != nil {
			return st, err
		}
		st.State = custos.VettingMissing
		if n > 0 {
			st.State = custos.VettingPending
		}
		return st, nil
	case err != nil:
		return st, err
	}
	st.ExpiresOn = parseDate(expires)
	st.State = custos.VettingState(outcome)
	if custos.VettingOutcome(outcome) == custos.Approved && !st.ExpiresOn.IsZero() && st.ExpiresOn.Before(custos.DateOf(tx.db.now())) {
		st.State = custos.VettingExpired
	}
	if st.State == custos.VettingState(custos.Approved) {
		if st.ReviewDue, st.ReviewIncidents, err = tx.openReviews(ctx, st.DecisionID); err != nil {
			return st, err
		}
	}
	return st, nil
}

// checkParticipantsVetted enforces the Leahy interlock on an activity being
// created (before is nil) or changed: every participant added, and every
// participant when the activity becomes delivered, must hold an approved
// vetting in force. It runs after the participant links are written, so
// that an id the caller may not see has already been refused without
// naming it. Imports of training reports do not pass here: they record
// assistance already given, as the reports tell it, and Bulk.CheckHistorical
// refuses only what no report can record (assistance after a bar).
func (tx *Tx) checkParticipantsVetted(ctx context.Context, a, before *custos.Activity) error {
	delivering := a.Status == "delivered" && (before == nil || before.Status != "delivered")
	f := custos.FieldErrors{}
	for _, group := range []struct {
		field, table, what string
		ids, old           []int64
	}{{"actor_ids", "actors", "unit", a.ActorIDs, nil}, {"person_ids", "persons", "person", a.PersonIDs, nil}} {
		if before != nil {
			group.old = before.ActorIDs
			if group.table == "persons" {
				group.old = before.PersonIDs
			}
		}
		for i, id := range group.ids {
			if !delivering && slices.Contains(group.old, id) {
				continue
			}
			var st custos.ParticipantVetting
			var err error
			if group.table == "actors" {
				st, err = tx.subjectStanding(ctx, id, 0)
			} else {
				st, err = tx.subjectStanding(ctx, 0, id)
			}
			if err != nil {
				return err
			}
			if st.Cleared() {
				continue
			}
			name, err := tx.subjectName(ctx, st.ActorID, st.PersonID)
			if err != nil {
				return err
			}
			f.Add(fmt.Sprintf("%s[%d]", group.field, i), fmt.Sprintf("%s %d (%s) %s", group.what, id, name, st.Problem()))
		}
	}
	if len(f) == 0 {
		return nil
	}
	msg := "participants lack an approved Leahy vetting in force"
	if delivering {
		msg = "the activity cannot be marked delivered: " + msg
	}
	return &custos.Error{Kind: custos.EINVALID, Message: msg, Fields: map[string]string(f)}
}

// ActivityVetting returns the vetting standing of each participant of an
// activity that the caller may see. Planners and viewers see the standing
// and expiry only; the grounds stay with vetters.
func (db *DB) ActivityVetting(ctx context.Context, activityID int64) ([]custos.ParticipantVetting, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityActivity)
	if err != nil {
		return nil, err
	}
	if pr.Clearance() < custos.Internal {
		if pr.Role == custos.RolePublic {
			return nil, custos.Errorf(custos.EUNAUTHORIZED, "sign in to see the vetting of activity participants")
		}
		return nil, custos.Errorf(custos.EFORBIDDEN, "the %s role may not see the vetting of activity participants", pr.Role)
	}
	var out []custos.ParticipantVetting
	err = db.read(ctx, pr, func(tx *Tx) error {
		a, err := tx.findActivity(ctx, activityID)
		if err != nil {
			return err
		}
		for i, id := range a.ActorIDs {
			st, err := tx.subjectStanding(ctx, id, 0)
			if err != nil {
				return err
			}
			st.Field = fmt.Sprintf("actor_ids[%d]", i)
			if st.ReviewIncidents, err = tx.visibleIncidents(ctx, st.ReviewIncidents, pr.Clearance()); err != nil {
				return err
			}
			out = append(out, st)
		}
		for i, id := range a.PersonIDs {
			st, err := tx.subjectStanding(ctx, 0, id)
			if err != nil {
				return err
			}
			st.Field = fmt.Sprintf("person_ids[%d]", i)
			if st.ReviewIncidents, err = tx.visibleIncidents(ctx, st.ReviewIncidents, pr.Clearance()); err != nil {
				return err
			}
			out = append(out, st)
		}
		return nil
	})
	return out, err
}

// BarredUnits lists the units denied by a decision in force (not expired)
// that the vetters decided to publish, leaving out a unit whose record was
// made restricted or protected since: the public list of barred units. It
// is open to anyone, so it holds units only, never persons, and of
// remediation only the dates and steps, never who recorded them.
func (db *DB) BarredUnits(ctx context.Context) ([]*custos.BarredUnit, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityActor)
	if err != nil {
		return nil, err
	}
	var list []*custos.BarredUnit
	err = db.read(ctx, pr, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT d.id, d.actor_id, a.name, a.country, a.kind, d.concurred_at, d.expires_on
			FROM vetting_decisions d JOIN actors a ON a.id = d.actor_id
			WHERE d.actor_id > 0 AND d.person_id = 0 AND d.status = ? AND d.outcome = ? AND d.publish = 1 AND (d.expires_on = '' OR d.expires_on >= ?)
			AND a.releasability <= `+strconv.Itoa(int(maxPublishable))+` AND d.id = (
				SELECT d2.id FROM vetting_decisions d2 WHERE d2.actor_id = d.actor_id AND d2.status = ? ORDER BY d2.concurred_at DESC, d2.id DESC LIMIT 1)
			ORDER BY a.country, a.name, d.actor_id`, custos.DecisionInForce, string(custos.Denied), custos.DateOf(tx.db.now()).String(), custos.DecisionInForce)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var b custos.BarredUnit
			var decision int64
			var concurred, expires string
			if err := rows.Scan(&decision, &b.ActorID, &b.Name, &b.Country, &b.Kind, &concurred, &expires); err != nil {
				rows.Close()
				return err
			}
			b.DeniedOn, b.ExpiresOn = custos.DateOf(parseTime(concurred)), parseDate(expires)
			list, ids = append(list, &b), append(ids, decision)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for i, b := range list {
			steps, err := tx.remediationOf(ctx, ids[i])
			if err != nil {
				return err
			}
			for _, s := range steps {
				b.Remediation = append(b.Remediation, custos.RemediationStep{DecisionID: s.DecisionID, Date: s.Date, Step: s.Step})
			}
		}
		return nil
	})
	return list, err
}
