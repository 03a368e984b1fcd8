package vetting

import (
	"cmp"
	"fmt"
	"slices"
)

// particleWeight is how much a particle (bin, al, van, de) weighs next to a
// name word of the same rarity.
const particleWeight = 0.15

// Name score: the share of the nominee's name explained by the record
// weighs more than the share of the record's name explained by the
// nominee, so a record with extra middle names still scores well.
const (
	nomineeShare = 0.6
	recordShare  = 0.4
)

// screenPerson scores person records against a person nominee.
func (ix *Index) screenPerson(n Record, names []qname) (map[uint32]Hit, map[string]pendingHit) {
	hits := map[uint32]Hit{}
	pend := map[string]pendingHit{}
	if len(names) == 0 {
		return hits, pend
	}
	nomUnit := UnitKey{}
	if n.Unit != "" {
		nomUnit = ParseUnit(n.Unit)
	}
	for _, e := range ix.candidates(names, false, nil) {
		ent := &ix.entries[e]
		bestScore, bq, bn := -1.0, 0, 0
		for qi, q := range names {
			for ni := range ent.names {
				if s, _ := ix.nameScore(q, ent, ni, false); s > bestScore {
					bestScore, bq, bn = s, qi, ni
				}
			}
		}
		if bestScore <= 0 {
			continue
		}
		_, effect := personFeatures(n, Name{}, nomUnit, ent)
		score := round4(bestScore + effect)
		hits[e] = Hit{RecordID: ent.rec.ID, Score: score, Band: bandOf(score)}
		pend[ent.rec.ID] = pendingHit{e, bq, bn}
	}
	return hits, pend
}

// explainPerson fills in the explanation of a person hit, which Screen
// does only for the hits it returns.
func (ix *Index) explainPerson(n Record, names []qname, h *Hit, p pendingHit) {
	ent := &ix.entries[p.entry]
	q := names[p.qi]
	s, parts := ix.nameScore(q, ent, p.ni, true)
	nomUnit := UnitKey{}
	if n.Unit != "" {
		nomUnit = ParseUnit(n.Unit)
	}
	feats, _ := personFeatures(n, q.name, nomUnit, ent)
	h.Explanation = Explanation{
		NomineeName: q.name.Raw, RecordName: ent.names[p.ni].Raw, NameScore: round4(s),
		Parts: parts, Features: feats, Band: bandReason(h.Band, h.Score),
	}
}

func bandReason(b Band, score float64) string {
	switch b {
	case Strong:
		return fmt.Sprintf("strong: score %.4f >= %.2f", score, StrongScore)
	case Review:
		return fmt.Sprintf("review: score %.4f >= %.2f and < %.2f", score, ReviewScore, StrongScore)
	}
	return fmt.Sprintf("weak: score %.4f < %.2f", score, ReviewScore)
}

type pair struct {
	i, j int
	sim  float64
	how  string
}

// nameScore aligns the nominee's words with one name of a record, in any
// order (name-order swaps), and scores the weighted share matched on each
// side. Words left over on either side are reported as missing or extra.
func (ix *Index) nameScore(q qname, ent *entry, ni int, explain bool) (float64, []PartMatch) {
	rn := ent.names[ni]
	rforms := ent.forms[ni]
	if len(q.toks) == 0 || len(rn.Tokens) == 0 {
		return 0, nil
	}
	// Small names use arrays on the stack: this runs for every candidate.
	var rwBuf [8]float64
	var qmBuf, rmBuf [8]int
	var pairBuf [24]pair
	rw := rwBuf[:0]
	if len(rn.Tokens) > len(rwBuf) {
		rw = make([]float64, 0, len(rn.Tokens))
	}
	rw = rw[:len(rn.Tokens)]
	for j, t := range rn.Tokens {
		rw[j] = ix.idf(rforms[j][0])
		if t.Particle {
			rw[j] *= particleWeight
		}
	}
	pairs := pairBuf[:0]
	for i, qt := range q.toks {
		for j, rt := range rn.Tokens {
			s, how := ix.tokenSim(qt, rforms[j], rt)
			if s >= 0.6 {
				pairs = append(pairs, pair{i, j, s, how})
			}
		}
	}
	slices.SortStableFunc(pairs, func(a, b pair) int {
		if c := cmp.Compare(b.sim*rw[b.j], a.sim*rw[a.j]); c != 0 {
			return c
		}
		if c := cmp.Compare(a.i, b.i); c != 0 {
			return c
		}
		return cmp.Compare(a.j, b.j)
	})
	qm, rm := qmBuf[:0], rmBuf[:0]
	if len(q.toks) > len(qmBuf) {
		qm = make([]int, 0, len(q.toks))
	}
	if len(rn.Tokens) > len(rmBuf) {
		rm = make([]int, 0, len(rn.Tokens))
	}
	qm, rm = qm[:len(q.toks)], rm[:len(rn.Tokens)]
	for i := range qm {
		qm[i] = -1
	}
	for j := range rm {
		rm[j] = -1
	}
	// Words written as one on one side and two on the other (Jong-un and
	// Jongun, Xi Jinping and 习近平) are joined first.
	joined := ix.joinPass(q, rn, rforms, qm, rm)
	var chosenBuf [8]pair
	chosen := chosenBuf[:0]
	for _, p := range pairs {
		if qm[p.i] == -1 && rm[p.j] == -1 {
			qm[p.i], rm[p.j] = p.j, p.i
			chosen = append(chosen, p)
		}
	}
	var matched, wq, wr float64
	for _, p := range chosen {
		w := rw[p.j]
		matched += p.sim * w
		wq += w
		wr += w
	}
	for _, jp := range joined {
		matched += jp.sim * jp.w
		wq += jp.w
		wr += jp.w
	}
	for i, qt := range q.toks {
		if qm[i] == -1 {
			wq += qt.w
		}
	}
	for j := range rn.Tokens {
		if rm[j] == -1 {
			wr += rw[j]
		}
	}
	if wq == 0 || wr == 0 {
		return 0, nil
	}
	score := nomineeShare*matched/wq + recordShare*matched/wr
	if !explain {
		return score, nil
	}
	parts := make([]PartMatch, 0, len(q.toks)+1)
	for i, qt := range q.toks {
		switch {
		case qm[i] >= 0:
			for _, p := range chosen {
				if p.i == i {
					parts = append(parts, PartMatch{Nominee: qt.tok.Text, Record: rn.Tokens[p.j].Text, How: p.how, Sim: round4(p.sim), Weight: round4(rw[p.j])})
				}
			}
		case qm[i] == -1:
			parts = append(parts, PartMatch{Nominee: qt.tok.Text, How: "missing", Weight: round4(qt.w)})
		}
	}
	for _, jp := range joined {
		parts = append(parts, PartMatch{Nominee: jp.q, Record: jp.r, How: "joined", Sim: round4(jp.sim), Weight: round4(jp.w)})
	}
	for j, rt := range rn.Tokens {
		if rm[j] == -1 {
			parts = append(parts, PartMatch{Record: rt.Text, How: "extra", Weight: round4(rw[j])})
		}
	}
	return score, parts
}

