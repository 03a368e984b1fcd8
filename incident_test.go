package custos

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// now is the fixed clock of these tests.
var now = time.Date(2024, 6, 15, 12, 0, 0, 0, time.UTC)

func ptr[T any](v T) *T { return &v }

// validIncident returns an incident that passes ValidateAt(now).
func validIncident() *Incident {
	i := &Incident{
		Title:         "Shelling of Hamlet 4 market",
		Category:      "civilian_harm_operations",
		Date:          Date{2024, 3, 2},
		DateEnd:       Date{2024, 3, 3},
		DatePrecision: "day",
		Place: Place{
			Country: "ML", Admin1: "Mopti", Admin2: "Djenné", Location: "Hamlet 4",
			Latitude: ptr(13.9), Longitude: ptr(-4.55), Precision: "exact",
		},
		Perpetrators: []Perpetrator{
			{ActorID: 7, Role: "direct"},
			{Name: "FAMa 3rd battalion", SuggestedActorID: 9, SuggestionScore: 0.8, Role: "command"},
		},
		Victims: Victims{Killed: Estimate{Best: 4, Low: 3, High: 6}, Injured: Point(2), Children: ptr(1)},
		Sources: []IncidentSource{{Type: "ngo_report", Name: "Example Watch", Date: Date{2024, 3, 10},
			Reliability: "B", Credibility: 2, Releasability: Protected}},
		Status:        StatusReported,
		Source:        &SourceRef{Dataset: "acled", Key: "MLI1234"},
		Releasability: Internal,
	}
	return i
}

