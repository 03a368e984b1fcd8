package cli

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
)

// reviewState says where a review flag stands, in words.
func reviewState(r *custos.VettingReview) string {
	switch {
	case !r.ClearedAt.IsZero():
		return "cleared " + r.ClearedAt.Format("2006-01-02") + " (incident no longer credible)"
	case r.Resolution == custos.ReviewDecision:
		return fmt.Sprintf("resolved by decision %d (%s)", r.ResolvedDecisionID, r.ResolvedBy)
	case r.Resolution == custos.ReviewStands:
		return fmt.Sprintf("approval stands (%s): %s", r.ResolvedBy, r.ResolutionReason)
	}
	return "review due"
}

func vetReviews(ctx context.Context, env *Env, st *store.DB, fs *flag.FlagSet, o *vetOptions) error {
	if fs.NArg() > 0 {
		fmt.Fprintln(env.Stderr, "custos vet reviews: takes no arguments (filter with --actor, --person, --incident, --all)")
		return errUsage
	}
	list, _, err := st.FindVettingReviews(ctx, custos.VettingReviewFilter{ActorID: o.actor, PersonID: o.person, IncidentID: o.incident, All: o.all,
		Page: custos.Page{Limit: custos.MaxLimit}})
	if err != nil {
		return err
	}
	if o.asJSON {
		if list == nil {
			list = []*custos.VettingReview{}
		}
		return printJSON(env.Stdout, list)
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSUBJECT\tNAME\tDECISION\tNOMINATION\tCAUSE\tSINCE\tSTATE")
	for _, r := range list {
		cause := fmt.Sprintf("incident %d", r.IncidentID)
		if r.Cause != custos.ReviewCauseIncident {
			cause = r.Cause + " " + r.Record
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d\t%s\t%s\t%s\n", r.ID, r.Subject(), r.SubjectName, r.DecisionID, r.NominationID, cause,
			r.CreatedAt.Format("2006-01-02"), reviewState(r))
	}
	return tw.Flush()
}

func vetReviewResolve(ctx context.Context, env *Env, st *store.DB, fs *flag.FlagSet, o *vetOptions) error {
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if fs.NArg() != 1 || err != nil {
		fmt.Fprintln(env.Stderr, "custos vet review-resolve: give one review id, and --reason")
		return errUsage
	}
	r, err := st.ResolveVettingReview(ctx, id, o.reason)
	if err != nil {
		return err
	}
	if o.asJSON {
		return printJSON(env.Stdout, r)
	}
	fmt.Fprintf(env.Stdout, "review %d: approval %d of %s stands (%s)\n", r.ID, r.DecisionID, r.Subject(), r.ResolvedBy)
	return nil
}
