package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/custos-ssa/custos"
)

const measurementColumns = `m.id, m.indicator_id, m.period_start, m.period_end, m.value, m.disaggregation, m.provenance, m.status, m.submitter_id, m.approver_id, m.reviewed_at, m.note, m.source, m.releasability, m.created_at, m.updated_at`

func scanMeasurement(sc interface{ Scan(...any) error }) (*custos.Measurement, error) {
	var m custos.Measurement
	var start, end, dis, reviewed, source, created, updated string
	if err := sc.Scan(&m.ID, &m.IndicatorID, &start, &end, &m.Value, &dis, &m.Provenance, &m.Status, &m.SubmitterID, &m.ApproverID, &reviewed, &m.Note, &source, &m.Releasability, &created, &updated); err != nil {
		return nil, err
	}
	if dis != "" {
		if err := json.Unmarshal([]byte(dis), &m.Disaggregation); err != nil {
			return nil, fmt.Errorf("measurement %d disaggregation: %w", m.ID, err)
		}
	}
	var err error
	if m.Source, err = parseSource(source); err != nil {
		return nil, fmt.Errorf("measurement %d source: %w", m.ID, err)
	}
	m.PeriodStart, m.PeriodEnd = parseDate(start), parseDate(end)
	m.ReviewedAt, m.CreatedAt, m.UpdatedAt = parseTime(reviewed), parseTime(created), parseTime(updated)
	return &m, nil
}

// disaggregationText is the stored form of a breakdown: JSON with sorted
// keys, "" for the total.
func disaggregationText(d map[string]string) string {
	if len(d) == 0 {
		return ""
	}
	b, _ := json.Marshal(d)
	return string(b)
}

// measurementFrom reads measurements visible to the caller: the measurement
// and its indicator must both be within the caller's clearance.
const measurementFrom = ` FROM measurements m JOIN indicators i ON i.id = m.indicator_id`

func (tx *Tx) findMeasurement(ctx context.Context, id int64) (*custos.Measurement, error) {
	m, err := scanMeasurement(tx.queryRow(ctx, `SELECT `+measurementColumns+measurementFrom+` WHERE m.id = ? AND m.releasability <= ? AND i.releasability <= ?`, id, tx.p.Clearance(), tx.p.Clearance()))
	if isNoRows(err) {
		return nil, notFound("measurement", id)
	}
	return m, err
}

// FindMeasurements lists measurements by id.
func (db *DB) FindMeasurements(ctx context.Context, f custos.MeasurementFilter) ([]*custos.Measurement, string, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityMeasurement)
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
	w.add("m.releasability <= ?", pr.Clearance())
	w.add("i.releasability <= ?", pr.Clearance())
	if f.IndicatorID != 0 {
		w.add("m.indicator_id = ?", f.IndicatorID)
	}
	if f.ProgramID != 0 {
		w.add("i.program_id = ?", f.ProgramID)
	}
	if f.Status != "" {
		w.add("m.status = ?", string(f.Status))
	}
	if f.Provenance != "" {
		w.add("m.provenance = ?", string(f.Provenance))
	}
	if !f.From.IsZero() {
		w.add("m.period_end >= ?", f.From.String())
	}
	if !f.To.IsZero() {
		w.add("m.period_start <= ?", f.To.String())
	}
	if after > 0 {
		w.add("m.id > ?", after)
	}
	var list []*custos.Measurement
	err = db.read(ctx, pr, func(tx *Tx) error {
		got, err := queryAll(ctx, tx, scanMeasurement, `SELECT `+measurementColumns+measurementFrom+w.String()+` ORDER BY m.id LIMIT ?`, append(w.args, f.Size()+1)...)
		if err != nil {
			return err
		}
		list = append(list, got...)
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	return pageOf(list, f.Size(), func(m *custos.Measurement) int64 { return m.ID })
}

// FindMeasurement returns one measurement.
func (db *DB) FindMeasurement(ctx context.Context, id int64) (*custos.Measurement, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityMeasurement)
	if err != nil {
		return nil, err
	}
	var m *custos.Measurement
	err = db.read(ctx, pr, func(tx *Tx) (err error) {
		m, err = tx.findMeasurement(ctx, id)
		return err
	})
	return m, err
}

