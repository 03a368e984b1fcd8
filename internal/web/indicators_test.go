package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/google/go-cmp/cmp"
)

// TestParseDecimal checks that the forms read a figure as the measurement
// import does: a plain number, or an error naming the field that says to
// type one. Nothing is stripped, so "50%" on a count is not stored as 50
// and "1,5" on a ratio is not stored as 15.
func TestParseDecimal(t *testing.T) {
	const plain = "enter a plain number such as 1.5"
	tests := []struct {
		in   string
		want float64
		err  string // in the error on the field; "" for none
	}{
		{"", 0, ""},
		{"42", 42, ""},
		{" 42.5 ", 42.5, ""},
		{"-3.25", -3.25, ""},
		{"+7", 7, ""},
		{".5", 0.5, ""},
		{"5.", 5, ""},
		{"0", 0, ""},
		{"1e3", 1000, ""},
		{"2.5E-1", 0.25, ""},
		{"50%", 0, "without the percent sign"},
		{"50 %", 0, "without the percent sign"},
		{"1,5", 0, "use a point for decimals"},
		{"1,234", 0, "without thousands separators"},
		{"1,234.5", 0, "without thousands separators"},
		{"1 234", 0, plain},
		{"1\u00a0234", 0, plain},
		{"$40", 0, plain},
		{"40 days", 0, "the unit is the indicator's"},
		{"about forty", 0, plain},
		{"0x1p3", 0, plain},
		{"1_000", 0, plain},
		{"NaN", 0, plain},
		{"Inf", 0, plain},
		{"-infinity", 0, plain},
		{"1e400", 0, "too large"},
		{"1.2.3", 0, plain},
		{"٤٢", 0, plain},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			v := newValues(url.Values{"baseline.value": {tt.in}})
			got := parseDecimal(v, "baseline.value", "baseline.value")
			msg, bad := v.errs["baseline.value"]
			if tt.err == "" {
				if bad {
					t.Fatalf("parseDecimal(%q) error = %q, want none", tt.in, msg)
				}
				if got != tt.want {
					t.Errorf("parseDecimal(%q) = %v, want %v", tt.in, got, tt.want)
				}
				return
			}
			if !bad {
				t.Fatalf("parseDecimal(%q) = %v without an error, want one saying %q", tt.in, got, tt.err)
			}
			for _, want := range []string{tt.err, fmt.Sprintf("%q", strings.TrimSpace(tt.in))} {
				if !strings.Contains(msg, want) {
					t.Errorf("parseDecimal(%q) error = %q, want it to contain %q", tt.in, msg, want)
				}
			}
			if diff := cmp.Diff(strings.TrimSpace(tt.in), v.raw["baseline.value"]); diff != "" {
				t.Errorf("parseDecimal(%q) keeps for the form (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// TestFigureFormErrors posts figures with a percent sign or a comma to
// every form that reads one, and checks that each is refused beside its
// field with the text kept, and nothing is recorded.
func TestFigureFormErrors(t *testing.T) {
	f := newMEFixture(t)
	prog, ind, res := fmt.Sprint(f.prog.ID), fmt.Sprint(f.ind.ID), fmt.Sprint(f.outcome.ID)
	measurement := func(value string) url.Values {
		return url.Values{"indicator_id": {ind}, "period_start": {"2025-07-01"}, "period_end": {"2025-12-31"}, "value": {value},
			"provenance": {"agency"}, "status": {"submitted"}}
	}
	indicator := func(unit string, kv ...string) url.Values {
		v := url.Values{"program_id": {prog}, "result_id": {res}, "code": {"FIC-9"}, "title": {"Fictional indicator"}, "unit": {unit}, "direction": {"increase"}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	tests := []struct {
		name string
		path string
		form url.Values
		id   string // the input that must carry the error
		kept string // the typed text, shown back
		msg  string
	}{
		{"measurement with a percent sign", "/measurements", measurement("50%"), "f-value", `value="50%"`, "without the percent sign"},
		{"measurement with a decimal comma", "/measurements", measurement("42,5"), "f-value", `value="42,5"`, "use a point for decimals"},
		{"count baseline with a percent sign", "/indicators", indicator("count", "baseline.value", "50%", "baseline.date", "2024-01-01"),
			"f-baseline-value", `value="50%"`, "the unit is the indicator&#39;s"},
		{"ratio target with a decimal comma", "/indicators", indicator("ratio", "targets[0].start", "2025-01-01", "targets[0].end", "2025-12-31", "targets[0].value", "1,5"),
			"f-targets-0-value", `value="1,5"`, "such as 1.5"},
		{"score scale with a comma", "/indicators", indicator("score", "scale_min", "0", "scale_max", "1,000"),
			"f-scale_max", `value="1,000"`, "without thousands separators"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := f.count(t, tt.path)
			r := f.do(custos.RolePlanner, "POST", tt.path, tt.form)
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("POST %s = %d, want 422\n%s", tt.path, r.status, r.body)
			}
			for _, want := range []string{`id="` + tt.id + `-error"`, `href="#` + tt.id + `"`, tt.kept, tt.msg} {
				if !strings.Contains(r.body, want) {
					t.Errorf("POST %s: the page lacks %q", tt.path, want)
				}
			}
			if after := f.count(t, tt.path); after != before {
				t.Errorf("POST %s recorded %d records, want none", tt.path, after-before)
			}
		})
	}
}

// count returns how many measurements or indicators are recorded.
func (f *meFixture) count(t *testing.T, path string) int {
	t.Helper()
	switch path {
	case "/measurements":
		list, _, err := f.db.FindMeasurements(sys, custos.MeasurementFilter{Page: custos.Page{Limit: custos.MaxLimit}})
		must(t, err)
		return len(list)
	case "/indicators":
		list, _, err := f.db.FindIndicators(sys, custos.IndicatorFilter{Page: custos.Page{Limit: custos.MaxLimit}})
		must(t, err)
		return len(list)
	}
	t.Fatalf("count(%s): unknown path", path)
	return 0
}
