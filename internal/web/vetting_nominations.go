package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/custos-ssa/custos"
)

// nominations are the Vet stage's queue: units and persons put forward for
// Leahy vetting, for an activity or a program. Only vetters and
// administrators may open these pages; the store refuses everyone else, and
// the navigation offers them no link.
//
// The list, its exports, the nomination form and its save reuse the
// resource handlers; a nomination's own page (hits, judgements, decisions)
// is drawn by nominationPage, and nominations are never edited or deleted:
// a withdrawn nomination is decided "withdrawn".
func (s *Server) nominations() resource[custos.Nomination, custos.NominationFilter] {
	st := s.store
	return resource[custos.Nomination, custos.NominationFilter]{
		entity: custos.EntityVetting, path: "/vetting/nominations", singular: "nomination", plural: "Vetting nominations", section: "Vet",
		intro: "Units and persons put forward for Leahy vetting, with where each stands. Open a nomination to screen it, judge its hits and decide it.",
		key:   func(n *custos.Nomination) string { return itoa(n.ID) }, title: nominationTitle,
		releasability: func(*custos.Nomination) custos.Releasability { return custos.Protected },
		find:          st.FindNominations, get: byID(st.FindNomination), create: st.CreateNomination,
		blank: func(r *http.Request) *custos.Nomination {
			n := &custos.Nomination{}
			q := r.URL.Query()
			for _, p := range []struct {
				name string
				into *int64
			}{{"actor_id", &n.ActorID}, {"person_id", &n.PersonID}, {"activity_id", &n.ActivityID}, {"program_id", &n.ProgramID}} {
				if id, err := strconv.ParseInt(q.Get(p.name), 10, 64); err == nil && id > 0 {
					*p.into = id
				}
			}
			return n
		},
		filters: s.nominationFilters,
		table: func(ctx context.Context, list []*custos.Nomination) table {
			return s.nominationTable(ctx, list, "Vetting nominations", "No nomination matches these filters.")
		},
		columns: []string{"id", "subject", "actor_id", "person_id", "subject_name", "activity_id", "program_id", "state", "screened_at",
			"nominated_by", "created_at", "notes"},
		row: func(n *custos.Nomination) []string {
			kind := "unit"
			if n.PersonID > 0 {
				kind = "person"
			}
			return []string{itoa(n.ID), kind, itoa(n.ActorID), itoa(n.PersonID), n.SubjectName, itoa(n.ActivityID), itoa(n.ProgramID),
				string(n.State), timeText(n.ScreenedAt), n.NominatedBy, timeText(n.CreatedAt), n.Notes}
		},
		form:  s.nominationForm,
		parse: parseNomination,
	}
}

// nominationTitle names a nomination by its subject.
func nominationTitle(n *custos.Nomination) string {
	if n.SubjectName != "" {
		return "Vetting of " + n.SubjectName
	}
	return "Vetting of " + n.Subject()
}

func (s *Server) nominationFilters(ctx context.Context, f *custos.NominationFilter) []field {
	l := s.lookup(ctx)
	yes := func(b bool) string {
		if b {
			return "true"
		}
		return ""
	}
	fs := []field{
		{Name: "undecided", Label: "Decision", Type: "select", Value: yes(f.Undecided),
			Options: []option{{"", "Decided or not"}, {"true", "No decision in force (the queue)"}}},
		{Name: "unscreened", Label: "Screening", Type: "select", Value: yes(f.Unscreened),
			Options: []option{{"", "Screened or not"}, {"true", "Not yet screened"}}},
		{Name: "program_id", Label: "Program (number)", Type: "number", Value: itoa(f.ProgramID), Short: true},
		{Name: "activity_id", Label: "Activity (number)", Type: "number", Value: itoa(f.ActivityID), Short: true},
		{Name: "actor_id", Label: "Unit (number)", Type: "number", Value: itoa(f.ActorID), Short: true},
		{Name: "person_id", Label: "Person (number)", Type: "number", Value: itoa(f.PersonID), Short: true},
	}
	if f.ProgramID != 0 {
		fs[2].Help = l.programLink(f.ProgramID).Text
	}
	if f.ActivityID != 0 {
		fs[3].Help = s.activityLink(ctx, f.ActivityID).Text
	}
	if f.ActorID != 0 {
		fs[4].Help = l.actorLink(f.ActorID).Text
	}
	if f.PersonID != 0 {
		fs[5].Help = l.personLink(f.PersonID).Text
	}
	return fs
}

