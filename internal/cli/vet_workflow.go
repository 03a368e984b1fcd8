package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
)

const vetWorkflowSynopsis = `vet import-list --name NAME FILE          import a list of derogatory records (vet CSV format)
       custos vet nominate (--actor ID | --person ID) (--activity ID | --program ID) [--notes TEXT]
       custos vet screen-nominations [ID...]          screen nominations (default: every unscreened one)
       custos vet show ID                             a nomination with its hits and decisions
       custos vet judge --hit ID --verdict same|different|unsure --reason TEXT
       custos vet decide --nomination ID --outcome approved|denied|suspended|withdrawn --reason TEXT
                         [--evidence LINK]... [--expires YYYY-MM-DD] [--publish]
       custos vet concur --decision ID [--note TEXT]
       custos vet remediate --decision ID --date YYYY-MM-DD --step TEXT [--evidence LINK]
       custos vet list [--activity ID] [--program ID] [--actor ID] [--person ID] [--undecided]
       custos vet publish --decision ID --reason TEXT [--withdraw]
                                                      put a unit's denial in force on the public list (or take it off)
       custos vet barred                              the public list of barred units
       custos vet reviews [--all] [--actor ID] [--person ID] [--incident ID]
                                                      approvals in force flagged for review by new information
       custos vet review-resolve ID --reason TEXT     the information was reviewed and the approval stands
Every subcommand takes --db DB, --as USER (act as this user: a vetter or an
administrator; a decision needs a second, different user to concur) and
--json. --publish lists a denied unit publicly once a second vetter concurs;
a denial not published keeps the unit off the public list. A review is also
resolved by a new decision in force for its subject (vet decide, vet concur). A decision without --expires stays in force for --vetting-validity
(env CUSTOS_VETTING_VALIDITY; default 1y). Every change is recorded in the audit trail.`

// vetCommands are the workflow subcommands of custos vet, beside screen.
var vetCommands = map[string]func(ctx context.Context, env *Env, st *store.DB, fs *flag.FlagSet, o *vetOptions) error{
	"import-list": vetImportList, "nominate": vetNominate, "screen-nominations": vetScreenNominations, "show": vetShow,
	"judge": vetJudge, "decide": vetDecide, "concur": vetConcur, "remediate": vetRemediate, "list": vetList, "barred": vetBarred,
	"publish": vetPublish, "reviews": vetReviews, "review-resolve": vetReviewResolve,
}

// vetOptions are every flag of the workflow subcommands; each uses some.
type vetOptions struct {
	name, notes, verdict, reason, outcome, expires, note, date, step string
	actor, person, activity, program, hit, nomination, decision      int64
	incident                                                         int64
	evidence                                                         listFlag
	asJSON, undecided, publish, withdraw, all                        bool
}

// listFlag is a flag that may be repeated.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

