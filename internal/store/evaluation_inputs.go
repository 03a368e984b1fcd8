package store

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"sync"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/conditions"
)

// This file is the store-backed provider of the condition engine's inputs:
// it aggregates, for each program or country plan, the data a condition
// reads as of a date, at the clearance of the caller.
//
// Incidents come from the incidents tables (evaluation_incidents.go), and
// vetting from the vetting decisions and nominations (evaluation_vetting.go).
// Consultations come from the consultation records (evaluation_consultation.go).

// chunkSize bounds the ids in one IN list, far below every database's limit
// on parameters.
const chunkSize = 500

func chunks(ids []int64) [][]int64 {
	var out [][]int64
	for len(ids) > chunkSize {
		out = append(out, ids[:chunkSize])
		ids = ids[chunkSize:]
	}
	if len(ids) > 0 {
		out = append(out, ids)
	}
	return out
}

// loadInputs returns a snapshot per scope of the conditions given.
func (tx *Tx) loadInputs(ctx context.Context, conds []*custos.Condition, asOf custos.Date) (map[conditions.Scope]*conditions.Inputs, error) {
	out := map[conditions.Scope]*conditions.Inputs{}
	var programs []int64
	for _, c := range conds {
		s := conditions.ScopeOf(c)
		if _, ok := out[s]; ok {
			continue
		}
		out[s] = &conditions.Inputs{}
		if s.ProgramID != 0 {
			programs = append(programs, s.ProgramID)
			out[s].Indicators, out[s].Baselines, out[s].Targets = map[string]float64{}, map[string]float64{}, map[string]float64{}
		}
	}
	// The units a program assists are its recipients and the units taking
	// part in its activities (programs imported from training reports name
	// their units on activities only), every one (judge reads all data).
	part, err := tx.programParticipants(ctx, `SELECT DISTINCT a.program_id, aa.actor_id FROM activity_actors aa JOIN activities a ON a.id = aa.activity_id
		JOIN actors t ON t.id = aa.actor_id WHERE a.status <> 'cancelled' AND t.releasability <= `+strconv.Itoa(int(tx.p.Clearance()))+` AND a.program_id IN `, programs)
	if err != nil {
		return nil, err
	}
	// As of a date before the latest change to a program's indicators or
	// recipients, they are read as they were then (evaluation_history.go);
	// hist is nil when nothing changed since, as for a sweep as of today.
	hist, err := tx.programHistoryAsOf(ctx, programs, asOf)
	if err != nil {
		return nil, err
	}
	for _, chunk := range chunks(programs) {
		in, args := inList(chunk)
		recip, err := tx.idsOf(ctx, programRecipients, chunk)
		if err != nil {
			return nil, err
		}
		if hist != nil {
			if err := tx.recipientsAsOf(ctx, hist, chunk, recip); err != nil {
				return nil, err
			}
		}
		for _, id := range chunk {
			list := append(recip[id], part[id]...)
			slices.Sort(list)
			list = slices.Compact(list)
			if len(list) == 0 {
				// No unit recorded: the recipients input has no data, so
				// a condition over it cannot be evaluated (never met).
				list = nil
			}
			out[conditions.Scope{ProgramID: id}].Recipients = list
		}
		inds, err := tx.indicatorsIn(ctx, `program_id IN `+in, args)
		if err != nil {
			return nil, err
		}
		if hist != nil {
			if inds, err = tx.indicatorsAsOf(ctx, hist, chunk, inds); err != nil {
				return nil, err
			}
		}
		byProgram := map[int64][]custos.Indicator{}
		ids := make([]int64, 0, len(inds))
		codes := make(map[int64]*custos.Indicator, len(inds))
		for _, ind := range inds {
			byProgram[ind.ProgramID] = append(byProgram[ind.ProgramID], *ind)
			ids = append(ids, ind.ID)
			codes[ind.ID] = ind
		}
		for _, id := range chunk {
			// The program's codes, even without data: a code an expression
			// reads that is not among them was renamed or deleted since.
			out[conditions.Scope{ProgramID: id}].IndicatorCodes = []string{}
		}
		for pid, list := range byProgram {
			in := out[conditions.Scope{ProgramID: pid}]
			in.Baselines, in.Targets = conditions.BaselinesAndTargets(list, asOf)
			for _, ind := range list {
				in.IndicatorCodes = append(in.IndicatorCodes, ind.Code)
			}
			slices.Sort(in.IndicatorCodes)
		}
		latest, err := tx.latestApproved(ctx, ids, asOf)
		if err != nil {
			return nil, err
		}
		for id, v := range latest {
			ind := codes[id]
			out[conditions.Scope{ProgramID: ind.ProgramID}].Indicators[ind.Code] = v
		}
	}
	reads, err := tx.readsIncidents(ctx, conds)
	if err != nil {
		return nil, err
	}
	if reads {
		if err := tx.addIncidents(ctx, out, asOf); err != nil {
			return nil, err
		}
	}
	if reads, err := tx.readsInput(ctx, conds, "vetting"); err != nil {
		return nil, err
	} else if reads {
		if err := tx.addVetting(ctx, out, asOf); err != nil {
			return nil, err
		}
	}
	if reads, err := tx.readsInput(ctx, conds, "consultations"); err != nil {
		return nil, err
	} else if reads {
		if err := tx.addConsultations(ctx, out, asOf); err != nil { // evaluation_consultation.go
			return nil, err
		}
	}
	return out, nil
}

