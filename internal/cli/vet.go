package cli

import (
	"bufio"
	"context"
	"fmt"
	"os"

	"github.com/custos-ssa/custos/internal/vetting"
)

const vetSynopsis = `vet screen --records R.csv --nominees N.csv [--top K] [--min-score S] [--out OUT.csv] [--format csv|json]

screen matches every nominee (person or unit) against every record of
derogatory or reference information, in any script, and lists the hits with
their score, band (strong, review, weak) and an explanation of what matched.
Both files are UTF-8 CSV with the header
  id,kind,name,aliases,birth_date,gender,nationality,unit,parent_unit
(kind is person or unit; aliases are separated by |; birth_date is YYYY,
YYYY-MM or YYYY-MM-DD). The output has the header
  nominee_id,rank,record_id,score,band,explanation
Bad rows are reported on standard error with their line numbers and skipped;
the command then exits with status 1 after screening the good ones.`

func runVet(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(env.Stderr, "Usage: custos "+vetSynopsis+"\n\n       custos "+vetWorkflowSynopsis)
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	sub, args := args[0], args[1:]
	if sub != "screen" {
		return runVetWorkflow(ctx, env, sub, args)
	}
	fs := newFlags(env, "vet screen", vetSynopsis)
	records := fs.String("records", "", "the derogatory or reference records (CSV)")
	nominees := fs.String("nominees", "", "the nominees to screen (CSV)")
	top := fs.Int("top", vetting.DefaultTop, "at most this many hits per nominee")
	minScore := fs.Float64("min-score", 0.5, "only hits scoring at least this (0 lists the top hits whatever their score)")
	outPath := fs.String("out", "", "write the hits here instead of standard output")
	format := fs.String("format", "csv", "csv or json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *records == "" || *nominees == "" || fs.NArg() > 0 {
		fmt.Fprintln(env.Stderr, "custos vet screen: give --records and --nominees (and no other arguments)")
		return errUsage
	}
	if *top < 1 {
		fmt.Fprintln(env.Stderr, "custos vet screen: --top must be at least 1")
		return errUsage
	}
	if *minScore < 0 || *minScore > 1 {
		fmt.Fprintln(env.Stderr, "custos vet screen: --min-score must be between 0 and 1")
		return errUsage
	}
	if *format != "csv" && *format != "json" {
		fmt.Fprintln(env.Stderr, "custos vet screen: --format must be csv or json")
		return errUsage
	}
	rf, err := os.Open(*records)
	if err != nil {
		return fmt.Errorf("cannot read the records: %w", err)
	}
	defer rf.Close()
	nf, err := os.Open(*nominees)
	if err != nil {
		return fmt.Errorf("cannot read the nominees: %w", err)
	}
	defer nf.Close()
	out := env.Stdout
	var of *os.File
	if *outPath != "" {
		if of, err = os.Create(*outPath); err != nil {
			return fmt.Errorf("cannot write %s: %w", *outPath, err)
		}
		defer of.Close()
		out = of
	}
	bw := bufio.NewWriterSize(out, 1<<16)
	defer vetting.TuneGC()()
	bad, err := vetting.Batch(bufio.NewReaderSize(rf, 1<<16), bufio.NewReaderSize(nf, 1<<16),
		vetting.BatchOptions{Top: *top, MinScore: *minScore, Format: *format, RecordsName: *records, NomineesName: *nominees}, bw, env.Stderr)
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	if of != nil {
		if cerr := of.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return err
	}
	if bad > 0 {
		fmt.Fprintf(env.Stderr, "custos vet screen: %d bad row(s) skipped; the others were screened\n", bad)
		return exitError(1)
	}
	return nil
}
