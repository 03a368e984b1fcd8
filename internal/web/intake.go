package web

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/api"
)

// intakePage is the public incident form, or its thank-you page.
type intakePage struct {
	base
	L        *intakeLang
	Langs    []*intakeLang
	Action   string
	Sections []intakeSection
	Contact  []intakeInput
	Errors   []formErr
	Problem  string // a message about the whole report (rate limit, size)
	Ref      string // the thank-you page's reference number
	// Coarsened tells the thank-you page that details of the place were
	// removed, as the reporter asked.
	Coarsened bool
}

// intakeSection is a fieldset of the form.
type intakeSection struct {
	Legend string
	Fields []intakeInput
}

// intakeInput is an input with its page, whose language words the error
// prefix that screen readers announce.
type intakeInput struct {
	F field
	P *intakePage
}

// T returns the page's string for key, in English when missing.
func (p *intakePage) T(key string) string {
	if s, ok := p.L.T[key]; ok {
		return s
	}
	return intakeEN[key]
}

// intakeBody is the JSON the API's intake endpoint takes. The form goes
// through the API in-process, so that the size bound, the rate limit per
// address, the checks and the sealing of contact details are the API's.
type intakeBody struct {
	Title           string                   `json:"title"`
	Description     string                   `json:"description,omitempty"`
	Category        custos.IncidentCategory  `json:"category"`
	Date            custos.Date              `json:"date"`
	DatePrecision   custos.DatePrecision     `json:"date_precision,omitempty"`
	Place           custos.Place             `json:"place"`
	CoarsenLocation custos.LocationPrecision `json:"coarsen_location,omitempty"`
	Perpetrators    []string                 `json:"perpetrators,omitempty"`
	Victims         custos.Victims           `json:"victims"`
	HowKnown        string                   `json:"how_known,omitempty"`
	Reporter        *custos.Reporter         `json:"reporter,omitempty"`
}

// intakeFormBytes bounds a posted form: the API takes at most
// api.IntakeMaxBytes of JSON, and URL encoding can triple the size of
// non-Latin text.
const intakeFormBytes = 4 * api.IntakeMaxBytes

func (s *Server) intakeForm(w http.ResponseWriter, r *http.Request) error {
	l := intakeLangFor(r.URL.Query().Get("lang"), r.Header.Get("Accept-Language"))
	page := s.newIntakePage(r, l, url.Values{}, nil)
	s.render(w, r, http.StatusOK, "intake", page)
	return nil
}

// newIntakePage builds the form with the values posted and their errors.
func (s *Server) newIntakePage(r *http.Request, l *intakeLang, v url.Values, errs map[string]string) *intakePage {
	p := &intakePage{L: l, Langs: intakeLangs, Action: "/report-incident?lang=" + l.Tag}
	p.base = s.base(r, p.T("title"), "")
	p.Lang, p.Dir = l.Tag, l.Dir
	fm := newForm(errs, nil, nil)
	req := " " + p.T("required")
	f := func(name, key, typ string) field {
		return fm.fill(field{Name: name, Label: p.T(key), Type: typ, Value: v.Get(name)})
	}
	cats := []option{{"", p.T("choose")}}
	for _, c := range custos.IncidentCategories {
		cats = append(cats, option{string(c), p.T("c." + string(c))})
	}
	precs := []option{}
	for _, d := range custos.DatePrecisions {
		precs = append(precs, option{string(d), p.T("p." + string(d))})
	}
	title := f("title", "f.title", "text")
	title.Label += req
	cat := f("category", "f.category", "select")
	cat.Label += req
	cat.Options = cats
	date := f("date", "f.date", "date")
	date.Label += req
	date.Help = p.T("f.date_help")
	prec := f("date_precision", "f.precision", "select")
	prec.Options = precs
	country := f("place.country", "f.country", "select")
	country.Label += req
	country.Options = intakeCountryOptions(l, p.T("choose"))
	coarsen := f("coarsen_location", "f.coarsen", "checkbox")
	coarsen.Value, coarsen.Checked, coarsen.Help = "admin1", v.Get("coarsen_location") != "", p.T("f.coarsen_help")
	in := func(fs ...field) []intakeInput {
		out := make([]intakeInput, len(fs))
		for k, x := range fs {
			x.Short = x.Type == "number"
			out[k] = intakeInput{x, p}
		}
		return out
	}
	p.Sections = []intakeSection{
		{p.T("what"), in(title, cat, f("description", "f.description", "textarea"))},
		{p.T("when"), in(date, prec)},
		{p.T("where"), in(country, f("place.admin1", "f.admin1", "text"), f("place.admin2", "f.admin2", "text"),
			f("place.location", "f.location", "text"), coarsen)},
		{p.T("who"), in(f("perpetrators", "f.perpetrators", "textarea"))},
		{p.T("victims"), in(f("victims.killed.best", "f.killed", "number"), f("victims.injured.best", "f.injured", "number"),
			f("victims.women", "f.women", "number"), f("victims.children", "f.children", "number"), f("how_known", "f.how_known", "textarea"))},
	}
	p.Contact = in(f("reporter.name", "f.name", "text"), f("reporter.organization", "f.organization", "text"),
		f("reporter.email", "f.email", "email"), f("reporter.phone", "f.phone", "tel"), f("reporter.notes", "f.notes", "textarea"))
	p.Errors = fm.summary()
	return p
}

