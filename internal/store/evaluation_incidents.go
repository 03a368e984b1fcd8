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
// incidents. An incident names several units as one fact per unit (with
// the incident's id, so that the index counts it once over several of
// them), and one fact of unit 0 when no unit is linked, so that
// country-wide counts include it.
//
// With a history (an evaluation as of a date before the latest change to
// incidents), only the incidents entered by then count, each with its
// verification status as of then; without one, every incident counts with
// its status now.
//
// A sweep reads millions of rows here: for each range of ids the database
// joins the ids, dates, countries, categories and statuses into one list
// per column (concatIn), taken apart here (incidentRowsIn), which costs the
// database and the driver far less than a value per row and column or an
// expression computed per row.
func (tx *Tx) incidentIndexes(ctx context.Context, countries []string, hist *incidentHistory, gen string) (map[string]*conditions.IncidentIndex, error) {
	out := make(map[string]*conditions.IncidentIndex, len(countries))
	if len(countries) == 0 {
		return out, nil
	}
	args := make([]any, 0, len(countries)+2)
	for _, c := range countries {
		args = append(args, c)
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(countries)), ", ")
	// The links are read on a second connection while this one reads the
	// incidents (WAL lets readers run side by side), and again here if
	// that connection did not see the same incidents.
	aside := make(chan []perpetratorLink, 1)
	go func() { aside <- tx.linkedUnitsAside(ctx, gen) }()
	filter := ` AND i.status <> 'discounted'`
	args = append(args, tx.p.Clearance())
	if hist != nil {
		// A discounted incident may have been credible then; one entered
		// later was not known.
		filter = ` AND i.created_at <= ?`
		args = append(args, hist.cutoff)
	}
	where := `i.country IN (` + marks + `) AND i.releasability <= ?` + filter
	dec := newIncidentDecoder(countries)
	lo, hi, ok, err := tx.idRange(ctx, "incidents i", "i.id")
	var incidents []incidentRow
	if err == nil && ok {
		incidents, err = splitRead(ctx, tx, gen, lo, hi, func(t *Tx, lo, hi int64) ([]incidentRow, error) {
			return t.incidentRowsIn(ctx, dec, where, args, lo, hi)
		})
	}
	perps := <-aside
	if err != nil {
		return nil, err
	}
	if perps == nil {
		if perps, err = tx.linkedUnits(ctx); err != nil {
			return nil, err
		}
	}
	// Each country's facts are counted first, so that each list is made
	// once at its size.
	sizes := make([]int, len(countries))
	for _, r := range incidents {
		sizes[r.country]++
	}
	facts := make([][]conditions.Fact, len(countries))
	for i, n := range sizes {
		facts[i] = make([]conditions.Fact, 0, n+n/8)
	}
	next := 0 // the first link of an incident not yet read
	for _, r := range incidents {
		st := custos.VerificationStatuses[r.status]
		if hist != nil {
			if then, ok := hist.status[r.id]; ok {
				st = then
			}
		}
		if st == custos.StatusDiscounted {
			continue
		}
		f := conditions.Fact{Incident: r.id, Category: r.category, Day: conditions.DayNumber(r.date()),
			Credible: st == custos.StatusCredible || st == custos.StatusConfirmed}
		for next < len(perps) && perps[next].incident < r.id {
			next++
		}
		linked := false
		for ; next < len(perps) && perps[next].incident == r.id; next++ {
			if next > 0 && perps[next-1] == perps[next] {
				continue // the same unit named twice in one incident
			}
			f.Unit, linked = perps[next].unit, true
			facts[r.country] = append(facts[r.country], f)
		}
		if !linked {
			f.Unit = 0
			facts[r.country] = append(facts[r.country], f)
		}
	}
	for i, c := range countries {
		ix, err := conditions.NewIncidentIndexOf(facts[i])
		if err != nil {
			return nil, fmt.Errorf("incidents of %s: %w", c, err)
		}
		out[c] = ix
	}
	return out, nil
}

// incidentRow is what a sweep reads of one incident.
// It takes 16 bytes, as millions are held at once.
type incidentRow struct {
	id       int64
	ymd      int32  // the date as the number yyyymmdd
	country  uint16 // in the sweep's list of countries
	category uint8  // in custos.IncidentCategories
	status   uint8  // in custos.VerificationStatuses
}

func (r incidentRow) date() custos.Date {
	return custos.Date{Year: int(r.ymd / 10000), Month: time.Month(r.ymd / 100 % 100), Day: int(r.ymd % 100)}
}

