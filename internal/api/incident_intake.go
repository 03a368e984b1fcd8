package api

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/incident"
)

// IntakeMaxBytes bounds an intake submission: a report is a few paragraphs,
// and a small bound keeps an anonymous endpoint cheap to serve.
const IntakeMaxBytes = 32 << 10

// MaxIntakePerpetrators bounds the names in one submission.
const MaxIntakePerpetrators = 20

// Intake rate limits, per client address (see intakeAddr). Only accepted
// reports count toward IntakeBurst at once, then one more every
// IntakeEvery, so that a reporter who gets a date wrong, or whose report the
// server cannot take, loses nothing. Refused attempts (a missing answer,
// a bad date, a body too large, JSON that does not parse) count apart,
// toward IntakeFailBurst at once, then one more every IntakeFailEvery: four
// times the burst and four times the rate of accepted reports leave room
// for many honest mistakes, while bounding what an anonymous client can
// make the server parse, validate and refuse. Attempts that fail by the
// server's fault count toward neither. Signed-in callers are accountable
// through their account and are not limited.
const (
	IntakeBurst     = 5
	IntakeEvery     = 2 * time.Minute
	IntakeFailBurst = 20
	IntakeFailEvery = 30 * time.Second
)

// intakeRequest is what a member of the public may report. Everything a
// reporter cannot know or must not set (status, releasability, links to
// records, source grades) is absent.
type intakeRequest struct {
	Title         string                  `json:"title"`
	Description   string                  `json:"description,omitempty"`
	Category      custos.IncidentCategory `json:"category"`
	Date          custos.Date             `json:"date"`
	DateEnd       custos.Date             `json:"date_end,omitzero"`
	DatePrecision custos.DatePrecision    `json:"date_precision,omitempty"`
	Place         custos.Place            `json:"place"`
	// CoarsenLocation asks that no detail finer than this be kept, so that
	// the report cannot lead back to the reporter.
	CoarsenLocation custos.LocationPrecision `json:"coarsen_location,omitempty"`
	Perpetrators    []string                 `json:"perpetrators,omitempty"` // names, as the reporter knows them
	Victims         custos.Victims           `json:"victims"`
	// HowKnown says how the reporter knows: witnessed, told by a victim...
	// It is sealed with the reporter's contact details.
	HowKnown string           `json:"how_known,omitempty"`
	Reporter *custos.Reporter `json:"reporter,omitempty"`
}

// intakeResponse acknowledges a submission without returning the stored
// incident, which the submitter may not read.
type intakeResponse struct {
	ID      int64  `json:"id"`
	Message string `json:"message"`
	// Coarsened names the details of the place that were not kept, as the
	// reporter asked: place.location, place.admin3, place.admin2, and
	// place.latitude and place.longitude when dropped or rounded.
	Coarsened []string `json:"coarsened,omitempty"`
}

func (s *Server) handleIntake(w http.ResponseWriter, r *http.Request) error {
	p, _ := custos.PrincipalFrom(r.Context())
	if p.Role != custos.RolePublic {
		return s.intake(w, r)
	}
	addr, now := s.clientAddr(r), time.Now()
	wait := s.intakeFailures.wait(addr, now)
	if wait == 0 {
		// The token is taken before the report is read, so that parallel
		// submissions cannot all pass, and given back if it is refused.
		wait = s.intakeLimit.take(addr, now)
	}
	if wait > 0 {
		secs := int(wait.Seconds()) + 1
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		return writeJSON(w, http.StatusTooManyRequests, errorBody{Error: custos.Error{Kind: "too_many_requests",
			Message: fmt.Sprintf("Too many reports from your address: try again in %d seconds.", secs)}})
	}
	err := s.intake(w, r)
	if err != nil {
		s.intakeLimit.refund(addr)
		if custos.ErrorKind(err) != custos.EINTERNAL {
			s.intakeFailures.take(addr, now)
		}
	}
	return err
}

