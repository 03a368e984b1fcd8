package vetting_test

import (
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/custos-ssa/custos/internal/vetting"
)

// sharedData returns the shared/data directory found by walking up from the
// package directory, or skips the test when there is none.
func sharedData(t testing.TB) string {
	dir, _ := os.Getwd()
	for {
		p := filepath.Join(dir, "shared", "data")
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("no shared/data directory above the package")
		}
		dir = parent
	}
}

// ofacEntity is an SDN entry with its aliases.
type ofacEntity struct {
	id, name string
	aliases  []string
}

// readOFAC reads sdn.csv and alt.csv in OFAC's legacy format (no header,
// "-0-" for null). latin1 says the files are Latin-1, as OFAC publishes them.
func readOFAC(t testing.TB, sdnPath, altPath string, latin1 bool) []ofacEntity {
	rows := func(path string) [][]string {
		f, err := os.Open(path)
		if err != nil {
			t.Fatalf("open %s: %v", path, err)
		}
		defer f.Close()
		var r io.Reader = f
		if latin1 {
			b, _ := io.ReadAll(f)
			rs := make([]rune, len(b))
			for i, c := range b {
				rs[i] = rune(c)
			}
			r = strings.NewReader(string(rs))
		}
		cr := csv.NewReader(r)
		cr.FieldsPerRecord = -1
		cr.LazyQuotes = true
		all, err := cr.ReadAll()
		if err != nil {
			t.Fatalf("read %s: %v", path, err)
		}
		return all
	}
	var out []ofacEntity
	byID := map[string]int{}
	for _, r := range rows(sdnPath) {
		if len(r) < 2 {
			continue
		}
		byID[r[0]] = len(out)
		out = append(out, ofacEntity{id: r[0], name: strings.TrimSpace(r[1])})
	}
	for _, r := range rows(altPath) {
		if len(r) < 4 {
			continue
		}
		if i, ok := byID[r[0]]; ok {
			if a := strings.TrimSpace(r[3]); a != "" && a != "-0-" {
				out[i].aliases = append(out[i].aliases, a)
			}
		}
	}
	return out
}

// crossPair is one line of the cross-script pairs file.
type crossPair struct{ query, want, desc string }

func readPairs(t testing.TB, path string) []crossPair {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	var out []crossPair
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Split(line, ",")
		if len(f) >= 4 {
			out = append(out, crossPair{f[0], f[1], f[3]})
		}
	}
	return out
}

// ofacRecords turns entities into records, with or without their aliases.
func ofacRecords(ents []ofacEntity, withAliases bool) []vetting.Record {
	recs := make([]vetting.Record, 0, len(ents))
	for _, e := range ents {
		r := vetting.Record{ID: "OFAC" + e.id, Kind: vetting.Person, Name: e.name}
		if withAliases {
			r.Aliases = e.aliases
		}
		recs = append(recs, r)
	}
	return recs
}

// recallAt screens every alias of every entity and returns the share whose
// entity is among the first k hits, and the misses.
func recallAt(ix *vetting.Index, ents []ofacEntity, k int) (float64, int, []string) {
	found, total := 0, 0
	var misses []string
	for _, e := range ents {
		for _, a := range e.aliases {
			total++
			hit := false
			for _, h := range ix.Screen(vetting.Record{Kind: vetting.Person, Name: a}, k, 0) {
				if h.RecordID == "OFAC"+e.id {
					hit = true
					break
				}
			}
			if hit {
				found++
			} else {
				misses = append(misses, a+" -> "+e.name)
			}
		}
	}
	if total == 0 {
		return 0, 0, nil
	}
	return float64(found) / float64(total), total, misses
}

// pairsInTop returns the pairs whose expected name is not among the first
// k hits when the expected names are indexed beside other records.
func pairsInTop(ix *vetting.Index, pairs []crossPair, k int) []string {
	var misses []string
	for i, p := range pairs {
		ok := false
		for _, h := range ix.Screen(vetting.Record{Kind: vetting.Person, Name: p.query}, k, 0) {
			if h.RecordID == pairID(i) {
				ok = true
			}
		}
		if !ok {
			misses = append(misses, p.query+" -> "+p.want+" ("+p.desc+")")
		}
	}
	return misses
}

func pairID(i int) string { return "PAIR" + string(rune('A'+i/26)) + string(rune('A'+i%26)) }

func pairRecords(pairs []crossPair) []vetting.Record {
	var recs []vetting.Record
	for i, p := range pairs {
		recs = append(recs, vetting.Record{ID: pairID(i), Kind: vetting.Person, Name: p.want})
	}
	return recs
}
