package vetting

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// Candidate generation limits. A nominee's words are taken rarest first;
// common words stop adding candidates once this many postings have been
// read, and only the best candidates by this rough score are fully scored.
const (
	postingBudget = 40_000
	maxProbe      = 2_000 // most candidates probed for a common word
	tailPostings  = 100   // a spelling with at most this many records is read even for a common word
	probeRatio    = 2     // a word is probed, when it may be, if its postings outnumber the candidates this many times
	cacheMinTotal = 200   // expansions of words this common are cached
	maxCandidates = 24    // by rough score, and as many again by coverage
	maxBucket     = 1000  // phonetic-key buckets larger than this are skipped
)

// scratch is the per-query working memory, pooled to avoid allocation.
type scratch struct {
	slot    []slot // by entry; one slot holds all of an entry's state
	touched []uint32
	round   int32 // the current round; rounds only grow, across queries
	base    int32 // rounds up to base belong to earlier queries
	mark    markSet

	// active holds the entries of touched[:upTo] that may still become
	// candidates (see prune); those of touched[upTo:] are not sorted yet.
	active []uint32
	upTo   int

	// splits are the common words split so far: records first touched
	// after a split get its common spellings' weight at the end (late).
	splits []splitWord
}

// splitWord is a word split: its spellings, the weight from which a
// spelling was read rather than looked up, and how many entries were
// touched when it was looked up.
type splitWord struct {
	cands   []cand
	allowed float32
	from    int
}

// slot is one entry's rough score, its current word's contribution, the
// round (word) that contribution belongs to, and the entry's coverage
// weight (negative for a unit record), kept here so that the candidate
// loop reads one place in memory per entry.
type slot struct {
	acc, cur float32
	stamp    int32
	w        float32
}

func (ix *Index) newScratch() *scratch {
	sc := &scratch{slot: make([]slot, len(ix.entries))}
	for i, w := range ix.weight {
		if ix.isUnit[i] {
			w = -w
		}
		sc.slot[i].w = w
	}
	return sc
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
		if qf.group >= 0 {
			for _, id := range ix.byGroup[qf.group] {
				add(id, 0.95)
			}
		}
		if qf.skel < 0 {
		} else if b := ix.bySkel[qf.skel]; len(b) <= maxBucket {
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
		w := float32(ix.idfs[c.id]) * c.sim
		for _, e := range ix.postings[c.id] {
			s := &sc.slot[e]
			if (s.w < 0) != unitOnly {
				continue
			}
			sc.bumpSlot(s, e, w, r)
		}
	}
}

// probe adds a word's weighted similarity to the candidates already
// touched that hold one of its spellings, and to the records with a name
// of that one word, which no rarer word can reach.
func (ix *Index) probe(sc *scratch, cands []cand, unitOnly bool) {
	sc.round++
	r := sc.round
	sc.mark.reset(len(cands))
	for _, c := range cands {
		w := float32(ix.idfs[c.id]) * c.sim
		sc.mark.put(c.id, w)
		for _, e := range ix.shorts[c.id] {
			if s := &sc.slot[e]; (s.w < 0) == unitOnly {
				sc.bumpSlot(s, e, w, r)
			}
		}
	}
	for _, e := range sc.prune(float32(math.Inf(1))) {
		for _, id := range ix.eforms[ix.eoff[e]:ix.eoff[e+1]] {
			if w := sc.mark.get(id); w > 0 {
				sc.bumpSlot(&sc.slot[e], e, w, r)
			}
		}
	}
}

// split handles a common word when no record it alone could reach can
// enter the candidates: records reached only by its common spellings
// (weight below the k-th best rough score less bound, what may come from
// the words after it and what earlier split words may have left out; any
// weight when fewer than k records were found) are left out. It reads the posting lists of the other spellings and looks the
// common ones up in the candidates touched, all in one round, and reports
// false, doing nothing, when that would not save reading.
func (ix *Index) split(sc *scratch, cands []cand, bound, later float32, missed *float32, unitOnly bool) bool {
	allowed := float32(math.Inf(1))
	if len(sc.touched) >= maxCandidates {
		allowed = sc.kthAcc(maxCandidates) - bound
		if allowed <= 0 {
			return false
		}
	}
	tail := func(c cand) bool {
		return len(ix.postings[c.id]) <= tailPostings || float32(ix.idfs[c.id])*c.sim >= allowed
	}
	cost, total := 0, 0
	for _, c := range cands {
		n := len(ix.postings[c.id])
		total += n
		if tail(c) {
			cost += n
		}
	}
	if cost*probeRatio >= total {
		return false
	}
	sc.round++
	r := sc.round
	sc.mark.reset(len(cands))
	var headMax float32
	for _, c := range cands {
		w := float32(ix.idfs[c.id]) * c.sim
		if tail(c) {
			for _, e := range ix.postings[c.id] {
				if s := &sc.slot[e]; (s.w < 0) == unitOnly {
					sc.bumpSlot(s, e, w, r)
				}
			}
			continue
		}
		headMax = max(headMax, w)
		sc.mark.put(c.id, w)
		for _, e := range ix.shorts[c.id] {
			if s := &sc.slot[e]; (s.w < 0) == unitOnly {
				sc.bumpSlot(s, e, w, r)
			}
		}
	}
	*missed += headMax
	defer func() { sc.splits = append(sc.splits, splitWord{cands, allowed, len(sc.touched)}) }()
	for _, e := range sc.prune(headMax + later) {
		for _, id := range ix.eforms[ix.eoff[e]:ix.eoff[e+1]] {
			if w := sc.mark.get(id); w > 0 {
				sc.bumpSlot(&sc.slot[e], e, w, r)
			}
		}
	}
	return true
}

