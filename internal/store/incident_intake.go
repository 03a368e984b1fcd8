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
// incident, to analysts and administrators only.
func (db *DB) IncidentReporter(ctx context.Context, incidentID int64) ([]byte, error) {
	p, err := custos.Authorize(ctx, custos.ActionRead, custos.EntityReporter)
	if err != nil {
		return nil, err
	}
	var sealed []byte
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
	return sealed, err
}
