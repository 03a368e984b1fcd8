package custos

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"
)

// IncidentCategory is the kind of harm or abuse an incident reports. The
// first five are the gross violations of human rights that matter for Leahy
// vetting; civilian_harm_operations is harm to civilians in the course of
// military or police operations (strikes, shelling, crossfire), which the
// civilian-harm tracking cell counts even when no violation is alleged.
type IncidentCategory string

// IncidentCategories lists every category.
var IncidentCategories = []IncidentCategory{
	"extrajudicial_killing", "torture", "enforced_disappearance", "sexual_violence",
	"arbitrary_detention", "civilian_harm_operations", "other",
}

// DatePrecision says how well the date of an incident is known: to the day,
// or only to the week, month or year around Date (sources differ on whether
// Date is the start or the middle of that span; DateEnd, when given, bounds
// it).
type DatePrecision string

// DatePrecisions, finest first.
var DatePrecisions = []DatePrecision{"day", "week", "month", "year"}

// LocationPrecision says how well the place of an incident is known, finest
// first: the exact spot, near a named place (within about 25 km), or only the
// second-level area, the first-level area or the country.
type LocationPrecision string

// LocationPrecisions, finest first.
var LocationPrecisions = []LocationPrecision{"exact", "near", "admin2", "admin1", "country"}

// finer reports whether precision p is finer than q. Unknown values sort as
// the finest, so that coarsening to an unknown level never drops data that
// Validate would then fail to name.
func (p LocationPrecision) finer(q LocationPrecision) bool {
	return locationRank(p) < locationRank(q)
}

func locationRank(p LocationPrecision) int {
	for i, x := range LocationPrecisions {
		if x == p {
			return i
		}
	}
	return -1
}

// Place is where an incident happened. Coordinates are WGS 84 degrees; nil
// means not known (0,0 is a point in the Gulf of Guinea, not "unknown").
type Place struct {
	Country   string            `json:"country"` // ISO 3166-1 alpha-2
	Admin1    string            `json:"admin1,omitempty"`
	Admin2    string            `json:"admin2,omitempty"`
	Admin3    string            `json:"admin3,omitempty"`
	Location  string            `json:"location,omitempty"` // village, town, landmark
	Latitude  *float64          `json:"latitude,omitempty"`
	Longitude *float64          `json:"longitude,omitempty"`
	Precision LocationPrecision `json:"precision,omitempty"`
}

// NearDegrees is the grid, in degrees, to which Coarsen rounds coordinates
// at "near" precision: 0.1 degree is about 11 km at the equator, enough to
// hide a house or a small village but keep the district.
const NearDegrees = 0.1

// Coarsen returns the place with every detail finer than to removed, so that
// a civil-society reporter who asks for it cannot be found through the
// incident they reported. At "near" coordinates are rounded to NearDegrees
// and the location name kept; at "admin2" and coarser the coordinates,
// location name and finer admin areas are removed. What is removed is
// decided by the fields the place holds, never by its Precision, which the
// client sets: a place labelled "admin1" or "near" that carries exact
// coordinates still loses them. Precision becomes to, unless it already
// names a coarser level; coarsening to "exact", to "" or to an unknown level
// changes nothing. Coarsening is idempotent: rounded coordinates round to
// themselves.
func (p Place) Coarsen(to LocationPrecision) Place {
	if locationRank(to) <= 0 {
		return p
	}
	if p.Precision.finer(to) {
		p.Precision = to
	}
	if to == "near" {
		if p.Latitude != nil {
			lat := math.Round(*p.Latitude/NearDegrees) * NearDegrees
			p.Latitude = &lat
		}
		if p.Longitude != nil {
			lon := math.Round(*p.Longitude/NearDegrees) * NearDegrees
			p.Longitude = &lon
		}
		return p
	}
	p.Latitude, p.Longitude, p.Location, p.Admin3 = nil, nil, "", ""
	if to == "admin1" || to == "country" {
		p.Admin2 = ""
	}
	if to == "country" {
		p.Admin1 = ""
	}
	return p
}

