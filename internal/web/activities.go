package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/custos-ssa/custos"
)

// activities are the events of a program: courses, mobile training teams,
// deliveries, exercises, seminars.
func (s *Server) activities() resource[custos.Activity, custos.ActivityFilter] {
	st := s.store
	return resource[custos.Activity, custos.ActivityFilter]{
		entity: custos.EntityActivity, path: "/activities", singular: "activity", plural: "Activities", section: "Implement",
		intro: "Courses, training teams, deliveries, exercises and seminars, each within a program, with the units and persons who took part.",
		key:   func(a *custos.Activity) string { return itoa(a.ID) }, title: func(a *custos.Activity) string { return a.Title },
		releasability: func(a *custos.Activity) custos.Releasability { return a.Releasability },
		find:          st.FindActivities, get: byID(st.FindActivity), create: st.CreateActivity, update: st.UpdateActivity, del: delByID(st.DeleteActivity),
		blank: func(r *http.Request) *custos.Activity {
			a := &custos.Activity{Kind: "course", Status: "planned", Releasability: custos.Internal}
			if id, err := strconv.ParseInt(r.URL.Query().Get("program_id"), 10, 64); err == nil && id > 0 {
				a.ProgramID = id
				if p, err := st.FindProgram(r.Context(), id); err == nil {
					a.Country = p.Country
				}
			}
			return a
		},
		filters: func(ctx context.Context, f *custos.ActivityFilter) []field {
			fs := []field{
				{Name: "q", Label: "Title", Type: "search", Value: f.Q},
				{Name: "country", Label: "Country of the program", Type: "select", Value: f.Country, Options: countryOptions("Any country")},
				{Name: "kind", Label: "Kind", Type: "select", Value: string(f.Kind), Options: choices(custos.ActivityKinds, "Any kind")},
				{Name: "status", Label: "Status", Type: "select", Value: string(f.Status), Options: choices(custos.ActivityStatuses, "Any status")},
				{Name: "from", Label: "Starting on or after", Type: "date", Value: f.From.String(), Short: true},
				{Name: "to", Label: "Starting on or before", Type: "date", Value: f.To.String(), Short: true},
			}
			if f.ProgramID != 0 {
				fs = append(fs, field{Name: "program_id", Label: "Program (record number)", Type: "number", Value: itoa(f.ProgramID), Short: true,
					Help: s.lookup(ctx).programLink(f.ProgramID).Text})
			}
			if f.ActorID != 0 {
				fs = append(fs, field{Name: "actor_id", Label: "Participating unit (record number)", Type: "number", Value: itoa(f.ActorID), Short: true,
					Help: s.lookup(ctx).actorLink(f.ActorID).Text})
			}
			if f.PersonID != 0 {
				fs = append(fs, field{Name: "person_id", Label: "Participant (record number)", Type: "number", Value: itoa(f.PersonID), Short: true})
			}
			return fs
		},
		table: func(ctx context.Context, list []*custos.Activity) table {
			return s.activityTable(ctx, list, "Activities", "No activity matches these filters.")
		},
		columns: []string{"id", "program_id", "kind", "title", "start", "end", "location", "country", "implementer", "actor_ids", "person_ids",
			"quantity", "cost_usd", "status", "description", "source_dataset", "source_file", "source_page", "source_row", "source_key", "releasability"},
		row: func(a *custos.Activity) []string {
			src := a.Source
			if src == nil {
				src = &custos.SourceRef{}
			}
			return []string{itoa(a.ID), itoa(a.ProgramID), string(a.Kind), a.Title, a.Start.String(), a.End.String(), a.Location, a.Country,
				a.Implementer, joinIDs(a.ActorIDs), joinIDs(a.PersonIDs), strconv.Itoa(a.Quantity), strconv.FormatInt(a.CostUSD, 10),
				string(a.Status), a.Description, src.Dataset, src.File, itoa(int64(src.Page)), itoa(int64(src.Row)), src.Key, a.Releasability.String()}
		},
		form:  s.activityForm,
		parse: parseActivity,
		view:  s.activityView,
	}
}

func (s *Server) activityForm(ctx context.Context, fm *form, a *custos.Activity, isNew bool) {
	l := s.lookup(ctx)
	country := a.Country
	if p := l.program(a.ProgramID); p != nil {
		country = p.Country
	}
	actors := s.actorChoices(ctx, country)
	prog := field{Name: "program_id", Label: "Program (record number)", Type: "number", Value: itoa(a.ProgramID), Required: true, Short: true,
		Help: "The number shown on the program's page. Start from a program's page to fill this in."}
	if a.ProgramID != 0 {
		prog.Help = "Now: " + l.programLink(a.ProgramID).Text + "."
	}
	fm.add(field{Name: "title", Label: "Title", Type: "text", Value: a.Title, Required: true})
	fm.add(prog)
	fm.add(field{Name: "kind", Label: "Kind", Type: "select", Value: string(a.Kind), Options: choices(custos.ActivityKinds, ""), Required: true})
	fm.add(field{Name: "status", Label: "Status", Type: "select", Value: string(a.Status), Options: choices(custos.ActivityStatuses, ""), Required: true})
	fm.add(field{Name: "start", Label: "Start date", Type: "date", Value: a.Start.String(), Short: true})
	fm.add(field{Name: "end", Label: "End date", Type: "date", Value: a.End.String(), Short: true})
	fm.add(field{Name: "location", Label: "Location", Type: "text", Value: a.Location})
	fm.add(field{Name: "country", Label: "Country where it takes place", Type: "select", Value: a.Country, Options: countryOptions("Not set")})
	fm.add(field{Name: "implementer", Label: "Implementer", Type: "text", Value: a.Implementer, Help: "Who delivers it, such as a school or a contractor."})
	fm.add(field{Name: "quantity", Label: "Students or items", Type: "number", Value: itoa(int64(a.Quantity)), Short: true})
	fm.add(field{Name: "cost_usd", Label: "Cost in U.S. dollars", Type: "text", Value: itoa(a.CostUSD)})
	fm.addGroup(group{Name: "actor_ids", Legend: "Participating units", Help: "Every participating unit must hold a current, favourable vetting.", AddLabel: "Add another unit"},
		len(a.ActorIDs), func(i int) []field {
			var id int64
			if i < len(a.ActorIDs) {
				id = a.ActorIDs[i]
			}
			return []field{refField(actors, fmt.Sprintf("actor_ids[%d]", i), fmt.Sprintf("Unit %d", i+1), id, l.actorLink(id), "")}
		})
	fm.addGroup(group{Name: "person_ids", Legend: "Participants", Help: "Person record numbers, from each person's page.", AddLabel: "Add another participant"},
		len(a.PersonIDs), func(i int) []field {
			var id int64
			if i < len(a.PersonIDs) {
				id = a.PersonIDs[i]
			}
			f := field{Name: fmt.Sprintf("person_ids[%d]", i), Label: fmt.Sprintf("Participant %d (record number)", i+1), Type: "number", Value: itoa(id), Short: true}
			if id != 0 {
				f.Help = l.personLink(id).Text
			}
			return []field{f}
		})
	fm.add(field{Name: "description", Label: "Description", Type: "textarea", Value: a.Description})
	fm.add(releasabilityField(principalFrom(ctx), a.Releasability))
}

