package custos

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Leahy vetting: a vetter nominates a unit or a person for an activity or a
// program; Custos screens the nominee against every derogatory record it
// holds (credible incidents' perpetrators and imported lists); a reviewer
// judges each hit; a decision proposed by one vetter takes effect only when a
// second vetter concurs (four eyes), and lapses when it expires. No unit or
// person joins an activity without a decision in force that approves it.

// VettingOutcome is what a vetting decision says.
type VettingOutcome string

// Vetting outcomes. Denied units may be remediated and vetted again;
// suspended stops assistance while information is checked; withdrawn closes
// a nomination the program no longer needs.
const (
	Approved  VettingOutcome = "approved"
	Denied    VettingOutcome = "denied"
	Suspended VettingOutcome = "suspended"
	Withdrawn VettingOutcome = "withdrawn"
)

// VettingOutcomes lists the outcomes.
var VettingOutcomes = []VettingOutcome{Approved, Denied, Suspended, Withdrawn}

// VettingState is where a subject (a unit or person) stands, for the
// interlock and the UI: missing (never nominated), pending (nominated, no
// decision in force yet), approved, denied, suspended, withdrawn, or
// expired (its last decision in force has lapsed).
type VettingState string

// Vetting states.
const (
	VettingMissing VettingState = "missing"
	VettingPending VettingState = "pending"
	VettingExpired VettingState = "expired"
)

// MatchVerdict is a reviewer's judgement of one screening hit.
type MatchVerdict string

// Match verdicts: the nominee and the record are the same unit or person,
// they are different (a false positive, cleared), or the reviewer cannot
// tell yet.
const (
	Same      MatchVerdict = "same"
	Different MatchVerdict = "different"
	Unsure    MatchVerdict = "unsure"
)

// MatchVerdicts lists the verdicts.
var MatchVerdicts = []MatchVerdict{Same, Different, Unsure}

// DefaultVettingYears is how long a decision stays in force when it names no
// expiry: one year, the usual validity of a Leahy vetting.
const DefaultVettingYears = 1

// Nomination puts one unit (ActorID) or one person (PersonID) forward for
// vetting, for an activity or a program. Hits and Decisions are filled by
// the store when one nomination is read.
type Nomination struct {
	ID          int64     `json:"id"`
	ActorID     int64     `json:"actor_id,omitempty"`
	PersonID    int64     `json:"person_id,omitempty"`
	ActivityID  int64     `json:"activity_id,omitempty"`
	ProgramID   int64     `json:"program_id,omitempty"`
	Notes       string    `json:"notes,omitempty"`
	SubjectName string    `json:"subject_name,omitempty"` // the unit's or person's name, filled by the store
	NominatedBy string    `json:"nominated_by,omitempty"`
	UserID      int64     `json:"user_id,omitempty"`
	ScreenedAt  time.Time `json:"screened_at,omitzero"` // the last screening run
	// State is the subject's standing now (see VettingState).
	State     VettingState       `json:"state,omitempty"`
	Hits      []*VettingHit      `json:"hits,omitempty"`
	Decisions []*VettingDecision `json:"decisions,omitempty"`
	// Reviews are the review flags, open or not, on the nomination's
	// decisions (see VettingReview), filled when one nomination is read.
	Reviews   []*VettingReview `json:"reviews,omitempty"`
	CreatedAt time.Time        `json:"created_at,omitzero"`
}

// Validate reports the first problem with each field.
func (n *Nomination) Validate() error {
	f := FieldErrors{}
	switch {
	case n.ActorID < 0:
		f.Add("actor_id", "must be a positive id")
	case n.PersonID < 0:
		f.Add("person_id", "must be a positive id")
	case n.ActorID == 0 && n.PersonID == 0:
		f.Add("actor_id", "give the unit (actor_id) or the person (person_id) to vet")
	case n.ActorID > 0 && n.PersonID > 0:
		f.Add("person_id", "nominate a unit or a person, not both: nominate each on its own")
	}
	if n.ActivityID < 0 {
		f.Add("activity_id", "must be a positive id")
	}
	if n.ProgramID < 0 {
		f.Add("program_id", "must be a positive id")
	}
	if n.ActivityID == 0 && n.ProgramID == 0 {
		f.Add("program_id", "give the activity (activity_id) or the program (program_id) the nominee is put forward for")
	}
	checkText(f, "notes", n.Notes, MaxTextLen, false)
	return f.Err("nomination")
}

