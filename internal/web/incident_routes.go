package web

import (
	"net/http"

	"github.com/custos-ssa/custos"
)

// incidentRoutes registers the pages of incidents and civilian harm: the
// incident records, their verification, trends, the monthly report and the
// public intake form. routes.go calls it below the area's marked comment.
func (s *Server) incidentRoutes() {
	rs := s.incidents()
	// The resource's pages, as mount registers them, except the record
	// page, which also opens the reporter's contact details for those who
	// may read them.
	s.handle("GET /incidents", rs.list(s))
	s.handle("GET /incidents.csv", rs.export(s, "csv"))
	s.handle("GET /incidents.xlsx", rs.export(s, "xlsx"))
	s.handle("GET /incidents/new", rs.newForm(s))
	s.handle("POST /incidents", rs.save(s, false))
	s.handle("GET /incidents/{key}", s.showIncident)
	s.handle("GET /incidents/{key}/edit", rs.editForm(s))
	s.handle("POST /incidents/{key}", rs.save(s, true))
	s.handle("GET /incidents/{key}/delete", rs.confirmDelete(s))
	s.handle("POST /incidents/{key}/delete", rs.remove(s))
	s.handle("POST /incidents/{key}/transition", s.transition)
	s.handle("POST /incidents/{key}/perpetrators/{k}/confirm", s.confirmPerpetrator)
	s.handle("POST /incidents/{key}/perpetrators/{k}/reject", s.rejectSuggestion)

	s.handle("GET /incident-trends", s.incidentTrends)
	s.handle("GET /civilian-harm", s.harmReport)
	s.handle("GET /civilian-harm.csv", s.harmReportFile("csv"))
	s.handle("GET /civilian-harm.xlsx", s.harmReportFile("xlsx"))

	s.handle("GET /report-incident", s.intakeForm)
	s.handle("POST /report-incident", s.intakeSubmit)
	s.handle("GET /report-incident/thanks", s.intakeThanks)
}

// incidentLinks are the Monitor stage's links to the incident pages, for
// signed-in callers who may read incidents.
func (b base) incidentLinks(link func(href, label string) navLink) []navLink {
	if !custos.Can(b.Principal.Role, custos.ActionRead, custos.EntityIncident) {
		return nil
	}
	return []navLink{link("/incidents", "Incidents"), link("/incident-trends", "Incident trends"),
		link("/civilian-harm", "Civilian-harm report")}
}

// showIncident is the incident's record page.
func (s *Server) showIncident(w http.ResponseWriter, r *http.Request) error {
	i, err := byID(s.store.FindIncident)(r.Context(), r.PathValue("key"))
	if err != nil {
		return err
	}
	page, err := s.incidentView(r.Context(), i)
	if err != nil {
		return err
	}
	page.Extra.(*incidentExtra).Reporter = s.reporter(r, i.ID)
	s.renderIncident(w, r, http.StatusOK, i, page)
	return nil
}
