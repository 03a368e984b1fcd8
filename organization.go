package custos

import (
	"context"
	"time"
)

// OrganizationKind says what part an organization plays in assistance.
type OrganizationKind string

// Organization kinds.
var OrganizationKinds = []OrganizationKind{
	"donor_agency", // a U.S. department or agency that funds or leads (State, DoD, USAID, DoJ...)
	"implementer",  // delivers assistance (DSCA institutes, regional centers, ICITAP...)
	"contractor",   // a commercial implementer
	"other_donor",  // another government or multilateral donor
	"multilateral", // an international organization (UN, AU, NATO...)
	"civil_society",
}

// Organization is a donor agency, an implementer, another donor or a
// civil-society organization. Partner-country institutions are actors.
type Organization struct {
	ID            int64            `json:"id"`
	Name          string           `json:"name"`
	Abbrev        string           `json:"abbrev,omitempty"`
	Kind          OrganizationKind `json:"kind"`
	Country       string           `json:"country,omitempty"` // where it is based
	ParentID      int64            `json:"parent_id,omitempty"`
	Website       string           `json:"website,omitempty"`
	Description   string           `json:"description,omitempty"`
	Releasability Releasability    `json:"releasability"`
	CreatedAt     time.Time        `json:"created_at,omitzero"`
	UpdatedAt     time.Time        `json:"updated_at,omitzero"`
}

// Normalize fills defaults.
func (o *Organization) Normalize() {
	if o.Releasability == 0 {
		o.Releasability = Public
	}
}

// Validate reports the first problem with each field.
func (o *Organization) Validate() error {
	f := FieldErrors{}
	checkLine(f, "name", o.Name, MaxNameLen, true)
	checkLine(f, "abbrev", o.Abbrev, 50, false)
	oneOf(f, "kind", o.Kind, OrganizationKinds, true)
	checkCountryRef(f, "country", o.Country, false)
	if o.ParentID < 0 || (o.ID != 0 && o.ParentID == o.ID) {
		f.Add("parent_id", "must be the id of another organization")
	}
	checkLine(f, "website", o.Website, 2000, false)
	checkText(f, "description", o.Description, MaxTextLen, false)
	checkReleasability(f, o.Releasability)
	return f.Err("organization")
}

// OrganizationFilter selects organizations. Zero fields do not filter.
type OrganizationFilter struct {
	Kind OrganizationKind `json:"kind,omitempty"`
	Q    string           `json:"q,omitempty"` // in the name or abbreviation
	Page
}

// OrganizationService keeps organizations.
type OrganizationService interface {
	FindOrganizations(ctx context.Context, f OrganizationFilter) ([]*Organization, string, error)
	FindOrganization(ctx context.Context, id int64) (*Organization, error)
	CreateOrganization(ctx context.Context, o *Organization) error
	UpdateOrganization(ctx context.Context, o *Organization) error
	DeleteOrganization(ctx context.Context, id int64) error
}
