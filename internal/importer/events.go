package importer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/ingest/acled"
	"github.com/custos-ssa/custos/internal/ingest/hxl"
	"github.com/custos-ssa/custos/internal/ingest/ucdp"
	"github.com/custos-ssa/custos/internal/store"
)

// EventFormats are the incident datasets Events reads.
var EventFormats = []string{"ucdp", "acled", "hxl"}

// LeanBytes is the file size above which the web and the API import an
// incident file lean (see EventsOptions.Lean), as the CLI does.
const LeanBytes = 64 << 20

// EventsOptions tune an incident import.
type EventsOptions struct {
	// Now is the time against which future dates are judged; zero means
	// time.Now().
	Now time.Time
	// Lean drops the incident tables' secondary indexes during the load and
	// rebuilds them at the end: faster for large files.
	Lean bool
	// Progress, if not nil, is called every 10,000 rows with the rows read.
	Progress func(rows int)
	// Dataset names an HXL table in each incident's source ("hxl" when
	// empty); UCDP and ACLED have their own names.
	Dataset string
}

// EventsResult says what an incident import did.
type EventsResult struct {
	Rows    int // data rows read
	Created int // new incidents
	Updated int // incidents imported before from the same dataset and key
	// Rejected counts rows left out by design, not for being malformed:
	// UCDP events without civilian deaths (state-based and non-state
	// fighting in which no civilian died is not civilian harm). ACLED and
	// HXL rows are all kept, as each records harm or a threat of it.
	Rejected  int
	Suggested int // perpetrators given a suggested unit to confirm
}

// Summary is the one-line summary the CLI prints.
func (r *EventsResult) Summary() string {
	return fmt.Sprintf("imported %d incidents (%d updated, %d rejected)", r.Created+r.Updated, r.Updated, r.Rejected)
}

// RowsError reports the malformed rows of a file, or its unreadable header
// (line 1). When an import returns it, nothing was imported: an incident
// file is stored whole or not at all, so that a half-imported file never
// skews a trend.
type RowsError struct {
	File     string
	Bad      int          // rows with a problem
	Problems []string     // "file:line: column: reason", the first MaxProblems
	Rows     []RowProblem // the same problems, for the web page and the API
}

// RowProblem is one problem of a malformed row.
type RowProblem struct {
	Line    int    `json:"line"`            // the line of the file, from 1 (the header)
	Field   string `json:"field,omitempty"` // the column (an HXL hashtag for hxl), or "" for the whole row
	Message string `json:"message"`
}

// String returns "file:line: column: reason", as the readers do.
func (p RowProblem) String(file string) string {
	where := fmt.Sprintf("%s:%d", file, p.Line)
	if p.Field != "" {
		where += ": " + p.Field
	}
	return where + ": " + p.Message
}

// MaxProblems bounds the problems a RowsError lists.
const MaxProblems = 1000

func (e *RowsError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d rows cannot be imported, so nothing was imported:", e.File, e.Bad)
	for _, p := range e.Problems {
		b.WriteString("\n  " + p)
	}
	if e.Bad > len(e.Problems) {
		fmt.Fprintf(&b, "\n  … and %d more", e.Bad-len(e.Problems))
	}
	return b.String()
}

// event is one row of any of the formats.
type event struct {
	line     int
	incident *custos.Incident
	problems []RowProblem
}

// readEvents reads a file of the given format and calls fn for each row.
func readEvents(format, file, dataset string, now time.Time, r io.Reader, fn func(event) error) error {
	problems := func(n int, f func(int) RowProblem) []RowProblem {
		out := make([]RowProblem, n)
		for k := range out {
			out[k] = f(k)
		}
		return out
	}
	// A reader stops on a header it cannot use, with the problem at line 1:
	// reported like a malformed row.
	header := func(p RowProblem) error {
		return &RowsError{File: file, Bad: 1, Problems: []string{p.String(file)}, Rows: []RowProblem{p}}
	}
	switch format {
	case "ucdp":
		err := (&ucdp.Reader{File: file, Now: now}).Read(r, func(row ucdp.Row) error {
			return fn(event{row.Line, &row.Incident, problems(len(row.Errors), func(k int) RowProblem {
				e := row.Errors[k]
				return RowProblem{e.Line, e.Column, e.Reason}
			})})
		})
		if e := (*ucdp.RowError)(nil); errors.As(err, &e) {
			return header(RowProblem{e.Line, e.Column, e.Reason})
		}
		return err
	case "acled":
		err := (&acled.Reader{File: file, Now: now}).Read(r, func(row acled.Row) error {
			return fn(event{row.Line, &row.Incident, problems(len(row.Errors), func(k int) RowProblem {
				e := row.Errors[k]
				return RowProblem{e.Line, e.Column, e.Reason}
			})})
		})
		if e := (*acled.RowError)(nil); errors.As(err, &e) {
			return header(RowProblem{e.Line, e.Column, e.Reason})
		}
		return err
	case "hxl":
		err := (&hxl.Reader{File: file, Now: now, Dataset: dataset}).Read(r, func(row hxl.Row) error {
			return fn(event{row.Line, &row.Incident, problems(len(row.Errors), func(k int) RowProblem {
				e := row.Errors[k]
				return RowProblem{e.Line, e.Column, e.Reason}
			})})
		})
		if e := (*hxl.RowError)(nil); errors.As(err, &e) {
			return header(RowProblem{e.Line, e.Column, e.Reason})
		}
		return err
	}
	return custos.Errorf(custos.EINVALID, "unknown incident format %q (want %s)", format, strings.Join(EventFormats, ", "))
}

