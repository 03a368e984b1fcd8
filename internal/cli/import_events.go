package cli

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/custos-ssa/custos/internal/importer"
	"github.com/custos-ssa/custos/internal/seed"
)

const importEventsSynopsis = `import ucdp|acled|hxl [--db DB] [--as USER] [--dataset NAME] [--lean] FILE

ucdp imports a UCDP Georeferenced Event Dataset CSV file, acled an ACLED
export, hxl an incident table tagged with HXL hashtags (.csv, or .csv.gz).
Each event becomes a reported incident; re-importing a file updates the
incidents imported before from the same dataset and event id, keeping
their verification. Perpetrator names get a suggested unit when they match
one actor of the country by name, for an analyst to confirm.

Every row is checked first: if any row is malformed (a date not on the
calendar, coordinates outside the row's country, casualty figures out of
order, an event type ACLED does not have...), each problem is listed by line
and column on standard error and nothing is imported. The last line of output
is "imported N incidents (U updated, R rejected)": N incidents written, U of
them updates, and R rows left out by design (UCDP events in which no
civilian died; ACLED and HXL rows are all kept).

--dataset names an HXL table (default "hxl"), so that two publishers' ids
do not collide. --lean rebuilds the incident indexes once at the end instead
of row by row; it is chosen by itself for files over 64 MB.`

// leanBytes is the file size from which an import is lean by default.
const leanBytes = 64 << 20

// isEventFormat reports whether kind is an incident dataset format.
func isEventFormat(kind string) bool { return slices.Contains(importer.EventFormats, kind) }

// runImportEvents runs custos import ucdp|acled|hxl.
func runImportEvents(ctx context.Context, env *Env, kind string, args []string) error {
	fs := newFlags(env, "import "+kind, importEventsSynopsis)
	db := dbFlag(fs, env)
	as := fs.String("as", "", "import as this user (an analyst or admin)")
	dataset := fs.String("dataset", "", "the name of an HXL table (hxl only)")
	lean := fs.Bool("lean", false, "drop and rebuild the incident indexes around the load")
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
		fmt.Fprintf(env.Stderr, "custos import %s: give exactly one FILE\n", kind)
		return errUsage
	}
	if *dataset != "" && kind != "hxl" {
		fmt.Fprintf(env.Stderr, "custos import %s: --dataset is for hxl only\n", kind)
		return errUsage
	}
	f, err := os.Open(paths[0])
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", paths[0], err)
	}
	defer f.Close()
	var r io.Reader = f
	name := filepath.Base(paths[0])
	if fi, err := f.Stat(); err == nil && fi.Size() > leanBytes {
		*lean = true
	}
	if strings.HasSuffix(name, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return fmt.Errorf("%s: not a gzip file: %w", paths[0], err)
		}
		r, name = zr, strings.TrimSuffix(name, ".gz")
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
	res, err := importer.Events(ctx, st, kind, name, r, importer.EventsOptions{Lean: *lean, Dataset: *dataset,
		Progress: func(n int) { fmt.Fprintf(env.Stderr, "\r%d rows…", n) }})
	fmt.Fprint(env.Stderr, "\r")
	var rows *importer.RowsError
	if errors.As(err, &rows) {
		for _, p := range rows.Problems {
			fmt.Fprintln(env.Stderr, p)
		}
		if rows.Bad > len(rows.Problems) {
			fmt.Fprintf(env.Stderr, "… and %d more rows with problems\n", rows.Bad-len(rows.Problems))
		}
		return fmt.Errorf("%s: %d malformed rows: nothing was imported", name, rows.Bad)
	}
	if err != nil {
		return err
	}
	if res.Suggested > 0 {
		fmt.Fprintf(env.Stderr, "%d perpetrator names have a suggested unit to confirm\n", res.Suggested)
	}
	fmt.Fprintln(env.Stdout, res.Summary())
	return nil
}
