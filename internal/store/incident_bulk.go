package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/custos-ssa/custos"
)

// IncidentBulk writes the incidents of one import in one transaction:
// batched multi-row inserts with ids assigned here, updates of incidents
// already imported from the same dataset (by source key), and no
// per-incident audit entry: DB.ImportIncidents writes one for the file.
type IncidentBulk struct {
	tx       *Tx
	conn     *sql.Conn // the connection of tx
	ctx      context.Context
	dataset  string
	now      string
	at       custos.Date // the day against which future dates are judged
	existing map[string]int64
	seen     map[string]bool
	nextID   int64
	batches  [3]*batch // incidents, perpetrators, sources
	writer   *bulkWriter
	// checkRefs says the database does not check the references of the
	// rows written (SQLite's foreign keys are off for the import), so Put
	// does; known holds the references found.
	checkRefs bool
	known     map[rowRef]bool
	stmts     map[string]*sql.Stmt
	inserts   map[insertShape]*sql.Stmt
	copy      BulkCopy // when not nil, how new rows are written
	// batchRows is how many rows of a table are written at a time.
	batchRows int
	args      []any // the arguments of the last batch inserted, for reuse
	// Created and Updated count the incidents written.
	Created, Updated int
	firstID          int64                  // the first id the import assigned
	created          map[trendKey]*trendSum // the totals of the incidents created
	updated          map[trendMonth]bool    // the months of the incidents updated, before and after
	// Validated says the caller passes incidents already normalized,
	// validated and checked against their country's bounds (as the ingest
	// readers' rows without errors are), so that Put does not check them a
	// second time.
	Validated bool
}

var incidentBulkTables = [3]struct {
	table string
	cols  []string
}{
	{"incidents", []string{"id", "title", "description", "category", "date", "date_end", "date_precision", "country", "admin1", "admin2", "admin3", "location",
		"latitude", "longitude", "location_precision", "coarsen_location", "killed_best", "killed_low", "killed_high", "injured_best", "injured_low", "injured_high",
		"women", "children", "status", "source", "source_key", "releasability", "created_at", "updated_at"}},
	{"incident_perpetrators", []string{"incident_id", "seq", "actor_id", "person_id", "name", "suggested_actor_id", "suggestion_score", "role"}},
	{"incident_sources", []string{"incident_id", "seq", "type", "name", "date", "url", "reference", "reliability", "credibility", "releasability"}},
}

// BulkCopy writes rows into a table with a database's bulk-load protocol
// (PostgreSQL's COPY) on conn, inside the transaction open on it. The rows
// are a batch's values, which f may convert in place.
type BulkCopy func(ctx context.Context, conn *sql.Conn, table string, cols []string, rows [][]any) error

var bulkCopies = map[string]BulkCopy{}

// RegisterBulkCopy makes incident imports into stores of a dialect write
// their new rows with f instead of INSERT. The postgres package registers
// COPY; it is called from init functions only.
func RegisterBulkCopy(dialect string, f BulkCopy) { bulkCopies[dialect] = f }

// copyBatchRows is how many rows of a table an import hands to a
// BulkCopy at a time.
const copyBatchRows = 8192

// incidentIndexes are the secondary indexes a lean import drops while it
// loads and builds again, once, before it commits. The perpetrators'
// indexes by unit and person stay: they are partial (migration 007) and an
// imported name linked to nothing adds no entry to them.
var incidentIndexes = []struct{ name, sql string }{
	{"incidents_country_date", "CREATE INDEX incidents_country_date ON incidents(country, date)"},
	{"incidents_date", "CREATE INDEX incidents_date ON incidents(date)"},
	{"incidents_source_key", "CREATE UNIQUE INDEX incidents_source_key ON incidents(source_key)"},
}

// importPragmas tune the SQLite connection of an import: a page cache
// large enough (1 GiB at most, taken only as pages are used) that a load of
// millions of rows is not spilled to the WAL page by page before the
// commit, and index builds sorted in memory. The connection is discarded
// after the import, so the pool keeps its ordinary settings. Two sorter
// threads let SQLite sort the rows of each rebuilt index on both cores
// (0.9 s to 0.77 s for the three indexes of 200,000 incidents).
// Foreign keys are off on that connection: the parts point at incidents the
// import has just written, and IncidentBulk checks the countries, units and
// persons an incident names itself, once per distinct value, instead of
// SQLite looking each one up for every row.
var importPragmas = []string{"PRAGMA cache_size = -1048576", "PRAGMA temp_store = MEMORY", "PRAGMA foreign_keys = OFF", "PRAGMA threads = 2"}

