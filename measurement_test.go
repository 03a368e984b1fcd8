package custos

import (
	"encoding/json"
	"testing"
)

// FuzzMeasurementJSON decodes measurements as the API and importers do and
// checks the promises the store relies on: a measurement that passes
// Validate and CheckAgainst has a plausible value in the indicator's unit
// and only the indicator's breakdowns, and a valid, not rejected
// measurement always overlaps itself.
func FuzzMeasurementJSON(f *testing.F) {
	for _, s := range []string{
		`{"indicator_id":1,"period_start":"2025-01-01","period_end":"2025-03-31","value":22.5,"provenance":"agency"}`,
		`{"indicator_id":1,"period_start":"2025-01-01","period_end":"2025-01-01","value":100,"provenance":"civil_society","disaggregation":{"sex":"female"},"status":"submitted"}`,
		`{"indicator_id":1,"period_start":"2025-04-01","period_end":"2025-03-31","value":-1,"provenance":"x"}`,
		`{"indicator_id":1,"period_start":"2025-01-01","period_end":"2025-12-31","value":1e308,"provenance":"agency","disaggregation":{"Region":"a"}}`,
		`{"indicator_id":1,"value":"NaN"}`,
	} {
		f.Add([]byte(s))
	}
	ind := &Indicator{ID: 1, ProgramID: 1, ResultID: 1, Code: "POL-3", Title: "Complaints", Unit: "percent", Direction: "increase", Disaggregations: []string{"sex"}}
	f.Fuzz(func(t *testing.T, b []byte) {
		var m Measurement
		if json.Unmarshal(b, &m) != nil {
			return
		}
		m.Normalize()
		if m.Validate() != nil {
			return
		}
		if m.CheckAgainst(ind) == nil {
			if m.Value < 0 || m.Value > 100 {
				t.Errorf("CheckAgainst accepted %v for a percentage", m.Value)
			}
			for k := range m.Disaggregation {
				if k != "sex" {
					t.Errorf("CheckAgainst accepted a breakdown by %q", k)
				}
			}
		}
		if k1, k2 := DisaggregationKey(m.Disaggregation), DisaggregationKey(m.Disaggregation); k1 != k2 {
			t.Errorf("DisaggregationKey is not stable: %q, %q", k1, k2)
		}
		got := OverlappingPeriods([]Measurement{m, m})
		if m.Status == "rejected" && len(got) != 0 || m.Status != "rejected" && len(got) != 1 {
			t.Errorf("OverlappingPeriods(m, m) for a %s measurement = %v", m.Status, got)
		}
	})
}
