package web

import (
	"math"
	"net/url"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
)

// FuzzParseMeasurement feeds the measurement form's reader arbitrary input:
// it must never panic, every value it cannot read must come back as an
// error on the field with the text kept for the form, and a value it does
// read must be a finite number (the store's checks rely on it).
func FuzzParseMeasurement(f *testing.F) {
	f.Add("2025-01-01", "2025-06-30", "42.5", "north", "agency", "submitted")
	f.Add("2025-13-01", "", "1,234", "", "", "approved")
	f.Add("", "2025-02-30", "NaN", "x", "civil_society", "draft")
	f.Add("2025-01-01", "2025-01-01", "1e400", "", "partner_government", "")
	f.Add("0000-00-00", "9999-12-31", "-0", "ä", "agency", "submitted")
	f.Fuzz(func(t *testing.T, start, end, value, region, provenance, status string) {
		form := url.Values{"period_start": {start}, "period_end": {end}, "value": {value}, "disaggregation.region": {region},
			"provenance": {provenance}, "status": {status}, "indicator_id": {"7"}}
		v := newValues(form)
		var m custos.Measurement
		parseMeasurement(v, &m)
		if _, bad := v.errs["value"]; !bad && (math.IsNaN(m.Value) || math.IsInf(m.Value, 0)) {
			t.Errorf("parseMeasurement(value %q) = %v without an error", value, m.Value)
		}
		for k := range v.errs {
			if k != "value" && k != "period_start" && k != "period_end" && k != "indicator_id" {
				t.Errorf("parseMeasurement: error on unexpected field %q", k)
			}
		}
		if msg, bad := v.errs["value"]; bad && strings.TrimSpace(value) != "" && v.raw["value"] != strings.TrimSpace(value) && msg != "is required" {
			t.Errorf("parseMeasurement(value %q): the form would not show the typed text back (raw %q)", value, v.raw["value"])
		}
		if m.IndicatorID != 7 {
			t.Errorf("parseMeasurement: indicator_id = %d, want 7", m.IndicatorID)
		}
	})
}
