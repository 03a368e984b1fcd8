package hxl

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/custos-ssa/custos"
)

// The columns the reader maps, each found by the first of its patterns
// that matches a column (the first column, when several match).
var (
	keyPatterns         = patterns("#meta+id", "#event+id", "#event+code")
	datePatterns        = patterns("#date+start", "#date+occurred", "#date-end-reported")
	dateEndPatterns     = patterns("#date+end")
	countryCodePatterns = patterns("#country+code")
	countryNamePatterns = patterns("#country+name", "#country-code")
	adm1Patterns        = patterns("#adm1+name", "#adm1-code")
	adm2Patterns        = patterns("#adm2+name", "#adm2-code")
	adm3Patterns        = patterns("#adm3+name", "#adm3-code")
	locPatterns         = patterns("#loc+name", "#loc-code")
	latPatterns         = patterns("#geo+lat")
	lonPatterns         = patterns("#geo+lon")
	killedPatterns      = patterns("#affected+killed-f-m-women-men-children-adults-elderly")
	injuredPatterns     = patterns("#affected+injured-f-m-women-men-children-adults-elderly")
	typePatterns        = patterns("#event+type", "#event+category", "#event+cat")
	titlePatterns       = patterns("#event+name", "#event+title")
	sourcePatterns      = patterns("#meta+source")
	urlPatterns         = patterns("#meta+url")
)

// Columns matched by every column that fits: perpetrators, descriptions
// and the disaggregated counts of women and children.
var (
	actorPattern       = ParsePattern("#actor-code-id-type")
	descriptionPattern = ParsePattern("#description")
)

func patterns(ss ...string) []Pattern {
	ps := make([]Pattern, len(ss))
	for i, s := range ss {
		ps[i] = ParsePattern(s)
	}
	return ps
}

// columns holds the position of each mapped column, -1 when absent.
type columns struct {
	tags                                             []Tag
	key, date, dateEnd, countryCode, countryName     int
	adm1, adm2, adm3, loc, lat, lon, killed, injured int
	eventType, title, source, url                    int
	actors, descriptions, women, children            []int
}

func find(tags []Tag, ps []Pattern) int {
	for _, p := range ps {
		for i, t := range tags {
			if p.Match(t) {
				return i
			}
		}
	}
	return -1
}

// locate finds each mapped column and names the required hashtags that are
// missing: a date and a country.
func locate(tags []Tag) (*columns, error) {
	c := &columns{tags: tags,
		key: find(tags, keyPatterns), date: find(tags, datePatterns), dateEnd: find(tags, dateEndPatterns),
		countryCode: find(tags, countryCodePatterns), countryName: find(tags, countryNamePatterns),
		adm1: find(tags, adm1Patterns), adm2: find(tags, adm2Patterns), adm3: find(tags, adm3Patterns),
		loc: find(tags, locPatterns), lat: find(tags, latPatterns), lon: find(tags, lonPatterns),
		killed: find(tags, killedPatterns), injured: find(tags, injuredPatterns),
		eventType: find(tags, typePatterns), title: find(tags, titlePatterns),
		source: find(tags, sourcePatterns), url: find(tags, urlPatterns),
	}
	for i, t := range tags {
		switch {
		case actorPattern.Match(t):
			c.actors = append(c.actors, i)
		case descriptionPattern.Match(t):
			c.descriptions = append(c.descriptions, i)
		case t.Name == "affected" && (t.Has("killed") || t.Has("injured")):
			switch {
			case t.Has("children"):
				c.children = append(c.children, i)
			case t.Has("f") || t.Has("women"):
				c.women = append(c.women, i)
			}
		}
	}
	var missing []string
	if c.date < 0 {
		missing = append(missing, "#date")
	}
	if c.countryCode < 0 && c.countryName < 0 {
		missing = append(missing, "#country+code or #country+name")
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("the hashtag row lacks %s", strings.Join(missing, " and "))
	}
	return c, nil
}

