package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/custos-ssa/custos"
)

// Entities of the audit trail for the vetting workflow's records. Reading
// and writing all of them is limited to custos.EntityVetting's roles.
const (
	auditNomination  = "vetting_nomination"
	auditScreening   = "vetting_screening"
	auditJudgement   = "vetting_judgement"
	auditDecision    = "vetting_decision"
	auditConcurrence = "vetting_concurrence"
	auditRemediation = "vetting_remediation"
	auditListImport  = "vetting_list"
)

const nominationColumns = `id, actor_id, person_id, activity_id, program_id, notes, nominated_by, user_id, screened_at, created_at`

func scanNomination(sc interface{ Scan(...any) error }) (*custos.Nomination, error) {
	var n custos.Nomination
	var screened, created string
	if err := sc.Scan(&n.ID, &n.ActorID, &n.PersonID, &n.ActivityID, &n.ProgramID, &n.Notes, &n.NominatedBy, &n.UserID, &screened, &created); err != nil {
		return nil, err
	}
	n.ScreenedAt, n.CreatedAt = parseTime(screened), parseTime(created)
	return &n, nil
}

func (tx *Tx) findNomination(ctx context.Context, id int64) (*custos.Nomination, error) {
	n, err := scanNomination(tx.queryRow(ctx, `SELECT `+nominationColumns+` FROM vetting_nominations WHERE id = ?`, id))
	if isNoRows(err) {
		return nil, notFound("nomination", id)
	}
	return n, err
}

// subjectName returns the name of a nomination's unit or person.
func (tx *Tx) subjectName(ctx context.Context, actorID, personID int64) (string, error) {
	table, id := "actors", actorID
	if personID > 0 {
		table, id = "persons", personID
	}
	var name string
	err := tx.queryRow(ctx, `SELECT name FROM `+table+` WHERE id = ?`, id).Scan(&name)
	if isNoRows(err) {
		return "", nil
	}
	return name, err
}

