package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/conditions"
)

const conditionColumns = `c.id, c.program_id, c.country, c.kind, c.type, c.title, c.owner, c.deadline, c.warn_days, c.statement, c.criterion, c.at_risk,
	c.consequences, c.inducements, c.exit_strategy, c.status, c.status_as_of, c.source, c.releasability, c.created_at, c.updated_at`

func scanCondition(sc interface{ Scan(...any) error }) (*custos.Condition, error) {
	var c custos.Condition
	var program nullInt
	var country nullString
	var deadline, statusAsOf, conseq, induce, source, created, updated string
	if err := sc.Scan(&c.ID, &program, &country, &c.Kind, &c.Type, &c.Title, &c.Owner, &deadline, &c.WarnDays, &c.Statement, &c.Criterion, &c.AtRisk,
		&conseq, &induce, &c.ExitStrategy, &c.Status, &statusAsOf, &source, &c.Releasability, &created, &updated); err != nil {
		return nil, err
	}
	c.ProgramID, c.Country = program.v, country.v
	if err := json.Unmarshal([]byte(conseq), &c.Consequences); err != nil {
		return nil, fmt.Errorf("condition %d consequences: %w", c.ID, err)
	}
	if err := json.Unmarshal([]byte(induce), &c.Inducements); err != nil {
		return nil, fmt.Errorf("condition %d inducements: %w", c.ID, err)
	}
	if len(c.Consequences) == 0 {
		c.Consequences = nil
	}
	if len(c.Inducements) == 0 {
		c.Inducements = nil
	}
	var err error
	if c.Source, err = parseSource(source); err != nil {
		return nil, fmt.Errorf("condition %d source: %w", c.ID, err)
	}
	c.Deadline, c.StatusAsOf = parseDate(deadline), parseDate(statusAsOf)
	c.CreatedAt, c.UpdatedAt = parseTime(created), parseTime(updated)
	return &c, nil
}

// nullString scans a nullable text column as "" when NULL.
type nullString struct{ v string }

func (n *nullString) Scan(src any) error {
	switch s := src.(type) {
	case nil:
		n.v = ""
	case string:
		n.v = s
	case []byte:
		n.v = string(s)
	default:
		return fmt.Errorf("nullString: cannot scan %T", src)
	}
	return nil
}

func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// conditionVisible is the clause that hides a condition from a caller who
// may not see it or the program it belongs to.
const conditionVisible = `c.releasability <= ? AND (c.program_id IS NULL OR c.program_id IN (SELECT id FROM programs WHERE releasability <= ?))`

func (tx *Tx) findCondition(ctx context.Context, id int64) (*custos.Condition, error) {
	cl := tx.p.Clearance()
	c, err := scanCondition(tx.queryRow(ctx, `SELECT `+conditionColumns+` FROM conditions c WHERE c.id = ? AND `+conditionVisible, id, cl, cl))
	if isNoRows(err) {
		return nil, notFound("condition", id)
	}
	return c, err
}

// conditionWhere turns a filter into a WHERE clause over conditions c.
func (db *DB) conditionWhere(pr custos.Principal, f custos.ConditionFilter) *where {
	w := &where{}
	w.add(conditionVisible, pr.Clearance(), pr.Clearance())
	if f.ProgramID != 0 {
		w.add("c.program_id = ?", f.ProgramID)
	}
	if f.Country != "" {
		w.add("(c.country = ? OR c.program_id IN (SELECT id FROM programs WHERE country = ?))", f.Country, f.Country)
	}
	if f.Kind != "" {
		w.add("c.kind = ?", string(f.Kind))
	}
	if f.Type != "" {
		w.add("c.type = ?", string(f.Type))
	}
	if f.Status != "" {
		w.add("c.status = ?", string(f.Status))
	}
	if !f.DeadlineBefore.IsZero() {
		w.add("c.deadline <> '' AND c.deadline < ?", f.DeadlineBefore.String())
	}
	if f.Q != "" {
		w.add("(c.title "+db.dialect.ILike+" ? ESCAPE '\\' OR c.statement "+db.dialect.ILike+" ? ESCAPE '\\')", likePattern(f.Q), likePattern(f.Q))
	}
	return w
}