// ImportIncidents runs fn in one write transaction, so that an import is
// stored whole or not at all, and appends one audit entry describing it.
// The caller must be allowed to create and update incidents. With lean set
// (for large files) the secondary indexes of the incidents table are
// dropped during the load and rebuilt before the commit, which is faster
// than maintaining them row by row; other writers wait for the import
// either way.
func (db *DB) ImportIncidents(ctx context.Context, rec *ImportRecord, lean bool, fn func(b *IncidentBulk) error) error {
	var p custos.Principal
	for _, a := range []custos.Action{custos.ActionCreate, custos.ActionUpdate} {
		var err error
		if p, err = custos.Authorize(ctx, a, custos.EntityIncident); err != nil {
			return err
		}
	}
	rec.Entities = []string{custos.EntityIncident}
	// The import has a connection of its own: it sets that connection's
	// pragmas, and on PostgreSQL it writes new incidents with COPY on it.
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer conn.Close()
	if db.dialect.Name == "sqlite" {
		// Drop the connection, its settings and its large cache when the
		// import is done.
		defer conn.Raw(func(any) error { return driver.ErrBadConn })
		for _, q := range importPragmas {
			if _, err := conn.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("%s: %w", q, err)
			}
		}
	}
	t, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer t.Rollback()
	tx := &Tx{tx: t, db: db, p: p}
	if err := db.importIncidents(ctx, tx, conn, rec, lean, fn); err != nil {
		return err
	}
	if err := t.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	db.gen.Add(1)
	return nil
}

func (db *DB) importIncidents(ctx context.Context, tx *Tx, conn *sql.Conn, rec *ImportRecord, lean bool, fn func(b *IncidentBulk) error) error {
	now := db.now()
	b := &IncidentBulk{tx: tx, ctx: ctx, conn: conn, checkRefs: db.dialect.Name == "sqlite", known: map[rowRef]bool{}, copy: bulkCopies[db.dialect.Name], batchRows: incidentBatchRows, dataset: rec.Dataset, now: formatTime(now), at: custos.DateOf(now), seen: map[string]bool{}, created: map[trendKey]*trendSum{}, updated: map[trendMonth]bool{}, stmts: map[string]*sql.Stmt{}, inserts: map[insertShape]*sql.Stmt{}}
	defer func() {
		for _, s := range b.stmts {
			s.Close()
		}
		for _, s := range b.inserts {
			s.Close()
		}
	}()
	if b.copy != nil {
		b.batchRows = copyBatchRows
	}
	b.batches = newBatches()
	if db.dialect.Name == "postgres" {
		// Ids are assigned here: keep other writers out until commit.
		if _, err := tx.exec(ctx, `LOCK TABLE incidents IN EXCLUSIVE MODE`); err != nil {
			return err
		}
	}
	if err := tx.queryRow(ctx, `SELECT COALESCE(max(id), 0) + 1 FROM incidents`).Scan(&b.nextID); err != nil {
		return err
	}
	b.firstID = b.nextID
	var err error
	if b.existing, err = tx.sourceIDs(ctx, "incidents", rec.Dataset); err != nil {
		return err
	}
	var fks []foreignKey
	if lean {
		for _, ix := range incidentIndexes {
			if _, err := tx.exec(ctx, `DROP INDEX `+ix.name); err != nil {
				return fmt.Errorf("drop index %s: %w", ix.name, err)
			}
		}
		if db.dialect.Name == "postgres" {
			if fks, err = tx.dropForeignKeys(ctx); err != nil {
				return err
			}
			// Room to sort the rebuilt indexes in memory, for this
			// transaction only.
			if _, err := tx.exec(ctx, `SET LOCAL maintenance_work_mem = '512MB'`); err != nil {
				return err
			}
		}
	}
	b.startWriter()
	defer b.stopWriter()
	if err := fn(b); err != nil {
		return err
	}
	if err := b.flush(); err != nil {
		return err
	}
	if err := b.sync(); err != nil {
		return err
	}
	b.stopWriter()
	if lean {
		for _, ix := range incidentIndexes {
			if _, err := tx.exec(ctx, ix.sql); err != nil {
				return fmt.Errorf("rebuild index %s: %w", ix.name, err)
			}
		}
		for _, fk := range fks {
			if _, err := tx.exec(ctx, `ALTER TABLE `+fk.table+` ADD CONSTRAINT `+fk.name+` `+fk.def); err != nil {
				return fmt.Errorf("check %s: %w", fk.name, err)
			}
		}
	}
	if err := b.writeTrends(); err != nil {
		return err
	}
	if db.dialect.Name == "postgres" {
		if _, err := tx.exec(ctx, `SELECT setval(pg_get_serial_sequence('incidents', 'id'), ?, false)`, b.nextID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `ANALYZE incidents, incident_perpetrators, incident_sources`); err != nil {
			return err
		}
	}
	rec.Created = map[string]int{custos.EntityIncident: b.Created}
	rec.Updated = map[string]int{custos.EntityIncident: b.Updated}
	return tx.audit(ctx, custos.ActionImport, "import", rec.Dataset, nil, rec)
}

