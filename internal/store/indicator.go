package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/custos-ssa/custos"
)

const indicatorColumns = `id, program_id, result_id, code, title, unit, scale_min, scale_max, direction, baseline, targets, disaggregations, data_source, reported_by, description, releasability, created_at, updated_at`

func scanIndicator(sc interface{ Scan(...any) error }) (*custos.Indicator, error) {
	var ind custos.Indicator
	var baseline, targets, dims, created, updated string
	if err := sc.Scan(&ind.ID, &ind.ProgramID, &ind.ResultID, &ind.Code, &ind.Title, &ind.Unit, &ind.ScaleMin, &ind.ScaleMax, &ind.Direction,
		&baseline, &targets, &dims, &ind.DataSource, &ind.ReportedBy, &ind.Description, &ind.Releasability, &created, &updated); err != nil {
		return nil, err
	}
	if baseline != "" {
		ind.Baseline = new(custos.Baseline)
		if err := json.Unmarshal([]byte(baseline), ind.Baseline); err != nil {
			return nil, fmt.Errorf("indicator %d baseline: %w", ind.ID, err)
		}
	}
	if err := json.Unmarshal([]byte(targets), &ind.Targets); err != nil {
		return nil, fmt.Errorf("indicator %d targets: %w", ind.ID, err)
	}
	if err := json.Unmarshal([]byte(dims), &ind.Disaggregations); err != nil {
		return nil, fmt.Errorf("indicator %d disaggregations: %w", ind.ID, err)
	}
	if len(ind.Targets) == 0 {
		ind.Targets = nil
	}
	if len(ind.Disaggregations) == 0 {
		ind.Disaggregations = nil
	}
	ind.CreatedAt, ind.UpdatedAt = parseTime(created), parseTime(updated)
	return &ind, nil
}

func baselineText(b *custos.Baseline) string {
	if b == nil {
		return ""
	}
	return jsonText(b)
}

func (tx *Tx) findIndicator(ctx context.Context, id int64) (*custos.Indicator, error) {
	ind, err := scanIndicator(tx.queryRow(ctx, `SELECT `+indicatorColumns+` FROM indicators WHERE id = ? AND releasability <= ?`, id, tx.p.Clearance()))
	if isNoRows(err) {
		return nil, notFound("indicator", id)
	}
	return ind, err
}

// FindIndicators lists indicators by id.
func (db *DB) FindIndicators(ctx context.Context, f custos.IndicatorFilter) ([]*custos.Indicator, string, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityIndicator)
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
	w.add("releasability <= ?", pr.Clearance())
	if f.ProgramID != 0 {
		w.add("program_id = ?", f.ProgramID)
	}
	if f.ResultID != 0 {
		w.add("result_id = ?", f.ResultID)
	}
	if f.Code != "" {
		w.add("code = ?", f.Code)
	}
	if f.Unit != "" {
		w.add("unit = ?", string(f.Unit))
	}
	if f.Q != "" {
		w.add("title "+db.dialect.ILike+" ? ESCAPE '\\'", likePattern(f.Q))
	}
	if after > 0 {
		w.add("id > ?", after)
	}
	var list []*custos.Indicator
	err = db.read(ctx, pr, func(tx *Tx) error {
		got, err := queryAll(ctx, tx, scanIndicator, `SELECT `+indicatorColumns+` FROM indicators`+w.String()+` ORDER BY id LIMIT ?`, append(w.args, f.Size()+1)...)
		if err != nil {
			return err
		}
		list = append(list, got...)
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	return pageOf(list, f.Size(), func(i *custos.Indicator) int64 { return i.ID })
}

// FindIndicator returns one indicator.
func (db *DB) FindIndicator(ctx context.Context, id int64) (*custos.Indicator, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityIndicator)
	if err != nil {
		return nil, err
	}
	var ind *custos.Indicator
	err = db.read(ctx, pr, func(tx *Tx) (err error) {
		ind, err = tx.findIndicator(ctx, id)
		return err
	})
	return ind, err
}

// checkIndicatorRefs requires a visible program, a result of that program,
// and a code no other indicator of the program uses.
func (tx *Tx) checkIndicatorRefs(ctx context.Context, ind *custos.Indicator) error {
	if err := tx.checkVisible(ctx, "indicator", "program_id", "programs", ind.ProgramID); err != nil {
		return err
	}
	r, err := tx.findResult(ctx, ind.ResultID)
	if custos.ErrorKind(err) == custos.ENOTFOUND {
		return fieldErr("indicator", "result_id", fmt.Sprintf("no result with id %d", ind.ResultID))
	}
	if err != nil {
		return err
	}
	if r.ProgramID != ind.ProgramID {
		return fieldErr("indicator", "result_id", fmt.Sprintf("result %d belongs to program %d, not %d", r.ID, r.ProgramID, ind.ProgramID))
	}
	var n int
	if err := tx.queryRow(ctx, `SELECT count(*) FROM indicators WHERE program_id = ? AND code = ? AND id <> ?`, ind.ProgramID, ind.Code, ind.ID).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return &custos.Error{Kind: custos.ECONFLICT, Message: "indicator code in use",
			Fields: map[string]string{"code": fmt.Sprintf("%q is already the code of another indicator of program %d", ind.Code, ind.ProgramID)}}
	}
	return nil
}

