package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
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
// With a history (an evaluation as of a date before the latest change to
// incidents), only the incidents entered by then count, each with its
// verification status as of then; without one, every incident counts with
// its status now.
//
// A sweep reads millions of rows here, so each row is two integers: the
// incident, and the day, country, category and status packed into one
// number by the database, which spares the driver a text value per column.
func (tx *Tx) incidentIndexes(ctx context.Context, countries []string, hist *incidentHistory, gen string) (map[string]*conditions.IncidentIndex, error) {
	out := make(map[string]*conditions.IncidentIndex, len(countries))
	if len(countries) == 0 {
		return out, nil
	}
	args := make([]any, 0, len(countries)+1)
	var country, category, status strings.Builder
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
	status.WriteString("CASE i.status")
	for i, st := range custos.VerificationStatuses {
		fmt.Fprintf(&status, " WHEN '%s' THEN %d", st, i)
	}
	fmt.Fprintf(&status, " ELSE %d END", len(custos.VerificationStatuses))
	day := `CAST(julianday(i.date) - 2440587.5 AS INTEGER)`
	if tx.db.dialect.Name == "postgres" {
		day = `(CAST(i.date AS date) - DATE '1970-01-01')`
	}
	ncat := int64(len(custos.IncidentCategories) + 1)
	nst := int64(len(custos.VerificationStatuses) + 1)
	packed := fmt.Sprintf(`((%s * %d + %s) * %d + %s) * %d + %s`,
		day, len(countries), country.String(), ncat, category.String(), nst, status.String())
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(countries)), ", ")
	// The links are read on a second connection while this one reads the
	// incidents (WAL lets readers run side by side), and again here if
	// that connection did not see the same incidents.
	aside := make(chan []perpetratorLink, 1)
	go func() { aside <- tx.linkedUnitsAside(ctx, gen) }()
	filter := ` AND i.status <> 'discounted'`
	args = append(append(args, args...), tx.p.Clearance())
	if hist != nil {
		// A discounted incident may have been credible then; one entered
		// later was not known.
		filter = ` AND i.created_at <= ?`
		args = append(args, hist.cutoff)
	}
	incidents, err := tx.pairsSplit(ctx, gen, "incidents i", "i.id", "i.id", packed,
		`i.country IN (`+marks+`) AND i.releasability <= ?`+filter, args)
	perps := <-aside
	if err != nil {
		return nil, err
	}
	if perps == nil {
		if perps, err = tx.linkedUnits(ctx); err != nil {
			return nil, err
		}
	}
	facts := make([][]conditions.IncidentFact, len(countries))
	next := 0 // the first link of an incident not yet read
	for _, pair := range incidents {
		id, pack := pair[0], sql.NullInt64{Int64: pair[1], Valid: true}
		if !pack.Valid {
			return nil, fmt.Errorf("incident %d: no valid date", id)
		}
		v := pack.Int64
		stIndex := v % nst
		v /= nst
		cat := v % ncat
		v /= ncat
		country := int(v % int64(len(countries)))
		if cat >= int64(len(custos.IncidentCategories)) {
			return nil, fmt.Errorf("incident %d: unknown category", id)
		}
		if stIndex >= int64(len(custos.VerificationStatuses)) {
			return nil, fmt.Errorf("incident %d: unknown verification status", id)
		}
		st := custos.VerificationStatuses[stIndex]
		if hist != nil {
			if then, ok := hist.status[id]; ok {
				st = then
			}
		}
		if st == custos.StatusDiscounted {
			continue
		}
		f := conditions.IncidentFact{Category: custos.IncidentCategories[cat], Date: civilDay(v / int64(len(countries))),
			Credible: st == custos.StatusCredible || st == custos.StatusConfirmed}
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
	pairs, err := tx.pairs(ctx, "incident_perpetrators p", "p.incident_id", "p.incident_id", "p.actor_id", `p.actor_id IS NOT NULL`, nil)
	if err != nil {
		return nil, err
	}
	out := make([]perpetratorLink, len(pairs))
	for i, p := range pairs {
		out[i] = perpetratorLink{p[0], p[1]}
	}
	slices.SortFunc(out, func(a, b perpetratorLink) int {
		if a.incident != b.incident {
			return cmp.Compare(a.incident, b.incident)
		}
		return cmp.Compare(a.unit, b.unit)
	})
	return out, nil
}