func (ix *Index) bump(sc *scratch, e uint32, w float32, r int32) {
	sc.bumpSlot(&sc.slot[e], e, w, r)
}

func (sc *scratch) bumpSlot(s *slot, e uint32, w float32, r int32) {
	switch {
	case s.stamp == r:
		if w > s.cur {
			s.acc += w - s.cur
			s.cur = w
		}
	case s.stamp <= sc.base:
		// First touched in this query: what the slot holds is stale.
		sc.touched = append(sc.touched, e)
		s.stamp, s.cur, s.acc = r, w, w
	default:
		if s.cur < 0 {
			// Pruned (see prune), and now reached by a rarer spelling
			// than pruning allowed for: a candidate again.
			sc.active = append(sc.active, e)
		}
		s.stamp = r
		s.cur = w
		s.acc += w
	}
}

// late adds to each record first touched after a word was split the
// weight of that word's common spellings it holds, which the lookup then
// could not give it (a record reached by a rare word read after a common
// one).
func (ix *Index) late(sc *scratch) {
	for _, sw := range sc.splits {
		if sw.from >= len(sc.touched) {
			continue
		}
		sc.round++
		r := sc.round
		sc.mark.reset(len(sw.cands))
		for _, c := range sw.cands {
			if w := float32(ix.idfs[c.id]) * c.sim; len(ix.postings[c.id]) > tailPostings && w < sw.allowed {
				sc.mark.put(c.id, w)
			}
		}
		for _, e := range sc.touched[sw.from:] {
			s := &sc.slot[e]
			if s.cur < 0 {
				continue // pruned
			}
			for _, id := range ix.eforms[ix.eoff[e]:ix.eoff[e+1]] {
				if w := sc.mark.get(id); w > 0 {
					sc.bumpSlot(s, e, w, r)
				}
			}
		}
	}
	sc.splits = sc.splits[:0]
}

// kthAcc returns the k-th largest rough score among the touched entries
// (those pruned are below it). There must be k touched entries.
func (sc *scratch) kthAcc(k int) float32 {
	t := newTopK(k)
	for _, e := range sc.active {
		t.push(sc.slot[e].acc, e)
	}
	for _, e := range sc.touched[sc.upTo:] {
		t.push(sc.slot[e].acc, e)
	}
	return t.h[0].s
}

// cover is the value by which best ranks an entry on coverage.
func cover(acc, w float32) float32 {
	return min(acc/max(w, -w), 1) + acc*1e-4
}

// prune drops from the entries to probe those that cannot become
// candidates even if bound is added to their rough score, from the common
// spellings of the words still to come: below the k-th best rough score and
// the k-th best coverage (MaxScore). A pruned entry that a rarer spelling
// reaches later is probed again from then on (see bumpSlot). It returns
// the entries to probe.
func (sc *scratch) prune(bound float32) []uint32 {
	if len(sc.touched) < maxCandidates {
		return sc.touched
	}
	list := append(sc.active, sc.touched[sc.upTo:]...)
	byAcc, byCover := newTopK(maxCandidates), newTopK(maxCandidates)
	for _, e := range list {
		s := &sc.slot[e]
		byAcc.push(s.acc, e)
		byCover.push(cover(s.acc, s.w), e)
	}
	ka, kc := byAcc.h[0].s, byCover.h[0].s
	if len(byAcc.h) < maxCandidates {
		ka, kc = 0, 0
	}
	keep := list[:0]
	for _, e := range list {
		s := &sc.slot[e]
		if a := s.acc + bound; a >= ka || cover(a, s.w) >= kc {
			keep = append(keep, e)
		} else {
			s.cur = -1
		}
	}
	sc.active, sc.upTo = keep, len(sc.touched)
	return keep
}