// runVetWorkflow runs a workflow subcommand of custos vet.
func runVetWorkflow(ctx context.Context, env *Env, sub string, args []string) error {
	run, ok := vetCommands[sub]
	if !ok {
		fmt.Fprintf(env.Stderr, "custos vet: unknown subcommand %q (screen, import-list, nominate, screen-nominations, show, judge, decide, concur, remediate, list, publish, barred, reviews, review-resolve)\n", sub)
		return errUsage
	}
	fs := newFlags(env, "vet "+sub, vetWorkflowSynopsis)
	db := dbFlag(fs, env)
	as := fs.String("as", "", "act as this user (a vetter or an administrator)")
	validity := vettingValidityFlag(fs, env)
	o := &vetOptions{}
	fs.BoolVar(&o.asJSON, "json", false, "print JSON")
	fs.BoolVar(&o.undecided, "undecided", false, "only nominations without a decision in force")
	fs.StringVar(&o.name, "name", "", "the list's name, such as \"OFAC SDN\"")
	fs.StringVar(&o.notes, "notes", "", "notes on the nomination")
	fs.Int64Var(&o.actor, "actor", 0, "the unit (actor id)")
	fs.Int64Var(&o.person, "person", 0, "the person (person id)")
	fs.Int64Var(&o.activity, "activity", 0, "the activity id")
	fs.Int64Var(&o.program, "program", 0, "the program id")
	fs.Int64Var(&o.hit, "hit", 0, "the hit id")
	fs.StringVar(&o.verdict, "verdict", "", "same, different or unsure")
	fs.StringVar(&o.reason, "reason", "", "the reason")
	fs.Int64Var(&o.nomination, "nomination", 0, "the nomination id")
	fs.StringVar(&o.outcome, "outcome", "", "approved, denied, suspended or withdrawn")
	fs.Var(&o.evidence, "evidence", "a link to evidence (repeat for more)")
	fs.StringVar(&o.expires, "expires", "", "the expiry date, YYYY-MM-DD (default: one year from today)")
	fs.Int64Var(&o.decision, "decision", 0, "the decision id")
	fs.StringVar(&o.note, "note", "", "a note on the concurrence")
	fs.StringVar(&o.date, "date", "", "the date of the remediation step, YYYY-MM-DD")
	fs.StringVar(&o.step, "step", "", "what was done")
	fs.BoolVar(&o.publish, "publish", false, "decide: list the denied unit publicly once a second vetter concurs")
	fs.BoolVar(&o.withdraw, "withdraw", false, "publish: take the unit off the public list instead")
	fs.BoolVar(&o.all, "all", false, "reviews: resolved and cleared ones too")
	fs.Int64Var(&o.incident, "incident", 0, "the incident id")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if err := fs.Parse(append([]string{"--"}, pos...)); err != nil {
		return errUsage
	}
	if err := setVettingValidity(env, *validity); err != nil {
		return err
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
	return run(ctx, env, st, fs, o)
}

// vettingValidityFlag adds --vetting-validity, the period a vetting decision
// without an expiry stays in force, defaulting to CUSTOS_VETTING_VALIDITY or
// one year.
func vettingValidityFlag(fs *flag.FlagSet, env *Env) *string {
	def := env.Getenv("CUSTOS_VETTING_VALIDITY")
	if def == "" {
		def = store.VettingValidity.String()
	}
	return fs.String("vetting-validity", def, "how long a Leahy vetting decision without an expiry stays in force: 1y, 18m, 90d... (env CUSTOS_VETTING_VALIDITY)")
}

// setVettingValidity applies the --vetting-validity flag.
func setVettingValidity(env *Env, s string) error {
	p, err := store.ParsePeriod(s)
	if err != nil {
		fmt.Fprintln(env.Stderr, "custos: --vetting-validity:", err)
		return errUsage
	}
	store.VettingValidity = p
	return nil
}

// parseInterleaved parses flags that may come before, between or after the
// positional arguments (custos vet show 12 --json), and returns the
// positional arguments in order.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parse(fs, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func vetImportList(ctx context.Context, env *Env, st *store.DB, fs *flag.FlagSet, o *vetOptions) error {
	if o.name == "" || fs.NArg() != 1 {
		fmt.Fprintln(env.Stderr, "custos vet import-list: give --name and one FILE")
		return errUsage
	}
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return fmt.Errorf("cannot read the list: %w", err)
	}
	entries, imp, err := store.ParseList(o.name, filepath.Base(fs.Arg(0)), data)
	if err != nil {
		return err
	}
	if err := st.ImportList(ctx, imp, entries); err != nil {
		return err
	}
	if o.asJSON {
		return printJSON(env.Stdout, imp)
	}
	fmt.Fprintf(env.Stdout, "list %q: %d rows; %d added, %d changed, %d removed (sha256 %s)\n", imp.List, imp.Rows, imp.Added, imp.Changed, imp.Removed, imp.SHA256)
	return nil
}

func vetNominate(ctx context.Context, env *Env, st *store.DB, fs *flag.FlagSet, o *vetOptions) error {
	n := &custos.Nomination{ActorID: o.actor, PersonID: o.person, ActivityID: o.activity, ProgramID: o.program, Notes: o.notes}
	if err := st.CreateNomination(ctx, n); err != nil {
		return asFlags(err, map[string]string{"actor_id": "actor", "person_id": "person", "activity_id": "activity", "program_id": "program", "notes": "notes"})
	}
	if o.asJSON {
		return printJSON(env.Stdout, n)
	}
	fmt.Fprintf(env.Stdout, "nomination %d: %s (%s), %s\n", n.ID, n.Subject(), n.SubjectName, n.State)
	return nil
}

