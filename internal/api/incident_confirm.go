package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/custos-ssa/custos"
)

// handleConfirmPerpetrator links perpetrator {k} of incident {id} to the
// unit the importer suggested.
func (s *Server) handleConfirmPerpetrator(w http.ResponseWriter, r *http.Request) error {
	return s.settleSuggestion(w, r, s.store.ConfirmPerpetrator)
}

// handleRejectSuggestion clears the unit the importer suggested for
// perpetrator {k} of incident {id}.
func (s *Server) handleRejectSuggestion(w http.ResponseWriter, r *http.Request) error {
	return s.settleSuggestion(w, r, s.store.RejectSuggestion)
}

func (s *Server) settleSuggestion(w http.ResponseWriter, r *http.Request, settle func(ctx context.Context, id int64, k int) (*custos.Incident, error)) error {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	k, err := strconv.Atoi(r.PathValue("k"))
	if err != nil || k < 0 {
		return &custos.Error{Kind: custos.EINVALID, Message: "invalid perpetrator",
			Fields: map[string]string{"k": "must be the perpetrator's position, a whole number from 0, not " + strconv.Quote(r.PathValue("k"))}}
	}
	i, err := settle(r.Context(), id, k)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, i)
}
