package api

import (
	"net/http"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/query"
)

// feedbackRequest is what a civil-society partner sends to put a piece of
// feedback on the record of a consultation: its kind and its text. Who
// raised it is the caller, and the response is the program's, so the body
// takes nothing else (an unknown field is refused by name).
type feedbackRequest struct {
	Kind custos.FeedbackKind `json:"kind"`
	Text string              `json:"text"`
}

// handleAddFeedback answers POST /api/v1/consultations/{id}/feedback: the
// new item, pending, marked as the caller's own.
func (s *Server) handleAddFeedback(w http.ResponseWriter, r *http.Request) error {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	var req feedbackRequest
	if err := decodeBody(w, r, &req); err != nil {
		return err
	}
	fb := &custos.Feedback{Kind: req.Kind, Text: req.Text}
	if err := s.store.AddConsultationFeedback(r.Context(), id, fb); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, fb)
}

// handleOwnFeedback answers GET /api/v1/consultations/feedback/mine: the
// feedback the caller gave, with the program's responses.
func (s *Server) handleOwnFeedback(w http.ResponseWriter, r *http.Request) error {
	var f custos.OwnFeedbackFilter
	if err := query.Parse(r.URL.Query(), &f); err != nil {
		return err
	}
	items, next, err := s.store.FindOwnFeedback(r.Context(), f)
	if err != nil {
		return err
	}
	if items == nil {
		items = []*custos.SubmittedFeedback{}
	}
	return writeJSON(w, http.StatusOK, listBody[custos.SubmittedFeedback]{Items: items, Next: next})
}