func TestIncidentValidate(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(i *Incident)
		field string // the field named in the error; "" for valid
	}{
		{"valid", func(i *Incident) {}, ""},
		{"no title", func(i *Incident) { i.Title = " " }, "title"},
		{"unknown category", func(i *Incident) { i.Category = "riot" }, "category"},
		{"no category", func(i *Incident) { i.Category = "" }, "category"},
		{"no date", func(i *Incident) { i.Date = Date{} }, "date"},
		{"date not on calendar", func(i *Incident) { i.Date = Date{2023, 2, 29} }, "date"},
		{"year too early", func(i *Incident) { i.Date = Date{1899, 12, 31} }, "date"},
		{"year too late", func(i *Incident) { i.DateEnd = Date{2101, 1, 1} }, "date_end"},
		{"date in future", func(i *Incident) { i.Date, i.DateEnd = Date{2024, 6, 17}, Date{} }, "date"},
		{"tomorrow allowed", func(i *Incident) { i.Date, i.DateEnd = Date{2024, 6, 16}, Date{} }, ""},
		{"end before start", func(i *Incident) { i.DateEnd = Date{2024, 3, 1} }, "date_end"},
		{"end in future", func(i *Incident) { i.DateEnd = Date{2025, 1, 1} }, "date_end"},
		{"bad date precision", func(i *Incident) { i.DatePrecision = "hour" }, "date_precision"},
		{"no country", func(i *Incident) { i.Place.Country = "" }, "place.country"},
		{"bad country", func(i *Incident) { i.Place.Country = "Mali" }, "place.country"},
		{"latitude too high", func(i *Incident) { i.Place.Latitude = ptr(90.5) }, "place.latitude"},
		{"latitude too low", func(i *Incident) { i.Place.Latitude = ptr(-91.0) }, "place.latitude"},
		{"longitude too high", func(i *Incident) { i.Place.Longitude = ptr(180.01) }, "place.longitude"},
		{"longitude too low", func(i *Incident) { i.Place.Longitude = ptr(-200.0) }, "place.longitude"},
		{"latitude without longitude", func(i *Incident) { i.Place.Longitude = nil }, "place.latitude"},
		{"bad location precision", func(i *Incident) { i.Place.Precision = "village" }, "place.precision"},
		{"multi-line admin1", func(i *Incident) { i.Place.Admin1 = "a\nb" }, "place.admin1"},
		{"bad coarsen", func(i *Incident) { i.CoarsenLocation = "street" }, "coarsen_location"},
		{"perpetrator empty", func(i *Incident) { i.Perpetrators[0] = Perpetrator{Role: "direct"} }, "perpetrators[0].name"},
		{"perpetrator actor and person", func(i *Incident) { i.Perpetrators[0].PersonID = 3 }, "perpetrators[0].person_id"},
		{"perpetrator negative actor", func(i *Incident) { i.Perpetrators[1].ActorID = -1 }, "perpetrators[1].actor_id"},
		{"perpetrator score above 1", func(i *Incident) { i.Perpetrators[1].SuggestionScore = 1.5 }, "perpetrators[1].suggestion_score"},
		{"perpetrator bad role", func(i *Incident) { i.Perpetrators[1].Role = "bystander" }, "perpetrators[1].role"},
		{"perpetrator negative suggestion", func(i *Incident) { i.Perpetrators[1].SuggestedActorID = -2 }, "perpetrators[1].suggested_actor_id"},
		{"killed negative", func(i *Incident) { i.Victims.Killed = Estimate{Best: -1, Low: -1, High: 0} }, "victims.killed.best"},
		{"killed low above best", func(i *Incident) { i.Victims.Killed.Low = 5 }, "victims.killed.low"},
		{"killed best above high", func(i *Incident) { i.Victims.Killed.High = 3 }, "victims.killed.high"},
		{"injured too many", func(i *Incident) { i.Victims.Injured = Point(MaxCasualties + 1) }, "victims.injured.best"},
		{"women negative", func(i *Incident) { i.Victims.Women = ptr(-1) }, "victims.women"},
		{"children above total", func(i *Incident) { i.Victims.Children = ptr(9) }, "victims.children"},
		{"source no type", func(i *Incident) { i.Sources[0].Type = "" }, "sources[0].type"},
		{"source bad type", func(i *Incident) { i.Sources[0].Type = "rumour" }, "sources[0].type"},
		{"source bad reliability", func(i *Incident) { i.Sources[0].Reliability = "G" }, "sources[0].reliability"},
		{"source bad credibility", func(i *Incident) { i.Sources[0].Credibility = 7 }, "sources[0].credibility"},
		{"source future", func(i *Incident) { i.Sources[0].Date = Date{2030, 1, 1} }, "sources[0].date"},
		{"source bad releasability", func(i *Incident) { i.Sources[0].Releasability = 9 }, "sources[0].releasability"},
		{"bad status", func(i *Incident) { i.Status = "closed" }, "status"},
		{"status without history", func(i *Incident) { i.Status = StatusCredible }, "status"},
		{"history skips review", func(i *Incident) {
			i.Status = StatusCredible
			i.Verifications = []Verification{{From: StatusReported, To: StatusCredible, By: "ana", At: now, Reason: "two sources"}}
		}, "verifications[0].to"},
		{"history broken chain", func(i *Incident) {
			i.Status = StatusCredible
			i.Verifications = []Verification{
				{From: StatusReported, To: StatusUnderReview, By: "ana", At: now, Reason: "new"},
				{From: StatusReported, To: StatusCredible, By: "ana", At: now, Reason: "two sources"},
			}
		}, "verifications[1].from"},
		{"history without reason", func(i *Incident) {
			i.Status = StatusUnderReview
			i.Verifications = []Verification{{From: StatusReported, To: StatusUnderReview, By: "ana", At: now}}
		}, "verifications[0].reason"},
		{"history without time", func(i *Incident) {
			i.Status = StatusUnderReview
			i.Verifications = []Verification{{From: StatusReported, To: StatusUnderReview, By: "ana", Reason: "new"}}
		}, "verifications[0].at"},
		{"source ref without key", func(i *Incident) { i.Source.Key = "" }, "source.key"},
		{"bad releasability", func(i *Incident) { i.Releasability = 0 }, "releasability"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i := validIncident()
			tt.edit(i)
			err := i.ValidateAt(now)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("ValidateAt() = %v, want nil", err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Kind != EINVALID {
				t.Fatalf("ValidateAt() = %v, want an EINVALID *Error", err)
			}
			if _, ok := e.Fields[tt.field]; !ok {
				t.Errorf("ValidateAt() = %v, want field %q named", err, tt.field)
			}
		})
	}
}