// intakeSubmit takes a posted report to the API's intake endpoint.
func (s *Server) intakeSubmit(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, intakeFormBytes)
	err := r.ParseForm()
	tag := r.PostForm.Get("lang")
	if tag == "" {
		tag = r.URL.Query().Get("lang")
	}
	l := intakeLangFor(tag, r.Header.Get("Accept-Language"))
	if err != nil {
		page := s.newIntakePage(r, l, url.Values{}, nil)
		page.Problem = page.T("failed")
		status := http.StatusBadRequest
		if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
			page.Problem, status = page.T("too_large"), http.StatusRequestEntityTooLarge
		}
		s.render(w, r, status, "intake", page)
		return nil
	}
	v := r.PostForm
	errs := map[string]string{}
	t := (&intakePage{L: l}).T
	num := func(name string) *int {
		sv := strings.TrimSpace(v.Get(name))
		if sv == "" {
			return nil
		}
		n, err := strconv.Atoi(sv)
		if err != nil || n < 0 {
			errs[name] = t("number")
			return nil
		}
		return &n
	}
	ref := newIntakeRef()
	body := intakeBody{Title: strings.TrimSpace(v.Get("title")), Category: custos.IncidentCategory(v.Get("category")),
		DatePrecision: custos.DatePrecision(v.Get("date_precision")),
		Place: custos.Place{Country: v.Get("place.country"), Admin1: strings.TrimSpace(v.Get("place.admin1")),
			Admin2: strings.TrimSpace(v.Get("place.admin2")), Location: strings.TrimSpace(v.Get("place.location"))},
		HowKnown: strings.TrimSpace(v.Get("how_known"))}
	// The reference goes into the description, where analysts can search
	// for it; it is random, so it says nothing about the reporter.
	body.Description = strings.TrimSpace(strings.ReplaceAll(v.Get("description"), "\r\n", "\n"))
	if body.Description != "" {
		body.Description += "\n\n"
	}
	body.Description += "Public reference: " + ref
	if v.Get("coarsen_location") != "" {
		body.CoarsenLocation = "admin1"
	}
	if ds := strings.TrimSpace(v.Get("date")); ds != "" {
		d, err := custos.ParseDate(ds)
		if err != nil {
			errs["date"] = t("date")
		}
		body.Date = d
	}
	for _, line := range strings.Split(v.Get("perpetrators"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			body.Perpetrators = append(body.Perpetrators, line)
		}
	}
	if k := num("victims.killed.best"); k != nil {
		body.Victims.Killed.Best = *k
	}
	if k := num("victims.injured.best"); k != nil {
		body.Victims.Injured.Best = *k
	}
	body.Victims.Women, body.Victims.Children = num("victims.women"), num("victims.children")
	rep := custos.Reporter{Name: strings.TrimSpace(v.Get("reporter.name")), Organization: strings.TrimSpace(v.Get("reporter.organization")),
		Email: strings.TrimSpace(v.Get("reporter.email")), Phone: strings.TrimSpace(v.Get("reporter.phone")), Notes: strings.TrimSpace(v.Get("reporter.notes"))}
	if !rep.Empty() {
		body.Reporter = &rep
	}
	if len(errs) > 0 {
		page := s.newIntakePage(r, l, v, errs)
		s.render(w, r, http.StatusUnprocessableEntity, "intake", page)
		return nil
	}
	js, err := json.Marshal(body)
	if err != nil {
		return err
	}
	status, answer := s.callAPI(r, http.MethodPost, "/api/v1/intake", js)
	if status == http.StatusCreated {
		thanks := url.Values{"lang": {l.Tag}, "ref": {ref}}
		var ack struct {
			Coarsened []string `json:"coarsened"`
		}
		if json.Unmarshal(answer, &ack) == nil && len(ack.Coarsened) > 0 {
			thanks.Set("coarsened", "1")
		}
		return redirect(w, r, withQuery("/report-incident/thanks", thanks))
	}
	var e struct {
		Error custos.Error `json:"error"`
	}
	_ = json.Unmarshal(answer, &e)
	page := s.newIntakePage(r, l, v, intakeFieldErrors(l, e.Error.Fields))
	switch {
	case status == http.StatusTooManyRequests:
		page.Problem = page.T("too_many")
		w.Header().Set("Retry-After", strconv.Itoa(int(api.IntakeEvery.Seconds())))
	case status == http.StatusRequestEntityTooLarge || e.Error.Kind == custos.ETOOLARGE:
		page.Problem = page.T("too_large")
	case len(e.Error.Fields) == 0:
		page.Problem = page.T("failed")
		if status < 500 && e.Error.Message != "" {
			page.Problem += " (" + e.Error.Message + ")"
		}
	}
	if status == http.StatusBadRequest && len(e.Error.Fields) > 0 {
		// Errors beside the fields, as every form of the UI answers them.
		status = http.StatusUnprocessableEntity
	}
	if status >= 500 {
		s.log.ErrorContext(r.Context(), "intake", "status", status, "error", e.Error.Message)
		status = http.StatusBadGateway
	}
	s.render(w, r, status, "intake", page)
	return nil
}

