package vetting

import (
	"cmp"
	"slices"
	"strings"
)

// Candidate generation limits. A nominee's words are taken rarest first;
// common words stop adding candidates once this many postings have been
// read, and only the best candidates by this rough score are fully scored.
const (
	postingBudget = 40_000
	maxProbe      = 2_000 // most candidates probed for a common word
	cacheMinTotal = 2_000 // expansions of words this common are cached
	maxCandidates = 24    // by rough score, and as many again by coverage
	maxBucket     = 1000  // phonetic-key buckets larger than this are skipped
)

// scratch is the per-query working memory, pooled to avoid allocation.
type scratch struct {
	slot    []slot // by entry; one cache line holds all of an entry's state
	touched []uint32
	round   int32
}

// slot is one entry's rough score, its current word's contribution, and
// the round (word) that contribution belongs to.
type slot struct {
	acc, cur float32
	stamp    int32
}

func newScratch(n int) *scratch {
	return &scratch{slot: make([]slot, n)}
}

// expandCached is expand with a cache for common words (given names,
// mostly), which recur from nominee to nominee; it also returns the total
// length of the posting lists of the spellings found.
func (ix *Index) expandCached(qt qtoken) ([]cand, int) {
	var key strings.Builder
	for _, f := range qt.forms {
		key.WriteString(f.s)
		key.WriteByte(0)
	}
	if v, ok := ix.expansions.Load(key.String()); ok {
		e := v.(expansion)
		return e.cands, e.total
	}
	c := ix.expand(qt)
	total := 0
	for _, x := range c {
		total += len(ix.postings[x.id])
	}
	if total >= cacheMinTotal {
		ix.expansions.Store(key.String(), expansion{c, total})
	}
	return c, total
}

type expansion struct {
	cands []cand
	total int
}

// expand finds the index spellings a nominee's word may stand for, with the
// similarity of each, sorted by vocab id.
func (ix *Index) expand(qt qtoken) []cand {
	var found []cand
	add := func(id uint32, s float64) {
		if s >= 0.6 {
			found = append(found, cand{id, float32(s)})
		}
	}
	for _, qf := range qt.forms {
		if qf.id >= 0 {
			add(uint32(qf.id), 1)
		} else if id, ok := ix.vocabID[qf.s]; ok {
			add(id, 1)
		}
		if qf.group != "" {
			for _, id := range ix.byGroup[qf.group] {
				add(id, 0.95)
			}
		}
		if b := ix.bySkel[qf.skel]; qf.skel != "" && len(b) <= maxBucket {
			for _, id := range b {
				if d := len(ix.vocab[id].s) - len(qf.s); d > 3 || d < -3 {
					continue // too far apart in length to score as phonetic
				}
				s, _ := ix.formSim(qf, id)
				add(id, s)
			}
		}
		if maxTypos(len(qf.s)) > 0 {
			keys := append(deletes(qf.s), qf.s)
			for _, k := range keys {
				if id, ok := ix.vocabID[k]; ok {
					s, _ := ix.formSim(qf, id)
					add(id, s)
				}
				for _, id := range ix.byDelete[shardOf(k)][k] {
					s, _ := ix.formSim(qf, id)
					add(id, s)
				}
			}
		}
	}
	slices.SortFunc(found, func(a, b cand) int {
		if c := cmp.Compare(a.id, b.id); c != 0 {
			return c
		}
		return cmp.Compare(b.sim, a.sim)
	})
	return slices.CompactFunc(found, func(a, b cand) bool { return a.id == b.id })
}

type cand struct {
	id  uint32
	sim float32
}

// accumulate adds, for each record holding one of the candidate spellings
// of a word, the weighted similarity of its best spelling to the record's
// rough score.
func (ix *Index) accumulate(sc *scratch, cands []cand, unitOnly bool) {
	sc.round++
	r := sc.round
	for _, c := range cands {
		w := float32(ix.idf(c.id)) * c.sim
		for _, e := range ix.postings[c.id] {
			if unitOnly != ix.isUnit[e] {
				continue
			}
			ix.bump(sc, e, w, r)
		}
	}
}

// probe adds a word's weighted similarity to the candidates already
// touched that hold one of its spellings; cands is sorted by vocab id.
func (ix *Index) probe(sc *scratch, cands []cand) {
	sc.round++
	r := sc.round
	for _, e := range sc.touched {
		for _, name := range ix.entries[e].forms {
			for _, tok := range name {
				for _, id := range tok {
					if k, ok := slices.BinarySearchFunc(cands, id, func(c cand, id uint32) int { return cmp.Compare(c.id, id) }); ok {
						ix.bump(sc, e, float32(ix.idf(id))*cands[k].sim, r)
					}
				}
			}
		}
	}
}

func (ix *Index) bump(sc *scratch, e uint32, w float32, r int32) {
	s := &sc.slot[e]
	switch {
	case s.stamp == r:
		if w > s.cur {
			s.acc += w - s.cur
			s.cur = w
		}
	default:
		if s.stamp == 0 {
			sc.touched = append(sc.touched, e)
		}
		s.stamp = r
		s.cur = w
		s.acc += w
	}
}

