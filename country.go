package custos

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"sync"
	"time"
)

// Country is a country or territory, keyed by its ISO 3166-1 alpha-2 code.
// The ISO list is embedded; users may add codes from ISO's user-assigned
// ranges (for example XK for Kosovo) and extra alternative names.
type Country struct {
	Code          string        `json:"code"`    // ISO 3166-1 alpha-2
	Alpha3        string        `json:"alpha3"`  // ISO 3166-1 alpha-3
	Numeric       string        `json:"numeric"` // ISO 3166-1 numeric, three digits
	Name          string        `json:"name"`
	OfficialName  string        `json:"official_name,omitempty"`
	Region        string        `json:"region,omitempty"`
	Subregion     string        `json:"subregion,omitempty"`
	AltNames      []string      `json:"alt_names,omitempty"`
	Notes         string        `json:"notes,omitempty"`
	Releasability Releasability `json:"releasability"`
	UpdatedAt     time.Time     `json:"updated_at,omitzero"`
}

//go:embed reference/iso3166.json
var iso3166JSON []byte

var iso3166 = sync.OnceValue(func() []Country {
	var list []Country
	if err := json.Unmarshal(iso3166JSON, &list); err != nil {
		panic("custos: embedded ISO 3166 list: " + err.Error())
	}
	for i := range list {
		list[i].Releasability = Public
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Code < list[j].Code })
	return list
})

// ISOCountries returns the embedded ISO 3166-1 list (Debian iso-codes, with
// alternative spellings from mledoze/countries), sorted by code. Callers
// must not modify the slice.
func ISOCountries() []Country { return iso3166() }

// ISOCountry returns the ISO 3166-1 entry for an alpha-2 code.
func ISOCountry(code string) (Country, bool) {
	list := iso3166()
	i := sort.Search(len(list), func(i int) bool { return list[i].Code >= code })
	if i < len(list) && list[i].Code == code {
		return list[i], true
	}
	return Country{}, false
}

var (
	alpha2Re  = regexp.MustCompile(`^[A-Z]{2}$`)
	alpha3Re  = regexp.MustCompile(`^[A-Z]{3}$`)
	numericRe = regexp.MustCompile(`^[0-9]{3}$`)
)

// UserAssignedCode reports whether code lies in ISO 3166-1's user-assigned
// alpha-2 ranges: AA, QM to QZ, XA to XZ and ZZ.
func UserAssignedCode(code string) bool {
	if !alpha2Re.MatchString(code) {
		return false
	}
	return code == "AA" || code == "ZZ" || (code[0] == 'Q' && code[1] >= 'M') || code[0] == 'X'
}

// ValidCountryCode reports whether code is an ISO 3166-1 alpha-2 code or a
// user-assigned one.
func ValidCountryCode(code string) bool {
	_, ok := ISOCountry(code)
	return ok || UserAssignedCode(code)
}

func checkCountryRef(f FieldErrors, field, code string, required bool) {
	if code == "" {
		if required {
			f.Add(field, "is required")
		}
		return
	}
	if !ValidCountryCode(code) {
		f.Add(field, fmt.Sprintf("%q is not an ISO 3166-1 alpha-2 code", code))
	}
}

// Validate reports the first problem with each field.
func (c *Country) Validate() error {
	f := FieldErrors{}
	switch {
	case !alpha2Re.MatchString(c.Code):
		f.Add("code", fmt.Sprintf("%q is not two capital letters", c.Code))
	case !ValidCountryCode(c.Code):
		f.Add("code", fmt.Sprintf("%q is neither an ISO 3166-1 code nor in the user-assigned ranges (AA, QM-QZ, XA-XZ, ZZ)", c.Code))
	}
	if iso, ok := ISOCountry(c.Code); ok {
		if c.Alpha3 != iso.Alpha3 {
			f.Add("alpha3", fmt.Sprintf("is %q for %s in ISO 3166-1, not %q", iso.Alpha3, c.Code, c.Alpha3))
		}
		if c.Numeric != iso.Numeric {
			f.Add("numeric", fmt.Sprintf("is %q for %s in ISO 3166-1, not %q", iso.Numeric, c.Code, c.Numeric))
		}
	} else {
		if c.Alpha3 != "" && !alpha3Re.MatchString(c.Alpha3) {
			f.Add("alpha3", fmt.Sprintf("%q is not three capital letters", c.Alpha3))
		}
		if c.Numeric != "" && !numericRe.MatchString(c.Numeric) {
			f.Add("numeric", fmt.Sprintf("%q is not three digits", c.Numeric))
		}
	}
	checkLine(f, "name", c.Name, MaxNameLen, true)
	checkLine(f, "official_name", c.OfficialName, MaxNameLen, false)
	checkLine(f, "region", c.Region, MaxNameLen, false)
	checkLine(f, "subregion", c.Subregion, MaxNameLen, false)
	if len(c.AltNames) > MaxNames {
		f.Add("alt_names", fmt.Sprintf("has more than %d names", MaxNames))
	}
	for i, n := range c.AltNames {
		checkLine(f, fmt.Sprintf("alt_names[%d]", i), n, MaxNameLen, true)
	}
	checkText(f, "notes", c.Notes, MaxTextLen, false)
	checkReleasability(f, c.Releasability)
	return f.Err("country")
}

// CountryFilter selects countries. Zero fields do not filter.
type CountryFilter struct {
	Region string `json:"region,omitempty"`
	Q      string `json:"q,omitempty"` // in the name, an alternative name or a code
	Page
}

// CountryService keeps countries.
type CountryService interface {
	FindCountries(ctx context.Context, f CountryFilter) ([]*Country, string, error)
	FindCountry(ctx context.Context, code string) (*Country, error)
	CreateCountry(ctx context.Context, c *Country) error
	UpdateCountry(ctx context.Context, c *Country) error
	DeleteCountry(ctx context.Context, code string) error
}