func (p *Place) check(f FieldErrors) {
	checkCountryRef(f, "place.country", p.Country, true)
	checkLine(f, "place.admin1", p.Admin1, MaxNameLen, false)
	checkLine(f, "place.admin2", p.Admin2, MaxNameLen, false)
	checkLine(f, "place.admin3", p.Admin3, MaxNameLen, false)
	checkLine(f, "place.location", p.Location, MaxNameLen, false)
	if (p.Latitude == nil) != (p.Longitude == nil) {
		f.Add("place.latitude", "latitude and longitude must be given together")
	}
	if p.Latitude != nil && !(*p.Latitude >= -90 && *p.Latitude <= 90) {
		f.Add("place.latitude", fmt.Sprintf("%v is outside -90 to 90", *p.Latitude))
	}
	if p.Longitude != nil && !(*p.Longitude >= -180 && *p.Longitude <= 180) {
		f.Add("place.longitude", fmt.Sprintf("%v is outside -180 to 180", *p.Longitude))
	}
	oneOf(f, "place.precision", p.Precision, LocationPrecisions, false)
}

// CountryBounds tells whether a point lies in a country. It needs country
// geometry, which the domain package does not hold, so Incident.Validate does
// not check it: the store, on every create and update, and the importers, on
// every row, call CheckBounds with the Natural Earth shapes of
// internal/atlas.
type CountryBounds interface {
	// Contains reports whether the point lies within country (ISO alpha-2),
	// allowing for the imprecision of the boundary data. It reports true for
	// a country it has no shape for, as it cannot judge.
	Contains(country string, lat, lon float64) bool
}

// CheckBounds returns an EINVALID error on place.latitude when the incident
// has coordinates that b places outside its country, saying so when the
// point would be inside with latitude and longitude swapped, the commonest
// slip.
func (i *Incident) CheckBounds(b CountryBounds) error {
	p := i.Place
	if b == nil || p.Latitude == nil || p.Longitude == nil || p.Country == "" {
		return nil
	}
	lat, lon := *p.Latitude, *p.Longitude
	if b.Contains(p.Country, lat, lon) {
		return nil
	}
	where := p.Country
	if c, ok := ISOCountry(p.Country); ok {
		where = c.Name + " (" + p.Country + ")"
	}
	msg := fmt.Sprintf("%v, %v (latitude, longitude) is outside %s, even allowing for the imprecision of its boundaries", lat, lon, where)
	if lon >= -90 && lon <= 90 && b.Contains(p.Country, lon, lat) {
		msg += ": the latitude and longitude look swapped"
	} else {
		msg += ": check the coordinates and the country"
	}
	f := FieldErrors{}
	f.Add("place.latitude", msg)
	return f.Err("incident")
}

// PerpetratorRole is how an alleged perpetrator took part.
type PerpetratorRole string

// PerpetratorRoles: direct (did it), command (ordered it or failed to prevent
// or punish it, which is what reaches a commander in vetting), support (aided
// it), unknown (named by the source without a role, such as one side of a
// battle in which civilians died).
var PerpetratorRoles = []PerpetratorRole{"direct", "command", "support", "unknown"}

// Perpetrator is one alleged perpetrator of an incident: a linked actor (a
// unit) or person, or the name as the source gave it, still to be resolved
// by an analyst. An importer's actor matcher may fill SuggestedActorID and
// SuggestionScore; only an analyst's confirmation sets ActorID.
type Perpetrator struct {
	ActorID          int64           `json:"actor_id,omitempty"`
	PersonID         int64           `json:"person_id,omitempty"`
	Name             string          `json:"name,omitempty"` // as reported
	SuggestedActorID int64           `json:"suggested_actor_id,omitempty"`
	SuggestionScore  float64         `json:"suggestion_score,omitempty"` // 0 to 1
	Role             PerpetratorRole `json:"role"`
}

// Resolved reports whether the perpetrator is linked to an actor or person.
func (p Perpetrator) Resolved() bool { return p.ActorID > 0 || p.PersonID > 0 }

// Estimate is a count known only within a range, as casualty figures are:
// Low <= Best <= High. A single figure is Low = Best = High.
type Estimate struct {
	Best int `json:"best"`
	Low  int `json:"low"`
	High int `json:"high"`
}

