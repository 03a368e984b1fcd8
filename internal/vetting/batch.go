package vetting

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
)

// DefaultTop is the number of hits per nominee when BatchOptions.Top is 0.
const DefaultTop = 10

// BatchOptions controls Batch. The zero value is usable: Top 0 means
// DefaultTop hits per nominee and a negative Top means no limit; MinScore 0
// (or below) keeps every hit whatever its score, so the top Top are always
// listed; Format "" means csv. RecordsName and NomineesName name the inputs
// in messages ("records" and "nominees" when empty).
type BatchOptions struct {
	Top          int
	MinScore     float64
	Format       string // "csv" or "json"
	RecordsName  string
	NomineesName string
}

// Batch screens every nominee against every record, both read from CSV in
// the shared format, and writes one row per hit to out: CSV with the header
// nominee_id,rank,record_id,score,band,explanation, or a JSON array of
// objects with the same fields plus "details", the structured explanation.
// Hits are ranked by score, descending, then record id; scores have four
// decimals. Bad rows of either file are reported on errOut with file name
// and line, skipped, and counted in badRows; the good ones are screened. err
// is set only when an input cannot be read (a missing header column, say),
// the format is unknown, or out fails.
func Batch(records, nominees io.Reader, opts BatchOptions, out, errOut io.Writer) (badRows int, err error) {
	if opts.RecordsName == "" {
		opts.RecordsName = "records"
	}
	if opts.NomineesName == "" {
		opts.NomineesName = "nominees"
	}
	switch opts.Format {
	case "":
		opts.Format = "csv"
	case "csv", "json":
	default:
		return 0, fmt.Errorf("unknown format %q, want csv or json", opts.Format)
	}
	top := opts.Top
	switch {
	case top == 0:
		top = DefaultTop
	case top < 0:
		top = 0
	}
	// The nominees are read while the records are.
	var (
		noms    []Record
		nomBad  []*RowError
		nomErr  error
		nomDone = make(chan struct{})
	)
	go func() {
		defer close(nomDone)
		noms, nomBad, nomErr = ReadCSV(nominees, opts.NomineesName)
	}()
	recs, bad, err := ReadCSV(records, opts.RecordsName)
	<-nomDone
	if err != nil {
		return 0, err
	}
	for _, b := range bad {
		fmt.Fprintln(errOut, b)
	}
	badRows = len(bad)
	if nomErr != nil {
		return badRows, nomErr
	}
	for _, b := range nomBad {
		fmt.Fprintln(errOut, b)
	}
	badRows += len(nomBad)

	ix := NewIndex(recs)
	w := newHitWriter(out, opts.Format)
	if err := w.begin(); err != nil {
		return badRows, err
	}
	// The hits of one chunk of nominees are written while the next chunk
	// is screened, in nominee order, so that the cores do not wait for
	// the output.
	type screened struct {
		noms    []Record
		results [][]Hit
	}
	const chunk = 1024
	written := make(chan screened, 1)
	free := make(chan [][]Hit, 2)
	free <- make([][]Hit, chunk)
	free <- make([][]Hit, chunk)
	var writeErr error
	var failed atomic.Bool
	writerDone := make(chan struct{})
	go func() {
		defer close(writerDone)
		for c := range written {
			if writeErr == nil {
			nominees:
				for i, n := range c.noms {
					for rank, h := range c.results[i] {
						if writeErr = w.hit(n.ID, rank+1, h); writeErr != nil {
							failed.Store(true)
							break nominees
						}
					}
				}
			}
			clear(c.results)
			free <- c.results
		}
	}()
	for start := 0; start < len(noms) && !failed.Load(); start += chunk {
		end := min(start+chunk, len(noms))
		results := <-free
		screenAll(ix, noms[start:end], top, opts.MinScore, results)
		written <- screened{noms[start:end], results}
	}
	close(written)
	<-writerDone
	if writeErr != nil {
		return badRows, writeErr
	}
	return badRows, w.end()
}

// screenAll screens nominees on all cores, results in nominee order.
func screenAll(ix *Index, noms []Record, top int, min float64, results [][]Hit) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = ix.Screen(noms[i], top, min)
			}
		}()
	}
	for i := range noms {
		next <- i
	}
	close(next)
	wg.Wait()
}

// hitWriter writes hits as CSV or as a JSON array.
type hitWriter struct {
	format string
	bw     *bufio.Writer
	cw     *csv.Writer
	n      int
}

func newHitWriter(out io.Writer, format string) *hitWriter {
	bw := bufio.NewWriterSize(out, 1<<16)
	return &hitWriter{format: format, bw: bw, cw: csv.NewWriter(bw)}
}

func (w *hitWriter) begin() error {
	if w.format == "json" {
		_, err := w.bw.WriteString("[")
		return err
	}
	return w.cw.Write([]string{"nominee_id", "rank", "record_id", "score", "band", "explanation"})
}

// jsonHit is one line of JSON output.
type jsonHit struct {
	NomineeID   string      `json:"nominee_id"`
	Rank        int         `json:"rank"`
	RecordID    string      `json:"record_id"`
	Score       json.Number `json:"score"`
	Band        Band        `json:"band"`
	Explanation string      `json:"explanation"`
	Details     Explanation `json:"details"`
}

func (w *hitWriter) hit(nominee string, rank int, h Hit) error {
	score := strconv.FormatFloat(h.Score, 'f', 4, 64)
	if w.format == "json" {
		b, err := json.Marshal(jsonHit{nominee, rank, h.RecordID, json.Number(score), h.Band, h.Explanation.String(), h.Explanation})
		if err != nil {
			return err
		}
		sep := ",\n"
		if w.n == 0 {
			sep = "\n"
		}
		w.n++
		w.bw.WriteString(sep)
		_, err = w.bw.Write(b)
		return err
	}
	return w.cw.Write([]string{nominee, strconv.Itoa(rank), h.RecordID, score, string(h.Band), h.Explanation.String()})
}

func (w *hitWriter) end() error {
	if w.format == "json" {
		w.bw.WriteString("\n]\n")
	} else {
		w.cw.Flush()
		if err := w.cw.Error(); err != nil {
			return err
		}
	}
	return w.bw.Flush()
}
