package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/custos-ssa/custos"
)

// programs are assistance to one partner country under one authority.
func (s *Server) programs() resource[custos.Program, custos.ProgramFilter] {
	st := s.store
	return resource[custos.Program, custos.ProgramFilter]{
		entity: custos.EntityProgram, path: "/programs", singular: "program", plural: "Programs", section: "Plan",
		intro: "Assistance to a partner country under one legal authority: who leads it, who receives it, and its budget by fiscal year.",
		key:   func(p *custos.Program) string { return itoa(p.ID) }, title: func(p *custos.Program) string { return p.Title },
		releasability: func(p *custos.Program) custos.Releasability { return p.Releasability },
		find:          st.FindPrograms, get: byID(st.FindProgram), create: st.CreateProgram, update: st.UpdateProgram, del: delByID(st.DeleteProgram),
		blank: func(r *http.Request) *custos.Program {
			return &custos.Program{Country: r.URL.Query().Get("country"), Status: "proposed", Releasability: custos.Internal}
		},
		filters: func(ctx context.Context, f *custos.ProgramFilter) []field {
			fy := ""
			if f.FiscalYear != 0 {
				fy = strconv.Itoa(f.FiscalYear)
			}
			return []field{
				{Name: "q", Label: "Title", Type: "search", Value: f.Q},
				{Name: "country", Label: "Country", Type: "select", Value: f.Country, Options: countryOptions("Any country")},
				anyChoice(refField(s.authorityChoices(ctx), "authority_id", "Authority", f.AuthorityID, s.lookup(ctx).authorityLink(f.AuthorityID), ""), "Any authority"),
				{Name: "status", Label: "Status", Type: "select", Value: string(f.Status), Options: choices(custos.ProgramStatuses, "Any status")},
				{Name: "fiscal_year", Label: "Fiscal year", Type: "number", Value: fy, Short: true},
			}
		},
		table: func(ctx context.Context, list []*custos.Program) table {
			l := s.lookup(ctx)
			t := table{Caption: "Programs", Empty: "No program matches these filters.",
				Columns: []column{{Label: "Title"}, {Label: "Country"}, {Label: "Authority"}, {Label: "Fiscal years"}, {Label: "Budget", Num: true}, {Label: "Status"}, {Label: "Visible to"}}}
			for _, p := range list {
				auth := cell{}
				if a := l.authority(p.AuthorityID); a != nil {
					auth = cell{Text: a.Code, Href: "/authorities/" + itoa(a.ID)}
				}
				t.Rows = append(t.Rows, []cell{{Text: p.Title, Href: "/programs/" + itoa(p.ID)}, linkCell(countryLink(p.Country)), auth,
					{Text: fiscalYears(p.Budget)}, {Text: formatUSD(p.TotalUSD()), Num: true}, {Text: label(p.Status)}, relCell(p.Releasability)})
			}
			return t
		},
		columns: []string{"id", "title", "country", "authority_id", "lead_org_id", "implementer_ids", "objective_category", "icb_domains",
			"activity_type", "recipient_ids", "budget", "total_usd", "start", "end", "status", "description", "source", "releasability"},
		row: func(p *custos.Program) []string {
			var icb []string
			for _, d := range p.ICBDomains {
				icb = append(icb, string(d))
			}
			var budget []string
			for _, b := range p.Budget {
				budget = append(budget, fmt.Sprintf("FY%d:%d", b.FiscalYear, b.AmountUSD))
			}
			return []string{itoa(p.ID), p.Title, p.Country, itoa(p.AuthorityID), itoa(p.LeadOrgID), joinIDs(p.ImplementerIDs),
				string(p.ObjectiveCategory), strings.Join(icb, "; "), string(p.ActivityType), joinIDs(p.RecipientIDs),
				strings.Join(budget, "; "), strconv.FormatInt(p.TotalUSD(), 10), p.Start.String(), p.End.String(), string(p.Status),
				p.Description, sourceText(p.Source), p.Releasability.String()}
		},
		form:  s.programForm,
		parse: parseProgram,
		view:  s.programView,
	}
}

