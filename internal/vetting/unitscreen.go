package vetting

import (
	"fmt"
	"strings"
)

// Relation hits: derogatory information on a unit surfaces when screening
// its parent or its subordinates, at this factor per level of the tree, and
// only from units matched at least this well.
const (
	relationDecay = 0.9
	relationFloor = StrongScore
	maxRelated    = 200
)

// unitSim compares two unit keys: number, echelon, branch and qualifying
// words. Different numbers or echelons (3rd and 4th Battalion) halve the
// score; words are compared with qsim when given, else exactly.
func unitSim(a, b UnitKey, qsim func() (float64, bool)) (float64, []string) {
	var notes []string
	part := func(x, y bool, known bool, what string) float64 {
		switch {
		case !known:
			return 0.5
		case x == y:
			return 1
		}
		notes = append(notes, what+" differs")
		return 0
	}
	num := part(a.Number == b.Number, true, a.Number > 0 && b.Number > 0, "number")
	if a.Number == 0 && b.Number == 0 {
		num = 1
	}
	ech := part(a.Echelon == b.Echelon, true, a.Echelon != "" && b.Echelon != "", "echelon")
	if a.Echelon == "" && b.Echelon == "" {
		ech = 1
	}
	br := jaccard(a.Branch, b.Branch)
	if br < 1 && len(a.Branch) > 0 && len(b.Branch) > 0 {
		notes = append(notes, "branch differs")
	}
	qual := 1.0
	switch {
	case len(a.Qualifiers) == 0 && len(b.Qualifiers) == 0:
	case len(a.Qualifiers) == 0 || len(b.Qualifiers) == 0:
		qual = 0.6
	case qsim != nil:
		s, ok := qsim()
		if ok {
			qual = s
		} else {
			qual = jaccard(a.Qualifiers, b.Qualifiers)
		}
	default:
		qual = jaccard(a.Qualifiers, b.Qualifiers)
	}
	s := 0.3*num + 0.25*ech + 0.2*br + 0.25*qual
	if (a.Number > 0 && b.Number > 0 && a.Number != b.Number) || (a.Echelon != "" && b.Echelon != "" && a.Echelon != b.Echelon) {
		s *= 0.5
	}
	return s, notes
}

