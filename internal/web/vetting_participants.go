package web

import (
	"context"
	"fmt"

	"github.com/custos-ssa/custos"
)

// participantVettingSection lists each participating unit and person of an
// activity with the standing of their Leahy vetting and its expiry. Staff
// who may see the activity's participants see the standing; vetters also
// get a link to the subject's nominations, or to nominate it. Partners and
// anonymous visitors get no section: the store refuses them, and the
// standing of a vetting is not public.
func (s *Server) participantVettingSection(ctx context.Context, a *custos.Activity) (section, bool) {
	list, err := s.store.ActivityVetting(ctx, a.ID)
	if err != nil || len(list) == 0 {
		return section{}, false
	}
	p := principalFrom(ctx)
	vetter := custos.Can(p.Role, custos.ActionRead, custos.EntityVetting)
	nominate := custos.Can(p.Role, custos.ActionCreate, custos.EntityVetting)
	l := s.lookup(ctx)
	sec := section{Title: "Leahy vetting of participants",
		Intro: "Every participating unit and person must hold an approved vetting in force. A participant whose vetting is missing, pending, denied or expired cannot be added to an activity, and the activity cannot be marked delivered. A participant whose approval is under review (an incident naming its unit became credible) stays on the activity, but the activity cannot be marked delivered, nor the participant added to another, until a vetter resolves the review."}
	cols := []column{{Label: "Participant"}, {Label: "Kind"}, {Label: "Vetting"}, {Label: "In force through"}}
	if vetter {
		cols = append(cols, column{Label: "Vetting records"})
	}
	sec.Table = table{Caption: "Vetting of the participants of " + a.Title, Columns: cols, Empty: "No participants are recorded."}
	missing := false
	for _, pv := range list {
		missing = missing || needsNomination(pv.State)
	}
	if missing && nominate {
		sec.New = link{fmt.Sprintf("/vetting/activities/%d/nominate", a.ID), "Nominate the participants who need a vetting"}
	}
	for _, pv := range list {
		who, kind, q := l.actorLink(pv.ActorID), "Unit", fmt.Sprintf("actor_id=%d", pv.ActorID)
		if pv.PersonID > 0 {
			who, kind, q = l.personLink(pv.PersonID), "Person", fmt.Sprintf("person_id=%d", pv.PersonID)
		}
		expires := pv.ExpiresOn.String()
		if pv.State == custos.VettingExpired {
			expires += " (expired)"
		}
		state := stateCell(pv.State)
		if pv.ReviewDue {
			state = cell{Text: pv.Label(), Tag: "vet-pending"}
		}
		row := []cell{linkCell(who), {Text: kind}, state, {Text: expires}}
		if vetter {
			rec := cell{Text: "Nominations", Href: "/vetting/nominations?" + q}
			if needsNomination(pv.State) && nominate {
				rec = cell{Text: "Nominate for vetting", Href: fmt.Sprintf("/vetting/nominations/new?%s&activity_id=%d", q, a.ID)}
			}
			row = append(row, rec)
		}
		sec.Table.Rows = append(sec.Table.Rows, row)
	}
	return sec, true
}
