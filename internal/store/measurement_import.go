package store

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/custos-ssa/custos"
)

// MeasurementRow is one figure of a measurement file, as
// internal/ingest/measurement reads it: the indicator as written (an id or
// a code, within ProgramID when given), the unit the file says the figure
// is in (empty when it does not say), and the measurement. Its fields are
// those of measurement.Row, so that one converts to the other.
type MeasurementRow struct {
	Line        int
	Indicator   string
	ProgramID   int64
	Unit        custos.Unit
	Measurement custos.Measurement
}

// MeasurementImport says what ImportMeasurements stored.
type MeasurementImport struct {
	File       string  `json:"file"`
	Rows       int     `json:"rows"`
	Draft      int     `json:"draft"`
	Submitted  int     `json:"submitted"`
	Indicators int     `json:"indicators"`
	IDs        []int64 `json:"ids"`
}

// Summary is the one-line summary the CLI prints.
func (r *MeasurementImport) Summary() string {
	return fmt.Sprintf("imported %d measurements of %d indicators: %d submitted for review, %d draft", r.Rows, r.Indicators, r.Submitted, r.Draft)
}

// EntityMeasurementImport names, in the audit trail, one file of
// measurements imported whole.
const EntityMeasurementImport = "measurement_import"

// MaxImportProblems bounds the problems an import error lists.
const MaxImportProblems = 200

type rowProblem struct {
	line         int
	field, cause string
}

