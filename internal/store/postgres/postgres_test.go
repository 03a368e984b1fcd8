package postgres_test

import (
	"context"
	"testing"

	"github.com/custos-ssa/custos/internal/store"
	"github.com/custos-ssa/custos/internal/store/postgres"
	"github.com/custos-ssa/custos/internal/store/storetest"
)

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) *store.DB {
		return postgres.OpenTest(t)
	})
}

func TestMigrateTwice(t *testing.T) {
	db := postgres.OpenTest(t)
	if err := db.Migrate(context.Background(), postgres.Migrations()); err != nil {
		t.Fatalf("second Migrate: %v", err)
	}
	var n int
	if err := db.SQL().QueryRow(`SELECT count(*) FROM countries`).Scan(&n); err != nil || n != 250 {
		t.Errorf("countries = %d, %v; want 250 (ISO 3166-1 and Kosovo)", n, err)
	}
}
