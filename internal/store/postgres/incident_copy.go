package postgres

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// CopyIncidents loads new incidents into an empty or growing incidents
// table with PostgreSQL's COPY protocol (pgx's CopyFrom), in one
// transaction: the incidents stream straight from next, their perpetrators
// and sources go through temporary CSV files and follow in two more COPYs.
// The tables keep all their indexes. next returns io.EOF after the last
// incident. It is the PostgreSQL fast path that the import benchmarks
// compare with the SQLite bulk writer; it only adds incidents (no updates
// by source key) and writes no audit entry, so custos import does not use
// it yet.
func CopyIncidents(ctx context.Context, st *store.DB, next func() (*custos.Incident, error)) (int64, error) {
	if _, err := custos.Authorize(ctx, custos.ActionCreate, custos.EntityIncident); err != nil {
		return 0, err
	}
	if st.Dialect().Name != "postgres" {
		return 0, errors.New("CopyIncidents needs a PostgreSQL store")
	}
	conn, err := st.SQL().Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	var n int64
	err = conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		tx, err := pc.Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback(ctx)
		if n, err = copyIncidents(ctx, tx, next); err != nil {
			return err
		}
		return tx.Commit(ctx)
	})
	return n, err
}

var (
	copyIncidentColumns = []string{"id", "title", "description", "category", "date", "date_end", "date_precision", "country", "admin1", "admin2", "admin3", "location",
		"latitude", "longitude", "location_precision", "coarsen_location", "killed_best", "killed_low", "killed_high", "injured_best", "injured_low", "injured_high",
		"women", "children", "status", "source", "source_key", "releasability", "created_at", "updated_at"}
	copyPerpetrators = "COPY incident_perpetrators (incident_id, seq, actor_id, person_id, name, suggested_actor_id, suggestion_score, role) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL (name, role))"
	copySources      = "COPY incident_sources (incident_id, seq, type, name, date, url, reference, reliability, credibility, releasability) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL (type, name, date, url, reference, reliability))"
)

func copyIncidents(ctx context.Context, tx pgx.Tx, next func() (*custos.Incident, error)) (int64, error) {
	if _, err := tx.Exec(ctx, `LOCK TABLE incidents IN EXCLUSIVE MODE`); err != nil {
		return 0, err
	}
	var id int64
	if err := tx.QueryRow(ctx, `SELECT COALESCE(max(id), 0) + 1 FROM incidents`).Scan(&id); err != nil {
		return 0, err
	}
	parts, err := newPartFiles()
	if err != nil {
		return 0, err
	}
	defer parts.remove()
	src := &incidentSource{next: next, id: id, parts: parts, now: time.Now().UTC().Format("2006-01-02T15:04:05.000000000Z")}
	n, err := tx.CopyFrom(ctx, pgx.Identifier{"incidents"}, copyIncidentColumns, src)
	if err != nil {
		return 0, fmt.Errorf("copy incidents: %w", err)
	}
	for _, p := range []struct {
		f   *partFile
		sql string
	}{{parts.perps, copyPerpetrators}, {parts.sources, copySources}} {
		r, err := p.f.reader()
		if err != nil {
			return 0, err
		}
		if _, err := tx.Conn().PgConn().CopyFrom(ctx, r, p.sql); err != nil {
			return 0, fmt.Errorf("copy: %w", err)
		}
	}
	if _, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence('incidents', 'id'), $1, false)`, src.id); err != nil {
		return 0, err
	}
	for _, q := range store.IncidentTrendsRebuild() {
		if _, err := tx.Exec(ctx, q); err != nil {
			return 0, fmt.Errorf("monthly totals: %w", err)
		}
	}
	_, err = tx.Exec(ctx, `ANALYZE incidents, incident_perpetrators, incident_sources`)
	return n, err
}

// incidentSource feeds CopyFrom one incident at a time and writes its parts
// to the part files.
type incidentSource struct {
	next  func() (*custos.Incident, error)
	id    int64
	parts *partFiles
	now   string
	row   []any
	err   error
}

func (s *incidentSource) Next() bool {
	i, err := s.next()
	if err == io.EOF {
		return false
	}
	if err != nil {
		s.err = err
		return false
	}
	i.ID, s.id = s.id, s.id+1
	i.Status = custos.StatusReported
	p := i.Place
	src, key := sql.NullString{}, sql.NullString{}
	if i.Source != nil {
		b, _ := json.Marshal(i.Source)
		src = sql.NullString{String: string(b), Valid: true}
		key = sql.NullString{String: i.Source.Dataset + ":" + i.Source.Key, Valid: true}
	}
	s.row = []any{i.ID, i.Title, i.Description, string(i.Category), i.Date.String(), i.DateEnd.String(), string(i.DatePrecision),
		p.Country, p.Admin1, p.Admin2, p.Admin3, p.Location, p.Latitude, p.Longitude, string(p.Precision), string(i.CoarsenLocation),
		i.Victims.Killed.Best, i.Victims.Killed.Low, i.Victims.Killed.High, i.Victims.Injured.Best, i.Victims.Injured.Low, i.Victims.Injured.High,
		i.Victims.Women, i.Victims.Children, string(i.Status), src.String, key, int(i.Releasability), s.now, s.now}
	id := strconv.FormatInt(i.ID, 10)
	for k, pp := range i.Perpetrators {
		if err := s.parts.perps.w.Write([]string{id, strconv.Itoa(k), optID(pp.ActorID), optID(pp.PersonID), pp.Name, optID(pp.SuggestedActorID),
			strconv.FormatFloat(pp.SuggestionScore, 'g', -1, 64), string(pp.Role)}); err != nil {
			s.err = err
			return false
		}
	}
	for k, so := range i.Sources {
		if err := s.parts.sources.w.Write([]string{id, strconv.Itoa(k), string(so.Type), so.Name, so.Date.String(), so.URL, so.Reference,
			so.Reliability, strconv.Itoa(so.Credibility), strconv.Itoa(int(so.Releasability))}); err != nil {
			s.err = err
			return false
		}
	}
	return true
}

func (s *incidentSource) Values() ([]any, error) { return s.row, nil }
func (s *incidentSource) Err() error             { return s.err }

// optID is an id as CSV, empty (NULL) for 0.
func optID(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// partFile is a temporary CSV file of rows of a part table.
type partFile struct {
	f  *os.File
	bw *bufio.Writer
	w  *csv.Writer
}

type partFiles struct{ perps, sources *partFile }

func newPartFiles() (*partFiles, error) {
	var ps partFiles
	for _, p := range []**partFile{&ps.perps, &ps.sources} {
		f, err := os.CreateTemp("", "custos-copy-*.csv")
		if err != nil {
			ps.remove()
			return nil, err
		}
		bw := bufio.NewWriterSize(f, 1<<20)
		*p = &partFile{f: f, bw: bw, w: csv.NewWriter(bw)}
	}
	return &ps, nil
}

// reader flushes the file and returns it from its start.
func (p *partFile) reader() (io.Reader, error) {
	p.w.Flush()
	if err := p.w.Error(); err != nil {
		return nil, err
	}
	if err := p.bw.Flush(); err != nil {
		return nil, err
	}
	if _, err := p.f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	return bufio.NewReaderSize(p.f, 1<<20), nil
}

func (ps *partFiles) remove() {
	for _, p := range []*partFile{ps.perps, ps.sources} {
		if p != nil {
			p.f.Close()
			os.Remove(p.f.Name())
		}
	}
}