func (s *Server) programForm(ctx context.Context, fm *form, p *custos.Program, isNew bool) {
	l := s.lookup(ctx)
	orgs := s.orgChoices(ctx)
	actors := s.actorChoices(ctx, p.Country)
	fm.add(field{Name: "title", Label: "Title", Type: "text", Value: p.Title, Required: true})
	fm.add(field{Name: "country", Label: "Partner country", Type: "select", Value: p.Country, Options: countryOptions("Choose a country"), Required: true,
		Help: "Recipients are offered from this country's actors once it is saved."})
	fm.add(refField(s.authorityChoices(ctx), "authority_id", "Legal authority", p.AuthorityID, l.authorityLink(p.AuthorityID),
		"The authority and funding account the program uses; it decides which Leahy law applies."))
	fm.add(refField(orgs, "lead_org_id", "Lead agency", p.LeadOrgID, l.orgLink(p.LeadOrgID), ""))
	fm.add(field{Name: "status", Label: "Status", Type: "select", Value: string(p.Status), Options: choices(custos.ProgramStatuses, ""), Required: true})
	fm.add(field{Name: "activity_type", Label: "Type of assistance", Type: "select", Value: string(p.ActivityType), Options: choices(custos.ActivityTypes, "Not set")})
	fm.add(field{Name: "objective_category", Label: "Objective", Type: "select", Value: string(p.ObjectiveCategory), Options: []option{
		{"", "Not set"}, {"operational", "Operational: the partner's forces do a job"}, {"transactional", "Transactional: access, influence or sales"},
		{"governance", "Governance: accountable, effective institutions"}}})
	fm.add(field{Name: "start", Label: "Start date", Type: "date", Value: p.Start.String(), Short: true})
	fm.add(field{Name: "end", Label: "End date", Type: "date", Value: p.End.String(), Short: true})
	icbRows := len(p.ICBDomains)
	fm.addGroup(group{Name: "icb_domains", Legend: "Institutional capacity building domains", AddLabel: "Add another domain"}, icbRows, func(i int) []field {
		v := ""
		if i < len(p.ICBDomains) {
			v = string(p.ICBDomains[i])
		}
		return []field{{Name: fmt.Sprintf("icb_domains[%d]", i), Label: fmt.Sprintf("Domain %d", i+1), Type: "select", Value: v, Options: choices(custos.ICBDomains, "None")}}
	})
	fm.addGroup(group{Name: "budget", Legend: "Budget by fiscal year", Help: "U.S. fiscal year N runs from 1 October of N-1 to 30 September of N. Whole dollars.", AddLabel: "Add another year"},
		len(p.Budget), func(i int) []field {
			var b custos.Budget
			if i < len(p.Budget) {
				b = p.Budget[i]
			}
			fy := ""
			if b.FiscalYear != 0 {
				fy = strconv.Itoa(b.FiscalYear)
			}
			amt := ""
			if i < len(p.Budget) {
				amt = strconv.FormatInt(b.AmountUSD, 10)
			}
			return []field{
				{Name: fmt.Sprintf("budget[%d].fiscal_year", i), Label: fmt.Sprintf("Fiscal year, row %d", i+1), Type: "number", Value: fy, Short: true},
				{Name: fmt.Sprintf("budget[%d].amount_usd", i), Label: fmt.Sprintf("Amount in U.S. dollars, row %d", i+1), Type: "text", Value: amt},
			}
		})
	fm.addGroup(group{Name: "recipient_ids", Legend: "Recipient units", Help: "The partner's units and institutions that receive the assistance. Each must hold a current, favourable vetting.", AddLabel: "Add another recipient"},
		len(p.RecipientIDs), func(i int) []field {
			var id int64
			if i < len(p.RecipientIDs) {
				id = p.RecipientIDs[i]
			}
			return []field{refField(actors, fmt.Sprintf("recipient_ids[%d]", i), fmt.Sprintf("Recipient %d", i+1), id, l.actorLink(id), "")}
		})
	fm.addGroup(group{Name: "implementer_ids", Legend: "Implementing organizations", AddLabel: "Add another implementer"},
		len(p.ImplementerIDs), func(i int) []field {
			var id int64
			if i < len(p.ImplementerIDs) {
				id = p.ImplementerIDs[i]
			}
			return []field{refField(orgs, fmt.Sprintf("implementer_ids[%d]", i), fmt.Sprintf("Implementer %d", i+1), id, l.orgLink(id), "")}
		})
	fm.add(field{Name: "description", Label: "Description", Type: "textarea", Value: p.Description})
	fm.add(releasabilityField(principalFrom(ctx), p.Releasability))
}

