package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/vetting"
)

// derogatory is one derogatory record as screening sees it: the engine's
// record, where it came from, its hash, and the unit or person it is
// linked to in the store, if any.
type derogatory struct {
	rec      vetting.Record
	source   string
	hash     string
	actorID  int64
	personID int64
}

// hashOf returns a hex SHA-256 over parts, each length-prefixed.
func hashOf(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d:%s;", len(p), p)
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// tableExists reports whether the store has a table, so that screening
// can use the incident tables when their migration is present.
func (tx *Tx) tableExists(ctx context.Context, name string) (bool, error) {
	q := `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`
	if tx.db.dialect.Name == "postgres" {
		q = `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?`
	}
	var n int
	err := tx.queryRow(ctx, q, name).Scan(&n)
	return n > 0, err
}

// listRecords loads the entries of every imported list as derogatory
// records.
func (tx *Tx) listRecords(ctx context.Context) ([]derogatory, error) {
	entries, err := tx.listEntries(ctx, &where{}, 0)
	if err != nil {
		return nil, err
	}
	out := make([]derogatory, 0, len(entries))
	for _, e := range entries {
		out = append(out, derogatory{rec: vetting.Record{ID: fmt.Sprintf("list:%d", e.ID), Kind: vetting.Kind(e.Kind), Name: e.Name, Aliases: e.Aliases,
			BirthDate: e.BirthDate, Gender: e.Gender, Nationality: e.Nationality, Unit: e.Unit, ParentUnit: e.ParentUnit}, source: e.List, hash: e.Hash})
	}
	return out, nil
}

// listVersion returns the hash of the audit entry of the last list import,
// which names the lists' contents: it changes with every import, and no two
// stores share one.
func (tx *Tx) listVersion(ctx context.Context) (string, error) {
	var hash string
	err := tx.queryRow(ctx, `SELECT hash FROM audit WHERE entity = ? ORDER BY seq DESC LIMIT 1`, auditListImport).Scan(&hash)
	if isNoRows(err) {
		return "", nil
	}
	return hash, err
}

// listCache keeps the engine's index over the imported lists between
// screening runs, since building it is most of a run's work and lists
// change only by import. It holds one store's index at a time.
var listCache struct {
	sync.Mutex
	version string
	set     *derogatorySet
}

func cachedListSet(version string) *derogatorySet {
	listCache.Lock()
	defer listCache.Unlock()
	if listCache.set != nil && listCache.version == version {
		return listCache.set
	}
	return nil
}

func cacheListSet(version string, set *derogatorySet) {
	listCache.Lock()
	defer listCache.Unlock()
	listCache.version, listCache.set = version, set
}

// incidentRecords loads the perpetrators of credible and confirmed
// incidents as derogatory records: linked units and persons by their
// current names, unresolved names as given.
func (tx *Tx) incidentRecords(ctx context.Context) ([]derogatory, error) {
	var out []derogatory
	ok, err := tx.tableExists(ctx, "incident_perpetrators")
	if err != nil || !ok {
		return out, err
	}
	rows, err := tx.query(ctx, `SELECT i.id, i.title, i.status, i.updated_at, p.seq, COALESCE(p.actor_id, 0), COALESCE(p.person_id, 0), p.name, p.role
		FROM incidents i JOIN incident_perpetrators p ON p.incident_id = i.id
		WHERE i.status IN (?, ?) AND i.releasability <= ? ORDER BY i.id, p.seq`,
		string(custos.StatusCredible), string(custos.StatusConfirmed), tx.p.Clearance())
	if err != nil {
		return nil, err
	}
	type perp struct {
		incident                     int64
		title, status, updated, name string
		role                         string
		seq, actor, person           int64
	}
	var perps []perp
	for rows.Next() {
		var p perp
		if err := rows.Scan(&p.incident, &p.title, &p.status, &p.updated, &p.seq, &p.actor, &p.person, &p.name, &p.role); err != nil {
			rows.Close()
			return nil, err
		}
		perps = append(perps, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, p := range perps {
		d := derogatory{source: "incident", actorID: p.actor, personID: p.person}
		switch {
		case p.actor > 0:
			a, err := tx.findActor(ctx, p.actor)
			if err != nil {
				continue // above the caller's clearance, or gone
			}
			d.rec = vetting.Record{ID: fmt.Sprintf("incident:%d:actor:%d", p.incident, p.actor), Kind: vetting.Unit, Name: a.Name, Aliases: nameValues(a.Names)}
			if a.ParentID > 0 {
				d.rec.ParentUnit, _ = tx.subjectName(ctx, a.ParentID, 0)
			}
		case p.person > 0:
			per, err := tx.findPerson(ctx, p.person)
			if err != nil {
				continue
			}
			d.rec = personRecord(ctx, tx, per)
			d.rec.ID = fmt.Sprintf("incident:%d:person:%d", p.incident, p.person)
		default:
			// A name read as a unit has a unit word (an echelon or an
			// arm) or a number; any other words are only qualifiers,
			// which a person's name has too.
			kind := vetting.Person
			if k := vetting.ParseUnit(p.name); k.Echelon != "" || len(k.Branch) > 0 || k.Number > 0 {
				kind = vetting.Unit
			}
			d.rec = vetting.Record{ID: fmt.Sprintf("incident:%d:name:%d", p.incident, p.seq), Kind: kind, Name: p.name}
		}
		d.hash = hashOf(d.rec.ID, p.status, p.updated, p.role, d.rec.Name, strings.Join(d.rec.Aliases, "|"), d.rec.ParentUnit)
		out = append(out, d)
	}
	return out, nil
}

func nameValues(names []custos.Name) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n.Value
	}
	return out
}

// personRecord turns a person into an engine record, with the unit of the
// person's first membership.
func personRecord(ctx context.Context, tx *Tx, p *custos.Person) vetting.Record {
	r := vetting.Record{ID: fmt.Sprintf("person:%d", p.ID), Kind: vetting.Person, Name: p.Name, Aliases: nameValues(p.Names),
		BirthDate: p.BirthDate, Nationality: p.Nationality}
	switch p.Gender {
	case "female":
		r.Gender = "f"
	case "male":
		r.Gender = "m"
	}
	if len(p.Memberships) > 0 {
		r.Unit, _ = tx.subjectName(ctx, p.Memberships[0].ActorID, 0)
	}
	return r
}