func parseActivity(v *values, a *custos.Activity) {
	a.Title = v.str("title")
	a.ProgramID = v.int64("program_id", "program_id")
	a.Kind, a.Status = custos.ActivityKind(v.str("kind")), custos.ActivityStatus(v.str("status"))
	a.Start, a.End = v.date("start", "start"), v.date("end", "end")
	a.Location, a.Country, a.Implementer = v.str("location"), v.str("country"), v.str("implementer")
	a.Quantity = int(v.int64("quantity", "quantity"))
	a.CostUSD = v.int64("cost_usd", "cost_usd")
	a.ActorIDs = v.ids("actor_ids")
	a.PersonIDs = v.ids("person_ids")
	a.Description = v.text("description")
	if r := v.releasability("releasability"); r != 0 {
		a.Releasability = r
	}
}

func (s *Server) activityView(ctx context.Context, a *custos.Activity) (viewPage, error) {
	l := s.lookup(ctx)
	var v viewPage
	prog := l.programLink(a.ProgramID)
	if p := l.program(a.ProgramID); p != nil {
		v.Crumbs = []link{countryLink(p.Country), prog}
	}
	v.Facts = []fact{
		{Label: "Program", Text: prog.Text, Href: prog.Href},
		{Label: "Kind", Text: label(a.Kind)},
		{Label: "Status", Text: label(a.Status)},
		{Label: "Dates", Text: dateRange(a.Start, a.End)},
		{Label: "Location", Text: a.Location},
	}
	if a.Country != "" {
		v.Facts = append(v.Facts, fact{Label: "Country", Text: countryName(a.Country), Href: "/countries/" + a.Country})
	}
	v.Facts = append(v.Facts,
		fact{Label: "Implementer", Text: a.Implementer},
		fact{Label: "Students or items", Text: formatInt(a.Quantity)},
		fact{Label: "Cost", Text: formatUSD(a.CostUSD)},
		fact{Label: "Participating units", Links: links(a.ActorIDs, l.actorLink)},
		fact{Label: "Participants", Links: links(a.PersonIDs, l.personLink)},
		fact{Label: "Description", Text: a.Description, Long: true},
	)
	if a.Source != nil {
		v.Facts = append(v.Facts, sourceFact(a.Source))
	}
	// Incidents (issue D): credible-information warnings on the activity.
	if top, sec, ok := s.warningParts(ctx, custos.EntityActivity, a.ID); ok {
		v.Facts = append([]fact{top}, v.Facts...)
		v.Sections = append([]section{sec}, v.Sections...)
	}
	// Vetting (issue C): each participant's Leahy vetting and its expiry.
	if sec, ok := s.participantVettingSection(ctx, a); ok {
		v.Sections = append(v.Sections, sec)
	}
	return v, nil
}

// activityTable draws a page of activities.
func (s *Server) activityTable(ctx context.Context, list []*custos.Activity, caption, empty string) table {
	l := s.lookup(ctx)
	t := table{Caption: caption, Empty: empty, Columns: []column{{Label: "Title"}, {Label: "Program"}, {Label: "Kind"}, {Label: "Start"},
		{Label: "Students or items", Num: true}, {Label: "Cost", Num: true}, {Label: "Status"}, {Label: "Visible to"}}}
	for _, a := range list {
		t.Rows = append(t.Rows, []cell{{Text: a.Title, Href: "/activities/" + itoa(a.ID)}, linkCell(l.programLink(a.ProgramID)), {Text: label(a.Kind)},
			{Text: a.Start.String()}, {Text: formatInt(a.Quantity), Num: true}, {Text: formatUSD(a.CostUSD), Num: true}, {Text: label(a.Status)}, relCell(a.Releasability)})
	}
	return t
}

// activitySection lists activities on another record's page.
func (s *Server) activitySection(ctx context.Context, f custos.ActivityFilter, caption, all string) (section, error) {
	list, next, err := s.store.FindActivities(ctx, f)
	if err != nil {
		return section{}, err
	}
	sec := section{Title: "Activities", Table: s.activityTable(ctx, list, caption, "No activities are recorded.")}
	if next != "" {
		sec.More = link{all, "All activities"}
	}
	return sec, nil
}
