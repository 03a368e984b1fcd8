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
       custos import actors|persons|programs|activities [--db DB] [--as USER] FILE
       custos import template actors|persons|programs|activities [--format csv|xlsx] > FILE
       custos import measurements [--db DB] [--as USER] FILE (see custos import measurements --help)

fmtr imports Foreign Military Training Report files (the tab-separated
tables Security Force Monitor parsed from the State/DoD report to Congress;
.tsv or .tsv.gz). Each row becomes an activity of a program (country x
funding program x fiscal year) with its recipient unit as an actor; rows
whose country cannot be resolved are listed and skipped. Re-importing a file
updates its records. The import applies completely or not at all.

actors, persons, programs and activities import a CSV (UTF-8) or XLSX file
laid out as the template (get one with custos import template KIND). Every
row is checked first; any problem is listed by row and column and nothing is
imported. A row's key lets later rows and files refer to it, and
re-importing a key updates its record.`

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
	if kind == "measurements" { // import_measurements.go
		return runImportMeasurements(ctx, env, args)
	}
	if kind == "template" && len(args) > 0 && args[0] == "measurements" {
		return runMeasurementTemplate(env, args[1:])
	}
	if isEventFormat(kind) {
		return runImportEvents(ctx, env, kind, args)
	}
	if kind == "template" {
		return runTemplate(env, args)
	}
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
	if _, ok := importer.TemplateFor(kind); !ok && kind != "fmtr" {
		fmt.Fprintf(env.Stderr, "custos import: unknown format %q (fmtr, actors, persons, programs, activities, template)\n", kind)
		return errUsage
	}
	if kind != "fmtr" && len(paths) != 1 {
		fmt.Fprintf(env.Stderr, "custos import %s: give exactly one FILE\n", kind)
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
	progress := func(n int) { fmt.Fprintf(env.Stderr, "\r%d rows…", n) }
	if kind != "fmtr" {
		res, err := importer.Table(ctx, st, kind, files[0].Name, files[0].Data, progress)
		fmt.Fprint(env.Stderr, "\r")
		if err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, res.Summary())
		return nil
	}
	res, err := importer.FMTR(ctx, st, files, progress)
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

// runTemplate writes an empty import template to standard output.
func runTemplate(env *Env, args []string) error {
	fs := newFlags(env, "import template", "import template KIND [--format csv|xlsx]")
	format := fs.String("format", "csv", "csv or xlsx")
	kind, rest := splitName(args)
	if err := parse(fs, rest); err != nil {
		return err
	}
	tpl, ok := importer.TemplateFor(kind)
	if !ok {
		fmt.Fprintf(env.Stderr, "custos import template: unknown kind %q (actors, persons, programs, activities)\n", kind)
		return errUsage
	}
	switch *format {
	case "csv":
		return importer.WriteTemplateCSV(env.Stdout, tpl)
	case "xlsx":
		return importer.WriteTemplateXLSX(env.Stdout, tpl)
	}
	fmt.Fprintf(env.Stderr, "custos import template: --format must be csv or xlsx, not %q\n", *format)
	return errUsage
}
