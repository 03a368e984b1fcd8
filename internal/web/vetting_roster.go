package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/custos-ssa/custos"
)

// rosterPage offers to nominate, in one step, every participant of an
// activity who needs a vetting: never vetted, or whose vetting expired.
type rosterPage struct {
	base
	Crumbs   []link
	Activity link
	Action   string
	Needed   []rosterRow
	Others   int // participants already vetted or pending
}

// rosterRow is one participant to nominate.
type rosterRow struct {
	Who   link
	Kind  string
	State string
}

// needsNomination reports whether a participant needs a new nomination:
// a pending or decided one is the vetters' to finish, not to repeat.
func needsNomination(st custos.VettingState) bool {
	return st == custos.VettingMissing || st == custos.VettingExpired
}

// rosterOf reads the activity named in the path and its participants'
// standing. Only vetters may: the page is theirs.
func (s *Server) rosterOf(r *http.Request) (*custos.Activity, []custos.ParticipantVetting, error) {
	if _, err := custos.Authorize(r.Context(), custos.ActionCreate, custos.EntityVetting); err != nil {
		return nil, nil, err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, nil, notFound("activity")
	}
	a, err := s.store.FindActivity(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	list, err := s.store.ActivityVetting(r.Context(), id)
	return a, list, err
}

// rosterForm answers GET /vetting/activities/{id}/nominate.
func (s *Server) rosterForm(w http.ResponseWriter, r *http.Request) error {
	a, list, err := s.rosterOf(r)
	if err != nil {
		return err
	}
	l := s.lookup(r.Context())
	page := rosterPage{base: s.base(r, "Nominate the participants of "+a.Title, "Vet"), Activity: link{"/activities/" + itoa(a.ID), a.Title},
		Action: fmt.Sprintf("/vetting/activities/%d/nominate", a.ID)}
	page.Crumbs = []link{{"/activities", "Activities"}, page.Activity}
	for _, pv := range list {
		if !needsNomination(pv.State) {
			page.Others++
			continue
		}
		row := rosterRow{Who: l.actorLink(pv.ActorID), Kind: "Unit", State: stateLabel(pv.State)}
		if pv.PersonID > 0 {
			row.Who, row.Kind = l.personLink(pv.PersonID), "Person"
		}
		page.Needed = append(page.Needed, row)
	}
	s.render(w, r, http.StatusOK, "vetting_roster", &page)
	return nil
}

// rosterNominate answers POST /vetting/activities/{id}/nominate: one
// nomination for the activity per participant who needs one, then the
// activity's nominations. Each nomination is its own record, as the store
// wants; a failure part-way leaves those made, which the list then shows.
func (s *Server) rosterNominate(w http.ResponseWriter, r *http.Request) error {
	a, list, err := s.rosterOf(r)
	if err != nil {
		return err
	}
	for _, pv := range list {
		if !needsNomination(pv.State) {
			continue
		}
		n := &custos.Nomination{ActorID: pv.ActorID, PersonID: pv.PersonID, ActivityID: a.ID, ProgramID: a.ProgramID,
			Notes: "Nominated with the other participants of the activity."}
		if err := s.store.CreateNomination(r.Context(), n); err != nil {
			return fmt.Errorf("nominate %s for activity %d: %w", n.Subject(), a.ID, err)
		}
	}
	return redirect(w, r, fmt.Sprintf("/vetting/nominations?activity_id=%d", a.ID))
}
