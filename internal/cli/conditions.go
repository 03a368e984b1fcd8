package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/custos-ssa/custos"
)

const conditionsSynopsis = `conditions evaluate [--as-of YYYY-MM-DD] [--program ID] [--country CC] [--format text|json] [--as USER] [--db DB]
       custos conditions alerts [--since DATE|TIME] [--condition ID] [--status STATUS] [--limit N] [--after CURSOR] [--format text|json] [--as USER] [--db DB]

evaluate judges every condition (or a program's, or a country's) against the
data as of a date (today by default; a past date replays the data as it
stood), records each verdict and raises an alert for each status that
changed. It prints every condition's status with the values that decided
it; --format json prints the same run as the API's POST
/api/v1/conditions/evaluate: as_of, evaluated, counts, alerts and
evaluations (condition_id, status, values [{input, value}], error).

alerts lists the changes of status of every condition the --as user may
see (every condition without --as), newest first, whether an evaluate run
or the server's watch raised them.
--since keeps those raised on or after a date (YYYY-MM-DD, from midnight
UTC) or an RFC 3339 time (2026-11-21T09:00:00Z), so that a script can poll
for what is new; --status keeps the changes to one status (met, on_track,
at_risk, breached, cannot_evaluate). --format json prints the same list as
the API's GET /api/v1/condition-alerts: items (id, condition_id,
evaluation_id, previous, status, as_of, created_at) and next, the --after
of the following page.`

func runConditions(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || (args[0] != "evaluate" && args[0] != "alerts") {
		fmt.Fprintln(env.Stderr, "Usage: custos "+conditionsSynopsis)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return errUsage
	}
	if args[0] == "alerts" {
		return runConditionAlerts(ctx, env, args[1:])
	}
	fs := newFlags(env, "conditions evaluate", conditionsSynopsis)
	db := dbFlag(fs, env)
	as := fs.String("as", "", "act as this user")
	asOf := fs.String("as-of", "", "the date to evaluate as of, YYYY-MM-DD (default: today)")
	program := fs.Int64("program", 0, "only this program's conditions")
	country := fs.String("country", "", "only the conditions of this country's plan and programs")
	format := fs.String("format", "text", "text or json")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(env.Stderr, "custos conditions evaluate: --format must be text or json, not %q\n", *format)
		return errUsage
	}
	var day custos.Date
	if *asOf != "" {
		d, err := custos.ParseDate(*asOf)
		if err != nil {
			fmt.Fprintf(env.Stderr, "custos conditions evaluate: --as-of: %v\n", err)
			return errUsage
		}
		day = d
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
	f := custos.ConditionFilter{ProgramID: *program, Country: *country}
	run, err := st.EvaluateConditions(ctx, f, day)
	if err != nil {
		return asFlags(err, map[string]string{"program_id": "program", "country": "country", "as_of": "as-of"})
	}
	if *format == "json" {
		return printJSON(env.Stdout, run)
	}
	titles := map[int64]string{}
	for after := ""; ; {
		f.Page = custos.Page{Limit: custos.MaxLimit, After: after}
		list, next, err := st.FindConditions(ctx, f)
		if err != nil {
			return err
		}
		for _, c := range list {
			titles[c.ID] = c.Title
		}
		if next == "" {
			break
		}
		after = next
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATUS\tCONDITION\tDECIDED BY")
	for _, e := range run.Evaluations {
		why := make([]string, len(e.Values))
		for i, v := range e.Values {
			why[i] = v.Input + " = " + v.Value
		}
		if e.Error != "" {
			why = append(why, e.Error)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", e.ConditionID, e.Status, titles[e.ConditionID], strings.Join(why, "; "))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	var counts []string
	for _, s := range custos.ConditionStatuses {
		if n := run.Counts[s]; n > 0 {
			counts = append(counts, fmt.Sprintf("%d %s", n, s))
		}
	}
	fmt.Fprintf(env.Stdout, "\n%d conditions evaluated as of %s: %s; %d status changes\n", run.Evaluated, run.AsOf, strings.Join(counts, ", "), len(run.Alerts))
	for _, a := range run.Alerts {
		fmt.Fprintf(env.Stdout, "alert: condition %d %s -> %s\n", a.ConditionID, a.Previous, a.Status)
	}
	return nil
}
