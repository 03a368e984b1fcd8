package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strings"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/conditions"
)

// EntityEvaluationRun names, in the audit trail, one run of the condition
// engine over many conditions.
const EntityEvaluationRun = "condition_evaluation"

// EvaluateConditions evaluates every condition the filter selects (paging
// aside) as of asOf against all the data (see judge), records each
// verdict and raises an alert for each status that changed. The data is
// read in one transaction and the verdicts written in another, all or
// nothing.
func (db *DB) EvaluateConditions(ctx context.Context, f custos.ConditionFilter, asOf custos.Date) (*custos.EvaluationRun, error) {
	pr, err := custos.Authorize(ctx, custos.ActionUpdate, custos.EntityCondition)
	if err != nil {
		return nil, err
	}
	if asOf, err = db.evaluationDate(asOf); err != nil {
		return nil, err
	}
	if err := db.read(ctx, pr, func(tx *Tx) error { return tx.checkConditionFilter(ctx, f) }); err != nil {
		return nil, err
	}
	return db.evaluateWhere(ctx, pr, db.conditionWhere(pr, f), asOf)
}

// checkConditionFilter refuses a filter naming a program or a country that
// is not recorded (or that the caller may not see), each under its own
// field, as the condition report refuses an unknown country: selecting
// nothing would read as a program or country with no conditions.
func (tx *Tx) checkConditionFilter(ctx context.Context, f custos.ConditionFilter) error {
	fields := map[string]string{}
	for _, check := range []func() error{
		func() error { return tx.checkVisible(ctx, "evaluation", "program_id", "programs", f.ProgramID) },
		func() error { return tx.checkCountry(ctx, "evaluation", "country", f.Country) },
	} {
		err := check()
		var e *custos.Error
		if !errors.As(err, &e) || e.Kind != custos.EINVALID {
			if err != nil {
				return err
			}
			continue
		}
		maps.Copy(fields, e.Fields)
	}
	if len(fields) > 0 {
		return &custos.Error{Kind: custos.EINVALID, Message: "invalid evaluation", Fields: fields}
	}
	return nil
}

// evaluateWhere evaluates the conditions w selects as of asOf and records
// the verdicts, as EvaluateConditions describes.
func (db *DB) evaluateWhere(ctx context.Context, pr custos.Principal, w *where, asOf custos.Date) (*custos.EvaluationRun, error) {
	// Judge in a read transaction and record in a short write one: a cold
	// sweep reads millions of incidents, and SQLite has one writer at a
	// time.
	var conds []*custos.Condition
	var evals []*custos.Evaluation
	err := db.snapshot(ctx, pr, func(tx *Tx) error {
		var err error
		if conds, err = tx.queryConditions(ctx, w, 0); err != nil {
			return err
		}
		evals, err = tx.judge(ctx, conds, asOf)
		return err
	})
	if err != nil {
		return nil, err
	}
	var run *custos.EvaluationRun
	err = db.write(ctx, pr, func(tx *Tx) error {
		conds, evals, err := tx.current(ctx, conds, evals)
		if err != nil {
			return err
		}
		if err := tx.saveIncidentSnapshots(ctx); err != nil {
			return err
		}
		if run, err = tx.recordEvaluations(ctx, conds, evals, asOf); err != nil {
			return err
		}
		return tx.withholdEvaluations(ctx, run.Evaluations)
	})
	return run, err
}

// evaluationDate returns the date to evaluate as of: today (by the store's
// clock) when asOf is zero, asOf when it is today or earlier. A later date
// is refused: a status judges data already recorded, and a condition's
// deadline is what says whether it is still to come.
func (db *DB) evaluationDate(asOf custos.Date) (custos.Date, error) {
	today := custos.DateOf(db.now())
	if asOf.IsZero() {
		return today, nil
	}
	if today.Before(asOf) {
		return asOf, fieldErr("evaluation", "as_of", fmt.Sprintf("%s is after today (%s); a condition is judged as of today or a past date", asOf, today))
	}
	return asOf, nil
}

