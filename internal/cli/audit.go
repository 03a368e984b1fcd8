package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/custos-ssa/custos"
)

const auditSynopsis = `audit verify [--expect-head HASH] [--json] [--db DB]
       custos audit list [--entity E] [--id ID] [--user NAME] [--limit N] [--json] [--db DB]

verify walks the hash chain of the audit trail and exits with status 1 if any
entry was altered, removed or reordered. Record the head hash it prints
somewhere else (a ticket, an email); --expect-head then also proves that no
entries were cut from the end since.`

func runAudit(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(env.Stderr, "Usage: custos "+auditSynopsis)
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	sub, args := args[0], args[1:]
	fs := newFlags(env, "audit "+sub, auditSynopsis)
	db := dbFlag(fs, env)
	asJSON := fs.Bool("json", false, "print JSON")
	expect := fs.String("expect-head", "", "the head hash recorded at an earlier verification")
	entity := fs.String("entity", "", "only entries about this kind of record (actor, program...)")
	id := fs.String("id", "", "only entries about this record id")
	user := fs.String("user", "", "only entries by this user")
	limit := fs.Int("limit", 50, "entries to list")
	if err := parse(fs, args); err != nil {
		return err
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx = custos.WithPrincipal(ctx, custos.System)
	switch sub {
	case "verify":
		rep, err := st.VerifyAudit(ctx)
		if err != nil {
			return err
		}
		if *expect != "" && rep.OK() {
			found := rep.HeadHash == *expect
			if !found {
				// The expected head may be an earlier entry: entries after it are fine.
				entries, _, err := st.FindAuditEntries(ctx, custos.AuditFilter{Page: custos.Page{Limit: custos.MaxLimit}})
				if err != nil {
					return err
				}
				for after := ""; !found; {
					for _, e := range entries {
						if e.Hash == *expect {
							found = true
						}
					}
					if found || len(entries) < custos.MaxLimit {
						break
					}
					after = fmt.Sprint(entries[len(entries)-1].Seq)
					if entries, _, err = st.FindAuditEntries(ctx, custos.AuditFilter{Page: custos.Page{Limit: custos.MaxLimit, After: after}}); err != nil {
						return err
					}
				}
			}
			if !found {
				rep.Problems = append(rep.Problems, custos.AuditProblem{Seq: rep.HeadSeq, Problem: "the expected head hash is not in the chain: entries were removed or rewritten since it was recorded"})
			}
		}
		if *asJSON {
			enc := json.NewEncoder(env.Stdout)
			enc.SetIndent("", "  ")
			enc.Encode(rep)
		} else {
			for _, p := range rep.Problems {
				fmt.Fprintf(env.Stdout, "entry %d: %s\n", p.Seq, p.Problem)
			}
			if rep.OK() {
				fmt.Fprintf(env.Stdout, "audit trail intact: %d entries, head %d %s\n", rep.Entries, rep.HeadSeq, rep.HeadHash)
			} else {
				fmt.Fprintf(env.Stdout, "audit trail TAMPERED: %d problem(s) in %d entries\n", len(rep.Problems), rep.Entries)
			}
		}
		if !rep.OK() {
			return exitError(1)
		}
	case "list":
		entries, next, err := st.FindAuditEntries(ctx, custos.AuditFilter{Entity: *entity, EntityID: *id, UserName: *user, Page: custos.Page{Limit: *limit}})
		if err != nil {
			return err
		}
		if *asJSON {
			enc := json.NewEncoder(env.Stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(map[string]any{"items": entries, "next": next})
		}
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "SEQ\tAT\tUSER\tVIA\tACTION\tRECORD")
		for _, e := range entries {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s %s\n", e.Seq, e.At.Format("2006-01-02 15:04:05"), e.UserName, e.Via, e.Action, e.Entity, e.EntityID)
		}
		return tw.Flush()
	default:
		fmt.Fprintf(env.Stderr, "custos audit: unknown subcommand %q\n", sub)
		return errUsage
	}
	return nil
}
