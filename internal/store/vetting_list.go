package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/vetting"
)

// MaxListRowErrors bounds the bad rows named in the error of a refused
// list import.
const MaxListRowErrors = 50

// ParseList reads a list of derogatory records in the vetting CSV format
// (id,kind,name,aliases,birth_date,gender,nationality,unit,parent_unit) for
// the list called name. A list is imported whole or not at all: any bad row
// refuses the file, with every bad row (up to MaxListRowErrors) named by
// line and field.
func ParseList(name, file string, data []byte) ([]*custos.ListEntry, *custos.ListImport, error) {
	if err := custos.ValidateListName(name); err != nil {
		return nil, nil, err
	}
	recs, bad, err := vetting.ReadCSV(bytes.NewReader(data), file)
	if err != nil {
		return nil, nil, &custos.Error{Kind: custos.EINVALID, Message: err.Error()}
	}
	if len(bad) > 0 {
		f := custos.FieldErrors{}
		for i, b := range bad {
			if i == MaxListRowErrors {
				f.Add("more", fmt.Sprintf("%d more bad rows", len(bad)-i))
				break
			}
			key := fmt.Sprintf("line %d", b.Line)
			if b.Field != "" {
				key += "." + b.Field
			}
			f.Add(key, b.Msg)
		}
		return nil, nil, &custos.Error{Kind: custos.EINVALID, Message: fmt.Sprintf("%s: %d bad row(s); nothing was imported", file, len(bad)), Fields: map[string]string(f)}
	}
	entries := make([]*custos.ListEntry, len(recs))
	for i, r := range recs {
		entries[i] = &custos.ListEntry{List: name, Key: r.ID, Kind: string(r.Kind), Name: r.Name, Aliases: r.Aliases, BirthDate: r.BirthDate,
			Gender: r.Gender, Nationality: r.Nationality, Unit: r.Unit, ParentUnit: r.ParentUnit}
		if err := entries[i].Validate(); err != nil {
			return nil, nil, fmt.Errorf("%s: row with id %q: %w", file, r.ID, err)
		}
	}
	return entries, &custos.ListImport{List: name, File: file, SHA256: HashFile(data), Rows: len(recs)}, nil
}

// entryHash returns the hash of a list entry's matching fields: a
// judgement made on the entry holds while the hash is unchanged.
func listEntryHash(e *custos.ListEntry) string {
	return hashOf(e.List, e.Key, e.Kind, e.Name, strings.Join(e.Aliases, "|"), e.BirthDate.String(), e.Gender, e.Nationality, e.Unit, e.ParentUnit)
}

