package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/custos-ssa/custos"
)

// entryHash returns the hash that chains an audit entry to the one before:
// SHA-256 over every field, each length-prefixed so that no two different
// entries serialize alike.
func entryHash(e *custos.AuditEntry) string {
	h := sha256.New()
	for _, f := range []string{
		strconv.FormatInt(e.Seq, 10), formatTime(e.At), strconv.FormatInt(e.UserID, 10),
		e.UserName, e.Via, string(e.Action), e.Entity, e.EntityID,
		string(e.Before), string(e.After), e.PrevHash,
	} {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// audit appends an entry recording a change, in the transaction that makes
// the change. before and after are the record as it was and as it is (nil
// for a create or a delete).
func (tx *Tx) audit(ctx context.Context, action custos.Action, entity string, id any, before, after any) error {
	e := &custos.AuditEntry{
		At: tx.db.now(), UserID: tx.p.UserID, UserName: tx.p.Name, Via: tx.p.Via,
		Action: action, Entity: entity, EntityID: fmt.Sprint(id),
	}
	var err error
	if before != nil {
		if e.Before, err = json.Marshal(before); err != nil {
			return fmt.Errorf("audit: %w", err)
		}
	}
	if after != nil {
		if e.After, err = json.Marshal(after); err != nil {
			return fmt.Errorf("audit: %w", err)
		}
	}
	var headSeq int64
	if err := tx.queryRow(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`+tx.db.dialect.LockHead).Scan(&headSeq, &e.PrevHash); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	e.Seq = headSeq + 1
	e.Hash = entryHash(e)
	if _, err := tx.exec(ctx, `INSERT INTO audit (seq, at, user_id, user_name, via, action, entity, entity_id, before, after, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Seq, formatTime(e.At), e.UserID, e.UserName, e.Via, string(e.Action), e.Entity, e.EntityID,
		string(e.Before), string(e.After), e.PrevHash, e.Hash); err != nil {
		return fmt.Errorf("audit insert: %w", err)
	}
	if _, err := tx.exec(ctx, `UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`, e.Seq, e.Hash); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	return nil
}

const auditColumns = `seq, at, user_id, user_name, via, action, entity, entity_id, before, after, prev_hash, hash`

func scanAudit(sc interface{ Scan(...any) error }) (*custos.AuditEntry, error) {
	var e custos.AuditEntry
	var at, action, before, after string
	if err := sc.Scan(&e.Seq, &at, &e.UserID, &e.UserName, &e.Via, &action, &e.Entity, &e.EntityID, &before, &after, &e.PrevHash, &e.Hash); err != nil {
		return nil, err
	}
	e.At, e.Action = parseTime(at), custos.Action(action)
	if before != "" {
		e.Before = json.RawMessage(before)
	}
	if after != "" {
		e.After = json.RawMessage(after)
	}
	return &e, nil
}

// FindAuditEntries lists audit entries, newest first. Only administrators may
// read the trail: entries hold records of every releasability.
func (db *DB) FindAuditEntries(ctx context.Context, f custos.AuditFilter) ([]*custos.AuditEntry, string, error) {
	p, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityAudit)
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
	if f.Entity != "" {
		w.add("entity = ?", f.Entity)
	}
	if f.EntityID != "" {
		w.add("entity_id = ?", f.EntityID)
	}
	if f.UserName != "" {
		w.add("user_name = ?", f.UserName)
	}
	if after > 0 {
		w.add("seq < ?", after)
	}
	var list []*custos.AuditEntry
	err = db.read(ctx, p, func(tx *Tx) error {
		got, err := queryAll(ctx, tx, scanAudit, `SELECT `+auditColumns+` FROM audit`+w.String()+` ORDER BY seq DESC LIMIT ?`, append(w.args, f.Size()+1)...)
		if err != nil {
			return err
		}
		list = append(list, got...)
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(list) > f.Size() {
		list = list[:f.Size()]
		next = strconv.FormatInt(list[len(list)-1].Seq, 10)
	}
	return list, next, nil
}

// VerifyAudit walks the whole chain in order and reports every entry whose
// hash does not match its contents, whose link to the entry before is
// broken, or whose sequence number skips or repeats, and whether the head
// (the last entry, kept in its own row) still matches the chain, which
// catches entries removed from the end.
func (db *DB) VerifyAudit(ctx context.Context) (*custos.AuditReport, error) {
	p, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityAudit)
	if err != nil {
		return nil, err
	}
	rep := &custos.AuditReport{}
	err = db.read(ctx, p, func(tx *Tx) error {
		var headSeq int64
		var headHash string
		if err := tx.queryRow(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&headSeq, &headHash); err != nil {
			return fmt.Errorf("audit head: %w", err)
		}
		rep.HeadSeq, rep.HeadHash = headSeq, headHash
		rows, err := tx.query(ctx, `SELECT `+auditColumns+` FROM audit ORDER BY seq`)
		if err != nil {
			return err
		}
		defer rows.Close()
		var prevSeq int64
		prevHash := ""
		for rows.Next() {
			e, err := scanAudit(rows)
			if err != nil {
				return err
			}
			rep.Entries++
			switch {
			case e.Seq != prevSeq+1:
				rep.Problems = append(rep.Problems, custos.AuditProblem{Seq: e.Seq,
					Problem: fmt.Sprintf("follows entry %d: entries are missing or out of order", prevSeq)})
			case e.PrevHash != prevHash:
				rep.Problems = append(rep.Problems, custos.AuditProblem{Seq: e.Seq,
					Problem: "does not link to the entry before it: an entry was removed, inserted or reordered"})
			}
			if got := entryHash(e); got != e.Hash {
				rep.Problems = append(rep.Problems, custos.AuditProblem{Seq: e.Seq,
					Problem: "its contents do not match its hash: the entry was altered"})
			}
			prevSeq, prevHash = e.Seq, e.Hash
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if prevSeq != headSeq || prevHash != headHash {
			rep.Problems = append(rep.Problems, custos.AuditProblem{Seq: prevSeq,
				Problem: fmt.Sprintf("the chain ends at entry %d but the recorded head is entry %d: entries were removed from the end, or the head was altered", prevSeq, headSeq)})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}
