package web

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/custos-ssa/custos"
)

// consultations are the occasions on which civil society was heard about a
// program or a country plan, with each piece of feedback and the program's
// response. The store redacts each record for the reader (see
// custos.Consultation.Redact): these pages show what they are given, and
// say so when identities were withheld.
func (s *Server) consultations() resource[custos.Consultation, custos.ConsultationFilter] {
	st := s.store
	return resource[custos.Consultation, custos.ConsultationFilter]{
		entity: custos.EntityConsultation, path: "/consultations", singular: "consultation", plural: "Civil-society consultations", section: "Monitor",
		intro: "Civil society heard at every stage of a program, with every piece of feedback and what the program did with it. Who was consulted is shown only to those who run consultations.",
		key:   func(c *custos.Consultation) string { return itoa(c.ID) }, title: func(c *custos.Consultation) string { return c.Title },
		releasability: func(c *custos.Consultation) custos.Releasability { return c.Releasability },
		find:          st.FindConsultations, get: byID(st.FindConsultation), create: st.CreateConsultation, update: st.UpdateConsultation, del: delByID(st.DeleteConsultation),
		blank: func(r *http.Request) *custos.Consultation {
			c := &custos.Consultation{Stage: "design", Format: "meeting", Releasability: custos.Internal}
			if id, err := strconv.ParseInt(r.URL.Query().Get("program_id"), 10, 64); err == nil && id > 0 {
				c.ProgramID = id
			} else {
				c.Country = r.URL.Query().Get("country")
			}
			return c
		},
		filters: func(ctx context.Context, f *custos.ConsultationFilter) []field {
			fs := []field{
				{Name: "q", Label: "Title", Type: "search", Value: f.Q},
				{Name: "country", Label: "Country", Type: "select", Value: f.Country, Options: countryOptions("Any country")},
				{Name: "stage", Label: "Stage", Type: "select", Value: string(f.Stage), Options: choices(custos.ConsultationStages, "Any stage")},
				{Name: "format", Label: "Format", Type: "select", Value: string(f.Format), Options: choices(custos.ConsultationFormats, "Any format")},
				{Name: "from", Label: "Held on or after", Type: "date", Value: f.From.String(), Short: true},
				{Name: "to", Label: "Held on or before", Type: "date", Value: f.To.String(), Short: true},
			}
			if f.ProgramID != 0 {
				fs = append(fs, field{Name: "program_id", Label: "Program (record number)", Type: "number", Value: itoa(f.ProgramID), Short: true,
					Help: s.lookup(ctx).programLink(f.ProgramID).Text})
			}
			return fs
		},
		table: func(ctx context.Context, list []*custos.Consultation) table {
			return s.consultationTable(ctx, list, "Civil-society consultations", "No consultation matches these filters.")
		},
		columns: []string{"id", "program_id", "country", "title", "date", "stage", "format", "outside_capital", "organizations_consulted",
			"feedback_received", "feedback_answered", "summary", "releasability"},
		row: func(c *custos.Consultation) []string {
			recv, ans := feedbackCounts(c)
			return []string{itoa(c.ID), itoa(c.ProgramID), c.Country, c.Title, c.Date.String(), string(c.Stage), string(c.Format),
				strconv.FormatBool(c.OutsideCapital), strconv.Itoa(c.OrganizationCount), strconv.Itoa(recv), strconv.Itoa(ans), c.Summary, c.Releasability.String()}
		},
		form:  s.consultationForm,
		parse: parseConsultation,
		view:  s.consultationView,
		// The page adds the "Give feedback" form for partners (consultations_feedback.go).
		viewTemplate: "consultation",
	}
}

// feedbackCounts returns the feedback received and answered (to date).
func feedbackCounts(c *custos.Consultation) (received, answered int) {
	today := custos.DateOf(time.Now())
	for i := range c.Feedback {
		if c.Feedback[i].Answered(today) {
			answered++
		}
	}
	return len(c.Feedback), answered
}