// linkedUnitsAside returns linkedUnits read in a read-only transaction of
// its own, or nil when that transaction fails or sees another generation of
// the incidents than gen (a change committed in between, or one not yet
// committed by tx): the caller then reads them in tx.
func (tx *Tx) linkedUnitsAside(ctx context.Context, gen string) []perpetratorLink {
	other, done := tx.aside(ctx, gen)
	if other == nil {
		return nil
	}
	defer done()
	links, err := other.linkedUnits(ctx)
	if err != nil {
		return nil
	}
	if links == nil {
		links = []perpetratorLink{}
	}
	return links
}

// PairChunk is how many ids of the range one query of pairs covers. The
// results do not depend on it; tests lower it to exercise the ranges and
// the reading of a range's upper half on a second connection.
var PairChunk int64 = 250_000

// pairs returns the pairs of integers (a, b) of the rows of from that match
// where, sorted by a. Millions of rows cost more in the driver than in the
// database (about 0.8 µs a row in modernc.org/sqlite and database/sql), so
// the database joins each range of ids into one text, "a,b a,b ...", which
// is parsed here: a few values instead of millions. A null b is an error.
func (tx *Tx) pairs(ctx context.Context, from, idCol, a, b, where string, args []any) ([][2]int64, error) {
	lo, hi, ok, err := tx.idRange(ctx, from, idCol)
	if err != nil || !ok {
		return nil, err
	}
	return tx.pairsIn(ctx, from, idCol, a, b, where, args, lo, hi)
}

// idRange returns the least and greatest id of from, and false when it
// has no rows.
func (tx *Tx) idRange(ctx context.Context, from, idCol string) (lo, hi int64, ok bool, err error) {
	// Two ordered look-ups, not min() and max() in one query, which SQLite
	// answers by scanning the whole table.
	var l, h sql.NullInt64
	if err := tx.queryRow(ctx, `SELECT (SELECT `+idCol+` FROM `+from+` ORDER BY `+idCol+` LIMIT 1), (SELECT `+idCol+` FROM `+from+` ORDER BY `+idCol+` DESC LIMIT 1)`).Scan(&l, &h); err != nil {
		return 0, 0, false, err
	}
	return l.Int64, h.Int64, l.Valid, nil
}

// pairsSplit returns what pairs does, reading the upper half of the ids on
// a read-only transaction of its own, in parallel, when one sees the same
// generation of the incidents (gen) as tx: on two cores a cold sweep's
// reading of millions of incidents then takes about half the time. When
// no such transaction can be had, tx reads the whole range.
func (tx *Tx) pairsSplit(ctx context.Context, gen, from, idCol, a, b, where string, args []any) ([][2]int64, error) {
	lo, hi, ok, err := tx.idRange(ctx, from, idCol)
	if err != nil || !ok {
		return nil, err
	}
	if hi-lo < 2*PairChunk {
		return tx.pairsIn(ctx, from, idCol, a, b, where, args, lo, hi)
	}
	mid := lo + (hi-lo)/2
	type half struct {
		pairs [][2]int64
		err   error
		read  bool
	}
	upper := make(chan half, 1)
	go func() {
		other, done := tx.aside(ctx, gen)
		if other == nil {
			upper <- half{}
			return
		}
		defer done()
		p, err := other.pairsIn(ctx, from, idCol, a, b, where, args, mid+1, hi)
		upper <- half{p, err, true}
	}()
	out, err := tx.pairsIn(ctx, from, idCol, a, b, where, args, lo, mid)
	up := <-upper
	if err != nil {
		return nil, err
	}
	if !up.read {
		up.pairs, up.err = tx.pairsIn(ctx, from, idCol, a, b, where, args, mid+1, hi)
	}
	if up.err != nil {
		return nil, up.err
	}
	// Each half is sorted by a (pairsIn sorts it) and the halves are
	// ranges of ids one after the other.
	return append(out, up.pairs...), nil
}