// best returns the candidates to score in full: the k entries with the
// highest rough scores, and the k whose names the rough score covers best
// (rough score over the entry's name weight), so that a short record
// ("David") is not crowded out by long ones that share a rarer word. Ties
// break by entry order (record id). It clears the scratch.
func (ix *Index) best(sc *scratch, k int) []uint32 {
	byAcc, byCover := newTopK(k), newTopK(k)
	for _, e := range sc.touched {
		acc := sc.slot[e].acc
		sc.slot[e] = slot{}
		byAcc.push(acc, e)
		// Coverage is capped at 1, as several words of the nominee can
		// match one word of the record; among full covers the larger
		// rough score wins.
		byCover.push(min(acc/ix.weight[e], 1)+acc*1e-4, e)
	}
	sc.touched = sc.touched[:0]
	sc.round = 0
	out := append(byAcc.sorted(), byCover.sorted()...)
	slices.Sort(out)
	return slices.Compact(out)
}

// topK keeps the k best (score, entry) pairs in a min-heap.
type topK struct {
	k int
	h []scored
}

type scored struct {
	s float32
	e uint32
}

func newTopK(k int) *topK { return &topK{k: k, h: make([]scored, 0, k)} }

// below reports whether a ranks below b: lower score, or equal score and
// later entry.
func below(a, b scored) bool {
	if a.s != b.s {
		return a.s < b.s
	}
	return a.e > b.e
}

func (t *topK) push(s float32, e uint32) {
	it := scored{s, e}
	h := t.h
	switch {
	case len(h) < t.k:
		h = append(h, it)
		for i := len(h) - 1; i > 0; {
			p := (i - 1) / 2
			if !below(h[i], h[p]) {
				break
			}
			h[i], h[p] = h[p], h[i]
			i = p
		}
	case below(h[0], it):
		h[0] = it
		for i := 0; ; {
			l, m := 2*i+1, i
			if l < len(h) && below(h[l], h[m]) {
				m = l
			}
			if r := l + 1; r < len(h) && below(h[r], h[m]) {
				m = r
			}
			if m == i {
				break
			}
			h[i], h[m] = h[m], h[i]
			i = m
		}
	}
	t.h = h
}

func (t *topK) sorted() []uint32 {
	out := make([]uint32, len(t.h))
	for i, it := range t.h {
		out[i] = it.e
	}
	return out
}

// candidates runs candidate generation over a nominee's names.
func (ix *Index) candidates(names []qname, unitOnly bool, extra func(sc *scratch)) []uint32 {
	sc := ix.pool.Get().(*scratch)
	defer ix.pool.Put(sc)
	type word struct {
		cands []cand
		total int
	}
	var words []word
	for _, q := range names {
		for _, qt := range append(q.toks, joinedTokens(q.toks)...) {
			if qt.tok.Particle {
				continue
			}
			c, total := ix.expandCached(qt)
			words = append(words, word{c, total})
		}
	}
	slices.SortStableFunc(words, func(a, b word) int { return cmp.Compare(a.total, b.total) })
	read := 0
	for _, w := range words {
		switch {
		case w.total == 0:
		case len(sc.touched) == 0 || read+w.total <= postingBudget:
			ix.accumulate(sc, w.cands, unitOnly)
			read += w.total
		case len(sc.touched) <= maxProbe:
			// A common word (Muhammad, Jean): rather than read its long
			// posting lists, look it up in the candidates the rarer words found.
			ix.probe(sc, w.cands)
		case read+w.total <= 8*postingBudget:
			// Every word is common (Muhammad Ali): read them all, as no
			// rare word narrowed the candidates.
			ix.accumulate(sc, w.cands, unitOnly)
			read += w.total
		}
	}
	if extra != nil {
		extra(sc)
	}
	return ix.best(sc, maxCandidates)
}

// joinedTokens returns, for candidate generation, each pair of adjacent
// short words written as one (the syllables of 김정은 or 山田 against
// "Jongun" or "Yamada"), with every combination of their spellings.
func joinedTokens(toks []qtoken) []qtoken {
	var out []qtoken
	for i := 0; i+1 < len(toks); i++ {
		a, b := toks[i], toks[i+1]
		if a.tok.Particle || b.tok.Particle || !short(a) || !short(b) {
			continue
		}
		jt := qtoken{tok: Token{Text: a.tok.Text + b.tok.Text}}
		for _, x := range a.forms {
			for _, y := range b.forms {
				f := x.s + y.s
				jt.forms = append(jt.forms, qform{s: f, skel: skeleton(f), group: groupOf(f), id: -1})
			}
		}
		out = append(out, jt)
	}
	return out
}

// short reports whether every spelling of a word is a syllable or two.
func short(t qtoken) bool {
	for _, f := range t.forms {
		if len(f.s) > 6 {
			return false
		}
	}
	return true
}
