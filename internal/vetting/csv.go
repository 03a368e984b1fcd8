package vetting

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/custos-ssa/custos"
)

// Columns of the records and nominees CSV format. Only id, kind and name
// are required; the others may be left out, and unknown columns are
// ignored. Columns may come in any order.
var (
	csvColumns  = []string{"id", "kind", "name", "aliases", "birth_date", "gender", "nationality", "unit", "parent_unit"}
	csvRequired = []string{"id", "kind", "name"}
)

// maxFieldLen bounds every field but aliases, in characters.
const maxFieldLen = custos.MaxNameLen

// RowError is a bad row of a CSV file, by file name and line number.
type RowError struct {
	File  string
	Line  int
	Field string
	Msg   string
}

func (e *RowError) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Field, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// ReadCSV reads records or nominees in the shared CSV format. It returns
// the good rows, one RowError for each bad row (wrong kind, invalid date,
// gender or nationality, an empty, over-long or punctuation-only name,
// invalid UTF-8, a control character, a duplicate id, a malformed CSV
// line), and an error only when the file cannot be read at all or its
// header lacks a required column. file names the input in messages.
func ReadCSV(r io.Reader, file string) ([]Record, []*RowError, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, nil, fmt.Errorf("%s: empty file, want a header line %q", file, strings.Join(csvColumns, ","))
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%s: reading the header: %w", file, err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := col[h]; !dup {
			col[h] = i
		}
	}
	for _, c := range csvRequired {
		if _, ok := col[c]; !ok {
			return nil, nil, fmt.Errorf("%s: header lacks the required column %q (want %q)", file, c, strings.Join(csvColumns, ","))
		}
	}
	var recs []Record
	var bad []*RowError
	seen := map[string]int{}
	lastLine := 0
	for {
		row, err := cr.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			if pe.StartLine == lastLine && lastLine > 0 {
				return recs, bad, fmt.Errorf("%s:%d: %w", file, pe.StartLine, err)
			}
			lastLine = pe.StartLine
			bad = append(bad, &RowError{File: file, Line: pe.StartLine, Msg: "malformed CSV: " + pe.Err.Error()})
			continue
		}
		if err != nil {
			return recs, bad, fmt.Errorf("%s: after line %d: %w", file, lastLine, err)
		}
		line, _ := cr.FieldPos(0)
		lastLine = line
		get := func(c string) string {
			if i, ok := col[c]; ok && i < len(row) {
				return row[i]
			}
			return ""
		}
		rec, rerr := parseRow(get)
		if rerr != nil {
			rerr.File, rerr.Line = file, line
			bad = append(bad, rerr)
			continue
		}
		if first, dup := seen[rec.ID]; dup {
			bad = append(bad, &RowError{File: file, Line: line, Field: "id", Msg: fmt.Sprintf("duplicate id %q (first on line %d)", rec.ID, first)})
			continue
		}
		seen[rec.ID] = line
		recs = append(recs, rec)
	}
	return recs, bad, nil
}

// parseRow validates one row; get returns a column's value.
func parseRow(get func(string) string) (Record, *RowError) {
	for _, c := range csvColumns {
		v := get(c)
		if !utf8.ValidString(v) {
			return Record{}, &RowError{Field: c, Msg: "is not valid UTF-8"}
		}
		for _, r := range v {
			if unicode.IsControl(r) {
				return Record{}, &RowError{Field: c, Msg: fmt.Sprintf("contains the control character %U", r)}
			}
		}
		if c != "aliases" && utf8.RuneCountInString(v) > maxFieldLen {
			return Record{}, &RowError{Field: c, Msg: fmt.Sprintf("is longer than %d characters", maxFieldLen)}
		}
	}
	rec := Record{ID: strings.TrimSpace(get("id"))}
	if rec.ID == "" {
		return Record{}, &RowError{Field: "id", Msg: "is empty"}
	}
	switch k := Kind(strings.ToLower(strings.TrimSpace(get("kind")))); k {
	case Person, Unit:
		rec.Kind = k
	default:
		return Record{}, &RowError{Field: "kind", Msg: fmt.Sprintf("is %q, want person or unit", get("kind"))}
	}
	rec.Name = strings.TrimSpace(get("name"))
	if err := checkName(rec.Name); err != "" {
		return Record{}, &RowError{Field: "name", Msg: err}
	}
	if a := get("aliases"); strings.TrimSpace(a) != "" {
		for _, s := range strings.Split(a, "|") {
			s = strings.TrimSpace(s)
			if s == "" {
				continue
			}
			if err := checkName(s); err != "" {
				return Record{}, &RowError{Field: "aliases", Msg: fmt.Sprintf("alias %q %s", truncate(s), err)}
			}
			rec.Aliases = append(rec.Aliases, s)
		}
		if len(rec.Aliases) > custos.MaxNames {
			return Record{}, &RowError{Field: "aliases", Msg: fmt.Sprintf("has more than %d aliases", custos.MaxNames)}
		}
	}
	if d := strings.TrimSpace(get("birth_date")); d != "" {
		pd, err := custos.ParsePartialDate(d)
		if err != nil {
			return Record{}, &RowError{Field: "birth_date", Msg: err.Error()}
		}
		rec.BirthDate = pd
	}
	switch g := strings.ToLower(strings.TrimSpace(get("gender"))); g {
	case "m", "male", "man", "masculin", "masculino", "h", "homme", "hombre":
		rec.Gender = "m"
	case "f", "female", "woman", "feminin", "féminin", "femenino", "feminino", "femme", "mujer":
		rec.Gender = "f"
	case "", "u", "x", "unknown", "other":
	default:
		return Record{}, &RowError{Field: "gender", Msg: fmt.Sprintf("is %q, want m, f or empty", g)}
	}
	if n := strings.TrimSpace(get("nationality")); n != "" {
		code, ok := ResolveCountry(n)
		if !ok {
			return Record{}, &RowError{Field: "nationality", Msg: fmt.Sprintf("%q is neither an ISO 3166 code nor a country name", n)}
		}
		rec.Nationality = code
	}
	rec.Unit = strings.TrimSpace(get("unit"))
	rec.ParentUnit = strings.TrimSpace(get("parent_unit"))
	return rec, nil
}

// checkName returns why a name cannot be screened, or "".
func checkName(s string) string {
	switch {
	case s == "":
		return "is empty"
	case utf8.RuneCountInString(s) > maxFieldLen:
		return fmt.Sprintf("is longer than %d characters", maxFieldLen)
	}
	toks, _ := tokenize(s)
	if len(toks) == 0 {
		return "has no letters or digits"
	}
	return ""
}

func truncate(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	return string([]rune(s)[:40]) + "..."
}