// best returns the candidates to score in full: the k entries with the
// highest rough scores, and the k whose names the rough score covers best
// (rough score over the entry's name weight), so that a short record
// ("David") is not crowded out by long ones that share a rarer word. Ties
// break by entry order (record id). It clears the scratch.
func (ix *Index) best(sc *scratch, k int) []uint32 {
	byAcc, byCover := newTopK(k), newTopK(k)
	// Entries pruned cannot be among the best (see prune).
	for _, list := range [][]uint32{sc.active, sc.touched[sc.upTo:]} {
		for _, e := range list {
			s := &sc.slot[e]
			byAcc.push(s.acc, e)
			// Coverage is capped at 1, as several words of the nominee can
			// match one word of the record; among full covers the larger
			// rough score wins.
			byCover.push(cover(s.acc, s.w), e)
		}
	}
	sc.touched = sc.touched[:0]
	sc.active, sc.upTo = sc.active[:0], 0
	out := append(byAcc.sorted(), byCover.sorted()...)
	slices.Sort(out)
	return slices.Compact(out)
}

// begin starts a query: slots stamped with rounds up to now are stale.
// Rounds are cleared before they could overflow.
func (sc *scratch) begin() {
	if sc.round > math.MaxInt32/2 {
		for i := range sc.slot {
			sc.slot[i].stamp = 0
		}
		sc.round = 0
	}
	sc.base = sc.round
}

// markSet maps the vocab ids of a word's spellings to their weights, in a
// small open-addressing table that stays in cache.
type markSet struct {
	keys  []uint32 // vocab id + 1, or 0 for an empty slot
	vals  []float32
	shift uint32
}

// reset empties the set, sized for n ids.
func (m *markSet) reset(n int) {
	size, bits := 64, uint32(6)
	for size < 2*n {
		size, bits = size*2, bits+1
	}
	if cap(m.keys) < size {
		m.keys, m.vals = make([]uint32, size), make([]float32, size)
	}
	m.keys, m.vals = m.keys[:size], m.vals[:size]
	clear(m.keys)
	m.shift = 32 - bits
}

func (m *markSet) slot(id uint32) int {
	return int((id * 0x9E3779B1) >> m.shift)
}

// put records w for id, keeping the larger weight.
func (m *markSet) put(id uint32, w float32) {
	mask := len(m.keys) - 1
	for i := m.slot(id); ; i = (i + 1) & mask {
		switch m.keys[i] {
		case 0:
			m.keys[i], m.vals[i] = id+1, w
			return
		case id + 1:
			m.vals[i] = max(m.vals[i], w)
			return
		}
	}
}

// get returns the weight of id, or 0.
func (m *markSet) get(id uint32) float32 {
	mask := len(m.keys) - 1
	for i := m.slot(id); ; i = (i + 1) & mask {
		switch m.keys[i] {
		case 0:
			return 0
		case id + 1:
			return m.vals[i]
		}
	}
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
	sc.begin()
	type word struct {
		cands []cand
		total int
	}
	var words []word
	for _, q := range names {
		for _, qt := range append(q.toks, ix.joinedTokens(q.toks)...) {
			if qt.tok.Particle {
				continue
			}
			c, total := ix.expandCached(qt)
			words = append(words, word{c, total})
		}
	}
	slices.SortStableFunc(words, func(a, b word) int { return cmp.Compare(a.total, b.total) })
	// rest[i] bounds what the common spellings (those with more than
	// tailPostings records) of words i and after can add to a record's
	// rough score, plus the unit keys (weighing 1+2+3) for a unit.
	rest := make([]float32, len(words)+1)
	if extra != nil {
		rest[len(words)] = 6
	}
	for i := len(words) - 1; i >= 0; i-- {
		var m float32
		for _, c := range words[i].cands {
			if len(ix.postings[c.id]) > tailPostings {
				m = max(m, float32(ix.idfs[c.id])*c.sim)
			}
		}
		rest[i] = rest[i+1] + m
	}
	read := 0
	var missed float32 // most a record not touched may have lost to split words
	for i, w := range words {
		switch {
		case w.total == 0:
		case len(sc.touched) == 0:
			ix.accumulate(sc, w.cands, unitOnly)
			read += w.total
		case w.total > probeRatio*len(sc.touched) && ix.split(sc, w.cands, rest[i+1]+missed, rest[i+1], &missed, unitOnly):
			// A common word (Muhammad, Jean) after rarer ones: split read
			// the postings of its rare spellings and looked its common ones
			// up among the records found, rather than read their long
			// posting lists, as no record reached only by the common
			// spellings of this word and the words after it could outscore
			// the maxCandidates-th best (MaxScore) or, when fewer were
			// found, as a record sharing only common words with the
			// nominee is not worth it (records named only by common words
			// are still reached, through ix.shorts).
		case read+w.total <= postingBudget:
			ix.accumulate(sc, w.cands, unitOnly)
			read += w.total
		case len(sc.touched) <= maxProbe:
			ix.probe(sc, w.cands, unitOnly)
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
	ix.late(sc)
	return ix.best(sc, maxCandidates)
}

// joinedTokens returns, for candidate generation, each pair of adjacent
// short words written as one (the syllables of 김정은 or 山田 against
// "Jongun" or "Yamada"), with every combination of their spellings.
func (ix *Index) joinedTokens(toks []qtoken) []qtoken {
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
				jt.forms = append(jt.forms, ix.qform(f))
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
