package vetting_test

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/custos-ssa/custos/internal/vetting"
	"github.com/custos-ssa/custos/internal/vetting/vettinggen"
)

// evalSize reads the corpus and nominee sizes of the synthetic evaluation.
func evalSize() (records, nominees int) {
	records, nominees = 1_000_000, 100_000
	if s := os.Getenv("CUSTOS_VETTING_RECORDS"); s != "" {
		records, _ = strconv.Atoi(s)
	}
	if s := os.Getenv("CUSTOS_VETTING_NOMINEES"); s != "" {
		nominees, _ = strconv.Atoi(s)
	}
	return records, nominees
}

// TestEvalSynthetic screens generated nominees with controlled variants
// against a generated corpus (1,000,000 records and 100,000 nominees unless
// CUSTOS_VETTING_RECORDS and CUSTOS_VETTING_NOMINEES say otherwise) and
// reports recall@10 by variant class, precision, false alerts, the time of
// the whole CSV batch and single-query latency. It runs only with
// CUSTOS_VETTING_EVAL=1:
//
//	CUSTOS_VETTING_EVAL=1 go test ./internal/vetting/ -run EvalSynthetic -v -timeout 1h
func TestEvalSynthetic(t *testing.T) {
	if os.Getenv("CUSTOS_VETTING_EVAL") == "" {
		t.Skip("set CUSTOS_VETTING_EVAL=1 to run the synthetic evaluation")
	}
	nr, nn := evalSize()
	recs, latin := vettinggen.Corpus(1, nr)
	noms := vettinggen.Nominees(2, recs, latin, nn)
	dir := t.TempDir()
	rpath, npath := filepath.Join(dir, "R.csv"), filepath.Join(dir, "N.csv")
	writeCSV(t, rpath, recs)
	nrecs := make([]vetting.Record, len(noms))
	for i, n := range noms {
		nrecs[i] = n.Record
	}
	writeCSV(t, npath, nrecs)

	// The whole batch, as `custos vet screen` runs it: read, index, screen,
	// write, with the collector tuned as the command tunes it.
	restoreGC := vetting.TuneGC()
	rf, _ := os.Open(rpath)
	nf, _ := os.Open(npath)
	of, _ := os.Create(filepath.Join(dir, "out.csv"))
	start, cpu0 := time.Now(), cpuTime()
	bad, err := vetting.Batch(rf, nf, vetting.BatchOptions{Top: 10, MinScore: 0.5, RecordsName: "R.csv", NomineesName: "N.csv"}, of, os.Stderr)
	batchTime, batchCPU := time.Since(start), cpuTime()-cpu0
	restoreGC()
	rf.Close()
	nf.Close()
	of.Close()
	if err != nil || bad != 0 {
		t.Fatalf("Batch: %d bad rows, %v", bad, err)
	}
	t.Logf("Batch of %d nominees against %d records (top 10, min-score 0.5, CSV in and out): %v wall, %v CPU (user+system); peak RSS %s; load average before/after: %s", nn, nr, batchTime.Round(time.Millisecond), batchCPU.Round(time.Millisecond), peakRSS(), loadAvg())

	start, cpu0 = time.Now(), cpuTime()
	ix := vetting.NewIndex(recs)
	t.Logf("NewIndex(%d records): %v wall, %v CPU", nr, time.Since(start).Round(time.Millisecond), (cpuTime() - cpu0).Round(time.Millisecond))
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	t.Logf("heap in use with the index: %.2f GB", float64(ms.HeapInuse)/1e9)

	start, cpu0 = time.Now(), cpuTime()
	results := screenParallel(ix, nrecs, 10)
	t.Logf("Screen of %d nominees, top 10, all cores: %v wall, %v CPU", nn, time.Since(start).Round(time.Millisecond), (cpuTime() - cpu0).Round(time.Millisecond))

	report(t, noms, results)

	// Single-query latency, one core.
	var lat []time.Duration
	for i := 0; i < min(5000, len(nrecs)); i++ {
		s := time.Now()
		ix.Screen(nrecs[i], 10, 0.5)
		lat = append(lat, time.Since(s))
	}
	slices.Sort(lat)
	t.Logf("single query latency over %d queries: p50 %v, p99 %v, max %v", len(lat), lat[len(lat)/2], lat[len(lat)*99/100], lat[len(lat)-1])
}