// Subject names the nominee in messages: "unit 12" or "person 7".
func (n *Nomination) Subject() string {
	if n.ActorID > 0 {
		return fmt.Sprintf("unit %d", n.ActorID)
	}
	return fmt.Sprintf("person %d", n.PersonID)
}

// VettingHit is one derogatory record found for a nominee by screening,
// with the engine's score, band and explanation, and the reviewer's
// judgement once made.
type VettingHit struct {
	ID           int64    `json:"id"`
	NominationID int64    `json:"nomination_id"`
	RecordID     string   `json:"record_id"` // "list:17", "incident:4:actor:9"...
	Source       string   `json:"source"`    // the list's name, or "incident"
	RecordName   string   `json:"record_name"`
	RecordHash   string   `json:"record_hash"` // of the record as screened
	Score        float64  `json:"score"`
	Band         string   `json:"band"` // strong, review, weak; direct for a stored link
	Relation     string   `json:"relation,omitempty"`
	Path         []string `json:"path,omitempty"` // through the unit tree
	Explanation  string   `json:"explanation"`
	// Detail is the engine's full explanation, as JSON.
	Detail    json.RawMessage `json:"detail,omitempty"`
	Judgement *MatchJudgement `json:"judgement,omitempty"`
}

// MatchJudgement is a reviewer's verdict on a hit. It holds the hash of the
// record judged, so that a cleared false positive is raised again when the
// record behind it changes.
type MatchJudgement struct {
	ID         int64        `json:"id"`
	HitID      int64        `json:"hit_id"`
	Verdict    MatchVerdict `json:"verdict"`
	Reason     string       `json:"reason"`
	RecordHash string       `json:"record_hash"`
	By         string       `json:"by"`
	UserID     int64        `json:"user_id,omitempty"`
	At         time.Time    `json:"at"`
}

// Validate reports the first problem with each field.
func (j *MatchJudgement) Validate() error {
	f := FieldErrors{}
	oneOf(f, "verdict", j.Verdict, MatchVerdicts, true)
	checkText(f, "reason", j.Reason, MaxTextLen, true)
	return f.Err("judgement")
}

// VettingDecision decides a nomination. It is proposed by one vetter and is
// in force only once a second, different vetter concurs, until it expires.
type VettingDecision struct {
	ID           int64          `json:"id"`
	NominationID int64          `json:"nomination_id"`
	ActorID      int64          `json:"actor_id,omitempty"`  // the subject, from the nomination
	PersonID     int64          `json:"person_id,omitempty"` // the subject, from the nomination
	Outcome      VettingOutcome `json:"outcome"`
	Reason       string         `json:"reason"`
	// Evidence links the documents the decision rests on: incidents, list
	// entries, reports (URLs or record references such as "incident:4").
	// A denial or a suspension needs at least one.
	Evidence  []string `json:"evidence,omitempty"`
	ExpiresOn Date     `json:"expires_on,omitzero"`
	// Status is proposed until a second vetter concurs, then in_force.
	Status          string            `json:"status"`
	ProposedBy      string            `json:"proposed_by,omitempty"`
	ProposedByID    int64             `json:"proposed_by_id,omitempty"`
	ProposedAt      time.Time         `json:"proposed_at,omitzero"`
	ConcurredBy     string            `json:"concurred_by,omitempty"`
	ConcurredByID   int64             `json:"concurred_by_id,omitempty"`
	ConcurredAt     time.Time         `json:"concurred_at,omitzero"`
	ConcurrenceNote string            `json:"concurrence_note,omitempty"`
	Remediation     []RemediationStep `json:"remediation,omitempty"`
	// Publish puts a denied unit on the public list of barred units. Set
	// with a proposal, it takes effect with the second vetter's
	// concurrence; on a denial in force, a vetter sets or clears it with
	// PublishDecision. A person is never published.
	Publish     bool      `json:"publish,omitempty"`
	PublishedBy string    `json:"published_by,omitempty"` // who last set or cleared Publish in force
	PublishedAt time.Time `json:"published_at,omitzero"`
}

