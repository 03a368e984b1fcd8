// Package cli is the custos command: one file per subcommand, each with its
// own flag set and --help.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/seed"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/custos-ssa/custos/internal/store/postgres"
	"github.com/custos-ssa/custos/internal/store/sqlite"
)

// Version is the program's version, set at build time with
// -ldflags "-X github.com/custos-ssa/custos/internal/cli.Version=...".
var Version = "dev"

// Env is what a command sees of the outside world.
type Env struct {
	Args   []string
	Getenv func(string) string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// ReadPassword, when standard input is a terminal, prompts for a
	// password without echo. When it is nil, passwords are read as the
	// first line of Stdin.
	ReadPassword func(prompt string) (string, error)
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *Env, args []string) error
}

func commands() []command {
	cmds := []command{
		{"serve", "run the web server", runServe},
		{"migrate", "create or upgrade the store's tables", runMigrate},
		{"user", "add, list and change users", runUser},
		{"token", "issue, list and revoke API tokens", runToken},
		{"audit", "verify or list the audit trail", runAudit},
		{"import", "import datasets: fmtr, ucdp, acled, hxl, and actors, persons, programs, activities from templates", runImport},
		{"version", "print the version", runVersion},
		// Incidents (issue D), conditions (issue E) and vetting (issue C)
		// commands are listed below this line.
		{"incident", "list, show, create, change and delete incidents", incidentCommand().run},
		{"report", "write reports (civilian-harm: the monthly report of a country; conditions: condition status)", runReports},
		{"conditions", "evaluate conditions as of a date and print their status; list the alerts raised when a status changed", runConditions},
		{"vet", "Leahy vetting: screen files of nominees, or nominate, screen, judge, decide and concur in the store", runVet},
	}
	consult := consultationCommand() // civil-society consultations
	cmds = append(cmds, command{consult.name, "list, show, create, change and delete " + consult.plural, consult.run})
	for _, r := range records() {
		cmds = append(cmds, command{r.name, "list, show, create, change and delete " + r.plural, r.run})
	}
	return cmds
}

// errUsage marks a usage error: exit status 2.
var errUsage = errors.New("usage")

// Run runs the custos command and returns its exit status.
func Run(ctx context.Context, env *Env) int {
	err := run(ctx, env)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	}
	var ex exitError
	if errors.As(err, &ex) {
		return int(ex) // already explained on stderr
	}
	var e *custos.Error
	if errors.As(err, &e) {
		fmt.Fprintln(env.Stderr, "custos: "+e.Error())
	} else {
		fmt.Fprintln(env.Stderr, "custos: "+err.Error())
	}
	return 1
}

// exitError is an exit status that has already been explained.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

func run(ctx context.Context, env *Env) error {
	if len(env.Args) < 2 || env.Args[1] == "-h" || env.Args[1] == "--help" || env.Args[1] == "help" {
		usage(env.Stdout)
		if len(env.Args) < 2 {
			return errUsage
		}
		return nil
	}
	name := env.Args[1]
	for _, c := range commands() {
		if c.name == name {
			return c.run(ctx, env, env.Args[2:])
		}
	}
	fmt.Fprintf(env.Stderr, "custos: unknown command %q\n\n", name)
	usage(env.Stderr)
	return errUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Custos: accountable security sector assistance.\n\nUsage: custos COMMAND [flags]\n\nCommands:")
	cmds := commands()
	sort.Slice(cmds, func(i, j int) bool { return cmds[i].name < cmds[j].name })
	for _, c := range cmds {
		fmt.Fprintf(w, "  %-14s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun custos COMMAND --help for a command's flags.")
}

// newFlags returns a flag set that prints its usage to stderr and returns
// errors instead of exiting.
func newFlags(env *Env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: custos %s\n\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags; a flag error is a usage error.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}

// DataDir returns the default data directory: $CUSTOS_DATA_DIR, else
// $XDG_DATA_HOME/custos, else ~/.local/share/custos.
func DataDir(getenv func(string) string) string {
	if d := getenv("CUSTOS_DATA_DIR"); d != "" {
		return d
	}
	if d := getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "custos")
	}
	home := getenv("HOME")
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	if home == "" {
		return filepath.Join(os.TempDir(), "custos")
	}
	return filepath.Join(home, ".local", "share", "custos")
}

// dbFlag adds the --db flag every store command takes.
func dbFlag(fs *flag.FlagSet, env *Env) *string {
	def := env.Getenv("CUSTOS_DB")
	if def == "" {
		def = filepath.Join(DataDir(env.Getenv), "custos.db")
	}
	return fs.String("db", def, "the store: an SQLite file path or a postgres:// URL (env CUSTOS_DB)")
}

// openStore opens the store named by --db: a postgres:// or postgresql://
// URL, or else an SQLite file path.
func openStore(ctx context.Context, db string) (*store.DB, error) {
	if strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://") {
		return postgres.Open(ctx, db)
	}
	return sqlite.Open(ctx, db)
}

// actingAs returns a context acting as the named user ("" for the operator
// at the command line, who has every right).
func actingAs(ctx context.Context, st *store.DB, name string) (context.Context, error) {
	sys := custos.WithPrincipal(ctx, custos.System)
	if name == "" {
		return sys, nil
	}
	u, err := st.FindUser(sys, name)
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, custos.Errorf(custos.EFORBIDDEN, "user %q is disabled", name)
	}
	return custos.WithPrincipal(ctx, u.Principal("cli")), nil
}

// asFlags names, in an error about fields, the command's flags that gave
// them (program_id becomes --program), so that the user learns which flag
// to change; fields no flag gave keep their names.
func asFlags(err error, flags map[string]string) error {
	var e *custos.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	out := *e
	out.Fields = make(map[string]string, len(e.Fields))
	for k, v := range e.Fields {
		if f, ok := flags[k]; ok {
			k = "--" + f
		}
		out.Fields[k] = v
	}
	return &out
}

func newLogger(env *Env) *slog.Logger {
	level := slog.LevelInfo
	switch strings.ToLower(env.Getenv("CUSTOS_LOG_LEVEL")) {
	case "debug":
		level = slog.LevelDebug
	case "warn":
		level = slog.LevelWarn
	case "error":
		level = slog.LevelError
	}
	opts := &slog.HandlerOptions{Level: level}
	if strings.ToLower(env.Getenv("CUSTOS_LOG_FORMAT")) == "json" {
		return slog.New(slog.NewJSONHandler(env.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(env.Stderr, opts))
}

func runVersion(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "version", "version")
	if err := parse(fs, args); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "custos", Version)
	return nil
}

func runMigrate(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "migrate", "migrate [--db DB]")
	db := dbFlag(fs, env)
	if err := parse(fs, args); err != nil {
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
	fmt.Fprintln(env.Stdout, "the store is up to date:", redact(*db))
	return nil
}

// redact hides a password in a database URL before printing it.
func redact(db string) string {
	if i := strings.Index(db, "://"); i >= 0 {
		if at := strings.Index(db[i+3:], "@"); at >= 0 {
			cred := db[i+3 : i+3+at]
			if c := strings.Index(cred, ":"); c >= 0 {
				return db[:i+3] + cred[:c] + ":***" + db[i+3+at:]
			}
		}
	}
	return db
}
