package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/custos-ssa/custos"
)

// Bulk writes many records in one transaction for an import: it keeps
// prepared statements, looks records up by their source key, and inserts or
// updates them without the per-record checks and audit entries of the
// ordinary methods. The import as a whole is authorized up front and
// recorded as one audit entry per file (see DB.Import).
type Bulk struct {
	tx      *Tx
	ctx     context.Context
	stmts   map[string]*sql.Stmt
	now     string
	batches []*batch         // in foreign-key order: a table's rows flush after those it refers to
	nextIDs map[string]int64 // the next free id per table
	units   map[int64]bool   // the units the programs and activities written assist
	barred  [2]map[int64]bar // units, persons denied or suspended (CheckHistorical)
	// Created and Updated count records by entity, for the audit entry.
	Created, Updated map[string]int
}

// ImportEntities are the entities an import may write; the caller must be
// allowed to create and update each of them.
var ImportEntities = []string{custos.EntityActor, custos.EntityPerson, custos.EntityProgram, custos.EntityActivity}

// ImportRecord describes one imported file for the audit trail.
type ImportRecord struct {
	Dataset string `json:"dataset"`
	// Entities are the kinds of record the import writes; the caller must
	// be allowed to create and update each. Empty means ImportEntities.
	Entities []string       `json:"entities,omitempty"`
	Files    []ImportedFile `json:"files"`
	Created  map[string]int `json:"created"`
	Updated  map[string]int `json:"updated"`
	Notes    []string       `json:"notes,omitempty"`
}

// ImportedFile names a file and the SHA-256 of its bytes, so that an
// auditor can tell which file produced which records.
type ImportedFile struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	Rows   int    `json:"rows"`
}

// Import runs fn in one write transaction: either every record it writes is
// stored, or (when fn or the commit fails) none is. It appends one audit
// entry describing the import, with rec filled in by fn.
func (db *DB) Import(ctx context.Context, rec *ImportRecord, fn func(b *Bulk) error) error {
	p, ok := custos.PrincipalFrom(ctx)
	if !ok {
		return custos.Errorf(custos.EUNAUTHORIZED, "sign in to import")
	}
	entities := rec.Entities
	if len(entities) == 0 {
		entities = ImportEntities
	}
	for _, e := range entities {
		for _, a := range []custos.Action{custos.ActionCreate, custos.ActionUpdate} {
			if _, err := custos.Authorize(ctx, a, e); err != nil {
				return err
			}
		}
	}
	return db.write(ctx, p, func(tx *Tx) error {
		b := &Bulk{tx: tx, ctx: ctx, stmts: map[string]*sql.Stmt{}, now: formatTime(db.now()),
			Created: map[string]int{}, Updated: map[string]int{}, nextIDs: map[string]int64{}, units: map[int64]bool{}}
		for _, t := range bulkTables {
			b.batches = append(b.batches, &batch{table: t.table, cols: t.cols})
		}
		if db.dialect.Name == "postgres" {
			// Ids are assigned here, not by the sequences: keep other
			// writers out of these tables until the import commits.
			if _, err := tx.exec(ctx, `LOCK TABLE actors, persons, programs, activities IN EXCLUSIVE MODE`); err != nil {
				return err
			}
		}
		defer func() {
			for _, s := range b.stmts {
				s.Close()
			}
		}()
		if err := fn(b); err != nil {
			return err
		}
		if err := b.flush(len(b.batches)); err != nil {
			return err
		}
		if err := b.syncSequences(); err != nil {
			return err
		}
		if err := tx.warnImported(ctx, b.units); err != nil {
			return err
		}
		if err := b.analyze(); err != nil {
			return err
		}
		rec.Created, rec.Updated = b.Created, b.Updated
		return tx.audit(ctx, custos.ActionImport, "import", rec.Dataset, nil, rec)
	})
}

