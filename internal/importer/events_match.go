package importer

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/custos-ssa/custos/internal/vetting"
)

// Suggestion scores: the same words in the same order, or the same words
// in another order. Both stay suggestions: a dataset's "Military Forces of
// Mali" may be the army as a whole or one of its units, and only an
// analyst can tell. Other names go to the vetting matcher, which reads
// unit names as units ("33ème Régiment de Commandos Parachutistes" is
// "33e RCP"), across spellings, scripts and typos; its hit is suggested
// when it is strong (matcherMin, the matcher's strong band) and clearly
// ahead of the next actor (matcherLead), scored at most matcherMax so
// that a suggestion by name stays ahead of one by the matcher.
const (
	scoreSameName  = 0.9
	scoreSameWords = 0.8
	matcherMin     = 0.85
	matcherLead    = 0.05
	matcherMax     = 0.79
)

// matcher suggests actors for perpetrator names, country by country,
// loading each country's actors once.
type matcher struct {
	b         *store.IncidentBulk
	countries map[string]*countryNames
}

// countryNames indexes a country's actors by normalized name and by the
// sorted words of the name; an id of -1 marks a key shared by two actors,
// which is never suggested.
type countryNames struct {
	exact, words map[string]int64
	// ix is the vetting matcher's index over the country's actors, each
	// record's id its actor id.
	ix *vetting.Index
	// names caches the suggestion for each perpetrator name met, so that a
	// name repeated over thousands of rows is normalized once.
	names map[string]suggestion
}

// suggestion is the actor suggested for a name, 0 for none, and its score.
type suggestion struct {
	id    int64
	score float64
}

func newMatcher(b *store.IncidentBulk) *matcher {
	return &matcher{b: b, countries: map[string]*countryNames{}}
}

// suggest fills SuggestedActorID and SuggestionScore of each unresolved
// perpetrator of in that matches one actor of its country, and returns how
// many it filled.
func (m *matcher) suggest(in *custos.Incident) (int, error) {
	if len(in.Perpetrators) == 0 {
		return 0, nil
	}
	c, err := m.country(in.Place.Country)
	if err != nil || c == nil {
		return 0, err
	}
	n := 0
	for k := range in.Perpetrators {
		p := &in.Perpetrators[k]
		if p.Resolved() || p.Name == "" {
			continue
		}
		s, ok := c.names[p.Name]
		if !ok {
			exact, words := nameKeys(p.Name)
			if id := c.exact[exact]; id > 0 {
				s = suggestion{id, scoreSameName}
			} else if id := c.words[words]; id > 0 {
				s = suggestion{id, scoreSameWords}
			} else {
				s = c.match(p.Name)
			}
			c.names[p.Name] = s
		}
		if s.id > 0 {
			p.SuggestedActorID, p.SuggestionScore = s.id, s.score
			n++
		}
	}
	return n, nil
}

func (m *matcher) country(code string) (*countryNames, error) {
	if c, ok := m.countries[code]; ok {
		return c, nil
	}
	actors, err := m.b.CountryActors(code)
	if err != nil {
		return nil, err
	}
	var c *countryNames
	if len(actors) > 0 {
		c = &countryNames{exact: map[string]int64{}, words: map[string]int64{}, names: map[string]suggestion{}}
		put := func(idx map[string]int64, key string, id int64) {
			if key == "" {
				return
			}
			if old, ok := idx[key]; ok && old != id {
				idx[key] = -1
				return
			}
			idx[key] = id
		}
		byID := make(map[int64]string, len(actors))
		for _, a := range actors {
			byID[a.ID] = a.Name
		}
		recs := make([]vetting.Record, 0, len(actors))
		for _, a := range actors {
			r := vetting.Record{ID: strconv.FormatInt(a.ID, 10), Kind: vetting.Unit, Name: a.Name, ParentUnit: byID[a.ParentID]}
			for _, n := range a.Names {
				r.Aliases = append(r.Aliases, n.Value)
			}
			recs = append(recs, r)
		}
		c.ix = vetting.NewIndex(recs)
		for _, a := range actors {
			names := []string{a.Name}
			for _, n := range a.Names {
				names = append(names, n.Value)
			}
			for _, name := range names {
				exact, words := nameKeys(name)
				put(c.exact, exact, a.ID)
				put(c.words, words, a.ID)
			}
		}
	}
	m.countries[code] = c
	return c, nil
}

// match asks the vetting matcher for the country's actor that a
// perpetrator's name names, as a unit; it suggests nothing when the best
// hit is not strong or another actor comes close.
func (c *countryNames) match(name string) suggestion {
	name = dates.ReplaceAllString(name, "")
	if c.ix == nil || strings.TrimSpace(name) == "" || len(name) > custos.MaxNameLen {
		return suggestion{}
	}
	// The runner-up is asked for down to matcherLead below the strong band,
	// so that a close second below the band still holds the first back.
	hits := c.ix.Screen(vetting.Record{ID: "perpetrator", Kind: vetting.Unit, Name: name}, 2, matcherMin-matcherLead)
	if len(hits) == 0 || hits[0].Score < matcherMin || (len(hits) > 1 && hits[0].Score-hits[1].Score < matcherLead) {
		return suggestion{}
	}
	id, err := strconv.ParseInt(hits[0].RecordID, 10, 64)
	if err != nil {
		return suggestion{}
	}
	return suggestion{id, min(hits[0].Score, matcherMax)}
}

// dates matches a trailing period such as "(2021-)" or "(1960-2012)", which
// ACLED adds to state forces' names to tell governments apart.
var dates = regexp.MustCompile(`\s*\(\s*\d{4}\s*-\s*(\d{4})?\s*\)\s*$`)

// nameKeys returns the normalized name (vetting's normalization: case,
// accents, punctuation and script folded) and its words sorted.
func nameKeys(name string) (exact, words string) {
	name = dates.ReplaceAllString(name, "")
	n := vetting.Normalize(name)
	var toks []string
	for _, t := range n.Tokens {
		if len(t.Forms) > 0 {
			toks = append(toks, t.Forms[0])
		}
	}
	exact = strings.Join(toks, " ")
	slices.Sort(toks)
	return exact, strings.Join(toks, " ")
}
