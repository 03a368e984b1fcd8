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

	// Conditionality and M&E (issue E): pages below this line.

	// Vetting (issue C): pages below this line.

	s.handle("GET /", func(w http.ResponseWriter, r *http.Request) error { return notFound("page") })
}