// indicatorsIn returns the visible indicators a clause selects.
func (tx *Tx) indicatorsIn(ctx context.Context, clause string, args []any) ([]*custos.Indicator, error) {
	rows, err := tx.query(ctx, `SELECT `+indicatorColumns+` FROM indicators WHERE `+clause+` AND releasability <= ? ORDER BY id`, append(args, tx.p.Clearance())...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*custos.Indicator
	for rows.Next() {
		ind, err := scanIndicator(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, ind)
	}
	return list, rows.Err()
}

// latestApproved returns, by indicator id, the value of the indicator's
// latest approved total as of asOf, with the rules of
// conditions.LatestApproved: approved by the end of asOf (a figure approved
// later was not known then), no breakdown, the period ended on or before
// asOf, the latest end (then the highest id) wins. One index seek per
// indicator (measurements_latest), so a sweep never reads every measurement.
func (tx *Tx) latestApproved(ctx context.Context, ids []int64, asOf custos.Date) (map[int64]float64, error) {
	out := make(map[int64]float64, len(ids))
	for _, chunk := range chunks(ids) {
		in, args := inList(chunk)
		rows, err := tx.query(ctx, `SELECT i.id, (SELECT m.value FROM measurements m
			WHERE m.indicator_id = i.id AND m.status = 'approved' AND m.disaggregation_key = '' AND m.period_end <= ? AND m.releasability <= ? AND m.reviewed_at <= ?
			ORDER BY m.period_end DESC, m.id DESC LIMIT 1) FROM indicators i WHERE i.id IN `+in,
			append([]any{asOf.String(), tx.p.Clearance(), asOf.String() + "T23:59:59.999999999Z"}, args...)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var v sql.NullFloat64
			if err := rows.Scan(&id, &v); err != nil {
				rows.Close()
				return nil, err
			}
			if v.Valid {
				out[id] = v.Float64
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// compiled caches compiled expressions by their text: compiling costs about
// 0.1 ms, evaluating 0.01 ms, and conditions are evaluated far more often
// than they change. The cache is dropped whole when it grows past
// maxCompiled expressions.
var compiled = struct {
	sync.Mutex
	m map[string]*conditions.Program
}{m: map[string]*conditions.Program{}}

const maxCompiled = 50_000

func compileExpr(expr string) (*conditions.Program, error) {
	compiled.Lock()
	p, ok := compiled.m[expr]
	compiled.Unlock()
	if ok {
		return p, nil
	}
	p, err := conditions.Compile(expr)
	if err != nil {
		return nil, err
	}
	compiled.Lock()
	if len(compiled.m) >= maxCompiled {
		compiled.m = map[string]*conditions.Program{}
	}
	compiled.m[expr] = p
	compiled.Unlock()
	return p, nil
}

// compileCondition compiles a stored condition through the cache. An error
// means the expression no longer compiles (the catalog changed since it was
// saved); the condition is then cannot_evaluate.
func compileCondition(c *custos.Condition) (*conditions.Compiled, error) {
	cc := &conditions.Compiled{Condition: *c}
	var err error
	if cc.Criterion, err = compileExpr(c.Criterion); err != nil {
		return nil, err
	}
	if c.AtRisk != "" {
		if cc.AtRisk, err = compileExpr(c.AtRisk); err != nil {
			return nil, err
		}
	}
	return cc, nil
}
