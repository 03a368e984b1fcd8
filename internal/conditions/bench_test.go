package conditions

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
)

// The benchmark world stands for a large deployment: 2.4 million incident
// facts (unit, category, date, credibility) and 1 million measurements of
// 5,000 indicators, behind 10,000 conditions of 500 programs. See
// BENCHMARKS.md.
const (
	benchPrograms          = 500
	benchUnitsPerProgram   = 12
	benchIndicatorsPerProg = 10
	benchMeasurementsPer   = 200 // per indicator: 5,000 x 200 = 1,000,000
	benchIncidents         = 2_400_000
	benchConditionsPerProg = 20 // 500 x 20 = 10,000
)

var benchAsOf = custos.Date{Year: 2026, Month: time.June, Day: 1}

type benchProgram struct {
	id           int64
	recipients   []int64
	indicators   []custos.Indicator
	codes        map[int64]string
	measurements []custos.Measurement
	conditions   []*Compiled
}

type benchWorld struct {
	facts    []IncidentFact
	parents  map[int64]int64 // sub-unit -> unit, for the tree of units
	programs []*benchProgram
}

var (
	benchOnce  sync.Once
	benchData  *benchWorld
	benchError error
)

// criterionTemplates are the kinds of criteria the world's conditions use,
// from one indicator to a loop over every recipient unit.
var criterionTemplates = []string{
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

// fillTemplate puts a program's indicator prefix and two of its units in a
// criterion template.
func fillTemplate(tmpl, prefix string, u1, u2 int64) string {
	return strings.NewReplacer("{P}", prefix, "{U1}", fmt.Sprint(u1), "{U2}", fmt.Sprint(u2)).Replace(tmpl)
}

func benchWorldData(tb testing.TB) *benchWorld {
	benchOnce.Do(func() { benchData, benchError = buildBenchWorld() })
	if benchError != nil {
		tb.Fatal(benchError)
	}
	return benchData
}

func buildBenchWorld() (*benchWorld, error) {
	r := rand.New(rand.NewPCG(1, 2))
	w := &benchWorld{}
	units := benchPrograms * benchUnitsPerProgram
	start := custos.Date{Year: 2017, Month: time.January, Day: 1}.Time()
	span := int(benchAsOf.Time().Sub(start).Hours() / 24)
	// The units above units are sub-units: one in two under a recipient
	// (unit u+k under unit 1+10k), the rest under no one.
	w.parents = map[int64]int64{}
	for k := 0; k < units/5; k++ {
		if k%2 == 0 {
			w.parents[int64(units+1+k)] = int64(1 + 10*k)
		}
	}
	w.facts = make([]IncidentFact, benchIncidents)
	var incident int64
	for i := range w.facts {
		if i > 0 && r.IntN(20) == 0 {
			// One incident in twenty names a second unit.
			f := w.facts[i-1]
			f.Unit = int64(1 + r.IntN(units+units/5))
			w.facts[i] = f
			continue
		}
		incident++
		w.facts[i] = IncidentFact{
			Incident: incident,
			Unit:     int64(1 + r.IntN(units+units/5)), // some units assisted by no program
			Category: custos.IncidentCategories[r.IntN(len(custos.IncidentCategories))],
			Date:     custos.DateOf(start.AddDate(0, 0, r.IntN(span+1))),
			Credible: r.IntN(10) < 3,
		}
	}
	var indID, mID int64
	for p := 0; p < benchPrograms; p++ {
		bp := &benchProgram{id: int64(p + 1), codes: map[int64]string{}}
		for u := 0; u < benchUnitsPerProgram; u++ {
			bp.recipients = append(bp.recipients, int64(p*benchUnitsPerProgram+u+1))
		}
		prefix := fmt.Sprintf("P%d", p+1)
		for i := 0; i < benchIndicatorsPerProg; i++ {
			indID++
			ind := custos.Indicator{ID: indID, ProgramID: bp.id, Code: fmt.Sprintf("%s-%d", prefix, i+1), Unit: "percent",
				Baseline: &custos.Baseline{Value: float64(r.IntN(50)), Date: custos.Date{Year: 2016, Month: 1, Day: 1}},
				Targets:  []custos.Target{{Start: custos.Date{Year: 2025, Month: 10, Day: 1}, End: custos.Date{Year: 2026, Month: 9, Day: 30}, Value: 60}},
			}
			bp.indicators = append(bp.indicators, ind)
			bp.codes[indID] = ind.Code
			for k := 0; k < benchMeasurementsPer; k++ {
				mID++
				// Monthly periods, the last ones after the as-of date.
				ps := custos.DateOf(time.Date(2010, time.January, 1, 0, 0, 0, 0, time.UTC).AddDate(0, k, 0))
				pe := custos.DateOf(ps.Time().AddDate(0, 1, -1))
				m := custos.Measurement{ID: mID, IndicatorID: indID, PeriodStart: ps, PeriodEnd: pe, Value: float64(r.IntN(101)), Status: "approved"}
				if r.IntN(5) == 0 {
					m.Status = "submitted"
				}
				if r.IntN(4) == 0 {
					m.Disaggregation = map[string]string{"sex": "female"}
				}
				bp.measurements = append(bp.measurements, m)
			}
		}
		for c := 0; c < benchConditionsPerProg; c++ {
			tmpl := criterionTemplates[c%len(criterionTemplates)]
			cond := custos.Condition{ID: int64(p*benchConditionsPerProg + c + 1), ProgramID: bp.id, Kind: "red_line",
				Criterion: fillTemplate(tmpl, prefix, bp.recipients[0], bp.recipients[1])}
			if c%2 == 1 {
				cond.Kind, cond.Deadline, cond.AtRisk = "milestone", custos.Date{Year: 2026, Month: 9, Day: 30}, `vetting.pending > 3`
			}
			cc, err := CompileCondition(&cond)
			if err != nil {
				return nil, fmt.Errorf("condition %d: %w", cond.ID, err)
			}
			bp.conditions = append(bp.conditions, cc)
		}
		w.programs = append(w.programs, bp)
	}
	return w, nil
}

// aggregate builds every program's inputs snapshot from the raw facts and
// measurements, as the store would.
func (w *benchWorld) aggregate(tb testing.TB) []*Inputs {
	ix, err := NewIncidentIndex(w.facts)
	if err != nil {
		tb.Fatal(err)
	}
	tree := NewUnitTree(w.parents)
	out := make([]*Inputs, len(w.programs))
	for i, p := range w.programs {
		baselines, targets := BaselinesAndTargets(p.indicators, benchAsOf)
		var codes []string
		var units []int64
		for _, r := range p.recipients {
			units = append(units, tree.Subtree(r)...)
		}
		for _, ind := range p.indicators {
			codes = append(codes, ind.Code)
		}
		out[i] = &Inputs{
			Indicators: LatestApproved(p.measurements, p.codes, benchAsOf),
			Baselines:  baselines, Targets: targets, IndicatorCodes: codes,
			Recipients: p.recipients, Incidents: ix, IncidentUnits: units, Units: tree,
			Vetting:       &VettingCounts{Approved: 30, Denied: i % 3, DeniedRecipients: i % 2, Pending: i % 5},
			Consultations: &ConsultationCounts{Held: 3, FeedbackReceived: 10, FeedbackAnswered: 9},
		}
	}
	return out
}

// evaluateAll evaluates every condition and counts the statuses.
func (w *benchWorld) evaluateAll(inputs []*Inputs) map[custos.ConditionStatus]int {
	counts := map[custos.ConditionStatus]int{}
	for i, p := range w.programs {
		for _, cc := range p.conditions {
			counts[Evaluate(cc, inputs[i], benchAsOf).Status]++
		}
	}
	return counts
}

// BenchmarkSweep is the whole daily sweep: aggregate 2.4M incidents and 1M
// measurements into snapshots, then evaluate 10,000 conditions.
func BenchmarkSweep(b *testing.B) {
	w := benchWorldData(b)
	b.ResetTimer()
	for b.Loop() {
		w.evaluateAll(w.aggregate(b))
	}
}

// BenchmarkAggregate is the aggregation step alone.
func BenchmarkAggregate(b *testing.B) {
	w := benchWorldData(b)
	b.ResetTimer()
	for b.Loop() {
		w.aggregate(b)
	}
}

// BenchmarkEvaluate10k evaluates 10,000 compiled conditions over ready
// snapshots; it reports the time per condition too.
func BenchmarkEvaluate10k(b *testing.B) {
	w := benchWorldData(b)
	inputs := w.aggregate(b)
	counts := w.evaluateAll(inputs)
	b.Logf("statuses: %v", counts)
	b.ResetTimer()
	for b.Loop() {
		w.evaluateAll(inputs)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(benchPrograms*benchConditionsPerProg), "ns/condition")
}

// BenchmarkCompile compiles one condition of each template: the cost paid
// once when a condition is saved or the engine starts.
func BenchmarkCompile(b *testing.B) {
	for b.Loop() {
		for _, tmpl := range criterionTemplates {
			if _, err := Compile(fillTemplate(tmpl, "P1", 1, 2)); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(criterionTemplates)), "ns/expression")
}
