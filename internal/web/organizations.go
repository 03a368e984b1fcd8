package web

import (
	"context"
	"fmt"
	"net/http"

	"github.com/custos-ssa/custos"
)

// organizations are donor agencies, implementers, other donors and
// civil-society organizations.
func (s *Server) organizations() resource[custos.Organization, custos.OrganizationFilter] {
	st := s.store
	return resource[custos.Organization, custos.OrganizationFilter]{
		entity: custos.EntityOrganization, path: "/organizations", singular: "organization", plural: "Organizations", section: "Plan",
		intro: "U.S. agencies that fund and lead assistance, the institutes and contractors that deliver it, other donors and civil-society organizations.",
		key:   func(o *custos.Organization) string { return itoa(o.ID) }, title: func(o *custos.Organization) string { return o.Name },
		releasability: func(o *custos.Organization) custos.Releasability { return o.Releasability },
		find:          st.FindOrganizations, get: byID(st.FindOrganization), create: st.CreateOrganization, update: st.UpdateOrganization, del: delByID(st.DeleteOrganization),
		blank: func(r *http.Request) *custos.Organization { return &custos.Organization{Releasability: custos.Public} },
		filters: func(ctx context.Context, f *custos.OrganizationFilter) []field {
			return []field{
				{Name: "q", Label: "Name or abbreviation", Type: "search", Value: f.Q},
				{Name: "kind", Label: "Kind", Type: "select", Value: string(f.Kind), Options: choices(custos.OrganizationKinds, "Any kind")},
			}
		},
		table: func(ctx context.Context, list []*custos.Organization) table {
			l := s.lookup(ctx)
			t := table{Caption: "Organizations", Empty: "No organization matches these filters.",
				Columns: []column{{Label: "Name"}, {Label: "Abbreviation"}, {Label: "Kind"}, {Label: "Part of"}, {Label: "Visible to"}}}
			for _, o := range list {
				parent := cell{}
				if o.ParentID != 0 {
					parent = linkCell(l.orgLink(o.ParentID))
				}
				t.Rows = append(t.Rows, []cell{{Text: o.Name, Href: "/organizations/" + itoa(o.ID)}, {Text: o.Abbrev}, {Text: label(o.Kind)}, parent, relCell(o.Releasability)})
			}
			return t
		},
		columns: []string{"id", "name", "abbrev", "kind", "country", "parent_id", "website", "description", "releasability"},
		row: func(o *custos.Organization) []string {
			return []string{itoa(o.ID), o.Name, o.Abbrev, string(o.Kind), o.Country, itoa(o.ParentID), o.Website, o.Description, o.Releasability.String()}
		},
		form: func(ctx context.Context, fm *form, o *custos.Organization, isNew bool) {
			l := s.lookup(ctx)
			fm.add(field{Name: "name", Label: "Name", Type: "text", Value: o.Name, Required: true})
			fm.add(field{Name: "abbrev", Label: "Abbreviation", Type: "text", Value: o.Abbrev, Short: true})
			fm.add(field{Name: "kind", Label: "Kind", Type: "select", Value: string(o.Kind), Options: choices(custos.OrganizationKinds, "Choose a kind"), Required: true})
			fm.add(field{Name: "country", Label: "Based in", Type: "select", Value: o.Country, Options: countryOptions("Not set")})
			fm.add(refField(s.orgChoices(ctx), "parent_id", "Part of", o.ParentID, l.orgLink(o.ParentID), "The department or agency this organization belongs to."))
			fm.add(field{Name: "website", Label: "Website", Type: "url", Value: o.Website})
			fm.add(field{Name: "description", Label: "Description", Type: "textarea", Value: o.Description})
			fm.add(releasabilityField(principalFrom(ctx), o.Releasability))
		},
		parse: func(v *values, o *custos.Organization) {
			o.Name, o.Abbrev, o.Kind = v.str("name"), v.str("abbrev"), custos.OrganizationKind(v.str("kind"))
			o.Country, o.Website, o.Description = v.str("country"), v.str("website"), v.text("description")
			o.ParentID = v.int64("parent_id", "parent_id")
			if r := v.releasability("releasability"); r != 0 {
				o.Releasability = r
			}
		},
		view: func(ctx context.Context, o *custos.Organization) (viewPage, error) {
			l := s.lookup(ctx)
			var v viewPage
			v.Facts = []fact{{Label: "Abbreviation", Text: o.Abbrev}, {Label: "Kind", Text: label(o.Kind)}, {Label: "Based in", Text: countryName(o.Country)}}
			if o.ParentID != 0 {
				p := l.orgLink(o.ParentID)
				v.Facts = append(v.Facts, fact{Label: "Part of", Text: p.Text, Href: p.Href})
			}
			if o.Website != "" {
				v.Facts = append(v.Facts, fact{Label: "Website", Links: []link{{o.Website, o.Website}}})
			}
			v.Facts = append(v.Facts, fact{Label: "Description", Text: o.Description, Long: true})
			progs, err := s.programSection(ctx, custos.ProgramFilter{LeadOrgID: o.ID, Page: custos.Page{Limit: 20}},
				"Programs led by "+o.Name, fmt.Sprintf("/programs?lead_org_id=%d", o.ID))
			if err != nil {
				return v, err
			}
			progs.Title = "Programs it leads"
			v.Sections = []section{progs}
			return v, nil
		},
	}
}

