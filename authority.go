package custos

import (
	"context"
	"regexp"
	"time"
)

// Leahy statutes. The State Department's applies to assistance under the
// Foreign Assistance Act and the Arms Export Control Act; the Defense
// Department's to training, equipment and other assistance it funds.
const (
	LeahyState   = "22 U.S.C. 2378d"
	LeahyDefense = "10 U.S.C. 362"
)

// Authority is a legal authority or funding account under which assistance
// is given, such as IMET, FMF or 10 U.S.C. 333.
type Authority struct {
	ID            int64         `json:"id"`
	Code          string        `json:"code"` // short and unique: "IMET", "10 USC 333"
	Name          string        `json:"name"`
	Agency        string        `json:"agency"` // the department that administers it: State, DoD, USAID...
	Citation      string        `json:"citation"`
	Purpose       string        `json:"purpose,omitempty"`
	LeahyApplies  bool          `json:"leahy_applies"`
	LeahyStatute  string        `json:"leahy_statute,omitempty"`
	Restrictions  string        `json:"restrictions,omitempty"` // in plain words
	Notes         string        `json:"notes,omitempty"`
	Releasability Releasability `json:"releasability"`
	CreatedAt     time.Time     `json:"created_at,omitzero"`
	UpdatedAt     time.Time     `json:"updated_at,omitzero"`
}

var authorityCode = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 ._()/-]{0,39}$`)

// Normalize fills defaults.
func (a *Authority) Normalize() {
	if a.Releasability == 0 {
		a.Releasability = Public
	}
}

// Validate reports the first problem with each field.
func (a *Authority) Validate() error {
	f := FieldErrors{}
	if !authorityCode.MatchString(a.Code) {
		f.Add("code", "must be 1 to 40 letters, digits, spaces or . _ ( ) / -, starting with a letter or digit")
	}
	checkLine(f, "name", a.Name, MaxNameLen, true)
	checkLine(f, "agency", a.Agency, 100, true)
	checkLine(f, "citation", a.Citation, MaxNameLen, true)
	checkText(f, "purpose", a.Purpose, MaxTextLen, false)
	if a.LeahyApplies {
		oneOf(f, "leahy_statute", a.LeahyStatute, []string{LeahyState, LeahyDefense}, true)
	} else if a.LeahyStatute != "" {
		f.Add("leahy_statute", "is set but leahy_applies is false")
	}
	checkText(f, "restrictions", a.Restrictions, MaxTextLen, false)
	checkText(f, "notes", a.Notes, MaxTextLen, false)
	checkReleasability(f, a.Releasability)
	return f.Err("authority")
}

// AuthorityFilter selects authorities. Zero fields do not filter.
type AuthorityFilter struct {
	Agency string `json:"agency,omitempty"`
	Leahy  string `json:"leahy,omitempty"` // "yes" or "no"
	Q      string `json:"q,omitempty"`     // in the code or name
	Page
}

// AuthorityService keeps authorities.
type AuthorityService interface {
	FindAuthorities(ctx context.Context, f AuthorityFilter) ([]*Authority, string, error)
	FindAuthority(ctx context.Context, id int64) (*Authority, error)
	FindAuthorityByCode(ctx context.Context, code string) (*Authority, error)
	CreateAuthority(ctx context.Context, a *Authority) error
	UpdateAuthority(ctx context.Context, a *Authority) error
	DeleteAuthority(ctx context.Context, id int64) error
}
