package vetting

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// qform is one spelling of a nominee's word, looked up in the index.
type qform struct {
	s           string
	skel, group int32 // ids of its phonetic key and variant group in the index, or -1
	id          int64 // vocab id, or -1 when no record has this spelling
}

// qform looks a spelling's phonetic key and variant group up in the index.
func (ix *Index) qform(f string) qform {
	qf := qform{s: f, skel: -1, group: -1, id: -1}
	if g := groupOf(f); g != "" {
		if gid, ok := ix.groupIDs[g]; ok {
			qf.group = gid
		}
	}
	if k := skeleton(f); k != "" {
		if kid, ok := ix.skelIDs[k]; ok {
			qf.skel = kid
		}
	}
	return qf
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
			qf := ix.qform(f)
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
	var pend map[string]pendingHit
	if n.Kind == Unit {
		hits = ix.screenUnit(n, names)
	} else {
		hits, pend = ix.screenPerson(n, names)
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
	for i := range out {
		if p, ok := pend[out[i].RecordID]; ok {
			ix.explainPerson(n, names, &out[i], p)
		}
	}
	return out
}

// round4 rounds a score to the precision it is printed with, so that the
// order of hits agrees with the printed scores.
func round4(s float64) float64 {
	s = math.Max(0, math.Min(1, s))
	return math.Round(s*1e4) / 1e4
}

// formSim compares one spelling of a nominee's word with one index
// spelling and says how they matched.
func (ix *Index) formSim(qf qform, id uint32) (float64, string) {
	if qf.id == int64(id) {
		return 1, "exact"
	}
	v := &ix.vocab[id]
	if qf.id < 0 && qf.s == v.s {
		return 1, "exact"
	}
	return spellingSim(qf.s, v.s, qf.group >= 0 && qf.group == v.group, qf.skel >= 0 && qf.skel == v.skel)
}

// spellingSim compares two different Latin spellings, told whether they
// share a variant group and a phonetic key: 0.95 variant, 0.75 to 0.9
// phonetic (same key, scaled by Jaro-Winkler, as a short key such as "md"
// is shared by unrelated names), 0.88 or 0.76 for one or two typos, 0.7 for
// an initial, else a discounted Jaro-Winkler similarity ("similar") when
// above 0.6.
func spellingSim(a, b string, sameGroup, sameSkel bool) (float64, string) {
	if sameGroup {
		return 0.95, "variant"
	}
	if len(a) == 1 || len(b) == 1 {
		if a[0] == b[0] {
			return 0.7, "initial"
		}
		return 0, ""
	}
	best, how := 0.0, ""
	if mt := maxTypos(min(len(a), len(b))); bagDistance(a, b) <= mt {
		if d := damerau(a, b, mt); d <= mt {
			best, how = 1-0.12*float64(d), "typo"
		}
	}
	jw := jaroWinkler(a, b)
	if sameSkel && jw >= 0.7 {
		if s := 0.4 + 0.5*jw; s > best {
			best, how = s, "phonetic"
		}
	}
	if s := jw * 0.8; s > best && s >= 0.75 {
		best, how = s, "similar"
	}
	return best, how
}