// MaxCasualties bounds any one casualty figure: ten million, above the toll
// of any single recorded event.
const MaxCasualties = 10_000_000

// Point returns the estimate of a single figure n.
func Point(n int) Estimate { return Estimate{Best: n, Low: n, High: n} }

func (e Estimate) check(f FieldErrors, field string) {
	for _, x := range []struct {
		name string
		v    int
	}{{"low", e.Low}, {"best", e.Best}, {"high", e.High}} {
		if x.v < 0 || x.v > MaxCasualties {
			f.Add(field+"."+x.name, fmt.Sprintf("%d is outside 0 to %d", x.v, MaxCasualties))
		}
	}
	if e.Low > e.Best {
		f.Add(field+".low", fmt.Sprintf("%d is above best %d", e.Low, e.Best))
	}
	if e.Best > e.High {
		f.Add(field+".high", fmt.Sprintf("%d is below best %d", e.High, e.Best))
	}
}

// Victims counts the people harmed. Women and Children are among the killed
// and injured together, and nil when the source does not say.
type Victims struct {
	Killed   Estimate `json:"killed"`
	Injured  Estimate `json:"injured"`
	Women    *int     `json:"women,omitempty"`
	Children *int     `json:"children,omitempty"`
}

func (v *Victims) check(f FieldErrors) {
	v.Killed.check(f, "victims.killed")
	v.Injured.check(f, "victims.injured")
	high := v.Killed.High + v.Injured.High
	for _, x := range []struct {
		name string
		n    *int
	}{{"victims.women", v.Women}, {"victims.children", v.Children}} {
		switch {
		case x.n == nil:
		case *x.n < 0:
			f.Add(x.name, fmt.Sprintf("%d is negative", *x.n))
		case *x.n > high:
			f.Add(x.name, fmt.Sprintf("%d is more than the killed and injured (high %d)", *x.n, high))
		}
	}
}

// SourceType is the kind of a source of information about an incident.
type SourceType string

// SourceTypes.
var SourceTypes = []SourceType{
	"ngo_report", "media", "un_report", "witness", "official", "dataset", "civil_society_intake", "other",
}

// Reliability grades a source by its track record, on the Admiralty scale
// of NATO intelligence doctrine (AJP-2.1): A completely reliable, B usually
// reliable, C fairly reliable, D not usually reliable, E unreliable, F
// reliability cannot be judged.
var Reliabilities = []string{"A", "B", "C", "D", "E", "F"}

// Credibility grades one piece of information on the same scale: 1 confirmed
// by other sources, 2 probably true, 3 possibly true, 4 doubtful,
// 5 improbable, 6 truth cannot be judged. The two grades are independent: a
// usually reliable source can pass on a doubtful report (B4).
const (
	CredibilityConfirmed = 1
	CredibilityUnknown   = 6
)

// IncidentSource is one source of information on an incident: a report, an
// article, a witness, a dataset. Sources are protected by default, because a
// source's identity can put the source in danger.
type IncidentSource struct {
	Type          SourceType    `json:"type"`
	Name          string        `json:"name,omitempty"` // the outlet, organization or dataset
	Date          Date          `json:"date,omitzero"`
	URL           string        `json:"url,omitempty"`
	Reference     string        `json:"reference,omitempty"` // a document reference or citation
	Reliability   string        `json:"reliability"`         // A to F
	Credibility   int           `json:"credibility"`         // 1 to 6
	Releasability Releasability `json:"releasability"`
}

// Grade returns the Admiralty grade, such as "B2".
func (s IncidentSource) Grade() string { return fmt.Sprintf("%s%d", s.Reliability, s.Credibility) }

// VerificationStatus is how far an incident has been verified.
type VerificationStatus string

// Verification statuses. An incident is reported, put under review, judged
// credible or discounted, and a credible incident may be confirmed.
const (
	StatusReported    VerificationStatus = "reported"
	StatusUnderReview VerificationStatus = "under_review"
	StatusCredible    VerificationStatus = "credible"
	StatusDiscounted  VerificationStatus = "discounted"
	StatusConfirmed   VerificationStatus = "confirmed"
)

