package api

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
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

// Intake rate limit: each client address may submit IntakeBurst reports at
// once, then one more every IntakeEvery. Signed-in callers are accountable
// through their account and are not limited.
const (
	IntakeBurst = 5
	IntakeEvery = 2 * time.Minute
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
	HowKnown string           `json:"how_known,omitempty"`
	Reporter *custos.Reporter `json:"reporter,omitempty"`
}

// intakeResponse acknowledges a submission without returning the stored
// incident, which the submitter may not read.
type intakeResponse struct {
	ID      int64  `json:"id"`
	Message string `json:"message"`
}

func (s *Server) handleIntake(w http.ResponseWriter, r *http.Request) error {
	p, _ := custos.PrincipalFrom(r.Context())
	if p.Role == custos.RolePublic {
		if wait := s.intakeLimit.take(clientAddr(r), time.Now()); wait > 0 {
			secs := int(wait.Seconds()) + 1
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			return writeJSON(w, http.StatusTooManyRequests, errorBody{Error: custos.Error{Kind: "too_many_requests",
				Message: fmt.Sprintf("Too many reports from your address: try again in %d seconds.", secs)}})
		}
	}
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
		Sources: []custos.IncidentSource{{Type: "civil_society_intake", Name: "Public report", Date: custos.DateOf(time.Now().UTC()), Reference: req.HowKnown}}}
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
	var seal func(int64) ([]byte, error)
	if req.Reporter != nil && !req.Reporter.Empty() {
		if err := req.Reporter.Validate(); err != nil {
			return err
		}
		if s.intakeKey == nil {
			return &custos.Error{Kind: custos.EINVALID, Message: "this server cannot keep contact details safely yet",
				Fields: map[string]string{"reporter": "send the report without contact details, or ask the operators to set an intake key"}}
		}
		rep := *req.Reporter
		seal = func(id int64) ([]byte, error) { return incident.Seal(s.intakeKey, id, &rep) }
	}
	if err := s.store.SubmitIncident(r.Context(), i, seal); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, intakeResponse{ID: i.ID, Message: "Thank you. Your report was received and will be reviewed."})
}

// rateLimit is a token bucket per client address.
type rateLimit struct {
	mu      sync.Mutex
	burst   float64
	every   time.Duration
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newRateLimit(burst int, every time.Duration) *rateLimit {
	return &rateLimit{burst: float64(burst), every: every, buckets: map[string]*bucket{}}
}

// maxBuckets bounds the addresses remembered; past it, full buckets (those
// that would allow a burst anyway) are forgotten.
const maxBuckets = 100_000

// take spends a token of addr's bucket and returns 0, or returns how long
// until a token is available.
func (l *rateLimit) take(addr string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[addr]
	if b == nil {
		if len(l.buckets) >= maxBuckets {
			l.prune(now)
		}
		if len(l.buckets) >= maxBuckets {
			// Under a flood from many addresses, forget them all rather
			// than grow without bound.
			l.buckets = map[string]*bucket{}
		}
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[addr] = b
	}
	b.tokens = min(l.burst, b.tokens+float64(now.Sub(b.at))/float64(l.every))
	b.at = now
	if b.tokens < 1 {
		return time.Duration((1 - b.tokens) * float64(l.every))
	}
	b.tokens--
	return 0
}

func (l *rateLimit) prune(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+float64(now.Sub(b.at))/float64(l.every) >= l.burst {
			delete(l.buckets, k)
		}
	}
}