// snapshot runs fn in a read-only transaction. Unlike read, it begins a
// deferred transaction on SQLite too, so that a long sweep does not hold
// the database's single write lock while it reads.
func (db *DB) snapshot(ctx context.Context, p custos.Principal, fn func(tx *Tx) error) error {
	t, err := db.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer t.Rollback()
	if err := fn(&Tx{tx: t, db: db, p: p}); err != nil {
		return err
	}
	return t.Commit()
}

// current keeps the conditions (and their evaluations) that still exist,
// with their status and its as-of date as stored now, so that an alert
// compares with the latest recorded verdict even when another sweep ran in
// between.
func (tx *Tx) current(ctx context.Context, conds []*custos.Condition, evals []*custos.Evaluation) ([]*custos.Condition, []*custos.Evaluation, error) {
	type verdict struct {
		status custos.ConditionStatus
		asOf   custos.Date
	}
	status := make(map[int64]verdict, len(conds))
	for _, chunk := range chunks(conditionIDs(conds)) {
		in, args := inList(chunk)
		rows, err := tx.query(ctx, `SELECT id, status, status_as_of FROM conditions WHERE id IN `+in, args...)
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			var id int64
			var v verdict
			var asOf string
			if err := rows.Scan(&id, &v.status, &asOf); err != nil {
				rows.Close()
				return nil, nil, err
			}
			v.asOf = parseDate(asOf)
			status[id] = v
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
	}
	keptC, keptE := conds[:0:0], evals[:0:0]
	for i, c := range conds {
		if v, ok := status[c.ID]; ok {
			c.Status, c.StatusAsOf = v.status, v.asOf
			keptC, keptE = append(keptC, c), append(keptE, evals[i])
		}
	}
	return keptC, keptE, nil
}

// ReevaluateIndicator evaluates again, as of asOf, only the conditions of
// the indicator's program whose expressions read the indicator (found with
// the engine's Index over the stored dependencies), and records them like
// EvaluateConditions. Approving a measurement does this itself.
func (db *DB) ReevaluateIndicator(ctx context.Context, indicatorID int64, asOf custos.Date) (*custos.EvaluationRun, error) {
	pr, err := custos.Authorize(ctx, custos.ActionUpdate, custos.EntityCondition)
	if err != nil {
		return nil, err
	}
	if asOf, err = db.evaluationDate(asOf); err != nil {
		return nil, err
	}
	var run *custos.EvaluationRun
	err = db.write(ctx, pr, func(tx *Tx) (err error) {
		if run, err = tx.reevaluateIndicator(ctx, indicatorID, asOf); err != nil {
			return err
		}
		return tx.withholdEvaluations(ctx, run.Evaluations)
	})
	return run, err
}