// intake reads, checks and stores one report.
func (s *Server) intake(w http.ResponseWriter, r *http.Request) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return custos.Errorf(custos.EINVALID, "the request body must be JSON (Content-Type application/json), not %q", ct)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, IntakeMaxBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return custos.Errorf(custos.ETOOLARGE, "a report may be at most %d KB", IntakeMaxBytes>>10)
		}
		return custos.Errorf(custos.EINVALID, "cannot read the request body: %v", err)
	}
	if !utf8.Valid(body) {
		return custos.Errorf(custos.EINVALID, "the request body is not valid UTF-8")
	}
	var req intakeRequest
	if err := decodeStrict(body, &req); err != nil {
		return err
	}
	if len(req.Perpetrators) > MaxIntakePerpetrators {
		return &custos.Error{Kind: custos.EINVALID, Message: "invalid report", Fields: map[string]string{"perpetrators": fmt.Sprintf("name at most %d", MaxIntakePerpetrators)}}
	}
	i := &custos.Incident{Title: req.Title, Description: req.Description, Category: req.Category, Date: req.Date, DateEnd: req.DateEnd,
		DatePrecision: req.DatePrecision, Place: req.Place, CoarsenLocation: req.CoarsenLocation, Victims: req.Victims,
		Sources: []custos.IncidentSource{{Type: "civil_society_intake", Name: "Public report", Date: custos.DateOf(time.Now().UTC())}}}
	for _, name := range req.Perpetrators {
		i.Perpetrators = append(i.Perpetrators, custos.Perpetrator{Name: name})
	}
	// Check the place as given before coarsening drops it: a coordinate
	// out of range is a mistake to report, not a detail to discard.
	exact := *i
	exact.CoarsenLocation = ""
	exact.Normalize()
	if err := exact.Validate(); err != nil {
		return err
	}
	// The contact details and how the reporter knows are sealed together:
	// either may identify the reporter or a victim, so only analysts and
	// administrators may open them.
	var seal func(int64) ([]byte, error)
	var rep custos.Reporter
	if req.Reporter != nil {
		rep = *req.Reporter
	}
	rep.HowKnown = strings.TrimSpace(req.HowKnown)
	if !rep.Empty() {
		if err := rep.Validate(); err != nil {
			return err
		}
		if err := incident.CheckContact(&rep); err != nil {
			return err
		}
		if s.intakeKey == nil {
			field := "reporter"
			if req.Reporter == nil || req.Reporter.Empty() {
				field = "how_known"
			}
			return &custos.Error{Kind: custos.EINVALID, Message: "this server cannot keep contact details safely yet",
				Fields: map[string]string{field: "send the report without contact details or how you know, or ask the operators to set an intake key"}}
		}
		seal = func(id int64) ([]byte, error) { return incident.Seal(s.intakeKey, id, &rep) }
	}
	if err := s.store.SubmitIncident(r.Context(), i, seal); err != nil {
		return err
	}
	ack := intakeResponse{ID: i.ID, Message: "Thank you. Your report was received and will be reviewed."}
	if ack.Coarsened = coarsened(req.Place, i.Place); len(ack.Coarsened) > 0 {
		ack.Message += " As you asked, the place was stored less precisely: " + strings.Join(ack.Coarsened, ", ") + " were not kept as given."
	}
	return writeJSON(w, http.StatusCreated, ack)
}

// coarsened lists the fields of the place given that the stored place lost
// or rounded.
func coarsened(given, stored custos.Place) []string {
	var out []string
	for _, f := range []struct {
		name          string
		given, stored string
	}{{"place.admin1", given.Admin1, stored.Admin1}, {"place.admin2", given.Admin2, stored.Admin2},
		{"place.admin3", given.Admin3, stored.Admin3}, {"place.location", given.Location, stored.Location}} {
		if f.given != "" && f.stored != f.given {
			out = append(out, f.name)
		}
	}
	if given.Latitude != nil && given.Longitude != nil &&
		(stored.Latitude == nil || stored.Longitude == nil || *stored.Latitude != *given.Latitude || *stored.Longitude != *given.Longitude) {
		out = append(out, "place.latitude", "place.longitude")
	}
	return out
}