// Decision statuses.
const (
	DecisionProposed = "proposed"
	DecisionInForce  = "in_force"
)

// MaxEvidence bounds the evidence links of one decision.
const MaxEvidence = 100

// Validate reports the first problem with each field.
func (d *VettingDecision) Validate() error {
	f := FieldErrors{}
	if d.NominationID <= 0 {
		f.Add("nomination_id", "is required")
	}
	oneOf(f, "outcome", d.Outcome, VettingOutcomes, true)
	checkText(f, "reason", d.Reason, MaxTextLen, true)
	if len(d.Evidence) > MaxEvidence {
		f.Add("evidence", fmt.Sprintf("has more than %d links", MaxEvidence))
	}
	for i, e := range d.Evidence {
		checkLine(f, fmt.Sprintf("evidence[%d]", i), e, 2000, true)
	}
	if (d.Outcome == Denied || d.Outcome == Suspended) && len(d.Evidence) == 0 {
		f.Add("evidence", fmt.Sprintf("is required: a %s must cite the credible information it rests on (an incident, a list entry or a document)", map[VettingOutcome]string{Denied: "denial", Suspended: "suspension"}[d.Outcome]))
	}
	if !d.ExpiresOn.IsZero() && (d.ExpiresOn.Year < MinYear || d.ExpiresOn.Year > MaxYear) {
		f.Add("expires_on", fmt.Sprintf("year %d is outside %d to %d", d.ExpiresOn.Year, MinYear, MaxYear))
	}
	if d.Publish && d.Outcome != Denied {
		f.Add("publish", "only a denial can be published on the list of barred units")
	}
	return f.Err("decision")
}

// InForce reports whether the decision has been concurred in and has not
// expired on day today (a decision is in force through its expiry day).
func (d *VettingDecision) InForce(today Date) bool {
	return d.Status == DecisionInForce && (d.ExpiresOn.IsZero() || !d.ExpiresOn.Before(today))
}

// RemediationStep is one step a partner took to remedy the violation that
// barred a unit (an investigation, a prosecution, a reform), with its date
// and who recorded it.
type RemediationStep struct {
	ID         int64     `json:"id"`
	DecisionID int64     `json:"decision_id"`
	Date       Date      `json:"date"`
	Step       string    `json:"step"`
	Evidence   string    `json:"evidence,omitempty"`
	By         string    `json:"by,omitempty"`
	UserID     int64     `json:"user_id,omitempty"`
	At         time.Time `json:"at,omitzero"`
}

// Validate reports the first problem with each field.
func (s *RemediationStep) Validate() error {
	f := FieldErrors{}
	if s.DecisionID <= 0 {
		f.Add("decision_id", "is required")
	}
	if s.Date.IsZero() {
		f.Add("date", "is required")
	}
	checkText(f, "step", s.Step, MaxTextLen, true)
	checkLine(f, "evidence", s.Evidence, 2000, false)
	return f.Err("remediation step")
}

// ListEntry is one record of an imported list of derogatory information,
// such as the OFAC SDN list, in the vetting CSV format. Entries are
// protected records: they say who is suspected of what.
type ListEntry struct {
	ID          int64       `json:"id"`
	List        string      `json:"list"`
	Key         string      `json:"key"`  // the row's id in the list
	Kind        string      `json:"kind"` // person or unit
	Name        string      `json:"name"`
	Aliases     []string    `json:"aliases,omitempty"`
	BirthDate   PartialDate `json:"birth_date,omitzero"`
	Gender      string      `json:"gender,omitempty"`
	Nationality string      `json:"nationality,omitempty"`
	Unit        string      `json:"unit,omitempty"`
	ParentUnit  string      `json:"parent_unit,omitempty"`
	Hash        string      `json:"hash"` // of the entry's fields, for judgements
}

