package storetest

import (
	"bytes"
	"fmt"
	"strings"
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
	checkReporterReads(t, db, i.ID, string(sealed))
	bad := newIncident(0)
	bad.Date = custos.Date{Year: 2024, Month: 2, Day: 30}
	wantField(t, "SubmitIncident(30 February)", db.SubmitIncident(custos.WithPrincipal(t.Context(), custos.Anonymous), bad, nil), "date")
}

func newIncidentID(t *testing.T, db *store.DB) int64 {
	i := newIncident(0)
	must(t, db.CreateIncident(analyst, i))
	return i.ID
}

// checkReporterReads proves that each read of a reporter's contact details
// by an analyst or administrator is in the audit trail, naming the reader
// and the incident but not the details, and that refused reads are not.
func checkReporterReads(t *testing.T, db *store.DB, id int64, sealed string) {
	t.Helper()
	list, _, err := db.FindAuditEntries(admin, custos.AuditFilter{Entity: custos.EntityReporter, EntityID: fmt.Sprint(id)})
	must(t, err)
	readers := map[string]int{}
	for _, e := range list {
		if e.Action == custos.ActionRead {
			readers[e.UserName]++
			if e.At.IsZero() {
				t.Errorf("audit entry of a read of reporter %d has no time", id)
			}
		}
		if strings.Contains(string(e.Before)+string(e.After), sealed) {
			t.Errorf("audit entry %d (%s) holds the contact details: %s %s", e.Seq, e.Action, e.Before, e.After)
		}
	}
	want := map[string]int{"test-" + string(custos.RoleAnalyst): 1, "test-" + string(custos.RoleAdmin): 1}
	if fmt.Sprint(readers) != fmt.Sprint(want) {
		t.Errorf("audited reads of reporter %d by user = %v, want %v", id, readers, want)
	}
}

// testIntakeCoarsenNear proves that a report coarsened to "near" keeps its
// administrative areas and rounded coordinates but not the name of the
// place, which could lead back to the reporter.
func testIntakeCoarsenNear(t *testing.T, db *store.DB) {
	i := newIncident(0)
	i.Place.Admin2, i.Place.Location = "Mopti cercle", "Secret hamlet"
	i.CoarsenLocation = "near"
	must(t, db.SubmitIncident(custos.WithPrincipal(t.Context(), custos.Anonymous), i, nil))
	got, err := db.FindIncident(analyst, i.ID)
	must(t, err)
	p := got.Place
	if p.Location != "" || p.Admin1 != "Mopti" || p.Admin2 != "Mopti cercle" || p.Precision != "near" ||
		p.Latitude == nil || *p.Latitude != 14.5 || p.Longitude == nil || *p.Longitude != -4.2 {
		lat, lon := "none", "none"
		if p.Latitude != nil && p.Longitude != nil {
			lat, lon = fmt.Sprint(*p.Latitude), fmt.Sprint(*p.Longitude)
		}
		t.Errorf("report coarsened to near stored as %q, %q, %q at %s, %s (%s); want Mopti, Mopti cercle, no place name, at 14.5, -4.2 (near)",
			p.Admin1, p.Admin2, p.Location, lat, lon, p.Precision)
	}
}