// VerificationStatuses lists the statuses in their usual order.
var VerificationStatuses = []VerificationStatus{
	StatusReported, StatusUnderReview, StatusCredible, StatusDiscounted, StatusConfirmed,
}

// CanTransition reports whether an incident may move from one status to
// another. Review leads to credible or discounted, and only a credible
// incident can be confirmed. A judged incident (credible, discounted or
// confirmed) can go back under review when new information arrives: "credible
// information" under the Leahy laws is never final, and reopening is
// recorded like any other step. Nothing returns to reported, and no status
// moves to itself.
func CanTransition(from, to VerificationStatus) bool {
	switch from {
	case StatusReported:
		return to == StatusUnderReview
	case StatusUnderReview:
		return to == StatusCredible || to == StatusDiscounted
	case StatusCredible:
		return to == StatusConfirmed || to == StatusUnderReview
	case StatusDiscounted, StatusConfirmed:
		return to == StatusUnderReview
	}
	return false
}

// Verification is one step in an incident's verification: who moved it from
// which status to which, when and why.
type Verification struct {
	From   VerificationStatus `json:"from"`
	To     VerificationStatus `json:"to"`
	By     string             `json:"by"`
	UserID int64              `json:"user_id,omitempty"`
	At     time.Time          `json:"at"`
	Reason string             `json:"reason"`
}

// Incident is one report of civilian harm or a human-rights abuse
// attributed to a partner's forces, with its sources, their credibility, the
// units and persons alleged to be responsible, and its verification.
type Incident struct {
	ID            int64            `json:"id"`
	Title         string           `json:"title"`
	Description   string           `json:"description,omitempty"`
	Category      IncidentCategory `json:"category"`
	Date          Date             `json:"date"`              // the first day it may have happened
	DateEnd       Date             `json:"date_end,omitzero"` // the last day, for a range
	DatePrecision DatePrecision    `json:"date_precision"`    // how well Date is known
	Place         Place            `json:"place"`
	// CoarsenLocation is the finest location precision the reporter allows
	// to be kept. Normalize applies it, so finer detail never reaches the
	// store. Civil-society reporters set it to protect themselves.
	CoarsenLocation LocationPrecision  `json:"coarsen_location,omitempty"`
	Perpetrators    []Perpetrator      `json:"perpetrators,omitempty"`
	Victims         Victims            `json:"victims"`
	Sources         []IncidentSource   `json:"sources,omitempty"`
	Status          VerificationStatus `json:"status"`
	Verifications   []Verification     `json:"verifications,omitempty"` // oldest first
	Source          *SourceRef         `json:"source,omitempty"`        // the dataset row it was imported from
	Releasability   Releasability      `json:"releasability"`
	CreatedAt       time.Time          `json:"created_at,omitzero"`
	UpdatedAt       time.Time          `json:"updated_at,omitzero"`
}

// MaxIncidentParts bounds the perpetrators, sources and verification steps
// of one incident.
const MaxIncidentParts = 1000

// Normalize fills defaults and applies CoarsenLocation. A place without a
// stated precision gets the precision its fields show: exact with
// coordinates, else admin2, admin1 or country by the finest area named. An
// estimate with only Best is a single figure; a source without grades is
// graded F6 (cannot be judged) and protected.
func (i *Incident) Normalize() {
	if i.Releasability == 0 {
		i.Releasability = Internal
	}
	if i.Status == "" {
		i.Status = StatusReported
	}
	if i.DatePrecision == "" {
		i.DatePrecision = "day"
	}
	p := &i.Place
	if p.Precision == "" {
		switch {
		case p.Latitude != nil && p.Longitude != nil:
			p.Precision = "exact"
		case p.Location != "" || p.Admin3 != "" || p.Admin2 != "":
			p.Precision = "admin2"
		case p.Admin1 != "":
			p.Precision = "admin1"
		default:
			p.Precision = "country"
		}
	}
	if i.CoarsenLocation != "" {
		i.Place = i.Place.Coarsen(i.CoarsenLocation)
	}
	for _, e := range []*Estimate{&i.Victims.Killed, &i.Victims.Injured} {
		if e.Low == 0 && e.High == 0 {
			*e = Point(e.Best)
		}
	}
	for k := range i.Perpetrators {
		if i.Perpetrators[k].Role == "" {
			i.Perpetrators[k].Role = "unknown"
		}
	}
	for k := range i.Sources {
		s := &i.Sources[k]
		if s.Reliability == "" {
			s.Reliability = "F"
		}
		if s.Credibility == 0 {
			s.Credibility = CredibilityUnknown
		}
		if s.Releasability == 0 {
			s.Releasability = Protected
		}
	}
}

