package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/conditions"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/custos-ssa/custos/internal/store/postgres"
	"github.com/custos-ssa/custos/internal/store/sqlite"
)

// The evaluation benchmarks run the whole sweep through the store: the
// store-backed inputs (latest approved figures, baselines and targets,
// recipients and their sub-units, an incident index per country) and the
// recording of every verdict, on the world of the engine's benchmarks
// (internal/conditions/BENCHMARKS.md) loaded into a database. See
// docs/BENCHMARKS.md.
const (
	condBenchCountries  = 10
	condBenchPrograms   = 500
	condBenchUnits      = 7_200 // 720 per country: 600 recipients, 120 sub-units under them
	condBenchRecipients = 12    // per program
	condBenchIndicators = 10    // per program: 5,000
	condBenchMonths     = 200   // measurements per indicator: 1,000,000
	condBenchIncidents  = 2_400_000
	condBenchConditions = 20 // per program: 10,000
)

var (
	condBenchCountryCodes = []string{"ML", "NE", "BF", "TD", "NG", "CM", "SN", "GH", "KE", "SO"}
	condBenchAsOf         = custos.Date{Year: 2026, Month: time.June, Day: 1}
	benchAdmin            = custos.WithPrincipal(context.Background(), custos.System)
)

// condBenchTemplates are the engine benchmark's criteria: one or two
// indicators against baselines and targets, credible incidents by category
// with and without a window, a loop over every recipient, vetting and
// consultations (no data in the store yet: cannot_evaluate), days_left.
var condBenchTemplates = []string{
	`indicator["{P}-1"] >= target["{P}-1"]`,
	`indicator["{P}-2"] >= 40.0 && indicator["{P}-3"] < baseline["{P}-3"]`,
	`incidents.credible("torture") == 0`,
	`incidents.credible("extrajudicial_killing", 365) == 0`,
	`incidents.count("any", 90) <= 25`,
	`recipients.all(u, incidents.unit(u).credible("enforced_disappearance", 730) == 0)`,
	`vetting.denied_recipients == 0 && vetting.unvetted_participants == 0`,
	`consultations.held >= 2.0 && consultations.answered_percent >= 80.0`,
	`indicator["{P}-4"] > indicator["{P}-5"] || days_left > 60`,
	`[{U1}, {U2}].all(u, incidents.unit(u).count("sexual_violence", 180) == 0)`,
}

// inserter writes rows with multi-row INSERTs in one transaction.
type inserter struct {
	tx      *sql.Tx
	dialect store.Dialect
	table   string
	cols    []string
	rows    []any
	n       int
	parents []*inserter // flushed first, so that foreign keys hold
}

func (in *inserter) add(vals ...any) error {
	in.rows = append(in.rows, vals...)
	in.n++
	if in.n*len(in.cols) >= 6000 {
		return in.flush()
	}
	return nil
}

func (in *inserter) flush() error {
	for _, p := range in.parents {
		if err := p.flush(); err != nil {
			return err
		}
	}
	if in.n == 0 {
		return nil
	}
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(in.cols)), ", ") + ")"
	q := "INSERT INTO " + in.table + " (" + strings.Join(in.cols, ", ") + ") VALUES " + strings.TrimSuffix(strings.Repeat(row+", ", in.n), ", ")
	if _, err := in.tx.Exec(in.dialect.Rebind(q), in.rows...); err != nil {
		return fmt.Errorf("%s: %w", in.table, err)
	}
	in.rows, in.n = in.rows[:0], 0
	return nil
}

