package web

import (
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/custos-ssa/custos"
)

// decisionView is one decision of a nomination: what it says, who proposed
// it, whether a second vetter has concurred, and the forms the caller may
// use on it.
type decisionView struct {
	D           *custos.VettingDecision
	OutcomeText string
	Evidence    []link
	StatusText  string
	InForce     bool
	// Concur is true when the caller may concur: a vetter or administrator
	// who did not propose it, while it is proposed. Own says the caller
	// proposed it, so the page can say why there is no button.
	Concur     bool
	Own        bool
	ConcurNote string
	ConcurErr  string
	// Remedy is the remediation form, for a denial in force.
	Remedy *form
	// Publication says whether a unit's denial is on the public list of
	// barred units; Publish is the form that puts it on or takes it off.
	Publication string
	Publish     *publishForm
}

// publishForm puts a denial in force on the public list of barred units,
// or takes it off, with the reason.
type publishForm struct {
	Action string
	To     string // "yes" to publish, "no" to withdraw
	Button string
	Reason string
	Err    string
}

// ID returns the element id of the decision.
func (d decisionView) ID() string { return fmt.Sprintf("decision-%d", d.D.ID) }

// RemedyItems returns the remediation form's inputs.
func (d decisionView) RemedyItems() []formItem {
	if d.Remedy == nil {
		return nil
	}
	return d.Remedy.items
}

func decisionViewOf(d *custos.VettingDecision, me *custos.User, canWrite bool) decisionView {
	v := decisionView{D: d, OutcomeText: label(d.Outcome)}
	for _, e := range d.Evidence {
		v.Evidence = append(v.Evidence, evidenceLink(e))
	}
	switch d.Status {
	case custos.DecisionInForce:
		v.InForce = true
		v.StatusText = fmt.Sprintf("In force: proposed by %s on %s, concurred in by %s on %s.", d.ProposedBy, dayText(d.ProposedAt),
			d.ConcurredBy, dayText(d.ConcurredAt))
	default:
		v.StatusText = fmt.Sprintf("Proposed by %s on %s. It is not in force: another vetter must concur before it takes effect.",
			d.ProposedBy, dayText(d.ProposedAt))
		v.Own = me != nil && (me.ID == d.ProposedByID || (d.ProposedByID == 0 && me.Name == d.ProposedBy))
		v.Concur = canWrite && !v.Own
	}
	if d.Outcome == custos.Denied && d.Status == custos.DecisionInForce && canWrite {
		v.Remedy = remedyForm(d, nil, nil)
	}
	if d.Outcome == custos.Denied && d.ActorID > 0 {
		v.Publication, v.Publish = publicationOf(d, canWrite)
	}
	return v
}

// publicationOf says where a unit's denial stands with the public list of
// barred units, and gives the form that changes it to those who may.
func publicationOf(d *custos.VettingDecision, canWrite bool) (string, *publishForm) {
	var text string
	switch {
	case d.Status != custos.DecisionInForce && d.Publish:
		return "Proposed for the public list of barred units: the unit is listed when a second vetter concurs.", nil
	case d.Status != custos.DecisionInForce:
		return "Not proposed for the public list of barred units: the unit's name stays unpublished when the decision takes effect.", nil
	case d.Publish:
		text = fmt.Sprintf("On the public list of barred units since %s (%s).", dayText(d.PublishedAt), d.PublishedBy)
	default:
		text = "Not on the public list of barred units: the unit's name is not published."
		if d.PublishedBy != "" {
			text = fmt.Sprintf("Taken off the public list of barred units on %s (%s).", dayText(d.PublishedAt), d.PublishedBy)
		}
	}
	if !canWrite {
		return text, nil
	}
	f := &publishForm{Action: fmt.Sprintf("/vetting/decisions/%d/publication", d.ID), To: "yes", Button: "Publish the unit on the list of barred units"}
	if d.Publish {
		f.To, f.Button = "no", "Take the unit off the list of barred units"
	}
	return text, f
}

// remedyHelp explains the step field, and warns when the denial is on the
// public list, where the step's text (not its evidence or author) shows.
func remedyHelp(d *custos.VettingDecision) string {
	h := "An investigation, a prosecution, a reform: what the partner did to remedy the violation."
	if d.Publish {
		return h + " This denial is on the public list of barred units, which shows the date and text of each step: name no person and cite no confidential source here; put those in the evidence, which stays internal."
	}
	return h + " If this denial is published on the list of barred units, the list shows the date and text of each step, this one included: name no person and cite no confidential source here; put those in the evidence, which stays internal."
}