// HashFile returns the hex SHA-256 of b.
func HashFile(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func (b *Bulk) stmt(q string) (*sql.Stmt, error) {
	if s, ok := b.stmts[q]; ok {
		return s, nil
	}
	s, err := b.tx.tx.PrepareContext(b.ctx, b.tx.db.dialect.Rebind(q))
	if err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	b.stmts[q] = s
	return s, nil
}

func (b *Bulk) exec(q string, args ...any) error {
	s, err := b.stmt(q)
	if err != nil {
		return err
	}
	_, err = s.ExecContext(b.ctx, args...)
	return err
}

// SourceIDs returns the ids of a table's records imported from dataset, by
// source key (the key without the "dataset:" prefix).
func (b *Bulk) SourceIDs(table, dataset string) (map[string]int64, error) {
	switch table {
	case "actors", "persons", "programs", "activities":
	default:
		return nil, fmt.Errorf("SourceIDs: unknown table %q", table)
	}
	rows, err := b.tx.query(b.ctx, `SELECT source_key, id FROM `+table+` WHERE source_key >= ? AND source_key < ?`, dataset+":", dataset+";")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var k string
		var id int64
		if err := rows.Scan(&k, &id); err != nil {
			return nil, err
		}
		out[strings.TrimPrefix(k, dataset+":")] = id
	}
	return out, rows.Err()
}

func (b *Bulk) count(entity string, created bool) {
	if created {
		b.Created[entity]++
	} else {
		b.Updated[entity]++
	}
}

// PutActor inserts a (when a.ID is 0) or updates it, after validating it.
// The caller resolves a.ID from SourceIDs.
func (b *Bulk) PutActor(a *custos.Actor) error {
	a.Normalize()
	if err := a.Validate(); err != nil {
		return err
	}
	if err := checkWriteLevel(b.tx.p, "actor", a.Releasability); err != nil {
		return err
	}
	src, key := sourceColumns(a.Source)
	if a.ID == 0 {
		id, err := b.nextID("actors")
		if err != nil {
			return err
		}
		a.ID = id
		b.count(custos.EntityActor, true)
		return b.add(tActors, a.ID, a.Country, string(a.Kind), string(a.Category), a.Name, jsonText(a.Names), nullID(a.ParentID), string(a.Echelon), a.Description, src, key, a.Releasability, b.now, b.now)
	}
	if err := b.flush(tActors + 1); err != nil {
		return err
	}
	b.count(custos.EntityActor, false)
	approved, err := b.tx.standingApproval(b.ctx, a.ID, 0)
	if err != nil {
		return err
	}
	var before *custos.Actor
	if approved != nil {
		// Read whatever the importer's clearance: only compared here.
		if before, err = scanActor(b.tx.queryRow(b.ctx, `SELECT `+actorColumns+` FROM actors WHERE id = ?`, a.ID)); err != nil {
			return err
		}
	}
	if err := b.exec(`UPDATE actors SET country = ?, kind = ?, category = ?, name = ?, names = ?, parent_id = ?, echelon = ?, description = ?, source = ?, source_key = ?, releasability = ?, updated_at = ? WHERE id = ?`,
		a.Country, string(a.Kind), string(a.Category), a.Name, jsonText(a.Names), nullID(a.ParentID), string(a.Echelon), a.Description, src, key, a.Releasability, b.now, a.ID); err != nil {
		return err
	}
	if before == nil {
		return nil
	}
	// An approval was decided on the unit as it was: an import renaming it
	// or moving it flags the approval for review, as an edit by hand does.
	return b.tx.flagChangedSubject(b.ctx, a.ID, 0, actorIdentityChanges(before, a))
}