// foreignKey is a foreign key constraint of a table, as PostgreSQL
// describes it.
type foreignKey struct{ table, name, def string }

// dropForeignKeys drops the foreign keys of the incident tables for a lean
// import on PostgreSQL and returns them to be added again before the
// commit. PostgreSQL checks a foreign key row by row with a query of its
// own, which costs more than the COPY of the row; adding the constraint
// back checks every row in one join, and fails the import, whole, if a row
// points nowhere.
func (tx *Tx) dropForeignKeys(ctx context.Context) ([]foreignKey, error) {
	rows, err := tx.query(ctx, `SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
		WHERE contype = 'f' AND conrelid IN ('incidents'::regclass, 'incident_perpetrators'::regclass, 'incident_sources'::regclass) ORDER BY 1, 2`)
	if err != nil {
		return nil, err
	}
	var fks []foreignKey
	for rows.Next() {
		var fk foreignKey
		if err := rows.Scan(&fk.table, &fk.name, &fk.def); err != nil {
			rows.Close()
			return nil, err
		}
		fks = append(fks, fk)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, fk := range fks {
		if _, err := tx.exec(ctx, `ALTER TABLE `+fk.table+` DROP CONSTRAINT `+fk.name); err != nil {
			return nil, fmt.Errorf("drop %s: %w", fk.name, err)
		}
	}
	return fks, nil
}

// sourceIDs returns the ids of a table's records imported from dataset, by
// key within the dataset.
func (tx *Tx) sourceIDs(ctx context.Context, table, dataset string) (map[string]int64, error) {
	rows, err := tx.query(ctx, `SELECT source_key, id FROM `+table+` WHERE source_key >= ? AND source_key < ?`, dataset+":", dataset+";")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var k string
		var id int64
		if err := rows.Scan(&k, &id); err != nil {
			return nil, err
		}
		out[strings.TrimPrefix(k, dataset+":")] = id
	}
	return out, rows.Err()
}

// Put stores an imported incident: a new one, or, when its source key was
// imported before, an update of that incident that keeps its id, status,
// verification history and creation time. The incident must carry a
// Source; a key that appears twice in one import is refused.
func (b *IncidentBulk) Put(i *custos.Incident) (created bool, err error) {
	if i.Source == nil || i.Source.Dataset != b.dataset {
		return false, fieldErr("incident", "source.dataset", fmt.Sprintf("an incident of this import must come from dataset %q", b.dataset))
	}
	if b.seen[i.Source.Key] {
		return false, fieldErr("incident", "source.key", fmt.Sprintf("%q appears twice in this import", i.Source.Key))
	}
	b.seen[i.Source.Key] = true
	if !b.Validated {
		given := custos.Incident{Place: i.Place}
		i.Normalize()
		if err := i.ValidateAt(b.at.Time()); err != nil {
			return false, err
		}
		if err := given.CheckBounds(countryBounds); err != nil {
			return false, err
		}
	}
	if err := checkWriteLevel(b.tx.p, "incident", i.Releasability); err != nil {
		return false, err
	}
	if err := b.checkReferences(i); err != nil {
		return false, err
	}
	id, ok := b.existing[i.Source.Key]
	if ok {
		return false, b.update(id, i)
	}
	i.ID = b.nextID
	b.nextID++
	i.Status, i.Verifications = custos.StatusReported, nil
	if err := b.add(0, append(append([]any{i.ID}, bulkIncidentValues(i)...), b.now, b.now)...); err != nil {
		return false, err
	}
	if err := b.addParts(i); err != nil {
		return false, err
	}
	b.addTrend(i)
	b.Created++
	return true, nil
}

