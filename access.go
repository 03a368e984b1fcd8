package custos

import (
	"context"
	"fmt"
)

// Releasability says who may see a record. Every record carries one, and the
// store refuses to return a record above the caller's clearance.
type Releasability int

// Releasability levels, lowest first.
const (
	Public     Releasability = 1 // anyone, including the public portal
	Internal   Releasability = 2 // signed-in staff of the program
	Restricted Releasability = 3 // named roles: personal data, vetting subjects
	Protected  Releasability = 4 // the most sensitive: derogatory sources, reporter identities
)

var releasabilityNames = map[Releasability]string{
	Public: "public", Internal: "internal", Restricted: "restricted", Protected: "protected",
}

// Releasabilities lists the levels, lowest first.
func Releasabilities() []Releasability {
	return []Releasability{Public, Internal, Restricted, Protected}
}

// String returns the level's name.
func (r Releasability) String() string {
	if s, ok := releasabilityNames[r]; ok {
		return s
	}
	return fmt.Sprintf("releasability(%d)", int(r))
}

// Valid reports whether r is one of the four levels.
func (r Releasability) Valid() bool { _, ok := releasabilityNames[r]; return ok }

// MarshalText encodes the level by name; the zero value (not yet set, so
// the record's default applies) encodes as "".
func (r Releasability) MarshalText() ([]byte, error) {
	if r == 0 {
		return []byte{}, nil
	}
	if !r.Valid() {
		return nil, fmt.Errorf("invalid releasability %d", int(r))
	}
	return []byte(r.String()), nil
}

