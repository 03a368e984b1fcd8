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
// machine's memory, or of the container's limit, when that is less) instead of collecting each time the
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
	if c := cgroupMemory(); c > 0 && (total <= 0 || c < total) {
		total = c
	}
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

// cgroupMemory returns the memory limit of the process's control group
// (a container's limit), cgroup v2 or v1, or 0 when there is none.
func cgroupMemory() int64 {
	for _, p := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		v := strings.TrimSpace(string(b))
		if v == "max" {
			return 0
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 || n >= 1<<60 {
			return 0
		}
		return n
	}
	return 0
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