func (s *Server) consultationTable(ctx context.Context, list []*custos.Consultation, caption, empty string) table {
	l := s.lookup(ctx)
	t := table{Caption: caption, Empty: empty, Columns: []column{{Label: "Title"}, {Label: "Program or country plan"}, {Label: "Held"}, {Label: "Stage"},
		{Label: "Format"}, {Label: "Organizations", Num: true}, {Label: "Feedback answered", Num: true}, {Label: "Visible to"}}}
	for _, c := range list {
		about := linkCell(l.programLink(c.ProgramID))
		if c.ProgramID == 0 {
			about = linkCell(countryLink(c.Country))
			about.Text = "Country plan: " + about.Text
		}
		recv, ans := feedbackCounts(c)
		held := c.Date.String()
		if c.OutsideCapital {
			held += " (outside the capital)"
		}
		t.Rows = append(t.Rows, []cell{{Text: c.Title, Href: "/consultations/" + itoa(c.ID)}, about, {Text: held}, {Text: label(c.Stage)},
			{Text: label(c.Format)}, {Text: strconv.Itoa(c.OrganizationCount), Num: true}, {Text: fmt.Sprintf("%d of %d", ans, recv), Num: true}, relCell(c.Releasability)})
	}
	return t
}

func (s *Server) consultationForm(ctx context.Context, fm *form, c *custos.Consultation, isNew bool) {
	l := s.lookup(ctx)
	orgs := s.orgChoices(ctx)
	prog := field{Name: "program_id", Label: "Program (record number)", Type: "number", Value: itoa(c.ProgramID), Short: true,
		Help: "The program civil society was consulted about; start from a program's page to fill this in. Leave empty for a country plan."}
	if c.ProgramID != 0 {
		prog.Help = "Now: " + l.programLink(c.ProgramID).Text + "."
	}
	fm.add(field{Name: "title", Label: "Title", Type: "text", Value: c.Title, Required: true})
	fm.add(prog)
	fm.add(field{Name: "country", Label: "Country plan", Type: "select", Value: c.Country, Options: countryOptions("None (a program's consultation)"),
		Help: "Only for a consultation about a country plan rather than one program."})
	fm.add(field{Name: "date", Label: "Date held", Type: "date", Value: c.Date.String(), Required: true, Short: true})
	fm.add(field{Name: "stage", Label: "Stage of the program", Type: "select", Value: string(c.Stage), Options: choices(custos.ConsultationStages, ""), Required: true})
	fm.add(field{Name: "format", Label: "Format", Type: "select", Value: string(c.Format), Options: choices(custos.ConsultationFormats, ""), Required: true})
	fm.add(field{Name: "place", Label: "Place", Type: "text", Value: c.Place, Help: "Never shown on the public portal."})
	fm.add(field{Name: "outside_capital", Label: "Held outside the capital", Type: "checkbox", Value: "yes", Checked: c.OutsideCapital})
	fm.addGroup(group{Name: "organizations", Legend: "Civil-society organizations consulted",
		Help:     "Tick \"asked not to be named\" when an organization asked for it: then only planners, analysts and administrators see it. No organization is named on the public portal.",
		AddLabel: "Add another organization"},
		len(c.Organizations), func(i int) []field {
			var o custos.Consultee
			if i < len(c.Organizations) {
				o = c.Organizations[i]
			}
			return []field{
				refField(orgs, fmt.Sprintf("organizations[%d].organization_id", i), fmt.Sprintf("Organization %d", i+1), o.OrganizationID, l.orgLink(o.OrganizationID), ""),
				{Name: fmt.Sprintf("organizations[%d].withheld", i), Label: fmt.Sprintf("Organization %d asked not to be named", i+1), Type: "checkbox", Value: "yes", Checked: o.Withheld},
			}
		})
	fm.add(field{Name: "summary", Label: "Public summary", Type: "textarea", Value: c.Summary, Required: true,
		Help: "What was discussed, in words that can be published when the record is public. Name no one."})
	fm.add(field{Name: "notes", Label: "Internal notes", Type: "textarea", Value: c.Notes, Help: "Never shown on the public portal."})
	fm.addGroup(group{Name: "feedback", Legend: "Feedback and the program's responses",
		Help:     "Every piece of feedback is answered: incorporated, partly incorporated, or not incorporated with the reasons. Who raised it is seen only by planners, analysts and administrators. Clear a row's text to remove it.",
		AddLabel: "Add another piece of feedback"},
		len(c.Feedback), func(i int) []field {
			var f custos.Feedback
			if i < len(c.Feedback) {
				f = c.Feedback[i]
			}
			n := func(s string) string { return fmt.Sprintf("feedback[%d].%s", i, s) }
			return []field{
				{Name: n("id"), Type: "hidden", Value: itoa(f.ID)},
				{Name: n("kind"), Label: fmt.Sprintf("Feedback %d: kind", i+1), Type: "select", Value: string(f.Kind), Options: choices(custos.FeedbackKinds, "Choose")},
				{Name: n("text"), Label: fmt.Sprintf("Feedback %d: what was said", i+1), Type: "textarea", Value: f.Text},
				{Name: n("raised_by"), Label: fmt.Sprintf("Feedback %d: raised by (protected)", i+1), Type: "text", Value: f.RaisedBy},
				{Name: n("response"), Label: fmt.Sprintf("Feedback %d: response", i+1), Type: "select", Value: string(f.Response), Options: choices(custos.FeedbackResponses, "")},
				{Name: n("response_text"), Label: fmt.Sprintf("Feedback %d: what was done, or why not", i+1), Type: "textarea", Value: f.ResponseText},
				{Name: n("responded_on"), Label: fmt.Sprintf("Feedback %d: answered on", i+1), Type: "date", Value: f.RespondedOn.String(), Short: true},
			}
		})
	fm.add(releasabilityField(principalFrom(ctx), c.Releasability))
}