func parseProgram(v *values, p *custos.Program) {
	p.Title, p.Country = v.str("title"), v.str("country")
	p.AuthorityID = v.int64("authority_id", "authority_id")
	p.LeadOrgID = v.int64("lead_org_id", "lead_org_id")
	p.Status = custos.ProgramStatus(v.str("status"))
	p.ActivityType = custos.ActivityType(v.str("activity_type"))
	p.ObjectiveCategory = custos.ObjectiveCategory(v.str("objective_category"))
	p.Start, p.End = v.date("start", "start"), v.date("end", "end")
	p.ICBDomains = nil
	for i, n := 0, v.rows("icb_domains"); i < n; i++ {
		if d := v.str(fmt.Sprintf("icb_domains[%d]", i)); d != "" {
			p.ICBDomains = append(p.ICBDomains, custos.ICBDomain(d))
		}
	}
	p.Budget = nil
	for i, n := 0, v.rows("budget"); i < n; i++ {
		if v.blank("budget", i, ".fiscal_year", ".amount_usd") {
			continue
		}
		j := len(p.Budget)
		fy := v.int64(fmt.Sprintf("budget[%d].fiscal_year", i), fmt.Sprintf("budget[%d].fiscal_year", j))
		amt := v.int64(fmt.Sprintf("budget[%d].amount_usd", i), fmt.Sprintf("budget[%d].amount_usd", j))
		p.Budget = append(p.Budget, custos.Budget{FiscalYear: int(fy), AmountUSD: amt})
	}
	p.RecipientIDs = v.ids("recipient_ids")
	p.ImplementerIDs = v.ids("implementer_ids")
	p.Description = v.text("description")
	if r := v.releasability("releasability"); r != 0 {
		p.Releasability = r
	}
}

func (s *Server) programView(ctx context.Context, p *custos.Program) (viewPage, error) {
	l := s.lookup(ctx)
	var v viewPage
	v.Crumbs = []link{countryLink(p.Country)}
	v.Facts = []fact{{Label: "Partner country", Text: countryName(p.Country), Href: "/countries/" + p.Country}}
	if p.AuthorityID != 0 {
		a := l.authorityLink(p.AuthorityID)
		v.Facts = append(v.Facts, fact{Label: "Legal authority", Text: a.Text, Href: a.Href})
		if au := l.authority(p.AuthorityID); au != nil && au.LeahyApplies {
			v.Facts = append(v.Facts, fact{Label: "Leahy law", Text: au.LeahyStatute + " applies: every recipient unit and person must be vetted."})
		}
	}
	if p.LeadOrgID != 0 {
		o := l.orgLink(p.LeadOrgID)
		v.Facts = append(v.Facts, fact{Label: "Lead agency", Text: o.Text, Href: o.Href})
	}
	var icb []string
	for _, d := range p.ICBDomains {
		icb = append(icb, label(d))
	}
	v.Facts = append(v.Facts,
		fact{Label: "Implementers", Links: links(p.ImplementerIDs, l.orgLink)},
		fact{Label: "Status", Text: label(p.Status)},
		fact{Label: "Type of assistance", Text: label(p.ActivityType)},
		fact{Label: "Objective", Text: label(p.ObjectiveCategory)},
		fact{Label: "ICB domains", Text: strings.Join(icb, "; ")},
		fact{Label: "Dates", Text: dateRange(p.Start, p.End)},
		fact{Label: "Recipients", Links: links(p.RecipientIDs, l.actorLink)},
		fact{Label: "Description", Text: p.Description, Long: true},
	)
	if p.Source != nil {
		v.Facts = append(v.Facts, sourceFact(p.Source))
	}
	budget := section{Title: "Budget by fiscal year", Table: table{Caption: "Budget of " + p.Title + " by U.S. fiscal year", Empty: "No budget is recorded.",
		Columns: []column{{Label: "Fiscal year"}, {Label: "Amount (USD)", Num: true}}}}
	for _, b := range p.Budget {
		budget.Table.Rows = append(budget.Table.Rows, []cell{{Text: "FY" + strconv.Itoa(b.FiscalYear)}, {Text: formatUSD(b.AmountUSD), Num: true}})
	}
	if len(p.Budget) > 1 {
		budget.Table.Rows = append(budget.Table.Rows, []cell{{Text: "Total"}, {Text: formatUSD(p.TotalUSD()), Num: true}})
	}
	acts, err := s.activitySection(ctx, custos.ActivityFilter{ProgramID: p.ID, Page: custos.Page{Limit: 20}},
		"Activities of "+p.Title, fmt.Sprintf("/activities?program_id=%d", p.ID))
	if err != nil {
		return v, err
	}
	if custos.Can(principalFrom(ctx).Role, custos.ActionCreate, custos.EntityActivity) {
		acts.New = link{fmt.Sprintf("/activities/new?program_id=%d", p.ID), "Add an activity"}
	}
	v.Sections = []section{budget, acts}
	// Incidents (issue D): credible-information warnings on the program.
	if top, sec, ok := s.warningParts(ctx, custos.EntityProgram, p.ID); ok {
		v.Facts = append([]fact{top}, v.Facts...)
		v.Sections = append([]section{sec}, v.Sections...)
	}
	if custos.Can(principalFrom(ctx).Role, custos.ActionRead, custos.EntityIncident) {
		v.Facts = append(v.Facts, fact{Label: "Incidents", Links: []link{{fmt.Sprintf("/incident-trends?program_id=%d", p.ID), "Incident trends in its area of operation (its country, over its dates)"}}})
	}
	// Conditionality and M&E (issue E): the program's results chain and conditions.
	v.Facts = append(v.Facts, fact{Label: "Results and conditions", Links: []link{{"/programs/" + itoa(p.ID) + "/results", "Results chain, indicators and measurements"},
		{fmt.Sprintf("/conditions?program_id=%d", p.ID), "Conditions"}, {fmt.Sprintf("/program-evaluations?program_id=%d", p.ID), "Evaluations"}}})
	// Civil-society consultations of the program.
	if sec, err := s.consultationSection(ctx, p.ID); err == nil {
		v.Sections = append(v.Sections, sec)
	}
	return v, nil
}

