package custos

import (
	"errors"
	"fmt"
	"time"
)

// AlertFilter selects alerts on the status of conditions, newest first:
// one condition's (or every condition the caller may see when
// ConditionID is 0), to one status, raised at or after Since. A client
// that polls asks for the alerts raised since its last look.
type AlertFilter struct {
	ConditionID int64           `json:"condition_id,omitempty"`
	Status      ConditionStatus `json:"status,omitempty"` // the status the condition changed to
	Since       time.Time       `json:"since,omitzero"`   // raised at or after
	Page
}

// Validate checks the status and the page.
func (f AlertFilter) Validate() error {
	fe := FieldErrors{}
	oneOf(fe, "status", f.Status, ConditionStatuses, false)
	var e *Error
	if err := f.Page.Validate(); errors.As(err, &e) {
		for k, v := range e.Fields {
			fe.Add(k, v)
		}
	}
	return fe.Err("alert filter")
}

// ParseSince reads the start of a window of time: a date, YYYY-MM-DD,
// from midnight UTC, or an RFC 3339 time such as 2026-11-21T09:00:00Z.
func ParseSince(s string) (time.Time, error) {
	if d, err := ParseDate(s); err == nil {
		return d.Time(), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil || t.Year() < MinYear || t.Year() > MaxYear {
		return time.Time{}, fmt.Errorf("%q is not a date (YYYY-MM-DD) or a time (RFC 3339, such as 2026-11-21T09:00:00Z) between the years %d and %d", s, MinYear, MaxYear)
	}
	return t.UTC(), nil
}
