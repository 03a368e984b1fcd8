package cli

import (
	"context"
	"fmt"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/export"
)

const reportConditionsSynopsis = `report conditions [--country CC] [--format json|csv|xlsx] [--as USER] [--db DB]

conditions writes the condition status report of a country (every country
without --country): each condition of its country plan and of its programs
with its latest status, the values that decided it and the latest decision.`

// runReports adds "report conditions" to the report command.
func runReports(ctx context.Context, env *Env, args []string) error {
	if len(args) > 0 && args[0] == "conditions" {
		return runReportConditions(ctx, env, args[1:])
	}
	return runReport(ctx, env, args)
}

func runReportConditions(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "report conditions", reportConditionsSynopsis)
	db := dbFlag(fs, env)
	as := fs.String("as", "", "act as this user")
	country := fs.String("country", "", "the country's ISO 3166 alpha-2 code")
	format := fs.String("format", "json", "json, csv or xlsx")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *format != "json" && *format != "csv" && *format != "xlsx" {
		fmt.Fprintf(env.Stderr, "custos report conditions: --format must be json, csv or xlsx, not %q\n", *format)
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
	rep, err := st.ConditionReport(ctx, *country)
	if err != nil {
		return err
	}
	if *format == "json" {
		return printJSON(env.Stdout, rep)
	}
	var out export.Writer
	if *format == "xlsx" {
		out, err = export.NewXLSX(env.Stdout, "Conditions")
	} else {
		out, err = export.NewCSV(env.Stdout)
	}
	if err != nil {
		return err
	}
	if err := out.Write(custos.ConditionReportHeader); err != nil {
		return err
	}
	for _, row := range rep.Table() {
		if err := out.Write(row); err != nil {
			return err
		}
	}
	return out.Close()
}
