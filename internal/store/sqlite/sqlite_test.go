package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/custos-ssa/custos/internal/store"
	"github.com/custos-ssa/custos/internal/store/sqlite"
	"github.com/custos-ssa/custos/internal/store/storetest"
)

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) *store.DB {
		db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "custos.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}

func TestReopenKeepsData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "custos.db")
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = sqlite.Open(ctx, path) // migrations already applied: no error, no re-seed
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db.Close()
	var n int
	if err := db.SQL().QueryRow(`SELECT count(*) FROM countries`).Scan(&n); err != nil || n != 250 {
		t.Errorf("countries after reopen = %d, %v; want 250 (ISO 3166-1 and Kosovo)", n, err)
	}
}
