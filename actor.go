package custos

import (
	"context"
	"fmt"
	"time"
)

// ActorCategory is the top level of the security-sector taxonomy of the
// State/DoD/USAID guidance on security sector reform.
type ActorCategory string

// Actor categories.
const (
	StateSecurityProvider ActorCategory = "state_security_provider"
	ManagementOversight   ActorCategory = "management_oversight"
	CivilSociety          ActorCategory = "civil_society"
	NonStateProvider      ActorCategory = "non_state_provider"
	// Unclassified holds actors created by an import from a name alone
	// (a recipient unit in a training report, say) until an analyst places
	// them in the taxonomy. Custos never guesses a kind silently.
	Unclassified ActorCategory = "unclassified"
)

// ActorKind is the sub-kind of an actor (army, police, ministry, NGO...).
// Each kind belongs to exactly one category.
type ActorKind string

// ActorKinds lists every kind with its category and a label for people.
var ActorKinds = []struct {
	Kind     ActorKind
	Category ActorCategory
	Label    string
}{
	{"army", StateSecurityProvider, "Army"},
	{"navy", StateSecurityProvider, "Navy"},
	{"air_force", StateSecurityProvider, "Air force"},
	{"marines", StateSecurityProvider, "Marines / naval infantry"},
	{"special_forces", StateSecurityProvider, "Special forces"},
	{"joint_command", StateSecurityProvider, "Joint or general staff, joint command"},
	{"police", StateSecurityProvider, "Police"},
	{"gendarmerie", StateSecurityProvider, "Gendarmerie"},
	{"paramilitary", StateSecurityProvider, "Paramilitary force"},
	{"intelligence", StateSecurityProvider, "Intelligence service"},
	{"border_guard", StateSecurityProvider, "Border guard"},
	{"coast_guard", StateSecurityProvider, "Coast guard"},
	{"customs", StateSecurityProvider, "Customs"},
	{"presidential_guard", StateSecurityProvider, "Presidential guard"},
	{"government_militia", StateSecurityProvider, "Militia under government control"},
	{"corrections", StateSecurityProvider, "Corrections / prison service"},
	{"military_school", StateSecurityProvider, "Military or police school"},
	{"executive", ManagementOversight, "Executive (presidency, prime minister)"},
	{"national_security_council", ManagementOversight, "National security council"},
	{"ministry_defence", ManagementOversight, "Ministry of defence"},
	{"ministry_interior", ManagementOversight, "Ministry of interior"},
	{"ministry_justice", ManagementOversight, "Ministry of justice"},
	{"ministry_finance", ManagementOversight, "Ministry of finance"},
	{"ministry_other", ManagementOversight, "Other ministry"},
	{"legislature", ManagementOversight, "Legislature"},
	{"legislative_committee", ManagementOversight, "Legislative committee"},
	{"judiciary", ManagementOversight, "Judiciary, courts, prosecutors"},
	{"audit_office", ManagementOversight, "Audit office"},
	{"ombudsman", ManagementOversight, "Ombudsman"},
	{"complaints_commission", ManagementOversight, "Complaints commission"},
	{"ngo", CivilSociety, "Non-governmental organization"},
	{"media", CivilSociety, "Media"},
	{"think_tank", CivilSociety, "Think tank"},
	{"university", CivilSociety, "University, research institute"},
	{"human_rights_commission", CivilSociety, "Human rights commission"},
	{"community_organization", CivilSociety, "Community, faith or professional organization"},
	{"traditional_justice", NonStateProvider, "Traditional or customary justice"},
	{"community_watch", NonStateProvider, "Community watch"},
	{"private_security", NonStateProvider, "Private security company"},
	{"non_state_armed_group", NonStateProvider, "Non-state armed group"},
	{"militia", NonStateProvider, "Militia outside government control"},
	{"unclassified", Unclassified, "Not yet classified (imported)"},
}

