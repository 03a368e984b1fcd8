package cli

import (
	"context"
	"fmt"

	"github.com/custos-ssa/custos/internal/ingest/measurement"
	"github.com/custos-ssa/custos/internal/seed"
	"github.com/custos-ssa/custos/internal/store"
)

const importMeasurementsSynopsis = `import measurements [--db DB] [--as USER] FILE
       custos import template measurements > FILE.csv

measurements imports indicator figures from a CSV (UTF-8) or XLSX file, one
figure per row: indicator (id or code), program (when a code is used by
several programs), period_start, period_end (YYYY-MM-DD), value, and
optionally unit, disaggregation (sex=female; region=north), provenance
(agency, partner_government, civil_society), status (draft or submitted,
the default), note, source_url, releasability. See
internal/ingest/measurement for every column.

Every row is checked first, against its indicator (unit, plausible range,
breakdown) and against the other rows and the stored figures (overlapping
periods): if any row has a problem, each is listed by row and column on
standard error and nothing is imported. The figures are stored as
submitted (or draft), with the importing user as submitter; another user
approves them, which re-evaluates the conditions that read them. The last
line of output is "imported N measurements of I indicators: S submitted
for review, D draft".`

// runImportMeasurements runs custos import measurements.
func runImportMeasurements(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "import measurements", importMeasurementsSynopsis)
	db := dbFlag(fs, env)
	as := fs.String("as", "", "import as this user (an analyst, planner or admin), recorded as the submitter")
	var paths []string
	for len(args) > 0 {
		if err := parse(fs, args); err != nil {
			return err
		}
		args = fs.Args()
		if len(args) > 0 {
			paths = append(paths, args[0])
			args = args[1:]
		}
	}
	if len(paths) != 1 {
		fmt.Fprintln(env.Stderr, "custos import measurements: give exactly one FILE")
		return errUsage
	}
	files, err := readFiles(paths)
	if err != nil {
		return err
	}
	rows, err := measurement.Read(files[0].Name, files[0].Data)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := seed.Reference(ctx, st); err != nil {
		return fmt.Errorf("load the reference catalog: %w", err)
	}
	ctx, err = actingAs(ctx, st, *as)
	if err != nil {
		return err
	}
	res, err := st.ImportMeasurements(ctx, files[0].Name, storeRows(rows))
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, res.Summary())
	return nil
}

// storeRows converts the rows read from a file to the store's.
func storeRows(rows []measurement.Row) []store.MeasurementRow {
	out := make([]store.MeasurementRow, len(rows))
	for i, r := range rows {
		out[i] = store.MeasurementRow(r)
	}
	return out
}

// runMeasurementTemplate writes the header of a measurement file.
func runMeasurementTemplate(env *Env, args []string) error {
	fs := newFlags(env, "import template measurements", "import template measurements > FILE.csv")
	if err := parse(fs, args); err != nil {
		return err
	}
	return measurement.WriteTemplate(env.Stdout)
}
