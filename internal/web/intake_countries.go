package web

import (
	"slices"
	"sync"

	"github.com/custos-ssa/custos"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// intakeRegionNames are the CLDR dictionaries of country names for the
// intake's languages. Naming the four rather than calling display.Regions
// keeps the other languages' tables out of the program.
var intakeRegionNames = map[string]*display.Dictionary{
	"en": display.English, "fr": display.French, "ar": display.Arabic, "es": display.Spanish,
}

// intakeCountries caches the country list of each language: it is the
// same for every page, and collation is not free.
var intakeCountries sync.Map // tag -> []option

// intakeCountryOptions lists the countries for the intake form in the
// language of l, named as CLDR names them in it ("Alemania", "ألمانيا"),
// in that language's alphabetical order, with the ISO code after each name
// so that a reporter can tell apart names they do not know. A country CLDR
// does not name keeps its English name.
func intakeCountryOptions(l *intakeLang, empty string) []option {
	v, ok := intakeCountries.Load(l.Tag)
	if !ok {
		v, _ = intakeCountries.LoadOrStore(l.Tag, localCountryOptions(l.Tag))
	}
	list := v.([]option)
	out := make([]option, 0, len(list)+1)
	return append(append(out, option{"", empty}), list...)
}

func localCountryOptions(tag string) []option {
	names := display.English.Regions()
	if d, ok := intakeRegionNames[tag]; ok {
		names = d.Regions()
	}
	var out []option
	for _, c := range custos.ISOCountries() {
		name := c.Name
		if r, err := language.ParseRegion(c.Code); err == nil {
			if n := names.Name(r); n != "" {
				name = n
			}
		}
		out = append(out, option{c.Code, name + " (" + c.Code + ")"})
	}
	col := collate.New(language.Make(tag), collate.IgnoreCase)
	slices.SortStableFunc(out, func(a, b option) int { return col.CompareString(a.Label, b.Label) })
	return out
}