// CreateNomination puts a unit or person forward for vetting.
func (db *DB) CreateNomination(ctx context.Context, n *custos.Nomination) error {
	pr, err := custos.Authorize(ctx, custos.ActionCreate, custos.EntityVetting)
	if err != nil {
		return err
	}
	if err := n.Validate(); err != nil {
		return err
	}
	return db.write(ctx, pr, func(tx *Tx) error {
		for _, c := range []struct {
			field, table string
			id           int64
		}{{"actor_id", "actors", n.ActorID}, {"person_id", "persons", n.PersonID}, {"activity_id", "activities", n.ActivityID}, {"program_id", "programs", n.ProgramID}} {
			if err := tx.checkVisible(ctx, "nomination", c.field, c.table, c.id); err != nil {
				return err
			}
		}
		// A nomination for an activity is for the activity's program.
		if n.ActivityID > 0 {
			var program int64
			if err := tx.queryRow(ctx, `SELECT program_id FROM activities WHERE id = ?`, n.ActivityID).Scan(&program); err != nil {
				return err
			}
			switch {
			case n.ProgramID == 0:
				n.ProgramID = program
			case n.ProgramID != program:
				return fieldErr("nomination", "program_id", fmt.Sprintf("activity %d belongs to program %d, not %d: leave program_id empty or give %d", n.ActivityID, program, n.ProgramID, program))
			}
		}
		n.ID, n.ScreenedAt, n.Hits, n.Decisions = 0, time.Time{}, nil, nil
		n.NominatedBy, n.UserID, n.CreatedAt = pr.Name, pr.UserID, tx.db.now()
		id, err := tx.insert(ctx, `INSERT INTO vetting_nominations (actor_id, person_id, activity_id, program_id, notes, nominated_by, user_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, n.ActorID, n.PersonID, n.ActivityID, n.ProgramID, n.Notes, n.NominatedBy, n.UserID, formatTime(n.CreatedAt))
		if err != nil {
			return err
		}
		n.ID = id
		if n.SubjectName, err = tx.subjectName(ctx, n.ActorID, n.PersonID); err != nil {
			return err
		}
		st, err := tx.subjectStanding(ctx, n.ActorID, n.PersonID)
		if err != nil {
			return err
		}
		n.State = st.State
		return tx.audit(ctx, custos.ActionCreate, auditNomination, n.ID, nil, n)
	})
}

// FindNominations lists nominations by id, without their hits and decisions.
func (db *DB) FindNominations(ctx context.Context, f custos.NominationFilter) ([]*custos.Nomination, string, error) {
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
	for _, c := range []struct {
		col string
		v   int64
	}{{"activity_id", f.ActivityID}, {"program_id", f.ProgramID}, {"actor_id", f.ActorID}, {"person_id", f.PersonID}} {
		if c.v != 0 {
			w.add(c.col+" = ?", c.v)
		}
	}
	if f.Unscreened {
		w.add("screened_at = ''")
	}
	if f.Undecided {
		w.add("id NOT IN (SELECT nomination_id FROM vetting_decisions WHERE status = ?)", custos.DecisionInForce)
	}
	if after > 0 {
		w.add("id > ?", after)
	}
	var list []*custos.Nomination
	err = db.read(ctx, pr, func(tx *Tx) error {
		got, err := queryAll(ctx, tx, scanNomination, `SELECT `+nominationColumns+` FROM vetting_nominations`+w.String()+` ORDER BY id LIMIT ?`, append(w.args, f.Size()+1)...)
		if err != nil {
			return err
		}
		list = append(list, got...)
		for _, n := range list {
			if n.SubjectName, err = tx.subjectName(ctx, n.ActorID, n.PersonID); err != nil {
				return err
			}
			st, err := tx.subjectStanding(ctx, n.ActorID, n.PersonID)
			if err != nil {
				return err
			}
			n.State = st.State
		}
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	return pageOf(list, f.Size(), func(n *custos.Nomination) int64 { return n.ID })
}

// FindNomination returns a nomination with its hits (and their judgements)
// and its decisions (and their remediation steps).
func (db *DB) FindNomination(ctx context.Context, id int64) (*custos.Nomination, error) {
	pr, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityVetting)
	if err != nil {
		return nil, err
	}
	var n *custos.Nomination
	err = db.read(ctx, pr, func(tx *Tx) error {
		var err error
		if n, err = tx.fullNomination(ctx, id); err != nil {
			return err
		}
		return nil
	})
	return n, err
}

func (tx *Tx) fullNomination(ctx context.Context, id int64) (*custos.Nomination, error) {
	n, err := tx.findNomination(ctx, id)
	if err != nil {
		return nil, err
	}
	if n.SubjectName, err = tx.subjectName(ctx, n.ActorID, n.PersonID); err != nil {
		return nil, err
	}
	st, err := tx.subjectStanding(ctx, n.ActorID, n.PersonID)
	if err != nil {
		return nil, err
	}
	n.State = st.State
	if n.Hits, err = tx.hitsOf(ctx, n); err != nil {
		return nil, err
	}
	if n.Decisions, err = tx.decisionsWhere(ctx, "nomination_id = ?", n.ID); err != nil {
		return nil, err
	}
	if n.Reviews, err = tx.reviewsWhere(ctx, "r.nomination_id = ? ORDER BY r.id", n.ID); err != nil {
		return nil, err
	}
	return n, nil
}

// JudgeHit records a reviewer's verdict on a hit. The judgement stands for
// the hit's subject and record (not only this nomination) while the record
// keeps the hash it had when judged.
func (db *DB) JudgeHit(ctx context.Context, j *custos.MatchJudgement) error {
	pr, err := custos.Authorize(ctx, custos.ActionUpdate, custos.EntityVetting)
	if err != nil {
		return err
	}
	if err := j.Validate(); err != nil {
		return err
	}
	return db.write(ctx, pr, func(tx *Tx) error {
		var nomID int64
		var recordID string
		err := tx.queryRow(ctx, `SELECT nomination_id, record_id, record_hash FROM vetting_hits WHERE id = ?`, j.HitID).Scan(&nomID, &recordID, &j.RecordHash)
		if isNoRows(err) {
			return notFound("hit", j.HitID)
		}
		if err != nil {
			return err
		}
		n, err := tx.findNomination(ctx, nomID)
		if err != nil {
			return err
		}
		j.By, j.UserID, j.At = pr.Name, pr.UserID, tx.db.now()
		j.ID, err = tx.insert(ctx, `INSERT INTO vetting_judgements (hit_id, nomination_id, actor_id, person_id, record_id, record_hash, verdict, reason, by_name, user_id, at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, j.HitID, nomID, n.ActorID, n.PersonID, recordID, j.RecordHash, string(j.Verdict), j.Reason, j.By, j.UserID, formatTime(j.At))
		if err != nil {
			return err
		}
		if err := tx.audit(ctx, custos.ActionCreate, auditJudgement, j.ID, nil, j); err != nil {
			return err
		}
		// A record judged to concern a subject already approved is new
		// derogatory information on that approval.
		if j.Verdict == custos.Same {
			return tx.flagForInformation(ctx, n.ActorID, n.PersonID, custos.ReviewCauseJudged, recordID,
				fmt.Sprintf("%s judged hit %d (%s) the same as the subject of nomination %d", j.By, j.HitID, recordID, nomID))
		}
		return nil
	})
}

// latestJudgement returns the newest judgement of record for the subject
// made while the record had hash, or nil.
func (tx *Tx) latestJudgement(ctx context.Context, actorID, personID int64, recordID, hash string) (*custos.MatchJudgement, error) {
	var j custos.MatchJudgement
	var verdict, at string
	err := tx.queryRow(ctx, `SELECT id, hit_id, verdict, reason, record_hash, by_name, user_id, at FROM vetting_judgements
		WHERE actor_id = ? AND person_id = ? AND record_id = ? AND record_hash = ? ORDER BY id DESC LIMIT 1`, actorID, personID, recordID, hash).
		Scan(&j.ID, &j.HitID, &verdict, &j.Reason, &j.RecordHash, &j.By, &j.UserID, &at)
	if isNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	j.Verdict, j.At = custos.MatchVerdict(verdict), parseTime(at)
	return &j, nil
}

func (tx *Tx) hitsOf(ctx context.Context, n *custos.Nomination) ([]*custos.VettingHit, error) {
	rows, err := tx.query(ctx, `SELECT id, record_id, source, record_name, record_hash, score, band, relation, path, explanation, detail
		FROM vetting_hits WHERE nomination_id = ? ORDER BY id`, n.ID)
	if err != nil {
		return nil, err
	}
	var list []*custos.VettingHit
	for rows.Next() {
		h := &custos.VettingHit{NominationID: n.ID}
		var path, detail string
		if err := rows.Scan(&h.ID, &h.RecordID, &h.Source, &h.RecordName, &h.RecordHash, &h.Score, &h.Band, &h.Relation, &path, &h.Explanation, &detail); err != nil {
			rows.Close()
			return nil, err
		}
		if path != "" {
			if err := json.Unmarshal([]byte(path), &h.Path); err != nil {
				rows.Close()
				return nil, fmt.Errorf("hit %d path: %w", h.ID, err)
			}
		}
		if detail != "" {
			h.Detail = json.RawMessage(detail)
		}
		list = append(list, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, h := range list {
		if h.Judgement, err = tx.latestJudgement(ctx, n.ActorID, n.PersonID, h.RecordID, h.RecordHash); err != nil {
			return nil, err
		}
	}
	return list, nil
}
