// Package importer loads datasets into the store: it maps rows read by the
// internal/ingest readers to domain records and writes them in one
// transaction through the store's bulk writer, so that an import applies
// completely or not at all, and re-importing the same file updates records
// instead of duplicating them.
package importer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/catalog"
	"github.com/custos-ssa/custos/internal/country"
	"github.com/custos-ssa/custos/internal/ingest/fmtr"
	"github.com/custos-ssa/custos/internal/store"
)

// File is one input file: its name (as shown in errors and kept in each
// record's source) and its bytes.
type File struct {
	Name string
	Data []byte
}

// FMTRResult says what an FMTR import did.
type FMTRResult struct {
	Rows       int // training rows imported
	TotalRows  int // "Program Totals" rows skipped (their figures sum the rows above)
	Programs   int
	Activities int
	Units      int // recipient units (actors)
	Persons    int // recipients that were individuals, kept as restricted persons
	Warnings   int // rows with a value that could not be read (left unknown)
	// Unresolved counts, by the country as printed, the rows skipped
	// because the country could not be resolved to an ISO code.
	Unresolved map[string]int
}

// Summary is the one-line summary the CLI prints.
func (r *FMTRResult) Summary() string {
	return fmt.Sprintf("imported %d rows: %d programs, %d activities, %d units; %d countries unresolved",
		r.Rows, r.Programs, r.Activities, r.Units, len(r.Unresolved))
}

// FMTRDataset is the dataset name of the Foreign Military Training Reports.
const FMTRDataset = "fmtr"

// programAcc accumulates one program (country x funding program x fiscal
// year) over its rows.
type programAcc struct {
	key, country, fund, label string
	countryRaw                string
	authorityCode             string
	fy                        int
	cost                      int64
	start, end                custos.Date
}

// unitAcc accumulates the spellings of one recipient unit.
type unitAcc struct {
	key, country string
	personal     bool
	names        []string // in order of first appearance
	seen         map[string]bool
}

