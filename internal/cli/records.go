package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"reflect"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/query"
	"github.com/custos-ssa/custos/internal/store"
)

// recordCommand is the command for one kind of record: custos actor list,
// custos actor get 12, and so on.
type recordCommand struct {
	name, plural string
	run          func(ctx context.Context, env *Env, args []string) error
}

func records() []recordCommand {
	return []recordCommand{
		recordCmd(recordKind[custos.Country, custos.CountryFilter]{name: "country", plural: "countries", key: "CODE",
			columns: []string{"code", "alpha3", "name", "region"},
			find:    (*store.DB).FindCountries, get: func(s *store.DB, ctx context.Context, k string) (*custos.Country, error) {
				return s.FindCountry(ctx, k)
			},
			create: (*store.DB).CreateCountry, update: (*store.DB).UpdateCountry,
			del:    func(s *store.DB, ctx context.Context, k string) error { return s.DeleteCountry(ctx, k) },
			setKey: func(c *custos.Country, k string) { c.Code = k }}),
		recordCmd(recordKind[custos.Actor, custos.ActorFilter]{name: "actor", plural: "actors", key: "ID",
			columns: []string{"id", "country", "kind", "name", "parent_id", "releasability"},
			find:    (*store.DB).FindActors, get: getByID((*store.DB).FindActor),
			create: (*store.DB).CreateActor, update: (*store.DB).UpdateActor, del: delByID((*store.DB).DeleteActor),
			setKey: func(a *custos.Actor, k string) { a.ID, _ = strconv.ParseInt(k, 10, 64) }}),
		recordCmd(recordKind[custos.Person, custos.PersonFilter]{name: "person", plural: "persons", key: "ID",
			columns: []string{"id", "name", "rank", "nationality", "birth_date", "releasability"},
			find:    (*store.DB).FindPersons, get: getByID((*store.DB).FindPerson),
			create: (*store.DB).CreatePerson, update: (*store.DB).UpdatePerson, del: delByID((*store.DB).DeletePerson),
			setKey: func(p *custos.Person, k string) { p.ID, _ = strconv.ParseInt(k, 10, 64) }}),
		recordCmd(recordKind[custos.Organization, custos.OrganizationFilter]{name: "organization", plural: "organizations", key: "ID",
			columns: []string{"id", "abbrev", "name", "kind", "country"},
			find:    (*store.DB).FindOrganizations, get: getByID((*store.DB).FindOrganization),
			create: (*store.DB).CreateOrganization, update: (*store.DB).UpdateOrganization, del: delByID((*store.DB).DeleteOrganization),
			setKey: func(o *custos.Organization, k string) { o.ID, _ = strconv.ParseInt(k, 10, 64) }}),
		recordCmd(recordKind[custos.Authority, custos.AuthorityFilter]{name: "authority", plural: "authorities", key: "ID",
			columns: []string{"id", "code", "agency", "citation", "leahy_applies"},
			find:    (*store.DB).FindAuthorities, get: getByID((*store.DB).FindAuthority),
			create: (*store.DB).CreateAuthority, update: (*store.DB).UpdateAuthority, del: delByID((*store.DB).DeleteAuthority),
			setKey: func(a *custos.Authority, k string) { a.ID, _ = strconv.ParseInt(k, 10, 64) }}),
		recordCmd(recordKind[custos.Program, custos.ProgramFilter]{name: "program", plural: "programs", key: "ID",
			columns: []string{"id", "country", "title", "status", "authority_id"},
			find:    (*store.DB).FindPrograms, get: getByID((*store.DB).FindProgram),
			create: (*store.DB).CreateProgram, update: (*store.DB).UpdateProgram, del: delByID((*store.DB).DeleteProgram),
			setKey: func(p *custos.Program, k string) { p.ID, _ = strconv.ParseInt(k, 10, 64) }}),
		recordCmd(recordKind[custos.Activity, custos.ActivityFilter]{name: "activity", plural: "activities", key: "ID",
			columns: []string{"id", "program_id", "kind", "title", "start", "status"},
			find:    (*store.DB).FindActivities, get: getByID((*store.DB).FindActivity),
			create: (*store.DB).CreateActivity, update: (*store.DB).UpdateActivity, del: delByID((*store.DB).DeleteActivity),
			setKey: func(a *custos.Activity, k string) { a.ID, _ = strconv.ParseInt(k, 10, 64) }}),
	}
}

