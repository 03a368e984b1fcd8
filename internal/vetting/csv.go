package vetting

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
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

// misspelledColumn names an unknown header column that is close to a
// known column the header lacks ("birthdate", "nationalty"): ignoring it
// as an extra column would silently screen without its data.
func misspelledColumn(col map[string]int) string {
	var unknown []string
	for h := range col {
		if !slices.Contains(csvColumns, h) {
			unknown = append(unknown, h)
		}
	}
	slices.Sort(unknown)
	for _, h := range unknown {
		for _, c := range csvColumns {
			if _, have := col[c]; have {
				continue
			}
			squash := strings.NewReplacer("_", "", "-", "", " ", "", ".", "")
			if squash.Replace(h) == squash.Replace(c) || editDistance(h, c) <= 2 {
				return fmt.Sprintf("header column %q is not a known column; did you mean %q?", h, c)
			}
		}
	}
	return ""
}

// editDistance is the Levenshtein distance between two short strings.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

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
		if j, dup := col[h]; dup {
			if slices.Contains(csvColumns, h) {
				return nil, nil, fmt.Errorf("%s: header repeats the column %q (columns %d and %d): which one holds the data is unclear", file, h, j+1, i+1)
			}
			continue
		}
		col[h] = i
	}
	known := 0
	for _, c := range csvColumns {
		if _, ok := col[c]; ok {
			known++
		}
	}
	if known == 0 {
		return nil, nil, fmt.Errorf("%s: line 1 is not a header (it names none of the columns): the file must start with the header line %q", file, strings.Join(csvColumns, ","))
	}
	if err := misspelledColumn(col); err != "" {
		return nil, nil, fmt.Errorf("%s: %s (want %q)", file, err, strings.Join(csvColumns, ","))
	}
	for _, c := range csvRequired {
		if _, ok := col[c]; !ok {
			return nil, nil, fmt.Errorf("%s: header lacks the required column %q (want %q)", file, c, strings.Join(csvColumns, ","))
		}
	}
	// Rows are read here and parsed on all cores in chunks; results are
	// merged in file order, so duplicates and bad rows come out as if read
	// one by one.
	var (
		recs   []Record
		bad    []*RowError
		seen   = map[string]int{}
		chunks []*csvChunk
		work   = make(chan *csvChunk, 4)
		wg     sync.WaitGroup
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range work {
				c.parse(col)
			}
		}()
	}
	merge := func() {
		close(work)
		wg.Wait()
		for _, c := range chunks {
			for i, row := range c.rows {
				switch {
				case row.bad != nil:
					bad = append(bad, row.bad)
				case c.errs[i] != nil:
					c.errs[i].File, c.errs[i].Line = file, row.line
					bad = append(bad, c.errs[i])
				default:
					rec := c.recs[i]
					if first, dup := seen[rec.ID]; dup {
						bad = append(bad, &RowError{File: file, Line: row.line, Field: "id", Msg: fmt.Sprintf("duplicate id %q (first on line %d)", rec.ID, first)})
						continue
					}
					seen[rec.ID] = row.line
					recs = append(recs, rec)
				}
			}
		}
	}
	cr.ReuseRecord = false
	cur := &csvChunk{}
	flush := func() {
		chunks = append(chunks, cur)
		work <- cur
		cur = &csvChunk{}
	}
	lastLine := 0
	for {
		row, err := cr.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			if pe.StartLine == lastLine && lastLine > 0 {
				flush()
				merge()
				return recs, bad, fmt.Errorf("%s:%d: %w", file, pe.StartLine, err)
			}
			lastLine = pe.StartLine
			cur.rows = append(cur.rows, csvRow{line: pe.StartLine, bad: &RowError{File: file, Line: pe.StartLine, Msg: "malformed CSV: " + pe.Err.Error()}})
			continue
		}
		if err != nil {
			flush()
			merge()
			return recs, bad, fmt.Errorf("%s: after line %d: %w", file, lastLine, err)
		}
		line, _ := cr.FieldPos(0)
		lastLine = line
		cur.rows = append(cur.rows, csvRow{line: line, fields: row})
		if len(cur.rows) == csvChunkRows {
			flush()
		}
	}
	flush()
	merge()
	return recs, bad, nil
}

// csvChunkRows is how many rows a worker parses at a time.
const csvChunkRows = 2048

// csvRow is a CSV line read: its fields, or why it could not be read.
type csvRow struct {
	line   int
	fields []string
	bad    *RowError
}

// csvChunk is a run of rows and, once parsed, their records or errors.
type csvChunk struct {
	rows []csvRow
	recs []Record
	errs []*RowError
}

func (c *csvChunk) parse(col map[string]int) {
	c.recs = make([]Record, len(c.rows))
	c.errs = make([]*RowError, len(c.rows))
	for i, row := range c.rows {
		if row.bad != nil {
			continue
		}
		get := func(name string) string {
			if j, ok := col[name]; ok && j < len(row.fields) {
				return row.fields[j]
			}
			return ""
		}
		c.recs[i], c.errs[i] = parseRow(get)
	}
}

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
