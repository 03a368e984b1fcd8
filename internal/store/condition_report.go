package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/custos-ssa/custos"
)

// ConditionReport returns the condition status report of a country (of
// every country when country is ""): every
// condition of its country plan and of its programs that the caller may
// see, each with its latest evaluation and latest decision, programs' first
// in program order, then the country plan's.
func (db *DB) ConditionReport(ctx context.Context, country string) (*custos.ConditionReport, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityCondition)
	if err != nil {
		return nil, err
	}
	rep := &custos.ConditionReport{Country: country, Counts: map[custos.ConditionStatus]int{}, Rows: []*custos.ConditionReportRow{}}
	cl := pr.Clearance()
	err = db.read(ctx, pr, func(tx *Tx) error {
		if err := tx.checkCountry(ctx, "report", "country", country); err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT c.id, c.title, c.program_id, p.title, c.kind, c.type, c.deadline, c.status,
			e.as_of, e.input_values, e.error, d.decision, d.step, d.decided_at, c.consequences
			FROM conditions c
			LEFT JOIN programs p ON p.id = c.program_id
			LEFT JOIN condition_evaluations e ON e.id = (SELECT max(id) FROM condition_evaluations WHERE condition_id = c.id AND as_of = c.status_as_of)
			LEFT JOIN condition_decisions d ON d.id = (SELECT max(id) FROM condition_decisions WHERE condition_id = c.id)
			WHERE `+conditionVisible+` AND (? = '' OR c.country = ? OR p.country = ?)
			ORDER BY c.program_id IS NULL, c.program_id, c.id`, cl, cl, country, country, country)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r custos.ConditionReportRow
			var program nullInt
			var ptitle, asOf, values, evalErr, decision, decidedAt nullString
			var step nullInt
			var deadline, conseq string
			if err := rows.Scan(&r.ConditionID, &r.Title, &program, &ptitle, &r.Kind, &r.Type, &deadline, &r.Status,
				&asOf, &values, &evalErr, &decision, &step, &decidedAt, &conseq); err != nil {
				return err
			}
			r.ProgramID, r.ProgramTitle, r.Deadline, r.AsOf, r.Error = program.v, ptitle.v, parseDate(deadline), parseDate(asOf.v), evalErr.v
			if values.v != "" {
				if err := json.Unmarshal([]byte(values.v), &r.Values); err != nil {
					return fmt.Errorf("condition %d values: %w", r.ConditionID, err)
				}
			}
			if decision.v != "" {
				var ladder []custos.ConsequenceStep
				if err := json.Unmarshal([]byte(conseq), &ladder); err != nil {
					return fmt.Errorf("condition %d consequences: %w", r.ConditionID, err)
				}
				r.Decision = decisionText(decision.v, int(step.v), ladder, custos.DateOf(parseTime(decidedAt.v)))
			}
			if r.Status != "" {
				rep.Counts[r.Status]++
			}
			rep.Rows = append(rep.Rows, &r)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		programs := make([]int64, len(rep.Rows))
		for i, r := range rep.Rows {
			programs[i] = r.ProgramID
		}
		hidden, err := tx.hiddenIndicators(ctx, programs)
		if err != nil {
			return err
		}
		for _, r := range rep.Rows {
			r.Values = withholdValues(r.Values, hidden[r.ProgramID])
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// decisionText describes a decision on a breach for the report, counting
// the ladder's steps from 1 as the condition's page does: "apply step 2 of
// 4, pause new obligations (2026-11-20)".
func decisionText(decision string, step int, ladder []custos.ConsequenceStep, on custos.Date) string {
	if step < 0 || step >= len(ladder) {
		return fmt.Sprintf("%s step %d (%s)", decision, step+1, on)
	}
	return fmt.Sprintf("%s step %d of %d, %s (%s)", decision, step+1, len(ladder), ladder[step].Describe(), on)
}
