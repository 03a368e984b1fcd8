package store

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAppendPairs(t *testing.T) {
	tests := []struct {
		a, b string
		n    int
		want [][2]int64
		bad  bool
	}{
		{"", "", 0, nil, false},
		{"1", "2", 1, [][2]int64{{1, 2}}, false},
		{"1,30,5", "2,-4,600000000000", 3, [][2]int64{{1, 2}, {30, -4}, {5, 600000000000}}, false},
		{"1,30", "2", 2, nil, true},                 // a null second value, left out of its list
		{"1", "2", 2, nil, true},                    // fewer than n
		{"1,2", "3,4", 1, nil, true},                // more than n
		{"1", "", 1, nil, true},                     // empty
		{"1,", "2,3", 2, nil, true},                 // empty value
		{"a", "2", 1, nil, true},                    // not a number
		{"--1", "2", 1, nil, true},                  // two signs
		{"-", "2", 1, nil, true},                    // a sign alone
		{"99999999999999999999", "2", 1, nil, true}, // too long
	}
	for _, tt := range tests {
		got, err := appendPairs(nil, []string{tt.a, tt.b}, tt.n)
		if (err != nil) != tt.bad {
			t.Errorf("appendPairs(%q, %q, %d) error = %v, want error %v", tt.a, tt.b, tt.n, err, tt.bad)
			continue
		}
		if diff := cmp.Diff(tt.want, got); !tt.bad && diff != "" {
			t.Errorf("appendPairs(%q, %q, %d) mismatch (-want +got):\n%s", tt.a, tt.b, tt.n, diff)
		}
	}
}

func FuzzAppendPairs(f *testing.F) {
	f.Add("1,30", "2,-4", 2)
	f.Add("", "", 0)
	f.Fuzz(func(t *testing.T, a, b string, n int) {
		if n < 0 || n > 1000 {
			return
		}
		got, err := appendPairs(nil, []string{a, b}, n)
		if err == nil && len(got) != n {
			t.Fatalf("appendPairs(%q, %q, %d) = %d pairs", a, b, n, len(got))
		}
	})
}