// Validate reports the first problem with each field, judging future dates
// against the current time.
func (i *Incident) Validate() error { return i.ValidateAt(time.Now()) }

// ValidateAt is Validate with the current time given, so that tests and
// importers can fix the clock. A date is in the future when it is after the
// day following now: the day after allows for time zones ahead of UTC.
func (i *Incident) ValidateAt(now time.Time) error {
	f := FieldErrors{}
	latest := DateOf(now.UTC().AddDate(0, 0, 1))
	checkLine(f, "title", i.Title, MaxNameLen, true)
	checkText(f, "description", i.Description, MaxTextLen, false)
	oneOf(f, "category", i.Category, IncidentCategories, true)
	checkIncidentDate(f, "date", i.Date, latest, true)
	checkIncidentDate(f, "date_end", i.DateEnd, latest, false)
	if _, ok := f["date"]; !ok && !i.DateEnd.IsZero() && i.DateEnd.Before(i.Date) {
		f.Add("date_end", fmt.Sprintf("%s is before date %s", i.DateEnd, i.Date))
	}
	oneOf(f, "date_precision", i.DatePrecision, DatePrecisions, true)
	i.Place.check(f)
	oneOf(f, "coarsen_location", i.CoarsenLocation, LocationPrecisions, false)
	if len(i.Perpetrators) > MaxIncidentParts {
		f.Add("perpetrators", fmt.Sprintf("has more than %d entries", MaxIncidentParts))
	}
	for k, p := range i.Perpetrators {
		checkPerpetrator(f, fmt.Sprintf("perpetrators[%d]", k), p)
	}
	i.Victims.check(f)
	if len(i.Sources) > MaxIncidentParts {
		f.Add("sources", fmt.Sprintf("has more than %d entries", MaxIncidentParts))
	}
	for k, s := range i.Sources {
		checkIncidentSource(f, fmt.Sprintf("sources[%d]", k), s, latest)
	}
	oneOf(f, "status", i.Status, VerificationStatuses, true)
	i.checkVerifications(f)
	checkSource(f, i.Source)
	checkReleasability(f, i.Releasability)
	return f.Err("incident")
}

// checkIncidentDate rejects a day that is not on the calendar, outside
// MinYear to MaxYear, or after latest.
func checkIncidentDate(f FieldErrors, field string, d Date, latest Date, required bool) {
	switch {
	case d.IsZero():
		if required {
			f.Add(field, "is required")
		}
	case d.Year < MinYear || d.Year > MaxYear:
		f.Add(field, fmt.Sprintf("year %d is outside %d to %d", d.Year, MinYear, MaxYear))
	case DateOf(d.Time()) != d:
		f.Add(field, fmt.Sprintf("%04d-%02d-%02d is not a day of the calendar", d.Year, int(d.Month), d.Day))
	case latest.Before(d):
		f.Add(field, fmt.Sprintf("%s is in the future", d))
	}
}

func checkPerpetrator(f FieldErrors, field string, p Perpetrator) {
	if p.ActorID < 0 {
		f.Add(field+".actor_id", "must be a positive id")
	}
	if p.PersonID < 0 {
		f.Add(field+".person_id", "must be a positive id")
	}
	if p.ActorID > 0 && p.PersonID > 0 {
		f.Add(field+".person_id", "give an actor or a person, not both: list each as its own perpetrator")
	}
	checkLine(f, field+".name", p.Name, MaxNameLen, !p.Resolved())
	if p.SuggestedActorID < 0 {
		f.Add(field+".suggested_actor_id", "must be a positive id")
	}
	if !(p.SuggestionScore >= 0 && p.SuggestionScore <= 1) {
		f.Add(field+".suggestion_score", fmt.Sprintf("%v is outside 0 to 1", p.SuggestionScore))
	}
	oneOf(f, field+".role", p.Role, PerpetratorRoles, true)
}

