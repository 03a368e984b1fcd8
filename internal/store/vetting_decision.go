package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/custos-ssa/custos"
)

// VettingValidity is how long a decision that names no expiry stays in
// force: one year unless `custos serve --vetting-validity` (or
// CUSTOS_VETTING_VALIDITY) says otherwise.
var VettingValidity = Period{Years: custos.DefaultVettingYears}

// Period is a span of calendar years, months and days.
type Period struct{ Years, Months, Days int }

// String writes the period as ParsePeriod reads it.
func (p Period) String() string {
	switch {
	case p.Months == 0 && p.Days == 0:
		return fmt.Sprintf("%dy", p.Years)
	case p.Years == 0 && p.Days == 0:
		return fmt.Sprintf("%dm", p.Months)
	case p.Years == 0 && p.Months == 0:
		return fmt.Sprintf("%dd", p.Days)
	}
	return fmt.Sprintf("%dy%dm%dd", p.Years, p.Months, p.Days)
}

// ParsePeriod reads a validity period such as "1y", "18m" or "90d": a
// whole number of years, months or days, from one day to ten years.
func ParsePeriod(s string) (Period, error) {
	bad := fmt.Errorf("%q is not a period such as 1y, 18m or 90d (one day to ten years)", s)
	if len(s) < 2 {
		return Period{}, bad
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n < 1 {
		return Period{}, bad
	}
	var p Period
	switch s[len(s)-1] {
	case 'y':
		p.Years = n
	case 'm':
		p.Months = n
	case 'd':
		p.Days = n
	default:
		return Period{}, bad
	}
	if p.Years*366+p.Months*31+p.Days > 10*366 {
		return Period{}, bad
	}
	return p, nil
}

// After returns the day the period ends, counted from d.
func (p Period) After(d custos.Date) custos.Date {
	return custos.DateOf(d.Time().AddDate(p.Years, p.Months, p.Days))
}

const decisionColumns = `id, nomination_id, actor_id, person_id, outcome, reason, evidence, expires_on, status, proposed_by, proposed_by_id, proposed_at,
	concurred_by, concurred_by_id, concurred_at, concurrence_note, publish, publish_by, publish_at`

func scanDecision(sc interface{ Scan(...any) error }) (*custos.VettingDecision, error) {
	var d custos.VettingDecision
	var outcome, evidence, expires, proposed, concurred, published string
	var publish int64
	if err := sc.Scan(&d.ID, &d.NominationID, &d.ActorID, &d.PersonID, &outcome, &d.Reason, &evidence, &expires, &d.Status, &d.ProposedBy, &d.ProposedByID, &proposed,
		&d.ConcurredBy, &d.ConcurredByID, &concurred, &d.ConcurrenceNote, &publish, &d.PublishedBy, &published); err != nil {
		return nil, err
	}
	d.Publish, d.PublishedAt = publish != 0, parseTime(published)
	if err := json.Unmarshal([]byte(evidence), &d.Evidence); err != nil {
		return nil, fmt.Errorf("decision %d evidence: %w", d.ID, err)
	}
	d.Outcome, d.ExpiresOn = custos.VettingOutcome(outcome), parseDate(expires)
	d.ProposedAt, d.ConcurredAt = parseTime(proposed), parseTime(concurred)
	return &d, nil
}

// decisionsWhere returns the decisions matching cond, oldest first, with
// their remediation steps.
func (tx *Tx) decisionsWhere(ctx context.Context, cond string, args ...any) ([]*custos.VettingDecision, error) {
	rows, err := tx.query(ctx, `SELECT `+decisionColumns+` FROM vetting_decisions WHERE `+cond+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	var list []*custos.VettingDecision
	for rows.Next() {
		d, err := scanDecision(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		list = append(list, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, d := range list {
		if d.Remediation, err = tx.remediationOf(ctx, d.ID); err != nil {
			return nil, err
		}
	}
	return list, nil
}

func (tx *Tx) findDecision(ctx context.Context, id int64) (*custos.VettingDecision, error) {
	list, err := tx.decisionsWhere(ctx, "id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, notFound("decision", id)
	}
	return list[0], nil
}

// FindDecision returns one decision with its remediation steps.
func (db *DB) FindDecision(ctx context.Context, id int64) (*custos.VettingDecision, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityVetting)
	if err != nil {
		return nil, err
	}
	var d *custos.VettingDecision
	err = db.read(ctx, pr, func(tx *Tx) (err error) {
		d, err = tx.findDecision(ctx, id)
		return err
	})
	return d, err
}

// ProposeDecision records a vetter's decision on a nomination. It is only
// proposed: it takes effect when another vetter concurs. An approval needs
// a screened nomination whose every hit has been judged same or different
// (approving over an open question is not what four eyes are for), and
// evidence when a hit is judged the same. A
// decision without an expiry expires VettingValidity after today.
func (db *DB) ProposeDecision(ctx context.Context, d *custos.VettingDecision) error {
	pr, err := custos.Authorize(ctx, custos.ActionCreate, custos.EntityVetting)
	if err != nil {
		return err
	}
	if err := d.Validate(); err != nil {
		return err
	}
	return db.write(ctx, pr, func(tx *Tx) error {
		n, err := tx.fullNomination(ctx, d.NominationID)
		if custos.ErrorKind(err) == custos.ENOTFOUND {
			return fieldErr("decision", "nomination_id", fmt.Sprintf("no nomination with id %d", d.NominationID))
		}
		if err != nil {
			return err
		}
		today := custos.DateOf(tx.db.now())
		if d.ExpiresOn.IsZero() {
			d.ExpiresOn = VettingValidity.After(today)
		}
		if d.ExpiresOn.Before(today) {
			return fieldErr("decision", "expires_on", fmt.Sprintf("%s is in the past", d.ExpiresOn))
		}
		if limit := VettingValidity.After(today); limit.Before(d.ExpiresOn) {
			return fieldErr("decision", "expires_on", fmt.Sprintf("%s is after %s: a vetting decision holds for at most the configured period (%s) from today", d.ExpiresOn, limit, VettingValidity))
		}
		if err := tx.checkEvidence(ctx, d.Evidence); err != nil {
			return err
		}
		if d.Publish && n.ActorID == 0 {
			return fieldErr("decision", "publish", "a person is never published: only units are listed as barred")
		}
		if d.Publish {
			if err := tx.checkPublishable(ctx, n.ActorID); err != nil {
				return err
			}
		}
		for _, old := range n.Decisions {
			if old.Status == custos.DecisionProposed {
				return custos.Errorf(custos.ECONFLICT, "nomination %d already has decision %d awaiting concurrence: concur in it or let it be superseded first", n.ID, old.ID)
			}
		}
		if d.Outcome == custos.Approved {
			if err := tx.checkScreeningCurrent(ctx, n.ID, n.ScreenedAt); err != nil {
				return err
			}
			var open, same []string
			for _, h := range n.Hits {
				switch {
				case h.Judgement == nil || h.Judgement.Verdict == custos.Unsure:
					open = append(open, fmt.Sprint(h.ID))
				case h.Judgement.Verdict == custos.Same:
					same = append(same, fmt.Sprint(h.ID))
				}
			}
			if len(open) > 0 {
				return fieldErr("decision", "outcome", fmt.Sprintf("hit(s) %s of nomination %d are not yet judged same or different", strings.Join(open, ", "), n.ID))
			}
			// Approving a subject that derogatory records are judged to
			// concern is what remediation, or a finding that the
			// information is not credible, allows: cite it.
			if len(same) > 0 && len(d.Evidence) == 0 {
				return fieldErr("decision", "evidence", fmt.Sprintf("hit(s) %s of nomination %d are judged the same: cite the remediation, or why the information is not credible", strings.Join(same, ", "), n.ID))
			}
		}
		d.ID, d.ActorID, d.PersonID, d.Status = 0, n.ActorID, n.PersonID, custos.DecisionProposed
		d.ProposedBy, d.ProposedByID, d.ProposedAt = pr.Name, pr.UserID, tx.db.now()
		d.ConcurredBy, d.ConcurredByID, d.ConcurredAt, d.ConcurrenceNote, d.Remediation = "", 0, parseTime(""), "", nil
		d.PublishedBy, d.PublishedAt = "", parseTime("")
		d.ID, err = tx.insert(ctx, `INSERT INTO vetting_decisions (nomination_id, actor_id, person_id, outcome, reason, evidence, expires_on, status, proposed_by, proposed_by_id, proposed_at, publish)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, d.NominationID, d.ActorID, d.PersonID, string(d.Outcome), d.Reason, jsonText(d.Evidence), d.ExpiresOn.String(),
			d.Status, d.ProposedBy, d.ProposedByID, formatTime(d.ProposedAt), boolInt(d.Publish))
		if err != nil {
			return err
		}
		return tx.audit(ctx, custos.ActionCreate, auditDecision, d.ID, nil, d)
	})
}

// samePerson reports whether two principals are the same user: by id when
// both have one, else by name (the operator at the command line is
// "system").
func samePerson(a custos.Principal, byID int64, byName string) bool {
	if a.UserID != 0 && byID != 0 {
		return a.UserID == byID
	}
	return a.Name == byName
}

// ConcurDecision puts a proposed decision in force, as a second vetter who
// must not be the one who proposed it.
func (db *DB) ConcurDecision(ctx context.Context, id int64, note string) (*custos.VettingDecision, error) {
	pr, err := custos.Authorize(ctx, custos.ActionUpdate, custos.EntityVetting)
	if err != nil {
		return nil, err
	}
	f := custos.FieldErrors{}
	if len(note) > custos.MaxTextLen {
		f.Add("note", fmt.Sprintf("is longer than %d characters", custos.MaxTextLen))
	}
	if err := f.Err("concurrence"); err != nil {
		return nil, err
	}
	var d *custos.VettingDecision
	err = db.write(ctx, pr, func(tx *Tx) error {
		var err error
		if d, err = tx.findDecision(ctx, id); err != nil {
			return err
		}
		before := *d
		if d.Status != custos.DecisionProposed {
			return custos.Errorf(custos.ECONFLICT, "decision %d is already in force (concurred by %s)", id, d.ConcurredBy)
		}
		if samePerson(pr, d.ProposedByID, d.ProposedBy) {
			return custos.Errorf(custos.EFORBIDDEN, "decision %d was proposed by %s: a second, different vetter must concur (four eyes)", id, d.ProposedBy)
		}
		now := tx.db.now()
		if d.ExpiresOn.Before(custos.DateOf(now)) {
			return custos.Errorf(custos.ECONFLICT, "decision %d expired on %s before concurrence: propose a new one", id, d.ExpiresOn)
		}
		if d.Outcome == custos.Approved {
			n, err := tx.fullNomination(ctx, d.NominationID)
			if err != nil {
				return err
			}
			if err := tx.checkScreeningCurrent(ctx, n.ID, n.ScreenedAt); err != nil {
				var e *custos.Error
				if !errors.As(err, &e) || e.Fields["outcome"] == "" {
					return err
				}
				return custos.Errorf(custos.ECONFLICT, "decision %d cannot come into force: %s", id, e.Fields["outcome"])
			}
			// A screening run since the proposal may have raised hits
			// no one has judged.
			var open []string
			for _, h := range n.Hits {
				if h.Judgement == nil || h.Judgement.Verdict == custos.Unsure {
					open = append(open, fmt.Sprint(h.ID))
				}
			}
			if len(open) > 0 {
				return custos.Errorf(custos.ECONFLICT, "decision %d cannot come into force: hit(s) %s of nomination %d are not yet judged same or different", id, strings.Join(open, ", "), n.ID)
			}
		}
		d.Status, d.ConcurredBy, d.ConcurredByID, d.ConcurredAt, d.ConcurrenceNote = custos.DecisionInForce, pr.Name, pr.UserID, now, note
		if d.Publish {
			// The second vetter's concurrence covers the proposal to
			// publish: the unit is listed from now.
			d.PublishedBy, d.PublishedAt = pr.Name, now
		}
		if _, err := tx.exec(ctx, `UPDATE vetting_decisions SET status = ?, concurred_by = ?, concurred_by_id = ?, concurred_at = ?, concurrence_note = ?,
			publish_by = ?, publish_at = ? WHERE id = ?`,
			d.Status, d.ConcurredBy, d.ConcurredByID, formatTime(d.ConcurredAt), d.ConcurrenceNote, d.PublishedBy, formatTime(d.PublishedAt), d.ID); err != nil {
			return err
		}
		if err := tx.audit(ctx, custos.ActionUpdate, auditConcurrence, d.ID, &before, d); err != nil {
			return err
		}
		return tx.resolveReviewsByDecision(ctx, d)
	})
	return d, err
}

// checkScreeningCurrent refuses to approve a nomination screened before
// the derogatory records last changed (a list imported, an incident
// recorded, edited or judged, an import of incidents): the records that
// changed might name the subject, so it must be screened again first (a
// hit already judged different on an unchanged record stays cleared).
func (tx *Tx) checkScreeningCurrent(ctx context.Context, nominationID int64, screenedAt time.Time) error {
	if screenedAt.IsZero() {
		return fieldErr("decision", "outcome", fmt.Sprintf("nomination %d has not been screened: screen it before approving", nominationID))
	}
	var at sql.NullString
	if err := tx.queryRow(ctx, `SELECT max(at) FROM audit WHERE entity IN (?, ?, ?)`, auditListImport, custos.EntityIncident, "import").Scan(&at); err != nil {
		return err
	}
	if changed := parseTime(at.String); at.Valid && changed.After(screenedAt) {
		return fieldErr("decision", "outcome", fmt.Sprintf("nomination %d was screened on %s, and derogatory records have changed since (%s): screen it again before approving",
			nominationID, screenedAt.Format("2006-01-02 15:04 UTC"), changed.Format("2006-01-02 15:04 UTC")))
	}
	return nil
}

func (tx *Tx) remediationOf(ctx context.Context, decisionID int64) ([]custos.RemediationStep, error) {
	rows, err := tx.query(ctx, `SELECT id, date, step, evidence, by_name, user_id, at FROM vetting_remediation WHERE decision_id = ? ORDER BY date, id`, decisionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []custos.RemediationStep
	for rows.Next() {
		s := custos.RemediationStep{DecisionID: decisionID}
		var date, at string
		if err := rows.Scan(&s.ID, &date, &s.Step, &s.Evidence, &s.By, &s.UserID, &at); err != nil {
			return nil, err
		}
		s.Date, s.At = parseDate(date), parseTime(at)
		list = append(list, s)
	}
	return list, rows.Err()
}

// AddRemediationStep records a step taken to remedy the violation behind a
// denial in force.
func (db *DB) AddRemediationStep(ctx context.Context, s *custos.RemediationStep) error {
	pr, err := custos.Authorize(ctx, custos.ActionCreate, custos.EntityVetting)
	if err != nil {
		return err
	}
	if err := s.Validate(); err != nil {
		return err
	}
	return db.write(ctx, pr, func(tx *Tx) error {
		d, err := tx.findDecision(ctx, s.DecisionID)
		if err != nil {
			return err
		}
		if d.Outcome != custos.Denied || d.Status != custos.DecisionInForce {
			return fieldErr("remediation step", "decision_id", fmt.Sprintf("decision %d is not a denial in force (%s, %s)", d.ID, d.Outcome, d.Status))
		}
		if custos.DateOf(tx.db.now()).Before(s.Date) {
			return fieldErr("remediation step", "date", fmt.Sprintf("%s is in the future", s.Date))
		}
		s.By, s.UserID, s.At = pr.Name, pr.UserID, tx.db.now()
		s.ID, err = tx.insert(ctx, `INSERT INTO vetting_remediation (decision_id, date, step, evidence, by_name, user_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			s.DecisionID, s.Date.String(), s.Step, s.Evidence, s.By, s.UserID, formatTime(s.At))
		if err != nil {
			return err
		}
		return tx.audit(ctx, custos.ActionCreate, auditRemediation, s.ID, nil, s)
	})
}

// evidenceTables maps the record references evidence may cite ("incident:4")
// to their tables.
var evidenceTables = map[string]string{"actor": "actors", "person": "persons", "activity": "activities", "program": "programs",
	"incident": "incidents", "list": "vetting_list_entries"}

// checkEvidence refuses a record reference among the evidence that names
// no record the caller may see ("list:999", "incident:4:actor:9" from a
// hit): evidence that points nowhere supports nothing. Links and free-text
// references are not checked.
func (tx *Tx) checkEvidence(ctx context.Context, evidence []string) error {
	for i, e := range evidence {
		kind, rest, ok := strings.Cut(e, ":")
		table, known := evidenceTables[kind]
		if !ok || !known {
			continue
		}
		rest, _, _ = strings.Cut(rest, ":") // a hit's record id: incident:4:actor:9
		id, err := strconv.ParseInt(rest, 10, 64)
		if err != nil || id <= 0 {
			continue // free text that happens to start so ("list:UN panel")
		}
		var n int
		if table == "vetting_list_entries" {
			err = tx.queryRow(ctx, `SELECT count(*) FROM vetting_list_entries WHERE id = ?`, id).Scan(&n)
		} else {
			err = tx.queryRow(ctx, `SELECT count(*) FROM `+table+` WHERE id = ? AND releasability <= ?`, id, tx.p.Clearance()).Scan(&n)
		}
		if err != nil {
			return err
		}
		if n == 0 {
			return fieldErr("decision", fmt.Sprintf("evidence[%d]", i), fmt.Sprintf("no %s with id %d", kind, id))
		}
	}
	return nil
}
