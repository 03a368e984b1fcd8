package api

import (
	"context"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/password"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/custos-ssa/custos/internal/store/postgres"
	"github.com/custos-ssa/custos/internal/store/sqlite"
)

// Sizes of the API benchmark's store: the baseline.
const (
	benchActors   = 1_000_000
	benchPrograms = 100_000
)

// fillBench loads benchActors actors (in trees of 10) and benchPrograms
// programs with budgets and recipients through the bulk writer.
func fillBench(b *testing.B, st *store.DB) {
	b.Helper()
	countries := []string{"ML", "NE", "BF", "TD", "NG", "CO", "PH", "UA", "IQ", "SO"}
	start := time.Now()
	err := st.Import(sys, &store.ImportRecord{Dataset: "bench"}, func(bk *store.Bulk) error {
		for i := 0; i < benchActors; i++ {
			a := &custos.Actor{Country: countries[i%len(countries)], Kind: "army", Name: fmt.Sprintf("%d Battalion %d", i%97, i),
				Source: &custos.SourceRef{Dataset: "bench", Key: fmt.Sprint("a", i)}, Releasability: custos.Releasability(1 + i%3)}
			if i%10 != 0 {
				a.ParentID = int64(i - i%10 + 1)
			}
			if err := bk.PutActor(a); err != nil {
				return err
			}
		}
		for i := 0; i < benchPrograms; i++ {
			p := &custos.Program{Country: countries[i%len(countries)], Title: fmt.Sprintf("Program %d", i), Status: "active",
				Budget:       []custos.Budget{{FiscalYear: 2015 + i%10, AmountUSD: int64(1000 * i)}},
				RecipientIDs: []int64{int64(1 + (i*7)%benchActors)},
				Source:       &custos.SourceRef{Dataset: "bench", Key: fmt.Sprint("p", i)}, Releasability: custos.Internal}
			if err := bk.PutProgram(p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("loaded %d actors and %d programs in %s", benchActors, benchPrograms, time.Since(start).Round(time.Millisecond))
}

// latencies runs n requests of path as a planner and reports p50 and p99.
func latencies(b *testing.B, srv *Server, token string, n int, path func(i int) string) {
	b.Helper()
	d := make([]time.Duration, n)
	for i := 0; i < n; i++ {
		req := httptest.NewRequest("GET", path(i), nil)
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		t0 := time.Now()
		srv.ServeHTTP(rec, req)
		d[i] = time.Since(t0)
		if rec.Code != 200 {
			b.Fatalf("GET %s = %d: %s", path(i), rec.Code, rec.Body)
		}
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	b.ReportMetric(float64(d[n/2].Microseconds())/1000, "p50_ms")
	b.ReportMetric(float64(d[n*99/100].Microseconds())/1000, "p99_ms")
}

func benchAPI(b *testing.B, open func(b *testing.B) *store.DB) {
	store.PasswordParams = password.Params{Time: 1, Memory: 64, Threads: 1, KeyLen: 16}
	st := open(b)
	fillBench(b, st)
	srv := New(Deps{Store: st})
	if err := st.CreateUser(sys, &custos.User{Name: "bench", Role: custos.RolePlanner}, "a benchmark password"); err != nil {
		b.Fatal(err)
	}
	_, token, err := st.CreateToken(sys, "bench", "", 0)
	if err != nil {
		b.Fatal(err)
	}
	const n = 1000
	cases := []struct {
		name string
		path func(i int) string
	}{
		{"GetActor", func(i int) string { return fmt.Sprintf("/api/v1/actors/%d", 1+(i*7919)%benchActors) }},
		{"ListActors", func(i int) string { return "/api/v1/actors?limit=50" }},
		{"ListActorsDeepPage", func(i int) string { return fmt.Sprintf("/api/v1/actors?limit=50&after=%d", 900_000+i) }},
		{"ListActorsByCountry", func(i int) string { return "/api/v1/actors?country=NE&limit=50&after=" + fmt.Sprint(i*500) }},
		{"ListActorsByParent", func(i int) string { return fmt.Sprintf("/api/v1/actors?parent_id=%d", 1+10*(i%1000)) }},
		{"GetProgram", func(i int) string { return fmt.Sprintf("/api/v1/programs/%d", 1+(i*7919)%benchPrograms) }},
		{"ListPrograms", func(i int) string { return "/api/v1/programs?limit=50" }},
		{"ListProgramsByCountryYear", func(i int) string { return "/api/v1/programs?country=ML&fiscal_year=2020&limit=50" }},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				latencies(b, srv, token, n, c.path)
			}
		})
	}
	b.Run("CreateActor", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			t0 := time.Now()
			for j := 0; j < n; j++ {
				req := httptest.NewRequest("POST", "/api/v1/actors", strings.NewReader(fmt.Sprintf(`{"country":"ML","kind":"police","name":"Commissariat %d"}`, j)))
				req.Header.Set("Authorization", "Bearer "+token)
				rec := httptest.NewRecorder()
				srv.ServeHTTP(rec, req)
				if rec.Code != 201 {
					b.Fatalf("POST = %d: %s", rec.Code, rec.Body)
				}
			}
			b.ReportMetric(float64(n)/time.Since(t0).Seconds(), "inserts/s")
		}
	})
}

// BenchmarkAPISQLite measures API latency over 1M actors and 100k programs
// on SQLite. Run: go test ./internal/api -run XXX -bench APISQLite -benchtime 1x
func BenchmarkAPISQLite(b *testing.B) {
	benchAPI(b, func(b *testing.B) *store.DB {
		st, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close() })
		return st
	})
}

// BenchmarkAPIPostgres is the same on PostgreSQL (CUSTOS_TEST_POSTGRES).
func BenchmarkAPIPostgres(b *testing.B) {
	benchAPI(b, func(b *testing.B) *store.DB { return postgres.OpenTest(b) })
}
