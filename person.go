package custos

import (
	"context"
	"fmt"
	"time"
)

// Gender of a person, as recorded.
type Gender string

// Genders.
var Genders = []Gender{"female", "male", "other", "unknown"}

// Membership is a person's place in a unit over a period.
type Membership struct {
	ActorID  int64       `json:"actor_id"`
	Position string      `json:"position,omitempty"`
	From     PartialDate `json:"from,omitzero"`
	To       PartialDate `json:"to,omitzero"`
}

// Person is an individual: a nominee for training, a commander named in an
// incident. Person records are restricted by default: they are personal data.
type Person struct {
	ID            int64         `json:"id"`
	Name          string        `json:"name"`
	Names         []Name        `json:"names,omitempty"` // other names and aliases, any script
	BirthDate     PartialDate   `json:"birth_date,omitzero"`
	Gender        Gender        `json:"gender,omitempty"`
	Nationality   string        `json:"nationality,omitempty"` // ISO 3166-1 alpha-2
	Rank          string        `json:"rank,omitempty"`
	Memberships   []Membership  `json:"memberships,omitempty"`
	Notes         string        `json:"notes,omitempty"`
	Source        *SourceRef    `json:"source,omitempty"`
	Releasability Releasability `json:"releasability"`
	CreatedAt     time.Time     `json:"created_at,omitzero"`
	UpdatedAt     time.Time     `json:"updated_at,omitzero"`
}

// Normalize fills defaults.
func (p *Person) Normalize() {
	if p.Releasability == 0 {
		p.Releasability = Restricted
	}
}

// Validate reports the first problem with each field.
func (p *Person) Validate() error {
	f := FieldErrors{}
	checkName(f, "name", p.Name, true)
	checkNames(f, "names", p.Names)
	if !p.BirthDate.IsZero() {
		if _, err := ParsePartialDate(p.BirthDate.String()); err != nil {
			f.Add("birth_date", err.Error())
		} else if p.BirthDate.Year > time.Now().Year() {
			f.Add("birth_date", "is in the future")
		}
	}
	oneOf(f, "gender", p.Gender, Genders, false)
	checkCountryRef(f, "nationality", p.Nationality, false)
	checkLine(f, "rank", p.Rank, MaxNameLen, false)
	if len(p.Memberships) > MaxNames {
		f.Add("memberships", fmt.Sprintf("has more than %d entries", MaxNames))
	}
	for i, m := range p.Memberships {
		field := fmt.Sprintf("memberships[%d]", i)
		if m.ActorID <= 0 {
			f.Add(field+".actor_id", "must be a positive id")
		}
		checkLine(f, field+".position", m.Position, MaxNameLen, false)
		if !m.From.IsZero() && !m.To.IsZero() && m.To.String() < m.From.String() {
			f.Add(field+".to", "is before from")
		}
	}
	checkText(f, "notes", p.Notes, MaxTextLen, false)
	checkSource(f, p.Source)
	checkReleasability(f, p.Releasability)
	return f.Err("person")
}

// PersonFilter selects persons. Zero fields do not filter.
type PersonFilter struct {
	Nationality string `json:"nationality,omitempty"`
	ActorID     int64  `json:"actor_id,omitempty"` // members of this unit
	Q           string `json:"q,omitempty"`        // in the name
	Page
}

// PersonService keeps persons.
type PersonService interface {
	FindPersons(ctx context.Context, f PersonFilter) ([]*Person, string, error)
	FindPerson(ctx context.Context, id int64) (*Person, error)
	CreatePerson(ctx context.Context, p *Person) error
	UpdatePerson(ctx context.Context, p *Person) error
	DeletePerson(ctx context.Context, id int64) error
}