// PutPerson inserts or updates a person (without memberships).
func (b *Bulk) PutPerson(p *custos.Person) error {
	p.Normalize()
	if err := p.Validate(); err != nil {
		return err
	}
	if err := checkWriteLevel(b.tx.p, "person", p.Releasability); err != nil {
		return err
	}
	src, key := sourceColumns(p.Source)
	if p.ID == 0 {
		id, err := b.nextID("persons")
		if err != nil {
			return err
		}
		p.ID = id
		b.count(custos.EntityPerson, true)
		return b.add(tPersons, p.ID, p.Name, jsonText(p.Names), p.BirthDate.String(), string(p.Gender), p.Nationality, p.Rank, p.Notes, src, key, p.Releasability, b.now, b.now)
	}
	if err := b.flush(tPersons + 1); err != nil {
		return err
	}
	b.count(custos.EntityPerson, false)
	before, err := b.approvedPerson(p.ID)
	if err != nil {
		return err
	}
	if err := b.exec(`UPDATE persons SET name = ?, names = ?, birth_date = ?, gender = ?, nationality = ?, rank = ?, notes = ?, source = ?, source_key = ?, releasability = ?, updated_at = ? WHERE id = ?`,
		p.Name, jsonText(p.Names), p.BirthDate.String(), string(p.Gender), p.Nationality, p.Rank, p.Notes, src, key, p.Releasability, b.now, p.ID); err != nil {
		return err
	}
	if before == nil {
		return nil
	}
	// The memberships are compared by SetMemberships, when the import sets
	// them.
	after := *p
	after.Memberships = before.Memberships
	return b.tx.flagChangedSubject(b.ctx, 0, p.ID, personIdentityChanges(before, &after))
}

// approvedPerson returns the stored record of person id when the person
// has a vetting approval in force, so that an import changing what
// identifies the person can flag the approval for review; nil otherwise.
func (b *Bulk) approvedPerson(id int64) (*custos.Person, error) {
	approved, err := b.tx.standingApproval(b.ctx, 0, id)
	if err != nil || approved == nil {
		return nil, err
	}
	// Read whatever the importer's clearance: only compared here.
	p, err := scanPerson(b.tx.queryRow(b.ctx, `SELECT `+personColumns+` FROM persons WHERE id = ?`, id))
	if err != nil {
		return nil, err
	}
	rows, err := b.tx.query(b.ctx, `SELECT actor_id FROM person_memberships WHERE person_id = ? ORDER BY seq`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var m custos.Membership
		if err := rows.Scan(&m.ActorID); err != nil {
			return nil, err
		}
		p.Memberships = append(p.Memberships, m)
	}
	return p, rows.Err()
}

// PutProgram inserts or updates a program with its budget, implementers
// and recipients.
func (b *Bulk) PutProgram(p *custos.Program) error {
	p.Normalize()
	if err := p.Validate(); err != nil {
		return err
	}
	if err := checkWriteLevel(b.tx.p, "program", p.Releasability); err != nil {
		return err
	}
	src, key := sourceColumns(p.Source)
	created := p.ID == 0
	if created {
		id, err := b.nextID("programs")
		if err != nil {
			return err
		}
		p.ID = id
		if err := b.add(tPrograms, p.ID, p.Title, p.Country, nullID(p.LeadOrgID), nullID(p.AuthorityID), string(p.ObjectiveCategory), jsonText(p.ICBDomains), string(p.ActivityType),
			p.Start.String(), p.End.String(), string(p.Status), p.Description, src, key, p.Releasability, b.now, b.now); err != nil {
			return err
		}
	} else {
		if err := b.flush(tProgramRecipients + 1); err != nil {
			return err
		}
		if err := b.tx.checkStartAfterEvaluations(b.ctx, p); err != nil {
			return err
		}
		if err := b.exec(`UPDATE programs SET title = ?, country = ?, lead_org_id = ?, authority_id = ?, objective_category = ?, icb_domains = ?, activity_type = ?,
			start_date = ?, end_date = ?, status = ?, description = ?, source = ?, source_key = ?, releasability = ?, updated_at = ? WHERE id = ?`,
			p.Title, p.Country, nullID(p.LeadOrgID), nullID(p.AuthorityID), string(p.ObjectiveCategory), jsonText(p.ICBDomains), string(p.ActivityType),
			p.Start.String(), p.End.String(), string(p.Status), p.Description, src, key, p.Releasability, b.now, p.ID); err != nil {
			return err
		}
		for _, t := range []string{"program_budgets", "program_implementers", "program_recipients"} {
			if err := b.exec(`DELETE FROM `+t+` WHERE program_id = ?`, p.ID); err != nil {
				return err
			}
		}
	}
	for _, bu := range p.Budget {
		if err := b.add(tProgramBudgets, p.ID, bu.FiscalYear, bu.AmountUSD); err != nil {
			return err
		}
	}
	for _, id := range p.ImplementerIDs {
		if err := b.add(tProgramImplementers, p.ID, id); err != nil {
			return err
		}
	}
	for _, id := range p.RecipientIDs {
		if err := b.add(tProgramRecipients, p.ID, id); err != nil {
			return err
		}
		b.units[id] = true
	}
	b.count(custos.EntityProgram, created)
	return nil
}