func vetScreenNominations(ctx context.Context, env *Env, st *store.DB, fs *flag.FlagSet, o *vetOptions) error {
	var ids []int64
	for _, a := range fs.Args() {
		id, err := strconv.ParseInt(a, 10, 64)
		if err != nil || id <= 0 {
			fmt.Fprintf(env.Stderr, "custos vet screen-nominations: %q is not a nomination id\n", a)
			return errUsage
		}
		ids = append(ids, id)
	}
	run, err := st.ScreenNominations(ctx, ids)
	if err != nil {
		return err
	}
	if o.asJSON {
		return printJSON(env.Stdout, run)
	}
	fmt.Fprintf(env.Stdout, "screened %d nomination(s) against %d derogatory records: %d hit(s), %d cleared by earlier judgements\n",
		len(run.Nominations), run.Records, run.Hits, run.Cleared)
	return nil
}

func vetShow(ctx context.Context, env *Env, st *store.DB, fs *flag.FlagSet, o *vetOptions) error {
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if fs.NArg() != 1 || err != nil {
		fmt.Fprintln(env.Stderr, "custos vet show: give one nomination id")
		return errUsage
	}
	n, err := st.FindNomination(ctx, id)
	if err != nil {
		return err
	}
	if o.asJSON {
		return printJSON(env.Stdout, n)
	}
	fmt.Fprintf(env.Stdout, "nomination %d: %s (%s), %s; screened %s\n", n.ID, n.Subject(), n.SubjectName, n.State, timeOrNever(n.ScreenedAt.IsZero(), n.ScreenedAt.Format("2006-01-02 15:04")))
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "HIT\tSCORE\tBAND\tSOURCE\tRECORD\tJUDGEMENT\tEXPLANATION")
	for _, h := range n.Hits {
		j := ""
		if h.Judgement != nil {
			j = fmt.Sprintf("%s by %s", h.Judgement.Verdict, h.Judgement.By)
		}
		fmt.Fprintf(tw, "%d\t%.2f\t%s\t%s\t%s\t%s\t%s\n", h.ID, h.Score, h.Band, h.Source, h.RecordName, j, h.Explanation)
	}
	tw.Flush()
	for _, d := range n.Decisions {
		fmt.Fprintf(env.Stdout, "decision %d: %s (%s), proposed by %s, concurred by %s, expires %s: %s\n", d.ID, d.Outcome, d.Status, d.ProposedBy,
			orNone(d.ConcurredBy), d.ExpiresOn, d.Reason)
	}
	for _, r := range n.Reviews {
		fmt.Fprintf(env.Stdout, "review %d of decision %d: %s: %s\n", r.ID, r.DecisionID, reviewState(r), r.Reason)
	}
	return nil
}

func timeOrNever(never bool, s string) string {
	if never {
		return "never"
	}
	return s
}

func orNone(s string) string {
	if s == "" {
		return "(awaiting concurrence)"
	}
	return s
}

func vetJudge(ctx context.Context, env *Env, st *store.DB, fs *flag.FlagSet, o *vetOptions) error {
	j := &custos.MatchJudgement{HitID: o.hit, Verdict: custos.MatchVerdict(o.verdict), Reason: o.reason}
	if err := st.JudgeHit(ctx, j); err != nil {
		return err
	}
	if o.asJSON {
		return printJSON(env.Stdout, j)
	}
	fmt.Fprintf(env.Stdout, "hit %d judged %s by %s\n", j.HitID, j.Verdict, j.By)
	return nil
}

