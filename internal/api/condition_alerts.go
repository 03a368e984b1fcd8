package api

import (
	"net/http"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/query"
)

// conditionAlertsQuery filters the alerts of every condition the caller
// may see. Since is text, read by custos.ParseSince, because it takes a
// date or a time.
type conditionAlertsQuery struct {
	ConditionID int64                  `json:"condition_id,omitempty"`
	Status      custos.ConditionStatus `json:"status,omitempty"` // the status changed to
	Since       string                 `json:"since,omitempty"`  // raised at or after: YYYY-MM-DD (from midnight UTC) or an RFC 3339 time
	custos.Page
}

// filter reads the query into the store's filter; a malformed since is
// refused with the parameter named.
func (q conditionAlertsQuery) filter() (custos.AlertFilter, error) {
	f := custos.AlertFilter{ConditionID: q.ConditionID, Status: q.Status, Page: q.Page}
	if q.Since != "" {
		t, err := custos.ParseSince(q.Since)
		if err != nil {
			return f, custos.FieldErrors{"since": err.Error()}.Err("query parameters")
		}
		f.Since = t
	}
	return f, nil
}

// handleConditionAlerts lists the changes of status of every condition
// the caller may see, newest first, whether an evaluation on demand or
// the server's watch raised them.
func (s *Server) handleConditionAlerts(w http.ResponseWriter, r *http.Request) error {
	var q conditionAlertsQuery
	if err := query.Parse(r.URL.Query(), &q); err != nil {
		return err
	}
	f, err := q.filter()
	if err != nil {
		return err
	}
	list, next, err := s.store.FindConditionAlerts(r.Context(), f)
	if err != nil {
		return err
	}
	if list == nil {
		list = []*custos.ConditionAlert{}
	}
	return writeJSON(w, http.StatusOK, listBody[custos.ConditionAlert]{Items: list, Next: next})
}
