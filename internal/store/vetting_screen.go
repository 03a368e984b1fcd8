package store

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/vetting"
)

// Screening limits: at most screenTop engine hits per nominee scoring at
// least screenMin, and at most maxTreeUnits units walked below a nominee in
// the actor tree.
const (
	screenTop    = vetting.DefaultTop
	screenMin    = 0.5
	maxTreeUnits = 5000
)

// nominee is a nomination ready to screen: its engine record and the
// store's links from its subject to units up and down the actor tree (or a
// person's units), each with the path from the subject.
type nominee struct {
	n      *custos.Nomination
	rec    vetting.Record
	linked []related // the subject itself, then its related units
}

// related is the subject of a nomination (relation "") or a unit related
// to it in the store: a parent or subordinate of a unit, or a person's
// unit, with the path of names from the subject to it.
type related struct {
	actorID, personID int64
	relation          string
	path              []string
}

// maxRelatedScreens bounds the related units whose names are screened
// against every record for one nominee (their stored links are always
// followed).
const maxRelatedScreens = 200

// relationDecay scales the score of a hit found through a related unit.
const relationDecay = 0.9

// record returns the engine record of a related unit: its name, with the
// next name on the path towards the subject as its parent for a
// subordinate.
func (r related) record() vetting.Record {
	rec := vetting.Record{ID: fmt.Sprintf("actor:%d", r.actorID), Kind: vetting.Unit, Name: r.path[len(r.path)-1]}
	if r.relation == "subordinate" && len(r.path) >= 2 {
		rec.ParentUnit = r.path[len(r.path)-2]
	}
	return rec
}

func bandOf(score float64) string {
	switch {
	case score >= vetting.StrongScore:
		return string(vetting.Strong)
	case score >= vetting.ReviewScore:
		return string(vetting.Review)
	}
	return string(vetting.Weak)
}

func (tx *Tx) prepareNominee(ctx context.Context, n *custos.Nomination) (*nominee, error) {
	nm := &nominee{n: n}
	if n.PersonID > 0 {
		p, err := tx.findPerson(ctx, n.PersonID)
		if err != nil {
			return nil, err
		}
		nm.rec = personRecord(ctx, tx, p)
		nm.linked = append(nm.linked, related{personID: p.ID})
		for _, m := range p.Memberships {
			unit, _ := tx.subjectName(ctx, m.ActorID, 0)
			nm.linked = append(nm.linked, related{actorID: m.ActorID, relation: "unit", path: []string{p.Name, unit}})
		}
		return nm, nil
	}
	a, err := tx.findActor(ctx, n.ActorID)
	if err != nil {
		return nil, err
	}
	nm.rec = vetting.Record{ID: fmt.Sprintf("actor:%d", a.ID), Kind: vetting.Unit, Name: a.Name, Aliases: nameValues(a.Names)}
	nm.linked = append(nm.linked, related{actorID: a.ID})
	path := []string{a.Name}
	seen := map[int64]bool{a.ID: true}
	for cur := a; cur.ParentID != 0 && !seen[cur.ParentID]; {
		seen[cur.ParentID] = true
		parent, err := tx.findActor(ctx, cur.ParentID)
		if err != nil {
			break
		}
		if nm.rec.ParentUnit == "" {
			nm.rec.ParentUnit = parent.Name
		}
		path = append(path, parent.Name)
		nm.linked = append(nm.linked, related{actorID: parent.ID, relation: "parent", path: append([]string(nil), path...)})
		cur = parent
	}
	type item struct {
		id   int64
		path []string
	}
	queue := []item{{a.ID, []string{a.Name}}}
	for len(queue) > 0 && len(seen) < maxTreeUnits {
		it := queue[0]
		queue = queue[1:]
		rows, err := tx.query(ctx, `SELECT id, name FROM actors WHERE parent_id = ? AND releasability <= ? ORDER BY id`, it.id, tx.p.Clearance())
		if err != nil {
			return nil, err
		}
		var kids []item
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return nil, err
			}
			kids = append(kids, item{id, append(append([]string(nil), it.path...), name)})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		for _, k := range kids {
			if seen[k.id] {
				continue
			}
			seen[k.id] = true
			nm.linked = append(nm.linked, related{actorID: k.id, relation: "subordinate", path: k.path})
			queue = append(queue, k)
		}
	}
	return nm, nil
}

