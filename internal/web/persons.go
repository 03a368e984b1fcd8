package web

import (
	"context"
	"fmt"
	"net/http"

	"github.com/custos-ssa/custos"
)

// persons are individuals: nominees for training, commanders named in
// reports. Their records are restricted by default: they are personal data.
func (s *Server) persons() resource[custos.Person, custos.PersonFilter] {
	st := s.store
	return resource[custos.Person, custos.PersonFilter]{
		entity: custos.EntityPerson, path: "/persons", singular: "person", plural: "Persons", section: "Vet",
		intro: "Individuals nominated for assistance or named in reports. Person records are personal data: restricted unless marked otherwise.",
		key:   func(p *custos.Person) string { return itoa(p.ID) }, title: func(p *custos.Person) string { return p.Name },
		releasability: func(p *custos.Person) custos.Releasability { return p.Releasability },
		find:          st.FindPersons, get: byID(st.FindPerson), create: st.CreatePerson, update: st.UpdatePerson, del: delByID(st.DeletePerson),
		blank: func(r *http.Request) *custos.Person { return &custos.Person{Releasability: custos.Restricted} },
		filters: func(ctx context.Context, f *custos.PersonFilter) []field {
			fs := []field{
				{Name: "q", Label: "Name", Type: "search", Value: f.Q},
				{Name: "nationality", Label: "Nationality", Type: "select", Value: f.Nationality, Options: countryOptions("Any nationality")},
			}
			if f.ActorID != 0 {
				fs = append(fs, field{Name: "actor_id", Label: "Member of unit (record number)", Type: "number", Value: itoa(f.ActorID), Short: true,
					Help: s.lookup(ctx).actorLink(f.ActorID).Text})
			}
			return fs
		},
		table: func(ctx context.Context, list []*custos.Person) table {
			t := table{Caption: "Persons", Empty: "No person you may see matches these filters.",
				Columns: []column{{Label: "Name"}, {Label: "Rank"}, {Label: "Nationality"}, {Label: "Born"}, {Label: "Visible to"}}}
			for _, p := range list {
				t.Rows = append(t.Rows, []cell{{Text: p.Name, Href: "/persons/" + itoa(p.ID)}, {Text: p.Rank}, {Text: countryName(p.Nationality)},
					{Text: p.BirthDate.String()}, relCell(p.Releasability)})
			}
			return t
		},
		columns: []string{"id", "name", "other_names", "birth_date", "gender", "nationality", "rank", "memberships", "notes", "releasability"},
		row: func(p *custos.Person) []string {
			ms := ""
			for i, m := range p.Memberships {
				if i > 0 {
					ms += "; "
				}
				ms += fmt.Sprintf("%d %s %s..%s", m.ActorID, m.Position, m.From, m.To)
			}
			return []string{itoa(p.ID), p.Name, joinNames(p.Names), p.BirthDate.String(), string(p.Gender), p.Nationality, p.Rank, ms, p.Notes, p.Releasability.String()}
		},
		form: func(ctx context.Context, fm *form, p *custos.Person, isNew bool) {
			l := s.lookup(ctx)
			fm.add(field{Name: "name", Label: "Full name", Type: "text", Value: p.Name, Required: true})
			fm.addGroup(group{Name: "names", Legend: "Other names and spellings", Help: "Names in other scripts or transliterations, with a language tag such as ar or ru-Latn.", AddLabel: "Add another name"},
				len(p.Names), nameRow(p.Names))
			fm.add(field{Name: "birth_date", Label: "Date of birth", Type: "text", Value: p.BirthDate.String(), Short: true,
				Help: "YYYY, YYYY-MM or YYYY-MM-DD: as much as is known."})
			fm.add(field{Name: "gender", Label: "Gender", Type: "select", Value: string(p.Gender), Options: choices(custos.Genders, "Not recorded")})
			fm.add(field{Name: "nationality", Label: "Nationality", Type: "select", Value: p.Nationality, Options: countryOptions("Not recorded")})
			fm.add(field{Name: "rank", Label: "Rank or title", Type: "text", Value: p.Rank})
			fm.addGroup(group{Name: "memberships", Legend: "Units served in", Help: "Unit record numbers, with position and period (YYYY, YYYY-MM or YYYY-MM-DD).", AddLabel: "Add another unit"},
				len(p.Memberships), func(i int) []field {
					var m custos.Membership
					if i < len(p.Memberships) {
						m = p.Memberships[i]
					}
					unit := field{Name: fmt.Sprintf("memberships[%d].actor_id", i), Label: fmt.Sprintf("Unit %d (record number)", i+1), Type: "number", Value: itoa(m.ActorID), Short: true}
					if m.ActorID != 0 {
						unit.Help = l.actorLink(m.ActorID).Text
					}
					return []field{unit,
						{Name: fmt.Sprintf("memberships[%d].position", i), Label: fmt.Sprintf("Position in unit %d", i+1), Type: "text", Value: m.Position},
						{Name: fmt.Sprintf("memberships[%d].from", i), Label: fmt.Sprintf("From, unit %d", i+1), Type: "text", Value: m.From.String(), Short: true},
						{Name: fmt.Sprintf("memberships[%d].to", i), Label: fmt.Sprintf("To, unit %d", i+1), Type: "text", Value: m.To.String(), Short: true},
					}
				})
			fm.add(field{Name: "notes", Label: "Notes", Type: "textarea", Value: p.Notes})
			fm.add(releasabilityField(principalFrom(ctx), p.Releasability))
		},
		parse: func(v *values, p *custos.Person) {
			p.Name = v.str("name")
			p.Names = v.names("names")
			p.BirthDate = v.partialDate("birth_date", "birth_date")
			p.Gender, p.Nationality, p.Rank = custos.Gender(v.str("gender")), v.str("nationality"), v.str("rank")
			p.Memberships = nil
			for i, n := 0, v.rows("memberships"); i < n; i++ {
				if v.blank("memberships", i, ".actor_id", ".position", ".from", ".to") {
					continue
				}
				j := len(p.Memberships)
				in, at := fmt.Sprintf("memberships[%d].", i), fmt.Sprintf("memberships[%d].", j)
				p.Memberships = append(p.Memberships, custos.Membership{
					ActorID: v.int64(in+"actor_id", at+"actor_id"), Position: v.str(in + "position"),
					From: v.partialDate(in+"from", at+"from"), To: v.partialDate(in+"to", at+"to")})
			}
			p.Notes = v.text("notes")
			if r := v.releasability("releasability"); r != 0 {
				p.Releasability = r
			}
		},
		view: func(ctx context.Context, p *custos.Person) (viewPage, error) {
			l := s.lookup(ctx)
			var v viewPage
			v.Facts = []fact{
				{Label: "Other names", Text: joinNames(p.Names)},
				{Label: "Date of birth", Text: p.BirthDate.String()},
				{Label: "Gender", Text: label(p.Gender)},
				{Label: "Nationality", Text: countryName(p.Nationality)},
				{Label: "Rank or title", Text: p.Rank},
				{Label: "Notes", Text: p.Notes, Long: true},
			}
			units := section{Title: "Units served in", Table: table{Caption: "Units " + p.Name + " served in", Empty: "No units are recorded.",
				Columns: []column{{Label: "Unit"}, {Label: "Position"}, {Label: "From"}, {Label: "To"}}}}
			for _, m := range p.Memberships {
				units.Table.Rows = append(units.Table.Rows, []cell{linkCell(l.actorLink(m.ActorID)), {Text: m.Position}, {Text: m.From.String()}, {Text: m.To.String()}})
			}
			acts, err := s.activitySection(ctx, custos.ActivityFilter{PersonID: p.ID, Page: custos.Page{Limit: 20}},
				"Activities in which "+p.Name+" took part", fmt.Sprintf("/activities?person_id=%d", p.ID))
			if err != nil {
				return v, err
			}
			v.Sections = []section{units, acts}
			return v, nil
		},
	}
}
