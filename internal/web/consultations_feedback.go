package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/custos-ssa/custos"
)

// A civil-society partner gives feedback on a public consultation from its
// page and follows the program's answers on "My feedback". The store keeps
// who raised each item from everyone but those who run consultations (see
// custos.Consultation.Redact) and marks the reader's own items.

// consultationExtra is what the consultation page shows beyond the facts:
// the form to give feedback, to those who may.
type consultationExtra struct {
	Give *feedbackForm
}

// feedbackForm is the "Give feedback" form.
type feedbackForm struct {
	Action string
	Errors []formErr
	Fields []field
}

// feedbackExtra returns the page's extra part for the reader: the form for
// a partner, with errs and raw from a refused submission.
func feedbackExtra(ctx context.Context, c *custos.Consultation, errs, raw map[string]string) *consultationExtra {
	x := &consultationExtra{}
	if !custos.Can(principalFrom(ctx).Role, custos.ActionCreate, custos.EntityFeedback) {
		return x
	}
	fm := newForm(errs, raw, nil)
	fm.add(field{Name: "kind", Label: "Kind of feedback", Type: "select", Required: true,
		Options: []option{{"", "Choose"}, {"concern", "A concern"}, {"recommendation", "A recommendation"}}})
	fm.add(field{Name: "text", Label: "Your feedback", Type: "textarea", Required: true,
		Help: "What you want the program to hear. It is published with this consultation and answered by the program; your name is seen only by the staff who run consultations, never by other organizations or the public. Name no one who could be put at risk."})
	x.Give = &feedbackForm{Action: "/consultations/" + itoa(c.ID) + "/feedback", Errors: fm.summary()}
	for _, it := range fm.items {
		x.Give.Fields = append(x.Give.Fields, *it.Field)
	}
	return x
}

// giveFeedback answers POST /consultations/{key}/feedback. Accepted
// feedback leads to "My feedback" with a confirmation; refused feedback
// comes back on the consultation's page with each error by its field.
func (s *Server) giveFeedback(w http.ResponseWriter, r *http.Request) error {
	if _, err := custos.Authorize(r.Context(), custos.ActionCreate, custos.EntityFeedback); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("key"), 10, 64)
	if err != nil || id <= 0 {
		return notFound("consultation")
	}
	if err := r.ParseForm(); err != nil {
		return custos.Errorf(custos.EINVALID, "the form could not be read: %v", err)
	}
	v := newValues(r.PostForm)
	fb := &custos.Feedback{Kind: custos.FeedbackKind(v.str("kind")), Text: v.text("text")}
	err = s.store.AddConsultationFeedback(r.Context(), id, fb)
	var e *custos.Error
	switch {
	case err == nil:
		return redirect(w, r, "/my-feedback?sent="+itoa(fb.ID)+"#feedback-"+itoa(fb.ID))
	case errors.As(err, &e) && e.Kind == custos.EINVALID && len(e.Fields) > 0:
		raw := map[string]string{"kind": r.PostForm.Get("kind"), "text": r.PostForm.Get("text")}
		return s.renderConsultation(w, r, http.StatusUnprocessableEntity, id, e.Fields, raw)
	default:
		return err
	}
}

// renderConsultation draws a consultation's page as the resource's view
// does, with the feedback form's errors.
func (s *Server) renderConsultation(w http.ResponseWriter, r *http.Request, status int, id int64, errs, raw map[string]string) error {
	ctx := r.Context()
	c, err := s.store.FindConsultation(ctx, id)
	if err != nil {
		return err
	}
	page, err := s.consultationView(ctx, c)
	if err != nil {
		return err
	}
	page.base = s.base(r, c.Title, "Monitor")
	page.Kind = label("consultation")
	page.Releasability = c.Releasability
	page.Crumbs = append([]link{{"/consultations", "Civil-society consultations"}}, page.Crumbs...)
	page.Extra = feedbackExtra(ctx, c, errs, raw)
	s.render(w, r, status, "consultation", &page)
	return nil
}

// ownFeedbackPage lists the reader's feedback with the program's answers.
type ownFeedbackPage struct {
	base
	Sent  *custos.SubmittedFeedback // just given: the confirmation
	Table table
	Next  string
}

// ownFeedback answers GET /my-feedback.
func (s *Server) ownFeedback(w http.ResponseWriter, r *http.Request) error {
	var f custos.OwnFeedbackFilter
	f.After = r.URL.Query().Get("after")
	list, next, err := s.store.FindOwnFeedback(r.Context(), f)
	if err != nil {
		return err
	}
	page := ownFeedbackPage{base: s.base(r, "My feedback", "Monitor")}
	if next != "" {
		page.Next = "/my-feedback?after=" + next
	}
	sent, _ := strconv.ParseInt(r.URL.Query().Get("sent"), 10, 64)
	page.Table = table{Caption: "Feedback you gave and the program's responses", Empty: "You have not given feedback yet.",
		Columns: []column{{Label: "Consultation"}, {Label: "Held"}, {Label: "Kind"}, {Label: "Your feedback"}, {Label: "Response"},
			{Label: "What was done, or why not"}, {Label: "Answered on"}}}
	for _, x := range list {
		if x.Feedback.ID == sent {
			page.Sent = x
		}
		response := label(x.Feedback.Response)
		if x.Feedback.Response == custos.ResponsePending {
			response = "Pending (not answered yet)"
		}
		page.Table.Rows = append(page.Table.Rows, []cell{{Text: x.ConsultationTitle, Href: "/consultations/" + itoa(x.ConsultationID)},
			{Text: x.ConsultationDate.String()}, {Text: label(x.Feedback.Kind)}, {Text: x.Feedback.Text}, {Text: response},
			{Text: x.Feedback.ResponseText}, {Text: x.Feedback.RespondedOn.String()}})
	}
	s.render(w, r, http.StatusOK, "my_feedback", &page)
	return nil
}