func checkIncidentSource(f FieldErrors, field string, s IncidentSource, latest Date) {
	oneOf(f, field+".type", s.Type, SourceTypes, true)
	checkLine(f, field+".name", s.Name, MaxNameLen, false)
	checkIncidentDate(f, field+".date", s.Date, latest, false)
	checkLine(f, field+".url", s.URL, 2000, false)
	checkText(f, field+".reference", s.Reference, MaxTextLen, false)
	oneOf(f, field+".reliability", s.Reliability, Reliabilities, true)
	if s.Credibility < CredibilityConfirmed || s.Credibility > CredibilityUnknown {
		f.Add(field+".credibility", fmt.Sprintf("%d is not a grade from 1 (confirmed) to 6 (cannot be judged)", s.Credibility))
	}
	if !s.Releasability.Valid() {
		f.Add(field+".releasability", "must be public, internal, restricted or protected")
	}
}

// checkVerifications checks that the history is a chain of allowed steps
// from reported to the current status.
func (i *Incident) checkVerifications(f FieldErrors) {
	if len(i.Verifications) > MaxIncidentParts {
		f.Add("verifications", fmt.Sprintf("has more than %d entries", MaxIncidentParts))
		return
	}
	prev := StatusReported
	for k, v := range i.Verifications {
		field := fmt.Sprintf("verifications[%d]", k)
		if v.From != prev {
			f.Add(field+".from", fmt.Sprintf("is %q, want %q (the status before this step)", v.From, prev))
		}
		if !CanTransition(v.From, v.To) {
			f.Add(field+".to", fmt.Sprintf("cannot move from %q to %q", v.From, v.To))
		}
		checkLine(f, field+".by", v.By, MaxNameLen, true)
		if v.UserID < 0 {
			f.Add(field+".user_id", "must be a positive id")
		}
		if v.At.IsZero() {
			f.Add(field+".at", "is required")
		}
		checkText(f, field+".reason", v.Reason, MaxTextLen, true)
		prev = v.To
	}
	if _, bad := f["status"]; !bad && prev != i.Status {
		f.Add("status", fmt.Sprintf("is %q but the verification history ends at %q", i.Status, prev))
	}
}

// Transition moves the incident to status to and records the step: by whom,
// when and why. A reason is required, because a vetting decision may later
// rest on it.
func (i *Incident) Transition(to VerificationStatus, by Principal, at time.Time, reason string) error {
	from := i.Status
	if from == "" {
		from = StatusReported
	}
	if !CanTransition(from, to) {
		return Errorf(EINVALID, "an incident cannot move from %s to %s", from, to)
	}
	if strings.TrimSpace(reason) == "" {
		return &Error{Kind: EINVALID, Message: "invalid verification", Fields: map[string]string{"reason": "is required"}}
	}
	i.Verifications = append(i.Verifications, Verification{From: from, To: to, By: by.Name, UserID: by.UserID, At: at, Reason: reason})
	i.Status = to
	return nil
}

// ActorIDs returns the linked actors among the perpetrators, once each.
func (i *Incident) ActorIDs() []int64 {
	var ids []int64
	seen := map[int64]bool{}
	for _, p := range i.Perpetrators {
		if p.ActorID > 0 && !seen[p.ActorID] {
			ids = append(ids, p.ActorID)
			seen[p.ActorID] = true
		}
	}
	return ids
}

// IncidentFilter selects incidents. Zero fields do not filter.
type IncidentFilter struct {
	Country   string             `json:"country,omitempty"`
	Admin1    string             `json:"admin1,omitempty"`
	Category  IncidentCategory   `json:"category,omitempty"`
	Status    VerificationStatus `json:"status,omitempty"`
	ActorID   int64              `json:"actor_id,omitempty"`   // with this unit among the perpetrators
	PersonID  int64              `json:"person_id,omitempty"`  // with this person among the perpetrators
	From      Date               `json:"from,omitzero"`        // on or after
	To        Date               `json:"to,omitzero"`          // on or before
	Dataset   string             `json:"dataset,omitempty"`    // imported from this dataset
	SourceKey string             `json:"source_key,omitempty"` // with this key in Dataset
	Q         string             `json:"q,omitempty"`          // in the title or description
	// Subunits widens ActorID to the units under it in the unit tree.
	Subunits bool `json:"subunits,omitempty"`
	// Unattributed selects incidents with no linked perpetrator unit.
	Unattributed bool `json:"unattributed,omitempty"`
	// NoAdmin1 selects incidents with no first-level area recorded: the
	// "area not recorded" figures of a trend by admin1. It cannot be set
	// with Admin1.
	NoAdmin1 bool `json:"no_admin1,omitempty"`
	Page
}