// checkMeasurement checks a measurement against its indicator and against
// the stored measurements of the same indicator and breakdown whose periods
// it would overlap (see custos.OverlappingPeriods). It returns the
// indicator.
func (tx *Tx) checkMeasurement(ctx context.Context, m *custos.Measurement) (*custos.Indicator, error) {
	ind, err := tx.findIndicator(ctx, m.IndicatorID)
	if custos.ErrorKind(err) == custos.ENOTFOUND {
		return nil, fieldErr("measurement", "indicator_id", fmt.Sprintf("no indicator with id %d", m.IndicatorID))
	}
	if err != nil {
		return nil, err
	}
	if err := m.CheckAgainst(ind); err != nil {
		return nil, err
	}
	if msg := futurePeriod(m, tx.db.now()); msg != "" {
		return nil, fieldErr("measurement", "period_start", msg)
	}
	if err := tx.checkOverlap(ctx, m); err != nil {
		return nil, err
	}
	return ind, nil
}

// futurePeriod says why a measurement of a period that has not begun by
// now cannot be taken, or "" when its period has begun.
func futurePeriod(m *custos.Measurement, now time.Time) string {
	today := custos.DateOf(now)
	if today.Before(m.PeriodStart) {
		return fmt.Sprintf("%s is after today (%s): a figure is measured over a period that has begun", m.PeriodStart, today)
	}
	return ""
}

