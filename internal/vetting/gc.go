package vetting

import (
	"bufio"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// batchMemoryLimit is the soft memory limit TuneGC sets: room for the index
// of a million records (about 2.7 GB live) and a batch's garbage, within the
// 6 GB a batch of 100,000 nominees against 1,000,000 records may use.
const batchMemoryLimit = 5 << 30

// TuneGC prepares the process for a large Batch: the garbage collector
// waits until the heap nears a soft limit (5 GiB, or three quarters of the
// machine's memory when that is less) instead of collecting each time the
// heap doubles. A batch keeps its large index live throughout, so the
// default collector traces it again and again; waiting saved about an
// eighth of the CPU of a 100,000 × 1,000,000 batch (see
// docs/benchmarks-vetting.md). It does nothing when GOGC or GOMEMLIMIT is
// set, or when the machine's memory cannot be read, and returns a function
// that restores the settings it changed.
func TuneGC() (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	total := totalMemory()
	if total <= 0 {
		return func() {}
	}
	limit := min(int64(batchMemoryLimit), total/4*3)
	oldLimit := debug.SetMemoryLimit(limit)
	oldPercent := debug.SetGCPercent(-1)
	return func() {
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
	}
}

// totalMemory returns the machine's memory in bytes from /proc/meminfo, or
// 0 where there is none.
func totalMemory() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:")
		if !ok {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
		if err != nil {
			return 0
		}
		return kb << 10
	}
	return 0
}