// remedyForm is the form for a remediation step of a denial.
func remedyForm(d *custos.VettingDecision, errs, raw map[string]string) *form {
	fm := newForm(errs, raw, nil)
	pre := fmt.Sprintf("remedy-%d-", d.ID)
	for _, f := range []field{
		{Name: "date", Label: "Date of the step", Type: "date", Required: true, Short: true},
		{Name: "step", Label: "Step taken", Type: "textarea", Required: true, Help: remedyHelp(d)},
		{Name: "evidence", Label: "Evidence (a link or record reference)", Type: "text"},
	} {
		f = fm.fill(f)
		f.Name = pre + f.Name // unique ids on a page with several denials
		fm.items = append(fm.items, formItem{Field: &f})
	}
	return fm
}

// decisionForm is the form to propose a decision.
type decisionForm struct {
	Action string
	Items  []formItem
}

// newDecisionForm builds the proposal form with any errors and input.
func newDecisionForm(n *custos.Nomination, errs, raw map[string]string) *decisionForm {
	fm := newForm(errs, raw, nil)
	outcomes := choices(custos.VettingOutcomes, "Choose an outcome")
	fm.add(field{Name: "outcome", Label: "Outcome", Type: "select", Options: outcomes, Required: true,
		Help: "Approved clears the subject for assistance; denied bars it (a unit is listed publicly as barred only if publication is ticked below); suspended stops assistance while information is checked; withdrawn closes a nomination no longer needed."})
	fm.add(field{Name: "reason", Label: "Reasons", Type: "textarea", Required: true,
		Help: "Why: the hits judged, the information weighed, its credibility."})
	fm.add(field{Name: "evidence", Label: "Evidence", Type: "textarea",
		Help: "One link or record reference per line, such as incident:4 or a report's address. Required to deny or suspend (cite the credible information), and to approve a subject whose hits are judged the same."})
	fm.add(field{Name: "expires_on", Label: "Expires on", Type: "date", Short: true,
		Help: "Leave empty for the usual validity (one year unless the server is set otherwise)."})
	if n.ActorID > 0 {
		fm.add(field{Name: "publish", Label: "Publish the unit on the public list of barred units if denied", Type: "checkbox", Value: "yes",
			Checked: raw["publish"] == "yes",
			Help:    "The unit's name, country and kind, the dates and the remediation steps become public when a second vetter concurs; the grounds, the evidence and every person stay confidential. Leave it unticked when naming the unit could endanger anyone; a vetter can publish it later."})
	}
	return &decisionForm{Action: fmt.Sprintf("/vetting/nominations/%d/decisions", n.ID), Items: fm.items}
}

// decisionPropose answers POST /vetting/nominations/{id}/decisions.
func (s *Server) decisionPropose(w http.ResponseWriter, r *http.Request) error {
	if _, err := custos.Authorize(r.Context(), custos.ActionCreate, custos.EntityVetting); err != nil {
		return err
	}
	n, err := s.nominationOf(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return custos.Errorf(custos.EINVALID, "the form could not be read: %v", err)
	}
	v := newValues(r.PostForm)
	d := &custos.VettingDecision{NominationID: n.ID, Outcome: custos.VettingOutcome(v.str("outcome")), Reason: v.text("reason"),
		ExpiresOn: v.date("expires_on", "expires_on"), Publish: v.str("publish") == "yes"}
	for _, line := range strings.Split(v.text("evidence"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			d.Evidence = append(d.Evidence, line)
		}
	}
	raw := map[string]string{"outcome": v.str("outcome"), "reason": v.text("reason"), "evidence": v.text("evidence"), "expires_on": v.str("expires_on"),
		"publish": v.str("publish")}
	errs := v.errs
	if len(errs) == 0 {
		err = s.store.ProposeDecision(r.Context(), d)
		var e *custos.Error
		switch {
		case errors.As(err, &e) && (e.Kind == custos.EINVALID || e.Kind == custos.ECONFLICT):
			errs = decisionFieldErrors(e)
		case err != nil:
			return err
		default:
			return redirect(w, r, fmt.Sprintf("/vetting/nominations/%d#decision-%d", n.ID, d.ID))
		}
	}
	page := s.nominationPage(r, n)
	page.Propose = newDecisionForm(n, errs, raw)
	page.Errors = summary(errs, map[string]string{"outcome": "Outcome", "reason": "Reasons", "evidence": "Evidence", "expires_on": "Expires on",
		"publish": "Publish"})
	page.Title = "Error: " + page.Title
	s.render(w, r, http.StatusUnprocessableEntity, "vetting_nomination", page)
	return nil
}