// derogatorySet is the derogatory records with an engine index over them
// and lookups by record id and by the unit or person they are linked to.
type derogatorySet struct {
	recs     []derogatory
	ix       *vetting.Index
	byID     map[string]int
	byActor  map[int64][]int
	byPerson map[int64][]int
}

func newDerogatorySet(recs []derogatory) *derogatorySet {
	s := &derogatorySet{recs: recs, byID: map[string]int{}, byActor: map[int64][]int{}, byPerson: map[int64][]int{}}
	list := make([]vetting.Record, len(recs))
	for i, d := range recs {
		list[i] = d.rec
		s.byID[d.rec.ID] = i
		if d.actorID > 0 {
			s.byActor[d.actorID] = append(s.byActor[d.actorID], i)
		}
		if d.personID > 0 {
			s.byPerson[d.personID] = append(s.byPerson[d.personID], i)
		}
	}
	s.ix = vetting.NewIndex(list)
	return s
}

// screen returns the hits for one nominee: records linked in the store to
// the nominee or to its parent, subordinate or member units (scored 1,
// band "direct"), then the engine's name matches over every set, best
// first, at most screenTop of them.
func screen(sets []*derogatorySet, nm *nominee) []*custos.VettingHit {
	var hits, matched []*custos.VettingHit
	seen := map[string]bool{}
	for _, s := range sets {
		for _, l := range nm.linked {
			idx := s.byActor[l.actorID]
			if l.personID > 0 {
				idx = s.byPerson[l.personID]
			}
			for _, i := range idx {
				d := s.recs[i]
				if seen[d.rec.ID] {
					continue
				}
				seen[d.rec.ID] = true
				h := &custos.VettingHit{RecordID: d.rec.ID, Source: d.source, RecordName: d.rec.Name, RecordHash: d.hash, Score: 1, Band: "direct",
					Relation: l.relation, Path: l.path}
				if l.relation == "" {
					h.Explanation = fmt.Sprintf("%s is named in %s", nm.rec.Name, d.rec.ID)
				} else {
					h.Explanation = fmt.Sprintf("%s: its %s %q is named in %s (via %s)", nm.rec.Name, l.relation, d.rec.Name, d.rec.ID, strings.Join(l.path, " > "))
				}
				hits = append(hits, h)
			}
		}
	}
	for _, s := range sets {
		for _, eh := range s.ix.Screen(nm.rec, screenTop, screenMin) {
			if seen[eh.RecordID] {
				continue
			}
			seen[eh.RecordID] = true
			d := s.recs[s.byID[eh.RecordID]]
			detail, _ := json.Marshal(eh.Explanation)
			matched = append(matched, &custos.VettingHit{RecordID: eh.RecordID, Source: d.source, RecordName: d.rec.Name, RecordHash: d.hash,
				Score: eh.Score, Band: string(eh.Band), Relation: eh.Explanation.Relation, Path: eh.Explanation.Path,
				Explanation: eh.Explanation.String(), Detail: detail})
		}
	}
	// Records on related units found by name: the lists do not know the
	// store's unit tree, so a list entry naming a battalion surfaces for
	// its brigade only this way.
	screened := 0
	for _, l := range nm.linked {
		if l.relation == "" || l.actorID == 0 || screened == maxRelatedScreens {
			continue
		}
		screened++
		for _, s := range sets {
			for _, eh := range s.ix.Screen(l.record(), 3, vetting.StrongScore) {
				if seen[eh.RecordID] {
					continue
				}
				seen[eh.RecordID] = true
				d := s.recs[s.byID[eh.RecordID]]
				detail, _ := json.Marshal(eh.Explanation)
				score := math.Round(eh.Score*relationDecay*1e4) / 1e4
				matched = append(matched, &custos.VettingHit{RecordID: eh.RecordID, Source: d.source, RecordName: d.rec.Name, RecordHash: d.hash,
					Score: score, Band: bandOf(score), Relation: l.relation, Path: l.path,
					Explanation: fmt.Sprintf("its %s via %s: %s", l.relation, strings.Join(l.path, " > "), eh.Explanation), Detail: detail})
			}
		}
	}
	slices.SortStableFunc(matched, func(a, b *custos.VettingHit) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return strings.Compare(a.RecordID, b.RecordID)
	})
	if len(matched) > screenTop {
		matched = matched[:screenTop]
	}
	return append(hits, matched...)
}