// FMTR imports Foreign Military Training Report files. Each row becomes an
// activity (a course) of a program (country x funding program x fiscal
// year), with its recipient unit as an actor, or, where the report printed
// an individual's identifier instead of a unit, as a restricted person.
// progress, if not nil, is called with the number of rows processed.
func FMTR(ctx context.Context, st *store.DB, files []File, progress func(rows int)) (*FMTRResult, error) {
	res := &FMTRResult{Unresolved: map[string]int{}}
	resolver := country.New()
	authIDs, err := authorityIDs(ctx, st)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, c := range custos.ISOCountries() {
		names[c.Code] = c.Name
	}

	// Pass 1: programs and units, so that they exist before the activities.
	programs := map[string]*programAcc{}
	units := map[string]*unitAcc{}
	for _, f := range files {
		err := fmtr.Read(bytes.NewReader(f.Data), f.Name, func(r fmtr.Row) error {
			if r.IsTotal {
				return nil
			}
			code, ok := resolver.Resolve(r.CountryRaw)
			if !ok {
				return nil
			}
			name := names[code]
			if name == "" {
				name = clean(r.CountryRaw)
			}
			p := programFor(programs, r, code, name)
			p.cost += r.CostUSD
			if !r.Start.IsZero() && (p.start.IsZero() || r.Start.Before(p.start)) {
				p.start = r.Start
			}
			if end := lastDay(r); !end.IsZero() && (p.end.IsZero() || p.end.Before(end)) {
				p.end = end
			}
			if u := unitFor(units, r, code); u != nil && !u.seen[clean(r.StudentUnit)] && len(u.names) < custos.MaxNames {
				u.seen[clean(r.StudentUnit)] = true
				u.names = append(u.names, clean(r.StudentUnit))
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}

	if err := ensureCountries(ctx, st, programs); err != nil {
		return nil, err
	}
	rec := &store.ImportRecord{Dataset: FMTRDataset}
	err = st.Import(ctx, rec, func(b *store.Bulk) error {
		actorIDs, err := b.SourceIDs("actors", FMTRDataset)
		if err != nil {
			return err
		}
		personIDs, err := b.SourceIDs("persons", FMTRDataset)
		if err != nil {
			return err
		}
		programIDs, err := b.SourceIDs("programs", FMTRDataset)
		if err != nil {
			return err
		}
		activityIDs, err := b.SourceIDs("activities", FMTRDataset)
		if err != nil {
			return err
		}
		// Units and programs in key order, so that ids are the same on
		// every fresh import.
		unitIDs := map[string]int64{}
		for _, k := range sortedKeys(units) {
			u := units[k]
			src := &custos.SourceRef{Dataset: FMTRDataset, Key: "unit:" + u.key}
			if u.personal {
				p := &custos.Person{ID: personIDs[src.Key], Name: u.names[0], Nationality: u.country, Source: src, Releasability: custos.Restricted,
					Notes: "Printed in place of a unit in the Foreign Military Training Report: an individual's identifier, kept as restricted personal data."}
				for _, n := range u.names[1:] {
					p.Names = append(p.Names, custos.Name{Value: n})
				}
				if err := b.PutPerson(p); err != nil {
					return fmt.Errorf("recipient %q: %w", u.names[0], err)
				}
				unitIDs[k] = p.ID
				res.Persons++
				continue
			}
			kind, word := ClassifyUnit(u.names[0])
			desc := "Recipient unit named in the Foreign Military Training Report."
			if word != "" {
				desc += fmt.Sprintf(" Kind inferred from the word %q in its name; check it.", word)
			} else {
				desc += " Not yet classified: no word in its name tells its kind."
			}
			a := &custos.Actor{ID: actorIDs[src.Key], Country: u.country, Kind: kind, Name: u.names[0], Description: desc, Source: src, Releasability: custos.Public}
			for _, n := range u.names[1:] {
				a.Names = append(a.Names, custos.Name{Value: n, Lang: "en"})
			}
			if err := b.PutActor(a); err != nil {
				return fmt.Errorf("recipient unit %q: %w", u.names[0], err)
			}
			unitIDs[k] = a.ID
			res.Units++
		}
		progIDs := map[string]int64{}
		for _, k := range sortedKeys(programs) {
			pa := programs[k]
			p := &custos.Program{ID: programIDs[pa.key], Country: pa.country, Title: pa.label, AuthorityID: authIDs[pa.authorityCode],
				ActivityType: "train", Status: "completed", Start: pa.start, End: pa.end,
				Budget:      []custos.Budget{{FiscalYear: pa.fy, AmountUSD: pa.cost}},
				Description: fmt.Sprintf("Training reported to Congress under %q for fiscal year %d (Foreign Military Training Report). The budget is the sum of the reported costs.", pa.fund, pa.fy),
				Source:      &custos.SourceRef{Dataset: FMTRDataset, Key: pa.key}, Releasability: custos.Public}
			if err := b.PutProgram(p); err != nil {
				return fmt.Errorf("program %q: %w", pa.label, err)
			}
			progIDs[k] = p.ID
			res.Programs++
		}
		// Pass 2: the activities.
		for _, f := range files {
			base := strings.TrimSuffix(path.Base(f.Name), ".gz")
			rows := 0
			err := fmtr.Read(bytes.NewReader(f.Data), f.Name, func(r fmtr.Row) error {
				rows++
				if r.IsTotal {
					res.TotalRows++
					return nil
				}
				code, ok := resolver.Resolve(r.CountryRaw)
				if !ok {
					res.Unresolved[r.CountryRaw]++
					return nil
				}
				pk := programKey(r, code)
				a := &custos.Activity{ProgramID: progIDs[pk], Kind: "course", Title: clean(r.CourseTitle), Start: r.Start, End: r.End,
					Location: clean(r.Location), Country: code, Implementer: clean(r.USUnit), Quantity: r.Quantity, CostUSD: r.CostUSD, Status: "delivered",
					Source:        &custos.SourceRef{Dataset: FMTRDataset, Key: fmt.Sprintf("%s:%d", base, r.Line), File: r.RegionFile, Page: r.Page, Row: r.Line},
					Releasability: custos.Public}
				a.ID = activityIDs[a.Source.Key]
				if a.Title == "" {
					a.Title = "(no course title in the report)"
				}
				if a.End.Before(a.Start) {
					a.End = custos.Date{} // printed out of order: keep the start only
				}
				if u := unitKeyOf(r, code); u != "" {
					if units[u].personal {
						a.PersonIDs = []int64{unitIDs[u]}
					} else {
						a.ActorIDs = []int64{unitIDs[u]}
					}
				}
				if len(r.Warnings) > 0 {
					res.Warnings++
					var w []string
					for _, x := range r.Warnings {
						w = append(w, x.Column+": "+x.Reason)
					}
					a.Description = "Values that could not be read from the report are left unknown: " + strings.Join(w, "; ")
				}
				if err := b.CheckHistorical(a); err != nil {
					return fmt.Errorf("%s:%d: %w", f.Name, r.Line, err)
				}
				if err := b.PutActivity(a); err != nil {
					return fmt.Errorf("%s:%d: %w", f.Name, r.Line, err)
				}
				res.Activities++
				res.Rows++
				if progress != nil && res.Rows%10000 == 0 {
					progress(res.Rows)
				}
				return nil
			})
			if err != nil {
				return err
			}
			rec.Files = append(rec.Files, store.ImportedFile{Name: base, SHA256: store.HashFile(f.Data), Rows: rows})
		}
		if len(res.Unresolved) > 0 {
			rec.Notes = append(rec.Notes, fmt.Sprintf("%d country spellings unresolved; their rows were skipped", len(res.Unresolved)))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if progress != nil {
		progress(res.Rows)
	}
	return res, nil
}

// ensureCountries adds the countries the rows resolved to that the store
// lacks: codes from ISO's user-assigned ranges (XK for Kosovo), named as
// the report printed them.
func ensureCountries(ctx context.Context, st *store.DB, programs map[string]*programAcc) error {
	done := map[string]bool{}
	for _, k := range sortedKeys(programs) {
		p := programs[k]
		if done[p.country] {
			continue
		}
		done[p.country] = true
		if _, err := st.FindCountry(ctx, p.country); custos.ErrorKind(err) == custos.ENOTFOUND {
			c := &custos.Country{Code: p.country, Name: p.countryRaw, Notes: "Added by the FMTR import: a code from ISO 3166's user-assigned range."}
			if err := st.CreateCountry(ctx, c); err != nil {
				return fmt.Errorf("country %s (%s): %w", p.country, p.countryRaw, err)
			}
		} else if err != nil {
			return err
		}
	}
	return nil
}

// authorityIDs maps the catalog's authority codes to their ids in the store.
func authorityIDs(ctx context.Context, st *store.DB) (map[string]int64, error) {
	out := map[string]int64{}
	list, _, err := st.FindAuthorities(ctx, custos.AuthorityFilter{Page: custos.Page{Limit: custos.MaxLimit}})
	if err != nil {
		return nil, err
	}
	for _, a := range list {
		out[a.Code] = a.ID
	}
	return out, nil
}

// fund returns the funding program of a row: the catalog authority's code
// when the printed program maps to one, else the printed program.
func fund(r fmtr.Row) (key, code string) {
	if v, ok := funds.Load(r.Program); ok {
		f := v.([2]string)
		return f[0], f[1]
	}
	key = strings.Join(strings.Fields(r.Program), " ")
	if c, ok := catalog.AuthorityForProgram(r.Program); ok {
		key, code = c, c
	} else if key == "" {
		key = "(program not printed)"
	}
	funds.Store(r.Program, [2]string{key, code})
	return key, code
}

// funds caches fund by printed program: a few thousand strings over a
// quarter of a million rows.
var funds sync.Map

func programKey(r fmtr.Row, code string) string {
	f, _ := fund(r)
	return shortKey(fmt.Sprintf("%s|%s|%d", code, f, r.FiscalYear))
}

func programFor(m map[string]*programAcc, r fmtr.Row, code, countryName string) *programAcc {
	k := programKey(r, code)
	if p, ok := m[k]; ok {
		return p
	}
	f, auth := fund(r)
	label := fmt.Sprintf("%s training for %s, FY%d", f, countryName, r.FiscalYear)
	if len([]rune(label)) > custos.MaxNameLen {
		label = string([]rune(label)[:custos.MaxNameLen])
	}
	p := &programAcc{key: k, country: code, countryRaw: clean(r.CountryRaw), fund: f, label: label, authorityCode: auth, fy: r.FiscalYear}
	m[k] = p
	return p
}

func unitKeyOf(r fmtr.Row, code string) string {
	k := fmtr.UnitKey(r.StudentUnit)
	if k == "" {
		return ""
	}
	return shortKey(code + "|" + k)
}

// shortKey keeps source keys short enough to index: a key over 200 bytes
// becomes its first 150 bytes and a hash of the whole.
func shortKey(k string) string {
	if len(k) <= 200 {
		return k
	}
	h := sha256.Sum256([]byte(k))
	cut := 150
	for cut > 0 && !utf8.RuneStart(k[cut]) {
		cut--
	}
	return k[:cut] + "#" + hex.EncodeToString(h[:8])
}

func unitFor(m map[string]*unitAcc, r fmtr.Row, code string) *unitAcc {
	k := unitKeyOf(r, code)
	if k == "" {
		return nil
	}
	u, ok := m[k]
	if !ok {
		u = &unitAcc{key: k, country: code, personal: fmtr.LooksPersonal(r.StudentUnit), seen: map[string]bool{}}
		m[k] = u
	}
	return u
}

// clean makes a printed value fit a one-line field: control characters and
// line breaks become spaces, runs of spaces one, and the text is cut at
// custos.MaxNameLen characters.
func clean(s string) string {
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
	if r := []rune(s); len(r) > custos.MaxNameLen {
		s = string(r[:custos.MaxNameLen-1]) + "…"
	}
	return s
}

func lastDay(r fmtr.Row) custos.Date {
	if !r.End.IsZero() && !r.End.Before(r.Start) {
		return r.End
	}
	return r.Start
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