// PutActivity inserts or updates an activity with its participants.
func (b *Bulk) PutActivity(a *custos.Activity) error {
	a.Normalize()
	if err := a.Validate(); err != nil {
		return err
	}
	if err := checkWriteLevel(b.tx.p, "activity", a.Releasability); err != nil {
		return err
	}
	src, key := sourceColumns(a.Source)
	created := a.ID == 0
	if created {
		id, err := b.nextID("activities")
		if err != nil {
			return err
		}
		a.ID = id
		if err := b.add(tActivities, a.ID, a.ProgramID, string(a.Kind), a.Title, a.Start.String(), a.End.String(), a.Location, a.Country, a.Implementer, a.Quantity, a.CostUSD,
			string(a.Status), a.Description, src, key, a.Releasability, b.now, b.now); err != nil {
			return err
		}
	} else {
		if err := b.flush(len(b.batches)); err != nil {
			return err
		}
		if err := b.exec(`UPDATE activities SET program_id = ?, kind = ?, title = ?, start_date = ?, end_date = ?, location = ?, country = ?, implementer = ?,
			quantity = ?, cost_usd = ?, status = ?, description = ?, source = ?, source_key = ?, releasability = ?, updated_at = ? WHERE id = ?`,
			a.ProgramID, string(a.Kind), a.Title, a.Start.String(), a.End.String(), a.Location, a.Country, a.Implementer, a.Quantity, a.CostUSD,
			string(a.Status), a.Description, src, key, a.Releasability, b.now, a.ID); err != nil {
			return err
		}
		for _, t := range []string{"activity_actors", "activity_persons"} {
			if err := b.exec(`DELETE FROM `+t+` WHERE activity_id = ?`, a.ID); err != nil {
				return err
			}
		}
	}
	for _, id := range a.ActorIDs {
		if err := b.add(tActivityActors, a.ID, id); err != nil {
			return err
		}
		b.units[id] = true
	}
	for _, id := range a.PersonIDs {
		if err := b.add(tActivityPersons, a.ID, id); err != nil {
			return err
		}
	}
	b.count(custos.EntityActivity, created)
	return nil
}

// Batched tables, in foreign-key order.
const (
	tActors = iota
	tPersons
	tPrograms
	tProgramBudgets
	tProgramImplementers
	tProgramRecipients
	tActivities
	tActivityActors
	tActivityPersons
)

var bulkTables = []struct {
	table string
	cols  []string
}{
	{"actors", []string{"id", "country", "kind", "category", "name", "names", "parent_id", "echelon", "description", "source", "source_key", "releasability", "created_at", "updated_at"}},
	{"persons", []string{"id", "name", "names", "birth_date", "gender", "nationality", "rank", "notes", "source", "source_key", "releasability", "created_at", "updated_at"}},
	{"programs", []string{"id", "title", "country", "lead_org_id", "authority_id", "objective_category", "icb_domains", "activity_type", "start_date", "end_date", "status", "description", "source", "source_key", "releasability", "created_at", "updated_at"}},
	{"program_budgets", []string{"program_id", "fiscal_year", "amount_usd"}},
	{"program_implementers", []string{"program_id", "org_id"}},
	{"program_recipients", []string{"program_id", "actor_id"}},
	{"activities", []string{"id", "program_id", "kind", "title", "start_date", "end_date", "location", "country", "implementer", "quantity", "cost_usd", "status", "description", "source", "source_key", "releasability", "created_at", "updated_at"}},
	{"activity_actors", []string{"activity_id", "actor_id"}},
	{"activity_persons", []string{"activity_id", "person_id"}},
}

