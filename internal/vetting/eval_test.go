package vetting_test

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/custos-ssa/custos/internal/vetting"
	"github.com/custos-ssa/custos/internal/vetting/vettinggen"
)

// Recall floors of the always-on sample test: a regression below them
// fails the build. The full evaluation (EvalOFAC) reports the real figures.
const (
	sampleRecallFloor        = 0.99 // aliases indexed with their entity
	samplePrimaryRecallFloor = 0.60 // only primary names indexed: many OFAC aliases share no word with the name
)

func TestOFACSample(t *testing.T) {
	ents := readOFAC(t, "testdata/ofac_sample_sdn.csv", "testdata/ofac_sample_alt.csv", false)
	distractors, _ := vettinggen.Corpus(1, 5000)
	pairs := readPairs(t, "testdata/watchman_cross_script_pairs.csv")
	for _, mode := range []struct {
		name    string
		aliases bool
		floor   float64
	}{{"with aliases", true, sampleRecallFloor}, {"primary names only", false, samplePrimaryRecallFloor}} {
		t.Run(mode.name, func(t *testing.T) {
			recs := append(ofacRecords(ents, mode.aliases), distractors...)
			ix := vetting.NewIndex(recs)
			recall, n, misses := recallAt(ix, ents, 10)
			t.Logf("recall@10 = %.4f over %d aliases (%d misses)", recall, n, len(misses))
			if recall < mode.floor {
				t.Errorf("recall@10 = %.4f, want >= %.2f; first misses: %q", recall, mode.floor, misses[:min(10, len(misses))])
			}
		})
	}
	t.Run("cross-script pairs in top 3", func(t *testing.T) {
		recs := append(append(pairRecords(pairs), ofacRecords(ents, true)...), distractors...)
		ix := vetting.NewIndex(recs)
		misses := pairsInTop(ix, pairs, 3)
		t.Logf("%d of %d pairs in the top 3", len(pairs)-len(misses), len(pairs))
		for _, m := range misses {
			t.Errorf("not in the top 3: %s", m)
		}
	})
}

// TestEvalOFAC measures recall@10 on the whole OFAC alias ground truth
// among the SDN list and CUSTOS_VETTING_DISTRACTORS (default 1,000,000)
// generated records. It runs only with CUSTOS_VETTING_EVAL=1:
//
//	CUSTOS_VETTING_EVAL=1 go test ./internal/vetting/ -run EvalOFAC -v -timeout 1h
func TestEvalOFAC(t *testing.T) {
	if os.Getenv("CUSTOS_VETTING_EVAL") == "" {
		t.Skip("set CUSTOS_VETTING_EVAL=1 to run the OFAC evaluation")
	}
	dir := filepath.Join(sharedData(t), "sanctions_lists")
	ents := readOFAC(t, filepath.Join(dir, "ofac_sdn_2022-01_with_aliases", "sdn.csv"), filepath.Join(dir, "ofac_sdn_2022-01_with_aliases", "alt.csv"), true)
	pairs := readPairs(t, filepath.Join(dir, "name_matching_pairs", "watchman_cross_script_pairs.csv"))
	n := 1_000_000
	if s := os.Getenv("CUSTOS_VETTING_DISTRACTORS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	distractors, _ := vettinggen.Corpus(1, n)
	for _, withAliases := range []bool{true, false} {
		recs := append(append(pairRecords(pairs), ofacRecords(ents, withAliases)...), distractors...)
		ix := vetting.NewIndex(recs)
		recall, total, misses := recallAt(ix, ents, 10)
		t.Logf("aliases indexed=%v: recall@10 = %.4f over %d aliases, %d misses, %d records", withAliases, recall, total, len(misses), ix.Len())
		for i, m := range misses {
			if i < 25 {
				t.Logf("  miss: %s", m)
			}
		}
		if withAliases {
			if recall < 0.99 {
				t.Errorf("recall@10 with aliases = %.4f, want >= 0.99", recall)
			}
			pm := pairsInTop(ix, pairs, 3)
			t.Logf("cross-script pairs in the top 3: %d of %d", len(pairs)-len(pm), len(pairs))
			for _, m := range pm {
				t.Errorf("cross-script pair not in the top 3: %s", m)
			}
		}
	}
}
