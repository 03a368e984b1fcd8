package store

import (
	"context"
	"fmt"

	"github.com/custos-ssa/custos"
)

// Program evaluations are read and written with the rights on their
// program: whoever may change a program records its evaluations.

const programEvaluationColumns = `id, program_id, kind, evaluation_date, outcomes, unintended, lessons, evaluator, releasability, created_at, updated_at`

func scanProgramEvaluation(sc interface{ Scan(...any) error }) (*custos.ProgramEvaluation, error) {
	var e custos.ProgramEvaluation
	var date, created, updated string
	if err := sc.Scan(&e.ID, &e.ProgramID, &e.Kind, &date, &e.Outcomes, &e.Unintended, &e.Lessons, &e.Evaluator, &e.Releasability, &created, &updated); err != nil {
		return nil, err
	}
	e.Date = parseDate(date)
	e.CreatedAt, e.UpdatedAt = parseTime(created), parseTime(updated)
	return &e, nil
}

func (tx *Tx) findProgramEvaluation(ctx context.Context, id int64) (*custos.ProgramEvaluation, error) {
	cl := tx.p.Clearance()
	e, err := scanProgramEvaluation(tx.queryRow(ctx, `SELECT `+programEvaluationColumns+` FROM program_evaluations WHERE id = ? AND releasability <= ?
		AND program_id IN (SELECT id FROM programs WHERE releasability <= ?)`, id, cl, cl))
	if isNoRows(err) {
		return nil, notFound("program evaluation", id)
	}
	return e, err
}

// FindProgramEvaluations lists program evaluations by id.
func (db *DB) FindProgramEvaluations(ctx context.Context, f custos.ProgramEvaluationFilter) ([]*custos.ProgramEvaluation, string, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityProgram)
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
	w.add("program_id IN (SELECT id FROM programs WHERE releasability <= ?)", pr.Clearance())
	if f.ProgramID != 0 {
		w.add("program_id = ?", f.ProgramID)
	}
	if f.Kind != "" {
		w.add("kind = ?", string(f.Kind))
	}
	if after > 0 {
		w.add("id > ?", after)
	}
	var list []*custos.ProgramEvaluation
	err = db.read(ctx, pr, func(tx *Tx) error {
		got, err := queryAll(ctx, tx, scanProgramEvaluation, `SELECT `+programEvaluationColumns+` FROM program_evaluations`+w.String()+` ORDER BY id LIMIT ?`, append(w.args, f.Size()+1)...)
		if err != nil {
			return err
		}
		list = append(list, got...)
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	return pageOf(list, f.Size(), func(e *custos.ProgramEvaluation) int64 { return e.ID })
}

// FindProgramEvaluation returns one program evaluation.
func (db *DB) FindProgramEvaluation(ctx context.Context, id int64) (*custos.ProgramEvaluation, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityProgram)
	if err != nil {
		return nil, err
	}
	var e *custos.ProgramEvaluation
	err = db.read(ctx, pr, func(tx *Tx) (err error) {
		e, err = tx.findProgramEvaluation(ctx, id)
		return err
	})
	return e, err
}