func TestCanTransition(t *testing.T) {
	allowed := map[[2]VerificationStatus]bool{
		{StatusReported, StatusUnderReview}:   true,
		{StatusUnderReview, StatusCredible}:   true,
		{StatusUnderReview, StatusDiscounted}: true,
		{StatusCredible, StatusConfirmed}:     true,
		{StatusCredible, StatusUnderReview}:   true,
		{StatusDiscounted, StatusUnderReview}: true,
		{StatusConfirmed, StatusUnderReview}:  true,
	}
	all := append(VerificationStatuses[:len(VerificationStatuses):len(VerificationStatuses)], "", "closed")
	for _, from := range all {
		for _, to := range all {
			want := allowed[[2]VerificationStatus{from, to}]
			if got := CanTransition(from, to); got != want {
				t.Errorf("CanTransition(%q, %q) = %v, want %v", from, to, got, want)
			}
		}
	}
}

func TestIncidentTransition(t *testing.T) {
	i := validIncident()
	ana := Principal{UserID: 4, Name: "ana", Role: RoleAnalyst}
	steps := []VerificationStatus{StatusUnderReview, StatusCredible, StatusConfirmed}
	for _, to := range steps {
		if err := i.Transition(to, ana, now, "checked "+string(to)); err != nil {
			t.Fatalf("Transition(%q) = %v", to, err)
		}
	}
	if err := i.ValidateAt(now); err != nil {
		t.Fatalf("after transitions ValidateAt() = %v", err)
	}
	want := []Verification{
		{From: StatusReported, To: StatusUnderReview, By: "ana", UserID: 4, At: now, Reason: "checked under_review"},
		{From: StatusUnderReview, To: StatusCredible, By: "ana", UserID: 4, At: now, Reason: "checked credible"},
		{From: StatusCredible, To: StatusConfirmed, By: "ana", UserID: 4, At: now, Reason: "checked confirmed"},
	}
	if diff := cmp.Diff(want, i.Verifications); diff != "" {
		t.Errorf("Verifications mismatch (-want +got):\n%s", diff)
	}
	if err := i.Transition(StatusDiscounted, ana, now, "no"); ErrorKind(err) != EINVALID {
		t.Errorf("Transition(confirmed -> discounted) = %v, want EINVALID", err)
	}
	if err := i.Transition(StatusUnderReview, ana, now, "  "); ErrorKind(err) != EINVALID {
		t.Errorf("Transition without reason = %v, want EINVALID", err)
	}
	if i.Status != StatusConfirmed || len(i.Verifications) != 3 {
		t.Errorf("refused transitions changed the incident: status %q, %d steps", i.Status, len(i.Verifications))
	}
}

func TestPlaceCoarsen(t *testing.T) {
	full := Place{Country: "ML", Admin1: "Mopti", Admin2: "Djenné", Admin3: "Ouro Ali",
		Location: "Hamlet 4", Latitude: ptr(13.9372), Longitude: ptr(-4.5561), Precision: "exact"}
	tests := []struct {
		to   LocationPrecision
		want Place
	}{
		{"exact", full},
		{"", full},
		{"near", Place{Country: "ML", Admin1: "Mopti", Admin2: "Djenné", Admin3: "Ouro Ali",
			Location: "Hamlet 4", Latitude: ptr(13.9), Longitude: ptr(-4.6), Precision: "near"}},
		{"admin2", Place{Country: "ML", Admin1: "Mopti", Admin2: "Djenné", Precision: "admin2"}},
		{"admin1", Place{Country: "ML", Admin1: "Mopti", Precision: "admin1"}},
		{"country", Place{Country: "ML", Precision: "country"}},
	}
	round := cmp.Comparer(func(a, b float64) bool { d := a - b; return d < 1e-9 && d > -1e-9 })
	for _, tt := range tests {
		got := full.Coarsen(tt.to)
		if diff := cmp.Diff(tt.want, got, round); diff != "" {
			t.Errorf("Coarsen(%q) mismatch (-want +got):\n%s", tt.to, diff)
		}
	}
	// Coarsening never makes a place finer.
	a1 := Place{Country: "ML", Admin1: "Mopti", Precision: "admin1"}
	if diff := cmp.Diff(a1, a1.Coarsen("near")); diff != "" {
		t.Errorf("Coarsen(near) of an admin1 place changed it (-want +got):\n%s", diff)
	}
}