// FindConditions lists conditions by id.
func (db *DB) FindConditions(ctx context.Context, f custos.ConditionFilter) ([]*custos.Condition, string, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityCondition)
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
	w := db.conditionWhere(pr, f)
	if after > 0 {
		w.add("c.id > ?", after)
	}
	var list []*custos.Condition
	err = db.read(ctx, pr, func(tx *Tx) (err error) {
		list, err = tx.queryConditions(ctx, w, f.Size()+1)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return pageOf(list, f.Size(), func(c *custos.Condition) int64 { return c.ID })
}

// queryConditions returns the conditions w selects, by id; limit 0 means
// all of them.
func (tx *Tx) queryConditions(ctx context.Context, w *where, limit int) ([]*custos.Condition, error) {
	q, args := `SELECT `+conditionColumns+` FROM conditions c`+w.String()+` ORDER BY c.id`, w.args
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*custos.Condition
	for rows.Next() {
		c, err := scanCondition(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, c)
	}
	return list, rows.Err()
}

// FindCondition returns one condition.
func (db *DB) FindCondition(ctx context.Context, id int64) (*custos.Condition, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityCondition)
	if err != nil {
		return nil, err
	}
	var c *custos.Condition
	err = db.read(ctx, pr, func(tx *Tx) (err error) {
		c, err = tx.findCondition(ctx, id)
		return err
	})
	return c, err
}

// prepareCondition validates a condition and compiles its expressions, so
// that nothing that cannot be evaluated is stored: a compile error names
// the field (criterion, at_risk) with the line and column of each problem.
func prepareCondition(pr custos.Principal, c *custos.Condition) (*conditions.Compiled, error) {
	c.Normalize()
	if err := c.Validate(); err != nil {
		return nil, err
	}
	cc, err := conditions.CompileCondition(c)
	if err != nil {
		return nil, err
	}
	return cc, checkWriteLevel(pr, "condition", c.Releasability)
}

func (tx *Tx) checkConditionRefs(ctx context.Context, c *custos.Condition) error {
	if err := tx.checkVisible(ctx, "condition", "program_id", "programs", c.ProgramID); err != nil {
		return err
	}
	if err := tx.checkCountry(ctx, "condition", "country", c.Country); err != nil {
		return err
	}
	return tx.checkSourceKey(ctx, "conditions", "condition", c.ID, c.Source)
}

// programOnly are the inputs that only a program has: a country plan has no
// indicators, recipients or vetting of its own.
var programOnly = map[string]bool{"indicator": true, "baseline": true, "target": true, "recipients": true, "vetting": true}

// checkInputs refuses a condition whose expressions read what its scope
// cannot have: a program input on a country plan, an indicator code the
// program does not have (a typo would otherwise leave the condition unable
// to be evaluated for ever, with a misleading reason), or a unit id
// (incidents.unit(42)) that is not a recorded actor's. Each
// expression's first problem is reported under its own field, criterion
// or at_risk, so that the form shows it beside the box it was typed in.
func (tx *Tx) checkInputs(ctx context.Context, c *custos.Condition, cc *conditions.Compiled) error {
	var codes map[string]bool
	problem := func(deps []conditions.InputKey) (string, error) {
		for _, d := range deps {
			if !programOnly[d.Input] {
				continue
			}
			if c.ProgramID == 0 {
				return fmt.Sprintf("reads %s, which only a program has; a country-plan condition can read incidents, consultations and dates", d.Input), nil
			}
			if d.Key == "" || d.Key == "*" || (d.Input != "indicator" && d.Input != "baseline" && d.Input != "target") {
				continue
			}
			if codes == nil {
				inds, err := tx.indicatorsIn(ctx, `program_id = ?`, []any{c.ProgramID})
				if err != nil {
					return "", err
				}
				codes = map[string]bool{}
				for _, ind := range inds {
					codes[ind.Code] = true
				}
			}
			if !codes[d.Key] {
				return fmt.Sprintf("reads %s[%q], but program %d has no indicator with code %q; add the indicator first or correct the code", d.Input, d.Key, c.ProgramID, d.Key), nil
			}
		}
		return "", nil
	}
	fields := map[string]string{}
	for _, x := range []struct {
		field string
		prog  *conditions.Program
	}{{"criterion", cc.Criterion}, {"at_risk", cc.AtRisk}} {
		if x.prog == nil {
			continue
		}
		reason, err := problem(x.prog.DependsOn())
		if err != nil {
			return err
		}
		if reason == "" {
			if reason, err = tx.unknownUnit(ctx, x.prog.Units()); err != nil {
				return err
			}
		}
		if reason != "" {
			fields[x.field] = reason
		}
	}
	if len(fields) > 0 {
		return &custos.Error{Kind: custos.EINVALID, Message: "invalid condition", Fields: fields}
	}
	return nil
}