func report(t *testing.T, noms []vettinggen.Nominee, results [][]vetting.Hit) {
	type stat struct{ n, found, top1, alerts, falseAlerts, falseReview, falseStrong int }
	stats := map[string]*stat{}
	for i, n := range noms {
		s := stats[n.Class]
		if s == nil {
			s = &stat{}
			stats[n.Class] = s
		}
		s.n++
		hits := results[i]
		for rank, h := range hits {
			if h.RecordID == n.TrueID {
				s.found++
				if rank == 0 {
					s.top1++
				}
			}
			if h.Score >= 0.5 {
				s.alerts++
				if h.RecordID != n.TrueID {
					s.falseAlerts++
				}
			}
			if h.RecordID != n.TrueID && h.Band == vetting.Review {
				s.falseReview++
			}
			if h.RecordID != n.TrueID && h.Band == vetting.Strong {
				s.falseStrong++
			}
		}
	}
	classes := append(slices.Clone(vettinggen.Classes), vettinggen.NoMatch)
	var matchAlerts, matchTrue int
	for _, c := range classes {
		s := stats[c]
		if s == nil {
			continue
		}
		if c == vettinggen.NoMatch {
			t.Logf("%-18s n=%6d  hits>=0.5: %d (%.3f per nominee), all false alerts; in band review %.3f, strong %.3f per nominee", c, s.n, s.alerts, float64(s.alerts)/float64(s.n), float64(s.falseReview)/float64(s.n), float64(s.falseStrong)/float64(s.n))
			continue
		}
		matchAlerts += s.alerts
		matchTrue += s.alerts - s.falseAlerts
		t.Logf("%-18s n=%6d  recall@10 %.4f  top1 %.4f  hits>=0.5 %.2f per nominee; false hits in band review %.2f, strong %.2f", c, s.n, float64(s.found)/float64(s.n), float64(s.top1)/float64(s.n), float64(s.alerts)/float64(s.n), float64(s.falseReview)/float64(s.n), float64(s.falseStrong)/float64(s.n))
		if r := float64(s.found) / float64(s.n); r < 0.97 {
			t.Errorf("class %s recall@10 = %.4f, want >= 0.97", c, r)
		}
	}
	t.Logf("precision of hits >= 0.5 for matching nominees: %.4f (%d of %d)", float64(matchTrue)/float64(max(1, matchAlerts)), matchTrue, matchAlerts)
}

// screenParallel screens nominees on all cores.
func screenParallel(ix *vetting.Index, noms []vetting.Record, top int) [][]vetting.Hit {
	out := make([][]vetting.Hit, len(noms))
	var wg sync.WaitGroup
	next := make(chan int, 1024)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = ix.Screen(noms[i], top, 0)
			}
		}()
	}
	for i := range noms {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

func writeCSV(t testing.TB, path string, recs []vetting.Record) {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	bw := bufio.NewWriter(f)
	if err := writeRecords(bw, recs); err != nil {
		t.Fatal(err)
	}
	bw.Flush()
}

func writeRecords(w io.Writer, recs []vetting.Record) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"id", "kind", "name", "aliases", "birth_date", "gender", "nationality", "unit", "parent_unit"})
	for _, r := range recs {
		cw.Write([]string{r.ID, string(r.Kind), r.Name, strings.Join(r.Aliases, "|"), r.BirthDate.String(), r.Gender, r.Nationality, r.Unit, r.ParentUnit})
	}
	cw.Flush()
	return cw.Error()
}

// peakRSS reads the process's peak resident set size (Linux).
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			f := strings.Fields(line)
			kb, _ := strconv.Atoi(f[1])
			return fmt.Sprintf("%.2f GB", float64(kb)/1e6)
		}
	}
	return "unknown"
}

// cpuTime is the CPU time (user and system) this process has used: on a
// machine shared with other work it shows the cost that wall time hides.
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
