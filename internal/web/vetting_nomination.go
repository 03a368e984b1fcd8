package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/custos-ssa/custos"
)

// nominationPage is one nomination: its subject and standing, a button to
// screen it, its hits ranked with their explanations and a judgement form
// each, and its decisions with the forms to propose one, concur in one and
// record remediation.
type nominationPage struct {
	base
	Heading   string
	Verdicts  []option
	Crumbs    []link
	N         *custos.Nomination
	Facts     []fact
	Notice    string
	CanWrite  bool
	Hits      []hitView
	Decisions []decisionView
	// Reviews are the review flags on the nomination's decisions.
	Reviews []reviewView
	// Propose is the form for a new decision, nil while one awaits
	// concurrence.
	Propose *decisionForm
	// Errors sums up the problems of the form just posted.
	Errors []formErr
}

// nominationOf reads the nomination named in the path.
func (s *Server) nominationOf(r *http.Request) (*custos.Nomination, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, notFound("nomination")
	}
	return s.store.FindNomination(r.Context(), id)
}

// nominationView answers GET /vetting/nominations/{id}.
func (s *Server) nominationView(w http.ResponseWriter, r *http.Request) error {
	n, err := s.nominationOf(r)
	if err != nil {
		return err
	}
	page := s.nominationPage(r, n)
	page.Notice = screenNotice(r)
	s.render(w, r, http.StatusOK, "vetting_nomination", page)
	return nil
}

// nominationPage builds the page of n for the caller, with empty forms.
func (s *Server) nominationPage(r *http.Request, n *custos.Nomination) *nominationPage {
	ctx := r.Context()
	l := s.lookup(ctx)
	p := &nominationPage{base: s.base(r, nominationTitle(n), "Vet"), Heading: nominationTitle(n), N: n,
		Crumbs: []link{{"/vetting/nominations", "Vetting nominations"}}, Verdicts: verdictOptions}
	p.CanWrite = p.Can("update", custos.EntityVetting)
	subject := l.actorLink(n.ActorID)
	kind := "Unit"
	if n.PersonID > 0 {
		subject, kind = l.personLink(n.PersonID), "Person"
	}
	screened := "Not yet screened"
	if !n.ScreenedAt.IsZero() {
		screened = timeText(n.ScreenedAt)
	}
	p.Facts = []fact{
		{Label: kind + " nominated", Text: subject.Text, Href: subject.Href},
		{Label: "Standing now", Text: stateLabel(n.State)},
	}
	if n.ActivityID != 0 {
		a := s.activityLink(ctx, n.ActivityID)
		p.Facts = append(p.Facts, fact{Label: "For the activity", Text: a.Text, Href: a.Href})
	}
	if n.ProgramID != 0 {
		pr := l.programLink(n.ProgramID)
		p.Facts = append(p.Facts, fact{Label: "For the program", Text: pr.Text, Href: pr.Href})
	}
	p.Facts = append(p.Facts,
		fact{Label: "Nominated by", Text: n.NominatedBy + " on " + dayText(n.CreatedAt)},
		fact{Label: "Last screened", Text: screened},
		fact{Label: "Notes", Text: n.Notes, Long: true},
	)
	for i, h := range n.Hits {
		v := explainHit(i+1, h)
		if h.Judgement != nil {
			v.Verdict = string(h.Judgement.Verdict)
		}
		p.Hits = append(p.Hits, v)
	}
	me := userFrom(ctx)
	waiting := false
	for _, d := range n.Decisions {
		p.Decisions = append(p.Decisions, decisionViewOf(d, me, p.CanWrite))
		if d.Status == custos.DecisionProposed {
			waiting = true
		}
	}
	if p.Can("create", custos.EntityVetting) && !waiting {
		p.Propose = newDecisionForm(n, nil, nil)
	}
	p.Reviews = reviewViews(n, p.CanWrite)
	for _, rv := range p.Reviews {
		if rv.R.Open() && n.State == custos.VettingState(custos.Approved) {
			p.Facts[1].Text = "approved — review due (" + strings.ToLower(rv.Cause.Text[:1]) + rv.Cause.Text[1:] + ")"
		}
	}
	return p
}

