package custos

import (
	"context"
	"fmt"
	"time"
)

// ConsultationStage is the stage of a program's life a consultation served
// (seed 003: civil society is heard at every stage, not only in planning).
type ConsultationStage string

// Consultation stages, in lifecycle order.
var ConsultationStages = []ConsultationStage{"assessment", "design", "implementation", "monitoring", "evaluation", "close"}

// ConsultationFormat is how civil society was heard.
type ConsultationFormat string

// Consultation formats.
var ConsultationFormats = []ConsultationFormat{"meeting", "workshop", "focus_group", "town_hall", "hearing", "survey", "written_submission", "other"}

// FeedbackKind is what a piece of feedback is.
type FeedbackKind string

// Feedback kinds.
var FeedbackKinds = []FeedbackKind{"concern", "recommendation"}

// FeedbackResponse is what the program did with a piece of feedback. Every
// piece is answered in good faith: incorporated, partly incorporated, or not
// incorporated with the reasons; pending until then.
type FeedbackResponse string

// Feedback responses.
const (
	ResponsePending            FeedbackResponse = "pending"
	ResponseIncorporated       FeedbackResponse = "incorporated"
	ResponsePartlyIncorporated FeedbackResponse = "partly_incorporated"
	ResponseNotIncorporated    FeedbackResponse = "not_incorporated"
)

// FeedbackResponses lists the responses.
var FeedbackResponses = []FeedbackResponse{ResponsePending, ResponseIncorporated, ResponsePartlyIncorporated, ResponseNotIncorporated}

// MaxFeedback bounds the feedback items and the organizations of one
// consultation.
const MaxFeedback = 1000

// Consultee is a civil-society organization consulted. Withheld says the
// organization asked not to be named: only the roles that run
// consultations see it (see Consultation.Redact).
type Consultee struct {
	OrganizationID int64 `json:"organization_id,omitempty"`
	Withheld       bool  `json:"withheld,omitempty"`
}

// Feedback is one concern or recommendation raised in a consultation, with
// the program's response. RaisedBy and RaisedByOrgID say who raised it and
// are protected like the organizations consulted.
type Feedback struct {
	ID            int64            `json:"id,omitempty"`
	Kind          FeedbackKind     `json:"kind"`
	Text          string           `json:"text"`
	RaisedBy      string           `json:"raised_by,omitempty"`
	RaisedByOrgID int64            `json:"raised_by_org_id,omitempty"`
	Response      FeedbackResponse `json:"response"`
	ResponseText  string           `json:"response_text,omitempty"` // what was done, or why not
	RespondedOn   Date             `json:"responded_on,omitzero"`
	// Mine is set by the store on feedback the reader put on the record
	// (see ConsultationFeedbackService); it is never stored.
	Mine bool `json:"mine,omitempty"`
}

// Answered reports whether the program has answered the feedback as of a
// date: a response other than pending, dated on or before it.
func (f *Feedback) Answered(asOf Date) bool {
	return f.Response != ResponsePending && f.Response != "" && !f.RespondedOn.IsZero() && !asOf.Before(f.RespondedOn)
}

// Consultation is one occasion on which civil society was heard about a
// program, or about a country plan (ProgramID or Country, never both).
//
// Who was consulted is the most sensitive data Custos holds after incident
// reporters (do no harm): the store returns a consultation through Redact,
// so that Organizations, RaisedBy and RaisedByOrgID reach only the roles
// allowed to see them, and Place and Notes never reach the public.
type Consultation struct {
	ID             int64              `json:"id"`
	ProgramID      int64              `json:"program_id,omitempty"`
	Country        string             `json:"country,omitempty"` // a country-plan consultation
	Title          string             `json:"title"`
	Date           Date               `json:"date"`
	Stage          ConsultationStage  `json:"stage"`
	Format         ConsultationFormat `json:"format"`
	Place          string             `json:"place,omitempty"`
	OutsideCapital bool               `json:"outside_capital"`
	Organizations  []Consultee        `json:"organizations,omitempty"`
	// OrganizationCount is how many organizations were consulted, set by
	// the store, so that a reader who may not see who they were still
	// sees how many.
	OrganizationCount int `json:"organization_count"`
	// IdentitiesWithheld is set by the store when it left out identities
	// the reader may not see.
	IdentitiesWithheld bool          `json:"identities_withheld,omitempty"`
	Summary            string        `json:"summary"`         // the public summary
	Notes              string        `json:"notes,omitempty"` // internal notes, never public
	Feedback           []Feedback    `json:"feedback,omitempty"`
	Releasability      Releasability `json:"releasability"`
	CreatedAt          time.Time     `json:"created_at,omitzero"`
	UpdatedAt          time.Time     `json:"updated_at,omitzero"`
}

// Normalize fills defaults.
func (c *Consultation) Normalize() {
	if c.Releasability == 0 {
		c.Releasability = Internal
	}
	for i := range c.Feedback {
		if c.Feedback[i].Response == "" {
			c.Feedback[i].Response = ResponsePending
		}
	}
}

