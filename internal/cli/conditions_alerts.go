package cli

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/custos-ssa/custos"
)

// alertList is the JSON of the list, as the API answers it.
type alertList struct {
	Items []*custos.ConditionAlert `json:"items"`
	Next  string                   `json:"next,omitempty"` // the --after of the following page
}

// runConditionAlerts lists the alerts raised on changes of condition
// status, newest first, as GET /api/v1/condition-alerts does: those of
// an evaluate run and those of the server's watch alike.
func runConditionAlerts(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "conditions alerts", conditionsSynopsis)
	db := dbFlag(fs, env)
	as := fs.String("as", "", "act as this user: list only the conditions they may see")
	since := fs.String("since", "", "only the alerts raised on or after this date (YYYY-MM-DD, from midnight UTC) or RFC 3339 time")
	condition := fs.Int64("condition", 0, "only this condition's alerts")
	status := fs.String("status", "", "only the changes to this status (met, on_track, at_risk, breached, cannot_evaluate)")
	limit := fs.Int("limit", custos.DefaultLimit, fmt.Sprintf("at most this many alerts (1 to %d)", custos.MaxLimit))
	after := fs.String("after", "", "the cursor a previous page gave, for the following page")
	format := fs.String("format", "text", "text or json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "custos conditions alerts: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(env.Stderr, "custos conditions alerts: --format must be text or json, not %q\n", *format)
		return errUsage
	}
	if *limit < 1 || *limit > custos.MaxLimit {
		fmt.Fprintf(env.Stderr, "custos conditions alerts: --limit must be between 1 and %d\n", custos.MaxLimit)
		return errUsage
	}
	f := custos.AlertFilter{ConditionID: *condition, Status: custos.ConditionStatus(*status), Page: custos.Page{Limit: *limit, After: *after}}
	if *since != "" {
		t, err := custos.ParseSince(*since)
		if err != nil {
			fmt.Fprintf(env.Stderr, "custos conditions alerts: --since: %v\n", err)
			return errUsage
		}
		f.Since = t
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
	list, next, err := st.FindConditionAlerts(ctx, f)
	if err != nil {
		return err
	}
	if list == nil {
		list = []*custos.ConditionAlert{}
	}
	if *format == "json" {
		return printJSON(env.Stdout, alertList{Items: list, Next: next})
	}
	if len(list) == 0 {
		fmt.Fprintln(env.Stdout, "No condition has changed status.")
		return nil
	}
	titles := map[int64]string{}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tRAISED\tAS OF\tCONDITION\tFROM\tTO\tTITLE")
	for _, a := range list {
		title, ok := titles[a.ConditionID]
		if !ok {
			if c, err := st.FindCondition(ctx, a.ConditionID); err == nil {
				title = c.Title
			}
			titles[a.ConditionID] = title
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%s\t%s\n", a.ID, a.CreatedAt.UTC().Format(time.RFC3339), a.AsOf, a.ConditionID, a.Previous, a.Status, title)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if next != "" {
		fmt.Fprintf(env.Stderr, "more: add --after %s for the next page\n", next)
	}
	return nil
}