// verdictOptions are the judgements a vetter may give a hit, in words.
var verdictOptions = []option{
	{string(custos.Same), "Same: the record is about this subject"},
	{string(custos.Different), "Different: a false match, cleared"},
	{string(custos.Unsure), "Unsure: cannot tell yet"},
}

// screenNotice says what the screening run just done found, from the
// redirect's query string.
func screenNotice(r *http.Request) string {
	q := r.URL.Query()
	if q.Get("screened") == "" {
		return ""
	}
	hits, _ := strconv.Atoi(q.Get("hits"))
	cleared, _ := strconv.Atoi(q.Get("cleared"))
	records, _ := strconv.Atoi(q.Get("records"))
	msg := fmt.Sprintf("Screened against %s derogatory records: %s kept", formatInt(records), plural(hits, "hit", "hits"))
	if cleared > 0 {
		msg += fmt.Sprintf(", %s not raised again because a vetter judged them different", plural(cleared, "hit", "hits"))
	}
	return msg + "."
}

// plural writes "1 hit" or "3 hits".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return formatInt(n) + " " + many
}

// nominationScreen answers POST /vetting/nominations/{id}/screen: it
// screens the nomination again against every derogatory record.
func (s *Server) nominationScreen(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return notFound("nomination")
	}
	run, err := s.store.ScreenNominations(r.Context(), []int64{id})
	if err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/vetting/nominations/%d?screened=1&records=%d&hits=%d&cleared=%d#hits", id, run.Records, run.Hits, run.Cleared))
}

// hitJudge answers POST /vetting/nominations/{id}/hits/{hit}: a vetter's
// judgement of one hit. A judgement without a verdict or a reason comes
// back on the page with the errors beside the hit's form.
func (s *Server) hitJudge(w http.ResponseWriter, r *http.Request) error {
	if _, err := custos.Authorize(r.Context(), custos.ActionUpdate, custos.EntityVetting); err != nil {
		return err
	}
	n, err := s.nominationOf(r)
	if err != nil {
		return err
	}
	hitID, err := strconv.ParseInt(r.PathValue("hit"), 10, 64)
	if err != nil {
		return notFound("hit")
	}
	idx := -1
	for i, h := range n.Hits {
		if h.ID == hitID {
			idx = i
		}
	}
	if idx < 0 {
		return custos.Errorf(custos.ENOTFOUND, "nomination %d has no hit %d: screening again may have replaced it", n.ID, hitID)
	}
	if err := r.ParseForm(); err != nil {
		return custos.Errorf(custos.EINVALID, "the form could not be read: %v", err)
	}
	j := &custos.MatchJudgement{HitID: hitID, Verdict: custos.MatchVerdict(strings.TrimSpace(r.PostForm.Get("verdict"))),
		Reason: strings.TrimSpace(strings.ReplaceAll(r.PostForm.Get("reason"), "\r\n", "\n"))}
	err = s.store.JudgeHit(r.Context(), j)
	var e *custos.Error
	if errors.As(err, &e) && e.Kind == custos.EINVALID {
		page := s.nominationPage(r, n)
		h := &page.Hits[idx]
		h.Errors, h.Verdict, h.Reason = e.Fields, string(j.Verdict), j.Reason
		if len(e.Fields) == 0 {
			h.Errors = map[string]string{"verdict": e.Message}
		}
		for _, k := range []string{"verdict", "reason"} {
			if msg := h.Errors[k]; msg != "" {
				page.Errors = append(page.Errors, formErr{Href: "#" + h.ID() + "-" + k, Message: fmt.Sprintf("Hit %d, %s: %s", h.Rank, k, msg)})
			}
		}
		page.Title = "Error: " + page.Title
		s.render(w, r, http.StatusUnprocessableEntity, "vetting_nomination", page)
		return nil
	}
	if err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/vetting/nominations/%d#%s", n.ID, fmt.Sprintf("hit-%d", hitID)))
}
