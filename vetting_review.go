package custos

import (
	"context"
	"fmt"
	"time"
)

// VettingReview flags a vetting approval in force for review, when new
// information reaches it after the approval (its Cause): an incident
// naming the subject's unit (the unit itself, a unit above it, or a unit a
// person was a member of at the time) as a perpetrator became credible or
// confirmed; an entry of an imported list matches the subject; a vetter
// judged a hit on the subject "same"; or the subject's record (its names,
// birth date, nationality, parent unit or memberships) was changed, so the
// approval may no longer describe who it names. The approval stays in force for the activities it already
// covers, but the subject joins no new activity, and no activity it takes
// part in is marked delivered, until a vetter resolves the review: by a new
// decision in force for the subject (suspend, deny, withdraw, or a new
// approval after screening, each with four eyes), or by recording that the
// approval stands, with the reason. Discounting or deleting the incident
// clears the flag. Review flags name vetting subjects: vetters and
// administrators only.
type VettingReview struct {
	ID           int64  `json:"id"`
	DecisionID   int64  `json:"decision_id"` // the approval under review
	NominationID int64  `json:"nomination_id"`
	ActorID      int64  `json:"actor_id,omitempty"`  // the subject
	PersonID     int64  `json:"person_id,omitempty"` // the subject
	SubjectName  string `json:"subject_name,omitempty"`
	// Cause says what raised the flag: one of ReviewCauses.
	Cause string `json:"cause"`
	// Record names what raised a flag other than an incident: the list
	// entry or record of the hit ("list:12"), or the subject's record
	// ("actor:5", "person:91").
	Record     string `json:"record,omitempty"`
	IncidentID int64  `json:"incident_id,omitempty"`
	// UnitID is the perpetrator unit the incident names, which is the
	// subject, a unit above it, or the subject's unit.
	UnitID    int64     `json:"unit_id,omitempty"`
	Reason    string    `json:"reason"`
	CreatedAt time.Time `json:"created_at"`
	// ClearedAt is set when the incident is discounted or deleted.
	ClearedAt time.Time `json:"cleared_at,omitzero"`
	// Resolution is "" while open, ReviewStands or ReviewDecision.
	Resolution         string    `json:"resolution,omitempty"`
	ResolutionReason   string    `json:"resolution_reason,omitempty"`
	ResolvedDecisionID int64     `json:"resolved_decision_id,omitempty"` // the new decision, for ReviewDecision
	ResolvedBy         string    `json:"resolved_by,omitempty"`
	ResolvedByID       int64     `json:"resolved_by_id,omitempty"`
	ResolvedAt         time.Time `json:"resolved_at,omitzero"`
}

// Review causes.
const (
	ReviewCauseIncident = "incident"        // an incident became credible or confirmed
	ReviewCauseList     = "list_entry"      // an imported list entry matches the subject
	ReviewCauseJudged   = "judged_same"     // a vetter judged a hit on the subject "same"
	ReviewCauseSubject  = "subject_changed" // the subject's record changed
)

// ReviewCauses lists the causes of review flags.
var ReviewCauses = []string{ReviewCauseIncident, ReviewCauseList, ReviewCauseJudged, ReviewCauseSubject}

// Review resolutions.
const (
	// ReviewStands: a vetter reviewed the information and the approval
	// stands, for the reason given.
	ReviewStands = "approval_stands"
	// ReviewDecision: a new decision for the subject came into force.
	ReviewDecision = "new_decision"
)

// Open reports whether the review is still due: neither resolved nor
// cleared.
func (r *VettingReview) Open() bool { return r.ResolvedAt.IsZero() && r.ClearedAt.IsZero() }

// Subject names the subject in messages: "unit 12" or "person 7".
func (r *VettingReview) Subject() string {
	if r.ActorID > 0 {
		return fmt.Sprintf("unit %d", r.ActorID)
	}
	return fmt.Sprintf("person %d", r.PersonID)
}

// VettingReviewFilter selects review flags. By default only open flags;
// All adds resolved and cleared ones. Zero fields do not filter.
type VettingReviewFilter struct {
	DecisionID   int64 `json:"decision_id,omitempty"`
	NominationID int64 `json:"nomination_id,omitempty"`
	ActorID      int64 `json:"actor_id,omitempty"`
	PersonID     int64 `json:"person_id,omitempty"`
	IncidentID   int64 `json:"incident_id,omitempty"`
	All          bool  `json:"all,omitempty"`
	Page
}

// VettingReviewService keeps review flags: vetters and administrators
// only.
type VettingReviewService interface {
	FindVettingReviews(ctx context.Context, f VettingReviewFilter) ([]*VettingReview, string, error)
	FindVettingReview(ctx context.Context, id int64) (*VettingReview, error)
	// ResolveVettingReview records that a vetter reviewed the information
	// and the approval stands, with the reason. One vetter suffices: the
	// approval itself had four eyes, and changing it is a new decision,
	// which has them again.
	ResolveVettingReview(ctx context.Context, id int64, reason string) (*VettingReview, error)
}

// ValidateReviewReason checks the reason a vetter gives for letting an
// approval under review stand.
func ValidateReviewReason(reason string) error {
	f := FieldErrors{}
	checkText(f, "reason", reason, MaxTextLen, true)
	return f.Err("review resolution")
}
