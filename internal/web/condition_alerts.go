package web

import (
	"net/http"
)

// alertsPage lists status changes of every condition the caller may see.
type alertsPage struct {
	base
	Table table
}

// conditionAlerts answers GET /conditions/alerts: the latest changes of
// status (on track to at risk, met to breached), newest first, so that
// the people who answer for conditions hear of them without reading every
// evaluation.
func (s *Server) conditionAlerts(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	alerts, err := s.store.FindAlerts(ctx, 0)
	if err != nil {
		return err
	}
	titles := map[int64]link{}
	t := table{Caption: "Changes of condition status, newest first", Empty: "No condition has changed status.",
		Columns: []column{{Label: "Condition"}, {Label: "As of"}, {Label: "From"}, {Label: "To"}, {Label: "Raised"}}}
	for _, a := range alerts {
		l, ok := titles[a.ConditionID]
		if !ok {
			l = link{"", "Condition " + itoa(a.ConditionID)}
			if c, err := s.store.FindCondition(ctx, a.ConditionID); err == nil {
				l = link{"/conditions/" + itoa(c.ID), c.Title}
			}
			titles[a.ConditionID] = l
		}
		t.Rows = append(t.Rows, []cell{linkCell(l), {Text: a.AsOf.String()}, conditionStatusCell(a.Previous), conditionStatusCell(a.Status), {Text: recordedAt(a.CreatedAt)}})
	}
	page := alertsPage{base: s.base(r, "Condition alerts", "Monitor"), Table: t}
	s.render(w, r, http.StatusOK, "condition_alerts", &page)
	return nil
}
