package custos

import (
	"context"
	"time"
)

// ActivityKind is the kind of event an activity is.
type ActivityKind string

// Activity kinds.
var ActivityKinds = []ActivityKind{"course", "mobile_training_team", "delivery", "exercise", "seminar", "advising", "construction", "other"}

// ActivityStatus is where an activity is.
type ActivityStatus string

// Activity statuses.
var ActivityStatuses = []ActivityStatus{"planned", "in_progress", "delivered", "cancelled"}

// Activity is one event of a program: a course, a mobile training team, a
// delivery, an exercise, a seminar.
type Activity struct {
	ID            int64          `json:"id"`
	ProgramID     int64          `json:"program_id"`
	Kind          ActivityKind   `json:"kind"`
	Title         string         `json:"title"`
	Start         Date           `json:"start,omitzero"`
	End           Date           `json:"end,omitzero"`
	Location      string         `json:"location,omitempty"`
	Country       string         `json:"country,omitempty"` // where it takes place
	Implementer   string         `json:"implementer,omitempty"`
	ActorIDs      []int64        `json:"actor_ids,omitempty"`  // participating units
	PersonIDs     []int64        `json:"person_ids,omitempty"` // participating persons
	Quantity      int            `json:"quantity,omitempty"`   // students or items
	CostUSD       int64          `json:"cost_usd,omitempty"`
	Status        ActivityStatus `json:"status"`
	Description   string         `json:"description,omitempty"`
	Source        *SourceRef     `json:"source,omitempty"`
	Releasability Releasability  `json:"releasability"`
	CreatedAt     time.Time      `json:"created_at,omitzero"`
	UpdatedAt     time.Time      `json:"updated_at,omitzero"`
}

// Normalize fills defaults.
func (a *Activity) Normalize() {
	if a.Releasability == 0 {
		a.Releasability = Internal
	}
	if a.Status == "" {
		a.Status = "planned"
	}
}

// Validate reports the first problem with each field.
func (a *Activity) Validate() error {
	f := FieldErrors{}
	if a.ProgramID <= 0 {
		f.Add("program_id", "is required")
	}
	oneOf(f, "kind", a.Kind, ActivityKinds, true)
	checkLine(f, "title", a.Title, MaxNameLen, true)
	if !a.Start.IsZero() && !a.End.IsZero() && a.End.Before(a.Start) {
		f.Add("end", "is before start")
	}
	checkLine(f, "location", a.Location, MaxNameLen, false)
	checkCountryRef(f, "country", a.Country, false)
	checkLine(f, "implementer", a.Implementer, MaxNameLen, false)
	checkRefs(f, "actor_ids", a.ActorIDs)
	checkRefs(f, "person_ids", a.PersonIDs)
	if a.Quantity < 0 || a.Quantity > 10_000_000 {
		f.Add("quantity", "must be between 0 and 10,000,000")
	}
	if a.CostUSD < 0 || a.CostUSD > MaxAmountUSD {
		f.Add("cost_usd", "must be between 0 and 1,000,000,000,000")
	}
	oneOf(f, "status", a.Status, ActivityStatuses, true)
	checkText(f, "description", a.Description, MaxTextLen, false)
	checkSource(f, a.Source)
	checkReleasability(f, a.Releasability)
	return f.Err("activity")
}

// ActivityFilter selects activities. Zero fields do not filter.
type ActivityFilter struct {
	ProgramID int64          `json:"program_id,omitempty"`
	Country   string         `json:"country,omitempty"` // of the program
	Kind      ActivityKind   `json:"kind,omitempty"`
	Status    ActivityStatus `json:"status,omitempty"`
	ActorID   int64          `json:"actor_id,omitempty"`  // with this participating unit
	PersonID  int64          `json:"person_id,omitempty"` // with this participating person
	From      Date           `json:"from,omitzero"`       // starting on or after
	To        Date           `json:"to,omitzero"`         // starting on or before
	Q         string         `json:"q,omitempty"`         // in the title
	Page
}

// ActivityService keeps activities.
type ActivityService interface {
	FindActivities(ctx context.Context, f ActivityFilter) ([]*Activity, string, error)
	FindActivity(ctx context.Context, id int64) (*Activity, error)
	CreateActivity(ctx context.Context, a *Activity) error
	UpdateActivity(ctx context.Context, a *Activity) error
	DeleteActivity(ctx context.Context, id int64) error
}