type recordKind[T any, F any] struct {
	name, plural, key string
	columns           []string // JSON fields shown by list
	find              func(*store.DB, context.Context, F) ([]*T, string, error)
	get               func(*store.DB, context.Context, string) (*T, error)
	create, update    func(*store.DB, context.Context, *T) error
	del               func(*store.DB, context.Context, string) error
	setKey            func(*T, string)
}

func getByID[T any](fn func(*store.DB, context.Context, int64) (*T, error)) func(*store.DB, context.Context, string) (*T, error) {
	return func(s *store.DB, ctx context.Context, k string) (*T, error) {
		id, err := strconv.ParseInt(k, 10, 64)
		if err != nil || id <= 0 {
			return nil, custos.Errorf(custos.EINVALID, "%q is not a record id", k)
		}
		return fn(s, ctx, id)
	}
}

func delByID(fn func(*store.DB, context.Context, int64) error) func(*store.DB, context.Context, string) error {
	return func(s *store.DB, ctx context.Context, k string) error {
		id, err := strconv.ParseInt(k, 10, 64)
		if err != nil || id <= 0 {
			return custos.Errorf(custos.EINVALID, "%q is not a record id", k)
		}
		return fn(s, ctx, id)
	}
}

func recordCmd[T any, F any](k recordKind[T, F]) recordCommand {
	var f F
	var filters []string
	for _, p := range query.Params(reflect.TypeOf(f)) {
		filters = append(filters, p.Name)
	}
	synopsis := fmt.Sprintf(`%[1]s list [FILTER=VALUE...] [--json] [--db DB] [--as USER]
       custos %[1]s get %[2]s [--db DB] [--as USER]
       custos %[1]s create [--file FILE] [--db DB] [--as USER]
       custos %[1]s update %[2]s [--file FILE] [--db DB] [--as USER]
       custos %[1]s delete %[2]s [--db DB] [--as USER]

create reads a JSON %[1]s from FILE or standard input; update reads a JSON merge
patch (the fields to change; null removes one). list filters: %[3]s.
--as acts as a user, with that user's role and clearance; without it the
command acts as the operator, with every right. Every change is audited.`, k.name, k.key, strings.Join(filters, ", "))
	return recordCommand{name: k.name, plural: k.plural, run: func(ctx context.Context, env *Env, args []string) error {
		if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
			fmt.Fprintln(env.Stderr, "Usage: custos "+synopsis)
			if len(args) == 0 {
				return errUsage
			}
			return nil
		}
		sub, args := args[0], args[1:]
		fs := newFlags(env, k.name+" "+sub, synopsis)
		db := dbFlag(fs, env)
		as := fs.String("as", "", "act as this user")
		file := fs.String("file", "-", "the JSON input file (- for standard input)")
		asJSON := fs.Bool("json", false, "print JSON")
		var positional []string
		for len(args) > 0 {
			if err := parse(fs, args); err != nil {
				return err
			}
			args = fs.Args()
			if len(args) > 0 {
				positional = append(positional, args[0])
				args = args[1:]
			}
		}
		need := map[string]int{"list": -1, "get": 1, "create": 0, "update": 1, "delete": 1}
		n, ok := need[sub]
		if !ok {
			fmt.Fprintf(env.Stderr, "custos %s: unknown subcommand %q (list, get, create, update, delete)\n", k.name, sub)
			return errUsage
		}
		if n >= 0 && len(positional) != n {
			fmt.Fprintf(env.Stderr, "custos %s %s: want %d argument(s), got %d\n", k.name, sub, n, len(positional))
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
		switch sub {
		case "list":
			vals := url.Values{}
			for _, p := range positional {
				key, val, ok := strings.Cut(p, "=")
				if !ok {
					fmt.Fprintf(env.Stderr, "custos %s list: %q is not FILTER=VALUE (filters: %s)\n", k.name, p, strings.Join(filters, ", "))
					return errUsage
				}
				vals.Add(key, val)
			}
			var filter F
			if err := query.Parse(vals, &filter); err != nil {
				return err
			}
			items, next, err := k.find(st, ctx, filter)
			if err != nil {
				return err
			}
			if *asJSON {
				return printJSON(env.Stdout, map[string]any{"items": items, "next": next})
			}
			if err := printTable(env.Stdout, items, k.columns); err != nil {
				return err
			}
			if next != "" {
				fmt.Fprintf(env.Stderr, "more: add after=%s for the next page\n", next)
			}
			return nil
		case "get":
			v, err := k.get(st, ctx, positional[0])
			if err != nil {
				return err
			}
			return printJSON(env.Stdout, v)
		case "create":
			body, err := readInput(env, *file)
			if err != nil {
				return err
			}
			v := new(T)
			if err := decodeStrict(body, v); err != nil {
				return err
			}
			if err := k.create(st, ctx, v); err != nil {
				return err
			}
			return printJSON(env.Stdout, v)
		case "update":
			body, err := readInput(env, *file)
			if err != nil {
				return err
			}
			cur, err := k.get(st, ctx, positional[0])
			if err != nil {
				return err
			}
			merged, err := applyPatch(cur, body)
			if err != nil {
				return err
			}
			v := new(T)
			if err := decodeStrict(merged, v); err != nil {
				return err
			}
			k.setKey(v, positional[0])
			if err := k.update(st, ctx, v); err != nil {
				return err
			}
			return printJSON(env.Stdout, v)
		case "delete":
			if err := k.del(st, ctx, positional[0]); err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "deleted %s %s\n", k.name, positional[0])
		}
		return nil
	}}
}