func TestIncidentNormalize(t *testing.T) {
	i := &Incident{
		Title: "t", Category: "torture", Date: Date{2020, 1, 1},
		Place:           Place{Country: "ML", Admin1: "Mopti", Location: "X", Latitude: ptr(14.0), Longitude: ptr(-4.0)},
		CoarsenLocation: "admin1",
		Perpetrators:    []Perpetrator{{Name: "police"}},
		Victims:         Victims{Killed: Estimate{Best: 3}},
		Sources:         []IncidentSource{{Type: "witness"}},
	}
	i.Normalize()
	want := &Incident{
		Title: "t", Category: "torture", Date: Date{2020, 1, 1}, DatePrecision: "day",
		Place:           Place{Country: "ML", Admin1: "Mopti", Precision: "admin1"},
		CoarsenLocation: "admin1",
		Perpetrators:    []Perpetrator{{Name: "police", Role: "unknown"}},
		Victims:         Victims{Killed: Point(3)},
		Sources:         []IncidentSource{{Type: "witness", Reliability: "F", Credibility: 6, Releasability: Protected}},
		Status:          StatusReported,
		Releasability:   Internal,
	}
	if diff := cmp.Diff(want, i); diff != "" {
		t.Errorf("Normalize mismatch (-want +got):\n%s", diff)
	}
	if err := i.ValidateAt(now); err != nil {
		t.Errorf("ValidateAt() after Normalize = %v", err)
	}
}

type box struct{}

func (box) Contains(country string, lat, lon float64) bool {
	return country == "ML" && lat > 10 && lat < 25 && lon > -12.5 && lon < 4.5
}

func TestIncidentCheckBounds(t *testing.T) {
	tests := []struct {
		name     string
		b        CountryBounds
		lat, lon *float64
		want     map[string]string // the fields of the error, nil for none
	}{
		{"inside", box{}, ptr(14.5), ptr(-4.0), nil},
		{"Paris", box{}, ptr(48.85), ptr(2.35), map[string]string{"place.latitude": "48.85, 2.35 (latitude, longitude) is outside Mali (ML), " +
			"even allowing for the imprecision of its boundaries: check the coordinates and the country"}},
		{"swapped", box{}, ptr(-4.0), ptr(14.5), map[string]string{"place.latitude": "-4, 14.5 (latitude, longitude) is outside Mali (ML), " +
			"even allowing for the imprecision of its boundaries: the latitude and longitude look swapped"}},
		{"no coordinates", box{}, nil, nil, nil},
		{"no bounds", nil, ptr(48.85), ptr(2.35), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i := validIncident()
			i.Place.Latitude, i.Place.Longitude = tt.lat, tt.lon
			var got map[string]string
			if err := i.CheckBounds(tt.b); err != nil {
				e, ok := err.(*Error)
				if !ok || e.Kind != EINVALID {
					t.Fatalf("CheckBounds() = %v, want EINVALID", err)
				}
				got = e.Fields
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("CheckBounds() fields (-want +got):\n%s", diff)
			}
		})
	}
}

func TestIncidentJSONRoundTrip(t *testing.T) {
	i := validIncident()
	b, err := json.Marshal(i)
	if err != nil {
		t.Fatal(err)
	}
	var got Incident
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("Unmarshal(%s) = %v", b, err)
	}
	if diff := cmp.Diff(i, &got); diff != "" {
		t.Errorf("round trip mismatch (-want +got):\n%s", diff)
	}
}

func FuzzIncidentJSON(f *testing.F) {
	b, _ := json.Marshal(validIncident())
	f.Add(b)
	f.Add([]byte(`{"date":"2024-02-30","place":{"latitude":1e308}}`))
	f.Add([]byte(`{"victims":{"killed":{"best":-1,"low":5}},"perpetrators":[{}],"sources":[{"credibility":99}]}`))
	f.Add([]byte(`{"status":"credible","verifications":[{"from":"x","to":"y"}],"coarsen_location":"near","place":{"latitude":13.95,"longitude":-4.55}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var i Incident
		if err := json.Unmarshal(data, &i); err != nil {
			return
		}
		i.Normalize()
		err := i.ValidateAt(now)
		if err != nil && ErrorKind(err) != EINVALID {
			t.Fatalf("ValidateAt() = %v, want nil or EINVALID", err)
		}
		_ = i.CheckBounds(box{})
	})
}