// intakeRefPattern is the shape of a reference number.
var intakeRefPattern = regexp.MustCompile(`^[A-Z2-9]{4}-[A-Z2-9]{4}$`)

// newIntakeRef returns a random reference number such as "K7QD-3MXP": it
// reveals neither the incident's id, nor how many reports there are.
func newIntakeRef() string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789" // no 0/O, 1/I
	b := make([]byte, 8)
	rand.Read(b)
	out := make([]byte, 0, 9)
	for i, x := range b {
		if i == 4 {
			out = append(out, '-')
		}
		out = append(out, alphabet[int(x)%len(alphabet)])
	}
	return string(out)
}

func (s *Server) intakeThanks(w http.ResponseWriter, r *http.Request) error {
	l := intakeLangFor(r.URL.Query().Get("lang"), r.Header.Get("Accept-Language"))
	p := &intakePage{L: l, Langs: intakeLangs, Action: "/report-incident"}
	p.base = s.base(r, p.T("thanks"), "")
	p.Lang, p.Dir = l.Tag, l.Dir
	if ref := r.URL.Query().Get("ref"); intakeRefPattern.MatchString(ref) {
		p.Ref = ref
	}
	p.Coarsened = r.URL.Query().Get("coarsened") == "1"
	s.render(w, r, http.StatusOK, "intake_thanks", p)
	return nil
}
