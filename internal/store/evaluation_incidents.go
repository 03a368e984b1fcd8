package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"
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

// incidentIndexes builds, for each country, the index of its incidents
// the caller may see, leaving out discounted ones, in one pass over the
// incidents. An incident names several units as one fact per unit, and one
// fact of unit 0 when no unit is linked, so that country-wide counts
// include it.
//
// A sweep reads millions of rows here, so each row is three integers: the
// incident, the unit, and the day, country, category and credibility
// packed into one number by the database, which spares the driver a text
// value per column.
func (tx *Tx) incidentIndexes(ctx context.Context, countries []string) (map[string]*conditions.IncidentIndex, error) {
	out := make(map[string]*conditions.IncidentIndex, len(countries))
	if len(countries) == 0 {
		return out, nil
	}
	args := make([]any, 0, len(countries)+1)
	var country, category strings.Builder
	country.WriteString("CASE i.country")
	for i, c := range countries {
		args = append(args, c)
		fmt.Fprintf(&country, " WHEN ? THEN %d", i)
	}
	country.WriteString(" END")
	category.WriteString("CASE i.category")
	for i, c := range custos.IncidentCategories {
		fmt.Fprintf(&category, " WHEN '%s' THEN %d", c, i)
	}
	fmt.Fprintf(&category, " ELSE %d END", len(custos.IncidentCategories))
	day := `CAST(julianday(i.date) - 2440587.5 AS INTEGER)`
	if tx.db.dialect.Name == "postgres" {
		day = `(CAST(i.date AS date) - DATE '1970-01-01')`
	}
	ncat := int64(len(custos.IncidentCategories) + 1)
	packed := fmt.Sprintf(`((%s * %d + %s) * %d + %s) * 2 + CASE WHEN i.status IN ('credible', 'confirmed') THEN 1 ELSE 0 END`,
		day, len(countries), country.String(), ncat, category.String())
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(countries)), ", ")
	perps, err := tx.linkedUnits(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := tx.query(ctx, `SELECT i.id, `+packed+` FROM incidents i
		WHERE i.country IN (`+marks+`) AND i.status <> 'discounted' AND i.releasability <= ? ORDER BY i.id`,
		append(append(args, args...), tx.p.Clearance())...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	facts := make([][]conditions.IncidentFact, len(countries))
	next := 0 // the first link of an incident not yet read
	for rows.Next() {
		var id int64
		var pack sql.NullInt64
		if err := rows.Scan(&id, &pack); err != nil {
			return nil, err
		}
		if !pack.Valid {
			return nil, fmt.Errorf("incident %d: no valid date", id)
		}
		v := pack.Int64
		credible := v%2 == 1
		v /= 2
		cat := v % ncat
		v /= ncat
		country := int(v % int64(len(countries)))
		if cat >= int64(len(custos.IncidentCategories)) {
			return nil, fmt.Errorf("incident %d: unknown category", id)
		}
		f := conditions.IncidentFact{Category: custos.IncidentCategories[cat], Date: civilDay(v / int64(len(countries))), Credible: credible}
		for next < len(perps) && perps[next].incident < id {
			next++
		}
		linked := false
		for ; next < len(perps) && perps[next].incident == id; next++ {
			if next > 0 && perps[next-1] == perps[next] {
				continue // the same unit named twice in one incident
			}
			f.Unit, linked = perps[next].unit, true
			facts[country] = append(facts[country], f)
		}
		if !linked {
			f.Unit = 0
			facts[country] = append(facts[country], f)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i, c := range countries {
		ix, err := conditions.NewIncidentIndex(facts[i])
		if err != nil {
			return nil, fmt.Errorf("incidents of %s: %w", c, err)
		}
		out[c] = ix
	}
	return out, nil
}

// link is one unit named as a perpetrator of an incident.
type perpetratorLink struct{ incident, unit int64 }

// linkedUnits returns the units named in incidents, sorted by incident then
// unit. Reading them apart from the incidents and merging in memory costs
// one scan of the links (of every country: the scan is cheaper than a
// filter), where a join would look the links up once per incident.
func (tx *Tx) linkedUnits(ctx context.Context) ([]perpetratorLink, error) {
	rows, err := tx.query(ctx, `SELECT p.incident_id, p.actor_id FROM incident_perpetrators p WHERE p.actor_id IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []perpetratorLink
	for rows.Next() {
		var l perpetratorLink
		if err := rows.Scan(&l.incident, &l.unit); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b perpetratorLink) int {
		if a.incident != b.incident {
			return cmp.Compare(a.incident, b.incident)
		}
		return cmp.Compare(a.unit, b.unit)
	})
	return out, nil
}

// civilDay returns the date days after 1970-01-01 (H. Hinnant's
// civil_from_days), without going through time.Time.
func civilDay(days int64) custos.Date {
	z := days + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return custos.Date{Year: int(y), Month: time.Month(m), Day: int(d)}
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
	var countries []string
	roots := map[int64]bool{}
	for s, c := range countryOf {
		if !slices.Contains(countries, c) {
			countries = append(countries, c)
		}
		for _, r := range inputs[s].Recipients {
			roots[r] = true
		}
	}
	slices.Sort(countries)
	indexes, err := tx.cachedIncidentIndexes(ctx, countries)
	if err != nil {
		return err
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

// incidentCache keeps the incident indexes of the last sweep of each store,
// because building them reads every incident while most sweeps follow no
// change to incidents at all. Every change to incidents writes an audit
// entry in its transaction (imports one per file), so the latest such
// entry tells whether the indexes are still those of the data; a change
// made around the store (a migration, raw SQL) is not seen until the
// process restarts.
var incidentCache = struct {
	sync.Mutex
	m map[*DB]*cachedIncidents
}{m: map[*DB]*cachedIncidents{}}

type cachedIncidents struct {
	key     string // clearance and the latest audit entry on incidents
	indexes map[string]*conditions.IncidentIndex
}

// cachedIncidentIndexes returns incidentIndexes, taking from the cache the
// countries whose incidents have not changed since it was built and
// reading the others.
func (tx *Tx) cachedIncidentIndexes(ctx context.Context, countries []string) (map[string]*conditions.IncidentIndex, error) {
	var seq sql.NullInt64
	if err := tx.queryRow(ctx, `SELECT max(seq) FROM audit WHERE entity IN ('incident', 'import')`).Scan(&seq); err != nil {
		return nil, err
	}
	key := fmt.Sprintf("%d|%d", tx.p.Clearance(), seq.Int64)
	out := make(map[string]*conditions.IncidentIndex, len(countries))
	var missing []string
	incidentCache.Lock()
	c := incidentCache.m[tx.db]
	for _, country := range countries {
		if c != nil && c.key == key && c.indexes[country] != nil {
			out[country] = c.indexes[country]
		} else {
			missing = append(missing, country)
		}
	}
	incidentCache.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	read, err := tx.incidentIndexes(ctx, missing)
	if err != nil {
		return nil, err
	}
	incidentCache.Lock()
	c = incidentCache.m[tx.db]
	if c == nil || c.key != key {
		c = &cachedIncidents{key: key, indexes: map[string]*conditions.IncidentIndex{}}
		incidentCache.m[tx.db] = c
	}
	for country, ix := range read {
		c.indexes[country] = ix
		out[country] = ix
	}
	incidentCache.Unlock()
	return out, nil
}
