package store

import (
	"context"
	"fmt"

	"github.com/custos-ssa/custos"
)

// SubmitIncident stores a report from the civil-society intake form. Anyone
// may submit, signed in or not, so it does not require the right to create
// incidents; in exchange it takes only what a reporter may set: the
// incident is stored as reported and internal, every source is a protected
// civil_society_intake source, perpetrators are names to resolve (links,
// suggestions and nameless entries are dropped), and there is no dataset
// reference. The sealed reporter, when seal is given, goes to its own
// table, which only analysts and administrators can read.
func (db *DB) SubmitIncident(ctx context.Context, i *custos.Incident, seal func(incidentID int64) ([]byte, error)) error {
	p, ok := custos.PrincipalFrom(ctx)
	if !ok || !(p.Role.Valid() || p.Role == custos.RolePublic) {
		return custos.Errorf(custos.EUNAUTHORIZED, "no caller to submit an incident as")
	}
	i.ID, i.Status, i.Verifications, i.Source = 0, custos.StatusReported, nil, nil
	i.Releasability = custos.Internal
	var named []custos.Perpetrator
	for _, pp := range i.Perpetrators {
		if pp.Name != "" {
			named = append(named, custos.Perpetrator{Name: pp.Name, Role: pp.Role})
		}
	}
	i.Perpetrators = named
	for k := range i.Sources {
		i.Sources[k].Type, i.Sources[k].Releasability = "civil_society_intake", custos.Protected
	}
	// A reporter who asks for a coarser place asks not to be found through
	// the report. At "near" Coarsen rounds the coordinates but keeps the
	// name of the place, which for a hamlet points at a handful of houses,
	// so the name goes too; the administrative areas, wider, stay. (At
	// admin2 and coarser Coarsen drops it already.)
	if i.CoarsenLocation != "" && i.CoarsenLocation != "exact" {
		i.Place.Location = ""
	}
	// The write runs with an analyst's clearance whatever the submitter's
	// role (the audit entry still names the submitter), so that the checks
	// of the country and of the write level do not depend on who submits.
	writer := p
	if writer.Role.Clearance() < custos.Protected {
		writer.Role = custos.RoleAnalyst
	}
	err := db.write(ctx, writer, func(tx *Tx) error {
		if err := tx.createIncident(ctx, i); err != nil {
			return err
		}
		if seal == nil {
			return nil
		}
		sealedReporter, err := seal(i.ID)
		if err != nil {
			return fmt.Errorf("seal the reporter: %w", err)
		}
		if _, err := tx.exec(ctx, `INSERT INTO incident_reporters (incident_id, sealed, created_at) VALUES (?, ?, ?)`, i.ID, sealedReporter, formatTime(db.now())); err != nil {
			return err
		}
		return tx.audit(ctx, custos.ActionCreate, custos.EntityReporter, i.ID, nil, map[string]any{"sealed_bytes": len(sealedReporter)})
	})
	return err
}

// IncidentReporter returns the sealed contact details of the reporter of an
// incident, to analysts and administrators only. Each read is recorded in
// the audit trail (who, when, which incident), so that whoever opens a
// reporter's details answers for it; the entry holds no contact details,
// since the trail outlives the seal and is read by every administrator.
func (db *DB) IncidentReporter(ctx context.Context, incidentID int64) ([]byte, error) {
	p, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityReporter)
	if err != nil {
		return nil, err
	}
	var sealed []byte
	// Read first, so that opening one of the many incidents with no
	// reporter does not take the write lock; then record the read, and
	// hand the details over only once the record is written.
	err = db.read(ctx, p, func(tx *Tx) error {
		if _, err := tx.findIncident(ctx, incidentID); err != nil {
			return err
		}
		err := tx.queryRow(ctx, `SELECT sealed FROM incident_reporters WHERE incident_id = ?`, incidentID).Scan(&sealed)
		if isNoRows(err) {
			return custos.Errorf(custos.ENOTFOUND, "incident %d has no reporter's contact details", incidentID)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	err = db.write(ctx, p, func(tx *Tx) error {
		return tx.audit(ctx, custos.ActionRead, custos.EntityReporter, incidentID, nil, nil)
	})
	if err != nil {
		return nil, fmt.Errorf("record the read of incident %d's reporter: %w", incidentID, err)
	}
	return sealed, nil
}