// maxInput bounds a JSON record read by the CLI.
const maxInput = 10 << 20

func readInput(env *Env, file string) ([]byte, error) {
	var r io.Reader = env.Stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return nil, custos.Errorf(custos.EINVALID, "cannot read %s: %v", file, err)
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, maxInput+1))
	if err != nil {
		return nil, custos.Errorf(custos.EINVALID, "cannot read the input: %v", err)
	}
	if len(b) > maxInput {
		return nil, custos.Errorf(custos.ETOOLARGE, "the input is larger than %d bytes", maxInput)
	}
	return b, nil
}

func decodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return custos.Errorf(custos.EINVALID, "invalid JSON input: %v", err)
	}
	return nil
}

// applyPatch applies a JSON merge patch (RFC 7396) to a record.
func applyPatch(cur any, patch []byte) ([]byte, error) {
	doc, err := json.Marshal(cur)
	if err != nil {
		return nil, err
	}
	var d map[string]any
	var p any
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(patch, &p); err != nil {
		return nil, custos.Errorf(custos.EINVALID, "invalid JSON patch: %v", err)
	}
	pm, ok := p.(map[string]any)
	if !ok {
		return nil, custos.Errorf(custos.EINVALID, "the patch must be a JSON object of the fields to change")
	}
	return json.Marshal(mergeInto(d, pm))
}

func mergeInto(d, p map[string]any) map[string]any {
	for k, v := range p {
		switch pv := v.(type) {
		case nil:
			delete(d, k)
		case map[string]any:
			dv, _ := d[k].(map[string]any)
			if dv == nil {
				dv = map[string]any{}
			}
			d[k] = mergeInto(dv, pv)
		default:
			d[k] = v
		}
	}
	return d
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// printTable prints the named JSON fields of each item as aligned columns.
// A column is a field name, or "header:path" for a field inside another
// ("country:place.country").
func printTable[T any](w io.Writer, items []*T, columns []string) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	headers := make([]string, len(columns))
	paths := make([][]string, len(columns))
	for i, c := range columns {
		header, path, ok := strings.Cut(c, ":")
		if !ok {
			path = c
		}
		headers[i], paths[i] = strings.ToUpper(header), strings.Split(path, ".")
	}
	fmt.Fprintln(tw, strings.Join(headers, "\t"))
	for _, it := range items {
		b, err := json.Marshal(it)
		if err != nil {
			return err
		}
		var m map[string]any
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		dec.Decode(&m)
		cells := make([]string, len(columns))
		for i, path := range paths {
			var v any = m
			for _, k := range path {
				inner, _ := v.(map[string]any)
				v = inner[k]
			}
			if v != nil {
				cells[i] = strings.ReplaceAll(fmt.Sprint(v), "\t", " ")
			}
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	return tw.Flush()
}
