package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/api"
)

// incidentExtra is what the incident page shows beyond its facts.
type incidentExtra struct {
	ID           int64
	Perpetrators []perpetratorView
	Victims      table
	Sources      table
	History      table
	Warnings     table
	Transition   *transitionForm
	Reporter     *reporterView
}

// perpetratorView is one alleged perpetrator with any suggested link an
// analyst may confirm.
type perpetratorView struct {
	Link      link // the linked unit or person, or the name as reported
	Role      string
	Suggested link   // the importer's suggested unit, when not yet linked
	Score     string // the suggestion's score, as a percentage
	Confirm   string // where to post the confirmation, for those who may
	Reject    string // where to post the rejection, for those who may
	Trend     string // the unit's incident trend
}

// transitionForm moves an incident's verification to another status.
type transitionForm struct {
	Action string
	To     field
	Reason field
	Errors []formErr
}

// reporterView is the civil-society reporter's contact details, shown only
// to analysts and administrators.
type reporterView struct {
	Facts   []fact
	Message string
}

func (s *Server) incidentView(ctx context.Context, i *custos.Incident) (viewPage, error) {
	l := s.lookup(ctx)
	p := principalFrom(ctx)
	var v viewPage
	v.Crumbs = []link{countryLink(i.Place.Country)}
	pl := i.Place
	coords := ""
	if pl.Latitude != nil && pl.Longitude != nil {
		coords = floatText(pl.Latitude) + ", " + floatText(pl.Longitude)
	}
	v.Facts = []fact{
		{Label: "Date", Text: incidentDate(i)},
		{Label: "Category", Text: label(i.Category)},
		{Label: "Verification", Text: label(i.Status)},
		{Label: "Country", Text: countryName(pl.Country), Href: "/countries/" + pl.Country},
		{Label: "First-level area", Text: pl.Admin1},
		{Label: "Second-level area", Text: pl.Admin2},
		{Label: "Third-level area", Text: pl.Admin3},
		{Label: "Place", Text: pl.Location},
		{Label: "Coordinates", Text: coords},
		{Label: "The place is known to", Text: precisionLabel(pl.Precision)},
		{Label: "Description", Text: i.Description, Long: true},
	}
	if i.Source != nil {
		v.Facts = append(v.Facts, sourceFact(i.Source))
	}
	x := &incidentExtra{ID: i.ID}
	mayUpdate := custos.Can(p.Role, custos.ActionUpdate, custos.EntityIncident)
	for k, pp := range i.Perpetrators {
		pv := perpetratorView{Role: label(pp.Role)}
		switch {
		case pp.ActorID > 0:
			pv.Link = l.actorLink(pp.ActorID)
			if pv.Link.Href != "" {
				pv.Trend = fmt.Sprintf("/incident-trends?actor_id=%d", pp.ActorID)
			}
		case pp.PersonID > 0:
			pv.Link = l.personLink(pp.PersonID)
		default:
			pv.Link = link{Text: pp.Name + " (as reported, not linked)"}
		}
		if pp.ActorID > 0 && pp.Name != "" {
			pv.Link.Text += " — reported as " + pp.Name
		}
		if !pp.Resolved() && pp.SuggestedActorID > 0 {
			pv.Suggested = l.actorLink(pp.SuggestedActorID)
			pv.Score = strconv.Itoa(int(pp.SuggestionScore*100+0.5)) + "%"
			if mayUpdate {
				pv.Confirm = fmt.Sprintf("/incidents/%d/perpetrators/%d/confirm", i.ID, k)
				pv.Reject = fmt.Sprintf("/incidents/%d/perpetrators/%d/reject", i.ID, k)
			}
		}
		x.Perpetrators = append(x.Perpetrators, pv)
	}
	vic := i.Victims
	x.Victims = table{Caption: "Victims: best estimate and range", Columns: []column{{Label: "Harm"}, {Label: "Best estimate", Num: true},
		{Label: "Lowest", Num: true}, {Label: "Highest", Num: true}}}
	for _, e := range []struct {
		name string
		e    custos.Estimate
	}{{"Killed", vic.Killed}, {"Injured", vic.Injured}} {
		x.Victims.Rows = append(x.Victims.Rows, []cell{{Text: e.name}, {Text: formatInt(e.e.Best), Num: true},
			{Text: formatInt(e.e.Low), Num: true}, {Text: formatInt(e.e.High), Num: true}})
	}
	for _, c := range []struct {
		name string
		n    *int
	}{{"Women among them", vic.Women}, {"Children among them", vic.Children}} {
		t := "not known"
		if c.n != nil {
			t = formatInt(*c.n)
		}
		x.Victims.Rows = append(x.Victims.Rows, []cell{{Text: c.name}, {Text: t, Num: true}, {}, {}})
	}
	x.Sources = table{Caption: "Sources and their grades (Admiralty scale)", Empty: "No source of this incident is visible to you.",
		Columns: []column{{Label: "Source"}, {Label: "Type"}, {Label: "Grade"}, {Label: "Date"}, {Label: "Reference"}, {Label: "Visible to"}}}
	for _, src := range i.Sources {
		name := cell{Text: src.Name}
		if name.Text == "" {
			name.Text = sourceTypeLabel(src.Type)
		}
		if u, err := url.Parse(src.URL); err == nil && (u.Scheme == "https" || u.Scheme == "http") {
			name.Href = src.URL
		}
		x.Sources.Rows = append(x.Sources.Rows, []cell{name, {Text: sourceTypeLabel(src.Type)}, {Text: src.Grade()}, {Text: src.Date.String()},
			{Text: src.Reference}, relCell(src.Releasability)})
	}
	x.History = table{Caption: "Verification history, oldest first", Empty: "Not reviewed yet: the incident is as reported.",
		Columns: []column{{Label: "When"}, {Label: "From"}, {Label: "To"}, {Label: "Who"}, {Label: "Why"}}}
	for _, h := range i.Verifications {
		x.History.Rows = append(x.History.Rows, []cell{{Text: h.At.UTC().Format("2006-01-02 15:04 UTC")}, {Text: label(h.From)},
			{Text: label(h.To)}, {Text: h.By}, {Text: h.Reason}})
	}
	ws, _, err := s.store.FindWarnings(ctx, custos.WarningFilter{IncidentID: i.ID, Cleared: true, Page: custos.Page{Limit: 100}})
	if err == nil {
		x.Warnings = warningTable(l, ws, "Warnings this incident raised on assistance", "This incident has raised no warning on assistance.")
	}
	if mayUpdate {
		x.Transition = newTransitionForm(i, nil, nil)
	}
	v.Extra = x
	return v, nil
}

