package cli

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
)

// consultationCommand is custos consultation list|get|create|update|delete:
// civil-society consultations with their feedback and responses, as JSON.
// With --as, what is printed is redacted for that user's role like
// everywhere else (who was consulted reaches planners, analysts and
// administrators only). A civil-society partner adds their own feedback
// with consultation feedback and follows the answers with consultation
// my-feedback (see runConsultationFeedback).
func consultationCommand() recordCommand {
	rc := recordCmd(recordKind[custos.Consultation, custos.ConsultationFilter]{name: "consultation", plural: "civil-society consultations", key: "ID",
		columns: []string{"id", "program_id", "country", "date", "stage", "format", "outside_capital", "organization_count", "title"},
		find:    (*store.DB).FindConsultations, get: getByID((*store.DB).FindConsultation),
		create: (*store.DB).CreateConsultation, update: (*store.DB).UpdateConsultation, del: delByID((*store.DB).DeleteConsultation),
		setKey: func(c *custos.Consultation, k string) { c.ID, _ = strconv.ParseInt(k, 10, 64) }})
	generic := rc.run
	rc.run = func(ctx context.Context, env *Env, args []string) error {
		if len(args) > 0 && (args[0] == "feedback" || args[0] == "my-feedback") {
			return runConsultationFeedback(ctx, env, args[0], args[1:])
		}
		return generic(ctx, env, args)
	}
	return rc
}

const feedbackSynopsis = `consultation feedback ID --kind concern|recommendation --text TEXT --as USER [--db DB]
       custos consultation my-feedback [--response RESPONSE] [--json] --as USER [--db DB]

feedback puts a civil-society partner's concern or recommendation on the
record of a public consultation, pending until the program answers; who
raised it is recorded (the --as user) and shown only to those who run
consultations. my-feedback lists the user's feedback with the program's
responses. Both act as a signed-in partner, so --as is required.`

// runConsultationFeedback runs consultation feedback and consultation
// my-feedback.
func runConsultationFeedback(ctx context.Context, env *Env, sub string, args []string) error {
	fs := newFlags(env, "consultation "+sub, feedbackSynopsis)
	db := dbFlag(fs, env)
	as := fs.String("as", "", "act as this user (a civil-society partner)")
	kind := fs.String("kind", "", "concern or recommendation")
	text := fs.String("text", "", "what you want the program to hear")
	response := fs.String("response", "", "my-feedback: only feedback with this response (pending, incorporated, partly_incorporated, not_incorporated)")
	asJSON := fs.Bool("json", false, "my-feedback: print JSON")
	var positional []string
	for len(args) > 0 {
		if err := parse(fs, args); err != nil {
			return err
		}
		args = fs.Args()
		if len(args) > 0 {
			positional = append(positional, args[0])
			args = args[1:]
		}
	}
	want := map[string]int{"feedback": 1, "my-feedback": 0}[sub]
	if len(positional) != want {
		fmt.Fprintf(env.Stderr, "custos consultation %s: want %d argument(s), got %d\nUsage: custos %s\n", sub, want, len(positional), feedbackSynopsis)
		return errUsage
	}
	if *as == "" {
		fmt.Fprintf(env.Stderr, "custos consultation %s: give --as USER, the partner whose feedback it is\n", sub)
		return errUsage
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx, err = actingAs(ctx, st, *as)
	if err != nil {
		return err
	}
	if sub == "feedback" {
		id, err := strconv.ParseInt(positional[0], 10, 64)
		if err != nil || id <= 0 {
			return custos.Errorf(custos.EINVALID, "%q is not a consultation id", positional[0])
		}
		fb := &custos.Feedback{Kind: custos.FeedbackKind(*kind), Text: *text}
		if err := st.AddConsultationFeedback(ctx, id, fb); err != nil {
			return err
		}
		return printJSON(env.Stdout, fb)
	}
	items, next, err := st.FindOwnFeedback(ctx, custos.OwnFeedbackFilter{Response: custos.FeedbackResponse(*response), Page: custos.Page{Limit: custos.MaxLimit}})
	if err != nil {
		return err
	}
	if *asJSON {
		if items == nil {
			items = []*custos.SubmittedFeedback{}
		}
		return printJSON(env.Stdout, map[string]any{"items": items, "next": next})
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CONSULTATION\tHELD\tKIND\tRESPONSE\tANSWERED\tTEXT\tWHAT WAS DONE")
	for _, s := range items {
		fmt.Fprintf(tw, "%d %s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.ConsultationID, s.ConsultationTitle, s.ConsultationDate, s.Feedback.Kind, s.Feedback.Response,
			s.Feedback.RespondedOn, s.Feedback.Text, s.Feedback.ResponseText)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if next != "" {
		fmt.Fprintf(env.Stderr, "more than %d items: use --json with the API for the rest\n", custos.MaxLimit)
	}
	return nil
}