// UnmarshalText decodes a level name; "" leaves the level unset.
func (r *Releasability) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*r = 0
		return nil
	}
	v, err := ParseReleasability(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// ParseReleasability parses a level name.
func ParseReleasability(s string) (Releasability, error) {
	for k, v := range releasabilityNames {
		if v == s {
			return k, nil
		}
	}
	return 0, &Error{Kind: EINVALID, Message: fmt.Sprintf("unknown releasability %q (want public, internal, restricted or protected)", s)}
}

// Role is what a user does in Custos; it sets the user's clearance and what
// the user may change.
type Role string

// Roles.
const (
	RoleAdmin   Role = "admin"
	RolePlanner Role = "planner"
	RoleVetter  Role = "vetter"
	RoleAnalyst Role = "analyst"
	RolePartner Role = "partner" // a civil-society partner
	RoleViewer  Role = "viewer"
	// RolePublic is the role of an anonymous visitor. It is never assigned to
	// a user.
	RolePublic Role = "public"
)

// Roles lists every role.
func Roles() []Role {
	return []Role{RoleAdmin, RolePlanner, RoleVetter, RoleAnalyst, RolePartner, RoleViewer}
}

// Valid reports whether r is a role a user can hold.
func (r Role) Valid() bool {
	for _, x := range Roles() {
		if x == r {
			return true
		}
	}
	return false
}

// Clearance returns the highest releasability the role may read.
// Civil-society partners are outside government and see public records only;
// viewers (oversight staff) see internal records; planners need the names of
// the people they plan for (restricted); vetters and analysts work with
// derogatory information and sources (protected).
func (r Role) Clearance() Releasability {
	switch r {
	case RoleAdmin, RoleVetter, RoleAnalyst:
		return Protected
	case RolePlanner:
		return Restricted
	case RoleViewer:
		return Internal
	case RolePartner, RolePublic:
		return Public
	}
	return 0
}

// Action is what a caller does to a record.
type Action string

// Actions.
const (
	ActionRead   Action = "read"
	ActionCreate Action = "create"
	ActionUpdate Action = "update"
	ActionDelete Action = "delete"
	// ActionImport records a bulk import in the audit trail: one entry per
	// file, naming the dataset, the file's SHA-256 and what it created or
	// updated, rather than one entry per row.
	ActionImport Action = "import"
)

// Entity names, used in permissions, the audit trail and the API.
const (
	EntityCountry      = "country"
	EntityActor        = "actor"
	EntityPerson       = "person"
	EntityOrganization = "organization"
	EntityAuthority    = "authority"
	EntityProgram      = "program"
	EntityActivity     = "activity"
	EntityUser         = "user"
	EntityToken        = "token"
	EntityAudit        = "audit"

	EntityIncident = "incident"
	// EntityReporter is who reported an incident through the public form:
	// readable by analysts and administrators only, whatever a role's
	// clearance, because civil-society identities are the most sensitive
	// data Custos holds.
	EntityReporter = "reporter"

	EntityResult            = "result"
	EntityIndicator         = "indicator"
	EntityMeasurement       = "measurement"
	EntityCondition         = "condition"
	EntityConditionDecision = "condition_decision"

	EntityVetting = "vetting"

	// EntityConsultation is a civil-society consultation with its feedback
	// and the program's responses; EntityConsultee is who was consulted
	// and who raised each piece of feedback (see Consultation.Redact).
	EntityConsultation = "consultation"
	EntityConsultee    = "consultee"
	// EntityFeedback is a piece of feedback a civil-society partner puts on
	// the record of a consultation themselves (see
	// ConsultationFeedbackService): the one write open to partners.
	EntityFeedback = "consultation_feedback"
)

// writers lists, per entity, the roles that may create, update and delete.
var writers = map[string][]Role{
	EntityCountry:      {RoleAdmin, RolePlanner},
	EntityActor:        {RoleAdmin, RolePlanner, RoleVetter, RoleAnalyst},
	EntityPerson:       {RoleAdmin, RolePlanner, RoleVetter, RoleAnalyst},
	EntityOrganization: {RoleAdmin, RolePlanner},
	EntityAuthority:    {RoleAdmin, RolePlanner},
	EntityProgram:      {RoleAdmin, RolePlanner},
	EntityActivity:     {RoleAdmin, RolePlanner},
	EntityUser:         {RoleAdmin},
	EntityToken:        {RoleAdmin},

	EntityIncident: {RoleAdmin, RoleAnalyst},
	EntityReporter: {RoleAdmin, RoleAnalyst},

	EntityResult:            {RoleAdmin, RolePlanner, RoleAnalyst},
	EntityIndicator:         {RoleAdmin, RolePlanner, RoleAnalyst},
	EntityMeasurement:       {RoleAdmin, RolePlanner, RoleAnalyst},
	EntityCondition:         {RoleAdmin, RolePlanner, RoleAnalyst},
	EntityConditionDecision: {RoleAdmin, RolePlanner},

	EntityVetting: {RoleAdmin, RoleVetter},

	// Consultations are the program's own account of what it heard and how
	// it answered: recorded by the staff who run them. Partners read them
	// (public ones) but do not write them, so that no organization can
	// change the record of another's feedback.
	EntityConsultation: {RoleAdmin, RolePlanner, RoleAnalyst},
	EntityConsultee:    {RoleAdmin, RolePlanner, RoleAnalyst},
	// A partner creates feedback in their own name, and only that: one item
	// appended, pending, to a consultation they can read. Staff record the
	// feedback they hear, and answer it, through the consultation.
	EntityFeedback: {RolePartner},
}

// readers limits reading of entities that are not open to every role.
var readers = map[string][]Role{
	EntityUser:     {RoleAdmin},
	EntityToken:    {RoleAdmin},
	EntityAudit:    {RoleAdmin},
	EntityReporter: {RoleAdmin, RoleAnalyst},
	// Vetting records name the persons and units screened and the
	// derogatory information found: vetters, and administrators, only.
	EntityVetting: {RoleAdmin, RoleVetter},
	// Organizations that asked not to be named, and who raised each piece
	// of feedback: those who run consultations, whatever another role's
	// clearance.
	EntityConsultee: {RoleAdmin, RolePlanner, RoleAnalyst},
}

// Can reports whether role may perform action on entity. Releasability is a
// separate, per-record check made by the store.
func Can(role Role, action Action, entity string) bool {
	list, limited := readers[entity]
	if action != ActionRead {
		list, limited = writers[entity], true
	}
	if !limited {
		return role.Valid() || role == RolePublic
	}
	for _, r := range list {
		if r == role {
			return true
		}
	}
	return false
}

// Principal is the caller on whose behalf a request runs.
type Principal struct {
	UserID int64
	Name   string
	Role   Role
	// Via says how the caller authenticated: "session", "token", "cli", or
	// "public" for an anonymous visitor.
	Via string
}

// Clearance returns the highest releasability the principal may read.
func (p Principal) Clearance() Releasability { return p.Role.Clearance() }

// Anonymous is the principal of a visitor who has not signed in: public
// records only, no changes.
var Anonymous = Principal{Name: "anonymous", Role: RolePublic, Via: "public"}

// System is the principal of an operator at the command line, who has the
// store's file or database credentials and so every right.
var System = Principal{Name: "system", Role: RoleAdmin, Via: "cli"}

type principalKey struct{}

// WithPrincipal returns a context carrying p.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFrom returns the principal in ctx and whether there was one.
func PrincipalFrom(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(Principal)
	return p, ok
}

// Authorize returns the principal in ctx if it may perform action on entity,
// and an EUNAUTHORIZED or EFORBIDDEN error otherwise. Stores call it first in
// every method, so that no path reaches data without a checked caller.
func Authorize(ctx context.Context, action Action, entity string) (Principal, error) {
	p, ok := PrincipalFrom(ctx)
	if !ok || !(p.Role.Valid() || p.Role == RolePublic) {
		return Principal{}, Errorf(EUNAUTHORIZED, "sign in to %s %s records", action, entity)
	}
	if !Can(p.Role, action, entity) && p.Role == RolePublic {
		return Principal{}, Errorf(EUNAUTHORIZED, "sign in to %s %s records", action, entity)
	}
	if !Can(p.Role, action, entity) {
		return Principal{}, Errorf(EFORBIDDEN, "the %s role may not %s %s records", p.Role, action, entity)
	}
	return p, nil
}
