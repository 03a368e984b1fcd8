package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/custos-ssa/custos"
)

// reviewsPage lists the approvals in force flagged for review because an
// incident naming the subject's unit became credible: the vetters' queue.
type reviewsPage struct {
	base
	All   bool
	Table table
}

// vettingReviews answers GET /vetting/reviews (?all=1 adds the resolved
// and cleared ones). The store limits it to vetters and administrators.
func (s *Server) vettingReviews(w http.ResponseWriter, r *http.Request) error {
	all := r.URL.Query().Get("all") == "1"
	list, _, err := s.store.FindVettingReviews(r.Context(), custos.VettingReviewFilter{All: all, Page: custos.Page{Limit: custos.MaxLimit}})
	if err != nil {
		return err
	}
	l := s.lookup(r.Context())
	page := &reviewsPage{base: s.base(r, "Reviews due", "Vet"), All: all}
	page.Table = table{Caption: "Approvals in force flagged for review, newest first",
		Columns: []column{{Label: "Subject"}, {Label: "Kind"}, {Label: "Nomination"}, {Label: "New information"}, {Label: "Flagged on"}, {Label: "Why"}, {Label: "Review"}},
		Empty:   "No approval is waiting for review."}
	if all {
		page.Table.Empty = "No approval has been flagged for review."
	}
	for _, rev := range list {
		who, kind := l.actorLink(rev.ActorID), "Unit"
		if rev.PersonID > 0 {
			who, kind = l.personLink(rev.PersonID), "Person"
		}
		page.Table.Rows = append(page.Table.Rows, []cell{linkCell(who), {Text: kind},
			{Text: fmt.Sprintf("Nomination %d", rev.NominationID), Href: fmt.Sprintf("/vetting/nominations/%d#review-%d", rev.NominationID, rev.ID)},
			linkCell(reviewCause(rev)),
			{Text: dayText(rev.CreatedAt)}, {Text: rev.Reason}, reviewCell(rev)})
	}
	s.render(w, r, http.StatusOK, "vetting_reviews", page)
	return nil
}

// reviewCause names the new information that raised a review flag, with
// a link to it where it has a page: the incident, the subject's record, or
// the list entries (the reason names the entry).
func reviewCause(rev *custos.VettingReview) link {
	switch rev.Cause {
	case custos.ReviewCauseList:
		return link{"/vetting/list-entries", "List entry " + rev.Record}
	case custos.ReviewCauseJudged:
		return link{fmt.Sprintf("/vetting/nominations/%d", rev.NominationID), "Hit on " + rev.Record + " judged the same"}
	case custos.ReviewCauseSubject:
		if rev.PersonID > 0 {
			return link{fmt.Sprintf("/persons/%d", rev.PersonID), "The person's record changed"}
		}
		return link{fmt.Sprintf("/actors/%d", rev.ActorID), "The unit's record changed"}
	}
	return link{fmt.Sprintf("/incidents/%d", rev.IncidentID), fmt.Sprintf("Incident %d credible", rev.IncidentID)}
}

// reviewCell says where a review stands, tagged.
func reviewCell(rev *custos.VettingReview) cell {
	switch {
	case !rev.ClearedAt.IsZero():
		return cell{Text: "cleared on " + dayText(rev.ClearedAt) + ": the incident is no longer credible", Tag: "vet-withdrawn"}
	case rev.Resolution == custos.ReviewDecision:
		return cell{Text: fmt.Sprintf("resolved by decision %d (%s)", rev.ResolvedDecisionID, rev.ResolutionReason), Tag: "vet-approved"}
	case rev.Resolution == custos.ReviewStands:
		return cell{Text: "approval stands (" + rev.ResolvedBy + ", " + dayText(rev.ResolvedAt) + "): " + rev.ResolutionReason, Tag: "vet-approved"}
	}
	return cell{Text: "review due", Tag: "vet-pending"}
}

// reviewView is one review flag on a nomination's page, with the form to
// resolve it while it is open.
type reviewView struct {
	R       *custos.VettingReview
	ID      string // the element id
	State   cell
	Cause   link // the new information that raised it
	Resolve bool
	Reason  string // the reason posted, kept on error
	Err     string
}

// reviewViews lists the review flags of a nomination for its page.
func reviewViews(n *custos.Nomination, canWrite bool) []reviewView {
	var out []reviewView
	for _, rev := range n.Reviews {
		out = append(out, reviewView{R: rev, ID: fmt.Sprintf("review-%d", rev.ID), State: reviewCell(rev),
			Cause:   reviewCause(rev),
			Resolve: canWrite && rev.Open()})
	}
	return out
}

// reviewResolve answers POST /vetting/reviews/{id}/resolve: a vetter
// records that the approval stands, with the reason. A refusal is shown
// beside the review on the nomination's page.
func (s *Server) reviewResolve(w http.ResponseWriter, r *http.Request) error {
	if _, err := custos.Authorize(r.Context(), custos.ActionUpdate, custos.EntityVetting); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return notFound("review")
	}
	rev, err := s.store.FindVettingReview(r.Context(), id)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return custos.Errorf(custos.EINVALID, "the form could not be read: %v", err)
	}
	reason := strings.TrimSpace(strings.ReplaceAll(r.PostForm.Get("reason"), "\r\n", "\n"))
	_, err = s.store.ResolveVettingReview(r.Context(), id, reason)
	var e *custos.Error
	if errors.As(err, &e) && (e.Kind == custos.EINVALID || e.Kind == custos.ECONFLICT) {
		n, ferr := s.store.FindNomination(r.Context(), rev.NominationID)
		if ferr != nil {
			return ferr
		}
		page := s.nominationPage(r, n)
		msg := e.Message
		if v, ok := e.Fields["reason"]; ok {
			msg = "Reason " + v
		}
		for i := range page.Reviews {
			if page.Reviews[i].R.ID == id {
				page.Reviews[i].Err, page.Reviews[i].Reason = msg, reason
			}
		}
		page.Errors = []formErr{{Href: fmt.Sprintf("#review-%d-reason", id), Message: "Review not resolved: " + msg}}
		page.Title = "Error: " + page.Title
		s.render(w, r, http.StatusUnprocessableEntity, "vetting_nomination", page)
		return nil
	}
	if err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/vetting/nominations/%d#review-%d", rev.NominationID, id))
}