// Category returns the category of the kind, or "" for an unknown kind.
func (k ActorKind) Category() ActorCategory {
	for _, x := range ActorKinds {
		if x.Kind == k {
			return x.Category
		}
	}
	return ""
}

// Echelon is the level of a unit in its hierarchy; it helps vetting compare
// units ("3rd battalion" against "3rd brigade").
type Echelon string

// Echelons, largest first.
var Echelons = []Echelon{"ministry", "service", "command", "corps", "division", "brigade",
	"regiment", "battalion", "company", "platoon", "squad", "region", "district", "station", "office", "other"}

// Actor is a security-sector actor: a unit, an institution or an
// organization of the partner country. Actors nest: a battalion belongs to a
// brigade, to an army, to a ministry.
type Actor struct {
	ID            int64         `json:"id"`
	Country       string        `json:"country"` // ISO 3166-1 alpha-2
	Kind          ActorKind     `json:"kind"`
	Category      ActorCategory `json:"category"` // derived from Kind
	Name          string        `json:"name"`
	Names         []Name        `json:"names,omitempty"` // other names and aliases, any script
	ParentID      int64         `json:"parent_id,omitempty"`
	Echelon       Echelon       `json:"echelon,omitempty"`
	Description   string        `json:"description,omitempty"`
	Source        *SourceRef    `json:"source,omitempty"`
	Releasability Releasability `json:"releasability"`
	CreatedAt     time.Time     `json:"created_at,omitzero"`
	UpdatedAt     time.Time     `json:"updated_at,omitzero"`
}

// Validate reports the first problem with each field. It cannot see cycles in
// the unit tree: the store rejects those.
func (a *Actor) Validate() error {
	f := FieldErrors{}
	checkCountryRef(f, "country", a.Country, true)
	kinds := make([]ActorKind, len(ActorKinds))
	for i, k := range ActorKinds {
		kinds[i] = k.Kind
	}
	oneOf(f, "kind", a.Kind, kinds, true)
	if a.Category != "" && a.Kind.Category() != "" && a.Category != a.Kind.Category() {
		f.Add("category", fmt.Sprintf("is %q for kind %q", a.Kind.Category(), a.Kind))
	}
	checkName(f, "name", a.Name, true)
	checkNames(f, "names", a.Names)
	if a.ParentID < 0 {
		f.Add("parent_id", "must be a positive id")
	}
	if a.ID != 0 && a.ParentID == a.ID {
		f.Add("parent_id", "an actor cannot be its own parent")
	}
	oneOf(f, "echelon", a.Echelon, Echelons, false)
	checkText(f, "description", a.Description, MaxTextLen, false)
	checkSource(f, a.Source)
	checkReleasability(f, a.Releasability)
	return f.Err("actor")
}

// Normalize fills derived fields and defaults.
func (a *Actor) Normalize() {
	a.Category = a.Kind.Category()
	if a.Releasability == 0 {
		a.Releasability = Internal
	}
}

// ActorFilter selects actors. Zero fields do not filter.
type ActorFilter struct {
	Country  string        `json:"country,omitempty"`
	Kind     ActorKind     `json:"kind,omitempty"`
	Category ActorCategory `json:"category,omitempty"`
	ParentID int64         `json:"parent_id,omitempty"` // direct children of this actor
	Root     bool          `json:"root,omitempty"`      // only actors without a parent
	Q        string        `json:"q,omitempty"`         // in the name
	Page
}

// ActorService keeps actors.
type ActorService interface {
	FindActors(ctx context.Context, f ActorFilter) ([]*Actor, string, error)
	FindActor(ctx context.Context, id int64) (*Actor, error)
	// ActorAncestors returns the chain of parents of an actor, nearest first,
	// stopping at the first parent the caller may not see.
	ActorAncestors(ctx context.Context, id int64) ([]*Actor, error)
	CreateActor(ctx context.Context, a *Actor) error
	UpdateActor(ctx context.Context, a *Actor) error
	DeleteActor(ctx context.Context, id int64) error
}
