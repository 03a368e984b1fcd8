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

// incidentCommand is custos incident list|get|create|update|delete,
// transition for the verification status, and confirm|reject-suggestion
// for the perpetrator links an importer suggested.
func incidentCommand() recordCommand {
	rc := incidentRecords()
	records := rc.run
	rc.run = func(ctx context.Context, env *Env, args []string) error {
		if len(args) > 0 && (args[0] == "confirm" || args[0] == "reject-suggestion") {
			return runSettleSuggestion(ctx, env, args[0], args[1:])
		}
		if len(args) > 0 && args[0] == "transition" {
			return runTransition(ctx, env, args[1:])
		}
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			defer fmt.Fprintln(env.Stderr, "\n       custos "+transitionSynopsis+"\n\n       custos "+settleSynopsis)
		}
		return records(ctx, env, args)
	}
	return rc
}

func incidentRecords() recordCommand {
	return recordCmd(recordKind[custos.Incident, custos.IncidentFilter]{name: "incident", plural: "incidents", key: "ID",
		columns: []string{"id", "date", "country:place.country", "category", "status", "title"},
		find:    (*store.DB).FindIncidents, get: getByID((*store.DB).FindIncident),
		create: (*store.DB).CreateIncident, update: updateIncident, del: delByID((*store.DB).DeleteIncident),
		setKey: func(i *custos.Incident, k string) { i.ID, _ = strconv.ParseInt(k, 10, 64) }})
}

const settleSynopsis = `incident confirm ID K [--db DB] [--as USER]
       custos incident reject-suggestion ID K [--db DB] [--as USER]

confirm links perpetrator K (counted from 0, as "incident get ID" lists them)
of incident ID to the unit an importer suggested for it; on a credible or
confirmed incident this raises warnings on the programs and activities that
assist the unit. reject-suggestion clears the suggested unit and keeps the
name as reported. Both print the incident and are audited.`

// runSettleSuggestion runs custos incident confirm and reject-suggestion.
func runSettleSuggestion(ctx context.Context, env *Env, sub string, args []string) error {
	fs := newFlags(env, "incident "+sub, settleSynopsis)
	db := dbFlag(fs, env)
	as := fs.String("as", "", "act as this user")
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
	if len(positional) != 2 {
		fmt.Fprintf(env.Stderr, "custos incident %s: want 2 arguments (ID K), got %d\n", sub, len(positional))
		return errUsage
	}
	id, err := strconv.ParseInt(positional[0], 10, 64)
	if err != nil || id <= 0 {
		return &custos.Error{Kind: custos.EINVALID, Message: "invalid incident", Fields: map[string]string{"ID": fmt.Sprintf("%q is not a record id", positional[0])}}
	}
	k, err := strconv.Atoi(positional[1])
	if err != nil || k < 0 {
		return &custos.Error{Kind: custos.EINVALID, Message: "invalid perpetrator",
			Fields: map[string]string{"K": fmt.Sprintf("%q is not a perpetrator's position (a whole number from 0)", positional[1])}}
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
	settle := st.ConfirmPerpetrator
	if sub == "reject-suggestion" {
		settle = st.RejectSuggestion
	}
	i, err := settle(ctx, id, k)
	if err != nil {
		return err
	}
	return printJSON(env.Stdout, i)
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
		return asFlags(err, map[string]string{"country": "country", "month": "month"})
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
