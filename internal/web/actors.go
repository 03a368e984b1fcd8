package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/custos-ssa/custos"
)

// actors are the partner's security-sector actors: units, institutions and
// organizations, nested as a unit tree.
func (s *Server) actors() resource[custos.Actor, custos.ActorFilter] {
	st := s.store
	return resource[custos.Actor, custos.ActorFilter]{
		entity: custos.EntityActor, path: "/actors", singular: "actor", plural: "Actors and units", section: "Assess",
		intro: "The partner's security forces, ministries, oversight bodies and civil society. Units nest: open one to see its place in the tree.",
		key:   func(a *custos.Actor) string { return itoa(a.ID) }, title: func(a *custos.Actor) string { return a.Name },
		releasability: func(a *custos.Actor) custos.Releasability { return a.Releasability },
		find:          st.FindActors, get: byID(st.FindActor), create: st.CreateActor, update: st.UpdateActor, del: delByID(st.DeleteActor),
		blank: func(r *http.Request) *custos.Actor {
			a := &custos.Actor{Country: r.URL.Query().Get("country"), Releasability: custos.Internal}
			if id, err := strconv.ParseInt(r.URL.Query().Get("parent_id"), 10, 64); err == nil && id > 0 {
				a.ParentID = id
				if p, err := st.FindActor(r.Context(), id); err == nil {
					a.Country = p.Country
				}
			}
			return a
		},
		filters: func(ctx context.Context, f *custos.ActorFilter) []field {
			return []field{
				{Name: "q", Label: "Name", Type: "search", Value: f.Q},
				{Name: "country", Label: "Country", Type: "select", Value: f.Country, Options: countryOptions("Any country")},
				{Name: "category", Label: "Category", Type: "select", Value: string(f.Category), Options: categoryOptions()},
				{Name: "kind", Label: "Kind", Type: "select", Value: string(f.Kind), Options: actorKindOptions("Any kind")},
				{Name: "root", Label: "Top-level only", Type: "checkbox", Value: "true", Checked: f.Root},
			}
		},
		table: func(ctx context.Context, list []*custos.Actor) table {
			l := s.lookup(ctx)
			t := table{Caption: "Actors and units", Empty: "No actor matches these filters.",
				Columns: []column{{Label: "Name"}, {Label: "Kind"}, {Label: "Country"}, {Label: "Part of"}, {Label: "Visible to"}}}
			for _, a := range list {
				parent := cell{}
				if a.ParentID != 0 {
					parent = linkCell(l.actorLink(a.ParentID))
				}
				t.Rows = append(t.Rows, []cell{{Text: a.Name, Href: "/actors/" + itoa(a.ID)}, {Text: actorKindLabel(a.Kind)},
					linkCell(countryLink(a.Country)), parent, relCell(a.Releasability)})
			}
			return t
		},
		columns: []string{"id", "country", "kind", "category", "name", "other_names", "parent_id", "echelon", "description", "releasability"},
		row: func(a *custos.Actor) []string {
			return []string{itoa(a.ID), a.Country, string(a.Kind), string(a.Category), a.Name, joinNames(a.Names), itoa(a.ParentID),
				string(a.Echelon), a.Description, a.Releasability.String()}
		},
		form: func(ctx context.Context, fm *form, a *custos.Actor, isNew bool) {
			l := s.lookup(ctx)
			fm.add(field{Name: "name", Label: "Name", Type: "text", Value: a.Name, Required: true,
				Help: "The name in common use, such as \"3rd Infantry Battalion\"."})
			fm.add(field{Name: "country", Label: "Country", Type: "select", Value: a.Country, Options: countryOptions("Choose a country"), Required: true})
			fm.add(field{Name: "kind", Label: "Kind", Type: "select", Value: string(a.Kind), Options: actorKindOptions("Choose a kind"), Required: true})
			fm.add(field{Name: "echelon", Label: "Echelon", Type: "select", Value: string(a.Echelon), Options: choices(custos.Echelons, "Not set"),
				Help: "The unit's level, which helps vetting tell a battalion from its brigade."})
			fm.add(refField(s.actorChoices(ctx, a.Country), "parent_id", "Part of", a.ParentID, l.actorLink(a.ParentID),
				"The unit or institution this one belongs to."))
			fm.addGroup(group{Name: "names", Legend: "Other names and aliases", Help: "Names in other languages or scripts, with a language tag such as fr, ar or ru-Latn.", AddLabel: "Add another name"},
				len(a.Names), nameRow(a.Names))
			fm.add(field{Name: "description", Label: "Description", Type: "textarea", Value: a.Description})
			fm.add(releasabilityField(principalFrom(ctx), a.Releasability))
		},
		parse: func(v *values, a *custos.Actor) {
			a.Name, a.Country = v.str("name"), v.str("country")
			a.Kind, a.Echelon = custos.ActorKind(v.str("kind")), custos.Echelon(v.str("echelon"))
			a.Category = ""
			a.ParentID = v.int64("parent_id", "parent_id")
			a.Names = v.names("names")
			a.Description = v.text("description")
			if r := v.releasability("releasability"); r != 0 {
				a.Releasability = r
			}
		},
		view: s.actorView,
	}
}