// parseConsultation reads the form into c. Each feedback row carries the id
// of the item it shows, so that an edited row keeps its id and a row whose
// text and kind are cleared removes that item; items the form never showed
// (a partner's feedback sent while the form was open) are kept as stored.
func parseConsultation(v *values, c *custos.Consultation) {
	c.Title = v.str("title")
	c.ProgramID = v.int64("program_id", "program_id")
	c.Country = v.str("country")
	c.Date = v.date("date", "date")
	c.Stage, c.Format = custos.ConsultationStage(v.str("stage")), custos.ConsultationFormat(v.str("format"))
	c.Place = v.str("place")
	c.OutsideCapital = v.str("outside_capital") != ""
	c.Organizations = nil
	for i, n := 0, v.rows("organizations"); i < n; i++ {
		name := fmt.Sprintf("organizations[%d].organization_id", i)
		if v.str(name) == "" {
			continue
		}
		j := len(c.Organizations)
		c.Organizations = append(c.Organizations, custos.Consultee{
			OrganizationID: v.int64(name, fmt.Sprintf("organizations[%d].organization_id", j)),
			Withheld:       v.str(fmt.Sprintf("organizations[%d].withheld", i)) != ""})
	}
	c.Summary, c.Notes = v.text("summary"), v.text("notes")
	old := map[int64]custos.Feedback{}
	for _, f := range c.Feedback {
		old[f.ID] = f
	}
	shown := map[int64]bool{}
	var unseen []custos.Feedback
	c.Feedback = nil
	for i, n := 0, v.rows("feedback"); i < n; i++ {
		id, _ := strconv.ParseInt(v.str(fmt.Sprintf("feedback[%d].id", i)), 10, 64)
		prev, known := old[id]
		if known {
			shown[id] = true
		}
		if v.blank("feedback", i, ".kind", ".text") {
			continue
		}
		j := len(c.Feedback)
		f := custos.Feedback{Kind: custos.FeedbackKind(v.str(fmt.Sprintf("feedback[%d].kind", i))), Text: v.text(fmt.Sprintf("feedback[%d].text", i)),
			RaisedBy: v.str(fmt.Sprintf("feedback[%d].raised_by", i)), Response: custos.FeedbackResponse(v.str(fmt.Sprintf("feedback[%d].response", i))),
			ResponseText: v.text(fmt.Sprintf("feedback[%d].response_text", i)),
			RespondedOn:  v.date(fmt.Sprintf("feedback[%d].responded_on", i), fmt.Sprintf("feedback[%d].responded_on", j))}
		if known {
			f.ID, f.RaisedByOrgID = prev.ID, prev.RaisedByOrgID
		}
		c.Feedback = append(c.Feedback, f)
	}
	for id, f := range old {
		if !shown[id] {
			unseen = append(unseen, f)
		}
	}
	slices.SortFunc(unseen, func(a, b custos.Feedback) int { return cmp.Compare(a.ID, b.ID) })
	c.Feedback = append(c.Feedback, unseen...)
	if r := v.releasability("releasability"); r != 0 {
		c.Releasability = r
	}
}

