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

// acledFile writes n generated ACLED rows to a file in dir, once per
// process.
func acledFile(b *testing.B, n int) string {
	path := filepath.Join(os.TempDir(), fmt.Sprintf("custos-bench-acled-%d.csv", n))
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
// once at the end).
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