// Validate reports the first problem with each field.
func (e *ListEntry) Validate() error {
	f := FieldErrors{}
	checkListName(f, e.List)
	checkLine(f, "key", e.Key, MaxNameLen, true)
	oneOf(f, "kind", e.Kind, []string{"person", "unit"}, true)
	checkLine(f, "name", e.Name, MaxNameLen, true)
	if len(e.Aliases) > MaxNames {
		f.Add("aliases", fmt.Sprintf("has more than %d names", MaxNames))
	}
	for i, a := range e.Aliases {
		checkLine(f, fmt.Sprintf("aliases[%d]", i), a, MaxNameLen, true)
	}
	oneOf(f, "gender", e.Gender, []string{"m", "f"}, false)
	for _, x := range []struct{ field, v string }{{"nationality", e.Nationality}, {"unit", e.Unit}, {"parent_unit", e.ParentUnit}} {
		checkLine(f, x.field, x.v, MaxNameLen, false)
	}
	return f.Err("list entry")
}

// ListImport describes one import of a list, for the audit trail and the
// caller.
type ListImport struct {
	List    string `json:"list"`
	File    string `json:"file"`
	SHA256  string `json:"sha256"`
	Rows    int    `json:"rows"`
	Added   int    `json:"added"`
	Changed int    `json:"changed"`
	Removed int    `json:"removed"` // entries no longer in the list
}

// checkListName accepts a short one-line list name.
func checkListName(f FieldErrors, name string) {
	checkLine(f, "name", name, 100, true)
}

// ValidateListName returns an EINVALID error for a bad list name.
func ValidateListName(name string) error {
	f := FieldErrors{}
	checkListName(f, name)
	return f.Err("list")
}

// ParticipantVetting is the vetting standing of one participant of an
// activity, for the UI: State, the decision in force or last lapsed, and
// its expiry.
type ParticipantVetting struct {
	Field      string       `json:"field"` // "actor_ids[0]", "person_ids[1]"
	ActorID    int64        `json:"actor_id,omitempty"`
	PersonID   int64        `json:"person_id,omitempty"`
	State      VettingState `json:"state"`
	DecisionID int64        `json:"decision_id,omitempty"`
	ExpiresOn  Date         `json:"expires_on,omitzero"`
	// ReviewDue is set while the approval in force is flagged for review
	// (see VettingReview); ReviewIncidents lists the incidents behind the
	// open flags that the caller may see.
	ReviewDue       bool    `json:"review_due,omitempty"`
	ReviewIncidents []int64 `json:"review_incidents,omitempty"`
}

// Cleared reports whether the participant may join an activity, or take
// part in one marked delivered: approved, in force, and not under review.
// A participant already on an activity stays on it while a review is due.
func (p ParticipantVetting) Cleared() bool { return p.State == VettingState(Approved) && !p.ReviewDue }

// Label says the standing in words for the UI: the state, and for an
// approval under review "approved — review due (incident 4 credible)".
func (p ParticipantVetting) Label() string {
	if p.State != VettingState(Approved) || !p.ReviewDue {
		return string(p.State)
	}
	if len(p.ReviewIncidents) == 0 {
		return "approved — review due"
	}
	s := "approved — review due (incident"
	if len(p.ReviewIncidents) > 1 {
		s += "s"
	}
	for i, id := range p.ReviewIncidents {
		if i > 0 {
			s += ","
		}
		s += fmt.Sprintf(" %d", id)
	}
	return s + " credible)"
}