// batchRows is how many rows one multi-row INSERT carries.
const batchRows = 64

// batch collects rows for one table and inserts them many at a time.
type batch struct {
	table string
	cols  []string
	args  []any
	rows  int
}

// add queues a row of table t, flushing first every table before it when
// the batch is full, so that foreign keys always point at stored rows.
func (b *Bulk) add(t int, vals ...any) error {
	bt := b.batches[t]
	bt.args = append(bt.args, vals...)
	bt.rows++
	if bt.rows >= batchRows {
		return b.flush(t + 1)
	}
	return nil
}

// flush inserts the queued rows of the first n tables, in order.
func (b *Bulk) flush(n int) error {
	for _, bt := range b.batches[:n] {
		if bt.rows == 0 {
			continue
		}
		row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(bt.cols)), ", ") + ")"
		q := "INSERT INTO " + bt.table + " (" + strings.Join(bt.cols, ", ") + ") VALUES " + strings.TrimSuffix(strings.Repeat(row+", ", bt.rows), ", ")
		if err := b.exec(q, bt.args...); err != nil {
			return fmt.Errorf("insert into %s: %w", bt.table, err)
		}
		bt.args, bt.rows = bt.args[:0], 0
	}
	return nil
}

// nextID returns the next free id of a table. The import holds the write
// lock (SQLite) or runs alone in its transaction, and syncSequences moves
// PostgreSQL's identity sequences past the ids used.
func (b *Bulk) nextID(table string) (int64, error) {
	id, ok := b.nextIDs[table]
	if !ok {
		if err := b.tx.queryRow(b.ctx, `SELECT COALESCE(max(id), 0) + 1 FROM `+table).Scan(&id); err != nil {
			return 0, err
		}
	}
	b.nextIDs[table] = id + 1
	return id, nil
}

// analyze refreshes the planner's statistics of the tables an import
// wrote, so that the first queries after a large import are planned for
// the data that is there (PostgreSQL would otherwise wait for autovacuum).
func (b *Bulk) analyze() error {
	if b.tx.db.dialect.Name != "postgres" {
		return nil
	}
	var tables []string
	for _, bt := range b.batches {
		if b.Created[singularOf(bt.table)] > 0 || strings.HasPrefix(bt.table, "program_") || strings.HasPrefix(bt.table, "activity_") {
			tables = append(tables, bt.table)
		}
	}
	if len(tables) == 0 {
		return nil
	}
	_, err := b.tx.exec(b.ctx, `ANALYZE `+strings.Join(tables, ", "))
	return err
}

func singularOf(table string) string { return singular[table] }

// syncSequences moves PostgreSQL's identity sequences past the ids the
// import assigned, so that later inserts do not collide with them.
func (b *Bulk) syncSequences() error {
	if b.tx.db.dialect.Name != "postgres" {
		return nil
	}
	for table, next := range b.nextIDs {
		if _, err := b.tx.exec(b.ctx, `SELECT setval(pg_get_serial_sequence('`+table+`', 'id'), ?, false)`, next); err != nil {
			return fmt.Errorf("sequence of %s: %w", table, err)
		}
	}
	return nil
}

// Visible reports whether table has a record id the importer may see, so
// that a row naming a missing record is reported on its own line rather
// than as a foreign-key failure of a whole batch.
func (b *Bulk) Visible(table string, id int64) (bool, error) {
	if _, ok := singular[table]; !ok {
		return false, fmt.Errorf("Visible: unknown table %q", table)
	}
	return b.tx.visible(b.ctx, table, id)
}

