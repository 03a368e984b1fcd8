package cli

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/custos-ssa/custos"
)

const tokenSynopsis = `token create NAME [--label TEXT] [--expires DAYS] [--db DB]
       custos token list [--db DB]
       custos token revoke ID [--db DB]

create prints a new API token for user NAME. Programs send it as
"Authorization: Bearer TOKEN". The token is shown once and stored only as a hash.`

func runToken(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(env.Stderr, "Usage: custos "+tokenSynopsis)
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	sub, args := args[0], args[1:]
	fs := newFlags(env, "token "+sub, tokenSynopsis)
	db := dbFlag(fs, env)
	label := fs.String("label", "", "what the token is for")
	days := fs.Int("expires", 0, "days until the token expires (0: never)")
	arg, rest := splitName(args)
	if err := parse(fs, rest); err != nil {
		return err
	}
	if sub != "list" && arg == "" {
		fmt.Fprintf(env.Stderr, "custos token %s: missing argument\n", sub)
		return errUsage
	}
	if *days < 0 {
		fmt.Fprintln(env.Stderr, "custos token create: --expires must not be negative")
		return errUsage
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx = custos.WithPrincipal(ctx, custos.System)
	switch sub {
	case "create":
		_, secret, err := st.CreateToken(ctx, arg, *label, time.Duration(*days)*24*time.Hour)
		if err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, secret)
	case "list":
		list, err := st.FindTokens(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tUSER\tLABEL\tPREFIX\tCREATED\tEXPIRES\tLAST USED\tSTATE")
		for _, t := range list {
			state := "live"
			if t.Revoked {
				state = "revoked"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s…\t%s\t%s\t%s\t%s\n", t.ID, t.UserName, t.Label, t.Prefix, day(t.CreatedAt), day(t.ExpiresAt), day(t.LastUsed), state)
		}
		return tw.Flush()
	case "revoke":
		id, err := strconv.ParseInt(arg, 10, 64)
		if err != nil {
			fmt.Fprintf(env.Stderr, "custos token revoke: %q is not a token id (see custos token list)\n", arg)
			return errUsage
		}
		if err := st.RevokeToken(ctx, id); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "revoked token %d\n", id)
	default:
		fmt.Fprintf(env.Stderr, "custos token: unknown subcommand %q\n", sub)
		return errUsage
	}
	return nil
}

func day(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format("2006-01-02")
}