func vetDecide(ctx context.Context, env *Env, st *store.DB, fs *flag.FlagSet, o *vetOptions) error {
	d := &custos.VettingDecision{NominationID: o.nomination, Outcome: custos.VettingOutcome(o.outcome), Reason: o.reason, Evidence: o.evidence,
		Publish: o.publish}
	if o.expires != "" {
		day, err := custos.ParseDate(o.expires)
		if err != nil {
			return &custos.Error{Kind: custos.EINVALID, Message: "invalid --expires", Fields: map[string]string{"expires": err.Error()}}
		}
		d.ExpiresOn = day
	}
	if err := st.ProposeDecision(ctx, d); err != nil {
		return err
	}
	if o.asJSON {
		return printJSON(env.Stdout, d)
	}
	fmt.Fprintf(env.Stdout, "decision %d: %s proposed by %s, expires %s; a second vetter must concur (custos vet concur --decision %d)\n",
		d.ID, d.Outcome, d.ProposedBy, d.ExpiresOn, d.ID)
	return nil
}

func vetPublish(ctx context.Context, env *Env, st *store.DB, fs *flag.FlagSet, o *vetOptions) error {
	d, err := st.PublishDecision(ctx, o.decision, !o.withdraw, o.reason)
	if err != nil {
		return err
	}
	if o.asJSON {
		return printJSON(env.Stdout, d)
	}
	state := "on the public list of barred units"
	if !d.Publish {
		state = "off the public list of barred units"
	}
	fmt.Fprintf(env.Stdout, "decision %d: unit %d is %s (%s)\n", d.ID, d.ActorID, state, d.PublishedBy)
	return nil
}

func vetConcur(ctx context.Context, env *Env, st *store.DB, fs *flag.FlagSet, o *vetOptions) error {
	d, err := st.ConcurDecision(ctx, o.decision, o.note)
	if err != nil {
		return err
	}
	if o.asJSON {
		return printJSON(env.Stdout, d)
	}
	fmt.Fprintf(env.Stdout, "decision %d: %s, in force until %s (proposed by %s, concurred by %s)\n", d.ID, d.Outcome, d.ExpiresOn, d.ProposedBy, d.ConcurredBy)
	return nil
}

func vetRemediate(ctx context.Context, env *Env, st *store.DB, fs *flag.FlagSet, o *vetOptions) error {
	s := &custos.RemediationStep{DecisionID: o.decision, Step: o.step}
	if o.date != "" {
		day, err := custos.ParseDate(o.date)
		if err != nil {
			return &custos.Error{Kind: custos.EINVALID, Message: "invalid --date", Fields: map[string]string{"date": err.Error()}}
		}
		s.Date = day
	}
	if len(o.evidence) > 0 {
		s.Evidence = o.evidence[0]
	}
	if err := st.AddRemediationStep(ctx, s); err != nil {
		return err
	}
	if o.asJSON {
		return printJSON(env.Stdout, s)
	}
	fmt.Fprintf(env.Stdout, "remediation step %d recorded on decision %d\n", s.ID, s.DecisionID)
	return nil
}

func vetList(ctx context.Context, env *Env, st *store.DB, fs *flag.FlagSet, o *vetOptions) error {
	list, _, err := st.FindNominations(ctx, custos.NominationFilter{ActivityID: o.activity, ProgramID: o.program, ActorID: o.actor, PersonID: o.person, Undecided: o.undecided,
		Page: custos.Page{Limit: custos.MaxLimit}})
	if err != nil {
		return err
	}
	if o.asJSON {
		return printJSON(env.Stdout, list)
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSUBJECT\tNAME\tSTATE\tSCREENED")
	for _, n := range list {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", n.ID, n.Subject(), n.SubjectName, n.State, timeOrNever(n.ScreenedAt.IsZero(), n.ScreenedAt.Format("2006-01-02")))
	}
	return tw.Flush()
}

func vetBarred(ctx context.Context, env *Env, st *store.DB, fs *flag.FlagSet, o *vetOptions) error {
	list, err := st.BarredUnits(ctx)
	if err != nil {
		return err
	}
	if o.asJSON {
		return printJSON(env.Stdout, list)
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ACTOR\tCOUNTRY\tUNIT\tDENIED\tREMEDIATION STEPS")
	for _, b := range list {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\n", b.ActorID, b.Country, b.Name, b.DeniedOn, len(b.Remediation))
	}
	return tw.Flush()
}
