package vetting

import (
	"runtime/debug"
	"testing"
)

// TestTuneGC checks that TuneGC sets a soft limit within the machine's
// memory and the 5 GiB cap, turns the proportional collector off, and
// restores both.
func TestTuneGC(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	total := totalMemory()
	if total <= 0 {
		t.Skip("no /proc/meminfo here: TuneGC does nothing")
	}
	beforeLimit := debug.SetMemoryLimit(-1)
	restore := TuneGC()
	limit := debug.SetMemoryLimit(-1)
	percent := debug.SetGCPercent(-1)
	restore()
	if limit > batchMemoryLimit || limit > total || limit <= 0 {
		t.Errorf("TuneGC limit = %d, want at most %d and at most the machine's %d", limit, int64(batchMemoryLimit), total)
	}
	if percent != -1 {
		t.Errorf("TuneGC GC percent = %d, want -1 (off until the limit)", percent)
	}
	if got := debug.SetMemoryLimit(-1); got != beforeLimit {
		t.Errorf("after restore, memory limit = %d, want %d", got, beforeLimit)
	}
	t.Setenv("GOGC", "100")
	restore = TuneGC()
	if got := debug.SetMemoryLimit(-1); got != beforeLimit {
		t.Errorf("with GOGC set, TuneGC changed the memory limit to %d", got)
	}
	restore()
}