// incidentDecoder takes apart the text of the incident rows of a sweep.
type incidentDecoder struct {
	country  map[string]uint16
	category map[string]uint8
	status   map[string]uint8
}

func newIncidentDecoder(countries []string) *incidentDecoder {
	d := &incidentDecoder{country: map[string]uint16{}, category: map[string]uint8{}, status: map[string]uint8{}}
	for i, c := range countries {
		d.country[c] = uint16(i)
	}
	for i, c := range custos.IncidentCategories {
		d.category[string(c)] = uint8(i)
	}
	for i, st := range custos.VerificationStatuses {
		d.status[string(st)] = uint8(i)
	}
	return d
}

// incidentRowsIn reads the incidents i with an id in [lo, hi] that match
// where, sorted by id.
func (tx *Tx) incidentRowsIn(ctx context.Context, dec *incidentDecoder, where string, args []any, lo, hi int64) ([]incidentRow, error) {
	// Sized for a range without gaps, up to 2M rows (32 MB): ids left
	// unused (a rolled-back import on PostgreSQL moves the sequence) must
	// not make it larger.
	out := make([]incidentRow, 0, min(hi-lo+1, 1<<21))
	err := tx.concatIn(ctx, "incidents i", "i.id", []string{"i.id", "i.date", "i.country", "i.category", "i.status"}, where, args, lo, hi,
		func(lists []string, n int) error {
			var err error
			out, err = dec.appendRows(out, lists, n)
			return err
		})
	if err != nil {
		return nil, err
	}
	if !slices.IsSortedFunc(out, func(a, b incidentRow) int { return cmp.Compare(a.id, b.id) }) {
		slices.SortFunc(out, func(a, b incidentRow) int { return cmp.Compare(a.id, b.id) })
	}
	return out, nil
}

// appendRows parses n rows from the lists of their ids, dates, countries,
// categories and statuses.
func (d *incidentDecoder) appendRows(out []incidentRow, lists []string, n int) ([]incidentRow, error) {
	if len(lists) != 5 {
		return nil, fmt.Errorf("incidents: %d lists, want 5", len(lists))
	}
	ids, dates, countries, cats, sts := valueList{s: lists[0]}, valueList{s: lists[1]}, valueList{s: lists[2]}, valueList{s: lists[3]}, valueList{s: lists[4]}
	for k := range n {
		var r incidentRow
		var ok bool
		if r.id, ok = ids.int(); !ok {
			return nil, fmt.Errorf("incidents: row %d of %d: no valid id", k+1, n)
		}
		f, ok := dates.next()
		if !ok {
			return nil, fmt.Errorf("incident %d: no date", r.id)
		}
		if r.ymd, ok = parseDay(f); !ok {
			return nil, fmt.Errorf("incident %d: no valid date (%q)", r.id, f)
		}
		if f, ok = countries.next(); !ok {
			return nil, fmt.Errorf("incident %d: no country", r.id)
		}
		if r.country, ok = d.country[f]; !ok {
			return nil, fmt.Errorf("incident %d: country %q was not asked for", r.id, f)
		}
		if f, ok = cats.next(); !ok {
			return nil, fmt.Errorf("incident %d: no category", r.id)
		}
		if r.category, ok = d.category[f]; !ok {
			return nil, fmt.Errorf("incident %d: unknown category %q", r.id, f)
		}
		if f, ok = sts.next(); !ok {
			return nil, fmt.Errorf("incident %d: no verification status", r.id)
		}
		if r.status, ok = d.status[f]; !ok {
			return nil, fmt.Errorf("incident %d: unknown verification status %q", r.id, f)
		}
		out = append(out, r)
	}
	for _, l := range []valueList{ids, dates, countries, cats, sts} {
		if !l.done() {
			return nil, fmt.Errorf("incidents: more values than the %d rows", n)
		}
	}
	return out, nil
}

// valueList reads the values of a comma-separated list one by one.
type valueList struct {
	s   string
	pos int
}

// next returns the next value, and false at the end of the list.
func (l *valueList) next() (string, bool) {
	if l.pos > len(l.s) || (l.pos == 0 && l.s == "") {
		return "", false
	}
	rest := l.s[l.pos:]
	if i := strings.IndexByte(rest, ','); i >= 0 {
		l.pos += i + 1
		return rest[:i], true
	}
	l.pos = len(l.s) + 1
	return rest, true
}

