package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
)

func TestImportMeasurements(t *testing.T) {
	dir, db, _ := conditionsDB(t)
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		condMust(t, os.WriteFile(p, []byte(body), 0o600))
		return p
	}
	count := func() int {
		st, err := openStore(context.Background(), db)
		condMust(t, err)
		defer st.Close()
		list, _, err := st.FindMeasurements(custos.WithPrincipal(context.Background(), custos.System), custos.MeasurementFilter{})
		condMust(t, err)
		return len(list)
	}
	before := count()
	tests := []struct {
		name, body string
		code       int
		stdout     string
		stderr     []string
	}{
		{"bad cells", "indicator,period_start,period_end,value\nPOL-3,2026-04-01,2026-06-31,41\nPOL-3,2026-07-01,2026-09-30,4O\n", 1, "",
			[]string{"row 2, column period_end: \"2026-06-31\" is not a date", "row 3, column value: \"4O\" is not a number", "nothing was imported"}},
		{"out of range and overlapping the stored figure", "indicator,period_start,period_end,value,unit,provenance\nPOL-3,2026-04-01,2026-06-30,141,percent,agency\nPOL-3,2026-03-01,2026-03-31,20,percent,agency\n", 1, "",
			[]string{"row 2, column value: 141 is not a percentage between 0 and 100", "row 3, column period_start: the period 2026-03-01 to 2026-03-31 overlaps measurement", "nothing was imported"}},
		{"wrong unit", "indicator,period_start,period_end,value,unit\nPOL-3,2026-04-01,2026-06-30,41,count\n", 1, "",
			[]string{"row 2, column unit: indicator POL-3 is measured in percent, not count"}},
		{"good", "indicator,period_start,period_end,value,provenance,disaggregation\nPOL-3,2026-04-01,2026-06-30,41,agency,\nPOL-3,2026-07-01,2026-09-30,44,agency,\n", 0,
			"imported 2 measurements of 1 indicators: 2 submitted for review, 0 draft\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(t, dir, "", "import", "measurements", write("m.csv", tt.body), "--db", db)
			if code != tt.code || out != tt.stdout {
				t.Errorf("import measurements = %d %q (%s), want %d %q", code, out, errs, tt.code, tt.stdout)
			}
			for _, want := range tt.stderr {
				if !strings.Contains(errs, want) {
					t.Errorf("import measurements stderr = %q, want it to contain %q", errs, want)
				}
			}
		})
	}
	if got := count(); got != before+2 {
		t.Errorf("after the imports, %d measurements, want %d (only the good file)", got, before+2)
	}
	if code, out, _ := runCLI(t, dir, "", "import", "template", "measurements"); code != 0 || !strings.HasPrefix(out, "indicator,program,period_start,period_end,value,unit,") {
		t.Errorf("import template measurements = %d %q", code, out)
	}
	if code, _, errs := runCLI(t, dir, "", "import", "measurements", "--db", db); code != 2 || !strings.Contains(errs, "exactly one FILE") {
		t.Errorf("import measurements without a file = %d %q, want 2", code, errs)
	}
}
