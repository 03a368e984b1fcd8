package api

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/google/go-cmp/cmp"
)

// TestIntakeCoarsenUntrustedLabel replays a reviewer's reports: a place
// labelled coarser than its exact coordinates, or labelled "near" with
// exact coordinates, must not keep those coordinates when the reporter asks
// for coarsening. The stored incident, what a viewer reads and the trends
// map hold nothing finer than asked, and the reply names the coordinates.
func TestIntakeCoarsenUntrustedLabel(t *testing.T) {
	f := newFixture(t)
	f.srv.intakeKey = testIntakeKey
	const exactLat, exactLon = 14.05123, -4.21234
	approx := cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-9 })
	viewer := custos.WithPrincipal(t.Context(), custos.Principal{Name: "viewer1", Role: custos.RoleViewer})
	tests := []struct {
		name               string
		label, coarsen     string
		want               custos.Place
		wantCoarsened      []string
		wantPoint          bool
		pointLat, pointLon float64
	}{
		{name: "admin1 label, coarsen admin2", label: "admin1", coarsen: "admin2",
			want:          custos.Place{Country: "ML", Admin1: "Mopti", Precision: "admin1"},
			wantCoarsened: []string{"place.location", "place.latitude", "place.longitude"}},
		{name: "near label, coarsen near", label: "near", coarsen: "near",
			want:          custos.Place{Country: "ML", Admin1: "Mopti", Latitude: ptrTo(14.1), Longitude: ptrTo(-4.2), Precision: "near"},
			wantCoarsened: []string{"place.location", "place.latitude", "place.longitude"},
			wantPoint:     true, pointLat: 14.1, pointLon: -4.2},
	}
	ids := make([]int64, len(tests))
	for k, tt := range tests {
		req := testIntake()
		req["place"] = map[string]any{"country": "ML", "admin1": "Mopti", "location": "Konna",
			"latitude": exactLat, "longitude": exactLon, "precision": tt.label}
		req["coarsen_location"] = tt.coarsen
		code, body := f.do("", "POST", "/api/v1/intake", req)
		if code != http.StatusCreated {
			t.Fatalf("%s: POST /api/v1/intake = %d %s, want 201", tt.name, code, body)
		}
		var ack intakeResponse
		must(t, json.Unmarshal(body, &ack))
		ids[k] = ack.ID
		if diff := cmp.Diff(tt.wantCoarsened, ack.Coarsened); diff != "" {
			t.Errorf("%s: reply coarsened mismatch (-want +got):\n%s", tt.name, diff)
		}
		if !strings.Contains(ack.Message, "place.latitude, place.longitude") {
			t.Errorf("%s: reply message %q does not name the coordinates", tt.name, ack.Message)
		}

		stored, err := f.db.FindIncident(sys, ack.ID)
		must(t, err)
		if diff := cmp.Diff(tt.want, stored.Place, approx); diff != "" {
			t.Errorf("%s: stored place mismatch (-want +got):\n%s", tt.name, diff)
		}

		path := fmt.Sprintf("/api/v1/incidents/%d", ack.ID)
		code, body = f.do(custos.RoleViewer, "GET", path, nil)
		if code != http.StatusOK {
			t.Fatalf("%s: GET %s as viewer = %d %s", tt.name, path, code, body)
		}
		for _, secret := range []string{"14.05123", "-4.21234", "Konna"} {
			if strings.Contains(string(body), secret) {
				t.Errorf("%s: GET %s as viewer contains %q: %s", tt.name, path, secret, body)
			}
		}
		var seen custos.Incident
		must(t, json.Unmarshal(body, &seen))
		if diff := cmp.Diff(tt.want, seen.Place, approx); diff != "" {
			t.Errorf("%s: place a viewer reads mismatch (-want +got):\n%s", tt.name, diff)
		}
	}

	// The map coarsens again as it reads, for rows written around
	// Normalize (a bulk load, or a report stored before Coarsen stopped
	// trusting the label): put the exact coordinates back with the labels
	// the reporter sent, and the map must still not show them.
	for k, tt := range tests {
		if _, err := f.db.SQL().Exec(`UPDATE incidents SET latitude = ?, longitude = ?, location_precision = ? WHERE id = ?`,
			exactLat, exactLon, tt.label, ids[k]); err != nil {
			t.Fatal(err)
		}
	}
	m, err := f.db.IncidentMap(viewer, custos.TrendFilter{Country: "ML"}, 10)
	must(t, err)
	points := map[int64]custos.MapPoint{}
	for _, p := range m.Points {
		points[p.IncidentID] = p
	}
	for k, tt := range tests {
		p, ok := points[ids[k]]
		if ok != tt.wantPoint {
			t.Errorf("%s: map point for incident %d: %v, want %v (%+v)", tt.name, ids[k], ok, tt.wantPoint, p)
			continue
		}
		if ok && (math.Abs(p.Latitude-tt.pointLat) > 1e-9 || math.Abs(p.Longitude-tt.pointLon) > 1e-9 || p.Precision != "near") {
			t.Errorf("%s: map point at %v, %v (%s), want %v, %v (near)", tt.name, p.Latitude, p.Longitude, p.Precision, tt.pointLat, tt.pointLon)
		}
	}
	for _, a := range m.Areas {
		if a.Latitude != nil && (math.Abs(*a.Latitude-exactLat) < 1e-6 || math.Abs(*a.Longitude-exactLon) < 1e-6) {
			t.Errorf("map area %s centred on the exact coordinates: %v, %v", a.Admin1, *a.Latitude, *a.Longitude)
		}
	}
}

func ptrTo[T any](v T) *T { return &v }
