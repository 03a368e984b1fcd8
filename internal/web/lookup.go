package web

import (
	"context"
	"strconv"

	"github.com/custos-ssa/custos"
)

// lookup finds the names of linked records for one page, asking the store
// once per record. A record the caller may not see comes back as not found,
// so its name never appears: the page shows only that a link exists.
type lookup struct {
	ctx    context.Context
	st     custos.Store
	actors map[int64]*custos.Actor
	orgs   map[int64]*custos.Organization
	auths  map[int64]*custos.Authority
	progs  map[int64]*custos.Program
	people map[int64]*custos.Person
}

func (s *Server) lookup(ctx context.Context) *lookup {
	return &lookup{ctx: ctx, st: s.store, actors: map[int64]*custos.Actor{}, orgs: map[int64]*custos.Organization{},
		auths: map[int64]*custos.Authority{}, progs: map[int64]*custos.Program{}, people: map[int64]*custos.Person{}}
}

// cached returns m[id], asking find once when it is missing.
func cached[T any](m map[int64]*T, id int64, find func(int64) (*T, error)) *T {
	if id == 0 {
		return nil
	}
	if v, ok := m[id]; ok {
		return v
	}
	v, err := find(id)
	if err != nil {
		v = nil
	}
	m[id] = v
	return v
}

func (l *lookup) actor(id int64) *custos.Actor {
	return cached(l.actors, id, func(id int64) (*custos.Actor, error) { return l.st.FindActor(l.ctx, id) })
}

func (l *lookup) org(id int64) *custos.Organization {
	return cached(l.orgs, id, func(id int64) (*custos.Organization, error) { return l.st.FindOrganization(l.ctx, id) })
}

func (l *lookup) authority(id int64) *custos.Authority {
	return cached(l.auths, id, func(id int64) (*custos.Authority, error) { return l.st.FindAuthority(l.ctx, id) })
}

func (l *lookup) program(id int64) *custos.Program {
	return cached(l.progs, id, func(id int64) (*custos.Program, error) { return l.st.FindProgram(l.ctx, id) })
}

func (l *lookup) person(id int64) *custos.Person {
	return cached(l.people, id, func(id int64) (*custos.Person, error) { return l.st.FindPerson(l.ctx, id) })
}

// hidden is the text of a link to a record the caller may not see.
func hidden(what string, id int64) string {
	return what + " #" + strconv.FormatInt(id, 10) + " (not visible to you)"
}

// actorLink links to an actor by name.
func (l *lookup) actorLink(id int64) link {
	if a := l.actor(id); a != nil {
		return link{"/actors/" + itoa(id), a.Name}
	}
	return link{"", hidden("Actor", id)}
}

func (l *lookup) orgLink(id int64) link {
	if o := l.org(id); o != nil {
		name := o.Name
		if o.Abbrev != "" {
			name += " (" + o.Abbrev + ")"
		}
		return link{"/organizations/" + itoa(id), name}
	}
	return link{"", hidden("Organization", id)}
}

func (l *lookup) authorityLink(id int64) link {
	if a := l.authority(id); a != nil {
		return link{"/authorities/" + itoa(id), a.Code + " — " + a.Name}
	}
	return link{"", hidden("Authority", id)}
}

func (l *lookup) programLink(id int64) link {
	if p := l.program(id); p != nil {
		return link{"/programs/" + itoa(id), p.Title}
	}
	return link{"", hidden("Program", id)}
}

func (l *lookup) personLink(id int64) link {
	if p := l.person(id); p != nil {
		return link{"/persons/" + itoa(id), p.Name}
	}
	return link{"", hidden("Person", id)}
}

// countryName returns a country's ISO name, or its code.
func countryName(code string) string {
	if c, ok := custos.ISOCountry(code); ok {
		return c.Name
	}
	return code
}

// countryLink links to a country page.
func countryLink(code string) link {
	if code == "" {
		return link{}
	}
	return link{"/countries/" + code, countryName(code)}
}

// links maps ids to links.
func links(ids []int64, fn func(int64) link) []link {
	out := make([]link, 0, len(ids))
	for _, id := range ids {
		out = append(out, fn(id))
	}
	return out
}

// linkCell makes a table cell of a link.
func linkCell(l link) cell { return cell{Text: l.Text, Href: l.Href} }

// relCell shows a record's releasability in a table.
func relCell(r custos.Releasability) cell { return cell{Text: r.String(), Tag: r.String()} }