// decisionFieldErrors puts the store's errors on the proposal form's
// inputs: evidence[2] on the evidence box, by line; anything without an
// input on the outcome.
func decisionFieldErrors(e *custos.Error) map[string]string {
	out := map[string]string{}
	if len(e.Fields) == 0 {
		out["outcome"] = e.Message
		return out
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		msg := e.Fields[k]
		switch {
		case strings.HasPrefix(k, "evidence["):
			i, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(k, "evidence["), "]"))
			k, msg = "evidence", fmt.Sprintf("line %d %s", i+1, msg)
		case k == "outcome" || k == "reason" || k == "evidence" || k == "expires_on" || k == "publish":
		default:
			k, msg = "outcome", k+": "+msg
		}
		if old, ok := out[k]; ok {
			msg = old + "; " + msg
		}
		out[k] = msg
	}
	return out
}

// summary lists errors by field for the top of a page, linked to inputs.
func summary(errs map[string]string, labels map[string]string) []formErr {
	keys := make([]string, 0, len(errs))
	for k := range errs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []formErr
	for _, k := range keys {
		l := labels[k]
		if l == "" {
			l = fieldLabelPath(k)
		}
		out = append(out, formErr{Href: "#" + fieldID(k), Message: l + ": " + errs[k]})
	}
	return out
}

// decisionOf reads the decision named in the path and its nomination.
func (s *Server) decisionOf(r *http.Request) (*custos.VettingDecision, *custos.Nomination, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, nil, notFound("decision")
	}
	d, err := s.store.FindDecision(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	n, err := s.store.FindNomination(r.Context(), d.NominationID)
	return d, n, err
}

// decisionView answers GET /vetting/decisions/{id} with its nomination's
// page, at the decision.
func (s *Server) decisionShow(w http.ResponseWriter, r *http.Request) error {
	d, _, err := s.decisionOf(r)
	if err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/vetting/nominations/%d#decision-%d", d.NominationID, d.ID))
}

// decisionConcur answers POST /vetting/decisions/{id}/concur: a second
// vetter puts a proposed decision in force. The store refuses the proposer
// (four eyes); the page shows the refusal beside the decision.
func (s *Server) decisionConcur(w http.ResponseWriter, r *http.Request) error {
	if _, err := custos.Authorize(r.Context(), custos.ActionUpdate, custos.EntityVetting); err != nil {
		return err
	}
	d, n, err := s.decisionOf(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return custos.Errorf(custos.EINVALID, "the form could not be read: %v", err)
	}
	note := strings.TrimSpace(strings.ReplaceAll(r.PostForm.Get("note"), "\r\n", "\n"))
	_, err = s.store.ConcurDecision(r.Context(), d.ID, note)
	var e *custos.Error
	if errors.As(err, &e) && (e.Kind == custos.EINVALID || e.Kind == custos.ECONFLICT || e.Kind == custos.EFORBIDDEN) {
		page := s.nominationPage(r, n)
		msg := e.Message
		for k, v := range e.Fields {
			msg += "; " + k + " " + v
		}
		for i := range page.Decisions {
			if page.Decisions[i].D.ID == d.ID {
				page.Decisions[i].ConcurErr, page.Decisions[i].ConcurNote = msg, note
			}
		}
		page.Errors = []formErr{{Href: fmt.Sprintf("#decision-%d", d.ID), Message: "Concurrence refused: " + msg}}
		page.Title = "Error: " + page.Title
		status := http.StatusUnprocessableEntity
		if e.Kind == custos.EFORBIDDEN {
			status = http.StatusForbidden
		}
		s.render(w, r, status, "vetting_nomination", page)
		return nil
	}
	if err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/vetting/nominations/%d#decision-%d", n.ID, d.ID))
}