func (b *IncidentBulk) addParts(i *custos.Incident) error {
	for k, pp := range i.Perpetrators {
		if err := b.add(1, i.ID, k, nullID(pp.ActorID), nullID(pp.PersonID), pp.Name, nullID(pp.SuggestedActorID), pp.SuggestionScore, string(pp.Role)); err != nil {
			return err
		}
	}
	for k, s := range i.Sources {
		if err := b.add(2, i.ID, k, string(s.Type), s.Name, s.Date.String(), s.URL, s.Reference, s.Reliability, s.Credibility, s.Releasability); err != nil {
			return err
		}
	}
	return nil
}

// update rewrites an incident imported before. Its status and history are
// the analysts' work and stay; perpetrators an analyst linked to a unit or
// person keep their link when the new row names them the same way.
func (b *IncidentBulk) update(id int64, i *custos.Incident) error {
	// The rows queued so far belong to other incidents (a key appears once
	// in an import), so they may wait; the writer must be idle for this
	// goroutine to use the transaction.
	if err := b.sync(); err != nil {
		return err
	}
	var status, country, date string
	if err := b.tx.queryRow(b.ctx, `SELECT status, country, date FROM incidents WHERE id = ?`, id).Scan(&status, &country, &date); err != nil {
		return err
	}
	if len(date) >= 7 {
		b.updated[trendMonth{country, date[:7]}] = true
	}
	b.updated[monthOf(i)] = true
	i.ID, i.Status = id, custos.VerificationStatus(status)
	rows, err := b.tx.query(b.ctx, `SELECT name, actor_id, person_id FROM incident_perpetrators WHERE incident_id = ? AND (actor_id IS NOT NULL OR person_id IS NOT NULL)`, id)
	if err != nil {
		return err
	}
	linked := map[string][2]int64{}
	for rows.Next() {
		var name string
		var a, p nullInt
		if err := rows.Scan(&name, &a, &p); err != nil {
			rows.Close()
			return err
		}
		linked[name] = [2]int64{a.v, p.v}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rejected, err := queryAll(b.ctx, b.tx, scanRejection, `SELECT name, actor_id FROM incident_rejected_suggestions WHERE incident_id = ?`, id)
	if err != nil {
		return err
	}
	for k := range i.Perpetrators {
		pp := &i.Perpetrators[k]
		if l, ok := linked[pp.Name]; ok && !pp.Resolved() {
			pp.ActorID, pp.PersonID = l[0], l[1]
		}
		if slices.Contains(rejected, rejection{pp.Name, pp.SuggestedActorID}) {
			pp.SuggestedActorID, pp.SuggestionScore = 0, 0 // an analyst rejected it
		}
	}
	if err := b.exec(`UPDATE incidents SET title = ?, description = ?, category = ?, date = ?, date_end = ?, date_precision = ?, country = ?,
			admin1 = ?, admin2 = ?, admin3 = ?, location = ?, latitude = ?, longitude = ?, location_precision = ?, coarsen_location = ?,
			killed_best = ?, killed_low = ?, killed_high = ?, injured_best = ?, injured_low = ?, injured_high = ?, women = ?, children = ?,
			status = ?, source = ?, source_key = ?, releasability = ?, updated_at = ? WHERE id = ?`,
		append(bulkIncidentValues(i), b.now, id)...); err != nil {
		return err
	}
	for _, t := range []string{"incident_perpetrators", "incident_sources"} {
		if err := b.exec(`DELETE FROM `+t+` WHERE incident_id = ?`, id); err != nil {
			return err
		}
	}
	// A credible incident whose new row no longer names a unit an analyst
	// linked (or moved its date) withdraws what that supported, as an edit
	// does; what it still supports stays, and is raised where missing.
	if i.Status == custos.StatusCredible || i.Status == custos.StatusConfirmed {
		if err := b.tx.withdrawUnwarranted(b.ctx, i); err != nil {
			return err
		}
		if err := b.tx.raiseWarnings(b.ctx, i); err != nil {
			return err
		}
	}
	b.Updated++
	return b.addParts(i)
}

func (b *IncidentBulk) exec(q string, args ...any) error {
	s, ok := b.stmts[q]
	if !ok {
		var err error
		if s, err = b.tx.tx.PrepareContext(b.ctx, b.tx.db.dialect.Rebind(q)); err != nil {
			return fmt.Errorf("prepare: %w", err)
		}
		b.stmts[q] = s
	}
	_, err := s.ExecContext(b.ctx, args...)
	return err
}

// incidentBatchRows is how many rows one multi-row INSERT carries: 30
// incident columns times 128 rows stays well under SQLite's (32,766) and
// PostgreSQL's (65,535) limits on parameters.
const incidentBatchRows = 128

// add queues a row of batch k and flushes every batch when it is full, in
// foreign-key order.
func (b *IncidentBulk) add(k int, vals ...any) error {
	bt := b.batches[k]
	bt.args = append(bt.args, vals...)
	bt.rows++
	if bt.rows >= b.batchRows {
		return b.flush()
	}
	return nil
}

// flush writes the queued rows of every batch, in foreign-key order: on
// the writer goroutine when there is one, so that the caller goes on
// reading and mapping the next rows while the database writes these.
func (b *IncidentBulk) flush() error {
	w := b.writer
	if w == nil {
		return b.write(b.batches)
	}
	if w.failed.Load() {
		return b.sync()
	}
	w.pending.Add(1)
	w.jobs <- b.batches
	select {
	case b.batches = <-w.free:
	default:
		b.batches = newBatches()
	}
	return nil
}

func (b *IncidentBulk) write(set [3]*batch) error {
	for _, bt := range set {
		if err := b.flushBatch(bt); err != nil {
			return err
		}
	}
	return nil
}

func newBatches() [3]*batch {
	var set [3]*batch
	for k, t := range incidentBulkTables {
		set[k] = &batch{table: t.table, cols: t.cols}
	}
	return set
}

// bulkWriter writes an import's batches on a goroutine of its own.
type bulkWriter struct {
	jobs    chan [3]*batch
	free    chan [3]*batch // written batches, emptied, for reuse
	pending sync.WaitGroup
	failed  atomic.Bool
	err     error // the first error, read after pending.Wait
}

// startWriter starts the writer goroutine; stopWriter must follow.
func (b *IncidentBulk) startWriter() {
	w := &bulkWriter{jobs: make(chan [3]*batch, 1), free: make(chan [3]*batch, 2)}
	b.writer = w
	go func() {
		for set := range w.jobs {
			if w.err == nil {
				if w.err = b.write(set); w.err != nil {
					w.failed.Store(true)
				}
			}
			for _, bt := range set {
				clear(bt.args)
				bt.args, bt.rows = bt.args[:0], 0
			}
			select {
			case w.free <- set:
			default:
			}
			w.pending.Done()
		}
	}()
}

// sync waits until the writer has written every batch handed to it and
// returns its error, so that the caller may use the transaction.
func (b *IncidentBulk) sync() error {
	if b.writer == nil {
		return nil
	}
	b.writer.pending.Wait()
	return b.writer.err
}

func (b *IncidentBulk) stopWriter() {
	if b.writer != nil {
		b.sync()
		close(b.writer.jobs)
		b.writer = nil
	}
}

// flushBatch inserts the queued rows of one batch. A column whose value is
// the same in every row of the batch (the import's time, a status, an
// empty optional field, the dataset's source grade) is bound once, as a
// numbered parameter every row refers to, rather than once per row: the
// binding of values is much of the cost of an insert.
func (b *IncidentBulk) flushBatch(bt *batch) error {
	if bt.rows == 0 {
		return nil
	}
	ncol := len(bt.cols)
	if b.copy != nil {
		rows := make([][]any, bt.rows)
		for r := range rows {
			rows[r] = bt.args[r*ncol : (r+1)*ncol : (r+1)*ncol]
		}
		if err := b.copy(b.ctx, b.conn, bt.table, bt.cols, rows); err != nil {
			return fmt.Errorf("copy into %s: %w", bt.table, err)
		}
		clear(bt.args)
		bt.args, bt.rows = bt.args[:0], 0
		return nil
	}
	var shared uint64
	for c := 0; c < ncol; c++ {
		v, same := bt.args[c], true
		for r := 1; r < bt.rows && same; r++ {
			same = bt.args[r*ncol+c] == v
		}
		if same {
			shared |= 1 << c
		}
	}
	args := append(b.args[:0], bt.args[:ncol]...)
	for r := 1; r < bt.rows; r++ {
		for c, v := range bt.args[r*ncol : (r+1)*ncol] {
			if shared&(1<<c) == 0 {
				args = append(args, v)
			}
		}
	}
	b.args = args
	s, err := b.insertStmt(bt, shared)
	if err == nil {
		_, err = s.ExecContext(b.ctx, args...)
	}
	if err != nil {
		return fmt.Errorf("insert into %s: %w", bt.table, err)
	}
	clear(bt.args)
	bt.args, bt.rows = bt.args[:0], 0
	return nil
}

// insertShape is the form of a batch's INSERT: its table, its rows and its
// shared columns.
type insertShape struct {
	table  string
	rows   int
	shared uint64
}

// insertStmt returns the prepared INSERT of a batch's shape, preparing it
// the first time. The first row's placeholders are the parameters 1 to n,
// one per column; a later row refers to the first row's parameter for a
// shared column (?N, $N) and has a parameter of its own for the others.
// On SQLite the others are plain "?", which SQLite numbers in order and
// modernc.org/sqlite binds without looking up a name.
func (b *IncidentBulk) insertStmt(bt *batch, shared uint64) (*sql.Stmt, error) {
	k := insertShape{bt.table, bt.rows, shared}
	if s, ok := b.inserts[k]; ok {
		return s, nil
	}
	if len(b.inserts) >= 64 { // an import of varied rows: keep the cache small
		for k, s := range b.inserts {
			s.Close()
			delete(b.inserts, k)
		}
	}
	numbered := b.tx.db.dialect.Numbered
	ncol := len(bt.cols)
	var q strings.Builder
	q.WriteString("INSERT INTO " + bt.table + " (" + strings.Join(bt.cols, ", ") + ") VALUES ")
	n := 0
	for r := 0; r < bt.rows; r++ {
		if r > 0 {
			q.WriteString(", ")
		}
		q.WriteByte('(')
		for c := 0; c < ncol; c++ {
			if c > 0 {
				q.WriteString(", ")
			}
			switch {
			case r > 0 && shared&(1<<c) != 0:
				if numbered {
					q.WriteString("$" + strconv.Itoa(c+1))
				} else {
					q.WriteString("?" + strconv.Itoa(c+1))
				}
			case numbered:
				n++
				q.WriteString("$" + strconv.Itoa(n))
			default:
				n++
				q.WriteByte('?')
			}
		}
		q.WriteByte(')')
	}
	s, err := b.tx.tx.PrepareContext(b.ctx, q.String())
	if err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	b.inserts[k] = s
	return s, nil
}

// CountryActors returns the id, name and other names of every actor of a
// country the importer may see, for suggesting perpetrator links.
func (b *IncidentBulk) CountryActors(country string) ([]*custos.Actor, error) {
	if err := b.sync(); err != nil {
		return nil, err
	}
	rows, err := b.tx.query(b.ctx, `SELECT `+actorColumns+` FROM actors WHERE country = ? AND releasability <= ? ORDER BY id`, country, b.tx.p.Clearance())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*custos.Actor
	for rows.Next() {
		a, err := scanActor(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, a)
	}
	return list, rows.Err()
}

// rejection is a suggested link an analyst rejected: the perpetrator's
// name as reported and the unit suggested.
type rejection struct {
	name  string
	actor int64
}

func scanRejection(sc interface{ Scan(...any) error }) (rejection, error) {
	var r rejection
	err := sc.Scan(&r.name, &r.actor)
	return r, err
}