func (s *Server) consultationView(ctx context.Context, c *custos.Consultation) (viewPage, error) {
	l := s.lookup(ctx)
	var v viewPage
	if c.ProgramID != 0 {
		prog := l.programLink(c.ProgramID)
		if p := l.program(c.ProgramID); p != nil {
			v.Crumbs = []link{countryLink(p.Country), prog}
		}
		v.Facts = append(v.Facts, fact{Label: "Program", Text: prog.Text, Href: prog.Href})
	} else {
		cl := countryLink(c.Country)
		v.Facts = append(v.Facts, fact{Label: "Country plan", Text: cl.Text, Href: cl.Href})
	}
	where := "In the capital"
	if c.OutsideCapital {
		where = "Outside the capital"
	}
	if c.Place != "" {
		where = c.Place + " (" + strings.ToLower(where) + ")"
	}
	v.Facts = append(v.Facts,
		fact{Label: "Date held", Text: c.Date.String()},
		fact{Label: "Stage", Text: label(c.Stage)},
		fact{Label: "Format", Text: label(c.Format)},
		fact{Label: "Where", Text: where},
	)
	orgs := fact{Label: "Organizations consulted", Links: links(consulteeIDs(c.Organizations), l.orgLink)}
	for i, o := range c.Organizations {
		if o.Withheld {
			orgs.Links[i].Text += " (asked not to be named)"
		}
	}
	switch {
	case c.OrganizationCount == 0:
		orgs.Text = "None recorded."
	case c.IdentitiesWithheld && len(c.Organizations) == 0:
		orgs.Text = fmt.Sprintf("%d; who they are is withheld to protect them.", c.OrganizationCount)
	case len(c.Organizations) < c.OrganizationCount:
		orgs.Text = fmt.Sprintf("%d in all; %d asked not to be named.", c.OrganizationCount, c.OrganizationCount-len(c.Organizations))
	}
	v.Facts = append(v.Facts, orgs,
		fact{Label: "Public summary", Text: c.Summary, Long: true},
		fact{Label: "Internal notes", Text: c.Notes, Long: true})
	recv, ans := feedbackCounts(c)
	fb := section{Title: "Feedback and responses", Intro: fmt.Sprintf("%d of %d answered.", ans, recv),
		Table: table{Caption: "Feedback raised in " + c.Title + " and the program's responses", Empty: "No feedback is recorded.",
			Columns: []column{{Label: "Kind"}, {Label: "What was said"}, {Label: "Raised by"}, {Label: "Response"}, {Label: "What was done, or why not"}, {Label: "Answered on"}}}}
	for _, f := range c.Feedback {
		by := f.RaisedBy
		if by == "" && c.IdentitiesWithheld {
			by = "Withheld"
		}
		if f.Mine {
			by = "You"
		}
		fb.Table.Rows = append(fb.Table.Rows, []cell{{Text: label(f.Kind)}, {Text: f.Text}, {Text: by}, {Text: label(f.Response)},
			{Text: f.ResponseText}, {Text: f.RespondedOn.String()}})
	}
	v.Sections = append(v.Sections, fb)
	v.Extra = feedbackExtra(ctx, c, nil, nil)
	return v, nil
}

func consulteeIDs(list []custos.Consultee) []int64 {
	ids := make([]int64, len(list))
	for i, o := range list {
		ids[i] = o.OrganizationID
	}
	return ids
}

// consultationSection lists a program's consultations on its page.
func (s *Server) consultationSection(ctx context.Context, programID int64) (section, error) {
	list, next, err := s.store.FindConsultations(ctx, custos.ConsultationFilter{ProgramID: programID, Page: custos.Page{Limit: 20}})
	if err != nil {
		return section{}, err
	}
	sec := section{Title: "Civil-society consultations", Table: s.consultationTable(ctx, list, "Consultations of civil society about this program", "No consultation is recorded.")}
	if next != "" {
		sec.More = link{fmt.Sprintf("/consultations?program_id=%d", programID), "All consultations"}
	}
	if custos.Can(principalFrom(ctx).Role, custos.ActionCreate, custos.EntityConsultation) {
		sec.New = link{fmt.Sprintf("/consultations/new?program_id=%d", programID), "Record a consultation"}
	}
	return sec, nil
}