// unknownUnit returns why an expression naming units (incidents.unit(42),
// the ids written in it) cannot be saved: the first that is not an actor
// the caller may see. A mistyped id would count no incident for ever, and
// a red line over it would hold on nothing.
func (tx *Tx) unknownUnit(ctx context.Context, units []int64) (string, error) {
	for _, u := range units {
		ok, err := tx.visible(ctx, "actors", u)
		if err != nil {
			return "", err
		}
		if !ok {
			return fmt.Sprintf("reads incidents.unit(%d), but no unit (actor) with id %d is recorded; correct the id, or record the unit first", u, u), nil
		}
	}
	return "", nil
}

// checkDecidedSteps refuses an edit of a condition's consequence ladder
// that changes or removes a step a recorded decision names. A decision
// stores only the step's place on the ladder, so changing that step would
// rewrite what was decided: the report and the condition's page would
// describe the old decision with the new ladder's words. Steps no decision
// names may change, and steps may be added at the end.
func (tx *Tx) checkDecidedSteps(ctx context.Context, before, c *custos.Condition) error {
	rows, err := tx.query(ctx, `SELECT id, decision, step, decided_at FROM condition_decisions WHERE condition_id = ? ORDER BY step, id`, c.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var step int
		var decision, at string
		if err := rows.Scan(&id, &decision, &step, &at); err != nil {
			return err
		}
		if step < 0 || step >= len(before.Consequences) {
			continue // named a step the ladder no longer had; nothing to keep
		}
		was := before.Consequences[step]
		if step < len(c.Consequences) && c.Consequences[step] == was {
			continue
		}
		change := "changes"
		if step >= len(c.Consequences) {
			change = "removes"
		}
		return fieldErr("condition", "consequences", fmt.Sprintf("%s step %d (%s), the step decision %d (%s, %s) was taken on; a recorded decision keeps its step: leave step %d as it is and add new steps at the end of the ladder",
			change, step+1, was.Describe(), id, decision, custos.DateOf(parseTime(at)), step+1))
	}
	return rows.Err()
}

// writeInputs records what the condition's expressions read.
func (tx *Tx) writeInputs(ctx context.Context, id int64, deps []conditions.InputKey) error {
	if _, err := tx.exec(ctx, `DELETE FROM condition_inputs WHERE condition_id = ?`, id); err != nil {
		return err
	}
	for _, d := range deps {
		if _, err := tx.exec(ctx, `INSERT INTO condition_inputs (condition_id, input, input_key) VALUES (?, ?, ?)`, id, d.Input, d.Key); err != nil {
			return err
		}
	}
	return nil
}

// CreateCondition adds a condition after compiling its expressions. Its
// status is empty until it is first evaluated.
func (db *DB) CreateCondition(ctx context.Context, c *custos.Condition) error {
	pr, err := custos.Authorize(ctx, custos.ActionCreate, custos.EntityCondition)
	if err != nil {
		return err
	}
	c.ID, c.Status = 0, ""
	cc, err := prepareCondition(pr, c)
	if err != nil {
		return err
	}
	return db.write(ctx, pr, func(tx *Tx) error {
		if err := tx.checkConditionRefs(ctx, c); err != nil {
			return err
		}
		c.CreatedAt = tx.db.now()
		c.UpdatedAt = c.CreatedAt
		src, key := sourceColumns(c.Source)
		id, err := tx.insert(ctx, `INSERT INTO conditions (program_id, country, kind, type, title, owner, deadline, warn_days, statement, criterion, at_risk, consequences, inducements, exit_strategy, status, source, source_key, releasability, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?)`,
			nullID(c.ProgramID), nullText(c.Country), string(c.Kind), string(c.Type), c.Title, c.Owner, c.Deadline.String(), c.WarnDays, c.Statement, c.Criterion, c.AtRisk,
			jsonText(c.Consequences), jsonText(c.Inducements), c.ExitStrategy, src, key, c.Releasability, formatTime(c.CreatedAt), formatTime(c.UpdatedAt))
		if err != nil {
			return err
		}
		c.ID = id
		if err := tx.checkInputs(ctx, c, cc); err != nil {
			return err
		}
		if err := tx.writeInputs(ctx, id, cc.DependsOn()); err != nil {
			return err
		}
		return tx.audit(ctx, custos.ActionCreate, custos.EntityCondition, c.ID, nil, c)
	})
}

