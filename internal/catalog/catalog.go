// Package catalog holds the reference records every Custos installation
// starts with: the common U.S. legal authorities and funding accounts for
// security assistance, and the donor agencies, implementers and other
// donors that appear in plans and in the Foreign Military Training Report.
//
// The records are embedded JSON (data/*.json), written in plain words with
// their statutory citations. They describe the law as a planner needs to
// recognize it, not as legal advice: each restriction says when to consult
// counsel.
package catalog

import (
	_ "embed"
	"encoding/json"
	"sync"

	"github.com/custos-ssa/custos"
)

//go:embed data/authorities.json
var authoritiesJSON []byte

//go:embed data/organizations.json
var organizationsJSON []byte

// organization is an entry of organizations.json: an Organization whose
// parent is named by abbreviation, since catalog records have no ids yet.
type organization struct {
	custos.Organization
	Parent string `json:"parent,omitempty"`
}

var authorities = sync.OnceValue(func() []custos.Authority {
	var list []custos.Authority
	if err := json.Unmarshal(authoritiesJSON, &list); err != nil {
		panic("catalog: embedded authorities.json: " + err.Error())
	}
	for i := range list {
		list[i].Normalize()
	}
	return list
})

var organizations = sync.OnceValue(func() []organization {
	var list []organization
	if err := json.Unmarshal(organizationsJSON, &list); err != nil {
		panic("catalog: embedded organizations.json: " + err.Error())
	}
	for i := range list {
		list[i].Normalize()
	}
	return list
})

// Authorities returns the catalog's authorities, each valid and public, in
// a fixed order. The slice is a copy the caller may change.
func Authorities() []custos.Authority {
	return append([]custos.Authority(nil), authorities()...)
}

// Authority returns the catalog authority with the given code.
func Authority(code string) (custos.Authority, bool) {
	for _, a := range authorities() {
		if a.Code == code {
			return a, true
		}
	}
	return custos.Authority{}, false
}

// Organizations returns the catalog's organizations, parents before their
// children, with ParentID unset: use ParentOf to link them once stored.
// The slice is a copy the caller may change.
func Organizations() []custos.Organization {
	list := organizations()
	out := make([]custos.Organization, len(list))
	for i, o := range list {
		out[i] = o.Organization
	}
	return out
}

// ParentOf returns the abbreviation of the organization that abbrev belongs
// to ("ISG" belongs to "DSCU"), and whether it has one in the catalog.
func ParentOf(abbrev string) (string, bool) {
	for _, o := range organizations() {
		if o.Abbrev == abbrev && o.Parent != "" {
			return o.Parent, true
		}
	}
	return "", false
}