// Validate reports filter fields that contradict each other: an area
// asked for together with no area.
func (f *IncidentFilter) Validate() error {
	e := FieldErrors{}
	if f.NoAdmin1 && f.Admin1 != "" {
		e.Add("no_admin1", fmt.Sprintf("selects incidents with no first-level area, so it cannot be set with admin1 %q", f.Admin1))
	}
	if f.SourceKey != "" && f.Dataset == "" {
		// A key is unique only within its dataset (UCDP and ACLED number
		// their events independently); without one the filter was ignored.
		e.Add("source_key", "needs dataset too (for example dataset=acled&source_key=XNGA3): a key is unique only within its dataset")
	}
	return e.Err("incident filter")
}

// IncidentService keeps incidents. Re-importing a row whose Source (dataset
// and key) is already stored updates that incident rather than adding one.
type IncidentService interface {
	FindIncidents(ctx context.Context, f IncidentFilter) ([]*Incident, string, error)
	FindIncident(ctx context.Context, id int64) (*Incident, error)
	CreateIncident(ctx context.Context, i *Incident) error
	UpdateIncident(ctx context.Context, i *Incident) error
	DeleteIncident(ctx context.Context, id int64) error
	// TransitionIncident moves an incident to a new verification status
	// as the caller in ctx, recording the reason, and returns it updated.
	TransitionIncident(ctx context.Context, id int64, to VerificationStatus, reason string) (*Incident, error)
}

// Warning flags a program or activity whose recipients or participants
// include a unit (or a unit under it) named in an incident that has become
// credible or confirmed. The store raises warnings in the same transaction
// as the transition, so that no credible incident leaves assistance to the
// unit unflagged; a warning is cleared, not deleted, when the incident is
// discounted, so that the trail stays whole.
type Warning struct {
	ID         int64     `json:"id"`
	Entity     string    `json:"entity"`    // EntityProgram or EntityActivity
	RecordID   int64     `json:"record_id"` // the program or activity
	ActorID    int64     `json:"actor_id"`  // the recipient unit concerned
	IncidentID int64     `json:"incident_id"`
	Reason     string    `json:"reason"`
	CreatedAt  time.Time `json:"created_at"`
	ClearedAt  time.Time `json:"cleared_at,omitzero"`
}

// WarningFilter selects warnings. Zero fields do not filter; cleared
// warnings are left out unless Cleared is set.
type WarningFilter struct {
	Entity     string `json:"entity,omitempty"` // program or activity
	ID         int64  `json:"id,omitempty"`     // the program or activity
	ActorID    int64  `json:"actor_id,omitempty"`
	IncidentID int64  `json:"incident_id,omitempty"`
	Cleared    bool   `json:"cleared,omitempty"` // include cleared warnings
	Page
}

// TrendBy is what incident trends are broken down by, besides the month.
type TrendBy string

// TrendBys: the incident's category, its first-level area, or each linked
// perpetrator unit (an incident with two units counts under both; one with
// none counts under actor 0, "not attributed").
var TrendBys = []TrendBy{"category", "admin1", "actor"}

// TrendFilter selects the incidents of a trend: those of a country, of a
// program's country, or of a unit and the units under it, between two
// dates; with none of the three, every incident the caller may see.
type TrendFilter struct {
	Country   string             `json:"country,omitempty"`
	ProgramID int64              `json:"program_id,omitempty"`
	ActorID   int64              `json:"actor_id,omitempty"` // with the units under it
	Category  IncidentCategory   `json:"category,omitempty"`
	Status    VerificationStatus `json:"status,omitempty"`
	From      Date               `json:"from,omitzero"`
	To        Date               `json:"to,omitzero"`
	By        TrendBy            `json:"by,omitempty"` // category when empty
}