// aside opens a read-only transaction that sees the incidents of
// generation gen, for reading beside tx, with the function that ends it;
// nil when there is no generation to check, or the transaction cannot be
// had or sees another generation (a change committed in between, or one
// not yet committed by tx).
func (tx *Tx) aside(ctx context.Context, gen string) (*Tx, func()) {
	if gen == "" {
		return nil, nil
	}
	t, err := tx.db.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, nil
	}
	other := &Tx{tx: t, db: tx.db, p: tx.p}
	if g, err := other.incidentGeneration(ctx); err != nil || g.key != gen {
		t.Rollback()
		return nil, nil
	}
	return other, func() { t.Rollback() }
}

// pairsIn returns the pairs of the rows of from whose id is in [lo, hi],
// sorted by a.
func (tx *Tx) pairsIn(ctx context.Context, from, idCol, a, b, where string, args []any, lo, hi int64) ([][2]int64, error) {
	agg := `group_concat(CAST(%s AS TEXT) || ',' || CAST(%s AS TEXT), ' ')`
	if tx.db.dialect.Name == "postgres" {
		agg = `string_agg(CAST(%s AS TEXT) || ',' || CAST(%s AS TEXT), ' ')`
	}
	q := `SELECT ` + fmt.Sprintf(agg, a, "("+b+")") + `, count(*) FROM ` + from + ` WHERE ` + where + ` AND ` + idCol + ` BETWEEN ? AND ?`
	var out [][2]int64
	sorted := true
	for start := lo; start <= hi; start += PairChunk {
		var text sql.NullString
		var n int
		if err := tx.queryRow(ctx, q, append(append([]any{}, args...), start, min(start+PairChunk-1, hi))...).Scan(&text, &n); err != nil {
			return nil, err
		}
		before := len(out)
		var err error
		if out, err = appendPairs(out, text.String); err != nil {
			return nil, fmt.Errorf("%s: %w", from, err)
		}
		if len(out)-before != n {
			return nil, fmt.Errorf("%s: %d rows read as %d pairs (a null value?)", from, n, len(out)-before)
		}
		for i := max(before, 1); i < len(out) && sorted; i++ {
			sorted = out[i-1][0] <= out[i][0]
		}
	}
	if !sorted {
		slices.SortStableFunc(out, func(x, y [2]int64) int { return cmp.Compare(x[0], y[0]) })
	}
	return out, nil
}

// appendPairs parses "a,b a,b ..." (integers, maybe negative).
func appendPairs(out [][2]int64, s string) ([][2]int64, error) {
	var pair [2]int64
	k, neg, digits := 0, false, 0
	end := func() error {
		if digits == 0 {
			return fmt.Errorf("malformed pair list near byte %d", len(s))
		}
		if neg {
			pair[k] = -pair[k]
		}
		neg, digits = false, 0
		return nil
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			pair[k] = pair[k]*10 + int64(c-'0')
			digits++
		case c == '-' && digits == 0 && !neg:
			neg = true
		case c == ',' && k == 0:
			if err := end(); err != nil {
				return nil, err
			}
			k = 1
		case c == ' ' && k == 1:
			if err := end(); err != nil {
				return nil, err
			}
			out = append(out, pair)
			pair, k = [2]int64{}, 0
		default:
			return nil, fmt.Errorf("malformed pair list at byte %d", i)
		}
	}
	if len(s) > 0 {
		if k != 1 {
			return nil, fmt.Errorf("malformed pair list: a pair is cut short")
		}
		if err := end(); err != nil {
			return nil, err
		}
		out = append(out, pair)
	}
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
// each scope's country as of asOf, and for programs the units they answer
// for.
func (tx *Tx) addIncidents(ctx context.Context, inputs map[conditions.Scope]*conditions.Inputs, asOf custos.Date) error {
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
	indexes, err := tx.cachedIncidentIndexes(ctx, countries, asOf)
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
