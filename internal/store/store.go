// Package store keeps Custos's records in a SQL database through
// database/sql. It holds every query; the sqlite and postgres packages beside
// it open a connection, pick a Dialect and supply their migrations.
//
// Every exported method authorizes the principal in its context first, and
// every read filters on releasability, so that no query path returns a
// record above the caller's clearance. Every change writes an audit entry in
// the same transaction.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/custos-ssa/custos"
)

// DB is a Custos store on a SQL database.
type DB struct {
	db      *sql.DB
	dialect Dialect
	// Now returns the current time; tests replace it for stable output.
	Now func() time.Time
	// gen counts the write transactions this process has committed; caches
	// of derived figures are valid only for the generation they were made in.
	gen    atomic.Uint64
	totals totalsCache
}

var _ custos.Store = (*DB)(nil)

// New wraps an open database. Call Migrate before use.
func New(db *sql.DB, d Dialect) *DB {
	return &DB{db: db, dialect: d, Now: time.Now}
}

// SQL returns the underlying database, for adapters that add bulk paths.
func (db *DB) SQL() *sql.DB { return db.db }

// Dialect returns the SQL dialect of the database.
func (db *DB) Dialect() Dialect { return db.dialect }

// Close closes the database.
func (db *DB) Close() error { return db.db.Close() }

// Ping reports whether the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.db.PingContext(ctx) }

func (db *DB) now() time.Time { return db.Now().UTC() }

// Migrate applies, in name order, every *.sql file of migrations that has
// not been applied yet, each in its own transaction, then loads the embedded
// ISO 3166 list into an empty country table.
func (db *DB) Migrate(ctx context.Context, migrations fs.FS) error {
	if _, err := db.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	names, err := fs.Glob(migrations, "*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		var n int
		if err := db.db.QueryRowContext(ctx, db.dialect.Rebind(`SELECT count(*) FROM schema_migrations WHERE name = ?`), name).Scan(&n); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
		if n > 0 {
			continue
		}
		body, err := fs.ReadFile(migrations, name)
		if err != nil {
			return err
		}
		tx, err := db.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", name, err)
		}
		if _, err := tx.ExecContext(ctx, db.dialect.Rebind(`INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`), name, formatTime(db.now())); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return db.seedCountries(ctx)
}

// Tx is a transaction that rewrites placeholders for its dialect.
type Tx struct {
	tx *sql.Tx
	db *DB
	p  custos.Principal
}

func (tx *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return tx.tx.ExecContext(ctx, tx.db.dialect.Rebind(q), args...)
}

func (tx *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return tx.tx.QueryContext(ctx, tx.db.dialect.Rebind(q), args...)
}

func (tx *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return tx.tx.QueryRowContext(ctx, tx.db.dialect.Rebind(q), args...)
}

// insert runs an INSERT ... RETURNING id and returns the id.
func (tx *Tx) insert(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, q+" RETURNING id", args...).Scan(&id)
	return id, err
}

// read runs fn in a read-only transaction for principal p.
func (db *DB) read(ctx context.Context, p custos.Principal, fn func(tx *Tx) error) error {
	t, err := db.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: db.dialect.ReadOnlyTx})
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer t.Rollback()
	if err := fn(&Tx{tx: t, db: db, p: p}); err != nil {
		return err
	}
	return t.Commit()
}

// write runs fn in a read-write transaction and commits when fn succeeds.
func (db *DB) write(ctx context.Context, p custos.Principal, fn func(tx *Tx) error) error {
	t, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer t.Rollback()
	if err := fn(&Tx{tx: t, db: db, p: p}); err != nil {
		return err
	}
	if err := t.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	db.gen.Add(1)
	return nil
}

const timeLayout = "2006-01-02T15:04:05.000000000Z"

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

func parseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		t, _ = time.Parse(time.RFC3339Nano, s)
	}
	return t
}

func parseDate(s string) custos.Date {
	if s == "" {
		return custos.Date{}
	}
	d, _ := custos.ParseDate(s)
	return d
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

// likePattern returns a LIKE pattern matching s anywhere, with LIKE's own
// wildcards escaped (the queries say ESCAPE '\').
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// notFound returns the error for a record that does not exist or that the
// caller may not see: the two are not told apart, so that clearance is not
// leaked by the error.
func notFound(entity string, id any) error {
	return custos.Errorf(custos.ENOTFOUND, "no %s %v", entity, id)
}

func fieldErr(what, field, reason string) error {
	return &custos.Error{Kind: custos.EINVALID, Message: "invalid " + what, Fields: map[string]string{field: reason}}
}

// checkWriteLevel refuses a record the writer could not read back.
func checkWriteLevel(p custos.Principal, what string, r custos.Releasability) error {
	if r > p.Clearance() {
		return &custos.Error{Kind: custos.EFORBIDDEN, Message: fmt.Sprintf("the %s role may not write %s records", p.Role, r),
			Fields: map[string]string{"releasability": fmt.Sprintf("is above your clearance (%s)", p.Clearance())}}
	}
	_ = what
	return nil
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// where builds a WHERE clause from conditions joined by AND.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// scanID scans a row of one id, for queryAll.
func scanID(sc interface{ Scan(...any) error }) (int64, error) {
	var id int64
	err := sc.Scan(&id)
	return id, err
}

// queryAll runs a query in tx and scans each row with scan, in order.
func queryAll[T any](ctx context.Context, tx *Tx, scan func(interface{ Scan(...any) error }) (T, error), q string, args ...any) ([]T, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