// Validate reports the first problem with each field.
func (c *Consultation) Validate() error {
	f := FieldErrors{}
	switch {
	case c.ProgramID < 0:
		f.Add("program_id", "must be a positive id")
	case c.ProgramID == 0 && c.Country == "":
		f.Add("program_id", "a consultation is about a program or a country plan: give program_id or country")
	case c.ProgramID != 0 && c.Country != "":
		f.Add("country", "give program_id or country, not both (a program's country is the program's)")
	}
	checkCountryRef(f, "country", c.Country, false)
	checkLine(f, "title", c.Title, MaxNameLen, true)
	if c.Date.IsZero() {
		f.Add("date", "is required")
	}
	oneOf(f, "stage", c.Stage, ConsultationStages, true)
	oneOf(f, "format", c.Format, ConsultationFormats, true)
	checkLine(f, "place", c.Place, MaxNameLen, false)
	if len(c.Organizations) > MaxFeedback {
		f.Add("organizations", fmt.Sprintf("has more than %d entries", MaxFeedback))
	}
	seen := map[int64]bool{}
	for i, o := range c.Organizations {
		field := fmt.Sprintf("organizations[%d].organization_id", i)
		switch {
		case o.OrganizationID <= 0:
			f.Add(field, "must be a positive id")
		case seen[o.OrganizationID]:
			f.Add(field, fmt.Sprintf("repeats organization %d", o.OrganizationID))
		}
		seen[o.OrganizationID] = true
	}
	checkText(f, "summary", c.Summary, MaxTextLen, true)
	checkText(f, "notes", c.Notes, MaxTextLen, false)
	if len(c.Feedback) > MaxFeedback {
		f.Add("feedback", fmt.Sprintf("has more than %d items", MaxFeedback))
	}
	ids := map[int64]bool{}
	for i := range c.Feedback {
		c.Feedback[i].validate(f, fmt.Sprintf("feedback[%d]", i), c.Date)
		if id := c.Feedback[i].ID; id != 0 {
			if ids[id] {
				f.Add(fmt.Sprintf("feedback[%d].id", i), fmt.Sprintf("repeats feedback %d", id))
			}
			ids[id] = true
		}
	}
	checkReleasability(f, c.Releasability)
	return f.Err("consultation")
}

func (fb *Feedback) validate(f FieldErrors, p string, held Date) {
	if fb.ID < 0 {
		f.Add(p+".id", "must be a positive id")
	}
	oneOf(f, p+".kind", fb.Kind, FeedbackKinds, true)
	checkText(f, p+".text", fb.Text, MaxTextLen, true)
	checkLine(f, p+".raised_by", fb.RaisedBy, MaxNameLen, false)
	if fb.RaisedByOrgID < 0 {
		f.Add(p+".raised_by_org_id", "must be a positive id")
	}
	oneOf(f, p+".response", fb.Response, FeedbackResponses, true)
	checkText(f, p+".response_text", fb.ResponseText, MaxTextLen, false)
	switch {
	case fb.Response == ResponsePending && !fb.RespondedOn.IsZero():
		f.Add(p+".responded_on", "must be empty while the response is pending")
	case fb.Response != ResponsePending && fb.Response != "" && fb.RespondedOn.IsZero():
		f.Add(p+".responded_on", "is required once the feedback is answered")
	case !fb.RespondedOn.IsZero() && !held.IsZero() && fb.RespondedOn.Before(held):
		f.Add(p+".responded_on", fmt.Sprintf("%s is before the consultation (%s)", fb.RespondedOn, held))
	}
	if (fb.Response == ResponseNotIncorporated || fb.Response == ResponsePartlyIncorporated) && len(fb.ResponseText) == 0 {
		f.Add(p+".response_text", "give the reasons when feedback is not, or only partly, incorporated")
	}
}

// CanSeeConsultees reports whether a role may see which organizations were
// consulted when they agreed to be named: signed-in staff and oversight
// (internal clearance and above). Civil-society partners and the public see
// only how many: naming the organizations that met a donor can expose them
// in a restrictive country.
func CanSeeConsultees(r Role) bool { return r.Clearance() >= Internal }

// CanSeeWithheldConsultees reports whether a role may see the organizations
// that asked not to be named and who raised each piece of feedback: the
// roles that run consultations and answer feedback (administrators,
// planners, analysts), whatever another role's clearance.
func CanSeeWithheldConsultees(r Role) bool { return Can(r, ActionRead, EntityConsultee) }