func jaccard(a, b []string) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	if len(a) == 0 || len(b) == 0 {
		return 0.6
	}
	inter := 0
	for _, x := range a {
		for _, y := range b {
			if x == y {
				inter++
				break
			}
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// screenUnit scores unit records against a unit nominee, then adds the
// records of the parent and subordinate units of every strong match, and of
// the units the nominee names as its parent or that name it as theirs.
func (ix *Index) screenUnit(n Record, _ []qname) map[uint32]Hit {
	hits := map[uint32]Hit{}
	head, _, _ := strings.Cut(n.Name, ",")
	key := ParseUnit(n.Name)
	var parent UnitKey
	if n.ParentUnit != "" {
		parent = ParseUnit(n.ParentUnit)
	} else if key.Parent != "" {
		parent = ParseUnit(strings.SplitN(n.Name, ",", 2)[1])
	}
	var qual []qname
	qn := Normalize(strings.Join(ParseUnit(head).Qualifiers, " "))
	qn.Raw = head
	qual = append(qual, ix.prepare(qn))
	for _, a := range n.Aliases {
		an := Normalize(strings.Join(ParseUnit(a).Qualifiers, " "))
		an.Raw = a
		if len(an.Tokens) > 0 {
			qual = append(qual, ix.prepare(an))
		}
	}
	if key.IsZero() {
		return hits
	}
	extra := func(sc *scratch) {
		sc.round++
		for wi, k := range unitKeys(key) {
			ps := ix.byUnit[k]
			if len(ps) > postingBudget {
				continue
			}
			w := float32(1 + wi)
			for _, e := range ps {
				ix.bump(sc, e, w, sc.round)
			}
		}
	}
	direct := ix.candidates(qual, true, extra)
	for _, e := range direct {
		ent := &ix.entries[e]
		s, exp := ix.unitScore(key, parent, qual, ent)
		hits[e] = Hit{RecordID: ent.rec.ID, Score: s, Band: bandOf(s), Explanation: exp}
	}
	// Records of parents and subordinates of the units matched.
	seed := map[uint32]Hit{}
	for e, h := range hits {
		if h.Score >= relationFloor {
			seed[e] = h
		}
	}
	for _, e := range sortedKeys(seed) {
		h := seed[e]
		ix.relate(hits, e, h, n.Name)
	}
	// Records naming the nominee as their parent are its subordinates; the
	// records of the nominee's own parent are its parent.
	for _, e := range ix.byParent[headKey(key)] {
		ent := &ix.entries[e]
		s, _ := unitSim(key, ent.parent, nil)
		if s >= relationFloor {
			ix.addRelated(hits, e, s*relationDecay, "subordinate", []string{n.Name, ent.rec.Name}, key)
			ix.relate(hits, e, hits[e], n.Name)
		}
	}
	if !parent.IsZero() {
		for _, e := range ix.byKey[headKey(parent)] {
			ent := &ix.entries[e]
			ix.addRelated(hits, e, relationDecay, "parent", []string{n.Name, ent.rec.Name}, key)
		}
	}
	for e, h := range hits {
		h.Score = round4(h.Score)
		h.Band = bandOf(h.Score)
		h.Explanation.Band = bandReason(h.Band, h.Score)
		hits[e] = h
	}
	return hits
}

// unitScore scores one unit record against the nominee's key, parent and
// qualifying words.
func (ix *Index) unitScore(key, parent UnitKey, qual []qname, ent *entry) (float64, Explanation) {
	exp := Explanation{NomineeName: qual[0].name.Raw, RecordName: ent.rec.Name}
	var parts []PartMatch
	qsim := func() (float64, bool) {
		best, ok := 0.0, false
		for _, q := range qual {
			for ni := range ent.names {
				if len(q.toks) == 0 || len(ent.names[ni].Tokens) == 0 {
					continue
				}
				s, p := ix.nameScore(q, ent, ni, true)
				if !ok || s > best {
					best, parts, ok = s, p, true
				}
			}
		}
		return best, ok
	}
	s, notes := unitSim(key, ent.unit, qsim)
	rk := ent.unit
	switch {
	case parent.IsZero() || ent.parent.IsZero():
	case headKey(parent) == headKey(ent.parent):
		s += 0.05
		notes = append(notes, "same parent")
	default:
		ps, _ := unitSim(parent, ent.parent, nil)
		if ps < 0.8 {
			s *= 0.8
			notes = append(notes, "different parent")
		}
	}
	s = round4(s)
	exp.NameScore = s
	exp.Parts = parts
	k := key
	k.Parent = ""
	rk.Parent = ""
	exp.Unit = &UnitMatch{Nominee: k, Record: rk, Notes: notes}
	return s, exp
}

// relate adds the records of the ancestors and descendants of entry e,
// which matched the nominee with hit h.
func (ix *Index) relate(hits map[uint32]Hit, e uint32, h Hit, nominee string) {
	path := []string{nominee, ix.entries[e].rec.Name}
	s := h.Score
	for p := ix.parent[e]; p >= 0 && len(path) < 12; p = ix.parent[p] {
		s *= relationDecay
		path = append(path, ix.entries[p].rec.Name)
		ix.addRelated(hits, uint32(p), s, "parent", path, UnitKey{})
	}
	type item struct {
		e    uint32
		s    float64
		path []string
	}
	queue := []item{{e, h.Score, []string{nominee, ix.entries[e].rec.Name}}}
	seen := map[uint32]bool{e: true}
	count := 0
	for len(queue) > 0 && count < maxRelated {
		it := queue[0]
		queue = queue[1:]
		for _, c := range ix.children[it.e] {
			if seen[c] {
				continue
			}
			seen[c] = true
			count++
			p := append(append([]string{}, it.path...), ix.entries[c].rec.Name)
			ix.addRelated(hits, c, it.s*relationDecay, "subordinate", p, UnitKey{})
			queue = append(queue, item{c, it.s * relationDecay, p})
		}
	}
}

// addRelated records a hit on a related unit when it beats any hit the
// record already has.
func (ix *Index) addRelated(hits map[uint32]Hit, e uint32, s float64, rel string, path []string, key UnitKey) {
	if old, ok := hits[e]; ok && old.Score >= s {
		return
	}
	ent := &ix.entries[e]
	exp := Explanation{
		NomineeName: path[0], RecordName: ent.rec.Name, NameScore: 0,
		Path: append([]string(nil), path...), Relation: rel,
	}
	exp.Features = []FeatureMatch{{Feature: "unit_tree", Nominee: path[0], Record: ent.rec.Name, Verdict: rel,
		Effect: 0}}
	_ = key
	hits[e] = Hit{RecordID: ent.rec.ID, Score: s, Band: bandOf(s), Explanation: exp}
	_ = fmt.Sprint
}

func sortedKeys(m map[uint32]Hit) []uint32 {
	out := make([]uint32, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