// decisionRemedy answers POST /vetting/decisions/{id}/remediation: a step
// a partner took to remedy the violation behind a denial.
func (s *Server) decisionRemedy(w http.ResponseWriter, r *http.Request) error {
	if _, err := custos.Authorize(r.Context(), custos.ActionCreate, custos.EntityVetting); err != nil {
		return err
	}
	d, n, err := s.decisionOf(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return custos.Errorf(custos.EINVALID, "the form could not be read: %v", err)
	}
	pre := fmt.Sprintf("remedy-%d-", d.ID)
	v := newValues(r.PostForm)
	step := &custos.RemediationStep{DecisionID: d.ID, Date: v.date(pre+"date", "date"), Step: v.text(pre + "step"), Evidence: v.str(pre + "evidence")}
	errs := v.errs
	if len(errs) == 0 {
		err = s.store.AddRemediationStep(r.Context(), step)
		var e *custos.Error
		switch {
		case errors.As(err, &e) && e.Kind == custos.EINVALID:
			errs = map[string]string{}
			for k, m := range e.Fields {
				if k != "date" && k != "step" && k != "evidence" {
					k, m = "step", k+": "+m
				}
				errs[k] = m
			}
			if len(errs) == 0 {
				errs["step"] = e.Message
			}
		case err != nil:
			return err
		default:
			return redirect(w, r, fmt.Sprintf("/vetting/nominations/%d#decision-%d", n.ID, d.ID))
		}
	}
	raw := map[string]string{"date": v.str(pre + "date"), "step": v.text(pre + "step"), "evidence": v.str(pre + "evidence")}
	page := s.nominationPage(r, n)
	for i := range page.Decisions {
		if page.Decisions[i].D.ID == d.ID {
			page.Decisions[i].Remedy = remedyForm(d, errs, raw)
		}
	}
	prefixed := map[string]string{}
	for k, m := range errs {
		prefixed[pre+k] = m
	}
	page.Errors = summary(prefixed, map[string]string{pre + "date": "Date of the step", pre + "step": "Step taken", pre + "evidence": "Evidence"})
	page.Title = "Error: " + page.Title
	s.render(w, r, http.StatusUnprocessableEntity, "vetting_nomination", page)
	return nil
}

// evidenceLink links a piece of evidence when it is a web address or a
// reference to a record with a page; other text is shown as it is.
func evidenceLink(e string) link {
	switch {
	case strings.HasPrefix(e, "https://") || strings.HasPrefix(e, "http://"):
		return link{e, e}
	case strings.HasPrefix(e, "/") && !strings.HasPrefix(e, "//"):
		return link{e, e}
	}
	for _, p := range []struct{ ref, path string }{{"actor:", "/actors/"}, {"person:", "/persons/"}, {"activity:", "/activities/"}, {"program:", "/programs/"},
		{"incident:", "/incidents/"}} {
		if id, ok := strings.CutPrefix(e, p.ref); ok {
			if n, err := strconv.ParseInt(id, 10, 64); err == nil && n > 0 {
				return link{p.path + id, e}
			}
		}
	}
	return link{"", e}
}

// decisionPublish answers POST /vetting/decisions/{id}/publication: a
// vetter puts a unit's denial in force on the public list of barred units,
// or takes it off, with the reason. A refusal comes back beside the form.
func (s *Server) decisionPublish(w http.ResponseWriter, r *http.Request) error {
	if _, err := custos.Authorize(r.Context(), custos.ActionUpdate, custos.EntityVetting); err != nil {
		return err
	}
	d, n, err := s.decisionOf(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return custos.Errorf(custos.EINVALID, "the form could not be read: %v", err)
	}
	to := r.PostForm.Get("publish")
	reason := strings.TrimSpace(strings.ReplaceAll(r.PostForm.Get("reason"), "\r\n", "\n"))
	if to != "yes" && to != "no" {
		err = &custos.Error{Kind: custos.EINVALID, Message: "invalid publication", Fields: map[string]string{"publish": "must be yes or no"}}
	} else {
		_, err = s.store.PublishDecision(r.Context(), d.ID, to == "yes", reason)
	}
	var e *custos.Error
	if errors.As(err, &e) && (e.Kind == custos.EINVALID || e.Kind == custos.ECONFLICT) {
		page := s.nominationPage(r, n)
		msg := e.Message
		for _, k := range sortedKeys(e.Fields) {
			msg += "; " + k + " " + e.Fields[k]
		}
		for i := range page.Decisions {
			if page.Decisions[i].D.ID == d.ID && page.Decisions[i].Publish != nil {
				page.Decisions[i].Publish.Err, page.Decisions[i].Publish.Reason = msg, reason
			}
		}
		page.Errors = []formErr{{Href: fmt.Sprintf("#decision-%d-publish-reason", d.ID), Message: "Publication refused: " + msg}}
		page.Title = "Error: " + page.Title
		s.render(w, r, http.StatusUnprocessableEntity, "vetting_nomination", page)
		return nil
	}
	if err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/vetting/nominations/%d#decision-%d", n.ID, d.ID))
}
