package store

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAppendPairs(t *testing.T) {
	tests := []struct {
		in   string
		want [][2]int64
		bad  bool
	}{
		{"", nil, false},
		{"1,2", [][2]int64{{1, 2}}, false},
		{"1,2 30,-4 5,600000000000", [][2]int64{{1, 2}, {30, -4}, {5, 600000000000}}, false},
		{"1,", nil, true},
		{"1", nil, true},
		{"1,2 ", nil, true},
		{"1,2,3", nil, true},
		{"a,2", nil, true},
		{"--1,2", nil, true},
	}
	for _, tt := range tests {
		got, err := appendPairs(nil, tt.in)
		if (err != nil) != tt.bad {
			t.Errorf("appendPairs(%q) error = %v, want error %v", tt.in, err, tt.bad)
			continue
		}
		if diff := cmp.Diff(tt.want, got); !tt.bad && diff != "" {
			t.Errorf("appendPairs(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}

func FuzzAppendPairs(f *testing.F) {
	f.Add("1,2 3,-4")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		appendPairs(nil, s)
	})
}
