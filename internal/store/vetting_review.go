package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/custos-ssa/custos"
)

// auditReview is the audit trail's name for a review flag.
const auditReview = "vetting_review"

const reviewColumns = `r.id, r.decision_id, r.nomination_id, r.actor_id, r.person_id, r.cause, r.record, r.incident_id, r.unit_id, r.reason, r.created_at, r.cleared_at,
	r.resolution, r.resolution_reason, r.resolved_decision_id, r.resolved_by, r.resolved_by_id, r.resolved_at`

func scanReview(sc interface{ Scan(...any) error }) (*custos.VettingReview, error) {
	var r custos.VettingReview
	var created, cleared, resolved string
	if err := sc.Scan(&r.ID, &r.DecisionID, &r.NominationID, &r.ActorID, &r.PersonID, &r.Cause, &r.Record, &r.IncidentID, &r.UnitID, &r.Reason, &created, &cleared,
		&r.Resolution, &r.ResolutionReason, &r.ResolvedDecisionID, &r.ResolvedBy, &r.ResolvedByID, &resolved); err != nil {
		return nil, err
	}
	r.CreatedAt, r.ClearedAt, r.ResolvedAt = parseTime(created), parseTime(cleared), parseTime(resolved)
	return &r, nil
}

// reviewsWhere returns the review flags matching cond, in id order, with
// their subjects' names.
func (tx *Tx) reviewsWhere(ctx context.Context, cond string, args ...any) ([]*custos.VettingReview, error) {
	rows, err := tx.query(ctx, `SELECT `+reviewColumns+` FROM vetting_reviews r WHERE `+cond, args...)
	if err != nil {
		return nil, err
	}
	var list []*custos.VettingReview
	for rows.Next() {
		r, err := scanReview(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		list = append(list, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, r := range list {
		if r.SubjectName, err = tx.subjectName(ctx, r.ActorID, r.PersonID); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// flaggedApprovals finds, for a perpetrator unit, the approvals in force
// that stand for a subject under it: the unit and every unit below it, and
// every person who was a member of one of those units on the incident's
// date (a membership without an end counts; one that ended before the
// incident, or began after it ended, does not). Only a subject's standing
// decision counts: its last decision in force, approved and not expired.
const flaggedApprovals = `SELECT d.id, d.nomination_id, d.actor_id, d.person_id FROM vetting_decisions d
	WHERE d.status = 'in_force' AND d.outcome = 'approved' AND (d.expires_on = '' OR d.expires_on >= ?)
	AND ((d.person_id = 0 AND d.actor_id IN (` + subtreeQuery + `))
		OR (d.person_id > 0 AND d.person_id IN (SELECT m.person_id FROM person_memberships m WHERE m.actor_id IN (` + subtreeQuery + `)
			AND (m.date_to = '' OR m.date_to >= substr(?, 1, length(m.date_to))) AND (m.date_from = '' OR m.date_from <= ?))))
	AND d.id = (SELECT d2.id FROM vetting_decisions d2 WHERE d2.actor_id = d.actor_id AND d2.person_id = d.person_id AND d2.status = 'in_force'
		ORDER BY d2.concurred_at DESC, d2.id DESC LIMIT 1)
	ORDER BY d.id`

// flagApprovals flags for review, with an audit entry, each approval in
// force whose subject a perpetrator unit of i concerns (see
// flaggedApprovals), unless a flag for the same approval and incident is
// open or was resolved: a vetter who reviewed it is not asked again
// because the incident moved from credible to confirmed. Like warnings,
// approvals are searched whatever the caller's role.
func (tx *Tx) flagApprovals(ctx context.Context, i *custos.Incident) error {
	flags, err := tx.approvalsToFlag(ctx, i)
	if err != nil {
		return err
	}
	for _, r := range flags {
		var n int
		if err := tx.queryRow(ctx, `SELECT count(*) FROM vetting_reviews WHERE decision_id = ? AND incident_id = ? AND cleared_at = ''`,
			r.DecisionID, i.ID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			continue
		}
		r.Reason = reviewReason(i, r.UnitID, r)
		r.Cause = custos.ReviewCauseIncident
		if err := tx.insertReview(ctx, r); err != nil {
			return err
		}
	}
	return nil
}

// insertReview writes a review flag with its audit entry.
func (tx *Tx) insertReview(ctx context.Context, r *custos.VettingReview) error {
	var err error
	if r.ID, err = tx.insert(ctx, `INSERT INTO vetting_reviews (decision_id, nomination_id, actor_id, person_id, cause, record, incident_id, unit_id, reason, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.DecisionID, r.NominationID, r.ActorID, r.PersonID, r.Cause, r.Record, r.IncidentID, r.UnitID, r.Reason, formatTime(r.CreatedAt)); err != nil {
		return err
	}
	return tx.audit(ctx, custos.ActionCreate, auditReview, r.ID, nil, r)
}

// standingApproval returns the approval in force (not expired) that is
// the subject's standing decision, or nil when its standing is anything
// else: the decision a review flag for new information about the subject
// is raised on. Decisions are read whatever the caller's role.
func (tx *Tx) standingApproval(ctx context.Context, actorID, personID int64) (*custos.VettingReview, error) {
	st, err := tx.subjectStanding(ctx, actorID, personID)
	if err != nil || st.State != custos.VettingState(custos.Approved) {
		return nil, err
	}
	r := &custos.VettingReview{DecisionID: st.DecisionID, ActorID: actorID, PersonID: personID, CreatedAt: tx.db.now()}
	if err := tx.queryRow(ctx, `SELECT nomination_id FROM vetting_decisions WHERE id = ?`, st.DecisionID).Scan(&r.NominationID); err != nil {
		return nil, err
	}
	return r, nil
}

// flagForInformation flags the subject's standing approval, if any, for
// review because of new information other than an incident (cause and
// record, see custos.VettingReview), unless a flag for the same approval,
// cause and record is still open.
func (tx *Tx) flagForInformation(ctx context.Context, actorID, personID int64, cause, record, reason string) error {
	r, err := tx.standingApproval(ctx, actorID, personID)
	if err != nil || r == nil {
		return err
	}
	var n int
	if err := tx.queryRow(ctx, `SELECT count(*) FROM vetting_reviews WHERE decision_id = ? AND cause = ? AND record = ? AND cleared_at = '' AND resolved_at = ''`,
		r.DecisionID, cause, record).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	r.Cause, r.Record = cause, record
	r.Reason = fmt.Sprintf("%s: review approval %d", reason, r.DecisionID)
	return tx.insertReview(ctx, r)
}

// approvalsToFlag returns the approvals in force that the incident, as
// recorded now, concerns (see flaggedApprovals), one flag each, with the
// first perpetrator unit that reaches it.
func (tx *Tx) approvalsToFlag(ctx context.Context, i *custos.Incident) ([]*custos.VettingReview, error) {
	today := custos.DateOf(tx.db.now()).String()
	from, to := i.Date.String(), i.Date.String()
	if !i.DateEnd.IsZero() {
		to = i.DateEnd.String()
	}
	now := tx.db.now()
	seen := map[int64]bool{}
	var out []*custos.VettingReview
	for _, unit := range i.ActorIDs() {
		rows, err := tx.query(ctx, flaggedApprovals, today, unit, unit, from, to)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			r := &custos.VettingReview{IncidentID: i.ID, UnitID: unit, CreatedAt: now}
			if err := rows.Scan(&r.DecisionID, &r.NominationID, &r.ActorID, &r.PersonID); err != nil {
				rows.Close()
				return nil, err
			}
			if !seen[r.DecisionID] {
				seen[r.DecisionID] = true
				out = append(out, r)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func reviewReason(i *custos.Incident, unit int64, r *custos.VettingReview) string {
	s := fmt.Sprintf("incident %d (%s, %s) is %s and names unit %d as a perpetrator", i.ID, i.Category, i.Date, i.Status, unit)
	switch {
	case r.PersonID > 0:
		s += fmt.Sprintf("; person %d was a member of it, or of a unit under it, at the time", r.PersonID)
	case r.ActorID != unit:
		s += fmt.Sprintf("; unit %d is under it", r.ActorID)
	}
	return s + fmt.Sprintf(": review approval %d", r.DecisionID)
}

// clearReviews clears the open review flags an incident raised, when it is
// discounted or deleted, with an audit entry each. Resolved flags keep
// their resolution.
func (tx *Tx) clearReviews(ctx context.Context, incidentID int64, why string) error {
	return tx.clearReviewsWhere(ctx, incidentID, func(*custos.VettingReview) bool { return true }, why)
}

// clearReviewsWhere clears the open review flags of an incident that
// match.
func (tx *Tx) clearReviewsWhere(ctx context.Context, incidentID int64, match func(*custos.VettingReview) bool, why string) error {
	list, err := tx.reviewsWhere(ctx, "r.incident_id = ? AND r.cleared_at = '' AND r.resolved_at = '' ORDER BY r.id", incidentID)
	if err != nil {
		return err
	}
	now := tx.db.now()
	for _, r := range list {
		if !match(r) {
			continue
		}
		before := *r
		r.ClearedAt = now
		if _, err := tx.exec(ctx, `UPDATE vetting_reviews SET cleared_at = ? WHERE id = ?`, formatTime(now), r.ID); err != nil {
			return err
		}
		if err := tx.audit(ctx, custos.ActionUpdate, auditReview, r.ID, &before, map[string]any{"cleared_at": formatTime(now), "reason": why}); err != nil {
			return err
		}
	}
	return nil
}

// resolveReviewsByDecision resolves the open review flags on the subject of
// d, a decision just put in force: the new decision (a suspension, denial,
// withdrawal, or a new approval after screening) is the vetters' answer.
func (tx *Tx) resolveReviewsByDecision(ctx context.Context, d *custos.VettingDecision) error {
	list, err := tx.reviewsWhere(ctx, "r.actor_id = ? AND r.person_id = ? AND r.decision_id <> ? AND r.cleared_at = '' AND r.resolved_at = '' ORDER BY r.id",
		d.ActorID, d.PersonID, d.ID)
	if err != nil {
		return err
	}
	for _, r := range list {
		before := *r
		r.Resolution, r.ResolvedDecisionID = custos.ReviewDecision, d.ID
		r.ResolutionReason = fmt.Sprintf("decision %d (%s) is in force", d.ID, d.Outcome)
		if err := tx.resolveReview(ctx, r, &before); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) resolveReview(ctx context.Context, r, before *custos.VettingReview) error {
	r.ResolvedBy, r.ResolvedByID, r.ResolvedAt = tx.p.Name, tx.p.UserID, tx.db.now()
	if _, err := tx.exec(ctx, `UPDATE vetting_reviews SET resolution = ?, resolution_reason = ?, resolved_decision_id = ?, resolved_by = ?, resolved_by_id = ?, resolved_at = ?
		WHERE id = ?`, r.Resolution, r.ResolutionReason, r.ResolvedDecisionID, r.ResolvedBy, r.ResolvedByID, formatTime(r.ResolvedAt), r.ID); err != nil {
		return err
	}
	return tx.audit(ctx, custos.ActionUpdate, auditReview, r.ID, before, r)
}

// openReviews returns whether a subject's decision has open review flags,
// and the incidents behind those an incident raised.
func (tx *Tx) openReviews(ctx context.Context, decisionID int64) (bool, []int64, error) {
	rows, err := tx.query(ctx, `SELECT DISTINCT incident_id FROM vetting_reviews WHERE decision_id = ? AND cleared_at = '' AND resolved_at = '' ORDER BY incident_id`, decisionID)
	if err != nil {
		return false, nil, err
	}
	defer rows.Close()
	open := false
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return false, nil, err
		}
		open = true
		if id > 0 {
			ids = append(ids, id)
		}
	}
	return open, ids, rows.Err()
}

// FindVettingReviews lists review flags, newest first: vetters and
// administrators only.
func (db *DB) FindVettingReviews(ctx context.Context, f custos.VettingReviewFilter) ([]*custos.VettingReview, string, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityVetting)
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
	for _, c := range []struct {
		col string
		v   int64
	}{{"r.decision_id", f.DecisionID}, {"r.nomination_id", f.NominationID}, {"r.actor_id", f.ActorID}, {"r.person_id", f.PersonID}, {"r.incident_id", f.IncidentID}} {
		if c.v != 0 {
			w.add(c.col+" = ?", c.v)
		}
	}
	if !f.All {
		w.add("r.cleared_at = '' AND r.resolved_at = ''")
	}
	if after > 0 {
		w.add("r.id < ?", after)
	}
	cond := "1 = 1"
	if s := w.String(); s != "" {
		cond = s[len(" WHERE "):]
	}
	var list []*custos.VettingReview
	err = db.read(ctx, pr, func(tx *Tx) (err error) {
		list, err = tx.reviewsWhere(ctx, cond+` ORDER BY r.id DESC LIMIT ?`, append(w.args, f.Size()+1)...)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return pageOf(list, f.Size(), func(r *custos.VettingReview) int64 { return r.ID })
}

// FindVettingReview returns one review flag: vetters and administrators
// only.
func (db *DB) FindVettingReview(ctx context.Context, id int64) (*custos.VettingReview, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityVetting)
	if err != nil {
		return nil, err
	}
	var r *custos.VettingReview
	err = db.read(ctx, pr, func(tx *Tx) (err error) {
		r, err = tx.findReview(ctx, id)
		return err
	})
	return r, err
}

func (tx *Tx) findReview(ctx context.Context, id int64) (*custos.VettingReview, error) {
	list, err := tx.reviewsWhere(ctx, "r.id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, notFound("review", id)
	}
	return list[0], nil
}

// ResolveVettingReview records, as a vetter, that the information behind an
// open review flag was reviewed and the approval stands, for the reason
// given. One vetter suffices: the approval had four eyes when it came into
// force, and a change to it is a new decision, which has them again.
func (db *DB) ResolveVettingReview(ctx context.Context, id int64, reason string) (*custos.VettingReview, error) {
	pr, err := custos.Authorize(ctx, custos.ActionUpdate, custos.EntityVetting)
	if err != nil {
		return nil, err
	}
	if err := custos.ValidateReviewReason(reason); err != nil {
		return nil, err
	}
	var r *custos.VettingReview
	err = db.write(ctx, pr, func(tx *Tx) error {
		var err error
		if r, err = tx.findReview(ctx, id); err != nil {
			return err
		}
		switch {
		case !r.ClearedAt.IsZero():
			return custos.Errorf(custos.ECONFLICT, "review %d was cleared: incident %d is no longer credible", id, r.IncidentID)
		case !r.ResolvedAt.IsZero():
			return custos.Errorf(custos.ECONFLICT, "review %d was already resolved by %s (%s)", id, r.ResolvedBy, r.Resolution)
		}
		before := *r
		r.Resolution, r.ResolutionReason = custos.ReviewStands, reason
		return tx.resolveReview(ctx, r, &before)
	})
	return r, err
}

// visibleIncidents keeps the ids of the incidents a caller of clearance c
// may see, so that staff who see a participant's review due learn no
// incident they could not open.
func (tx *Tx) visibleIncidents(ctx context.Context, ids []int64, c custos.Releasability) ([]int64, error) {
	var out []int64
	for _, id := range ids {
		var n int
		if err := tx.queryRow(ctx, `SELECT count(*) FROM incidents WHERE id = ? AND releasability <= ?`, id, c).Scan(&n); err != nil {
			return nil, err
		}
		if n > 0 {
			out = append(out, id)
		}
	}
	return out, nil
}

// flagChangedSubject flags the standing approval of a unit (actorID) or
// person whose record was just changed in the ways listed, if any: the
// approval was decided on the record as it was, and the record may now
// describe someone else (a renamed person, a unit moved under another).
func (tx *Tx) flagChangedSubject(ctx context.Context, actorID, personID int64, changes []string) error {
	if len(changes) == 0 {
		return nil
	}
	what, record := fmt.Sprintf("unit %d", actorID), fmt.Sprintf("actor:%d", actorID)
	if personID > 0 {
		what, record = fmt.Sprintf("person %d", personID), fmt.Sprintf("person:%d", personID)
	}
	return tx.flagForInformation(ctx, actorID, personID, custos.ReviewCauseSubject, record,
		fmt.Sprintf("the record of %s was changed after its approval (%s); screen it again", what, strings.Join(changes, "; ")))
}

// actorIdentityChanges lists the changes to what identifies a unit for
// vetting: its names, country and parent.
func actorIdentityChanges(before, after *custos.Actor) []string {
	var out []string
	if before.Name != after.Name {
		out = append(out, fmt.Sprintf("name %q → %q", before.Name, after.Name))
	}
	if !slices.Equal(nameValues(before.Names), nameValues(after.Names)) {
		out = append(out, "other names")
	}
	if before.Country != after.Country {
		out = append(out, fmt.Sprintf("country %s → %s", before.Country, after.Country))
	}
	if before.ParentID != after.ParentID {
		out = append(out, fmt.Sprintf("parent unit %d → %d", before.ParentID, after.ParentID))
	}
	return out
}

// personIdentityChanges lists the changes to what identifies a person for
// vetting: names, birth date, gender, nationality and the units of the
// memberships.
func personIdentityChanges(before, after *custos.Person) []string {
	var out []string
	if before.Name != after.Name {
		out = append(out, fmt.Sprintf("name %q → %q", before.Name, after.Name))
	}
	if !slices.Equal(nameValues(before.Names), nameValues(after.Names)) {
		out = append(out, "other names")
	}
	if before.BirthDate != after.BirthDate {
		out = append(out, fmt.Sprintf("birth date %q → %q", before.BirthDate.String(), after.BirthDate.String()))
	}
	if before.Gender != after.Gender {
		out = append(out, fmt.Sprintf("gender %q → %q", before.Gender, after.Gender))
	}
	if before.Nationality != after.Nationality {
		out = append(out, fmt.Sprintf("nationality %q → %q", before.Nationality, after.Nationality))
	}
	units := func(ms []custos.Membership) []int64 {
		var ids []int64
		for _, m := range ms {
			ids = append(ids, m.ActorID)
		}
		slices.Sort(ids)
		return slices.Compact(ids)
	}
	if !slices.Equal(units(before.Memberships), units(after.Memberships)) {
		out = append(out, "units of membership")
	}
	return out
}