// fillConditionBench loads the benchmark world with explicit ids.
func fillConditionBench(tb testing.TB, db *store.DB) {
	tb.Helper()
	start := time.Now()
	r := rand.New(rand.NewPCG(1, 2))
	tx, err := db.SQL().Begin()
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	d := db.Dialect()
	now := "2026-06-01T00:00:00.000000000Z"
	ins := func(table string, cols ...string) *inserter {
		return &inserter{tx: tx, dialect: d, table: table, cols: cols}
	}
	must := func(err error) {
		if err != nil {
			tb.Fatal(err)
		}
	}
	perCountry := condBenchUnits / condBenchCountries
	unitCountry := func(u int64) string { return condBenchCountryCodes[(u-1)/int64(perCountry)] }

	actors := ins("actors", "id", "country", "kind", "category", "name", "parent_id", "releasability", "created_at", "updated_at")
	for u := int64(1); u <= condBenchUnits; u++ {
		j := (u - 1) % int64(perCountry)
		var parent any
		if j >= 600 {
			parent = u - j + (j-600)*5 + 1
		}
		must(actors.add(u, unitCountry(u), "army", "state_security", fmt.Sprintf("Unit %d", u), parent, custos.Internal, now, now))
	}
	must(actors.flush())

	programs := ins("programs", "id", "title", "country", "status", "releasability", "created_at", "updated_at")
	recipients := ins("program_recipients", "program_id", "actor_id")
	recipients.parents = []*inserter{programs}
	results := ins("results", "id", "program_id", "level", "title", "releasability", "created_at", "updated_at")
	results.parents = []*inserter{programs}
	indicators := ins("indicators", "id", "program_id", "result_id", "code", "title", "unit", "direction", "baseline", "targets", "disaggregations", "releasability", "created_at", "updated_at")
	perProgCountry := condBenchPrograms / condBenchCountries
	recip := map[int64][]int64{}
	for p := int64(1); p <= condBenchPrograms; p++ {
		c := (p - 1) / int64(perProgCountry)
		must(programs.add(p, fmt.Sprintf("Program %d", p), condBenchCountryCodes[c], "active", custos.Internal, now, now))
		for k := int64(0); k < condBenchRecipients; k++ {
			u := c*int64(perCountry) + ((p-1)%int64(perProgCountry))*condBenchRecipients + k + 1
			recip[p] = append(recip[p], u)
			must(recipients.add(p, u))
		}
		must(results.add(p, p, "outcome", "Outcome", custos.Internal, now, now))
	}
	for _, in := range []*inserter{programs, recipients, results} {
		must(in.flush())
	}
	for p := int64(1); p <= condBenchPrograms; p++ {
		for k := int64(1); k <= condBenchIndicators; k++ {
			id := (p-1)*condBenchIndicators + k
			must(indicators.add(id, p, p, fmt.Sprintf("P%d-%d", p, k), "Indicator", "percent", "increase",
				fmt.Sprintf(`{"value":%d,"date":"2016-01-01"}`, r.IntN(60)),
				fmt.Sprintf(`[{"start":"2026-01-01","end":"2026-12-31","value":%d}]`, 30+r.IntN(60)), `["sex"]`, custos.Internal, now, now))
		}
	}
	must(indicators.flush())

	ms := ins("measurements", "id", "indicator_id", "period_start", "period_end", "value", "disaggregation", "disaggregation_key", "provenance", "status", "submitter_id", "approver_id", "reviewed_at", "releasability", "created_at", "updated_at")
	var mid int64
	for ind := int64(1); ind <= condBenchPrograms*condBenchIndicators; ind++ {
		for m := 0; m < condBenchMonths; m++ {
			mid++
			first := time.Date(2010, time.January, 1, 0, 0, 0, 0, time.UTC).AddDate(0, m, 0)
			last := first.AddDate(0, 1, -1)
			dis, key := "", ""
			if m%4 == 3 {
				dis, key = `{"sex":"female"}`, `sex="female"`
			}
			status, approver, reviewed := "approved", 2, now
			if m%5 == 4 {
				status, approver, reviewed = "submitted", 0, ""
			}
			must(ms.add(mid, ind, first.Format("2006-01-02"), last.Format("2006-01-02"), float64(r.IntN(1000))/10, dis, key, "agency", status, 1, approver, reviewed, custos.Internal, now, now))
		}
	}
	must(ms.flush())

	incidents := ins("incidents", "id", "title", "category", "date", "date_precision", "country", "location_precision", "status", "releasability", "created_at", "updated_at")
	perps := ins("incident_perpetrators", "incident_id", "seq", "actor_id", "role")
	from := time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)
	units := make([]int32, condBenchIncidents)
	days := int(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC).Sub(from).Hours() / 24)
	for i := int64(1); i <= condBenchIncidents; i++ {
		u := int64(1 + r.IntN(condBenchUnits))
		status := "reported"
		switch x := r.IntN(100); {
		case x < 30:
			status = "credible"
		case x < 35:
			status = "discounted"
		}
		cat := custos.IncidentCategories[r.IntN(len(custos.IncidentCategories))]
		must(incidents.add(i, "Incident", string(cat), from.AddDate(0, 0, r.IntN(days)).Format("2006-01-02"), "day", unitCountry(u), "admin1", status, custos.Internal, now, now))
		units[i-1] = int32(u)
	}
	must(incidents.flush())
	for i, u := range units {
		must(perps.add(int64(i+1), 0, int64(u), "direct"))
	}
	must(perps.flush())

	conds := ins("conditions", "id", "program_id", "kind", "type", "title", "deadline", "statement", "criterion", "at_risk", "releasability", "created_at", "updated_at")
	inputs := ins("condition_inputs", "condition_id", "input", "input_key")
	var cid int64
	var deps [][]conditions.InputKey
	for p := int64(1); p <= condBenchPrograms; p++ {
		for k := 0; k < condBenchConditions; k++ {
			cid++
			rs := recip[p]
			expr := strings.NewReplacer("{P}", fmt.Sprintf("P%d", p), "{U1}", fmt.Sprint(rs[0]), "{U2}", fmt.Sprint(rs[1])).Replace(condBenchTemplates[k%len(condBenchTemplates)])
			kind, deadline, atRisk := "red_line", "", ""
			if k%2 == 1 {
				kind = "milestone"
				deadline = condBenchAsOf.Time().AddDate(0, 0, r.IntN(720)-360).Format("2006-01-02")
				atRisk = fmt.Sprintf(`indicator["P%d-6"] < baseline["P%d-6"]`, p, p)
			}
			c := &custos.Condition{ID: cid, ProgramID: p, Kind: custos.ConditionKind(kind), Criterion: expr, AtRisk: atRisk}
			cc, err := conditions.CompileCondition(c)
			must(err)
			deps = append(deps, cc.DependsOn())
			must(conds.add(cid, p, kind, "performance", fmt.Sprintf("Condition %d", cid), deadline, "Statement", expr, atRisk, custos.Internal, now, now))
		}
	}
	must(conds.flush())
	for i, ds := range deps {
		for _, dep := range ds {
			must(inputs.add(int64(i+1), dep.Input, dep.Key))
		}
	}
	must(inputs.flush())
	if d.Name == "postgres" {
		for _, t := range []string{"actors", "programs", "results", "indicators", "measurements", "incidents", "conditions"} {
			_, err := tx.Exec(`SELECT setval(pg_get_serial_sequence('` + t + `', 'id'), (SELECT max(id) FROM ` + t + `))`)
			must(err)
		}
	}
	must(tx.Commit())
	_, err = db.SQL().Exec(`ANALYZE`)
	must(err)
	tb.Logf("loaded %d units, %d programs, %d indicators, %d measurements, %d incidents, %d conditions in %s",
		condBenchUnits, condBenchPrograms, condBenchPrograms*condBenchIndicators, mid, condBenchIncidents, cid, time.Since(start).Round(time.Second))
}

