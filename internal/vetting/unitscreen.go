package vetting

import (
	"slices"
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
// words, each weighed only when either key has it, so that what neither
// name says is not taken for agreement. Words are compared with qsim when
// given, else exactly. A part one key lacks counts half (a little more for
// an arm or words, which names often leave out; less for a service, such
// as police or navy, which sets a unit apart). Different numbers, echelons
// (3rd and 4th Battalion) or services (gendarmerie and police) halve the
// score, and different arms (infantry and armor) cut it by a tenth; an arm
// one name gives more precisely (motorized infantry) is no difference. When
// the keys have a number, branch or words but share none of them, nothing
// tells the units apart from any other: the score stays weak. Keys with
// nothing recognised (Army, Military) are compared by their words alone.
func unitSim(a, b UnitKey, qsim func() (float64, bool)) (float64, []string) {
	words := func() float64 {
		if qsim != nil {
			if s, ok := qsim(); ok {
				return s
			}
		}
		return jaccard(a.Qualifiers, b.Qualifiers)
	}
	if a.IsZero() || b.IsZero() {
		if qsim == nil {
			return 0, []string{"no unit parts to compare"}
		}
		s, _ := qsim()
		return s, []string{"compared by name words"}
	}
	var notes []string
	var sum, weight float64
	add := func(w, v float64) {
		sum += w * v
		weight += w
	}
	// distinct is whether either key has a part that tells units apart;
	// shared is how well the best such part both keys have agrees.
	distinct, shared := false, 0.0
	conflict := 1.0
	switch {
	case a.Number > 0 && b.Number > 0:
		v := 0.0
		if a.Number == b.Number {
			v = 1
		} else {
			notes = append(notes, "number differs")
			conflict = 0.5
		}
		add(0.3, v)
		distinct, shared = true, max(shared, v)
	case a.Number > 0 || b.Number > 0:
		add(0.3, 0.5)
		distinct = true
	}
	switch {
	case a.Echelon != "" && b.Echelon != "":
		v := 0.0
		if a.Echelon == b.Echelon {
			v = 1
		} else {
			notes = append(notes, "echelon differs")
			conflict = 0.5
		}
		add(0.25, v)
	case a.Echelon != "" || b.Echelon != "":
		add(0.25, 0.5)
	}
	switch {
	case len(a.Branch) > 0 && len(b.Branch) > 0:
		v := jaccard(a.Branch, b.Branch)
		sa, sb := services(a.Branch), services(b.Branch)
		switch {
		case v == 1:
		case len(sa) > 0 && len(sb) > 0 && jaccard(sa, sb) == 0:
			notes = append(notes, "service differs")
			conflict *= 0.5
		case subset(a.Branch, b.Branch) || subset(b.Branch, a.Branch):
			// One name is the more precise (Motorized Infantry, Infantry).
			v = 0.5 + 0.5*v
			notes = append(notes, "branch more precise in one")
		default:
			notes = append(notes, "branch differs")
			conflict *= 0.9
		}
		add(0.2, v)
		distinct, shared = true, max(shared, v)
	case len(a.Branch) > 0 || len(b.Branch) > 0:
		v := 0.6
		if len(services(a.Branch)) > 0 || len(services(b.Branch)) > 0 {
			v = 0.3
		}
		add(0.2, v)
		distinct = true
	}
	switch {
	case len(a.Qualifiers) > 0 && len(b.Qualifiers) > 0:
		v := words()
		add(0.25, v)
		distinct, shared = true, max(shared, v)
	case len(a.Qualifiers) > 0 || len(b.Qualifiers) > 0:
		add(0.25, 0.6)
		distinct = true
	}
	s := sum / weight
	if distinct {
		s = min(s, 0.5+0.5*shared)
	}
	return s * conflict, notes
}

// serviceBranches are the branches that name a service rather than an arm
// of one: a police battalion is not a gendarmerie or navy battalion.
var serviceBranches = setOf(`police gendarmerie military-police navy`)

// services returns the branches of a key that name a service.
func services(branch []string) []string {
	var out []string
	for _, b := range branch {
		if serviceBranches[b] {
			out = append(out, b)
		}
	}
	return out
}

// subset reports whether every element of a is in b.
func subset(a, b []string) bool {
	for _, x := range a {
		found := false
		for _, y := range b {
			if x == y {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
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
	qn := Normalize(unitMatchWords(head))
	qn.Raw = head
	qual = append(qual, ix.prepare(qn))
	for _, a := range n.Aliases {
		a, _, _ = strings.Cut(a, ",")
		an := Normalize(unitMatchWords(a))
		an.Raw = a
		if len(an.Tokens) > 0 {
			qual = append(qual, ix.prepare(an))
		}
	}
	extra := func(sc *scratch) {
		sc.round++
		for wi, k := range unitKeys(key) {
			if k == "" {
				continue
			}
			ps := ix.byUnit[k]
			if len(ps) > postingBudget {
				continue
			}
			w := float32(1 + wi)
			for _, e := range ps {
				ix.bump(sc, e, w, sc.round)
			}
		}
		for _, k := range branchKeys(key) {
			if ps := ix.byUnit[k]; len(ps) <= postingBudget {
				for _, e := range ps {
					ix.bump(sc, e, 1, sc.round)
				}
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
			ix.addRelated(hits, e, s*relationDecay, "subordinate", []string{n.Name, ent.rec.Name})
			ix.relate(hits, e, hits[e], n.Name)
		}
	}
	// The records of the nominee's own parent, and of that parent's
	// ancestors in the record tree, are its parents.
	if !parent.IsZero() {
		for _, e := range ix.byKey[headKey(parent)] {
			path := []string{n.Name, ix.entries[e].rec.Name}
			s := relationDecay
			ix.addRelated(hits, e, s, "parent", path)
			for p := ix.parent[e]; p >= 0 && len(path) < 12; p = ix.parent[p] {
				s *= relationDecay
				path = append(path, ix.entries[p].rec.Name)
				ix.addRelated(hits, uint32(p), s, "parent", path)
			}
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

// unitMatchWords returns the words a unit name is matched on beside its
// key: its qualifying words ("Kivu" of "3rd Battalion Kivu"), or all its
// words when nothing in it was recognised ("Army"), so that such a name
// still matches itself, and only what shares its words.
func unitMatchWords(name string) string {
	k := ParseUnit(name)
	if k.IsZero() {
		return name
	}
	return strings.Join(k.Qualifiers, " ")
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
	// The path starts at the nominee, then the record it matched, unless
	// that record bears the nominee's very name.
	start := []string{nominee}
	if name := ix.entries[e].rec.Name; name != nominee {
		start = append(start, name)
	}
	path := slices.Clone(start)
	s := h.Score
	for p := ix.parent[e]; p >= 0 && len(path) < 12; p = ix.parent[p] {
		s *= relationDecay
		path = append(path, ix.entries[p].rec.Name)
		ix.addRelated(hits, uint32(p), s, "parent", path)
	}
	type item struct {
		e    uint32
		s    float64
		path []string
	}
	queue := []item{{e, h.Score, start}}
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
			ix.addRelated(hits, c, it.s*relationDecay, "subordinate", p)
			queue = append(queue, item{c, it.s * relationDecay, p})
		}
	}
}

// addRelated records a hit on a related unit when it beats any hit the
// record already has.
func (ix *Index) addRelated(hits map[uint32]Hit, e uint32, s float64, rel string, path []string) {
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
	hits[e] = Hit{RecordID: ent.rec.ID, Score: s, Band: bandOf(s), Explanation: exp}
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