// ImportMeasurements stores the rows of a measurement file in one
// transaction, all of them or none. Each row's indicator is resolved among
// those the caller may see, and each figure is checked as CreateMeasurement
// checks one: its unit (when the file gives one) against the indicator's,
// its value against the unit's plausible range, its breakdown against the
// indicator's dimensions, and its period against the other rows of the
// file and the stored measurements of the same indicator and breakdown.
// When any row fails, the error lists every problem by row and field and
// nothing is stored.
//
// Imported figures are draft or submitted, with the caller as submitter:
// they count in evaluations only once another user approves them (which
// re-evaluates the conditions reading the indicator), so an import changes
// no condition's status by itself. Each figure gets its audit entry, and
// the file one more.
func (db *DB) ImportMeasurements(ctx context.Context, file string, rows []MeasurementRow) (*MeasurementImport, error) {
	pr, err := custos.Authorize(ctx, custos.ActionCreate, custos.EntityMeasurement)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, custos.Errorf(custos.EINVALID, "%s: the file has no measurement rows", file)
	}
	res := &MeasurementImport{File: file}
	err = db.write(ctx, pr, func(tx *Tx) error {
		inds, problems, err := tx.resolveIndicators(ctx, rows)
		if err != nil {
			return err
		}
		fail := func(line int, field, cause string) { problems = append(problems, rowProblem{line, field, cause}) }
		ms := make([]custos.Measurement, len(rows))
		ok := make([]bool, len(rows))
		for i, r := range rows {
			ind := inds[i]
			if ind == nil {
				continue
			}
			m := r.Measurement
			m.ID, m.IndicatorID, m.ApproverID, m.SubmitterID = 0, ind.ID, 0, pr.UserID
			if m.Provenance == "" {
				m.Provenance = ind.ReportedBy
			}
			if m.Status == "" {
				m.Status = "submitted"
			}
			if m.Source == nil {
				m.Source = &custos.SourceRef{}
			}
			m.Source.Dataset, m.Source.Key, m.Source.File, m.Source.Row = "csv:measurements", fmt.Sprintf("%s:%d", file, r.Line), file, r.Line
			m.Normalize()
			before := len(problems)
			if r.Unit != "" && r.Unit != ind.Unit {
				fail(r.Line, "unit", fmt.Sprintf("indicator %s is measured in %s, not %s", ind.Code, ind.Unit, r.Unit))
			}
			if m.Provenance == "" {
				fail(r.Line, "provenance", fmt.Sprintf("is required: indicator %s does not say who reports it", ind.Code))
			}
			if err := checkEntryStatus(&m); err != nil {
				addFieldProblems(&problems, r.Line, err)
				m.Status = "submitted" // said; check the rest as entered
			}
			if err := m.Validate(); err != nil {
				if e, ok := err.(*custos.Error); ok && m.Provenance == "" {
					delete(e.Fields, "provenance") // said above, with the reason
				}
				addFieldProblems(&problems, r.Line, err)
			}
			if err := m.CheckAgainst(ind); err != nil {
				addFieldProblems(&problems, r.Line, err)
			}
			if msg := futurePeriod(&m, db.now()); msg != "" {
				fail(r.Line, "period_start", msg)
			}
			if err := checkWriteLevel(pr, "measurement", m.Releasability); err != nil {
				addFieldProblems(&problems, r.Line, err)
			}
			ms[i], ok[i] = m, len(problems) == before
		}
		// Periods overlapping within the file.
		var good []custos.Measurement
		var goodRow []int
		for i := range rows {
			if ok[i] {
				good, goodRow = append(good, ms[i]), append(goodRow, i)
			}
		}
		for _, ov := range custos.OverlappingPeriods(good) {
			a, b := rows[goodRow[ov.First]], rows[goodRow[ov.Second]]
			fail(b.Line, "period_start", fmt.Sprintf("the period %s to %s overlaps row %d (%s to %s) for the same indicator and %s",
				good[ov.Second].PeriodStart, good[ov.Second].PeriodEnd, a.Line, good[ov.First].PeriodStart, good[ov.First].PeriodEnd, breakdownText(ov.Disaggregation)))
			ok[goodRow[ov.Second]] = false
		}
		// Periods overlapping stored figures.
		for i, r := range rows {
			if !ok[i] {
				continue
			}
			if err := tx.checkOverlap(ctx, &ms[i]); err != nil {
				if custos.ErrorKind(err) != custos.ECONFLICT {
					return err
				}
				addFieldProblems(&problems, r.Line, err)
			}
		}
		if len(problems) > 0 {
			return importProblems(file, problems)
		}
		now := tx.db.now()
		seen := map[int64]bool{}
		for i := range ms {
			m := &ms[i]
			m.CreatedAt, m.UpdatedAt = now, now
			src, _ := sourceColumns(m.Source)
			id, err := tx.insert(ctx, `INSERT INTO measurements (indicator_id, period_start, period_end, value, disaggregation, disaggregation_key, provenance, status, submitter_id, approver_id, reviewed_at, note, source, releasability, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, '', ?, ?, ?, ?, ?)`,
				m.IndicatorID, m.PeriodStart.String(), m.PeriodEnd.String(), m.Value, disaggregationText(m.Disaggregation), custos.DisaggregationKey(m.Disaggregation),
				string(m.Provenance), string(m.Status), m.SubmitterID, m.Note, src, m.Releasability, formatTime(now), formatTime(now))
			if err != nil {
				return fmt.Errorf("row %d: %w", rows[i].Line, err)
			}
			m.ID = id
			if err := tx.audit(ctx, custos.ActionCreate, custos.EntityMeasurement, id, nil, m); err != nil {
				return err
			}
			res.IDs = append(res.IDs, id)
			res.Rows++
			if m.Status == "draft" {
				res.Draft++
			} else {
				res.Submitted++
			}
			seen[m.IndicatorID] = true
		}
		res.Indicators = len(seen)
		return tx.audit(ctx, custos.ActionImport, EntityMeasurementImport, file, nil, map[string]any{
			"file": file, "rows": res.Rows, "draft": res.Draft, "submitted": res.Submitted, "indicators": res.Indicators})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

func breakdownText(key string) string {
	if key == "" {
		return "the total"
	}
	return "the breakdown " + key
}

// resolveIndicators finds each row's indicator among those the caller may
// see: by id when the cell is a number, else by code (within the row's
// program when it gives one). A row whose indicator is not found, or whose
// code several programs use, gets a problem and a nil indicator.
func (tx *Tx) resolveIndicators(ctx context.Context, rows []MeasurementRow) ([]*custos.Indicator, []rowProblem, error) {
	var ids []int64
	var codes []any
	seenID, seenCode := map[int64]bool{}, map[string]bool{}
	for _, r := range rows {
		if id, err := strconv.ParseInt(r.Indicator, 10, 64); err == nil {
			if !seenID[id] {
				seenID[id] = true
				ids = append(ids, id)
			}
		} else if !seenCode[r.Indicator] {
			seenCode[r.Indicator] = true
			codes = append(codes, r.Indicator)
		}
	}
	byID := map[int64]*custos.Indicator{}
	byCode := map[string][]*custos.Indicator{}
	for _, chunk := range chunks(ids) {
		in, args := inList(chunk)
		list, err := tx.indicatorsIn(ctx, `id IN `+in, args)
		if err != nil {
			return nil, nil, err
		}
		for _, ind := range list {
			byID[ind.ID] = ind
		}
	}
	for start := 0; start < len(codes); start += chunkSize {
		chunk := codes[start:min(start+chunkSize, len(codes))]
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(chunk)), ", ")
		list, err := tx.indicatorsIn(ctx, `code IN (`+marks+`)`, append([]any{}, chunk...))
		if err != nil {
			return nil, nil, err
		}
		for _, ind := range list {
			byCode[ind.Code] = append(byCode[ind.Code], ind)
		}
	}
	out := make([]*custos.Indicator, len(rows))
	var problems []rowProblem
	for i, r := range rows {
		if id, err := strconv.ParseInt(r.Indicator, 10, 64); err == nil {
			ind := byID[id]
			switch {
			case ind == nil:
				problems = append(problems, rowProblem{r.Line, "indicator", fmt.Sprintf("no indicator with id %d", id)})
			case r.ProgramID != 0 && ind.ProgramID != r.ProgramID:
				problems = append(problems, rowProblem{r.Line, "program", fmt.Sprintf("indicator %d belongs to program %d, not %d", id, ind.ProgramID, r.ProgramID)})
			default:
				out[i] = ind
			}
			continue
		}
		var match []*custos.Indicator
		for _, ind := range byCode[r.Indicator] {
			if r.ProgramID == 0 || ind.ProgramID == r.ProgramID {
				match = append(match, ind)
			}
		}
		switch {
		case len(match) == 1:
			out[i] = match[0]
		case len(match) == 0 && r.ProgramID != 0:
			problems = append(problems, rowProblem{r.Line, "indicator", fmt.Sprintf("program %d has no indicator with code %q", r.ProgramID, r.Indicator)})
		case len(match) == 0:
			problems = append(problems, rowProblem{r.Line, "indicator", fmt.Sprintf("no indicator with code %q", r.Indicator)})
		default:
			var progs []string
			for _, ind := range match {
				progs = append(progs, strconv.FormatInt(ind.ProgramID, 10))
			}
			problems = append(problems, rowProblem{r.Line, "indicator", fmt.Sprintf("the code %q is used by programs %s: give the program id in the program column", r.Indicator, strings.Join(progs, ", "))})
		}
	}
	return out, problems, nil
}