// checkOverlap refuses a measurement whose period shares a day with a
// stored, not rejected measurement of the same indicator and breakdown,
// whatever the caller's clearance: two figures for one day double count.
func (tx *Tx) checkOverlap(ctx context.Context, m *custos.Measurement) error {
	if m.Status == "rejected" {
		return nil
	}
	rows, err := tx.query(ctx, `SELECT m.id, m.period_start, m.period_end, m.status, m.disaggregation FROM measurements m
		WHERE m.indicator_id = ? AND m.disaggregation_key = ? AND m.status <> 'rejected' AND m.id <> ? AND m.period_start <= ? AND m.period_end >= ?
		ORDER BY m.id`, m.IndicatorID, custos.DisaggregationKey(m.Disaggregation), m.ID, m.PeriodEnd.String(), m.PeriodStart.String())
	if err != nil {
		return err
	}
	defer rows.Close()
	ms := []custos.Measurement{*m}
	for rows.Next() {
		o := custos.Measurement{IndicatorID: m.IndicatorID}
		var start, end, dis string
		if err := rows.Scan(&o.ID, &start, &end, &o.Status, &dis); err != nil {
			return err
		}
		o.PeriodStart, o.PeriodEnd = parseDate(start), parseDate(end)
		if dis != "" {
			if err := json.Unmarshal([]byte(dis), &o.Disaggregation); err != nil {
				return fmt.Errorf("measurement %d disaggregation: %w", o.ID, err)
			}
		}
		ms = append(ms, o)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	var ids []string
	for _, ov := range custos.OverlappingPeriods(ms) {
		if ov.First == 0 {
			o := ms[ov.Second]
			ids = append(ids, fmt.Sprintf("measurement %d (%s to %s)", o.ID, o.PeriodStart, o.PeriodEnd))
		}
	}
	if len(ids) > 0 {
		what := "the total"
		if k := custos.DisaggregationKey(m.Disaggregation); k != "" {
			what = "the breakdown " + k
		}
		return &custos.Error{Kind: custos.ECONFLICT, Message: "overlapping measurement period",
			Fields: map[string]string{"period_start": fmt.Sprintf("the period %s to %s overlaps %s of indicator %d for %s; reject or correct it first",
				m.PeriodStart, m.PeriodEnd, strings.Join(ids, ", "), m.IndicatorID, what)}}
	}
	return nil
}

// checkEntryStatus refuses a status that only a review may set.
func checkEntryStatus(m *custos.Measurement) error {
	if m.Status == "approved" || m.Status == "rejected" {
		return fieldErr("measurement", "status", fmt.Sprintf("a measurement is entered as draft or submitted; %s is set by a review by another user", m.Status))
	}
	return nil
}

// CreateMeasurement adds a measurement as draft or submitted, recording
// the caller as its submitter.
func (db *DB) CreateMeasurement(ctx context.Context, m *custos.Measurement) error {
	pr, err := custos.Authorize(ctx, custos.ActionCreate, custos.EntityMeasurement)
	if err != nil {
		return err
	}
	m.ID = 0
	m.Normalize()
	if err := checkEntryStatus(m); err != nil {
		return err
	}
	m.ApproverID, m.ReviewedAt, m.SubmitterID = 0, time.Time{}, pr.UserID
	if err := m.Validate(); err != nil {
		return err
	}
	if err := checkWriteLevel(pr, "measurement", m.Releasability); err != nil {
		return err
	}
	return db.write(ctx, pr, func(tx *Tx) error {
		if _, err := tx.checkMeasurement(ctx, m); err != nil {
			return err
		}
		m.CreatedAt = tx.db.now()
		m.UpdatedAt = m.CreatedAt
		m.ReviewedAt = time.Time{}
		src, _ := sourceColumns(m.Source)
		id, err := tx.insert(ctx, `INSERT INTO measurements (indicator_id, period_start, period_end, value, disaggregation, disaggregation_key, provenance, status, submitter_id, approver_id, reviewed_at, note, source, releasability, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, '', ?, ?, ?, ?, ?)`,
			m.IndicatorID, m.PeriodStart.String(), m.PeriodEnd.String(), m.Value, disaggregationText(m.Disaggregation), custos.DisaggregationKey(m.Disaggregation),
			string(m.Provenance), string(m.Status), m.SubmitterID, m.Note, src, m.Releasability, formatTime(m.CreatedAt), formatTime(m.UpdatedAt))
		if err != nil {
			return err
		}
		m.ID = id
		return tx.audit(ctx, custos.ActionCreate, custos.EntityMeasurement, m.ID, nil, m)
	})
}

// UpdateMeasurement replaces a measurement that is not approved; a change
// sends it back to draft or submitted, for review again. An approved figure
// is not edited: a corrected figure replaces it after it is deleted, so
// the audit trail shows both.
func (db *DB) UpdateMeasurement(ctx context.Context, m *custos.Measurement) error {
	pr, err := custos.Authorize(ctx, custos.ActionUpdate, custos.EntityMeasurement)
	if err != nil {
		return err
	}
	m.Normalize()
	if err := checkEntryStatus(m); err != nil {
		return err
	}
	m.ApproverID = 0
	if err := m.Validate(); err != nil {
		return err
	}
	if err := checkWriteLevel(pr, "measurement", m.Releasability); err != nil {
		return err
	}
	return db.write(ctx, pr, func(tx *Tx) error {
		before, err := tx.findMeasurement(ctx, m.ID)
		if err != nil {
			return err
		}
		if before.Status == "approved" {
			return custos.Errorf(custos.ECONFLICT, "measurement %d is approved and cannot be changed; delete it and enter the corrected figure", m.ID)
		}
		if m.IndicatorID != before.IndicatorID {
			return fieldErr("measurement", "indicator_id", fmt.Sprintf("a measurement cannot move to another indicator (it measures indicator %d)", before.IndicatorID))
		}
		if _, err := tx.checkMeasurement(ctx, m); err != nil {
			return err
		}
		m.SubmitterID, m.ReviewedAt = pr.UserID, time.Time{}
		m.CreatedAt, m.UpdatedAt = before.CreatedAt, tx.db.now()
		src, _ := sourceColumns(m.Source)
		if _, err := tx.exec(ctx, `UPDATE measurements SET period_start = ?, period_end = ?, value = ?, disaggregation = ?, disaggregation_key = ?, provenance = ?, status = ?,
			submitter_id = ?, approver_id = 0, reviewed_at = '', note = ?, source = ?, releasability = ?, updated_at = ? WHERE id = ?`,
			m.PeriodStart.String(), m.PeriodEnd.String(), m.Value, disaggregationText(m.Disaggregation), custos.DisaggregationKey(m.Disaggregation), string(m.Provenance),
			string(m.Status), m.SubmitterID, m.Note, src, m.Releasability, formatTime(m.UpdatedAt), m.ID); err != nil {
			return err
		}
		return tx.audit(ctx, custos.ActionUpdate, custos.EntityMeasurement, m.ID, before, m)
	})
}

// DeleteMeasurement removes a measurement.
func (db *DB) DeleteMeasurement(ctx context.Context, id int64) error {
	pr, err := custos.Authorize(ctx, custos.ActionDelete, custos.EntityMeasurement)
	if err != nil {
		return err
	}
	return db.write(ctx, pr, func(tx *Tx) error {
		before, err := tx.findMeasurement(ctx, id)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM measurements WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit(ctx, custos.ActionDelete, custos.EntityMeasurement, id, before, nil)
	})
}

// ReviewMeasurement approves or rejects a submitted measurement. The
// reviewer must be a named user other than the submitter, so that no one
// approves their own figures; the reviewer and time are recorded. Approving
// a measurement evaluates again, as of today, the conditions that read its
// indicator, in the same transaction.
func (db *DB) ReviewMeasurement(ctx context.Context, id int64, status custos.MeasurementStatus, note string) (*custos.Measurement, error) {
	pr, err := custos.Authorize(ctx, custos.ActionUpdate, custos.EntityMeasurement)
	if err != nil {
		return nil, err
	}
	if status != "approved" && status != "rejected" {
		return nil, fieldErr("review", "status", fmt.Sprintf("must be approved or rejected, not %q", status))
	}
	if pr.UserID <= 0 {
		return nil, custos.Errorf(custos.EFORBIDDEN, "a review must be made by a named user, so that the approver is on record")
	}
	if len(note) > custos.MaxTextLen {
		return nil, fieldErr("review", "note", fmt.Sprintf("is longer than %d characters", custos.MaxTextLen))
	}
	var m *custos.Measurement
	err = db.write(ctx, pr, func(tx *Tx) error {
		before, err := tx.findMeasurement(ctx, id)
		if err != nil {
			return err
		}
		if before.Status != "submitted" {
			return fieldErr("review", "status", fmt.Sprintf("measurement %d is %s; only a submitted measurement can be reviewed", id, before.Status))
		}
		if before.SubmitterID == pr.UserID {
			return custos.Errorf(custos.EFORBIDDEN, "measurement %d was submitted by you; another user must review it", id)
		}
		after := *before
		after.Status, after.ApproverID = status, pr.UserID
		after.ReviewedAt = tx.db.now()
		after.UpdatedAt = after.ReviewedAt
		if strings.TrimSpace(note) != "" {
			after.Note = note
		}
		if _, err := tx.exec(ctx, `UPDATE measurements SET status = ?, approver_id = ?, reviewed_at = ?, note = ?, updated_at = ? WHERE id = ?`,
			string(after.Status), after.ApproverID, formatTime(after.ReviewedAt), after.Note, formatTime(after.UpdatedAt), id); err != nil {
			return err
		}
		if err := tx.audit(ctx, custos.ActionUpdate, custos.EntityMeasurement, id, before, &after); err != nil {
			return err
		}
		m = &after
		if status == "approved" {
			_, err := tx.reevaluateIndicator(ctx, after.IndicatorID, custos.DateOf(tx.db.now()))
			return err
		}
		return nil
	})
	return m, err
}