// newTransitionForm offers the statuses the incident may move to, with
// any errors of a refused attempt next to their inputs.
func newTransitionForm(i *custos.Incident, errs map[string]string, raw map[string]string) *transitionForm {
	opts := []option{{"", "Choose a status"}}
	for _, st := range custos.VerificationStatuses {
		if custos.CanTransition(i.Status, st) {
			opts = append(opts, option{string(st), label(st)})
		}
	}
	fm := newForm(errs, raw, nil)
	t := &transitionForm{Action: fmt.Sprintf("/incidents/%d/transition", i.ID)}
	t.To = fm.fill(field{Name: "to", Label: "Move to", Type: "select", Options: opts, Required: true, Value: raw["to"]})
	t.Reason = fm.fill(field{Name: "reason", Label: "Reason", Type: "textarea", Required: true, Value: raw["reason"],
		Help: "Say what the judgement rests on: a vetting decision may later cite it. It is kept with your name and the time."})
	t.Errors = fm.summary()
	return t
}

// transition answers the transition form. A refusal comes back as the
// incident page with the errors beside the inputs.
func (s *Server) transition(w http.ResponseWriter, r *http.Request) error {
	if _, err := custos.Authorize(r.Context(), custos.ActionUpdate, custos.EntityIncident); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return custos.Errorf(custos.EINVALID, "the form could not be read: %v", err)
	}
	get := byID(s.store.FindIncident)
	key := r.PathValue("key")
	to, reason := custos.VerificationStatus(r.PostForm.Get("to")), r.PostForm.Get("reason")
	i, err := get(r.Context(), key)
	if err != nil {
		return err
	}
	errs := map[string]string{}
	if to == "" {
		errs["to"] = "choose the status to move to"
	}
	if len(errs) == 0 {
		_, err = s.store.TransitionIncident(r.Context(), i.ID, to, reason)
		var e *custos.Error
		switch {
		case err == nil:
			return redirect(w, r, fmt.Sprintf("/incidents/%d", i.ID))
		case errors.As(err, &e) && e.Kind == custos.EINVALID:
			for k, m := range e.Fields {
				errs[k] = m
			}
			if len(e.Fields) == 0 {
				errs["to"] = e.Message
			}
		default:
			return err
		}
	}
	page, err := s.incidentView(r.Context(), i)
	if err != nil {
		return err
	}
	page.Extra.(*incidentExtra).Transition = newTransitionForm(i, errs, map[string]string{"to": string(to), "reason": reason})
	page.Extra.(*incidentExtra).Reporter = s.reporter(r, i.ID)
	s.renderIncident(w, r, http.StatusUnprocessableEntity, i, page)
	return nil
}

// renderIncident draws the incident page as the resource's show handler
// does, for the pages that answer a post.
func (s *Server) renderIncident(w http.ResponseWriter, r *http.Request, status int, i *custos.Incident, page viewPage) {
	page.base = s.base(r, i.Title, "Monitor")
	page.Kind = "Incident"
	page.Releasability = i.Releasability
	item := fmt.Sprintf("/incidents/%d", i.ID)
	if page.Can("update", custos.EntityIncident) {
		page.EditHref = item + "/edit"
	}
	if page.Can("delete", custos.EntityIncident) {
		page.DeleteHref = item + "/delete"
	}
	page.Crumbs = append([]link{{"/incidents", "Incidents"}}, page.Crumbs...)
	s.render(w, r, status, "incident", &page)
}