// tokenSim compares a nominee's word with a record's word over all their
// spellings. An exact match reached through transliteration is reported as
// "transliteration".
func (ix *Index) tokenSim(qt qtoken, rforms []uint32, rt Token) (float64, string) {
	best, how := 0.0, ""
	for _, qf := range qt.forms {
		for _, id := range rforms {
			s, h := ix.formSim(qf, id)
			if s > best {
				best, how = s, h
			}
			if best == 1 {
				break
			}
		}
	}
	if how == "exact" && qt.tok.Text != rt.Text {
		switch {
		case qt.tok.Translit || rt.Translit:
			how = "transliteration"
		case foldLatin(qt.tok.Text) != foldLatin(rt.Text):
			how = "variant" // one canonical spelling: Abdallah and Abd Allah
		}
	}
	return best, how
}

// joinFloor is the least similarity for a join: exact or one typo.
const joinFloor = 0.83

type joinedPair struct {
	q, r string
	sim  float64
	w    float64
}

// joinPass matches an unmatched word on one side with two adjacent
// unmatched words on the other, written together.
func (ix *Index) joinPass(q qname, rn Name, rforms [][]uint32, qm, rm []int) []joinedPair {
	var out []joinedPair
	// one nominee word = two record words
	var spell [][]string // the record's spellings, by word, made once
	spellings := func(j int) []string {
		if spell == nil {
			spell = make([][]string, len(rforms))
			for k, ids := range rforms {
				spell[k] = ix.spellings(ids)
			}
		}
		return spell[j]
	}
	for i, qt := range q.toks {
		if qm[i] != -1 {
			continue
		}
		for j := 0; j+1 < len(rn.Tokens); j++ {
			if rm[j] != -1 || rm[j+1] != -1 {
				continue
			}
			if s := joinSim(formsOf(qt.forms), spellings(j), spellings(j+1)); s >= joinFloor {
				qm[i], rm[j], rm[j+1] = -2, -2, -2
				w := ix.idf(rforms[j][0]) + ix.idf(rforms[j+1][0])
				out = append(out, joinedPair{qt.tok.Text, rn.Tokens[j].Text + " " + rn.Tokens[j+1].Text, s, w})
				break
			}
		}
	}
	// one record word = two nominee words
	for j := range rn.Tokens {
		if rm[j] != -1 {
			continue
		}
		for i := 0; i+1 < len(q.toks); i++ {
			if qm[i] != -1 || qm[i+1] != -1 {
				continue
			}
			if s := joinSim(spellings(j), formsOf(q.toks[i].forms), formsOf(q.toks[i+1].forms)); s >= joinFloor {
				qm[i], qm[i+1], rm[j] = -2, -2, -2
				out = append(out, joinedPair{q.toks[i].tok.Text + " " + q.toks[i+1].tok.Text, rn.Tokens[j].Text, s, ix.idf(rforms[j][0])})
				break
			}
		}
	}
	return out
}

func formsOf(fs []qform) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.s
	}
	return out
}

func (ix *Index) spellings(ids []uint32) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = ix.vocab[id].s
	}
	return out
}

// joinSim compares each spelling of one word with each spelling of two
// words joined, exactly or with typos.
func joinSim(one, a, b []string) float64 {
	best := 0.0
	for _, o := range one {
		for _, x := range a {
			for _, y := range b {
				if d := len(o) - len(x) - len(y); d > 2 || d < -2 {
					continue // too far apart for joinFloor (two typos at most)
				}
				j := x + y
				if o == j {
					return 0.95
				}
				mt := maxTypos(min(len(o), len(j)))
				if d := damerau(o, j, mt); d <= mt {
					best = max(best, 0.95-0.12*float64(d))
				}
			}
		}
	}
	return best
}
