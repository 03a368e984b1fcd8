package web

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
)

// BenchmarkResultsChain draws the results chain of a program with 4
// results, 40 indicators and 480 monthly measurements, the size of a large
// program's monitoring plan, as an analyst (who is offered a review of
// each submitted figure).
func BenchmarkResultsChain(b *testing.B) {
	f := newFixture(b)
	ctx := f.as(custos.RolePlanner)
	var results []*custos.Result
	for i, lv := range custos.ResultLevels {
		r := &custos.Result{ProgramID: f.prog.ID, Level: lv, Title: fmt.Sprintf("Fictional %s %d", lv, i)}
		must(b, f.db.CreateResult(sys, r))
		results = append(results, r)
	}
	for i := range 40 {
		ind := &custos.Indicator{ProgramID: f.prog.ID, ResultID: results[i%len(results)].ID, Code: fmt.Sprintf("B-%d", i), Title: "Fictional indicator",
			Unit: "count", Direction: "increase", Baseline: &custos.Baseline{Value: 3, Date: custos.Date{Year: 2024, Month: 1, Day: 1}}}
		must(b, f.db.CreateIndicator(sys, ind))
		for m := 1; m <= 12; m++ {
			st := custos.MeasurementStatus("submitted")
			if m%3 == 0 {
				st = "draft"
			}
			must(b, f.db.CreateMeasurement(ctx, &custos.Measurement{IndicatorID: ind.ID, PeriodStart: custos.Date{Year: 2025, Month: time.Month(m), Day: 1},
				PeriodEnd: custos.Date{Year: 2025, Month: time.Month(m), Day: 28}, Value: float64(m), Provenance: "agency", Status: st}))
		}
	}
	path := fmt.Sprintf("/programs/%d/results", f.prog.ID)
	b.ResetTimer()
	for b.Loop() {
		if r := f.do(custos.RoleAnalyst, "GET", path, nil); r.status != http.StatusOK {
			b.Fatalf("GET %s = %d", path, r.status)
		}
	}
}