// programSection lists programs on another record's page.
func (s *Server) programSection(ctx context.Context, f custos.ProgramFilter, caption, all string) (section, error) {
	list, next, err := s.store.FindPrograms(ctx, f)
	if err != nil {
		return section{}, err
	}
	l := s.lookup(ctx)
	sec := section{Title: "Programs", Table: table{Caption: caption, Empty: "No programs are recorded.",
		Columns: []column{{Label: "Title"}, {Label: "Authority"}, {Label: "Fiscal years"}, {Label: "Status"}}}}
	for _, p := range list {
		auth := cell{}
		if a := l.authority(p.AuthorityID); a != nil {
			auth = cell{Text: a.Code, Href: "/authorities/" + itoa(a.ID)}
		}
		sec.Table.Rows = append(sec.Table.Rows, []cell{{Text: p.Title, Href: "/programs/" + itoa(p.ID)}, auth, {Text: fiscalYears(p.Budget)}, {Text: label(p.Status)}})
	}
	if next != "" {
		sec.More = link{all, "All programs"}
	}
	return sec, nil
}

// fiscalYears writes the span of a budget's fiscal years: "FY2019–FY2021".
func fiscalYears(b []custos.Budget) string {
	if len(b) == 0 {
		return ""
	}
	lo, hi := b[0].FiscalYear, b[0].FiscalYear
	for _, x := range b {
		lo, hi = min(lo, x.FiscalYear), max(hi, x.FiscalYear)
	}
	if lo == hi {
		return fmt.Sprintf("FY%d", lo)
	}
	return fmt.Sprintf("FY%d–FY%d", lo, hi)
}

// dateRange writes "2024-01-02 to 2024-03-01", or one end.
func dateRange(a, b custos.Date) string {
	switch {
	case a.IsZero() && b.IsZero():
		return ""
	case b.IsZero():
		return "from " + a.String()
	case a.IsZero():
		return "until " + b.String()
	}
	return a.String() + " to " + b.String()
}

// joinIDs writes ids separated by semicolons.
func joinIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, "; ")
}

// sourceText writes a source reference on one line for exports.
func sourceText(s *custos.SourceRef) string {
	if s == nil {
		return ""
	}
	out := s.Dataset + ":" + s.Key
	if s.File != "" {
		out += " file " + s.File
	}
	if s.Page != 0 {
		out += fmt.Sprintf(" page %d", s.Page)
	}
	if s.Row != 0 {
		out += fmt.Sprintf(" row %d", s.Row)
	}
	return out
}

// sourceFact shows where a record was imported from, so that its figures
// trace to the dataset, file, page and row.
func sourceFact(s *custos.SourceRef) fact {
	parts := []string{"Dataset " + s.Dataset}
	if s.File != "" {
		parts = append(parts, "file "+s.File)
	}
	if s.Page != 0 {
		parts = append(parts, fmt.Sprintf("page %d", s.Page))
	}
	if s.Row != 0 {
		parts = append(parts, fmt.Sprintf("row %d", s.Row))
	}
	parts = append(parts, "key "+s.Key)
	f := fact{Label: "Source", Text: strings.Join(parts, ", ")}
	if s.URL != "" {
		f.Links = []link{{s.URL, "Read the source"}}
	}
	return f
}
