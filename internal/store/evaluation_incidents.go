package store

import (
	"context"
	"fmt"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/conditions"
)

// This file supplies the incidents input of the condition engine from the
// incidents tables: one conditions.IncidentIndex per country, shared by the
// country plan and every program there, and for each program the units it
// answers for (its recipients and every unit under them).

// readsIncidents reports whether any of the conditions' stored inputs is
// incidents or recipients-through-incidents, so that a sweep over
// conditions that never look at incidents does not read them.
func (tx *Tx) readsIncidents(ctx context.Context, conds []*custos.Condition) (bool, error) {
	for _, chunk := range chunks(conditionIDs(conds)) {
		in, args := inList(chunk)
		var n int
		if err := tx.queryRow(ctx, `SELECT count(*) FROM condition_inputs WHERE input = 'incidents' AND condition_id IN `+in, args...).Scan(&n); err != nil {
			return false, err
		}
		if n > 0 {
			return true, nil
		}
	}
	return false, nil
}

func conditionIDs(conds []*custos.Condition) []int64 {
	ids := make([]int64, len(conds))
	for i, c := range conds {
		ids[i] = c.ID
	}
	return ids
}

// incidentIndex builds the index of a country's incidents the caller may
// see, leaving out discounted ones. An incident names several units as one
// fact per unit, and one fact of unit 0 when no unit is linked, so that
// country-wide counts include it.
func (tx *Tx) incidentIndex(ctx context.Context, country string) (*conditions.IncidentIndex, error) {
	rows, err := tx.query(ctx, `SELECT i.id, i.category, i.date, i.status, p.actor_id FROM incidents i
		LEFT JOIN incident_perpetrators p ON p.incident_id = i.id AND p.actor_id IS NOT NULL
		WHERE i.country = ? AND i.status <> 'discounted' AND i.releasability <= ? ORDER BY i.id`, country, tx.p.Clearance())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var facts []conditions.IncidentFact
	var lastID int64
	var seen []int64 // units of the current incident
	for rows.Next() {
		var id int64
		var category, date, status string
		var unit nullInt
		if err := rows.Scan(&id, &category, &date, &status, &unit); err != nil {
			return nil, err
		}
		if id != lastID {
			lastID, seen = id, seen[:0]
		}
		dup := false
		for _, u := range seen {
			dup = dup || u == unit.v
		}
		if dup {
			continue
		}
		seen = append(seen, unit.v)
		d, ok := quickDate(date)
		if !ok {
			return nil, fmt.Errorf("incident %d: date %q", id, date)
		}
		facts = append(facts, conditions.IncidentFact{Unit: unit.v, Category: custos.IncidentCategory(category), Date: d,
			Credible: status == string(custos.StatusCredible) || status == string(custos.StatusConfirmed)})
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return conditions.NewIncidentIndex(facts)
}

// quickDate parses YYYY-MM-DD without going through time.Parse: a sweep
// parses millions of them.
func quickDate(s string) (custos.Date, bool) {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return custos.Date{}, false
	}
	n := func(b string) int {
		v := 0
		for i := 0; i < len(b); i++ {
			c := b[i]
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	y, m, d := n(s[:4]), n(s[5:7]), n(s[8:10])
	if y < 0 || m < 1 || m > 12 || d < 1 || d > 31 {
		return custos.Date{}, false
	}
	return custos.Date{Year: y, Month: time.Month(m), Day: d}, true
}

// subtrees returns, for each root unit, the root and every actor under it,
// among the actors of the given countries.
func (tx *Tx) subtrees(ctx context.Context, countries []string, roots map[int64]bool) (map[int64][]int64, error) {
	children := map[int64][]int64{}
	for _, c := range countries {
		rows, err := tx.query(ctx, `SELECT id, parent_id FROM actors WHERE country = ? AND parent_id IS NOT NULL`, c)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var parent nullInt
			if err := rows.Scan(&id, &parent); err != nil {
				rows.Close()
				return nil, err
			}
			children[parent.v] = append(children[parent.v], id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	out := make(map[int64][]int64, len(roots))
	for root := range roots {
		seen := map[int64]bool{root: true}
		list := []int64{root}
		for i := 0; i < len(list); i++ {
			for _, ch := range children[list[i]] {
				if !seen[ch] {
					seen[ch] = true
					list = append(list, ch)
				}
			}
		}
		out[root] = list
	}
	return out, nil
}

// addIncidents fills the incidents inputs of the snapshots: the index of
// each scope's country, and for programs the units they answer for.
func (tx *Tx) addIncidents(ctx context.Context, inputs map[conditions.Scope]*conditions.Inputs) error {
	countryOf := map[conditions.Scope]string{}
	var programs []int64
	for s := range inputs {
		if s.ProgramID != 0 {
			programs = append(programs, s.ProgramID)
		} else {
			countryOf[s] = s.Country
		}
	}
	for _, chunk := range chunks(programs) {
		in, args := inList(chunk)
		rows, err := tx.query(ctx, `SELECT id, country FROM programs WHERE id IN `+in, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var c string
			if err := rows.Scan(&id, &c); err != nil {
				rows.Close()
				return err
			}
			countryOf[conditions.Scope{ProgramID: id}] = c
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	indexes := map[string]*conditions.IncidentIndex{}
	var countries []string
	roots := map[int64]bool{}
	for s, c := range countryOf {
		if _, ok := indexes[c]; !ok {
			ix, err := tx.incidentIndex(ctx, c)
			if err != nil {
				return fmt.Errorf("incidents of %s: %w", c, err)
			}
			indexes[c] = ix
			countries = append(countries, c)
		}
		for _, r := range inputs[s].Recipients {
			roots[r] = true
		}
	}
	trees, err := tx.subtrees(ctx, countries, roots)
	if err != nil {
		return err
	}
	for s, in := range inputs {
		in.Incidents = indexes[countryOf[s]]
		if s.ProgramID == 0 {
			continue
		}
		units := []int64{}
		seen := map[int64]bool{}
		for _, r := range in.Recipients {
			for _, u := range trees[r] {
				if !seen[u] {
					seen[u] = true
					units = append(units, u)
				}
			}
		}
		in.IncidentUnits = units
	}
	return nil
}
