package cli

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
)

const transitionSynopsis = `incident transition ID --to STATUS --reason TEXT [--db DB] [--as USER]

Moves incident ID's verification to STATUS (under_review, credible,
discounted or confirmed) and records the step with its reason, which a
vetting decision may later rest on. Review leads to credible or discounted,
only a credible incident can be confirmed, and a judged incident can go back
under review. Credible and confirmed raise warnings on the programs and
activities that assist the units it names. Prints the incident; audited.
"incident update" never changes the status.`

// runTransition runs custos incident transition.
func runTransition(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "incident transition", transitionSynopsis)
	db := dbFlag(fs, env)
	as := fs.String("as", "", "act as this user")
	to := fs.String("to", "", "the new status: under_review, credible, discounted or confirmed")
	reason := fs.String("reason", "", "why the incident moves (required)")
	var positional []string
	for {
		if err := parse(fs, args); err != nil {
			return err
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		positional, args = append(positional, args[0]), args[1:]
	}
	if len(positional) != 1 {
		fmt.Fprintf(env.Stderr, "custos incident transition: want 1 argument (ID), got %d\n", len(positional))
		return errUsage
	}
	status := custos.VerificationStatus(*to)
	if !slices.Contains(custos.VerificationStatuses, status) || status == custos.StatusReported {
		fmt.Fprintf(env.Stderr, "custos incident transition: --to must be under_review, credible, discounted or confirmed, not %q\n", *to)
		return errUsage
	}
	id, err := strconv.ParseInt(positional[0], 10, 64)
	if err != nil || id <= 0 {
		return &custos.Error{Kind: custos.EINVALID, Message: "invalid incident", Fields: map[string]string{"ID": fmt.Sprintf("%q is not a record id", positional[0])}}
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
	i, err := st.TransitionIncident(ctx, id, status, *reason)
	if err != nil {
		return err
	}
	return printJSON(env.Stdout, i)
}

// updateIncident is the update of custos incident update. The merge patch
// starts from the stored incident, so its status differs from the stored
// one only when the patch sent one: that is refused, naming the transition
// command, rather than silently kept as stored.
func updateIncident(st *store.DB, ctx context.Context, i *custos.Incident) error {
	cur, err := st.FindIncident(ctx, i.ID)
	if err != nil {
		return err
	}
	if i.Status != "" && i.Status != cur.Status {
		return &custos.Error{Kind: custos.EINVALID, Message: "invalid incident", Fields: map[string]string{
			"status": fmt.Sprintf("is %q but the incident is %q, and an update does not change the status: "+
				"custos incident transition %d --to %[1]s --reason TEXT moves it and records why", i.Status, cur.Status, i.ID)}}
	}
	return st.UpdateIncident(ctx, i)
}
