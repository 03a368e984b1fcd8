package api

import (
	"context"
	"net/http"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

type health struct {
	Status  string `json:"status"`
	Version string `json:"version,omitempty"`
	Error   string `json:"error,omitempty"`
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, health{Status: "ok", Version: s.version})
}

func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.store.Ping(ctx); err != nil {
		s.log.WarnContext(r.Context(), "not ready", "error", err)
		return writeJSON(w, http.StatusServiceUnavailable, health{Status: "unavailable", Error: "the store does not answer"})
	}
	return writeJSON(w, http.StatusOK, health{Status: "ready", Version: s.version})
}

func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) error {
	promhttp.HandlerFor(s.reg, promhttp.HandlerOpts{}).ServeHTTP(w, r)
	return nil
}

// vocabularies are the controlled lists that forms and clients offer.
type vocabularies struct {
	Roles               []custos.Role              `json:"roles"`
	Releasabilities     []custos.Releasability     `json:"releasabilities"`
	ActorKinds          []actorKind                `json:"actor_kinds"`
	Echelons            []custos.Echelon           `json:"echelons"`
	Genders             []custos.Gender            `json:"genders"`
	OrganizationKinds   []custos.OrganizationKind  `json:"organization_kinds"`
	ObjectiveCategories []custos.ObjectiveCategory `json:"objective_categories"`
	ICBDomains          []custos.ICBDomain         `json:"icb_domains"`
	ActivityTypes       []custos.ActivityType      `json:"activity_types"`
	ProgramStatuses     []custos.ProgramStatus     `json:"program_statuses"`
	ActivityKinds       []custos.ActivityKind      `json:"activity_kinds"`
	ActivityStatuses    []custos.ActivityStatus    `json:"activity_statuses"`
	LeahyStatutes       []string                   `json:"leahy_statutes"`
}

type actorKind struct {
	Kind     custos.ActorKind     `json:"kind"`
	Category custos.ActorCategory `json:"category"`
	Label    string               `json:"label"`
}

func (s *Server) handleVocabularies(w http.ResponseWriter, r *http.Request) error {
	v := vocabularies{
		Roles: custos.Roles(), Releasabilities: custos.Releasabilities(), Echelons: custos.Echelons, Genders: custos.Genders,
		OrganizationKinds: custos.OrganizationKinds, ObjectiveCategories: custos.ObjectiveCategories, ICBDomains: custos.ICBDomains,
		ActivityTypes: custos.ActivityTypes, ProgramStatuses: custos.ProgramStatuses, ActivityKinds: custos.ActivityKinds,
		ActivityStatuses: custos.ActivityStatuses, LeahyStatutes: []string{custos.LeahyState, custos.LeahyDefense},
	}
	for _, k := range custos.ActorKinds {
		v.ActorKinds = append(v.ActorKinds, actorKind{k.Kind, k.Category, k.Label})
	}
	return writeJSON(w, http.StatusOK, v)
}
