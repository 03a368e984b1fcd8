package api

import (
	"net/http"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/query"
)

// reviewResolution is a vetter's finding that an approval under review
// stands, with the reason.
type reviewResolution struct {
	Reason string `json:"reason"`
}

func (s *Server) handleVettingReviews(w http.ResponseWriter, r *http.Request) error {
	var f custos.VettingReviewFilter
	if err := query.Parse(r.URL.Query(), &f); err != nil {
		return err
	}
	list, next, err := s.store.FindVettingReviews(r.Context(), f)
	if err != nil {
		return err
	}
	if list == nil {
		list = []*custos.VettingReview{}
	}
	return writeJSON(w, http.StatusOK, listBody[custos.VettingReview]{Items: list, Next: next})
}

func (s *Server) handleVettingReview(w http.ResponseWriter, r *http.Request) error {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	rev, err := s.store.FindVettingReview(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rev)
}

// handleResolveReview checks the caller before reading the body, so that
// a role that may not resolve learns nothing from a validation error.
func (s *Server) handleResolveReview(w http.ResponseWriter, r *http.Request) error {
	if _, err := custos.Authorize(r.Context(), custos.ActionUpdate, custos.EntityVetting); err != nil {
		return err
	}
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	var req reviewResolution
	if err := decodeBody(w, r, &req); err != nil {
		return err
	}
	rev, err := s.store.ResolveVettingReview(r.Context(), id, req.Reason)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rev)
}
