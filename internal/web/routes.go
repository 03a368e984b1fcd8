package web

import "net/http"

// routes lists every page of the web UI. Each record kind adds list (with
// .csv and .xlsx exports), new, view, edit and delete pages through mount.
func (s *Server) routes() {
	s.mux.HandleFunc("GET /static/{path...}", s.assets.serve)

	s.handle("GET /{$}", s.home)
	s.handle("GET /public", s.public)
	s.handle("GET /login", s.loginForm)
	s.handle("POST /login", s.login)
	s.handle("POST /logout", s.logout)

	// Assess.
	mount(s, s.countries())
	mount(s, s.actors())
	// Plan.
	mount(s, s.programs())
	mount(s, s.authorities())
	mount(s, s.organizations())
	s.handle("GET /import", s.importForm)
	s.handle("POST /import", s.importUpload)
	s.handle("GET /import/jobs/{id}", s.importJob)
	s.handle("GET /import/jobs/{id}/progress", s.importProgress)
	s.handle("GET /import/templates/{kind}/{format}", s.importTemplateFile)
	// Vet.
	mount(s, s.persons())
	// Implement.
	mount(s, s.activities())
	// Monitor.
	s.handle("GET /training", s.training)
	s.handle("GET /audit", s.audit)
	s.handle("GET /audit/verify", s.auditVerify)

	// Incidents and civilian harm (issue D): pages below this line.
	s.incidentRoutes()

	// Conditionality and M&E (issue E): pages below this line.
	mount(s, s.results())
	mount(s, s.indicators())
	mount(s, s.measurements())
	s.handle("POST /measurements/{id}/review", s.reviewMeasurement)
	s.handle("GET /measurements/import", s.measurementImportForm)
	s.handle("POST /measurements/import", s.measurementImportUpload)
	s.handle("GET /measurements/import/template.csv", s.measurementTemplateFile)
	s.handle("GET /programs/{id}/results", s.resultsChain)
	s.handle("GET /conditions/alerts", s.conditionAlerts)
	mountConditions(s)
	s.handle("GET /reports/conditions", s.conditionReport)
	s.handle("GET /reports/conditions.csv", s.conditionReportFile("csv"))
	s.handle("GET /reports/conditions.xlsx", s.conditionReportFile("xlsx"))
	mount(s, s.programEvaluations())
	s.handle("GET /portfolio", s.portfolio)

	// Vetting (issue C): pages below this line.
	nominations := s.nominations()
	s.handle("GET /vetting/nominations", nominations.list(s))
	// Exports name their file and sheet from the path: no slash in a sheet.
	exported := nominations
	exported.path = "/vetting_nominations"
	s.handle("GET /vetting/nominations.csv", exported.export(s, "csv"))
	s.handle("GET /vetting/nominations.xlsx", exported.export(s, "xlsx"))
	s.handle("GET /vetting/nominations/new", nominations.newForm(s))
	s.handle("POST /vetting/nominations", nominations.save(s, false))
	s.handle("GET /vetting/nominations/{id}", s.nominationView)
	s.handle("POST /vetting/nominations/{id}/screen", s.nominationScreen)
	s.handle("POST /vetting/nominations/{id}/hits/{hit}", s.hitJudge)
	s.handle("POST /vetting/nominations/{id}/decisions", s.decisionPropose)
	s.handle("GET /vetting/decisions/{id}", s.decisionShow)
	s.handle("POST /vetting/decisions/{id}/concur", s.decisionConcur)
	s.handle("POST /vetting/decisions/{id}/remediation", s.decisionRemedy)
	s.handle("POST /vetting/decisions/{id}/publication", s.decisionPublish)
	s.handle("GET /vetting/reviews", s.vettingReviews)
	s.handle("POST /vetting/reviews/{id}/resolve", s.reviewResolve)
	s.handle("GET /vetting/lists", s.vettingLists)
	entries := s.listEntries()
	s.handle("GET /vetting/list-entries", entries.list(s))
	entries.path = "/vetting_list_entries"
	s.handle("GET /vetting/list-entries.csv", entries.export(s, "csv"))
	s.handle("GET /vetting/list-entries.xlsx", entries.export(s, "xlsx"))
	s.handle("POST /vetting/lists", s.vettingListUpload)
	s.handle("GET /barred-units", s.barredUnits)
	s.handle("GET /vetting/activities/{id}/nominate", s.rosterForm)
	s.handle("POST /vetting/activities/{id}/nominate", s.rosterNominate)

	// Civil-society consultations: pages below this line.
	mount(s, s.consultations())
	s.handle("POST /consultations/{key}/feedback", s.giveFeedback)
	s.handle("GET /my-feedback", s.ownFeedback)

	s.handle("GET /", func(w http.ResponseWriter, r *http.Request) error { return notFound("page") })
}