// Validate reports an unknown breakdown, category or status, or dates in
// the wrong order.
func (f *TrendFilter) Validate() error {
	e := FieldErrors{}
	if f.ProgramID < 0 || f.ActorID < 0 {
		e.Add("program_id", "ids must be positive")
	}
	checkCountryRef(e, "country", f.Country, false)
	oneOf(e, "by", f.By, TrendBys, false)
	oneOf(e, "category", f.Category, IncidentCategories, false)
	oneOf(e, "status", f.Status, VerificationStatuses, false)
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		e.Add("to", fmt.Sprintf("%s is before from %s", f.To, f.From))
	}
	return e.Err("trend filter")
}

// TrendBucket is one month and one key of a trend: how many incidents and
// how many people they killed and injured (sums of the estimates), with the
// filter that lists the incidents behind the figures.
type TrendBucket struct {
	Month     string         `json:"month"` // YYYY-MM
	Key       string         `json:"key"`   // the category, admin1 or actor id
	Incidents int            `json:"incidents"`
	Killed    Estimate       `json:"killed"`
	Injured   Estimate       `json:"injured"`
	Filter    IncidentFilter `json:"filter"`
}

// Reporter is who reported an incident through the civil-society intake
// form, and how they know. Every field is optional. It is stored sealed
// (encrypted) and only analysts and administrators may read it.
type Reporter struct {
	Name         string `json:"name,omitempty"`
	Organization string `json:"organization,omitempty"`
	Email        string `json:"email,omitempty"`
	Phone        string `json:"phone,omitempty"`
	Notes        string `json:"notes,omitempty"` // how and when it is safe to call back
	// HowKnown is the reporter's account of how they know (saw it, a
	// victim told them): it may name the reporter or a victim, so it is
	// sealed with the contact details rather than kept as a source.
	HowKnown string `json:"how_known,omitempty"`
}

// Validate bounds the reporter's fields.
func (r *Reporter) Validate() error {
	f := FieldErrors{}
	checkLine(f, "reporter.name", r.Name, MaxNameLen, false)
	checkLine(f, "reporter.organization", r.Organization, MaxNameLen, false)
	checkLine(f, "reporter.email", r.Email, MaxNameLen, false)
	checkLine(f, "reporter.phone", r.Phone, 100, false)
	checkText(f, "reporter.notes", r.Notes, 2000, false)
	checkText(f, "how_known", r.HowKnown, MaxTextLen, false)
	return f.Err("reporter")
}

// Empty reports whether the reporter gave no contact details at all.
func (r *Reporter) Empty() bool { return *r == Reporter{} }

// IncidentAnalysis reads incidents in aggregate and keeps the warnings their
// verification raises.
type IncidentAnalysis interface {
	// IncidentTrends counts incidents and casualties by month and f.By.
	IncidentTrends(ctx context.Context, f TrendFilter) ([]*TrendBucket, error)
	// FindWarnings lists warnings, newest first.
	FindWarnings(ctx context.Context, f WarningFilter) ([]*Warning, string, error)
	// CredibleIncidents returns the credible and confirmed incidents that
	// name the unit, or a unit under it, as a perpetrator: what vetting
	// must weigh for the unit.
	CredibleIncidents(ctx context.Context, actorID int64) ([]*Incident, error)
}

// IntakeService takes incident reports from the public and keeps their
// reporters' sealed contact details apart from the incident.
type IntakeService interface {
	// SubmitIncident stores a report from anyone, signed in or not, as a
	// reported, internal incident. seal, when not nil, returns the
	// reporter's contact details sealed for the new incident's id; the
	// store keeps them in the same transaction.
	SubmitIncident(ctx context.Context, i *Incident, seal func(incidentID int64) ([]byte, error)) error
	// IncidentReporter returns the sealed contact details of an incident's
	// reporter, to analysts and administrators only.
	IncidentReporter(ctx context.Context, incidentID int64) ([]byte, error)
}