// datasetOf returns the dataset name incidents of a format carry.
func datasetOf(format, hxlDataset string) string {
	switch format {
	case "ucdp":
		return ucdp.Dataset
	case "acled":
		return acled.Dataset
	}
	if hxlDataset == "" {
		return "hxl"
	}
	return hxlDataset
}

// Events imports an incident file (UCDP GED, ACLED or HXL CSV) read from
// r. Every row is checked; if any is malformed, a *RowsError lists them and
// nothing is stored. Incidents imported before from the same dataset and
// key are updated, keeping their verification. Each perpetrator name gets
// a suggested unit when it matches exactly one actor of the incident's
// country by normalized name; an analyst confirms it.
func Events(ctx context.Context, st *store.DB, format, file string, r io.Reader, opt EventsOptions) (*EventsResult, error) {
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	dataset := datasetOf(format, opt.Dataset)
	res := &EventsResult{}
	rows := &RowsError{File: file}
	h := sha256.New()
	rec := &store.ImportRecord{Dataset: dataset}
	err := st.ImportIncidents(ctx, rec, opt.Lean, func(b *store.IncidentBulk) error {
		// The readers pass on normalized incidents that passed Validate
		// (a row that did not carries Errors), judged at the same time.
		b.Validated = true
		m := newMatcher(b)
		err := pipeline(func(fn func(event) error) error {
			return readEvents(format, file, opt.Dataset, now, io.TeeReader(r, h), fn)
		}, func(ev event) error {
			res.Rows++
			if opt.Progress != nil && res.Rows%10_000 == 0 {
				opt.Progress(res.Rows)
			}
			if len(ev.problems) > 0 {
				rows.add(ev.problems...)
				return nil
			}
			if rows.Bad > 0 {
				return nil // the import will not be stored: only look for problems
			}
			in := ev.incident
			if format == "ucdp" && in.Victims.Killed.High == 0 {
				res.Rejected++
				return nil
			}
			n, err := m.suggest(in)
			if err != nil {
				return err
			}
			res.Suggested += n
			created, err := b.Put(in)
			var e *custos.Error
			if errors.As(err, &e) && e.Kind == custos.EINVALID {
				rows.add(RowProblem{Line: ev.line, Message: e.Error()})
				return nil
			}
			if err != nil {
				return fmt.Errorf("%s:%d: %w", file, ev.line, err)
			}
			if created {
				res.Created++
			} else {
				res.Updated++
			}
			return nil
		})
		if err != nil {
			return err
		}
		if rows.Bad > 0 {
			return rows
		}
		rec.Files = []store.ImportedFile{{Name: file, SHA256: hex.EncodeToString(h.Sum(nil)), Rows: res.Rows}}
		if res.Rejected > 0 {
			rec.Notes = append(rec.Notes, fmt.Sprintf("%d events without civilian deaths left out", res.Rejected))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

func (e *RowsError) add(problems ...RowProblem) {
	e.Bad++
	for _, p := range problems {
		if len(e.Problems) < MaxProblems {
			e.Problems = append(e.Problems, p.String(e.File))
			e.Rows = append(e.Rows, p)
		}
	}
}

// errStopped stops the reader when the writer has failed.
var errStopped = errors.New("import stopped")

// pipeline runs read in its own goroutine, handing each event to write in
// the caller's, so that parsing and mapping the file (one core) overlaps
// with writing to the database (another). It returns the first error of
// either side.
func pipeline(read func(fn func(event) error) error, write func(event) error) error {
	ch := make(chan event, 1024)
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		defer close(ch)
		done <- read(func(ev event) error {
			select {
			case ch <- ev:
				return nil
			case <-stop:
				return errStopped
			}
		})
	}()
	for ev := range ch {
		if err := write(ev); err != nil {
			close(stop)
			for range ch {
			}
			<-done
			return err
		}
	}
	return <-done
}
