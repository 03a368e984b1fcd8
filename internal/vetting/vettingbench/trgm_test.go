package vettingbench

import (
	"context"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/custos-ssa/custos/internal/vetting"
	"github.com/custos-ssa/custos/internal/vetting/vettinggen"
)

// cpuTime is the CPU time (user and system) of this process.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loadAvg reads the 1-minute load average (Linux).
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Fields(string(b))[0]
}

func envInt(name string, def int) int {
	if s := os.Getenv(name); s != "" {
		if n, err := strconv.Atoi(s); err == nil {
			return n
		}
	}
	return def
}

// TestTrgm screens the same nominees against the same records with the
// engine and with pg_trgm, and reports time and recall@10 for each.
// CUSTOS_VETTING_PG_RECORDS (default 100,000) and CUSTOS_VETTING_PG_NOMINEES
// (default 2,000) set the sizes.
func TestTrgm(t *testing.T) {
	url := os.Getenv("CUSTOS_TEST_POSTGRES")
	if url == "" {
		t.Skip("set CUSTOS_TEST_POSTGRES to a postgres:// URL to compare with pg_trgm")
	}
	ctx := context.Background()
	nr, nn := envInt("CUSTOS_VETTING_PG_RECORDS", 100_000), envInt("CUSTOS_VETTING_PG_NOMINEES", 2_000)
	recs, latin := vettinggen.Corpus(1, nr)
	noms := vettinggen.Nominees(2, recs, latin, nn)

	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer pool.Close()
	setup := []string{
		"CREATE EXTENSION IF NOT EXISTS pg_trgm",
		"DROP TABLE IF EXISTS vetting_trgm_records",
		"CREATE UNLOGGED TABLE vetting_trgm_records (id text PRIMARY KEY, name text NOT NULL)",
	}
	for _, q := range setup {
		if _, err := pool.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	defer pool.Exec(ctx, "DROP TABLE IF EXISTS vetting_trgm_records")
	start := time.Now()
	rows := make([][]any, len(recs))
	for i, r := range recs {
		rows[i] = []any{r.ID, r.Name}
	}
	if _, err := pool.CopyFrom(ctx, pgx.Identifier{"vetting_trgm_records"}, []string{"id", "name"}, pgx.CopyFromRows(rows)); err != nil {
		t.Fatalf("copy: %v", err)
	}
	if _, err := pool.Exec(ctx, "CREATE INDEX ON vetting_trgm_records USING gin (name gin_trgm_ops)"); err != nil {
		t.Fatalf("index: %v", err)
	}
	pool.Exec(ctx, "ANALYZE vetting_trgm_records")
	t.Logf("pg_trgm: load and GIN index of %d records: %v", nr, time.Since(start).Round(time.Millisecond))

	// pg_trgm: candidates by the % operator (similarity >= 0.3) through the
	// GIN index, best 50 by similarity, re-ranked by the larger of
	// similarity and word similarity, top 10.
	const q = `SELECT id FROM (
		SELECT id, greatest(similarity(name, $1), word_similarity($1, name)) AS s
		FROM (SELECT id, name FROM vetting_trgm_records WHERE name % $1
		      ORDER BY similarity(name, $1) DESC, id LIMIT 50) c) r
		ORDER BY s DESC, id LIMIT 10`
	pgHits := make([][]string, len(noms))
	start = time.Now()
	var wg sync.WaitGroup
	next := make(chan int)
	var qerr error
	var mu sync.Mutex
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				rows, err := pool.Query(ctx, q, noms[i].Name)
				if err == nil {
					var ids []string
					ids, err = pgx.CollectRows(rows, pgx.RowTo[string])
					pgHits[i] = ids
				}
				if err != nil {
					mu.Lock()
					qerr = err
					mu.Unlock()
				}
			}
		}()
	}
	for i := range noms {
		next <- i
	}
	close(next)
	wg.Wait()
	if qerr != nil {
		t.Fatalf("pg_trgm query: %v", qerr)
	}
	pgTime := time.Since(start)

	start = time.Now()
	ix := vetting.NewIndex(recs)
	buildTime := time.Since(start)
	engHits := make([][]string, len(noms))
	start, cpu0 := time.Now(), cpuTime()
	next = make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				for _, h := range ix.Screen(noms[i].Record, 10, 0) {
					engHits[i] = append(engHits[i], h.RecordID)
				}
			}
		}()
	}
	for i := range noms {
		next <- i
	}
	close(next)
	wg.Wait()
	engTime, engCPU := time.Since(start), cpuTime()-cpu0

	t.Logf("%d nominees against %d records, %d cores", nn, nr, runtime.GOMAXPROCS(0))
	t.Logf("engine:  screen %v (%.3f ms per nominee; %v CPU; index build %v); load average %s", engTime.Round(time.Millisecond), ms(engTime, nn), engCPU.Round(time.Millisecond), buildTime.Round(time.Millisecond), loadAvg())
	t.Logf("pg_trgm: screen %v (%.3f ms per nominee)", pgTime.Round(time.Millisecond), ms(pgTime, nn))
	t.Logf("speed-up: %.1fx", float64(pgTime)/float64(engTime))
	classes := append(slices.Clone(vettinggen.Classes), "all")
	for _, c := range classes {
		var n, eng, pg int
		for i, nom := range noms {
			if nom.Class == vettinggen.NoMatch || (c != "all" && nom.Class != c) {
				continue
			}
			n++
			if slices.Contains(engHits[i], nom.TrueID) {
				eng++
			}
			if slices.Contains(pgHits[i], nom.TrueID) {
				pg++
			}
		}
		if n > 0 {
			t.Logf("recall@10 %-18s n=%5d  engine %.4f  pg_trgm %.4f", c, n, float64(eng)/float64(n), float64(pg)/float64(n))
		}
	}
}

func ms(d time.Duration, n int) float64 { return float64(d.Microseconds()) / 1000 / float64(n) }
