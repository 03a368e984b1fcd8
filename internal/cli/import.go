package cli

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/custos-ssa/custos/internal/importer"
	"github.com/custos-ssa/custos/internal/seed"
)

const importSynopsis = `import fmtr [--db DB] [--as USER] FILE...

fmtr imports Foreign Military Training Report files (the tab-separated
tables Security Force Monitor parsed from the State/DoD report to Congress;
.tsv or .tsv.gz). Each row becomes an activity of a program (country x
funding program x fiscal year) with its recipient unit as an actor; rows
whose country cannot be resolved are listed and skipped. Re-importing a file
updates its records. The import applies completely or not at all.`

// maxImportFile bounds one input file.
const maxImportFile = 200 << 20

func runImport(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(env.Stderr, "Usage: custos "+importSynopsis)
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	kind, args := args[0], args[1:]
	fs := newFlags(env, "import "+kind, importSynopsis)
	db := dbFlag(fs, env)
	as := fs.String("as", "", "import as this user (an admin or planner)")
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
	if kind != "fmtr" {
		fmt.Fprintf(env.Stderr, "custos import: unknown format %q (formats: fmtr)\n", kind)
		return errUsage
	}
	if len(paths) == 0 {
		fmt.Fprintln(env.Stderr, "custos import fmtr: give at least one FILE")
		return errUsage
	}
	files, err := readFiles(paths)
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
	res, err := importer.FMTR(ctx, st, files, func(n int) { fmt.Fprintf(env.Stderr, "\r%d rows…", n) })
	fmt.Fprint(env.Stderr, "\r")
	if err != nil {
		return err
	}
	if len(res.Unresolved) > 0 {
		var names []string
		for k, n := range res.Unresolved {
			names = append(names, fmt.Sprintf("%q (%d rows)", k, n))
		}
		sort.Strings(names)
		fmt.Fprintf(env.Stderr, "countries not resolved, rows skipped: %s\n", strings.Join(names, ", "))
	}
	if res.Warnings > 0 {
		fmt.Fprintf(env.Stderr, "%d rows had values that could not be read; those values are left unknown and noted on each activity\n", res.Warnings)
	}
	if res.Persons > 0 {
		fmt.Fprintf(env.Stderr, "%d recipients were individuals' identifiers, not units: kept as restricted persons\n", res.Persons)
	}
	fmt.Fprintln(env.Stdout, res.Summary())
	return nil
}

// readFiles reads input files whole (gunzipping .gz), with a size bound.
func readFiles(paths []string) ([]importer.File, error) {
	var out []importer.File
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", p, err)
		}
		var r io.Reader = f
		name := filepath.Base(p)
		if strings.HasSuffix(p, ".gz") {
			zr, err := gzip.NewReader(f)
			if err != nil {
				f.Close()
				return nil, fmt.Errorf("%s: not a gzip file: %w", p, err)
			}
			r, name = zr, strings.TrimSuffix(name, ".gz")
		}
		b, err := io.ReadAll(io.LimitReader(r, maxImportFile+1))
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", p, err)
		}
		if len(b) > maxImportFile {
			return nil, fmt.Errorf("%s is larger than %d MB", p, maxImportFile>>20)
		}
		out = append(out, importer.File{Name: name, Data: b})
	}
	return out, nil
}