// CreateProgramEvaluation records a program evaluation.
func (db *DB) CreateProgramEvaluation(ctx context.Context, e *custos.ProgramEvaluation) error {
	pr, err := custos.Authorize(ctx, custos.ActionUpdate, custos.EntityProgram)
	if err != nil {
		return err
	}
	e.ID = 0
	e.Normalize()
	if err := e.Validate(); err != nil {
		return err
	}
	if err := checkWriteLevel(pr, "program evaluation", e.Releasability); err != nil {
		return err
	}
	return db.write(ctx, pr, func(tx *Tx) error {
		if err := tx.checkVisible(ctx, "program evaluation", "program_id", "programs", e.ProgramID); err != nil {
			return err
		}
		if err := tx.checkProgramEvaluation(ctx, e); err != nil {
			return err
		}
		e.CreatedAt = tx.db.now()
		e.UpdatedAt = e.CreatedAt
		id, err := tx.insert(ctx, `INSERT INTO program_evaluations (program_id, kind, evaluation_date, outcomes, unintended, lessons, evaluator, releasability, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.ProgramID, string(e.Kind), e.Date.String(), e.Outcomes, e.Unintended, e.Lessons, e.Evaluator, e.Releasability,
			formatTime(e.CreatedAt), formatTime(e.UpdatedAt))
		if err != nil {
			return err
		}
		e.ID = id
		return tx.audit(ctx, custos.ActionCreate, "program_evaluation", e.ID, nil, e)
	})
}

// checkProgramEvaluation refuses an evaluation dated after today (it
// records a judgement already made) or before the program's start (there
// was nothing yet to judge), and a second evaluation at close for one
// program (a program closes once; edit the one on record).
func (tx *Tx) checkProgramEvaluation(ctx context.Context, e *custos.ProgramEvaluation) error {
	if today := custos.DateOf(tx.db.now()); today.Before(e.Date) {
		return fieldErr("program evaluation", "date", fmt.Sprintf("%s is after today (%s): record an evaluation once it has been made", e.Date, today))
	}
	var start string
	if err := tx.queryRow(ctx, `SELECT start_date FROM programs WHERE id = ?`, e.ProgramID).Scan(&start); err != nil && !isNoRows(err) {
		return err
	}
	if s := parseDate(start); !s.IsZero() && e.Date.Before(s) {
		return fieldErr("program evaluation", "date", fmt.Sprintf("%s is before program %d started (%s): an evaluation judges a program under way or closed; check the date, or the program's start date", e.Date, e.ProgramID, s))
	}
	if e.Kind != "close" {
		return nil
	}
	var other int64
	err := tx.queryRow(ctx, `SELECT id FROM program_evaluations WHERE program_id = ? AND kind = 'close' AND id <> ? ORDER BY id LIMIT 1`, e.ProgramID, e.ID).Scan(&other)
	if isNoRows(err) {
		return nil
	}
	if err != nil {
		return err
	}
	return &custos.Error{Kind: custos.ECONFLICT, Message: "invalid program evaluation",
		Fields: map[string]string{"kind": fmt.Sprintf("program %d already has its evaluation at close (%d); edit that one", e.ProgramID, other)}}
}

// checkStartAfterEvaluations refuses to start program p after the date of
// an evaluation on record for it: the evaluation would then judge a
// program not yet begun, which checkProgramEvaluation refuses when the
// evaluation is written.
func (tx *Tx) checkStartAfterEvaluations(ctx context.Context, p *custos.Program) error {
	if p.Start.IsZero() {
		return nil
	}
	var id int64
	var date string
	err := tx.queryRow(ctx, `SELECT id, evaluation_date FROM program_evaluations WHERE program_id = ? AND evaluation_date < ? ORDER BY evaluation_date, id LIMIT 1`,
		p.ID, p.Start.String()).Scan(&id, &date)
	if isNoRows(err) {
		return nil
	}
	if err != nil {
		return err
	}
	return fieldErr("program", "start", fmt.Sprintf("%s is after the date of evaluation %d of this program (%s): a program cannot start after it was evaluated; start on or before %s, or correct the evaluation's date first", p.Start, id, date, date))
}

// UpdateProgramEvaluation replaces a program evaluation.
func (db *DB) UpdateProgramEvaluation(ctx context.Context, e *custos.ProgramEvaluation) error {
	pr, err := custos.Authorize(ctx, custos.ActionUpdate, custos.EntityProgram)
	if err != nil {
		return err
	}
	e.Normalize()
	if err := e.Validate(); err != nil {
		return err
	}
	if err := checkWriteLevel(pr, "program evaluation", e.Releasability); err != nil {
		return err
	}
	return db.write(ctx, pr, func(tx *Tx) error {
		before, err := tx.findProgramEvaluation(ctx, e.ID)
		if err != nil {
			return err
		}
		if e.ProgramID != before.ProgramID {
			return fieldErr("program evaluation", "program_id", fmt.Sprintf("an evaluation cannot move to another program (it evaluates program %d)", before.ProgramID))
		}
		if err := tx.checkProgramEvaluation(ctx, e); err != nil {
			return err
		}
		e.CreatedAt, e.UpdatedAt = before.CreatedAt, tx.db.now()
		if _, err := tx.exec(ctx, `UPDATE program_evaluations SET kind = ?, evaluation_date = ?, outcomes = ?, unintended = ?, lessons = ?, evaluator = ?, releasability = ?, updated_at = ? WHERE id = ?`,
			string(e.Kind), e.Date.String(), e.Outcomes, e.Unintended, e.Lessons, e.Evaluator, e.Releasability, formatTime(e.UpdatedAt), e.ID); err != nil {
			return err
		}
		return tx.audit(ctx, custos.ActionUpdate, "program_evaluation", e.ID, before, e)
	})
}

// DeleteProgramEvaluation removes a program evaluation.
func (db *DB) DeleteProgramEvaluation(ctx context.Context, id int64) error {
	pr, err := custos.Authorize(ctx, custos.ActionUpdate, custos.EntityProgram)
	if err != nil {
		return err
	}
	return db.write(ctx, pr, func(tx *Tx) error {
		before, err := tx.findProgramEvaluation(ctx, id)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM program_evaluations WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit(ctx, custos.ActionDelete, "program_evaluation", id, before, nil)
	})
}

// Portfolio computes the portfolio figures over the programs the caller may
// see, counting only the indicators and conditions the caller may see.
func (db *DB) Portfolio(ctx context.Context, f custos.PortfolioFilter) (*custos.PortfolioFigures, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityProgram)
	if err != nil {
		return nil, err
	}
	if _, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityCondition); err != nil {
		return nil, err
	}
	cl := pr.Clearance()
	progs, args := `SELECT id FROM programs WHERE releasability <= ?`, []any{cl}
	if f.Country != "" {
		progs += ` AND country = ?`
		args = append(args, f.Country)
	}
	fig := &custos.PortfolioFigures{}
	today := custos.DateOf(db.now()).String()
	err = db.read(ctx, pr, func(tx *Tx) error {
		// An unknown country is refused, as the condition report refuses
		// it: figures of nothing would read as a country with no programs.
		if err := tx.checkCountry(ctx, "portfolio", "country", f.Country); err != nil {
			return err
		}
		for _, q := range []struct {
			dest  *int
			query string
			extra []any
		}{
			{&fig.Programs, `SELECT count(*) FROM (` + progs + `) p`, nil},
			{&fig.WithOutcomeIndicators, `SELECT count(DISTINCT i.program_id) FROM indicators i JOIN results r ON r.id = i.result_id
				WHERE r.level IN ('outcome', 'impact') AND i.releasability <= ? AND r.releasability <= ? AND i.program_id IN (` + progs + `)`, []any{cl, cl}},
			{&fig.WithConditions, `SELECT count(DISTINCT program_id) FROM conditions WHERE releasability <= ? AND program_id IN (` + progs + `)`, []any{cl}},
			{&fig.WithMilestones, `SELECT count(DISTINCT program_id) FROM conditions WHERE kind = 'milestone' AND releasability <= ? AND program_id IN (` + progs + `)`, []any{cl}},
			{&fig.WithMilestonesDue, `SELECT count(DISTINCT program_id) FROM conditions WHERE kind = 'milestone' AND deadline <> '' AND deadline <= ? AND releasability <= ?
				AND program_id IN (` + progs + `)`, []any{today, cl}},
			{&fig.MilestonesOnTime, `SELECT count(DISTINCT program_id) FROM conditions c WHERE kind = 'milestone' AND deadline <> '' AND deadline <= ? AND releasability <= ?
				AND program_id IN (` + progs + `)
				AND NOT EXISTS (SELECT 1 FROM conditions b WHERE b.program_id = c.program_id AND b.kind = 'milestone' AND b.deadline <> '' AND b.deadline <= ? AND b.releasability <= ?
					AND NOT EXISTS (SELECT 1 FROM condition_evaluations e WHERE e.condition_id = b.id AND e.status = 'met' AND e.as_of <= b.deadline))`, []any{today, cl}},
		} {
			a := append(append([]any{}, q.extra...), args...)
			if q.dest == &fig.MilestonesOnTime {
				a = append(a, today, cl)
			}
			if err := tx.queryRow(ctx, q.query, a...).Scan(q.dest); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	pct := func(n, of int) float64 {
		if of == 0 {
			return 0
		}
		return float64(int(1000*float64(n)/float64(of)+0.5)) / 10
	}
	fig.OutcomeIndicatorPercent = pct(fig.WithOutcomeIndicators, fig.Programs)
	fig.ConditionPercent = pct(fig.WithConditions, fig.Programs)
	fig.OnTimePercent = pct(fig.MilestonesOnTime, fig.WithMilestonesDue)
	return fig, nil
}
