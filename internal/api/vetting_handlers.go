package api

import (
	"errors"
	"io"
	"net/http"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/query"
	"github.com/custos-ssa/custos/internal/store"
)

// MaxListBytes bounds an imported list of derogatory records: the whole
// OFAC SDN list in the vetting CSV format is a few megabytes.
const MaxListBytes = 64 << 20

func (s *Server) handleNominations(w http.ResponseWriter, r *http.Request) error {
	var f custos.NominationFilter
	if err := query.Parse(r.URL.Query(), &f); err != nil {
		return err
	}
	list, next, err := s.store.FindNominations(r.Context(), f)
	if err != nil {
		return err
	}
	if list == nil {
		list = []*custos.Nomination{}
	}
	return writeJSON(w, http.StatusOK, listBody[custos.Nomination]{Items: list, Next: next})
}

// decodeBody reads and strictly decodes a JSON request body into v.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) error {
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	return decodeStrict(body, v)
}

func (s *Server) handleNominate(w http.ResponseWriter, r *http.Request) error {
	var n custos.Nomination
	if err := decodeBody(w, r, &n); err != nil {
		return err
	}
	if err := s.store.CreateNomination(r.Context(), &n); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, n)
}

func (s *Server) handleNomination(w http.ResponseWriter, r *http.Request) error {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	n, err := s.store.FindNomination(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, n)
}

// screenRequest names the nominations to screen; none means every
// nomination not yet screened.
type screenRequest struct {
	NominationIDs []int64 `json:"nomination_ids,omitempty"`
}

func (s *Server) handleScreen(w http.ResponseWriter, r *http.Request) error {
	var req screenRequest
	if err := decodeBody(w, r, &req); err != nil {
		return err
	}
	run, err := s.store.ScreenNominations(r.Context(), req.NominationIDs)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, run)
}

// judgeRequest is a reviewer's verdict on a hit.
type judgeRequest struct {
	Verdict custos.MatchVerdict `json:"verdict"`
	Reason  string              `json:"reason"`
}

func (s *Server) handleJudge(w http.ResponseWriter, r *http.Request) error {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	var req judgeRequest
	if err := decodeBody(w, r, &req); err != nil {
		return err
	}
	j := &custos.MatchJudgement{HitID: id, Verdict: req.Verdict, Reason: req.Reason}
	if err := s.store.JudgeHit(r.Context(), j); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, j)
}

func (s *Server) handlePropose(w http.ResponseWriter, r *http.Request) error {
	var d custos.VettingDecision
	if err := decodeBody(w, r, &d); err != nil {
		return err
	}
	if err := s.store.ProposeDecision(r.Context(), &d); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, d)
}

func (s *Server) handleDecision(w http.ResponseWriter, r *http.Request) error {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	d, err := s.store.FindDecision(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, d)
}

// concurRequest is a second vetter's concurrence, with an optional note.
type concurRequest struct {
	Note string `json:"note,omitempty"`
}

func (s *Server) handleConcur(w http.ResponseWriter, r *http.Request) error {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	var req concurRequest
	if err := decodeBody(w, r, &req); err != nil {
		return err
	}
	d, err := s.store.ConcurDecision(r.Context(), id, req.Note)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, d)
}

func (s *Server) handleRemediate(w http.ResponseWriter, r *http.Request) error {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	var step custos.RemediationStep
	if err := decodeBody(w, r, &step); err != nil {
		return err
	}
	step.DecisionID = id
	if err := s.store.AddRemediationStep(r.Context(), &step); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, step)
}

func (s *Server) handleListEntries(w http.ResponseWriter, r *http.Request) error {
	var f custos.ListEntryFilter
	if err := query.Parse(r.URL.Query(), &f); err != nil {
		return err
	}
	list, next, err := s.store.FindListEntries(r.Context(), f)
	if err != nil {
		return err
	}
	if list == nil {
		list = []*custos.ListEntry{}
	}
	return writeJSON(w, http.StatusOK, listBody[custos.ListEntry]{Items: list, Next: next})
}

// handleImportList imports a CSV list. The caller is checked before the
// body is read, so that a large upload from someone who may not import is
// refused at once.
func (s *Server) handleImportList(w http.ResponseWriter, r *http.Request) error {
	if _, err := custos.Authorize(r.Context(), custos.ActionCreate, custos.EntityVetting); err != nil {
		return err
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxListBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return custos.Errorf(custos.ETOOLARGE, "the list is larger than %d bytes", MaxListBytes)
		}
		return custos.Errorf(custos.EINVALID, "cannot read the list: %v", err)
	}
	name := r.PathValue("name")
	entries, imp, err := store.ParseList(name, name+".csv", data)
	if err != nil {
		return err
	}
	if err := s.store.ImportList(r.Context(), imp, entries); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, imp)
}

// participantsBody is the vetting standing of an activity's participants.
type participantsBody struct {
	Items []custos.ParticipantVetting `json:"items"`
}

func (s *Server) handleActivityVetting(w http.ResponseWriter, r *http.Request) error {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	list, err := s.store.ActivityVetting(r.Context(), id)
	if err != nil {
		return err
	}
	if list == nil {
		list = []custos.ParticipantVetting{}
	}
	return writeJSON(w, http.StatusOK, participantsBody{Items: list})
}

// barredBody is the public list of barred units.
type barredBody struct {
	Items []*custos.BarredUnit `json:"items"`
}

func (s *Server) handleBarredUnits(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.BarredUnits(r.Context())
	if err != nil {
		return err
	}
	if list == nil {
		list = []*custos.BarredUnit{}
	}
	return writeJSON(w, http.StatusOK, barredBody{Items: list})
}