func (tx *Tx) reevaluateIndicator(ctx context.Context, indicatorID int64, asOf custos.Date) (*custos.EvaluationRun, error) {
	ind, err := tx.findIndicator(ctx, indicatorID)
	if err != nil {
		return nil, err
	}
	scope := conditions.Scope{ProgramID: ind.ProgramID}
	rows, err := tx.query(ctx, `SELECT ci.condition_id, ci.input, ci.input_key FROM condition_inputs ci JOIN conditions c ON c.id = ci.condition_id
		WHERE c.program_id = ? ORDER BY ci.condition_id`, ind.ProgramID)
	if err != nil {
		return nil, err
	}
	deps := map[int64][]conditions.InputKey{}
	for rows.Next() {
		var id int64
		var k conditions.InputKey
		if err := rows.Scan(&id, &k.Input, &k.Key); err != nil {
			rows.Close()
			return nil, err
		}
		deps[id] = append(deps[id], k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ix := conditions.NewIndex()
	for id, d := range deps {
		ix.Set(id, scope, d)
	}
	ids := ix.Affected(scope, conditions.InputKey{Input: "indicator", Key: ind.Code})
	run := &custos.EvaluationRun{AsOf: asOf, Counts: map[custos.ConditionStatus]int{}, Evaluations: []*custos.Evaluation{}}
	if len(ids) == 0 {
		return run, nil
	}
	var conds []*custos.Condition
	for _, chunk := range chunks(ids) {
		w := &where{}
		in, args := inList(chunk)
		w.add(conditionVisible, tx.p.Clearance(), tx.p.Clearance())
		w.add("c.id IN "+in, args...)
		list, err := tx.queryConditions(ctx, w, 0)
		if err != nil {
			return nil, err
		}
		conds = append(conds, list...)
	}
	run, err = tx.evaluate(ctx, conds, asOf)
	if err != nil {
		return nil, err
	}
	return run, tx.saveIncidentSnapshots(ctx)
}

// evaluate judges conds as of asOf and records the verdicts.
func (tx *Tx) evaluate(ctx context.Context, conds []*custos.Condition, asOf custos.Date) (*custos.EvaluationRun, error) {
	evals, err := tx.judge(ctx, conds, asOf)
	if err != nil {
		return nil, err
	}
	return tx.recordEvaluations(ctx, conds, evals, asOf)
}

// judge evaluates conds as of asOf against the data, without recording.
// It reads every record whatever the caller's clearance: a condition's
// status is the data's answer, the same whoever asks, so that a planner
// (who may not read a protected incident) neither records "met" over a
// breach the scheduled sweep found nor sees another status than the one
// recorded. An evaluation holds counts, dates and unit ids, never the
// records behind them; which conditions a caller may evaluate or see is
// still decided by the caller's clearance.
func (tx *Tx) judge(ctx context.Context, conds []*custos.Condition, asOf custos.Date) ([]*custos.Evaluation, error) {
	all := &Tx{tx: tx.tx, db: tx.db, p: tx.p}
	all.p.Role = custos.RoleAdmin // reads only: loadInputs writes nothing
	inputs, err := all.loadInputs(ctx, conds, asOf)
	if err != nil {
		return nil, fmt.Errorf("condition inputs: %w", err)
	}
	evals := make([]*custos.Evaluation, len(conds))
	for i, c := range conds {
		var e custos.Evaluation
		if cc, err := compileCondition(c); err != nil {
			e = conditions.CannotEvaluate(c, asOf, err)
		} else {
			e = conditions.Evaluate(cc, inputs[conditions.ScopeOf(c)], asOf)
		}
		evals[i] = &e
	}
	return evals, nil
}

// evaluationBatch is how many evaluations one INSERT writes.
const evaluationBatch = 400

// recordEvaluations stores evaluations (evals[i] judges conds[i]) in the
// conditions' histories. An evaluation as of the date of a condition's
// stored status or later becomes its status, and raises an alert, with an
// audit entry, when the status changed; one as of an earlier date (a look
// back at what the data said then) is history only: it neither changes
// today's verdict nor alerts anyone.
func (tx *Tx) recordEvaluations(ctx context.Context, conds []*custos.Condition, evals []*custos.Evaluation, asOf custos.Date) (*custos.EvaluationRun, error) {
	now := tx.db.now()
	run := &custos.EvaluationRun{AsOf: asOf, Evaluated: len(evals), Counts: map[custos.ConditionStatus]int{}, Evaluations: evals}
	ids := map[int64]int64{} // condition -> evaluation
	for start := 0; start < len(evals); start += evaluationBatch {
		end := min(start+evaluationBatch, len(evals))
		var q strings.Builder
		q.WriteString(`INSERT INTO condition_evaluations (condition_id, as_of, status, criterion, input_values, error, evaluated_at) VALUES `)
		args := make([]any, 0, 7*(end-start))
		for i, e := range evals[start:end] {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(?, ?, ?, ?, ?, ?, ?)")
			e.EvaluatedAt = now
			args = append(args, e.ConditionID, e.AsOf.String(), string(e.Status), e.Criterion, jsonText(e.Values), e.Error, formatTime(now))
		}
		q.WriteString(" RETURNING id, condition_id")
		rows, err := tx.query(ctx, q.String(), args...)
		if err != nil {
			return nil, fmt.Errorf("record evaluations: %w", err)
		}
		for rows.Next() {
			var id, cid int64
			if err := rows.Scan(&id, &cid); err != nil {
				rows.Close()
				return nil, err
			}
			ids[cid] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	today := custos.DateOf(now)
	changed := map[custos.ConditionStatus][]int64{}
	var later []int64 // conditions whose status date moves to asOf
	for i, e := range evals {
		e.ID = ids[e.ConditionID]
		run.Counts[e.Status]++
		c := conds[i]
		if asOf.Before(c.StatusAsOf) && !today.Before(c.StatusAsOf) {
			continue // a look back; a stored date after today (accepted once) does not count
		}
		if c.StatusAsOf != asOf {
			later = append(later, c.ID)
			c.StatusAsOf = asOf
		}
		if c.Status == e.Status {
			continue
		}
		changed[e.Status] = append(changed[e.Status], c.ID)
		if c.Status != "" {
			run.Alerts = append(run.Alerts, &custos.ConditionAlert{ConditionID: c.ID, EvaluationID: e.ID, Previous: c.Status, Status: e.Status, AsOf: asOf, CreatedAt: now})
		}
		c.Status = e.Status
	}
	for _, st := range custos.ConditionStatuses {
		for _, chunk := range chunks(changed[st]) {
			in, args := inList(chunk)
			if _, err := tx.exec(ctx, `UPDATE conditions SET status = ? WHERE id IN `+in, append([]any{string(st)}, args...)...); err != nil {
				return nil, err
			}
		}
	}
	for _, chunk := range chunks(later) {
		in, args := inList(chunk)
		if _, err := tx.exec(ctx, `UPDATE conditions SET status_as_of = ? WHERE id IN `+in, append([]any{asOf.String()}, args...)...); err != nil {
			return nil, err
		}
	}
	for _, a := range run.Alerts {
		if err := tx.recordAlert(ctx, a); err != nil {
			return nil, err
		}
	}
	summary := struct {
		AsOf      custos.Date                    `json:"as_of"`
		Evaluated int                            `json:"evaluated"`
		Counts    map[custos.ConditionStatus]int `json:"counts"`
		Alerts    int                            `json:"alerts"`
	}{asOf, run.Evaluated, run.Counts, len(run.Alerts)}
	if err := tx.audit(ctx, custos.ActionCreate, EntityEvaluationRun, asOf.String(), nil, summary); err != nil {
		return nil, err
	}
	return run, nil
}

// recordAlert stores an alert and its audit entry.
func (tx *Tx) recordAlert(ctx context.Context, a *custos.ConditionAlert) error {
	id, err := tx.insert(ctx, `INSERT INTO condition_alerts (condition_id, evaluation_id, previous_status, status, as_of, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		a.ConditionID, a.EvaluationID, string(a.Previous), string(a.Status), a.AsOf.String(), formatTime(a.CreatedAt))
	if err != nil {
		return fmt.Errorf("record alert: %w", err)
	}
	a.ID = id
	return tx.audit(ctx, custos.ActionCreate, EntityConditionAlert, a.ID, nil, a)
}

// RecordEvaluation stores one evaluation made elsewhere and updates the
// condition's status, with an alert when it changed.
func (db *DB) RecordEvaluation(ctx context.Context, e *custos.Evaluation) error {
	pr, err := custos.Authorize(ctx, custos.ActionUpdate, custos.EntityCondition)
	if err != nil {
		return err
	}
	e.ID = 0
	if _, err := db.evaluationDate(e.AsOf); err != nil {
		return err
	}
	if err := e.Validate(); err != nil {
		return err
	}
	return db.write(ctx, pr, func(tx *Tx) error {
		c, err := tx.findCondition(ctx, e.ConditionID)
		if err != nil {
			return err
		}
		_, err = tx.recordEvaluations(ctx, []*custos.Condition{c}, []*custos.Evaluation{e}, e.AsOf)
		return err
	})
}

const evaluationColumns = `e.id, e.condition_id, e.as_of, e.status, e.criterion, e.input_values, e.error, e.evaluated_at`

func scanEvaluation(sc interface{ Scan(...any) error }) (*custos.Evaluation, error) {
	var e custos.Evaluation
	var asOf, values, at string
	if err := sc.Scan(&e.ID, &e.ConditionID, &asOf, &e.Status, &e.Criterion, &values, &e.Error, &at); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(values), &e.Values); err != nil {
		return nil, fmt.Errorf("evaluation %d values: %w", e.ID, err)
	}
	if len(e.Values) == 0 {
		e.Values = nil
	}
	e.AsOf, e.EvaluatedAt = parseDate(asOf), parseTime(at)
	return &e, nil
}

// FindEvaluations lists evaluations of the conditions the caller may see,
// newest first.
func (db *DB) FindEvaluations(ctx context.Context, f custos.EvaluationFilter) ([]*custos.Evaluation, string, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityCondition)
	if err != nil {
		return nil, "", err
	}
	if err := f.Page.Validate(); err != nil {
		return nil, "", err
	}
	before, err := f.AfterID()
	if err != nil {
		return nil, "", err
	}
	w := &where{}
	w.add(conditionVisible, pr.Clearance(), pr.Clearance())
	if f.ConditionID != 0 {
		w.add("e.condition_id = ?", f.ConditionID)
	}
	if f.Status != "" {
		w.add("e.status = ?", string(f.Status))
	}
	if !f.From.IsZero() {
		w.add("e.as_of >= ?", f.From.String())
	}
	if !f.To.IsZero() {
		w.add("e.as_of <= ?", f.To.String())
	}
	if before > 0 {
		w.add("e.id < ?", before)
	}
	var list []*custos.Evaluation
	err = db.read(ctx, pr, func(tx *Tx) error {
		got, err := queryAll(ctx, tx, scanEvaluation, `SELECT `+evaluationColumns+` FROM condition_evaluations e JOIN conditions c ON c.id = e.condition_id`+w.String()+` ORDER BY e.id DESC LIMIT ?`, append(w.args, f.Size()+1)...)
		if err != nil {
			return err
		}
		list = append(list, got...)
		return tx.withholdEvaluations(ctx, list)
	})
	if err != nil {
		return nil, "", err
	}
	return pageOf(list, f.Size(), func(e *custos.Evaluation) int64 { return e.ID })
}

// FindAlerts lists a condition's alerts (all visible conditions' when
// conditionID is 0), newest first, at most custos.MaxLimit.
func (db *DB) FindAlerts(ctx context.Context, conditionID int64) ([]*custos.ConditionAlert, error) {
	list, _, err := db.FindConditionAlerts(ctx, custos.AlertFilter{ConditionID: conditionID, Page: custos.Page{Limit: custos.MaxLimit}})
	return list, err
}

// JudgeCondition evaluates one condition as of asOf against the data as it
// was known then, with the values that decided it, without recording
// anything: what a reader asks when looking at a past date. It needs only
// the right to read conditions.
func (db *DB) JudgeCondition(ctx context.Context, id int64, asOf custos.Date) (*custos.Evaluation, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityCondition)
	if err != nil {
		return nil, err
	}
	if asOf, err = db.evaluationDate(asOf); err != nil {
		return nil, err
	}
	var e *custos.Evaluation
	err = db.snapshot(ctx, pr, func(tx *Tx) error {
		c, err := tx.findCondition(ctx, id)
		if err != nil {
			return err
		}
		evals, err := tx.judge(ctx, []*custos.Condition{c}, asOf)
		if err != nil {
			return err
		}
		e = evals[0]
		return tx.withholdEvaluations(ctx, evals)
	})
	return e, err
}
