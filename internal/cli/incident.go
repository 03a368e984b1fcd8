package cli

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/export"
	"github.com/custos-ssa/custos/internal/incident"
	"github.com/custos-ssa/custos/internal/store"
)

// incidentCommand is custos incident list|get|create|update|delete.
func incidentCommand() recordCommand {
	return recordCmd(recordKind[custos.Incident, custos.IncidentFilter]{name: "incident", plural: "incidents", key: "ID",
		columns: []string{"id", "date", "country", "category", "status", "title"},
		find:    (*store.DB).FindIncidents, get: getByID((*store.DB).FindIncident),
		create: (*store.DB).CreateIncident, update: (*store.DB).UpdateIncident, del: delByID((*store.DB).DeleteIncident),
		setKey: func(i *custos.Incident, k string) { i.ID, _ = strconv.ParseInt(k, 10, 64) }})
}

const reportSynopsis = `report civilian-harm --country CODE --month YYYY-MM [--format json|csv|xlsx] [--table NAME] [--db DB] [--as USER]

Writes the monthly civilian-harm report of a country to standard output: the
trend of incidents and casualties by category over the twelve months up to
the month, the month's largest incidents, the units they name, and where
their verification stands. json gives the whole report; csv and xlsx give
one of its tables (--table trends, largest, units or reviews; default
trends).`

// runReport runs custos report civilian-harm.
func runReport(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] != "civilian-harm" {
		fmt.Fprintln(env.Stderr, "Usage: custos "+reportSynopsis)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return errUsage
	}
	fs := newFlags(env, "report civilian-harm", reportSynopsis)
	db := dbFlag(fs, env)
	as := fs.String("as", "", "act as this user")
	country := fs.String("country", "", "the country's ISO 3166 alpha-2 code")
	month := fs.String("month", "", "the month, YYYY-MM (default: the last whole month)")
	format := fs.String("format", "json", "json, csv or xlsx")
	table := fs.String("table", "trends", "the table for csv and xlsx: trends, largest, units or reviews")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if *format != "json" && *format != "csv" && *format != "xlsx" {
		fmt.Fprintf(env.Stderr, "custos report: --format must be json, csv or xlsx, not %q\n", *format)
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
	rep, err := incident.Gather(ctx, st, *country, *month, time.Now())
	if err != nil {
		return err
	}
	if *format == "json" {
		return printJSON(env.Stdout, rep)
	}
	rows, ok := rep.Table(*table)
	if !ok {
		fmt.Fprintf(env.Stderr, "custos report: --table must be trends, largest, units or reviews, not %q\n", *table)
		return errUsage
	}
	var out interface {
		Write([]string) error
		Close() error
	}
	if *format == "xlsx" {
		out, err = export.NewXLSX(env.Stdout, *table)
	} else {
		out, err = export.NewCSV(env.Stdout)
	}
	if err != nil {
		return err
	}
	for _, row := range rows {
		if err := out.Write(row); err != nil {
			return err
		}
	}
	return out.Close()
}
