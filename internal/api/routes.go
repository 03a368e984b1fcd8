package api

import (
	"net/http"
	"reflect"

	"github.com/custos-ssa/custos"
)

// route is one operation of the API, with what the OpenAPI document says of
// it. Every route is listed in routeTable and nowhere else.
type route struct {
	method   string
	path     string
	tag      string
	summary  string
	handle   handlerFunc
	query    reflect.Type // the filter struct of a list, if any
	request  reflect.Type // the JSON body, if any
	response reflect.Type // the JSON answer, if any
	status   int          // the success status; 0 means 200
	raw      string       // a non-JSON answer's media type
	invalid  reflect.Type // the 400 answer, when it says more than an error's fields
}

// routeTable lists every route of the API.
func (s *Server) routeTable() []route {
	st := s.store
	rs := []route{
		{method: "GET", path: "/healthz", tag: "operations", summary: "Liveness: the process is up", handle: s.handleHealth, response: reflect.TypeOf(health{})},
		{method: "GET", path: "/readyz", tag: "operations", summary: "Readiness: the store answers", handle: s.handleReady, response: reflect.TypeOf(health{})},
		{method: "GET", path: "/metrics", tag: "operations", summary: "Prometheus metrics", handle: s.handleMetrics, raw: "text/plain"},
		{method: "GET", path: "/api/openapi.json", tag: "operations", summary: "This API's OpenAPI 3 document", handle: s.handleOpenAPI, raw: "application/json"},
		{method: "GET", path: "/api/v1/vocabularies", tag: "reference", summary: "The controlled vocabularies: actor kinds, roles, statuses and the rest", handle: s.handleVocabularies, response: reflect.TypeOf(vocabularies{})},

		{method: "POST", path: "/api/v1/session", tag: "session", summary: "Sign in with a name and password; sets the session cookie", handle: s.handleLogin, request: reflect.TypeOf(loginRequest{}), response: reflect.TypeOf(custos.User{})},
		{method: "GET", path: "/api/v1/session", tag: "session", summary: "Who the caller is", handle: s.handleWhoami, response: reflect.TypeOf(whoami{})},
		{method: "DELETE", path: "/api/v1/session", tag: "session", summary: "Sign out", handle: s.handleLogout, status: http.StatusNoContent},

		{method: "GET", path: "/api/v1/users", tag: "users", summary: "List users (administrators)", handle: s.handleUsers, response: reflect.TypeOf(listBody[custos.User]{})},
		{method: "POST", path: "/api/v1/users", tag: "users", summary: "Create a user (administrators)", handle: s.handleCreateUser, request: reflect.TypeOf(createUserRequest{}), response: reflect.TypeOf(custos.User{}), status: http.StatusCreated},
		{method: "GET", path: "/api/v1/users/{name}", tag: "users", summary: "Get a user (administrators, or the user)", handle: s.handleUser, response: reflect.TypeOf(custos.User{})},
		{method: "PATCH", path: "/api/v1/users/{name}", tag: "users", summary: "Change a user's role, display name or disabled state, or password (administrators)", handle: s.handleUpdateUser, request: reflect.TypeOf(updateUserRequest{}), response: reflect.TypeOf(custos.User{})},
		{method: "GET", path: "/api/v1/tokens", tag: "users", summary: "List API tokens, never their secrets (administrators)", handle: s.handleTokens, response: reflect.TypeOf(listBody[custos.Token]{})},
		{method: "POST", path: "/api/v1/tokens", tag: "users", summary: "Issue an API token; the secret is in this answer only (administrators)", handle: s.handleCreateToken, request: reflect.TypeOf(createTokenRequest{}), response: reflect.TypeOf(createTokenResponse{}), status: http.StatusCreated},
		{method: "DELETE", path: "/api/v1/tokens/{id}", tag: "users", summary: "Revoke an API token (administrators)", handle: s.handleRevokeToken, status: http.StatusNoContent},

		{method: "GET", path: "/api/v1/audit", tag: "audit", summary: "The audit trail, newest first (administrators)", handle: s.handleAudit, query: reflect.TypeOf(custos.AuditFilter{}), response: reflect.TypeOf(listBody[custos.AuditEntry]{})},
		{method: "GET", path: "/api/v1/audit/verify", tag: "audit", summary: "Verify the audit trail's hash chain (administrators)", handle: s.handleAuditVerify, response: reflect.TypeOf(custos.AuditReport{})},
		{method: "GET", path: "/api/v1/actors/{id}/ancestors", tag: "actors", summary: "The chain of parents of an actor, nearest first", handle: s.handleAncestors, response: reflect.TypeOf(listBody[custos.Actor]{})},
	}
	rs = addResource(rs, resource[custos.Country, custos.CountryFilter]{
		plural: "countries", entity: custos.EntityCountry, singular: "country", key: "code",
		find: st.FindCountries, get: st.FindCountry, create: st.CreateCountry, update: st.UpdateCountry, del: st.DeleteCountry,
		setKey: func(c *custos.Country, k string) { c.Code = k },
	})
	rs = addResource(rs, resource[custos.Actor, custos.ActorFilter]{
		plural: "actors", entity: custos.EntityActor, singular: "actor", key: "id",
		find: st.FindActors, get: byID(st.FindActor), create: st.CreateActor, update: st.UpdateActor, del: delByID(st.DeleteActor),
		setKey: func(a *custos.Actor, k string) { setID(&a.ID, k) },
	})
	rs = addResource(rs, resource[custos.Person, custos.PersonFilter]{
		plural: "persons", entity: custos.EntityPerson, singular: "person", key: "id",
		find: st.FindPersons, get: byID(st.FindPerson), create: st.CreatePerson, update: st.UpdatePerson, del: delByID(st.DeletePerson),
		setKey: func(p *custos.Person, k string) { setID(&p.ID, k) },
	})
	rs = addResource(rs, resource[custos.Organization, custos.OrganizationFilter]{
		plural: "organizations", entity: custos.EntityOrganization, singular: "organization", key: "id",
		find: st.FindOrganizations, get: byID(st.FindOrganization), create: st.CreateOrganization, update: st.UpdateOrganization, del: delByID(st.DeleteOrganization),
		setKey: func(o *custos.Organization, k string) { setID(&o.ID, k) },
	})
	rs = addResource(rs, resource[custos.Authority, custos.AuthorityFilter]{
		plural: "authorities", entity: custos.EntityAuthority, singular: "authority", key: "id",
		find: st.FindAuthorities, get: byID(st.FindAuthority), create: st.CreateAuthority, update: st.UpdateAuthority, del: delByID(st.DeleteAuthority),
		setKey: func(a *custos.Authority, k string) { setID(&a.ID, k) },
	})
	rs = addResource(rs, resource[custos.Program, custos.ProgramFilter]{
		plural: "programs", entity: custos.EntityProgram, singular: "program", key: "id",
		find: st.FindPrograms, get: byID(st.FindProgram), create: st.CreateProgram, update: st.UpdateProgram, del: delByID(st.DeleteProgram),
		setKey: func(p *custos.Program, k string) { setID(&p.ID, k) },
	})
	rs = addResource(rs, resource[custos.Activity, custos.ActivityFilter]{
		plural: "activities", entity: custos.EntityActivity, singular: "activity", key: "id",
		find: st.FindActivities, get: byID(st.FindActivity), create: st.CreateActivity, update: st.UpdateActivity, del: delByID(st.DeleteActivity),
		setKey: func(a *custos.Activity, k string) { setID(&a.ID, k) },
	})
	// Incidents and civilian harm (issue D): routes below this line.
	rs = s.incidentRoutes(rs)
	rs = append(rs,
		route{method: "POST", path: "/api/v1/incidents/{id}/perpetrators/{k}/confirm", tag: "incidents", summary: "Confirm the unit an importer suggested for perpetrator k (from 0) of an incident (analysts and administrators); on a credible or confirmed incident this raises warnings on the assistance to the unit",
			handle: s.handleConfirmPerpetrator, response: reflect.TypeOf(custos.Incident{})},
		route{method: "POST", path: "/api/v1/incidents/{id}/perpetrators/{k}/reject", tag: "incidents", summary: "Reject the unit an importer suggested for perpetrator k (from 0) of an incident, clearing the suggestion; the name as reported stays (analysts and administrators)",
			handle: s.handleRejectSuggestion, response: reflect.TypeOf(custos.Incident{})},
		route{method: "POST", path: "/api/v1/incidents/import", tag: "incidents", summary: "Import an incident dataset (format ucdp, acled or hxl; CSV as the body, or the file part of a form) as reported incidents, all rows or none; a malformed file is refused with every bad row by line and field; re-importing updates, keeping verification (analysts and administrators)",
			handle: s.handleImportIncidents, query: reflect.TypeOf(incidentImportQuery{}), response: reflect.TypeOf(incidentImportResult{}), invalid: reflect.TypeOf(rowsErrorBody{}), status: http.StatusCreated},
	)

	// Conditionality and M&E (issue E): routes below this line.
	rs = addResource(rs, resource[custos.Result, custos.ResultFilter]{
		plural: "results", entity: custos.EntityResult, singular: "result", key: "id",
		find: st.FindResults, get: byID(st.FindResult), create: st.CreateResult, update: st.UpdateResult, del: delByID(st.DeleteResult),
		setKey: func(r *custos.Result, k string) { setID(&r.ID, k) },
	})
	rs = addResource(rs, resource[custos.Indicator, custos.IndicatorFilter]{
		plural: "indicators", entity: custos.EntityIndicator, singular: "indicator", key: "id",
		find: st.FindIndicators, get: byID(st.FindIndicator), create: st.CreateIndicator, update: st.UpdateIndicator, del: delByID(st.DeleteIndicator),
		setKey: func(i *custos.Indicator, k string) { setID(&i.ID, k) },
	})
	rs = addResource(rs, resource[custos.Measurement, custos.MeasurementFilter]{
		plural: "measurements", entity: custos.EntityMeasurement, singular: "measurement", key: "id",
		find: st.FindMeasurements, get: byID(st.FindMeasurement), create: st.CreateMeasurement, update: st.UpdateMeasurement, del: delByID(st.DeleteMeasurement),
		setKey: func(m *custos.Measurement, k string) { setID(&m.ID, k) },
	})
	rs = addResource(rs, resource[custos.Condition, custos.ConditionFilter]{
		plural: "conditions", entity: custos.EntityCondition, singular: "condition", key: "id",
		find: st.FindConditions, get: byID(st.FindCondition), create: st.CreateCondition, update: st.UpdateCondition, del: delByID(st.DeleteCondition),
		setKey: func(c *custos.Condition, k string) { setID(&c.ID, k) },
	})
	rs = addResource(rs, resource[custos.ProgramEvaluation, custos.ProgramEvaluationFilter]{
		plural: "program-evaluations", entity: custos.EntityProgram, singular: "program evaluation", key: "id",
		find: st.FindProgramEvaluations, get: byID(st.FindProgramEvaluation), create: st.CreateProgramEvaluation, update: st.UpdateProgramEvaluation, del: delByID(st.DeleteProgramEvaluation),
		setKey: func(e *custos.ProgramEvaluation, k string) { setID(&e.ID, k) },
	})
	rs = append(rs,
		route{method: "POST", path: "/api/v1/measurements/import", tag: "measurements", summary: "Import a file of measurements (CSV or XLSX as the body, or the file part of a form; columns in internal/ingest/measurement), all rows or none, as submitted or draft figures; every problem is named by row and column",
			handle: s.handleImportMeasurements, query: reflect.TypeOf(measurementImportQuery{}), response: reflect.TypeOf(measurementImportResult{}), status: http.StatusCreated},
		route{method: "GET", path: "/api/v1/conditions/{id}/status", tag: "conditions", summary: "A condition's status as of a date (today when absent), judged on the data known then, with the values that decided it; nothing is recorded",
			handle: s.handleConditionStatus, query: reflect.TypeOf(conditionStatusQuery{}), response: reflect.TypeOf(custos.Evaluation{})},
		route{method: "POST", path: "/api/v1/measurements/{id}/review", tag: "measurements", summary: "Approve or reject a submitted measurement (a user other than its submitter)",
			handle: s.handleReviewMeasurement, request: reflect.TypeOf(reviewRequest{}), response: reflect.TypeOf(custos.Measurement{})},
		route{method: "POST", path: "/api/v1/conditions/evaluate", tag: "conditions", summary: "Evaluate every condition (or a program's, or a country's) as of a date, record the verdicts and raise alerts on changes",
			handle: s.handleEvaluateConditions, query: reflect.TypeOf(evaluateQuery{}), response: reflect.TypeOf(custos.EvaluationRun{})},
		route{method: "GET", path: "/api/v1/conditions/{id}/evaluations", tag: "conditions", summary: "A condition's evaluations, newest first",
			handle: s.handleConditionEvaluations, query: reflect.TypeOf(evaluationsQuery{}), response: reflect.TypeOf(listBody[custos.Evaluation]{})},
		route{method: "GET", path: "/api/v1/conditions/{id}/history", tag: "conditions", summary: "A condition with its evaluations, alerts and decisions, newest first",
			handle: s.handleConditionHistory, response: reflect.TypeOf(custos.ConditionHistory{})},
		route{method: "GET", path: "/api/v1/condition-alerts", tag: "conditions", summary: "The changes of status of every condition the caller may see, newest first, whether an evaluation or the server's watch raised them; since (a date, from midnight UTC, or an RFC 3339 time) keeps those raised then or later, for a client that polls",
			handle: s.handleConditionAlerts, query: reflect.TypeOf(conditionAlertsQuery{}), response: reflect.TypeOf(listBody[custos.ConditionAlert]{})},
		route{method: "GET", path: "/api/v1/conditions/{id}/decisions", tag: "conditions", summary: "The decisions taken on a condition's breaches, newest first",
			handle: s.handleConditionDecisions, response: reflect.TypeOf(listBody[custos.ConditionDecision]{})},
		route{method: "POST", path: "/api/v1/conditions/{id}/decisions", tag: "conditions", summary: "Record a decision on a breach: apply or waive a step of the consequence ladder, with reasons; the caller is the approver",
			handle: s.handleRecordDecision, request: reflect.TypeOf(custos.ConditionDecision{}), response: reflect.TypeOf(custos.ConditionDecision{}), status: http.StatusCreated},
		route{method: "GET", path: "/api/v1/portfolio", tag: "conditions", summary: "Portfolio figures: shares of programs with outcome indicators, with conditions, with milestones met on time",
			handle: s.handlePortfolio, query: reflect.TypeOf(custos.PortfolioFilter{}), response: reflect.TypeOf(custos.PortfolioFigures{})},
		route{method: "GET", path: "/api/v1/reports/conditions", tag: "conditions", summary: "Condition status report of a country, as JSON, CSV or XLSX (format)",
			handle: s.handleConditionReport, query: reflect.TypeOf(conditionReportQuery{}), response: reflect.TypeOf(custos.ConditionReport{})},
	)

	// Vetting (issue C): routes below this line.
	// All are for vetters and administrators but two: the vetting standing
	// of an activity's participants is for signed-in staff, and the list of
	// barred units is public.
	rs = append(rs,
		route{method: "GET", path: "/api/v1/vetting/nominations", tag: "vetting", summary: "List nominations for vetting, with each subject's standing (vetters and administrators)",
			handle: s.handleNominations, query: reflect.TypeOf(custos.NominationFilter{}), response: reflect.TypeOf(listBody[custos.Nomination]{})},
		route{method: "POST", path: "/api/v1/vetting/nominations", tag: "vetting", summary: "Nominate a unit or a person for vetting, for an activity or a program (vetters and administrators)",
			handle: s.handleNominate, request: reflect.TypeOf(custos.Nomination{}), response: reflect.TypeOf(custos.Nomination{}), status: http.StatusCreated},
		route{method: "GET", path: "/api/v1/vetting/nominations/{id}", tag: "vetting", summary: "A nomination with its screening hits, their judgements, and its decisions (vetters and administrators)",
			handle: s.handleNomination, response: reflect.TypeOf(custos.Nomination{})},
		route{method: "POST", path: "/api/v1/vetting/screenings", tag: "vetting", summary: "Screen nominations (every unscreened one when none is named) against imported lists and credible incidents (vetters and administrators)",
			handle: s.handleScreen, request: reflect.TypeOf(screenRequest{}), response: reflect.TypeOf(custos.ScreeningRun{})},
		route{method: "POST", path: "/api/v1/vetting/hits/{id}/judgement", tag: "vetting", summary: "Judge a screening hit the same, different or unsure, with the reason; a hit judged different is not raised again until its record changes (vetters and administrators)",
			handle: s.handleJudge, request: reflect.TypeOf(judgeRequest{}), response: reflect.TypeOf(custos.MatchJudgement{}), status: http.StatusCreated},
		route{method: "POST", path: "/api/v1/vetting/decisions", tag: "vetting", summary: "Propose a decision on a nomination; it takes effect when another vetter concurs (vetters and administrators)",
			handle: s.handlePropose, request: reflect.TypeOf(custos.VettingDecision{}), response: reflect.TypeOf(custos.VettingDecision{}), status: http.StatusCreated},
		route{method: "GET", path: "/api/v1/vetting/decisions/{id}", tag: "vetting", summary: "A decision with its remediation steps (vetters and administrators)",
			handle: s.handleDecision, response: reflect.TypeOf(custos.VettingDecision{})},
		route{method: "POST", path: "/api/v1/vetting/decisions/{id}/concurrence", tag: "vetting", summary: "Concur in a proposed decision, as a vetter other than its proposer: it is then in force until it expires",
			handle: s.handleConcur, request: reflect.TypeOf(concurRequest{}), response: reflect.TypeOf(custos.VettingDecision{})},
		route{method: "POST", path: "/api/v1/vetting/decisions/{id}/remediation", tag: "vetting", summary: "Record a step taken to remedy the violation behind a denial in force (vetters and administrators)",
			handle: s.handleRemediate, request: reflect.TypeOf(custos.RemediationStep{}), response: reflect.TypeOf(custos.RemediationStep{}), status: http.StatusCreated},
		route{method: "GET", path: "/api/v1/vetting/list-entries", tag: "vetting", summary: "Entries of imported lists of derogatory records (vetters and administrators)",
			handle: s.handleListEntries, query: reflect.TypeOf(custos.ListEntryFilter{}), response: reflect.TypeOf(listBody[custos.ListEntry]{})},
		route{method: "PUT", path: "/api/v1/vetting/lists/{name}", tag: "vetting", summary: "Import a list of derogatory records (text/csv in the vetting format: id,kind,name,aliases,birth_date,gender,nationality,unit,parent_unit), replacing the list of that name; all or nothing (vetters and administrators)",
			handle: s.handleImportList, response: reflect.TypeOf(custos.ListImport{})},
		route{method: "GET", path: "/api/v1/activities/{id}/vetting", tag: "vetting", summary: "The vetting standing and expiry of each participant of an activity (signed-in staff; the grounds stay with vetters)",
			handle: s.handleActivityVetting, response: reflect.TypeOf(participantsBody{})},
		route{method: "GET", path: "/api/v1/vetting/barred-units", tag: "vetting", summary: "The public list of units barred from assistance by a Leahy denial in force that the vetters decided to publish, with remediation steps; never persons",
			handle: s.handleBarredUnits, response: reflect.TypeOf(barredBody{})},
		route{method: "POST", path: "/api/v1/vetting/decisions/{id}/publication", tag: "vetting", summary: "Put a unit's denial in force on the public list of barred units, or take it off, with the reason (vetters and administrators); a proposal's publish flag takes effect with the concurrence instead",
			handle: s.handlePublish, request: reflect.TypeOf(publicationRequest{}), response: reflect.TypeOf(custos.VettingDecision{})},
		route{method: "GET", path: "/api/v1/vetting/reviews", tag: "vetting", summary: "Approvals in force flagged for review because an incident naming the subject's unit became credible; open ones unless all=true (vetters and administrators)",
			handle: s.handleVettingReviews, query: reflect.TypeOf(custos.VettingReviewFilter{}), response: reflect.TypeOf(listBody[custos.VettingReview]{})},
		route{method: "GET", path: "/api/v1/vetting/reviews/{id}", tag: "vetting", summary: "A review flag on an approval in force (vetters and administrators)",
			handle: s.handleVettingReview, response: reflect.TypeOf(custos.VettingReview{})},
		route{method: "POST", path: "/api/v1/vetting/reviews/{id}/resolution", tag: "vetting", summary: "Resolve a review flag: the information was reviewed and the approval stands, with the reason (vetters and administrators); a new decision in force for the subject resolves it too",
			handle: s.handleResolveReview, request: reflect.TypeOf(reviewResolution{}), response: reflect.TypeOf(custos.VettingReview{})},
	)

	// Consultations (civil society heard at every stage): routes below this line.
	// Reading is open to every caller, redacted by the store (see
	// custos.Consultation.Redact); writing is for administrators, planners
	// and analysts.
	rs = addResource(rs, resource[custos.Consultation, custos.ConsultationFilter]{
		plural: "consultations", entity: custos.EntityConsultation, singular: "consultation", key: "id",
		find: st.FindConsultations, get: byID(st.FindConsultation), create: st.CreateConsultation, update: st.UpdateConsultation, del: delByID(st.DeleteConsultation),
		setKey: func(c *custos.Consultation, k string) { setID(&c.ID, k) },
	})
	// A civil-society partner puts feedback on the record and follows the answers.
	rs = append(rs,
		route{method: "POST", path: "/api/v1/consultations/{id}/feedback", tag: "consultations", summary: "Put a concern or recommendation on the record of a public consultation, in the caller's name, pending until the program answers (civil-society partners); who raised it is seen only by those who run consultations",
			handle: s.handleAddFeedback, request: reflect.TypeOf(feedbackRequest{}), response: reflect.TypeOf(custos.Feedback{}), status: http.StatusCreated},
		route{method: "GET", path: "/api/v1/consultations/feedback/mine", tag: "consultations", summary: "The feedback the caller put on the record, with the program's responses (signed-in users)",
			handle: s.handleOwnFeedback, query: reflect.TypeOf(custos.OwnFeedbackFilter{}), response: reflect.TypeOf(listBody[custos.SubmittedFeedback]{})},
	)

	return rs
}
