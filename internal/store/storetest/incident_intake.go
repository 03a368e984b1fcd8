package storetest

import (
	"bytes"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
)

// testIncidentIntake proves that anyone may submit a report, that it lands
// as a reported internal incident with protected sources and no links,
// and that only analysts and administrators can read its reporter.
func testIncidentIntake(t *testing.T, db *store.DB) {
	unit := newActor(t, admin, db, "Unit", 0, custos.Internal)
	i := newIncident(unit.ID)
	i.Status, i.Releasability = custos.StatusConfirmed, custos.Public
	i.Sources[0].Releasability = custos.Public
	i.CoarsenLocation = "admin1"
	sealed := []byte("sealed contact details")
	must(t, db.SubmitIncident(custos.WithPrincipal(t.Context(), custos.Anonymous), i, func(int64) ([]byte, error) { return sealed, nil }))
	got, err := db.FindIncident(analyst, i.ID)
	must(t, err)
	if got.Status != custos.StatusReported || got.Releasability != custos.Internal {
		t.Errorf("submitted incident: status %q releasability %s, want reported and internal", got.Status, got.Releasability)
	}
	for _, s := range got.Sources {
		if s.Releasability != custos.Protected || s.Type != "civil_society_intake" {
			t.Errorf("submitted source %+v: want a protected civil_society_intake source", s)
		}
	}
	if got.Perpetrators[0].ActorID != 0 || got.Place.Latitude != nil || got.Place.Location != "" {
		t.Errorf("submitted incident kept a link or the exact place: %+v %+v", got.Perpetrators, got.Place)
	}
	for _, role := range append(custos.Roles(), custos.RolePublic) {
		b, err := db.IncidentReporter(as(role), i.ID)
		switch role {
		case custos.RoleAnalyst, custos.RoleAdmin:
			must(t, err)
			if !bytes.Equal(b, sealed) {
				t.Errorf("IncidentReporter as %s = %q, want %q", role, b, sealed)
			}
		case custos.RolePublic:
			wantKind(t, "IncidentReporter as public", err, custos.EUNAUTHORIZED)
		default:
			wantKind(t, "IncidentReporter as "+string(role), err, custos.EFORBIDDEN)
		}
	}
	_, err = db.IncidentReporter(analyst, newIncidentID(t, db))
	wantKind(t, "IncidentReporter(no reporter)", err, custos.ENOTFOUND)
	bad := newIncident(0)
	bad.Date = custos.Date{Year: 2024, Month: 2, Day: 30}
	wantField(t, "SubmitIncident(30 February)", db.SubmitIncident(custos.WithPrincipal(t.Context(), custos.Anonymous), bad, nil), "date")
}

func newIncidentID(t *testing.T, db *store.DB) int64 {
	i := newIncident(0)
	must(t, db.CreateIncident(analyst, i))
	return i.ID
}