// Problem says in words why a participant may not take part, naming since
// when for an expired vetting.
func (p ParticipantVetting) Problem() string {
	switch p.State {
	case VettingState(Approved):
		if p.ReviewDue {
			return "has a Leahy approval under review after new information: a vetter must resolve the review (a new decision, or the approval stands) before it joins an activity or an activity it takes part in is marked delivered"
		}
		return ""
	case VettingMissing:
		return "has no Leahy vetting: nominate and vet it first"
	case VettingPending:
		return "has a Leahy vetting still pending: it needs a decision and a second vetter's concurrence"
	case VettingExpired:
		since := DateOf(p.ExpiresOn.Time().AddDate(0, 0, 1))
		return fmt.Sprintf("has a Leahy vetting expired since %s (in force through %s): vet it again", since, p.ExpiresOn)
	}
	return fmt.Sprintf("has a Leahy vetting that was %s", p.State)
}

// BarredUnit is one unit on the public list of barred units: denied by a
// decision in force. It holds no personal data, and never a person.
type BarredUnit struct {
	ActorID     int64             `json:"actor_id"`
	Name        string            `json:"name"`
	Country     string            `json:"country"`
	Kind        ActorKind         `json:"kind"`
	DeniedOn    Date              `json:"denied_on"`
	ExpiresOn   Date              `json:"expires_on,omitzero"`
	Remediation []RemediationStep `json:"remediation,omitempty"`
}

// NominationFilter selects nominations. Zero fields do not filter.
type NominationFilter struct {
	ActivityID int64 `json:"activity_id,omitempty"`
	ProgramID  int64 `json:"program_id,omitempty"`
	ActorID    int64 `json:"actor_id,omitempty"`
	PersonID   int64 `json:"person_id,omitempty"`
	// Unscreened selects nominations never screened.
	Unscreened bool `json:"unscreened,omitempty"`
	// Undecided selects nominations without a decision in force: a
	// vetter's queue.
	Undecided bool `json:"undecided,omitempty"`
	Page
}

// ListEntryFilter selects entries of imported lists.
type ListEntryFilter struct {
	List string `json:"list,omitempty"`
	Q    string `json:"q,omitempty"` // in the name
	Page
}

// ScreeningRun reports one screening run: how many nominations were
// screened against how many derogatory records, the hits kept, and the
// hits not raised again because a reviewer cleared them.
type ScreeningRun struct {
	Nominations []int64 `json:"nominations"`
	Records     int     `json:"records"`
	Hits        int     `json:"hits"`
	Cleared     int     `json:"cleared"`
}

// VettingService keeps the Leahy vetting workflow. Every method is limited
// to vetters and administrators, except ActivityVetting (planners see the
// standing of their participants, not its grounds) and BarredUnits (public).
type VettingService interface {
	CreateNomination(ctx context.Context, n *Nomination) error
	FindNominations(ctx context.Context, f NominationFilter) ([]*Nomination, string, error)
	// FindNomination returns a nomination with its hits and decisions.
	FindNomination(ctx context.Context, id int64) (*Nomination, error)
	// ScreenNominations screens the nominations against every derogatory
	// record and replaces their hits; no ids screens every nomination not
	// yet screened.
	ScreenNominations(ctx context.Context, ids []int64) (*ScreeningRun, error)
	JudgeHit(ctx context.Context, j *MatchJudgement) error
	// ProposeDecision records a decision; it is in force only after
	// ConcurDecision by another vetter.
	ProposeDecision(ctx context.Context, d *VettingDecision) error
	ConcurDecision(ctx context.Context, id int64, note string) (*VettingDecision, error)
	FindDecision(ctx context.Context, id int64) (*VettingDecision, error)
	AddRemediationStep(ctx context.Context, s *RemediationStep) error
	// ImportList replaces the entries of the named list with entries, in
	// one transaction and one audit entry.
	ImportList(ctx context.Context, imp *ListImport, entries []*ListEntry) error
	FindListEntries(ctx context.Context, f ListEntryFilter) ([]*ListEntry, string, error)
	// ActivityVetting returns the vetting standing of each participant.
	ActivityVetting(ctx context.Context, activityID int64) ([]ParticipantVetting, error)
	BarredUnits(ctx context.Context) ([]*BarredUnit, error)
}