// nameRow builds the inputs of one row of a names group.
func nameRow(names []custos.Name) func(i int) []field {
	return func(i int) []field {
		var n custos.Name
		if i < len(names) {
			n = names[i]
		}
		return []field{
			{Name: fmt.Sprintf("names[%d].value", i), Label: fmt.Sprintf("Name %d", i+1), Type: "text", Value: n.Value},
			{Name: fmt.Sprintf("names[%d].lang", i), Label: fmt.Sprintf("Language of name %d", i+1), Type: "text", Value: n.Lang, Short: true},
		}
	}
}

// actorView shows an actor with its place in the unit tree, its sub-units,
// and the programs and activities that involve it.
func (s *Server) actorView(ctx context.Context, a *custos.Actor) (viewPage, error) {
	l := s.lookup(ctx)
	var p viewPage
	anc, err := s.store.ActorAncestors(ctx, a.ID)
	if err != nil {
		return p, err
	}
	for i := len(anc) - 1; i >= 0; i-- {
		p.Crumbs = append(p.Crumbs, link{"/actors/" + itoa(anc[i].ID), anc[i].Name})
	}
	cat := map[custos.ActorCategory]string{}
	for _, o := range categoryOptions() {
		cat[custos.ActorCategory(o.Value)] = o.Label
	}
	p.Facts = []fact{
		{Label: "Country", Text: countryName(a.Country), Href: "/countries/" + a.Country},
		{Label: "Kind", Text: actorKindLabel(a.Kind)},
		{Label: "Category", Text: cat[a.Category]},
		{Label: "Echelon", Text: label(a.Echelon)},
	}
	if a.ParentID != 0 {
		pl := l.actorLink(a.ParentID)
		p.Facts = append(p.Facts, fact{Label: "Part of", Text: pl.Text, Href: pl.Href})
	}
	if len(a.Names) > 0 {
		p.Facts = append(p.Facts, fact{Label: "Other names", Text: joinNames(a.Names)})
	}
	p.Facts = append(p.Facts, fact{Label: "Description", Text: a.Description, Long: true})
	if custos.Can(principalFrom(ctx).Role, custos.ActionRead, custos.EntityIncident) {
		p.Facts = append(p.Facts, fact{Label: "Incidents", Links: []link{
			{fmt.Sprintf("/incidents?actor_id=%d&subunits=true", a.ID), "Incidents naming it or a unit under it"},
			{fmt.Sprintf("/incident-trends?actor_id=%d", a.ID), "Their trends"}}})
	}

	kids, next, err := s.store.FindActors(ctx, custos.ActorFilter{ParentID: a.ID, Page: custos.Page{Limit: 100}})
	if err != nil {
		return p, err
	}
	sub := section{Title: "Sub-units", Table: table{Caption: "Units and offices that belong to " + a.Name, Empty: "No sub-units are recorded.",
		Columns: []column{{Label: "Name"}, {Label: "Kind"}, {Label: "Echelon"}}}}
	for _, k := range kids {
		sub.Table.Rows = append(sub.Table.Rows, []cell{{Text: k.Name, Href: "/actors/" + itoa(k.ID)}, {Text: actorKindLabel(k.Kind)}, {Text: label(k.Echelon)}})
	}
	if next != "" {
		sub.More = link{fmt.Sprintf("/actors?parent_id=%d", a.ID), "All sub-units"}
	}
	if custos.Can(principalFrom(ctx).Role, custos.ActionCreate, custos.EntityActor) {
		sub.New = link{fmt.Sprintf("/actors/new?parent_id=%d", a.ID), "Add a sub-unit"}
	}
	progs, err := s.programSection(ctx, custos.ProgramFilter{RecipientID: a.ID, Page: custos.Page{Limit: 20}},
		"Programs with "+a.Name+" among their recipients", fmt.Sprintf("/programs?recipient_id=%d", a.ID))
	if err != nil {
		return p, err
	}
	acts, err := s.activitySection(ctx, custos.ActivityFilter{ActorID: a.ID, Page: custos.Page{Limit: 20}},
		"Activities in which "+a.Name+" took part", fmt.Sprintf("/activities?actor_id=%d", a.ID))
	if err != nil {
		return p, err
	}
	p.Sections = []section{sub, progs, acts}
	return p, nil
}

// categoryOptions lists the actor categories.
func categoryOptions() []option {
	return []option{{"", "Any category"},
		{string(custos.StateSecurityProvider), "State security providers"},
		{string(custos.ManagementOversight), "Management and oversight bodies"},
		{string(custos.CivilSociety), "Civil society"},
		{string(custos.NonStateProvider), "Non-state providers"}}
}

// joinNames writes names with their languages: "Armée de Terre (fr); ...".
func joinNames(names []custos.Name) string {
	s := ""
	for i, n := range names {
		if i > 0 {
			s += "; "
		}
		s += n.Value
		if n.Lang != "" {
			s += " (" + n.Lang + ")"
		}
	}
	return s
}

// byID adapts a store method taking an int64 id to a path key.
func byID[T any](fn func(context.Context, int64) (T, error)) func(context.Context, string) (T, error) {
	return func(ctx context.Context, key string) (T, error) {
		id, err := strconv.ParseInt(key, 10, 64)
		if err != nil || id <= 0 {
			var zero T
			return zero, notFound("record")
		}
		return fn(ctx, id)
	}
}

func delByID(fn func(context.Context, int64) error) func(context.Context, string) error {
	return func(ctx context.Context, key string) error {
		id, err := strconv.ParseInt(key, 10, 64)
		if err != nil || id <= 0 {
			return notFound("record")
		}
		return fn(ctx, id)
	}
}