// benchSQLiteWorld opens the SQLite benchmark database, building it the
// first time in the temporary directory (CUSTOS_BENCH_DIR overrides), so
// that later runs skip the load.
func benchSQLiteWorld(b *testing.B) *store.DB {
	dir := os.Getenv("CUSTOS_BENCH_DIR")
	if dir == "" {
		dir = os.TempDir()
	}
	path := filepath.Join(dir, "custos-condition-bench-v1.db")
	_, statErr := os.Stat(path)
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	if statErr != nil {
		fillConditionBench(b, db)
	}
	return db
}

// sweepMode says what a sweep finds from the sweeps before it.
type sweepMode int

const (
	sweepCold     sweepMode = iota // a new process, no snapshot: reads every incident
	sweepSnapshot                  // a new process: the incident indexes from the snapshots table
	sweepWarm                      // a server: the incident indexes kept in memory
)

// benchSweep evaluates every condition; cold, it first forgets the
// incident indexes (in memory, and in the database for sweepCold), as a
// new process (custos conditions evaluate) must.
func benchSweep(b *testing.B, db *store.DB, mode sweepMode) {
	if _, err := db.EvaluateConditions(benchAdmin, custos.ConditionFilter{}, condBenchAsOf); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var run *custos.EvaluationRun
	for b.Loop() {
		switch mode {
		case sweepCold:
			b.StopTimer()
			if err := db.ForgetIncidentSnapshots(benchAdmin); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		case sweepSnapshot:
			store.ForgetIncidentIndexes()
		}
		var err error
		if run, err = db.EvaluateConditions(benchAdmin, custos.ConditionFilter{}, condBenchAsOf); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(run.Evaluated), "conditions/op")
	b.Logf("statuses: %v; %d alerts", run.Counts, len(run.Alerts))
}

