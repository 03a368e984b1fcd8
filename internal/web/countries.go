package web

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/custos-ssa/custos"
)

// countries are the partner countries: their list, form, and (in
// country_page.go) the country page with the training delivered there.
func (s *Server) countries() resource[custos.Country, custos.CountryFilter] {
	st := s.store
	return resource[custos.Country, custos.CountryFilter]{
		entity: custos.EntityCountry, path: "/countries", singular: "country", plural: "Countries", section: "Assess",
		intro: "Partner countries and territories (ISO 3166-1). Open a country to see the assistance delivered there, by fiscal year and program.",
		key:   func(c *custos.Country) string { return c.Code }, title: func(c *custos.Country) string { return c.Name },
		releasability: func(c *custos.Country) custos.Releasability { return c.Releasability },
		find:          st.FindCountries, get: st.FindCountry, create: st.CreateCountry, update: st.UpdateCountry, del: st.DeleteCountry,
		blank: func(r *http.Request) *custos.Country { return &custos.Country{Releasability: custos.Public} },
		filters: func(ctx context.Context, f *custos.CountryFilter) []field {
			return []field{
				{Name: "q", Label: "Name or code", Type: "search", Value: f.Q},
				{Name: "region", Label: "Region", Type: "select", Value: f.Region, Options: regionOptions()},
			}
		},
		table: func(ctx context.Context, list []*custos.Country) table {
			t := table{Caption: "Countries", Empty: "No country matches these filters.",
				Columns: []column{{Label: "Code"}, {Label: "Name"}, {Label: "Region"}, {Label: "Sub-region"}, {Label: "Visible to"}}}
			for _, c := range list {
				t.Rows = append(t.Rows, []cell{{Text: c.Code}, {Text: c.Name, Href: "/countries/" + c.Code}, {Text: c.Region}, {Text: c.Subregion}, relCell(c.Releasability)})
			}
			return t
		},
		columns: []string{"code", "alpha3", "numeric", "name", "official_name", "region", "subregion", "alt_names", "releasability"},
		row: func(c *custos.Country) []string {
			return []string{c.Code, c.Alpha3, c.Numeric, c.Name, c.OfficialName, c.Region, c.Subregion, strings.Join(c.AltNames, "; "), c.Releasability.String()}
		},
		form: func(ctx context.Context, fm *form, c *custos.Country, isNew bool) {
			fm.add(field{Name: "code", Label: "ISO 3166-1 alpha-2 code", Type: "text", Value: c.Code, Required: true, Short: true, Readonly: !isNew,
				Help: "Two capital letters, such as ML for Mali. Codes outside ISO 3166-1 must be user-assigned (XK for Kosovo)."})
			fm.add(field{Name: "name", Label: "Name", Type: "text", Value: c.Name, Required: true})
			fm.add(field{Name: "official_name", Label: "Official name", Type: "text", Value: c.OfficialName})
			fm.add(field{Name: "alpha3", Label: "ISO alpha-3 code", Type: "text", Value: c.Alpha3, Short: true,
				Help: "Filled in from ISO 3166-1 for ISO countries when left blank."})
			fm.add(field{Name: "numeric", Label: "ISO numeric code", Type: "text", Value: c.Numeric, Short: true})
			fm.add(field{Name: "region", Label: "Region", Type: "text", Value: c.Region})
			fm.add(field{Name: "subregion", Label: "Sub-region", Type: "text", Value: c.Subregion})
			fm.addGroup(group{Name: "alt_names", Legend: "Other names", Help: "Other spellings used in reports, one per row.", AddLabel: "Add another name"},
				len(c.AltNames), func(i int) []field {
					v := ""
					if i < len(c.AltNames) {
						v = c.AltNames[i]
					}
					return []field{{Name: fmt.Sprintf("alt_names[%d]", i), Label: fmt.Sprintf("Other name %d", i+1), Type: "text", Value: v}}
				})
			fm.add(field{Name: "notes", Label: "Notes", Type: "textarea", Value: c.Notes})
			fm.add(releasabilityField(principalFrom(ctx), c.Releasability))
		},
		parse: func(v *values, c *custos.Country) {
			if c.Code == "" {
				c.Code = strings.ToUpper(v.str("code"))
			}
			c.Name, c.OfficialName = v.str("name"), v.str("official_name")
			c.Alpha3, c.Numeric = strings.ToUpper(v.str("alpha3")), v.str("numeric")
			if iso, ok := custos.ISOCountry(c.Code); ok {
				if c.Alpha3 == "" {
					c.Alpha3 = iso.Alpha3
				}
				if c.Numeric == "" {
					c.Numeric = iso.Numeric
				}
			}
			c.Region, c.Subregion = v.str("region"), v.str("subregion")
			c.AltNames = nil
			for i, n := 0, v.rows("alt_names"); i < n; i++ {
				if s := v.str(fmt.Sprintf("alt_names[%d]", i)); s != "" {
					c.AltNames = append(c.AltNames, s)
				}
			}
			c.Notes = v.text("notes")
			if r := v.releasability("releasability"); r != 0 {
				c.Releasability = r
			}
		},
		view:         s.countryView,
		viewTemplate: "country",
	}
}

// regionOptions lists the ISO regions.
func regionOptions() []option {
	seen := map[string]bool{}
	var regions []string
	for _, c := range custos.ISOCountries() {
		if c.Region != "" && !seen[c.Region] {
			seen[c.Region] = true
			regions = append(regions, c.Region)
		}
	}
	sort.Strings(regions)
	out := []option{{"", "Any region"}}
	for _, r := range regions {
		out = append(out, option{r, r})
	}
	return out
}