// SetMemberships replaces a person's memberships in units.
func (b *Bulk) SetMemberships(p *custos.Person) error {
	if err := b.flush(tPersons + 1); err != nil {
		return err
	}
	before, err := b.approvedPerson(p.ID)
	if err != nil {
		return err
	}
	if err := b.exec(`DELETE FROM person_memberships WHERE person_id = ?`, p.ID); err != nil {
		return err
	}
	for i, m := range p.Memberships {
		if err := b.exec(`INSERT INTO person_memberships (person_id, seq, actor_id, position, date_from, date_to) VALUES (?, ?, ?, ?, ?, ?)`,
			p.ID, i, m.ActorID, m.Position, m.From.String(), m.To.String()); err != nil {
			return err
		}
	}
	if before == nil {
		return nil
	}
	// Only the units are compared here; the rest of the record by PutPerson.
	after := *before
	after.Memberships = p.Memberships
	return b.tx.flagChangedSubject(b.ctx, 0, p.ID, personIdentityChanges(before, &after))
}

// CheckHistorical checks an activity a training report records as
// already given, which the Leahy interlock does not stop (the assistance
// happened, vetted or not): none of its participants may have been denied
// or suspended, by a decision still in force, on or before the day the
// activity ended (started, without an end). A report cannot put a barred
// unit on assistance given after the bar, which would otherwise let an
// import do what the interlock refuses. Dates after today are not refused:
// the published reports hold misprints (a course of 2019 printed as 2049).
func (b *Bulk) CheckHistorical(a *custos.Activity) error {
	today := custos.DateOf(b.tx.db.now())
	last := a.End
	if last.IsZero() {
		last = a.Start
	}
	if b.barred[0] == nil {
		if err := b.loadBarred(today); err != nil {
			return err
		}
	}
	for _, group := range []struct {
		field, what string
		ids         []int64
		bars        map[int64]bar
	}{{"actor_ids", "unit", a.ActorIDs, b.barred[0]}, {"person_ids", "person", a.PersonIDs, b.barred[1]}} {
		for i, id := range group.ids {
			bar, ok := group.bars[id]
			if !ok || (!last.IsZero() && last.Before(bar.since)) {
				continue
			}
			return fieldErr("activity", fmt.Sprintf("%s[%d]", group.field, i), fmt.Sprintf("%s %d was %s by vetting decision %d on %s, in force: a report cannot record assistance to it given on or after that day (this activity: %s)",
				group.what, id, bar.outcome, bar.decision, bar.since, last))
		}
	}
	return nil
}

// bar is a denial or suspension in force on a subject.
type bar struct {
	decision int64
	outcome  string
	since    custos.Date
}

// loadBarred reads, once per import, the subjects whose last decision in
// force is a denial or suspension not expired on today.
func (b *Bulk) loadBarred(today custos.Date) error {
	b.barred = [2]map[int64]bar{{}, {}}
	rows, err := b.tx.query(b.ctx, `SELECT d.id, d.actor_id, d.person_id, d.outcome, d.concurred_at FROM vetting_decisions d
		WHERE d.status = ? AND d.outcome IN (?, ?) AND (d.expires_on = '' OR d.expires_on >= ?) AND d.id = (
			SELECT d2.id FROM vetting_decisions d2 WHERE d2.actor_id = d.actor_id AND d2.person_id = d.person_id AND d2.status = ?
			ORDER BY d2.concurred_at DESC, d2.id DESC LIMIT 1)`,
		custos.DecisionInForce, string(custos.Denied), string(custos.Suspended), today.String(), custos.DecisionInForce)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var x bar
		var actor, person int64
		var concurred string
		if err := rows.Scan(&x.decision, &actor, &person, &x.outcome, &concurred); err != nil {
			return err
		}
		x.since = custos.DateOf(parseTime(concurred))
		if person > 0 {
			b.barred[1][person] = x
		} else {
			b.barred[0][actor] = x
		}
	}
	return rows.Err()
}

// CheckVetted applies the Leahy interlock to an activity written through
// the bulk writer. Imports of historical training reports (FMTR) record
// assistance already given and call CheckHistorical instead; imports of planned
// activities from a spreadsheet do.
func (b *Bulk) CheckVetted(a *custos.Activity) error {
	return b.tx.checkParticipantsVetted(b.ctx, a, nil)
}
