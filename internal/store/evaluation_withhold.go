package store

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/custos-ssa/custos"
)

// An evaluation records the values that decided it, and the judge reads
// every figure whatever the caller's clearance (a condition's status must
// not depend on who asks). A reader below the clearance of an indicator,
// or of an approved measurement of it, must still not learn its figures
// through a condition's values: this file blanks those values for the
// caller, leaving the status, the criterion and the other values.

// withheldValue replaces a value the caller may not see.
const withheldValue = "withheld: it comes from figures above your clearance"

// hiddenIndicators returns, for each of the programs, the codes of the
// indicators whose figures the caller may not see: the indicator itself,
// or one of its measurements, is above the caller's clearance.
func (tx *Tx) hiddenIndicators(ctx context.Context, programs []int64) (map[int64]map[string]bool, error) {
	out := map[int64]map[string]bool{}
	var ids []int64
	for _, p := range programs {
		if p > 0 {
			ids = append(ids, p)
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if len(ids) == 0 || tx.p.Clearance() >= custos.Protected {
		return out, nil
	}
	cl := strconv.Itoa(int(tx.p.Clearance()))
	for _, chunk := range chunks(ids) {
		in, args := inList(chunk)
		rows, err := tx.query(ctx, `SELECT i.program_id, i.code FROM indicators i WHERE i.program_id IN `+in+` AND (i.releasability > `+cl+`
			OR EXISTS (SELECT 1 FROM measurements m WHERE m.indicator_id = i.id AND m.releasability > `+cl+`))`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var program int64
			var code string
			if err := rows.Scan(&program, &code); err != nil {
				rows.Close()
				return nil, err
			}
			if out[program] == nil {
				out[program] = map[string]bool{}
			}
			out[program][code] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// withholdValues blanks the values in vs read from the hidden indicators:
// a value naming one of them (indicator["X"], target["X"], "X" in
// baseline), and a value over a whole map or a code not written out
// (indicator, indicator[k]) when any is hidden.
func withholdValues(vs []custos.InputValue, hidden map[string]bool) []custos.InputValue {
	if len(hidden) == 0 || len(vs) == 0 {
		return vs
	}
	out := make([]custos.InputValue, len(vs))
	for i, v := range vs {
		out[i] = v
		if readsHidden(v.Input, hidden) {
			out[i].Value = withheldValue
		}
	}
	return out
}

// readsHidden reports whether the expression text of a value reads the
// indicator, baseline or target maps where a hidden code may be.
func readsHidden(text string, hidden map[string]bool) bool {
	if !mentionsFigures(text) {
		return false
	}
	quoted := false
	for rest := text; ; {
		i := strings.IndexAny(rest, `"'`)
		if i < 0 {
			break
		}
		q := rest[i]
		j := strings.IndexByte(rest[i+1:], q)
		if j < 0 {
			return true // not a string we can read: be safe
		}
		code := rest[i+1 : i+1+j]
		quoted = true
		if hidden[code] {
			return true
		}
		rest = rest[i+1+j+1:]
	}
	return !quoted // the whole map, or a code computed in the expression
}

// mentionsFigures reports whether text names one of the maps of figures
// as an identifier.
func mentionsFigures(text string) bool {
	for _, name := range []string{"indicator", "baseline", "target"} {
		for rest := text; ; {
			i := strings.Index(rest, name)
			if i < 0 {
				break
			}
			before := i == 0 || !isIdentByte(rest[i-1])
			after := i+len(name) == len(rest) || !isIdentByte(rest[i+len(name)])
			if before && after {
				return true
			}
			rest = rest[i+len(name):]
		}
	}
	return false
}

func isIdentByte(b byte) bool {
	return b == '_' || b == '.' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// withholdEvaluations blanks, in evals shown to the caller, the values
// read from figures above the caller's clearance.
func (tx *Tx) withholdEvaluations(ctx context.Context, evals []*custos.Evaluation) error {
	if len(evals) == 0 || tx.p.Clearance() >= custos.Protected {
		return nil
	}
	ids := make([]int64, 0, len(evals))
	for _, e := range evals {
		ids = append(ids, e.ConditionID)
	}
	programOf := map[int64]int64{}
	var programs []int64
	for _, chunk := range chunks(ids) {
		in, args := inList(chunk)
		rows, err := tx.query(ctx, `SELECT id, COALESCE(program_id, 0) FROM conditions WHERE id IN `+in, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id, program int64
			if err := rows.Scan(&id, &program); err != nil {
				rows.Close()
				return err
			}
			programOf[id] = program
			programs = append(programs, program)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	hidden, err := tx.hiddenIndicators(ctx, programs)
	if err != nil {
		return err
	}
	for _, e := range evals {
		e.Values = withholdValues(e.Values, hidden[programOf[e.ConditionID]])
	}
	return nil
}
