package importer

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/ingest/acled"
	"github.com/custos-ssa/custos/internal/ingest/acled/acledgen"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/custos-ssa/custos/internal/store/postgres"
	"github.com/custos-ssa/custos/internal/store/sqlite"
)

// benchRows is the number of generated ACLED rows of the import
// benchmarks: CUSTOS_BENCH_ROWS, or 100,000. The figures in
// docs/BENCHMARKS.md use 2,400,000.
func benchRows(b *testing.B) int {
	if s := os.Getenv("CUSTOS_BENCH_ROWS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatalf("CUSTOS_BENCH_ROWS=%q: %v", s, err)
		}
		return n
	}
	return 100_000
}

// acledFile writes n generated ACLED rows to a file in the temporary
// directory, once: the file is kept for later runs. Its name carries the
// generator's version (2: every point inside its country, as the importer
// requires), so that a file written by an older generator is not reused.
func acledFile(b *testing.B, n int) string {
	path := filepath.Join(os.TempDir(), fmt.Sprintf("custos-bench-acled-v2-%d.csv", n))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	f, err := os.Create(path + ".tmp")
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := acledgen.Generate(w, n, 1); err != nil {
		b.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	if err := os.Rename(path+".tmp", path); err != nil {
		b.Fatal(err)
	}
	return path
}

// benchNow keeps acledgen's dates in the past.
var benchNow = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

func importFile(b *testing.B, st *store.DB, path string, lean bool) *EventsResult {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	res, err := Events(sys, st, "acled", filepath.Base(path), bufio.NewReaderSize(f, 1<<20), EventsOptions{Now: benchNow, Lean: lean})
	if err != nil {
		b.Fatal(err)
	}
	return res
}

// BenchmarkImportACLED imports generated ACLED rows into an empty store:
// custos import acled's path, all in one transaction, lean (indexes built
// once at the end). On PostgreSQL that path writes the rows with COPY, its
// foreign keys checked once at the end: it is the COPY peer of SQLite.
func BenchmarkImportACLED(b *testing.B) {
	n := benchRows(b)
	path := acledFile(b, n)
	open := map[string]func(b *testing.B) *store.DB{
		"sqlite": func(b *testing.B) *store.DB {
			st, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
			if err != nil {
				b.Fatal(err)
			}
			return st
		},
		"postgres": func(b *testing.B) *store.DB { return postgres.OpenTest(b) },
	}
	for _, name := range []string{"sqlite", "postgres"} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				st := open[name](b)
				b.StartTimer()
				start, cpu := time.Now(), cpuTime()
				res := importFile(b, st, path, true)
				el := time.Since(start)
				b.ReportMetric(float64(res.Rows)/el.Seconds(), "rows/s")
				b.ReportMetric(float64(res.Rows)/(cpuTime()-cpu).Seconds(), "rows/cpu-s")
				b.StopTimer()
				st.Close()
				b.StartTimer()
			}
		})
	}
}

// cpuTime is the CPU time this process has used, user and system: on a
// shared machine it tells the work done apart from the time spent waiting
// for a core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// linkActors creates an actor for every perpetrator name of the first rows
// of the file, so that the import suggests them, and after the import
// confirms every suggestion, as analysts would, so that trends by unit
// have units to count.
func linkActors(b *testing.B, st *store.DB, path string) {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	seen := map[[2]string]bool{}
	rows := 0
	errEnough := fmt.Errorf("enough")
	err = (&acled.Reader{File: "x", Now: benchNow}).Read(bufio.NewReader(f), func(r acled.Row) error {
		if rows++; rows > 20_000 {
			return errEnough
		}
		for _, p := range r.Incident.Perpetrators {
			k := [2]string{r.Incident.Place.Country, p.Name}
			if !seen[k] && p.Name != "" {
				seen[k] = true
				if err := st.CreateActor(sys, &custos.Actor{Country: k[0], Kind: "army", Name: k[1]}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil && err != errEnough {
		b.Fatal(err)
	}
}

// trendStores holds, per store kind, a store loaded once per process for
// the trend benchmarks.
var trendStores = map[string]*store.DB{}

func trendStore(b *testing.B, kind string) *store.DB {
	if st := trendStores[kind]; st != nil {
		return st
	}
	n := benchRows(b)
	path := acledFile(b, n)
	var st *store.DB
	if kind == "sqlite" {
		var err error
		if st, err = sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "trends.db")); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close() })
	} else {
		st = postgres.OpenTest(b)
	}
	linkActors(b, st, path)
	importFile(b, st, path, true)
	if _, err := st.SQL().Exec(`UPDATE incident_perpetrators SET actor_id = suggested_actor_id WHERE suggested_actor_id IS NOT NULL`); err != nil {
		b.Fatal(err)
	}
	if err := st.RebuildIncidentTrends(sys); err != nil {
		b.Fatal(err)
	}
	if kind == "postgres" {
		st.SQL().Exec(`ANALYZE incident_perpetrators`)
	} else {
		st.SQL().Exec(`ANALYZE`)
	}
	trendStores[kind] = st
	return st
}

// BenchmarkIncidentTrends times trend queries by month and perpetrator
// unit (and by month and category) over the imported rows: for one
// country (Mali, about a tenth of the rows) and for every country.
func BenchmarkIncidentTrends(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		st := trendStore(b, kind) // loaded here, so that it lives until the last sub-benchmark
		for _, tt := range []struct {
			name string
			f    custos.TrendFilter
		}{
			{"ML-by-actor", custos.TrendFilter{Country: "ML", By: "actor"}},
			{"ML-by-category", custos.TrendFilter{Country: "ML", By: "category"}},
			{"ML-2023-by-actor", custos.TrendFilter{Country: "ML", By: "actor", From: custos.Date{Year: 2023, Month: 1, Day: 1}, To: custos.Date{Year: 2023, Month: 12, Day: 31}}},
			{"all-by-actor", custos.TrendFilter{By: "actor"}},
		} {
			b.Run(kind+"/"+tt.name, func(b *testing.B) {
				var buckets int
				for b.Loop() {
					list, err := st.IncidentTrends(sys, tt.f)
					if err != nil {
						b.Fatal(err)
					}
					buckets = len(list)
				}
				b.ReportMetric(float64(buckets), "buckets")
			})
		}
	}
}