// CreateIndicator adds an indicator to a result.
func (db *DB) CreateIndicator(ctx context.Context, ind *custos.Indicator) error {
	pr, err := custos.Authorize(ctx, custos.ActionCreate, custos.EntityIndicator)
	if err != nil {
		return err
	}
	ind.ID = 0
	ind.Normalize()
	if err := ind.Validate(); err != nil {
		return err
	}
	if err := checkWriteLevel(pr, "indicator", ind.Releasability); err != nil {
		return err
	}
	return db.write(ctx, pr, func(tx *Tx) error {
		if err := tx.checkIndicatorRefs(ctx, ind); err != nil {
			return err
		}
		ind.CreatedAt = tx.db.now()
		ind.UpdatedAt = ind.CreatedAt
		id, err := tx.insert(ctx, `INSERT INTO indicators (program_id, result_id, code, title, unit, scale_min, scale_max, direction, baseline, targets, disaggregations, data_source, reported_by, description, releasability, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			ind.ProgramID, ind.ResultID, ind.Code, ind.Title, string(ind.Unit), ind.ScaleMin, ind.ScaleMax, string(ind.Direction), baselineText(ind.Baseline),
			jsonText(ind.Targets), jsonText(ind.Disaggregations), ind.DataSource, string(ind.ReportedBy), ind.Description, ind.Releasability,
			formatTime(ind.CreatedAt), formatTime(ind.UpdatedAt))
		if err != nil {
			return err
		}
		ind.ID = id
		return tx.audit(ctx, custos.ActionCreate, custos.EntityIndicator, ind.ID, nil, ind)
	})
}

// UpdateIndicator replaces an indicator. A new unit, scale or list of
// breakdowns must still fit every stored measurement, so that the figures
// already entered do not become nonsense in silence.
func (db *DB) UpdateIndicator(ctx context.Context, ind *custos.Indicator) error {
	pr, err := custos.Authorize(ctx, custos.ActionUpdate, custos.EntityIndicator)
	if err != nil {
		return err
	}
	ind.Normalize()
	if err := ind.Validate(); err != nil {
		return err
	}
	if err := checkWriteLevel(pr, "indicator", ind.Releasability); err != nil {
		return err
	}
	return db.write(ctx, pr, func(tx *Tx) error {
		before, err := tx.findIndicator(ctx, ind.ID)
		if err != nil {
			return err
		}
		if ind.ProgramID != before.ProgramID {
			return fieldErr("indicator", "program_id", fmt.Sprintf("an indicator cannot move to another program (it belongs to program %d)", before.ProgramID))
		}
		if err := tx.checkIndicatorRefs(ctx, ind); err != nil {
			return err
		}
		if err := tx.checkStoredMeasurements(ctx, ind); err != nil {
			return err
		}
		ind.CreatedAt, ind.UpdatedAt = before.CreatedAt, tx.db.now()
		if _, err := tx.exec(ctx, `UPDATE indicators SET result_id = ?, code = ?, title = ?, unit = ?, scale_min = ?, scale_max = ?, direction = ?, baseline = ?, targets = ?,
			disaggregations = ?, data_source = ?, reported_by = ?, description = ?, releasability = ?, updated_at = ? WHERE id = ?`,
			ind.ResultID, ind.Code, ind.Title, string(ind.Unit), ind.ScaleMin, ind.ScaleMax, string(ind.Direction), baselineText(ind.Baseline), jsonText(ind.Targets),
			jsonText(ind.Disaggregations), ind.DataSource, string(ind.ReportedBy), ind.Description, ind.Releasability, formatTime(ind.UpdatedAt), ind.ID); err != nil {
			return err
		}
		return tx.audit(ctx, custos.ActionUpdate, custos.EntityIndicator, ind.ID, before, ind)
	})
}

// checkStoredMeasurements refuses an indicator that a stored measurement
// of it no longer fits, naming the first such measurement.
func (tx *Tx) checkStoredMeasurements(ctx context.Context, ind *custos.Indicator) error {
	rows, err := tx.query(ctx, `SELECT id, value, disaggregation FROM measurements WHERE indicator_id = ? ORDER BY id`, ind.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		m := custos.Measurement{IndicatorID: ind.ID}
		var dis string
		if err := rows.Scan(&m.ID, &m.Value, &dis); err != nil {
			return err
		}
		if dis != "" {
			if err := json.Unmarshal([]byte(dis), &m.Disaggregation); err != nil {
				return fmt.Errorf("measurement %d disaggregation: %w", m.ID, err)
			}
		}
		if err := m.CheckAgainst(ind); err != nil {
			field, reason := "unit", "does not fit"
			if e, ok := err.(*custos.Error); ok {
				for k, v := range e.Fields {
					field, reason = k, v
				}
			}
			if field != "value" {
				field = "disaggregations"
			} else {
				field = "unit"
			}
			return fieldErr("indicator", field, fmt.Sprintf("stored measurement %d would no longer fit: %s", m.ID, reason))
		}
	}
	return rows.Err()
}

// DeleteIndicator removes an indicator without measurements.
func (db *DB) DeleteIndicator(ctx context.Context, id int64) error {
	pr, err := custos.Authorize(ctx, custos.ActionDelete, custos.EntityIndicator)
	if err != nil {
		return err
	}
	return db.write(ctx, pr, func(tx *Tx) error {
		before, err := tx.findIndicator(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.refused(ctx, fmt.Sprintf("indicator %d", id), id, ref{"measurements", "indicator_id"}); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM indicators WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit(ctx, custos.ActionDelete, custos.EntityIndicator, id, before, nil)
	})
}