// nominationTable draws a page of nominations.
func (s *Server) nominationTable(ctx context.Context, list []*custos.Nomination, caption, empty string) table {
	l := s.lookup(ctx)
	t := table{Caption: caption, Empty: empty, Columns: []column{{Label: "Subject"}, {Label: "Kind"}, {Label: "For"}, {Label: "Standing"},
		{Label: "Screened"}, {Label: "Nominated by"}, {Label: "Nominated on"}}}
	for _, n := range list {
		kind, subject := "Unit", n.SubjectName
		if n.PersonID > 0 {
			kind = "Person"
		}
		if subject == "" {
			subject = n.Subject()
		}
		var target link
		switch {
		case n.ActivityID != 0:
			target = s.activityLink(ctx, n.ActivityID)
		case n.ProgramID != 0:
			target = l.programLink(n.ProgramID)
		}
		screened := "Not yet"
		if !n.ScreenedAt.IsZero() {
			screened = dayText(n.ScreenedAt)
		}
		t.Rows = append(t.Rows, []cell{{Text: subject, Href: "/vetting/nominations/" + itoa(n.ID)}, {Text: kind}, linkCell(target),
			stateCell(n.State), {Text: screened}, {Text: n.NominatedBy}, {Text: dayText(n.CreatedAt)}})
	}
	return t
}

// stateCell shows a vetting standing as a coloured tag with words.
func stateCell(st custos.VettingState) cell {
	return cell{Text: stateLabel(st), Tag: "vet-" + string(st)}
}

// stateLabel says a vetting standing in words.
func stateLabel(st custos.VettingState) string {
	switch st {
	case custos.VettingMissing:
		return "not vetted"
	case custos.VettingPending:
		return "pending"
	case "":
		return "unknown"
	}
	return string(st)
}

// activityLink links to an activity by title, or says it is not visible.
func (s *Server) activityLink(ctx context.Context, id int64) link {
	if id == 0 {
		return link{}
	}
	if a, err := s.store.FindActivity(ctx, id); err == nil {
		return link{"/activities/" + itoa(id), a.Title}
	}
	return link{"", hidden("Activity", id)}
}

func (s *Server) nominationForm(ctx context.Context, fm *form, n *custos.Nomination, _ bool) {
	l := s.lookup(ctx)
	unit := field{Name: "actor_id", Label: "Unit (record number)", Type: "number", Value: itoa(n.ActorID), Short: true,
		Help: "The number on the unit's page. Give a unit or a person, not both: nominate each on its own."}
	if n.ActorID != 0 {
		unit.Help = "Now: " + l.actorLink(n.ActorID).Text + ". " + unit.Help
	}
	person := field{Name: "person_id", Label: "Person (record number)", Type: "number", Value: itoa(n.PersonID), Short: true,
		Help: "The number on the person's page."}
	if n.PersonID != 0 {
		person.Help = "Now: " + l.personLink(n.PersonID).Text + ". " + person.Help
	}
	act := field{Name: "activity_id", Label: "For the activity (record number)", Type: "number", Value: itoa(n.ActivityID), Short: true,
		Help: "The activity the nominee would take part in; or give the program below."}
	if n.ActivityID != 0 {
		act.Help = "Now: " + s.activityLink(ctx, n.ActivityID).Text + "."
	}
	prog := field{Name: "program_id", Label: "For the program (record number)", Type: "number", Value: itoa(n.ProgramID), Short: true,
		Help: "The program the nominee would receive assistance from."}
	if n.ProgramID != 0 {
		prog.Help = "Now: " + l.programLink(n.ProgramID).Text + "."
	}
	fm.add(unit)
	fm.add(person)
	fm.add(act)
	fm.add(prog)
	fm.add(field{Name: "notes", Label: "Notes for the vetters", Type: "textarea", Value: n.Notes})
}

func parseNomination(v *values, n *custos.Nomination) {
	n.ActorID = v.int64("actor_id", "actor_id")
	n.PersonID = v.int64("person_id", "person_id")
	n.ActivityID = v.int64("activity_id", "activity_id")
	n.ProgramID = v.int64("program_id", "program_id")
	n.Notes = v.text("notes")
}

// dayText writes the day of a time, "" for none.
func dayText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}

// timeText writes a time to the minute, in UTC, "" for none.
func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}
