package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/custos-ssa/custos"
)

// A civil-society partner puts feedback on the record through
// AddConsultationFeedback, the one write open to the partner role
// (custos.EntityFeedback). It appends one item and nothing else: the
// partner cannot change the consultation, the other items or any response.
//
// Who raised the item is the signed-in partner. Their login name goes into
// raised_by, which custos.Consultation.Redact shows to planners, analysts
// and administrators only, so that neither other partners nor the public
// learn it. That the item is the partner's own is known from the audit
// entry that created it (entity custos.EntityFeedback, action create, the
// partner's user id): the append-only, hash-chained trail is the
// attribution no later edit of raised_by can move, and it needs no new
// column. FindOwnFeedback and FindConsultation read it to show a partner
// their own items and the program's answers.

// AddConsultationFeedback appends fb, pending, to consultation
// consultationID in the caller's name, sets fb.ID, audits it and evaluates
// again the conditions that read the consultations of its program or
// country plan (feedback_received changes). A consultation the caller may
// not read is not found, as everywhere in the store.
func (db *DB) AddConsultationFeedback(ctx context.Context, consultationID int64, fb *custos.Feedback) error {
	pr, err := custos.Authorize(ctx, custos.ActionCreate, custos.EntityFeedback)
	if err != nil {
		return err
	}
	if pr.UserID == 0 {
		return custos.Errorf(custos.EUNAUTHORIZED, "sign in as a user to put feedback on the record")
	}
	if err := fb.ValidateSubmission(); err != nil {
		return err
	}
	fb.Response, fb.Mine = custos.ResponsePending, false
	fb.RaisedBy, fb.RaisedByOrgID = pr.Name, 0
	err = db.write(ctx, pr, func(tx *Tx) error {
		c, err := tx.findConsultation(ctx, consultationID)
		if err != nil {
			return err
		}
		if len(c.Feedback) >= custos.MaxFeedback {
			return fieldErr("feedback", "consultation_id", fmt.Sprintf("consultation %d already holds %d pieces of feedback, the most one consultation keeps", c.ID, custos.MaxFeedback))
		}
		var pos int
		if err := tx.queryRow(ctx, `SELECT COALESCE(MAX(position), -1) + 1 FROM consultation_feedback WHERE consultation_id = ?`, c.ID).Scan(&pos); err != nil {
			return err
		}
		id, err := tx.insert(ctx, `INSERT INTO consultation_feedback (consultation_id, position, kind, text, raised_by, raised_by_org_id, response, response_text, responded_on)
			VALUES (?, ?, ?, ?, ?, 0, ?, '', '')`, c.ID, pos, string(fb.Kind), fb.Text, fb.RaisedBy, string(fb.Response))
		if err != nil {
			return err
		}
		fb.ID = id
		if _, err := tx.exec(ctx, `UPDATE consultations SET updated_at = ? WHERE id = ?`, formatTime(tx.db.now()), c.ID); err != nil {
			return err
		}
		if err := tx.audit(ctx, custos.ActionCreate, custos.EntityFeedback, fb.ID, nil, map[string]any{"consultation_id": c.ID, "feedback": fb}); err != nil {
			return err
		}
		// The conditions are judged on every consultation, not on the
		// public ones a partner reads: the re-evaluation runs with an
		// analyst's clearance in the same transaction (the audit entries
		// still name the partner), as SubmitIncident does.
		judge := &Tx{tx: tx.tx, db: tx.db, p: pr}
		judge.p.Role = custos.RoleAnalyst
		return judge.reevaluateConsultations(ctx, c, nil)
	})
	if err != nil {
		return err
	}
	fb.RaisedBy, fb.Mine = "", true
	return nil
}

// ownFeedbackIDs returns the ids of the feedback the caller created through
// AddConsultationFeedback, with when, from the audit trail.
func (tx *Tx) ownFeedbackIDs(ctx context.Context) (map[int64]time.Time, error) {
	ids := map[int64]time.Time{}
	if tx.p.UserID == 0 {
		return ids, nil
	}
	rows, err := tx.query(ctx, `SELECT entity_id, at FROM audit WHERE entity = ? AND action = ? AND user_id = ?`,
		custos.EntityFeedback, string(custos.ActionCreate), tx.p.UserID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var s, at string
		if err := rows.Scan(&s, &at); err != nil {
			return nil, err
		}
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			ids[id] = parseTime(at)
		}
	}
	return ids, rows.Err()
}

