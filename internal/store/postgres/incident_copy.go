package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// Incident imports on PostgreSQL write their new incidents, perpetrators
// and sources with COPY (binary, through pgx) rather than INSERT, in the
// import's transaction.
func init() { store.RegisterBulkCopy("postgres", copyRows) }

// copyRows writes rows into table with COPY on the connection of the open
// transaction. The values are converted as database/sql converts query
// arguments (sql.NullString to a string or nil, named integer types to
// int64), which pgx then sends in binary.
func copyRows(ctx context.Context, conn *sql.Conn, table string, cols []string, rows [][]any) error {
	for _, row := range rows {
		for k, v := range row {
			switch v.(type) {
			case nil, string, int64, float64:
				continue
			}
			c, err := driver.DefaultParameterConverter.ConvertValue(v)
			if err != nil {
				return fmt.Errorf("%s.%s: %w", table, cols[k], err)
			}
			row[k] = c
		}
	}
	return conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("COPY needs a pgx connection, not %T", dc)
		}
		_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
		return err
	})
}

// CopyIncidents imports the incidents next returns (io.EOF after the last)
// as one lean import from dataset: the path `custos import` takes on
// PostgreSQL, with COPY, the incident tables' secondary indexes and foreign
// keys set aside during the load and restored (and checked) before the
// commit, updates by source key, monthly totals and one audit entry. It
// returns the number of incidents created.
func CopyIncidents(ctx context.Context, st *store.DB, dataset string, next func() (*custos.Incident, error)) (int64, error) {
	if st.Dialect().Name != "postgres" {
		return 0, errors.New("CopyIncidents needs a PostgreSQL store")
	}
	var n int64
	err := st.ImportIncidents(ctx, &store.ImportRecord{Dataset: dataset}, true, func(b *store.IncidentBulk) error {
		for {
			i, err := next()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			created, err := b.Put(i)
			if err != nil {
				return err
			}
			if created {
				n++
			}
		}
	})
	return n, err
}
