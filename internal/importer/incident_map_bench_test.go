package importer

import (
	"testing"

	"github.com/custos-ssa/custos"
)

// BenchmarkIncidentMap times the figures of the trend page's maps over the
// imported rows: every country (shaded from the monthly totals), and Mali
// (areas and the 300 largest located incidents, read one by one up to
// store.MaxMapScan incidents, else area totals only).
func BenchmarkIncidentMap(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		st := trendStore(b, kind)
		for _, tt := range []struct {
			name string
			f    custos.TrendFilter
		}{
			{"every-country", custos.TrendFilter{}},
			{"ML", custos.TrendFilter{Country: "ML"}},
			{"ML-2023", custos.TrendFilter{Country: "ML", From: custos.Date{Year: 2023, Month: 1, Day: 1}, To: custos.Date{Year: 2023, Month: 12, Day: 31}}},
			{"ML-2018-2023", custos.TrendFilter{Country: "ML", From: custos.Date{Year: 2018, Month: 1, Day: 1}, To: custos.Date{Year: 2023, Month: 12, Day: 31}}},
		} {
			b.Run(kind+"/"+tt.name, func(b *testing.B) {
				var located int
				for b.Loop() {
					m, err := st.IncidentMap(sys, tt.f, 300)
					if err != nil {
						b.Fatal(err)
					}
					located = m.Located
				}
				b.ReportMetric(float64(located), "located")
			})
		}
	}
}