// categoryWords maps words found in an #event+type value to a category,
// tried in order; a value that is a category name is taken as it is.
var categoryWords = []struct {
	word string
	cat  custos.IncidentCategory
}{
	{"extrajudicial", "extrajudicial_killing"}, {"summary execution", "extrajudicial_killing"},
	{"execution", "extrajudicial_killing"}, {"unlawful killing", "extrajudicial_killing"},
	{"torture", "torture"}, {"ill-treatment", "torture"},
	{"disappear", "enforced_disappearance"}, {"abduct", "enforced_disappearance"},
	{"sexual", "sexual_violence"}, {"rape", "sexual_violence"},
	{"detention", "arbitrary_detention"}, {"arrest", "arbitrary_detention"},
	{"airstrike", "civilian_harm_operations"}, {"air strike", "civilian_harm_operations"},
	{"drone", "civilian_harm_operations"}, {"shelling", "civilian_harm_operations"},
	{"crossfire", "civilian_harm_operations"}, {"explosive", "civilian_harm_operations"},
	{"civilian harm", "civilian_harm_operations"},
	// French, Spanish and Portuguese, for reports in local languages.
	{"exécution", "extrajudicial_killing"}, {"ejecución", "extrajudicial_killing"}, {"execução", "extrajudicial_killing"},
	{"tortura", "torture"}, {"disparition", "enforced_disappearance"}, {"desaparici", "enforced_disappearance"},
	{"desapareci", "enforced_disappearance"}, {"violence sexuelle", "sexual_violence"}, {"violencia sexual", "sexual_violence"},
	{"violência sexual", "sexual_violence"}, {"détention", "arbitrary_detention"}, {"detención", "arbitrary_detention"},
	{"detenção", "arbitrary_detention"}, {"frappe aérienne", "civilian_harm_operations"},
	{"bombard", "civilian_harm_operations"},
}

// Category maps an #event+type value to an incident category: a category
// name (with spaces or underscores), else the first known word in it (such
// as "torture", "disappear", "airstrike", or "exécution", "desaparición"),
// else "other".
func Category(s string) custos.IncidentCategory {
	c, _ := category(s)
	return c
}

// category is Category, reporting also whether it recognised the value.
// HXL's vocabulary is open: a table may type its events "looting" or
// "attack on a school", which are real events but no Custos category, so
// the reader keeps them as "other" and keeps the value in the description.
func category(s string) (custos.IncidentCategory, bool) {
	k := strings.ToLower(strings.TrimSpace(s))
	name := custos.IncidentCategory(strings.ReplaceAll(k, " ", "_"))
	for _, c := range custos.IncidentCategories {
		if c == name {
			return c, true
		}
	}
	for _, w := range categoryWords {
		if strings.Contains(k, w.word) {
			return w.cat, true
		}
	}
	return "other", false
}

var countryIndex = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, c := range custos.ISOCountries() {
		for _, name := range append([]string{c.Code, c.Alpha3, c.Name, c.OfficialName}, c.AltNames...) {
			if k := strings.ToLower(name); k != "" {
				if _, dup := m[k]; !dup {
					m[k] = c.Code
				}
			}
		}
	}
	m["kosovo"], m["xkx"], m["xk"] = "XK", "XK", "XK"
	return m
})

// countryCode returns the ISO alpha-2 code for an ISO alpha-2 or alpha-3
// code or a country name, or "".
func countryCode(s string) string {
	return countryIndex()[strings.ToLower(strings.TrimSpace(s))]
}

// parseDate reads an ISO 8601 date, month or year (HXL's date form), or a
// timestamp whose first ten characters are a date, and returns the
// precision it shows.
func parseDate(s string) (custos.Date, custos.DatePrecision, bool) {
	if len(s) > 10 && (s[10] == 'T' || s[10] == ' ') {
		s = s[:10]
	}
	for _, f := range []struct {
		layout string
		prec   custos.DatePrecision
	}{{"2006-01-02", "day"}, {"2006-01", "month"}, {"2006", "year"}} {
		if t, err := time.Parse(f.layout, s); err == nil {
			return custos.DateOf(t), f.prec, true
		}
	}
	return custos.Date{}, "", false
}

// parseCount reads a count written with or without thousands separators.
func parseCount(s string) (int, bool) {
	s = strings.NewReplacer(",", "", " ", "", "\u00a0", "").Replace(s)
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0
}

// truncate shortens s to at most n characters, keeping valid UTF-8.
func truncate(s string, n int) string {
	if len(s) <= n || utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
