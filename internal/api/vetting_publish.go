package api

import (
	"net/http"

	"github.com/custos-ssa/custos"
)

// publicationRequest puts a denial on the public list of barred units, or
// takes it off, with the reason. Publish is required, so that an empty
// body does not withdraw a unit by accident.
type publicationRequest struct {
	Publish *bool  `json:"publish"`
	Reason  string `json:"reason"`
}

func (s *Server) handlePublish(w http.ResponseWriter, r *http.Request) error {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	var req publicationRequest
	if err := decodeBody(w, r, &req); err != nil {
		return err
	}
	if req.Publish == nil {
		return &custos.Error{Kind: custos.EINVALID, Message: "invalid publication", Fields: map[string]string{"publish": "is required: true to list the unit, false to take it off"}}
	}
	d, err := s.store.PublishDecision(r.Context(), id, *req.Publish, req.Reason)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, d)
}