// addFieldProblems adds the fields of a domain error as problems of a row
// (its message when it names no field).
func addFieldProblems(problems *[]rowProblem, line int, err error) {
	e, ok := err.(*custos.Error)
	if !ok {
		*problems = append(*problems, rowProblem{line, "", custos.ErrorMessage(err)})
		return
	}
	if len(e.Fields) == 0 {
		if e.Kind == custos.EINVALID && strings.HasPrefix(e.Message, "invalid ") {
			return // only the fields dropped above
		}
		*problems = append(*problems, rowProblem{line, "", e.Message})
		return
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		*problems = append(*problems, rowProblem{line, k, e.Fields[k]})
	}
}

// importProblems lists problems in row order in one invalid-input error.
func importProblems(file string, problems []rowProblem) error {
	sort.SliceStable(problems, func(a, b int) bool { return problems[a].line < problems[b].line })
	rowsBad := map[int]bool{}
	for _, p := range problems {
		rowsBad[p.line] = true
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d row(s) cannot be imported, so nothing was imported:", file, len(rowsBad))
	for i, p := range problems {
		if i == MaxImportProblems {
			fmt.Fprintf(&b, "\n  … and %d more", len(problems)-MaxImportProblems)
			break
		}
		fmt.Fprintf(&b, "\n  row %d", p.line)
		if p.field != "" {
			fmt.Fprintf(&b, ", column %s", p.field)
		}
		b.WriteString(": " + p.cause)
	}
	return &custos.Error{Kind: custos.EINVALID, Message: b.String()}
}