// ScreenNominations screens nominations (every unscreened one when ids is
// empty) against every derogatory record and replaces their hits. The
// records and nominees are read in one transaction, the engine runs with no
// transaction open, and the hits are written in a second one with one audit
// entry for the run. A hit judged "different" for the same subject while the
// record had the same hash is not raised again; it is counted as cleared.
func (db *DB) ScreenNominations(ctx context.Context, ids []int64) (*custos.ScreeningRun, error) {
	pr, err := custos.Authorize(ctx, custos.ActionUpdate, custos.EntityVetting)
	if err != nil {
		return nil, err
	}
	if len(ids) > custos.MaxRefs {
		return nil, fieldErr("screening", "nomination_ids", fmt.Sprintf("has more than %d ids: screen in batches", custos.MaxRefs))
	}
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	var incidents, lists []derogatory
	var noms []*nominee
	var version string
	var listSet *derogatorySet
	err = db.read(ctx, pr, func(tx *Tx) error {
		if len(ids) == 0 {
			rows, err := tx.query(ctx, `SELECT id FROM vetting_nominations WHERE screened_at = '' ORDER BY id`)
			if err != nil {
				return err
			}
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return err
				}
				ids = append(ids, id)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		for _, id := range ids {
			n, err := tx.findNomination(ctx, id)
			if err != nil {
				return err
			}
			nm, err := tx.prepareNominee(ctx, n)
			if err != nil {
				return fmt.Errorf("nomination %d: %w", id, err)
			}
			noms = append(noms, nm)
		}
		if version, err = tx.listVersion(ctx); err != nil {
			return err
		}
		if listSet = cachedListSet(version); listSet == nil {
			if lists, err = tx.listRecords(ctx); err != nil {
				return err
			}
		}
		incidents, err = tx.incidentRecords(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	if listSet == nil {
		listSet = newDerogatorySet(lists)
		cacheListSet(version, listSet)
	}
	sets := []*derogatorySet{newDerogatorySet(incidents), listSet}
	run := &custos.ScreeningRun{Nominations: ids, Records: len(incidents) + len(listSet.recs)}
	found := make([][]*custos.VettingHit, len(noms))
	for i, nm := range noms {
		found[i] = screen(sets, nm)
	}
	err = db.write(ctx, pr, func(tx *Tx) error {
		now := tx.db.now()
		for i, nm := range noms {
			if _, err := tx.exec(ctx, `DELETE FROM vetting_hits WHERE nomination_id = ?`, nm.n.ID); err != nil {
				return err
			}
			for _, h := range found[i] {
				j, err := tx.latestJudgement(ctx, nm.n.ActorID, nm.n.PersonID, h.RecordID, h.RecordHash)
				if err != nil {
					return err
				}
				if j != nil && j.Verdict == custos.Different {
					run.Cleared++
					continue
				}
				path := ""
				if len(h.Path) > 0 {
					path = jsonText(h.Path)
				}
				if _, err := tx.exec(ctx, `INSERT INTO vetting_hits (nomination_id, record_id, source, record_name, record_hash, score, band, relation, path, explanation, detail)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, nm.n.ID, h.RecordID, h.Source, h.RecordName, h.RecordHash, h.Score, h.Band, h.Relation, path,
					h.Explanation, string(h.Detail)); err != nil {
					return err
				}
				run.Hits++
			}
			if _, err := tx.exec(ctx, `UPDATE vetting_nominations SET screened_at = ? WHERE id = ?`, formatTime(now), nm.n.ID); err != nil {
				return err
			}
		}
		return tx.audit(ctx, custos.ActionUpdate, auditScreening, joinIDs(ids), nil, run)
	})
	if err != nil {
		return nil, err
	}
	return run, nil
}

func joinIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprint(id)
	}
	return strings.Join(parts, ",")
}
