package incident

import (
	"bytes"
	"testing"

	"github.com/custos-ssa/custos"
)

// FuzzParseMonth feeds hostile month parameters (a URL or CLI argument) to
// ParseMonth: never a panic, and a month it accepts spans one calendar
// month that starts on the first.
func FuzzParseMonth(f *testing.F) {
	for _, s := range []string{"2024-03", "2024-13", "2024-3", "0000-01", "9999-12", "", "2024-02-01", "２０２４-０３"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		first, last, err := ParseMonth(s)
		if err != nil {
			if e, ok := err.(*custos.Error); !ok || e.Fields["month"] == "" {
				t.Fatalf("ParseMonth(%q) error = %#v, want one naming the month", s, err)
			}
			return
		}
		if first.Time().Day() != 1 || last.Time().Month() != first.Time().Month() || last.Time().AddDate(0, 0, 1).Day() != 1 {
			t.Fatalf("ParseMonth(%q) = %v..%v, not one calendar month", s, first, last)
		}
	})
}

// FuzzOpen feeds altered and hostile sealed contact details to Open: it
// must refuse them without a panic, and never return details for an
// incident they were not sealed for, nor altered ones.
func FuzzOpen(f *testing.F) {
	key := bytes.Repeat([]byte{7}, KeySize)
	want := custos.Reporter{Name: "A reporter", Email: "a@example.org"}
	sealed, err := Seal(key, 42, &want)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(sealed, int64(42))
	f.Add(sealed, int64(43))
	f.Add([]byte{}, int64(1))
	f.Add([]byte{1, 2, 3}, int64(1))
	f.Fuzz(func(t *testing.T, b []byte, id int64) {
		r, err := Open(key, id, b)
		if err != nil {
			return
		}
		// Seal draws a random nonce, so each fuzzing process seals its own
		// copy: what opens must be the reporter sealed, for incident 42.
		if id != 42 || *r != want {
			t.Fatalf("Open(%x, %d) = %+v, want the altered or misaddressed details refused", b, id, r)
		}
	})
}
