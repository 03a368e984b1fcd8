package acled

import (
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/custos-ssa/custos"
)

// extraNames are ACLED country names that are neither an ISO 3166-1 name nor
// one of the embedded alternative names.
var extraNames = map[string]string{
	"kosovo":                           "XK", // not in ISO 3166-1; ACLED gives iso 0
	"republic of congo":                "CG",
	"caribbean netherlands":            "BQ",
	"bonaire, sint eustatius and saba": "BQ",
	"saint-barthelemy":                 "BL",
	"saint-martin":                     "MF",
	"micronesia":                       "FM",
	"turkey":                           "TR",
	"akrotiri and dhekelia":            "CY", // British bases on Cyprus
}

type countryIndex struct {
	byNumber map[int]string
	byName   map[string]string
}

var countries = sync.OnceValue(func() countryIndex {
	ix := countryIndex{byNumber: map[int]string{}, byName: map[string]string{}}
	for _, c := range custos.ISOCountries() {
		if n, err := strconv.Atoi(c.Numeric); err == nil {
			ix.byNumber[n] = c.Code
		}
		for _, name := range append([]string{c.Name, c.OfficialName}, c.AltNames...) {
			if k := strings.ToLower(name); k != "" {
				if _, dup := ix.byName[k]; !dup {
					ix.byName[k] = c.Code
				}
			}
		}
	}
	for k, v := range extraNames {
		ix.byName[k] = v
	}
	return ix
})

// countryCode returns the ISO alpha-2 code of an event's country: by its ISO
// 3166-1 number (the iso column) when it has one, else by name. It returns
// "" when neither is known.
func countryCode(iso, name string) string {
	ix := countries()
	if n, err := strconv.Atoi(iso); err == nil && n > 0 {
		if c, ok := ix.byNumber[n]; ok {
			return c
		}
	}
	return ix.byName[strings.ToLower(strings.TrimSpace(name))]
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