// int returns the next value as an integer (maybe negative), and false at
// the end of the list or when the value is not one.
func (l *valueList) int() (int64, bool) {
	f, ok := l.next()
	if !ok || f == "" || len(f) > 19 {
		return 0, false
	}
	neg := f[0] == '-'
	if neg {
		f = f[1:]
		if f == "" {
			return 0, false
		}
	}
	var v int64
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	if neg {
		v = -v
	}
	return v, true
}

// done reports whether every value was read.
func (l *valueList) done() bool { return l.pos > len(l.s) || l.s == "" }

// parseDay parses YYYY-MM-DD into the number yyyymmdd without going
// through time.Parse, which a sweep would call millions of times.
func parseDay(s string) (int32, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	n := 0
	for i, c := range []byte(s) {
		if i == 4 || i == 7 {
			continue
		}
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	d := custos.Date{Year: n / 10000, Month: time.Month(n / 100 % 100), Day: n % 100}
	if d.Year < custos.MinYear || d.Year > custos.MaxYear || d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Day > 31 {
		return 0, false
	}
	if d.Day > 28 && d.Time().Day() != d.Day {
		return 0, false // 30 February, 31 April
	}
	return int32(n), true
}

// link is one unit named as a perpetrator of an incident.
type perpetratorLink struct{ incident, unit int64 }

// linkedUnits returns the units named in incidents, sorted by incident then
// unit. Reading them apart from the incidents and merging in memory costs
// one scan of the links (of every country: the scan is cheaper than a
// filter), where a join would look the links up once per incident.
func (tx *Tx) linkedUnits(ctx context.Context) ([]perpetratorLink, error) {
	// The unary plus keeps SQLite from reading the links through the
	// index of the units (whose order is not the incidents') for some
	// ranges of ids.
	pairs, err := tx.pairs(ctx, "incident_perpetrators p", "p.incident_id", "p.incident_id", "p.actor_id", `+p.actor_id IS NOT NULL`, nil)
	if err != nil {
		return nil, err
	}
	out := make([]perpetratorLink, len(pairs))
	for i, p := range pairs {
		out[i] = perpetratorLink{p[0], p[1]}
	}
	byIncidentUnit := func(a, b perpetratorLink) int {
		if a.incident != b.incident {
			return cmp.Compare(a.incident, b.incident)
		}
		return cmp.Compare(a.unit, b.unit)
	}
	if !slices.IsSortedFunc(out, byIncidentUnit) {
		slices.SortFunc(out, byIncidentUnit)
	}
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

// splitRead returns read(lo, hi), reading the upper half of the ids on a
// read-only transaction of its own, in parallel, when one sees the same
// generation of the incidents (gen) as tx: on two cores a cold sweep's
// reading of millions of incidents then takes about half the time. When
// no such transaction can be had, tx reads the whole range. Each half
// comes sorted by id from read, and the halves are ranges one after the
// other.
func splitRead[T any](ctx context.Context, tx *Tx, gen string, lo, hi int64, read func(t *Tx, lo, hi int64) ([]T, error)) ([]T, error) {
	if hi-lo < 2*PairChunk {
		return read(tx, lo, hi)
	}
	mid := lo + (hi-lo)/2
	type half struct {
		rows []T
		err  error
		read bool
	}
	upper := make(chan half, 1)
	go func() {
		other, done := tx.aside(ctx, gen)
		if other == nil {
			upper <- half{}
			return
		}
		defer done()
		rows, err := read(other, mid+1, hi)
		upper <- half{rows, err, true}
	}()
	out, err := read(tx, lo, mid)
	up := <-upper
	if err != nil {
		return nil, err
	}
	if !up.read {
		up.rows, up.err = read(tx, mid+1, hi)
	}
	if up.err != nil {
		return nil, up.err
	}
	return append(out, up.rows...), nil
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
	out := make([][2]int64, 0, min(hi-lo+1, 1<<24))
	err := tx.concatIn(ctx, from, idCol, []string{a, b}, where, args, lo, hi,
		func(lists []string, n int) error {
			var err error
			if out, err = appendPairs(out, lists, n); err != nil {
				return fmt.Errorf("%s: %w", from, err)
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	byA := func(x, y [2]int64) int { return cmp.Compare(x[0], y[0]) }
	if !slices.IsSortedFunc(out, byA) {
		slices.SortStableFunc(out, byA)
	}
	return out, nil
}

// appendPairs parses n pairs from the lists of their first and second
// integers.
func appendPairs(out [][2]int64, lists []string, n int) ([][2]int64, error) {
	if len(lists) != 2 {
		return nil, fmt.Errorf("%d lists, want 2", len(lists))
	}
	as, bs := valueList{s: lists[0]}, valueList{s: lists[1]}
	for k := range n {
		a, ok := as.int()
		if !ok {
			return nil, fmt.Errorf("pair %d of %d: no valid first value", k+1, n)
		}
		b, ok := bs.int()
		if !ok {
			return nil, fmt.Errorf("pair %d of %d: no valid second value (a null?)", k+1, n)
		}
		out = append(out, [2]int64{a, b})
	}
	if !as.done() || !bs.done() {
		return nil, fmt.Errorf("more values than the %d pairs", n)
	}
	return out, nil
}

// concatIn reads the rows of from whose id is in [lo, hi] and that match
// where, PairChunk ids a query. Millions of rows cost more in the driver
// than in the database (about 0.8 µs a row in modernc.org/sqlite and
// database/sql), so the database joins the values of each expression over
// the rows of a query into one comma-separated list, which parse takes
// apart knowing how many rows (n) there are: a few values instead of
// millions, and no text built per row. The lists of one query follow the
// same rows in the same order, the order the database read them: neither
// SQL nor PostgreSQL's manual promises it, but both engines step every
// aggregate of a query on each row in turn (PostgreSQL's parallel
// string_agg combines partial states that each carry all the lists), and
// an ORDER BY in each aggregate would sort the rows once per list. This
// code relies on it: lists shifted against each other would parse (every
// value is valid in every row) and give wrong counts. A null value is left out of its list, which parse sees as a list too
// short.
func (tx *Tx) concatIn(ctx context.Context, from, idCol string, exprs []string, where string, args []any, lo, hi int64, parse func(lists []string, n int) error) error {
	var sel strings.Builder
	for _, e := range exprs {
		if tx.db.dialect.Name == "postgres" {
			fmt.Fprintf(&sel, "string_agg(CAST(%s AS TEXT), ','), ", e)
		} else {
			fmt.Fprintf(&sel, "group_concat(%s, ','), ", e)
		}
	}
	q := `SELECT ` + sel.String() + `count(*) FROM ` + from + ` WHERE ` + where + ` AND ` + idCol + ` BETWEEN ? AND ?`
	texts := make([]sql.NullString, len(exprs))
	dest := make([]any, 0, len(exprs)+1)
	for i := range texts {
		dest = append(dest, &texts[i])
	}
	var n int
	dest = append(dest, &n)
	lists := make([]string, len(exprs))
	for start := lo; start <= hi; start += PairChunk {
		if err := tx.queryRow(ctx, q, append(append([]any{}, args...), start, min(start+PairChunk-1, hi))...).Scan(dest...); err != nil {
			return err
		}
		for i, t := range texts {
			lists[i] = t.String
		}
		if err := parse(lists, n); err != nil {
			return err
		}
	}
	return nil
}

// unitTree returns the tree of every recorded unit (by parent_id), read
// once per evaluation: the programs' units in scope and incidents.unit(u)
// both follow it. Every unit, of every country, since an incident may name
// a unit of another country; and the tree holds every unit, so that the
// engine tells a unit deleted since the condition was saved (an error:
// cannot_evaluate) from one without incidents (a count of 0).
func (tx *Tx) unitTree(ctx context.Context) (*conditions.UnitTree, error) {
	parent := map[int64]int64{}
	rows, err := tx.query(ctx, `SELECT id, parent_id FROM actors`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var p nullInt
		if err := rows.Scan(&id, &p); err != nil {
			return nil, err
		}
		parent[id] = p.v
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return conditions.NewCompleteUnitTree(parent), nil
}

// addIncidents fills the incidents inputs of the snapshots: the index of
// each scope's country as of asOf, the tree of units that
// incidents.unit(u) follows, and for programs the units they answer for
// (their recipients and every unit under them).
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
	for _, c := range countryOf {
		if !slices.Contains(countries, c) {
			countries = append(countries, c)
		}
	}
	slices.Sort(countries)
	indexes, err := tx.cachedIncidentIndexes(ctx, countries, asOf)
	if err != nil {
		return err
	}
	tree, err := tx.unitTree(ctx)
	if err != nil {
		return err
	}
	for s, in := range inputs {
		in.Incidents = indexes[countryOf[s]]
		in.Units = tree
		if s.ProgramID == 0 {
			continue
		}
		units := []int64{}
		seen := map[int64]bool{}
		for _, r := range in.Recipients {
			for _, u := range tree.Subtree(r) {
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