// markOwnFeedback sets Feedback.Mine on the caller's own items of list.
func (tx *Tx) markOwnFeedback(ctx context.Context, list []*custos.Consultation) error {
	if tx.p.UserID == 0 || !custos.Can(tx.p.Role, custos.ActionCreate, custos.EntityFeedback) {
		return nil
	}
	mine, err := tx.ownFeedbackIDs(ctx)
	if err != nil || len(mine) == 0 {
		return err
	}
	for _, c := range list {
		for i := range c.Feedback {
			_, c.Feedback[i].Mine = mine[c.Feedback[i].ID]
		}
	}
	return nil
}

// FindOwnFeedback lists the feedback the caller put on the record, oldest
// first, with the consultation it belongs to and the program's response,
// among the consultations the caller may still read. Who raised each item
// is left out: it is the reader.
func (db *DB) FindOwnFeedback(ctx context.Context, f custos.OwnFeedbackFilter) ([]*custos.SubmittedFeedback, string, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityFeedback)
	if err != nil {
		return nil, "", err
	}
	if pr.UserID == 0 {
		return nil, "", custos.Errorf(custos.EUNAUTHORIZED, "sign in to see the feedback you gave")
	}
	if err := f.Page.Validate(); err != nil {
		return nil, "", err
	}
	if f.Response != "" && !slices.Contains(custos.FeedbackResponses, f.Response) {
		return nil, "", fieldErr("filter", "response", fmt.Sprintf("unknown response %q (want pending, incorporated, partly_incorporated or not_incorporated)", f.Response))
	}
	after, err := f.AfterID()
	if err != nil {
		return nil, "", err
	}
	var list []*custos.SubmittedFeedback
	err = db.read(ctx, pr, func(tx *Tx) error {
		mine, err := tx.ownFeedbackIDs(ctx)
		if err != nil || len(mine) == 0 {
			return err
		}
		ids := make([]int64, 0, len(mine))
		for id := range mine {
			if id > after {
				ids = append(ids, id)
			}
		}
		for _, chunk := range chunks(ids) {
			in, args := inList(chunk)
			w := &where{}
			w.add("f.id IN "+in, args...)
			w.add("c.releasability <= ?", pr.Clearance())
			w.add("(c.program_id IS NULL OR c.program_id IN (SELECT id FROM programs WHERE releasability <= ?))", pr.Clearance())
			if f.Response != "" {
				w.add("f.response = ?", string(f.Response))
			}
			rows, err := tx.query(ctx, `SELECT f.id, f.kind, f.text, f.response, f.response_text, f.responded_on, c.id, c.title, c.held_on, c.program_id, c.country, c.stage
				FROM consultation_feedback f JOIN consultations c ON c.id = f.consultation_id`+w.String(), w.args...)
			if err != nil {
				return err
			}
			for rows.Next() {
				var s custos.SubmittedFeedback
				var program sql.NullInt64
				var on, held string
				if err := rows.Scan(&s.Feedback.ID, &s.Feedback.Kind, &s.Feedback.Text, &s.Feedback.Response, &s.Feedback.ResponseText, &on,
					&s.ConsultationID, &s.ConsultationTitle, &held, &program, &s.Country, &s.Stage); err != nil {
					rows.Close()
					return err
				}
				s.Feedback.RespondedOn, s.ConsultationDate, s.ProgramID, s.Feedback.Mine = parseDate(on), parseDate(held), program.Int64, true
				s.SubmittedAt = mine[s.Feedback.ID]
				list = append(list, &s)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Feedback.ID < list[j].Feedback.ID })
	return pageOf(list, f.Size(), func(s *custos.SubmittedFeedback) int64 { return s.Feedback.ID })
}