// Redact removes from c what a reader of role r may not see:
//   - the public (partners and anonymous visitors) sees the date, stage,
//     format, whether it was outside the capital, the public summary, how
//     many organizations were consulted and the feedback with its responses,
//     but not the place, the internal notes or any organization;
//   - staff and oversight also see the place, the notes and the organizations
//     that agreed to be named;
//   - only administrators, planners and analysts see organizations that asked
//     not to be named and who raised each piece of feedback.
//
// It sets OrganizationCount and IdentitiesWithheld.
func (c *Consultation) Redact(r Role) {
	c.OrganizationCount = len(c.Organizations)
	c.IdentitiesWithheld = false
	if CanSeeWithheldConsultees(r) {
		return
	}
	kept := c.Organizations[:0:0]
	for _, o := range c.Organizations {
		if CanSeeConsultees(r) && !o.Withheld {
			kept = append(kept, o)
		}
	}
	if len(kept) == 0 {
		kept = nil
	}
	c.IdentitiesWithheld = len(kept) < c.OrganizationCount
	c.Organizations = kept
	fb := make([]Feedback, len(c.Feedback))
	for i, x := range c.Feedback {
		if x.RaisedBy != "" || x.RaisedByOrgID != 0 {
			c.IdentitiesWithheld = true
		}
		x.RaisedBy, x.RaisedByOrgID = "", 0
		fb[i] = x
	}
	if len(fb) == 0 {
		fb = nil
	}
	c.Feedback = fb
	if !CanSeeConsultees(r) {
		c.Place, c.Notes = "", ""
	}
}

// ConsultationFilter selects consultations. Zero fields do not filter.
type ConsultationFilter struct {
	ProgramID      int64              `json:"program_id,omitempty"`
	Country        string             `json:"country,omitempty"` // of the program, or of the country plan
	Stage          ConsultationStage  `json:"stage,omitempty"`
	Format         ConsultationFormat `json:"format,omitempty"`
	OrganizationID int64              `json:"organization_id,omitempty"` // consulted, among those the reader may see
	From           Date               `json:"from,omitzero"`             // held on or after
	To             Date               `json:"to,omitzero"`               // held on or before
	Q              string             `json:"q,omitempty"`               // in the title
	Page
}

// ConsultationService keeps civil-society consultations.
type ConsultationService interface {
	FindConsultations(ctx context.Context, f ConsultationFilter) ([]*Consultation, string, error)
	FindConsultation(ctx context.Context, id int64) (*Consultation, error)
	CreateConsultation(ctx context.Context, c *Consultation) error
	UpdateConsultation(ctx context.Context, c *Consultation) error
	DeleteConsultation(ctx context.Context, id int64) error
}

// ValidateSubmission reports the problems with feedback a civil-society
// partner puts on the record of a consultation: a kind and a text, and
// nothing that belongs to someone else. Who raised it is set by the store
// from the signed-in partner, and the response is the program's to write,
// so those fields must be left out; the errors name them.
func (fb *Feedback) ValidateSubmission() error {
	f := FieldErrors{}
	oneOf(f, "kind", fb.Kind, FeedbackKinds, true)
	checkText(f, "text", fb.Text, MaxTextLen, true)
	if fb.ID != 0 {
		f.Add("id", "is given by the store; leave it out")
	}
	if fb.RaisedBy != "" || fb.RaisedByOrgID != 0 {
		field := "raised_by"
		if fb.RaisedBy == "" {
			field = "raised_by_org_id"
		}
		f.Add(field, "is recorded from your sign-in; leave it out")
	}
	if fb.Response != "" && fb.Response != ResponsePending {
		f.Add("response", "is the program's to give; new feedback is pending until it answers")
	}
	if fb.ResponseText != "" {
		f.Add("response_text", "is the program's to give; leave it out")
	}
	if !fb.RespondedOn.IsZero() {
		f.Add("responded_on", "is set when the program answers; leave it out")
	}
	return f.Err("feedback")
}

// SubmittedFeedback is a piece of feedback a civil-society partner put on
// the record, with the consultation it belongs to and the program's
// response: what the partner sees on "My feedback". Who raised it is not
// repeated (it is the reader).
type SubmittedFeedback struct {
	ConsultationID    int64             `json:"consultation_id"`
	ConsultationTitle string            `json:"consultation_title"`
	ConsultationDate  Date              `json:"consultation_date"`
	ProgramID         int64             `json:"program_id,omitempty"`
	Country           string            `json:"country,omitempty"`
	Stage             ConsultationStage `json:"stage"`
	Feedback          Feedback          `json:"feedback"`
	SubmittedAt       time.Time         `json:"submitted_at,omitzero"`
}

// OwnFeedbackFilter selects the caller's own feedback. Zero fields do not
// filter.
type OwnFeedbackFilter struct {
	Response FeedbackResponse `json:"response,omitempty"`
	Page
}

// ConsultationFeedbackService lets a civil-society partner put feedback on
// the record of a public consultation and follow the program's answers.
type ConsultationFeedbackService interface {
	// AddConsultationFeedback appends one pending piece of feedback, raised
	// by the caller, to a consultation the caller may read, and sets its id.
	AddConsultationFeedback(ctx context.Context, consultationID int64, fb *Feedback) error
	// FindOwnFeedback lists the feedback the caller put on the record, with
	// the program's responses, oldest first.
	FindOwnFeedback(ctx context.Context, f OwnFeedbackFilter) ([]*SubmittedFeedback, string, error)
}
