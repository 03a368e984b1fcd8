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
	postingBudget = 300_000
	maxCandidates = 64
	maxBucket     = 3000 // phonetic-key buckets larger than this are skipped
)

// scratch is the per-query working memory, pooled to avoid allocation.
type scratch struct {
	acc     []float32
	cur     []float32
	stamp   []int32
	touched []uint32
	round   int32
}

func newScratch(n int) *scratch {
	return &scratch{acc: make([]float32, n), cur: make([]float32, n), stamp: make([]int32, n)}
}

// qform is one spelling of a nominee's word, looked up in the index.
type qform struct {
	s, skel, group string
	id             int64 // vocab id, or -1 when no record has this spelling
}

// qtoken is a nominee's word ready for matching.
type qtoken struct {
	tok   Token
	forms []qform
	w     float64 // weight when unmatched
}

type qname struct {
	name Name
	toks []qtoken
}

func (ix *Index) prepare(n Name) qname {
	q := qname{name: n}
	for _, t := range n.Tokens {
		qt := qtoken{tok: t, w: ix.maxIDF * 0.8}
		found := false
		for _, f := range t.Forms {
			qf := qform{s: f, skel: skeleton(f), group: groupOf(f), id: -1}
			if id, ok := ix.vocabID[f]; ok {
				qf.id = int64(id)
				if !found {
					qt.w, found = ix.idf(id), true
				}
			}
			qt.forms = append(qt.forms, qf)
		}
		if t.Particle {
			qt.w *= particleWeight
		}
		q.toks = append(q.toks, qt)
	}
	return q
}

// Screen returns the records that match a nominee, at most top of them
// with a score of at least min, best first, ties broken by record id. top
// <= 0 means no limit on the count; min <= 0 keeps every scored candidate.
func (ix *Index) Screen(n Record, top int, min float64) []Hit {
	if len(ix.entries) == 0 {
		return nil
	}
	var names []qname
	for _, s := range append([]string{n.Name}, n.Aliases...) {
		nm := Normalize(s)
		if len(nm.Tokens) > 0 {
			names = append(names, ix.prepare(nm))
		}
	}
	var hits map[uint32]Hit
	if n.Kind == Unit {
		hits = ix.screenUnit(n, names)
	} else {
		hits = ix.screenPerson(n, names)
	}
	out := make([]Hit, 0, len(hits))
	for _, h := range hits {
		if h.Score >= min {
			out = append(out, h)
		}
	}
	slices.SortFunc(out, func(a, b Hit) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return strings.Compare(a.RecordID, b.RecordID)
	})
	if top > 0 && len(out) > top {
		out = out[:top]
	}
	return out
}

// round4 rounds a score to the precision it is printed with, so that the
// order of hits agrees with the printed scores.
func round4(s float64) float64 {
	s = math.Max(0, math.Min(1, s))
	return math.Round(s*1e4) / 1e4
}

// expand finds the index spellings a nominee's word may stand for, with the
// similarity of each, sorted by vocab id.
func (ix *Index) expand(qt qtoken) []cand {
	best := map[uint32]float32{}
	add := func(id uint32, s float64) {
		if s >= 0.6 && float32(s) > best[id] {
			best[id] = float32(s)
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
				for _, id := range ix.byDelete[k] {
					s, _ := ix.formSim(qf, id)
					add(id, s)
				}
			}
		}
	}
	out := make([]cand, 0, len(best))
	for id, s := range best {
		out = append(out, cand{id, s})
	}
	slices.SortFunc(out, func(a, b cand) int { return cmp.Compare(a.id, b.id) })
	return out
}

type cand struct {
	id  uint32
	sim float32
}

// formSim compares one spelling of a nominee's word with one index
// spelling and says how they matched.
func (ix *Index) formSim(qf qform, id uint32) (float64, string) {
	if qf.id == int64(id) {
		return 1, "exact"
	}
	v := &ix.vocab[id]
	return spellingSim(qf.s, qf.skel, qf.group, v.s, v.skel, v.group)
}

// spellingSim compares two Latin spellings given their phonetic keys and
// variant groups: 1 exact, 0.95 variant, up to 0.9 phonetic, 0.88 or 0.76
// for one or two typos, 0.7 for an initial, else a discounted Jaro-Winkler
// similarity ("similar") when above 0.6.
func spellingSim(a, askel, agroup, b, bskel, bgroup string) (float64, string) {
	if a == b {
		return 1, "exact"
	}
	if agroup != "" && agroup == bgroup {
		return 0.95, "variant"
	}
	if len(a) == 1 || len(b) == 1 {
		if a[0] == b[0] {
			return 0.7, "initial"
		}
		return 0, ""
	}
	best, how := 0.0, ""
	if d := damerau(a, b, maxTypos(min(len(a), len(b)))); d <= maxTypos(min(len(a), len(b))) {
		best, how = 1-0.12*float64(d), "typo"
	}
	jw := jaroWinkler(a, b)
	if askel != "" && askel == bskel {
		if s := 0.72 + 0.18*jw; s > best {
			best, how = s, "phonetic"
		}
	}
	if s := jw * 0.8; s > best && s >= 0.75 {
		best, how = s, "similar"
	}
	return best, how
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
			if unitOnly != (ix.entries[e].rec.Kind == Unit) {
				continue
			}
			ix.bump(sc, e, w, r)
		}
	}
}

func (ix *Index) bump(sc *scratch, e uint32, w float32, r int32) {
	switch {
	case sc.stamp[e] == r:
		if w > sc.cur[e] {
			sc.acc[e] += w - sc.cur[e]
			sc.cur[e] = w
		}
	default:
		if sc.stamp[e] == 0 && sc.acc[e] == 0 {
			sc.touched = append(sc.touched, e)
		}
		sc.stamp[e] = r
		sc.cur[e] = w
		sc.acc[e] += w
	}
}

// best returns the entries with the highest rough scores, ties broken by
// entry order (record id), and clears the scratch.
func (ix *Index) best(sc *scratch, k int) []uint32 {
	t := sc.touched
	slices.SortFunc(t, func(a, b uint32) int {
		if c := cmp.Compare(sc.acc[b], sc.acc[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	if len(t) > k {
		t = t[:k]
	}
	out := slices.Clone(t)
	for _, e := range sc.touched {
		sc.acc[e], sc.cur[e], sc.stamp[e] = 0, 0, 0
	}
	sc.touched = sc.touched[:0]
	sc.round = 0
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
			c := ix.expand(qt)
			total := 0
			for _, x := range c {
				total += len(ix.postings[x.id])
			}
			words = append(words, word{c, total})
		}
	}
	slices.SortStableFunc(words, func(a, b word) int { return cmp.Compare(a.total, b.total) })
	read := 0
	for i, w := range words {
		if i >= 2 && read+w.total > postingBudget {
			break
		}
		ix.accumulate(sc, w.cands, unitOnly)
		read += w.total
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
		if len(f.s) > 5 {
			return false
		}
	}
	return true
}
