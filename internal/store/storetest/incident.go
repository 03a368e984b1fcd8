package storetest

import (
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

var analyst = as(custos.RoleAnalyst)

// newIncident returns a valid incident in Mali naming unit (if not 0), with
// one internal and one protected source.
func newIncident(unit int64) *custos.Incident {
	lat, lon := 14.49, -4.19
	i := &custos.Incident{
		Title: "Killing of civilians near Mopti", Category: "extrajudicial_killing",
		Date:    custos.Date{Year: 2024, Month: 3, Day: 5},
		Place:   custos.Place{Country: "ML", Admin1: "Mopti", Location: "Sévaré", Latitude: &lat, Longitude: &lon},
		Victims: custos.Victims{Killed: custos.Estimate{Best: 12, Low: 10, High: 15}, Injured: custos.Point(3)},
		Sources: []custos.IncidentSource{
			{Type: "media", Name: "Radio Kledu", Reliability: "C", Credibility: 3, Releasability: custos.Internal},
			{Type: "witness", Name: "Witness A", Reference: "Interview 2024-03-07", Reliability: "B", Credibility: 2},
		},
	}
	if unit != 0 {
		i.Perpetrators = []custos.Perpetrator{{ActorID: unit, Role: "direct"}, {Name: "Unidentified militia"}}
	}
	return i
}

// testIncidents covers create, read back, update, list filters and paging,
// and delete.
func testIncidents(t *testing.T, db *store.DB) {
	unit := newActor(t, admin, db, "33e Régiment des Commandos Parachutistes", 0, custos.Internal)
	i := newIncident(unit.ID)
	must(t, db.CreateIncident(analyst, i))
	if i.ID == 0 || i.Status != custos.StatusReported {
		t.Fatalf("CreateIncident: id %d status %q, want an id and reported", i.ID, i.Status)
	}
	got, err := db.FindIncident(analyst, i.ID)
	must(t, err)
	opts := cmpopts.EquateApproxTime(0)
	if diff := cmp.Diff(i, got, opts); diff != "" {
		t.Errorf("FindIncident mismatch (-want +got):\n%s", diff)
	}
	// The store sets the status; a create cannot skip verification.
	skip := newIncident(0)
	skip.Status = custos.StatusConfirmed
	must(t, db.CreateIncident(analyst, skip))
	if skip.Status != custos.StatusReported {
		t.Errorf("CreateIncident(status confirmed) stored status %q, want reported", skip.Status)
	}
	// Update keeps the status and history.
	got.Title = "Killing of twelve civilians near Sévaré"
	got.Status = custos.StatusConfirmed
	must(t, db.UpdateIncident(analyst, got))
	again, err := db.FindIncident(analyst, i.ID)
	must(t, err)
	if again.Title != got.Title || again.Status != custos.StatusReported {
		t.Errorf("after UpdateIncident: title %q status %q, want %q and reported", again.Title, again.Status, got.Title)
	}
	// Filters.
	other := newIncident(0)
	other.Category, other.Date, other.Place = "torture", custos.Date{Year: 2023, Month: 1, Day: 2}, custos.Place{Country: "BF"}
	must(t, db.CreateIncident(analyst, other))
	for _, tt := range []struct {
		name string
		f    custos.IncidentFilter
		want []int64
	}{
		{"all", custos.IncidentFilter{}, []int64{i.ID, skip.ID, other.ID}},
		{"country", custos.IncidentFilter{Country: "BF"}, []int64{other.ID}},
		{"category", custos.IncidentFilter{Category: "torture"}, []int64{other.ID}},
		{"actor", custos.IncidentFilter{ActorID: unit.ID}, []int64{i.ID}},
		{"from", custos.IncidentFilter{From: custos.Date{Year: 2024, Month: 1, Day: 1}}, []int64{i.ID, skip.ID}},
		{"to", custos.IncidentFilter{To: custos.Date{Year: 2023, Month: 12, Day: 31}}, []int64{other.ID}},
		{"status", custos.IncidentFilter{Status: custos.StatusCredible}, nil},
		{"q", custos.IncidentFilter{Q: "twelve"}, []int64{i.ID}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			list, _, err := db.FindIncidents(analyst, tt.f)
			must(t, err)
			var ids []int64
			for _, x := range list {
				ids = append(ids, x.ID)
			}
			if diff := cmp.Diff(tt.want, ids); diff != "" {
				t.Errorf("FindIncidents(%+v) mismatch (-want +got):\n%s", tt.f, diff)
			}
		})
	}
	page, next, err := db.FindIncidents(analyst, custos.IncidentFilter{Page: custos.Page{Limit: 2}})
	must(t, err)
	if len(page) != 2 || next == "" {
		t.Fatalf("FindIncidents(limit 2) = %d items, next %q; want 2 and a cursor", len(page), next)
	}
	rest, next, err := db.FindIncidents(analyst, custos.IncidentFilter{Page: custos.Page{Limit: 2, After: next}})
	must(t, err)
	if len(rest) != 1 || rest[0].ID != other.ID || next != "" {
		t.Errorf("FindIncidents(second page) = %d items, next %q; want incident %d alone", len(rest), next, other.ID)
	}
	// Bad input names the field and stores nothing.
	bad := newIncident(0)
	bad.Victims.Killed = custos.Estimate{Best: 20, Low: 10, High: 15}
	wantField(t, "CreateIncident(best above high)", db.CreateIncident(analyst, bad), "victims.killed.high")
	bad = newIncident(0)
	bad.Category = "riot"
	wantField(t, "CreateIncident(unknown category)", db.CreateIncident(analyst, bad), "category")
	bad = newIncident(0)
	lat := 95.0
	bad.Place.Latitude = &lat
	wantField(t, "CreateIncident(latitude 95)", db.CreateIncident(analyst, bad), "place.latitude")
	bad = newIncident(0)
	bad.Perpetrators = []custos.Perpetrator{{ActorID: 999999}}
	wantField(t, "CreateIncident(missing actor)", db.CreateIncident(analyst, bad), "perpetrators[0].actor_id")
	all, _, err := db.FindIncidents(analyst, custos.IncidentFilter{})
	must(t, err)
	if len(all) != 3 {
		t.Errorf("after refused creates: %d incidents, want 3", len(all))
	}
	// Planners may read but not write incidents.
	wantKind(t, "CreateIncident as planner", db.CreateIncident(as(custos.RolePlanner), newIncident(0)), custos.EFORBIDDEN)
	must(t, db.DeleteIncident(analyst, other.ID))
	_, err = db.FindIncident(analyst, other.ID)
	wantKind(t, "FindIncident(deleted)", err, custos.ENOTFOUND)
	t.Run("Bounds", func(t *testing.T) { testIncidentBounds(t, db) })
}

