package postgres

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"github.com/custos-ssa/custos/internal/store"
)

// TestURLEnv names the environment variable holding the URL of a PostgreSQL
// database for tests. Without it, PostgreSQL tests skip; .ci/run sets it.
const TestURLEnv = "CUSTOS_TEST_POSTGRES"

// OpenTest opens a store in a fresh schema of the test database, dropped when
// the test ends, or skips the test when no database is configured.
func OpenTest(t testing.TB) *store.DB {
	t.Helper()
	base := os.Getenv(TestURLEnv)
	if base == "" {
		t.Skipf("PostgreSQL tests skipped: set %s to a postgres:// URL (for example postgres://postgres@127.0.0.1:5432/test) to run them", TestURLEnv)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "custos_test_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("%s is set but PostgreSQL cannot be used: %v", TestURLEnv, err)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db, err := Open(context.Background(), u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Close()
		if a, err := sql.Open("pgx", base); err == nil {
			a.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
			a.Close()
		}
	})
	return db
}
