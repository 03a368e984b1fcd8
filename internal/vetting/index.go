package vetting

import (
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// Index holds records for screening in memory. Candidates come from an
// inverted index over the Latin spellings of name words, reached from a
// nominee's words by exact spelling, variant group, phonetic key and
// one-letter deletions (typos), and from unit keys; only candidates are
// scored, never the whole list. An Index is safe for concurrent Screen calls.
type Index struct {
	entries []entry
	isUnit  []bool    // by entry, kept apart for the candidate loop's cache
	weight  []float32 // by entry: the weight of its lightest name, for coverage

	vocab    []vocabEntry
	vocabID  map[string]uint32
	postings [][]uint32 // by vocab id: entries (sorted) holding the spelling
	idfs     []float64  // by vocab id: idf of the spelling
	shorts   [][]uint32 // by vocab id: entries (sorted) with a short name (see shortName) using the spelling
	eforms   []uint32   // vocab ids of every spelling of entry e's names: eforms[eoff[e]:eoff[e+1]]
	eoff     []uint32
	byGroup  [][]uint32                        // by variant group id: vocab ids
	bySkel   [][]uint32                        // by phonetic key id: vocab ids
	groupIDs map[string]int32                  // variant group -> id
	skelIDs  map[string]int32                  // phonetic key -> id
	byDelete [deleteShards]map[string][]uint32 // sharded by key hash, built in parallel
	byUnit   map[string][]uint32               // unit key parts -> unit entries
	byKey    map[string][]uint32               // full unit key (no parent) -> unit entries
	byParent map[string][]uint32               // parent unit key -> unit entries naming it

	parent   []int32    // by entry: the entry of its parent unit, or -1
	children [][]uint32 // by entry: its subordinate unit entries

	maxIDF     float64
	pool       sync.Pool
	expansions sync.Map // common words' expansions: forms -> expansion
}

type vocabEntry struct {
	s           string
	skel, group int32 // ids of its phonetic key and variant group, or -1
}

// entry is a record made ready for scoring.
type entry struct {
	rec    Record
	names  []Name
	forms  [][][]uint32 // by name, by token: vocab ids of its spellings
	unit   UnitKey      // for a unit record, its key; for a person, the key of their unit
	parent UnitKey      // for a unit record, the key of its parent_unit
}

// NewIndex builds an index over records. Records are kept sorted by id so
// that ties break the same way on every run; records with a duplicate id
// after the first are ignored (the CSV reader reports them).
func NewIndex(records []Record) *Index {
	ix := &Index{
		vocabID:  map[string]uint32{},
		groupIDs: map[string]int32{},
		skelIDs:  map[string]int32{},
		byUnit:   map[string][]uint32{},
		byKey:    map[string][]uint32{},
		byParent: map[string][]uint32{},
	}
	sorted := slices.Clone(records)
	slices.SortStableFunc(sorted, func(a, b Record) int { return strings.Compare(a.ID, b.ID) })
	sorted = slices.CompactFunc(sorted, func(a, b Record) bool { return a.ID == b.ID })
	ix.entries = make([]entry, len(sorted))
	// Normalizing is the costly part and needs no shared state: do it on
	// all cores, then intern spellings in order so ids are deterministic.
	parallel(len(sorted), func(i int) {
		e, r := &ix.entries[i], sorted[i]
		e.rec = r
		e.names = recordNames(r)
		switch r.Kind {
		case Unit:
			e.unit = ParseUnit(r.Name)
			if r.ParentUnit != "" {
				e.parent = ParseUnit(r.ParentUnit)
			} else if e.unit.Parent != "" {
				e.parent = ParseUnit(strings.SplitN(r.Name, ",", 2)[1])
			}
		case Person:
			if r.Unit != "" {
				e.unit = ParseUnit(r.Unit)
			}
		}
	})
	for i, r := range sorted {
		e := &ix.entries[i]
		e.forms = make([][][]uint32, len(e.names))
		for ni, n := range e.names {
			e.forms[ni] = make([][]uint32, len(n.Tokens))
			for ti, t := range n.Tokens {
				ids := make([]uint32, len(t.Forms))
				for fi, f := range t.Forms {
					id := ix.intern(f)
					ids[fi] = id
					if p := ix.postings[id]; len(p) == 0 || p[len(p)-1] != uint32(i) {
						ix.postings[id] = append(p, uint32(i))
					}
				}
				e.forms[ni][ti] = ids
			}
		}
		if r.Kind == Unit {
			for _, k := range unitKeys(e.unit) {
				if k != "" {
					ix.byUnit[k] = append(ix.byUnit[k], uint32(i))
				}
			}
			for _, k := range branchKeys(e.unit) {
				ix.byUnit[k] = append(ix.byUnit[k], uint32(i))
			}
			ix.byKey[headKey(e.unit)] = append(ix.byKey[headKey(e.unit)], uint32(i))
			if !e.parent.IsZero() {
				ix.byParent[headKey(e.parent)] = append(ix.byParent[headKey(e.parent)], uint32(i))
			}
		}
	}
	ix.keySpellings()
	ix.idfs = make([]float64, len(ix.vocab))
	for id := range ix.vocab {
		ix.idfs[id] = 1 + math.Log(float64(len(ix.entries)+1)/float64(len(ix.postings[id])+1))
	}
	ix.eoff = make([]uint32, len(ix.entries)+1)
	ix.shorts = make([][]uint32, len(ix.vocab))
	for i := range ix.entries {
		e := &ix.entries[i]
		for _, name := range e.forms {
			for _, tok := range name {
				ix.eforms = append(ix.eforms, tok...)
			}
			if !shortName(ix, name) {
				continue
			}
			for _, tok := range name {
				for _, id := range tok {
					if p := ix.shorts[id]; len(p) == 0 || p[len(p)-1] != uint32(i) {
						ix.shorts[id] = append(p, uint32(i))
					}
				}
			}
		}
		ix.eoff[i+1] = uint32(len(ix.eforms))
	}
	ix.buildDeletes()
	ix.isUnit = make([]bool, len(ix.entries))
	ix.weight = make([]float32, len(ix.entries))
	for i := range ix.entries {
		e := &ix.entries[i]
		ix.isUnit[i] = e.rec.Kind == Unit
		w := math.Inf(1)
		for ni, n := range e.names {
			nw := 0.0
			for ti, t := range n.Tokens {
				tw := ix.idf(e.forms[ni][ti][0])
				if t.Particle {
					tw *= particleWeight
				}
				nw += tw
			}
			w = min(w, nw)
		}
		if math.IsInf(w, 1) || w <= 0 {
			w = 1
		}
		ix.weight[i] = float32(w)
	}
	ix.linkUnits()
	ix.maxIDF = math.Log(1 + float64(len(ix.entries)+1))
	ix.pool.New = func() any { return ix.newScratch() }
	return ix
}

// shortName reports whether a name (the vocab ids of its words' spellings)
// is one word, or made only of common words (Muhammad Ali): a record with
// such a name is reached from a nominee's common words even when they are
// looked up only among the records rarer words found.
func shortName(ix *Index, name [][]uint32) bool {
	if len(name) == 1 {
		return true
	}
	for _, tok := range name {
		if len(ix.postings[tok[0]]) <= tailPostings {
			return false
		}
	}
	return true
}

// Len returns the number of records indexed.
func (ix *Index) Len() int { return len(ix.entries) }

// recordNames normalizes a record's name and aliases, skipping those with
// no words. A unit's names are its qualifying words (places, proper names),
// as its number, echelon and branch are matched through its key.
func recordNames(r Record) []Name {
	var out []Name
	for i, s := range append([]string{r.Name}, r.Aliases...) {
		if r.Kind == Unit {
			s, _, _ = strings.Cut(s, ",")
			s = unitMatchWords(s)
		}
		n := Normalize(s)
		n.Raw = s
		if len(n.Tokens) > 0 || (r.Kind == Unit && i == 0) {
			out = append(out, n)
		}
	}
	return out
}

// intern returns the vocab id of a spelling, adding it when new (its
// phonetic key and variant group come later, from keySpellings).
func (ix *Index) intern(f string) uint32 {
	if id, ok := ix.vocabID[f]; ok {
		return id
	}
	id := uint32(len(ix.vocab))
	ix.vocab = append(ix.vocab, vocabEntry{s: f, skel: -1, group: -1})
	ix.postings = append(ix.postings, nil)
	ix.vocabID[f] = id
	return id
}

// keySpellings gives every spelling its phonetic key and variant group,
// computed on all cores, then numbered in vocab order.
func (ix *Index) keySpellings() {
	skels, groups := make([]string, len(ix.vocab)), make([]string, len(ix.vocab))
	parallel(len(ix.vocab), func(id int) {
		skels[id], groups[id] = skeleton(ix.vocab[id].s), groupOf(ix.vocab[id].s)
	})
	for id := range ix.vocab {
		v := &ix.vocab[id]
		if g := groups[id]; g != "" {
			gid, ok := ix.groupIDs[g]
			if !ok {
				gid = int32(len(ix.byGroup))
				ix.groupIDs[g] = gid
				ix.byGroup = append(ix.byGroup, nil)
			}
			v.group = gid
			ix.byGroup[gid] = append(ix.byGroup[gid], uint32(id))
		}
		if k := skels[id]; k != "" {
			kid, ok := ix.skelIDs[k]
			if !ok {
				kid = int32(len(ix.bySkel))
				ix.skelIDs[k] = kid
				ix.bySkel = append(ix.bySkel, nil)
			}
			v.skel = kid
			ix.bySkel[kid] = append(ix.bySkel[kid], uint32(id))
		}
	}
}

// idf weighs a spelling by how rare it is among records: a rare surname
// says more than Muhammad.
func (ix *Index) idf(id uint32) float64 {
	return ix.idfs[id]
}

// headKey is a unit key without its parent, used to join records by name.
func headKey(k UnitKey) string {
	k.Parent = ""
	return k.String()
}

// unitKeys are the posting keys of a unit: number with echelon, echelon with
// branch, and all three; a key of which the unit has no part is "", as
// units with no number and no echelon have nothing in common.
func unitKeys(k UnitKey) [3]string {
	num := ""
	if k.Number > 0 {
		num = itoa(k.Number)
	}
	br := strings.Join(k.Branch, "+")
	var keys [3]string
	if num != "" || k.Echelon != "" {
		keys[0] = "ne:" + num + "|" + k.Echelon
	}
	if k.Echelon != "" || br != "" {
		keys[1] = "eb:" + k.Echelon + "|" + br
	}
	if num != "" || k.Echelon != "" || br != "" {
		keys[2] = "neb:" + num + "|" + k.Echelon + "|" + br
	}
	return keys
}

// branchKeys are the posting keys of a unit with no number and no echelon,
// one a branch, so that "Gendarmerie" finds "Gendarmerie Nationale".
func branchKeys(k UnitKey) []string {
	if k.Number > 0 || k.Echelon != "" {
		return nil
	}
	keys := make([]string, len(k.Branch))
	for i, b := range k.Branch {
		keys[i] = "b:" + b
	}
	return keys
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// linkUnits builds the unit tree: a unit record's parent is the unit record
// whose name gives the same key as its parent_unit, the one with the
// smallest id when several do.
func (ix *Index) linkUnits() {
	ix.parent = make([]int32, len(ix.entries))
	ix.children = make([][]uint32, len(ix.entries))
	for i := range ix.entries {
		ix.parent[i] = -1
		e := &ix.entries[i]
		if e.rec.Kind != Unit || e.parent.IsZero() {
			continue
		}
		for _, p := range ix.byKey[headKey(e.parent)] {
			if int(p) != i && ix.entries[p].rec.Kind == Unit {
				ix.parent[i] = int32(p)
				ix.children[p] = append(ix.children[p], uint32(i))
				break
			}
		}
	}
	// Break any cycle, so that walking up always ends.
	for i := range ix.parent {
		seen := map[int32]bool{int32(i): true}
		for p := ix.parent[i]; p >= 0; p = ix.parent[p] {
			if seen[p] {
				ix.parent[i] = -1
				break
			}
			seen[p] = true
		}
	}
}

const deleteShards = 16

// shardOf picks the delete-index shard of a key (FNV-1a).
func shardOf(k string) int {
	h := uint32(2166136261)
	for i := 0; i < len(k); i++ {
		h = (h ^ uint32(k[i])) * 16777619
	}
	return int(h % deleteShards)
}

// buildDeletes fills the symmetric-delete typo index, each shard on its own
// goroutine; vocab ids are appended in order, so the result is the same on
// every run.
func (ix *Index) buildDeletes() {
	for sh := range deleteShards {
		ix.byDelete[sh] = make(map[string][]uint32, len(ix.vocab)*6/deleteShards)
	}
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte
			for id, v := range ix.vocab {
				f := v.s
				if len(f) < 4 || len(f) > 20 {
					continue
				}
				for i := 0; i < len(f); i++ {
					if i > 0 && f[i] == f[i-1] {
						continue
					}
					buf = append(append(buf[:0], f[:i]...), f[i+1:]...)
					sh := shardOf(string(buf))
					if sh%workers != w {
						continue
					}
					m := ix.byDelete[sh]
					k := string(buf)
					m[k] = append(m[k], uint32(id))
				}
			}
		}()
	}
	wg.Wait()
}

// parallel runs f(0..n-1) on all cores.
func parallel(n int, f func(i int)) {
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				f(i)
			}
		}()
	}
	wg.Wait()
}