// ImportList replaces the entries of the list imp.List with entries, by
// key: new keys are added, changed entries updated (and get a new hash, so
// that cleared hits on them are raised again), and entries no longer in the
// list removed. It writes one audit entry for the import.
func (db *DB) ImportList(ctx context.Context, imp *custos.ListImport, entries []*custos.ListEntry) error {
	pr, err := custos.Authorize(ctx, custos.ActionCreate, custos.EntityVetting)
	if err != nil {
		return err
	}
	if err := custos.ValidateListName(imp.List); err != nil {
		return err
	}
	seen := map[string]bool{}
	for i, e := range entries {
		e.List = imp.List
		if err := e.Validate(); err != nil {
			return fmt.Errorf("entry %d (%q): %w", i+1, e.Key, err)
		}
		if seen[e.Key] {
			return fieldErr("list", fmt.Sprintf("entries[%d].key", i), fmt.Sprintf("repeats key %q", e.Key))
		}
		seen[e.Key] = true
		e.Hash = listEntryHash(e)
	}
	imp.Added, imp.Changed, imp.Removed = 0, 0, 0
	return db.write(ctx, pr, func(tx *Tx) error {
		old := map[string]struct {
			id   int64
			hash string
		}{}
		rows, err := tx.query(ctx, `SELECT id, entry_key, hash FROM vetting_list_entries WHERE list = ?`, imp.List)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var key, hash string
			if err := rows.Scan(&id, &key, &hash); err != nil {
				rows.Close()
				return err
			}
			old[key] = struct {
				id   int64
				hash string
			}{id, hash}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		var fresh []*custos.ListEntry // added or changed: new information
		for _, e := range entries {
			o, ok := old[e.Key]
			delete(old, e.Key)
			args := []any{e.Kind, e.Name, jsonText(e.Aliases), e.BirthDate.String(), e.Gender, e.Nationality, e.Unit, e.ParentUnit, e.Hash}
			switch {
			case !ok:
				if e.ID, err = tx.insert(ctx, `INSERT INTO vetting_list_entries (kind, name, aliases, birth_date, gender, nationality, unit, parent_unit, hash, list, entry_key)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, append(args, e.List, e.Key)...); err != nil {
					return err
				}
				imp.Added++
				fresh = append(fresh, e)
			case o.hash != e.Hash:
				e.ID = o.id
				if _, err := tx.exec(ctx, `UPDATE vetting_list_entries SET kind = ?, name = ?, aliases = ?, birth_date = ?, gender = ?, nationality = ?, unit = ?, parent_unit = ?, hash = ?
					WHERE id = ?`, append(args, o.id)...); err != nil {
					return err
				}
				imp.Changed++
				fresh = append(fresh, e)
			default:
				e.ID = o.id
			}
		}
		if err := tx.flagListMatches(ctx, fresh); err != nil {
			return err
		}
		gone := make([]string, 0, len(old))
		for k := range old {
			gone = append(gone, k)
		}
		sort.Strings(gone)
		for _, k := range gone {
			if _, err := tx.exec(ctx, `DELETE FROM vetting_list_entries WHERE id = ?`, old[k].id); err != nil {
				return err
			}
			imp.Removed++
		}
		return tx.audit(ctx, custos.ActionImport, auditListImport, imp.List, nil, imp)
	})
}

const listEntryColumns = `id, list, entry_key, kind, name, aliases, birth_date, gender, nationality, unit, parent_unit, hash`

// listEntries returns the entries matching w, in id order, at most limit
// of them (0: all).
func (tx *Tx) listEntries(ctx context.Context, w *where, limit int) ([]*custos.ListEntry, error) {
	q := `SELECT ` + listEntryColumns + ` FROM vetting_list_entries` + w.String() + ` ORDER BY id`
	args := w.args
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*custos.ListEntry
	for rows.Next() {
		var e custos.ListEntry
		var aliases, birth string
		if err := rows.Scan(&e.ID, &e.List, &e.Key, &e.Kind, &e.Name, &aliases, &birth, &e.Gender, &e.Nationality, &e.Unit, &e.ParentUnit, &e.Hash); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(aliases), &e.Aliases); err != nil {
			return nil, fmt.Errorf("list entry %d aliases: %w", e.ID, err)
		}
		if birth != "" {
			e.BirthDate, _ = custos.ParsePartialDate(birth)
		}
		list = append(list, &e)
	}
	return list, rows.Err()
}

// FindListEntries lists the entries of imported lists, by id.
func (db *DB) FindListEntries(ctx context.Context, f custos.ListEntryFilter) ([]*custos.ListEntry, string, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityVetting)
	if err != nil {
		return nil, "", err
	}
	if err := f.Page.Validate(); err != nil {
		return nil, "", err
	}
	after, err := f.AfterID()
	if err != nil {
		return nil, "", err
	}
	w := &where{}
	if f.List != "" {
		w.add("list = ?", f.List)
	}
	if f.Q != "" {
		w.add("name "+db.dialect.ILike+" ? ESCAPE '\\'", likePattern(f.Q))
	}
	if after > 0 {
		w.add("id > ?", after)
	}
	var list []*custos.ListEntry
	err = db.read(ctx, pr, func(tx *Tx) (err error) {
		list, err = tx.listEntries(ctx, w, f.Size()+1)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return pageOf(list, f.Size(), func(e *custos.ListEntry) int64 { return e.ID })
}

// flagListMatches flags for review every approval in force whose subject
// an added or changed list entry matches (a hit in the review or strong
// band, or a direct link), unless a vetter judged that entry, as it reads
// now, not to concern the subject: an approval decided before the list
// said so is new information for the vetters, as a credible incident is.
func (tx *Tx) flagListMatches(ctx context.Context, fresh []*custos.ListEntry) error {
	if len(fresh) == 0 {
		return nil
	}
	recs := make([]derogatory, 0, len(fresh))
	byID := map[string]*custos.ListEntry{}
	for _, e := range fresh {
		d := derogatory{rec: vetting.Record{ID: fmt.Sprintf("list:%d", e.ID), Kind: vetting.Kind(e.Kind), Name: e.Name, Aliases: e.Aliases,
			BirthDate: e.BirthDate, Gender: e.Gender, Nationality: e.Nationality, Unit: e.Unit, ParentUnit: e.ParentUnit}, source: e.List, hash: e.Hash}
		recs = append(recs, d)
		byID[d.rec.ID] = e
	}
	set := newDerogatorySet(recs)
	today := custos.DateOf(tx.db.now()).String()
	subjects, err := queryAll(ctx, tx, func(sc interface{ Scan(...any) error }) (*custos.Nomination, error) {
		n := &custos.Nomination{}
		err := sc.Scan(&n.ActorID, &n.PersonID, &n.ID)
		return n, err
	}, `SELECT d.actor_id, d.person_id, max(d.nomination_id) FROM vetting_decisions d
		WHERE d.status = ? AND d.outcome = ? AND (d.expires_on = '' OR d.expires_on >= ?)
		GROUP BY d.actor_id, d.person_id ORDER BY d.actor_id, d.person_id`, custos.DecisionInForce, string(custos.Approved), today)
	if err != nil {
		return err
	}
	for _, n := range subjects {
		nm, err := tx.prepareNominee(ctx, n)
		if custos.ErrorKind(err) == custos.ENOTFOUND {
			continue // the subject is gone
		}
		if err != nil {
			return err
		}
		for _, h := range screen([]*derogatorySet{set}, nm) {
			if h.Band != "direct" && h.Score < vetting.ReviewScore {
				continue
			}
			j, err := tx.latestJudgement(ctx, n.ActorID, n.PersonID, h.RecordID, h.RecordHash)
			if err != nil {
				return err
			}
			if j != nil && j.Verdict == custos.Different {
				continue
			}
			e := byID[h.RecordID]
			reason := fmt.Sprintf("entry %q of the list %s (%s) matches the subject, score %.2f", e.Key, e.List, h.RecordID, h.Score)
			if h.Relation != "" {
				reason = fmt.Sprintf("entry %q of the list %s (%s) names the subject's %s (%s), score %.2f", e.Key, e.List, h.RecordID, h.Relation, strings.Join(h.Path, " > "), h.Score)
			}
			if err := tx.flagForInformation(ctx, n.ActorID, n.PersonID, custos.ReviewCauseList, h.RecordID, reason); err != nil {
				return err
			}
		}
	}
	return nil
}