// confirmPerpetrator links a perpetrator to the unit the importer's matcher
// suggested, as an analyst's confirmation. The store raises the warnings a
// credible incident owes the newly linked unit.
func (s *Server) confirmPerpetrator(w http.ResponseWriter, r *http.Request) error {
	if _, err := custos.Authorize(r.Context(), custos.ActionUpdate, custos.EntityIncident); err != nil {
		return err
	}
	i, err := byID(s.store.FindIncident)(r.Context(), r.PathValue("key"))
	if err != nil {
		return err
	}
	k, err := strconv.Atoi(r.PathValue("k"))
	if err != nil || k < 0 || k >= len(i.Perpetrators) || i.Perpetrators[k].SuggestedActorID == 0 || i.Perpetrators[k].Resolved() {
		return custos.Errorf(custos.EINVALID, "perpetrator %s of incident %d has no suggested unit to confirm", r.PathValue("k"), i.ID)
	}
	if _, err := s.store.ConfirmPerpetrator(r.Context(), i.ID, k); err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/incidents/%d", i.ID))
}

// rejectSuggestion drops the unit the importer's matcher suggested for a
// perpetrator, as an analyst's judgement that it is not that unit; the
// name as reported stays, to be linked by hand.
func (s *Server) rejectSuggestion(w http.ResponseWriter, r *http.Request) error {
	if _, err := custos.Authorize(r.Context(), custos.ActionUpdate, custos.EntityIncident); err != nil {
		return err
	}
	i, err := byID(s.store.FindIncident)(r.Context(), r.PathValue("key"))
	if err != nil {
		return err
	}
	k, err := strconv.Atoi(r.PathValue("k"))
	if err != nil || k < 0 || k >= len(i.Perpetrators) || i.Perpetrators[k].SuggestedActorID == 0 || i.Perpetrators[k].Resolved() {
		return custos.Errorf(custos.EINVALID, "perpetrator %s of incident %d has no suggested unit to reject", r.PathValue("k"), i.ID)
	}
	if _, err := s.store.RejectSuggestion(r.Context(), i.ID, k); err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/incidents/%d", i.ID))
}

// reporter opens the contact details of an incident's civil-society
// reporter through the JSON API, which holds the intake key, as the caller.
// It is called only for roles that may read reporters; the store refuses
// everyone else anyway.
func (s *Server) reporter(r *http.Request, id int64) *reporterView {
	if !custos.Can(principalFrom(r.Context()).Role, custos.ActionRead, custos.EntityReporter) {
		return nil
	}
	status, body := s.callAPI(r, http.MethodGet, fmt.Sprintf("/api/v1/incidents/%d/reporter", id), nil)
	switch status {
	case http.StatusOK:
		var rep custos.Reporter
		if err := json.Unmarshal(body, &rep); err != nil {
			return &reporterView{Message: "The contact details could not be read."}
		}
		return &reporterView{Facts: []fact{{Label: "Name", Text: rep.Name}, {Label: "Organization", Text: rep.Organization},
			{Label: "Email", Text: rep.Email}, {Label: "Phone", Text: rep.Phone}, {Label: "When and how it is safe to call back", Text: rep.Notes, Long: true},
			{Label: "How the reporter knows", Text: rep.HowKnown, Long: true}}}
	case http.StatusNotFound:
		return &reporterView{Message: "No contact details, nor how the reporter knows, were left with this incident."}
	}
	return &reporterView{Message: "The contact details cannot be opened now: " + apiMessage(body)}
}

// callAPI sends a request to the JSON API in-process, as the caller of r
// (the same session cookie and client address), so that the pages reuse
// the API's checks, limits and keys rather than copying them.
func (s *Server) callAPI(r *http.Request, method, path string, body []byte) (int, []byte) {
	if s.api == nil {
		return http.StatusServiceUnavailable, []byte(`{"error":{"message":"the API is not available"}}`)
	}
	req, err := http.NewRequestWithContext(r.Context(), method, path, bytes.NewReader(body))
	if err != nil {
		return http.StatusInternalServerError, nil
	}
	req.RemoteAddr, req.Host = r.RemoteAddr, r.Host
	// The API believes X-Forwarded-For only from a proxy it trusts (see
	// api.Deps.TrustedProxies); it is passed on so that behind one, the
	// intake limits each reporter rather than the proxy.
	if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
		req.Header["X-Forwarded-For"] = slices.Clone(xff)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c, err := r.Cookie(api.SessionCookie); err == nil {
		req.AddCookie(c)
	}
	rec := &apiAnswer{header: http.Header{}, code: http.StatusOK}
	s.api.ServeHTTP(rec, req)
	return rec.code, rec.body.Bytes()
}

// apiAnswer keeps what the API wrote for callAPI.
type apiAnswer struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (a *apiAnswer) Header() http.Header         { return a.header }
func (a *apiAnswer) Write(b []byte) (int, error) { return a.body.Write(b) }
func (a *apiAnswer) WriteHeader(code int)        { a.code = code }

// apiMessage returns the message of an API error body.
func apiMessage(body []byte) string {
	var e struct {
		Error custos.Error `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil || e.Error.Message == "" {
		return "an unexpected answer from the server"
	}
	return e.Error.Message
}