// authorities are the legal authorities and funding accounts of assistance.
func (s *Server) authorities() resource[custos.Authority, custos.AuthorityFilter] {
	st := s.store
	return resource[custos.Authority, custos.AuthorityFilter]{
		entity: custos.EntityAuthority, path: "/authorities", singular: "authority", plural: "Authorities", section: "Plan",
		intro: "The laws and funding accounts under which assistance is given, and whether a Leahy law applies. These are flags to consult counsel, not legal advice.",
		key:   func(a *custos.Authority) string { return itoa(a.ID) }, title: func(a *custos.Authority) string { return a.Code + " — " + a.Name },
		releasability: func(a *custos.Authority) custos.Releasability { return a.Releasability },
		find:          st.FindAuthorities, get: byID(st.FindAuthority), create: st.CreateAuthority, update: st.UpdateAuthority, del: delByID(st.DeleteAuthority),
		blank: func(r *http.Request) *custos.Authority { return &custos.Authority{Releasability: custos.Public} },
		filters: func(ctx context.Context, f *custos.AuthorityFilter) []field {
			return []field{
				{Name: "q", Label: "Code or name", Type: "search", Value: f.Q},
				{Name: "agency", Label: "Agency", Type: "text", Value: f.Agency, Short: true},
				{Name: "leahy", Label: "Leahy law applies", Type: "select", Value: f.Leahy, Options: []option{{"", "Either"}, {"yes", "Yes"}, {"no", "No"}}},
			}
		},
		table: func(ctx context.Context, list []*custos.Authority) table {
			t := table{Caption: "Authorities", Empty: "No authority matches these filters.",
				Columns: []column{{Label: "Code"}, {Label: "Name"}, {Label: "Agency"}, {Label: "Citation"}, {Label: "Leahy law"}, {Label: "Visible to"}}}
			for _, a := range list {
				leahy := "Does not apply"
				if a.LeahyApplies {
					leahy = a.LeahyStatute
				}
				t.Rows = append(t.Rows, []cell{{Text: a.Code, Href: "/authorities/" + itoa(a.ID)}, {Text: a.Name}, {Text: a.Agency}, {Text: a.Citation}, {Text: leahy}, relCell(a.Releasability)})
			}
			return t
		},
		columns: []string{"id", "code", "name", "agency", "citation", "purpose", "leahy_applies", "leahy_statute", "restrictions", "notes", "releasability"},
		row: func(a *custos.Authority) []string {
			return []string{itoa(a.ID), a.Code, a.Name, a.Agency, a.Citation, a.Purpose, fmt.Sprint(a.LeahyApplies), a.LeahyStatute, a.Restrictions, a.Notes, a.Releasability.String()}
		},
		form: func(ctx context.Context, fm *form, a *custos.Authority, isNew bool) {
			fm.add(field{Name: "code", Label: "Code", Type: "text", Value: a.Code, Required: true, Short: true, Help: "Short and unique, such as IMET or 10 USC 333."})
			fm.add(field{Name: "name", Label: "Name", Type: "text", Value: a.Name, Required: true})
			fm.add(field{Name: "agency", Label: "Administering agency", Type: "text", Value: a.Agency, Required: true, Help: "State, DoD, USAID, DoJ..."})
			fm.add(field{Name: "citation", Label: "Citation", Type: "text", Value: a.Citation, Required: true, Help: "The statute, such as 22 U.S.C. 2347."})
			fm.add(field{Name: "purpose", Label: "Purpose", Type: "textarea", Value: a.Purpose})
			fm.add(field{Name: "leahy_applies", Label: "A Leahy law applies to assistance under this authority", Type: "checkbox", Value: "true", Checked: a.LeahyApplies})
			fm.add(field{Name: "leahy_statute", Label: "Which Leahy law", Type: "select", Value: a.LeahyStatute, Options: []option{
				{"", "None"}, {custos.LeahyState, custos.LeahyState + " (State Department)"}, {custos.LeahyDefense, custos.LeahyDefense + " (Department of Defense)"}}})
			fm.add(field{Name: "restrictions", Label: "Restrictions, in plain words", Type: "textarea", Value: a.Restrictions})
			fm.add(field{Name: "notes", Label: "Notes", Type: "textarea", Value: a.Notes})
			fm.add(releasabilityField(principalFrom(ctx), a.Releasability))
		},
		parse: func(v *values, a *custos.Authority) {
			a.Code, a.Name, a.Agency, a.Citation = v.str("code"), v.str("name"), v.str("agency"), v.str("citation")
			a.Purpose, a.Restrictions, a.Notes = v.text("purpose"), v.text("restrictions"), v.text("notes")
			a.LeahyApplies, a.LeahyStatute = v.str("leahy_applies") == "true", v.str("leahy_statute")
			if r := v.releasability("releasability"); r != 0 {
				a.Releasability = r
			}
		},
		view: func(ctx context.Context, a *custos.Authority) (viewPage, error) {
			var v viewPage
			leahy := "Does not apply"
			if a.LeahyApplies {
				leahy = a.LeahyStatute + " applies: every recipient unit and person must be vetted."
			}
			v.Facts = []fact{{Label: "Code", Text: a.Code}, {Label: "Agency", Text: a.Agency}, {Label: "Citation", Text: a.Citation},
				{Label: "Leahy law", Text: leahy}, {Label: "Purpose", Text: a.Purpose, Long: true},
				{Label: "Restrictions", Text: a.Restrictions, Long: true}, {Label: "Notes", Text: a.Notes, Long: true}}
			progs, err := s.programSection(ctx, custos.ProgramFilter{AuthorityID: a.ID, Page: custos.Page{Limit: 20}},
				"Programs under "+a.Code, fmt.Sprintf("/programs?authority_id=%d", a.ID))
			if err != nil {
				return v, err
			}
			v.Sections = []section{progs}
			return v, nil
		},
	}
}