// testIncidentSources proves that a caller never receives a source above
// its clearance, through any read path.
func testIncidentSources(t *testing.T, db *store.DB) {
	i := newIncident(0)
	must(t, db.CreateIncident(analyst, i))
	if got := i.Sources[1].Releasability; got != custos.Protected {
		t.Fatalf("a source without releasability stored as %s, want protected", got)
	}
	for _, role := range append(custos.Roles(), custos.RolePublic) {
		ctx := as(role)
		var seen [][]custos.IncidentSource
		one, err := db.FindIncident(ctx, i.ID)
		if role.Clearance() < custos.Internal {
			wantKind(t, "FindIncident(internal) as "+string(role), err, custos.ENOTFOUND)
			continue
		}
		must(t, err)
		seen = append(seen, one.Sources)
		list, _, err := db.FindIncidents(ctx, custos.IncidentFilter{})
		must(t, err)
		if len(list) != 1 {
			t.Fatalf("FindIncidents as %s = %d incidents, want 1", role, len(list))
		}
		seen = append(seen, list[0].Sources)
		for k, srcs := range seen {
			for _, s := range srcs {
				if s.Releasability > role.Clearance() {
					t.Errorf("read path %d as %s returned the %s source %q", k, role, s.Releasability, s.Name)
				}
			}
			want := 2
			if role.Clearance() < custos.Protected {
				want = 1
			}
			if len(srcs) != want {
				t.Errorf("read path %d as %s: %d sources, want %d", k, role, len(srcs), want)
			}
		}
	}
}

// testIncidentTransitions proves that each step is recorded, that a step
// CanTransition refuses changes nothing, and that every change is audited.
func testIncidentTransitions(t *testing.T, db *store.DB) {
	i := newIncident(0)
	must(t, db.CreateIncident(analyst, i))
	entries := auditCount(t, db)
	_, err := db.TransitionIncident(analyst, i.ID, custos.StatusConfirmed, "skip review")
	wantKind(t, "TransitionIncident(reported to confirmed)", err, custos.EINVALID)
	_, err = db.TransitionIncident(analyst, i.ID, custos.StatusUnderReview, "  ")
	wantField(t, "TransitionIncident(no reason)", err, "reason")
	_, err = db.TransitionIncident(as(custos.RolePlanner), i.ID, custos.StatusUnderReview, "look")
	wantKind(t, "TransitionIncident as planner", err, custos.EFORBIDDEN)
	if got := auditCount(t, db); got != entries {
		t.Errorf("refused transitions wrote %d audit entries, want none", got-entries)
	}
	got, err := db.FindIncident(analyst, i.ID)
	must(t, err)
	if got.Status != custos.StatusReported || len(got.Verifications) != 0 {
		t.Fatalf("after refused transitions: status %q with %d steps, want reported with none", got.Status, len(got.Verifications))
	}
	steps := []struct {
		to     custos.VerificationStatus
		reason string
	}{
		{custos.StatusUnderReview, "two sources"},
		{custos.StatusCredible, "corroborated by a UN report"},
		{custos.StatusConfirmed, "confirmed by the embassy"},
	}
	for _, s := range steps {
		_, err := db.TransitionIncident(analyst, i.ID, s.to, s.reason)
		must(t, err)
	}
	got, err = db.FindIncident(analyst, i.ID)
	must(t, err)
	var want []custos.Verification
	from := custos.StatusReported
	for _, s := range steps {
		want = append(want, custos.Verification{From: from, To: s.to, By: "test-analyst", Reason: s.reason})
		from = s.to
	}
	if diff := cmp.Diff(want, got.Verifications, cmpopts.IgnoreFields(custos.Verification{}, "At")); diff != "" {
		t.Errorf("verification history mismatch (-want +got):\n%s", diff)
	}
	if got.Status != custos.StatusConfirmed {
		t.Errorf("status = %q, want confirmed", got.Status)
	}
	if err := got.Validate(); err != nil {
		t.Errorf("stored incident does not validate: %v", err)
	}
	if n := auditCount(t, db) - entries; n != int64(len(steps)) {
		t.Errorf("transitions wrote %d audit entries, want %d", n, len(steps))
	}
	audit, _, err := db.FindAuditEntries(admin, custos.AuditFilter{Entity: custos.EntityIncident, EntityID: formatInt(i.ID)})
	must(t, err)
	if len(audit) != 1+len(steps) {
		t.Errorf("audit entries for incident %d = %d, want %d (create and each step)", i.ID, len(audit), 1+len(steps))
	}
}
