package store

import (
	"testing"

	"github.com/custos-ssa/custos"
)

// FuzzParseList checks that any file given to a list import is either
// refused with a domain error or yields entries that each pass validation,
// with unique keys and a row count that matches, so that ImportList never
// meets an entry the CSV reader let through but the store would refuse.
func FuzzParseList(f *testing.F) {
	f.Add([]byte("id,kind,name,aliases,birth_date,gender,nationality,unit,parent_unit\nSDN-1,person,Amadou Konaté,Amadou Konate,1970-05-02,m,ML,,\nSDN-2,unit,12e Bataillon,,,,,,1re Brigade\n"))
	f.Add([]byte("id,kind,name\n1,person,\"Unclosed\n"))
	f.Add([]byte("\ufeffID,Kind,Name,Aliases\n1,unit,3rd Battalion,3 Bn|3/7\n1,unit,dup,\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, imp, err := ParseList("fuzz", "fuzz.csv", data)
		if err != nil {
			if custos.ErrorKind(err) == custos.EINTERNAL {
				// Validation errors wrapped with the row are fine; the
				// wrapped error must still be a domain error.
				t.Fatalf("ParseList error is not a domain error: %v", err)
			}
			return
		}
		if imp.Rows != len(entries) || imp.List != "fuzz" || len(imp.SHA256) != 64 {
			t.Fatalf("ParseList import = %+v for %d entries", imp, len(entries))
		}
		seen := map[string]bool{}
		for _, e := range entries {
			if err := e.Validate(); err != nil {
				t.Fatalf("entry %q fails validation: %v", e.Key, err)
			}
			if seen[e.Key] {
				t.Fatalf("key %q repeated", e.Key)
			}
			seen[e.Key] = true
		}
	})
}

func TestParsePeriod(t *testing.T) {
	day := custos.Date{Year: 2024, Month: 2, Day: 29}
	tests := []struct {
		in   string
		want custos.Date // the period after day; zero for an error
	}{
		{"1y", custos.Date{Year: 2025, Month: 3, Day: 1}},
		{"18m", custos.Date{Year: 2025, Month: 8, Day: 29}},
		{"90d", custos.Date{Year: 2024, Month: 5, Day: 29}},
		{"10y", custos.Date{Year: 2034, Month: 3, Day: 1}},
		{"11y", custos.Date{}},
		{"0d", custos.Date{}},
		{"-1y", custos.Date{}},
		{"1w", custos.Date{}},
		{"y", custos.Date{}},
		{"", custos.Date{}},
	}
	for _, tt := range tests {
		p, err := ParsePeriod(tt.in)
		if tt.want.IsZero() {
			if err == nil {
				t.Errorf("ParsePeriod(%q) = %v, want an error", tt.in, p)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParsePeriod(%q) error %v", tt.in, err)
			continue
		}
		if got := p.After(day); got != tt.want {
			t.Errorf("ParsePeriod(%q).After(%s) = %s, want %s", tt.in, day, got, tt.want)
		}
		if back, err := ParsePeriod(p.String()); err != nil || back != p {
			t.Errorf("ParsePeriod(%q).String() = %q, does not read back", tt.in, p.String())
		}
	}
}
