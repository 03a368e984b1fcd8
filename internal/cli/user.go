package cli

import (
	"bufio"
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/custos-ssa/custos"
)

const userSynopsis = `user add NAME --role ROLE [--display-name TEXT] [--db DB]
       custos user list [--db DB]
       custos user set NAME [--role ROLE] [--display-name TEXT] [--disable | --enable] [--db DB]
       custos user passwd NAME [--db DB]

The password is read from standard input when it is not a terminal (the first
line), and prompted for otherwise. Roles: admin, planner, vetter, analyst,
partner (civil-society partner), viewer.`

func runUser(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(env.Stderr, "Usage: custos "+userSynopsis)
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	sub, args := args[0], args[1:]
	fs := newFlags(env, "user "+sub, userSynopsis)
	db := dbFlag(fs, env)
	role := fs.String("role", "", "the user's role")
	display := fs.String("display-name", "", "the name shown on screens")
	disable := fs.Bool("disable", false, "stop the user signing in")
	enable := fs.Bool("enable", false, "let a disabled user sign in again")
	fictional := fs.Bool("fictional", false, "mark a demonstration account, labelled fictional on screen")
	name, rest := splitName(args)
	if err := parse(fs, rest); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "custos user %s: unexpected argument %q\n", sub, fs.Arg(0))
		return errUsage
	}
	if sub != "list" && name == "" {
		fmt.Fprintf(env.Stderr, "custos user %s: give the user's NAME\n", sub)
		return errUsage
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx = custos.WithPrincipal(ctx, custos.System)
	switch sub {
	case "add":
		pw, err := readPassword(env, "Password for "+name+": ")
		if err != nil {
			return err
		}
		u := &custos.User{Name: name, DisplayName: *display, Role: custos.Role(*role), Fictional: *fictional}
		if err := st.CreateUser(ctx, u, pw); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "added user %s (%s)\n", u.Name, u.Role)
	case "list":
		users, err := st.FindUsers(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tROLE\tDISPLAY NAME\tSTATE")
		for _, u := range users {
			state := "active"
			if u.Disabled {
				state = "disabled"
			}
			if u.Fictional {
				state += " (fictional)"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", u.Name, u.Role, u.DisplayName, state)
		}
		return tw.Flush()
	case "set":
		u, err := st.FindUser(ctx, name)
		if err != nil {
			return err
		}
		if *role != "" {
			u.Role = custos.Role(*role)
		}
		if *display != "" {
			u.DisplayName = *display
		}
		if *disable && *enable {
			fmt.Fprintln(env.Stderr, "custos user set: --disable and --enable contradict each other")
			return errUsage
		}
		if *disable {
			u.Disabled = true
		}
		if *enable {
			u.Disabled = false
		}
		if err := st.UpdateUser(ctx, u); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "updated user %s\n", u.Name)
	case "passwd":
		pw, err := readPassword(env, "New password for "+name+": ")
		if err != nil {
			return err
		}
		if err := st.SetPassword(ctx, name, pw); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "changed the password of %s\n", name)
	default:
		fmt.Fprintf(env.Stderr, "custos user: unknown subcommand %q\n", sub)
		return errUsage
	}
	return nil
}

// splitName takes a leading NAME argument off args, so that flags may come
// before or after it.
func splitName(args []string) (string, []string) {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return args[0], args[1:]
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") {
			return a, append(append([]string{}, args[:i]...), args[i+1:]...)
		}
		if !strings.Contains(a, "=") && i+1 < len(args) && !isBoolFlag(a) {
			i++ // skip the flag's value
		}
	}
	return "", args
}

func isBoolFlag(a string) bool {
	switch strings.TrimLeft(a, "-") {
	case "disable", "enable", "fictional", "h", "help", "demo", "json":
		return true
	}
	return false
}

// readPassword prompts twice on a terminal, or reads the first line of
// standard input.
func readPassword(env *Env, prompt string) (string, error) {
	if env.ReadPassword != nil {
		pw, err := env.ReadPassword(prompt)
		if err != nil {
			return "", err
		}
		again, err := env.ReadPassword("Again: ")
		if err != nil {
			return "", err
		}
		if pw != again {
			return "", custos.Errorf(custos.EINVALID, "the two passwords differ")
		}
		return pw, nil
	}
	line, err := bufio.NewReader(env.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", custos.Errorf(custos.EINVALID, "no password on standard input: pipe it in, for example: echo \"$PASSWORD\" | custos user add NAME --role ROLE")
	}
	return strings.TrimRight(line, "\r\n"), nil
}