func benchReevaluate(b *testing.B, db *store.DB) {
	if _, err := db.EvaluateConditions(benchAdmin, custos.ConditionFilter{}, condBenchAsOf); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	ind, total, ops := int64(0), 0, 0
	for b.Loop() {
		ind = ind%(condBenchPrograms*condBenchIndicators) + 1
		run, err := db.ReevaluateIndicator(benchAdmin, ind, condBenchAsOf)
		if err != nil {
			b.Fatal(err)
		}
		total += run.Evaluated
		ops++
	}
	// Indicators 1 to 10 of a program are read by 2, 2, 2, 2, 2, 10 (the
	// at-risk expression of every milestone), 0, 0, 0 and 0 of its 20
	// conditions: 2 on average.
	b.ReportMetric(float64(total)/float64(ops), "conditions/op")
}

// BenchmarkConditionSweepSQLite evaluates and records all 10,000
// conditions, reading every incident (Cold), with the incident indexes the
// previous sweep stored (Snapshot), or with those it kept in memory (Warm).
func BenchmarkConditionSweepSQLite(b *testing.B) {
	db := benchSQLiteWorld(b)
	defer db.Close()
	b.Run("Cold", func(b *testing.B) { benchSweep(b, db, sweepCold) })
	b.Run("Snapshot", func(b *testing.B) { benchSweep(b, db, sweepSnapshot) })
	b.Run("Warm", func(b *testing.B) { benchSweep(b, db, sweepWarm) })
}

// BenchmarkConditionReevaluateSQLite re-evaluates the conditions reading one
// indicator, as approving a measurement does.
func BenchmarkConditionReevaluateSQLite(b *testing.B) {
	db := benchSQLiteWorld(b)
	defer db.Close()
	benchReevaluate(b, db)
}

// BenchmarkConditionPostgres loads the world into a fresh schema and runs
// both benchmarks on it.
func BenchmarkConditionPostgres(b *testing.B) {
	db := postgres.OpenTest(b)
	fillConditionBench(b, db)
	b.Run("SweepCold", func(b *testing.B) { benchSweep(b, db, sweepCold) })
	b.Run("SweepSnapshot", func(b *testing.B) { benchSweep(b, db, sweepSnapshot) })
	b.Run("SweepWarm", func(b *testing.B) { benchSweep(b, db, sweepWarm) })
	b.Run("Reevaluate", func(b *testing.B) { benchReevaluate(b, db) })
}