// UpdateCondition replaces a condition after compiling its expressions.
// The status stays that of the latest evaluation until the next one.
func (db *DB) UpdateCondition(ctx context.Context, c *custos.Condition) error {
	pr, err := custos.Authorize(ctx, custos.ActionUpdate, custos.EntityCondition)
	if err != nil {
		return err
	}
	c.Status = ""
	cc, err := prepareCondition(pr, c)
	if err != nil {
		return err
	}
	return db.write(ctx, pr, func(tx *Tx) error {
		before, err := tx.findCondition(ctx, c.ID)
		if err != nil {
			return err
		}
		if err := tx.checkConditionRefs(ctx, c); err != nil {
			return err
		}
		if err := tx.checkInputs(ctx, c, cc); err != nil {
			return err
		}
		if err := tx.checkDecidedSteps(ctx, before, c); err != nil {
			return err
		}
		c.Status, c.StatusAsOf, c.CreatedAt, c.UpdatedAt = before.Status, before.StatusAsOf, before.CreatedAt, tx.db.now()
		src, key := sourceColumns(c.Source)
		if _, err := tx.exec(ctx, `UPDATE conditions SET program_id = ?, country = ?, kind = ?, type = ?, title = ?, owner = ?, deadline = ?, warn_days = ?, statement = ?, criterion = ?,
			at_risk = ?, consequences = ?, inducements = ?, exit_strategy = ?, source = ?, source_key = ?, releasability = ?, updated_at = ? WHERE id = ?`,
			nullID(c.ProgramID), nullText(c.Country), string(c.Kind), string(c.Type), c.Title, c.Owner, c.Deadline.String(), c.WarnDays, c.Statement, c.Criterion,
			c.AtRisk, jsonText(c.Consequences), jsonText(c.Inducements), c.ExitStrategy, src, key, c.Releasability, formatTime(c.UpdatedAt), c.ID); err != nil {
			return err
		}
		if err := tx.writeInputs(ctx, c.ID, cc.DependsOn()); err != nil {
			return err
		}
		return tx.audit(ctx, custos.ActionUpdate, custos.EntityCondition, c.ID, before, c)
	})
}

// DeleteCondition removes a condition that has raised nothing yet, with
// its evaluations. A condition with alerts or decisions on record is kept:
// someone was told its status changed, or acted on a breach, and the
// history behind that must stay (edit the condition instead).
func (db *DB) DeleteCondition(ctx context.Context, id int64) error {
	pr, err := custos.Authorize(ctx, custos.ActionDelete, custos.EntityCondition)
	if err != nil {
		return err
	}
	return db.write(ctx, pr, func(tx *Tx) error {
		before, err := tx.findCondition(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.refused(ctx, fmt.Sprintf("condition %d", id), id, ref{"condition_decisions", "condition_id"}, ref{"condition_alerts", "condition_id"}); err != nil {
			return err
		}
		for _, t := range []string{"condition_alerts", "condition_evaluations", "condition_inputs"} {
			if _, err := tx.exec(ctx, `DELETE FROM `+t+` WHERE condition_id = ?`, id); err != nil {
				return err
			}
		}
		if _, err := tx.exec(ctx, `DELETE FROM conditions WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit(ctx, custos.ActionDelete, custos.EntityCondition, id, before, nil)
	})
}
