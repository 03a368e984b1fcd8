package store

import (
	"strconv"
	"strings"
)

// Dialect holds what differs between the SQL databases Custos runs on.
type Dialect struct {
	Name string // "sqlite" or "postgres"
	// Numbered reports whether placeholders are $1, $2... rather than ?.
	Numbered bool
	// ILike is the case-insensitive LIKE operator.
	ILike string
	// LockHead is appended to the query that reads the audit chain's head,
	// so that concurrent writers take turns ("FOR UPDATE" on PostgreSQL;
	// SQLite serializes writers itself).
	LockHead string
	// ReadOnlyTx reports whether read transactions may be declared read-only.
	ReadOnlyTx bool
}

// SQLite is the dialect of modernc.org/sqlite.
var SQLite = Dialect{Name: "sqlite", ILike: "LIKE", ReadOnlyTx: false}

// Postgres is the dialect of PostgreSQL through pgx.
var Postgres = Dialect{Name: "postgres", Numbered: true, ILike: "ILIKE", LockHead: " FOR UPDATE", ReadOnlyTx: true}

// Rebind rewrites ? placeholders as $1, $2... for dialects that number them.
// Queries in this package never contain a literal question mark.
func (d Dialect) Rebind(q string) string {
	if !d.Numbered || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}
