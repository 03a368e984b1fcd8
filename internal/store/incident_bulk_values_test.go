package store

import (
	"testing"

	"github.com/custos-ssa/custos"
)

// FuzzSourceJSON checks that the hand-written encoding of a source
// reference is the one sourceColumns (encoding/json) writes.
func FuzzSourceJSON(f *testing.F) {
	f.Add("acled", "MLI1234", "2024.csv", 0, 17, "")
	f.Add("hxl", `a"b`, "f<1>.csv", 3, 0, "https://example.org/?a=1&b=2")
	f.Add("ucdp", "é", "", 0, 0, "")
	f.Fuzz(func(t *testing.T, dataset, key, file string, page, row int, url string) {
		s := &custos.SourceRef{Dataset: dataset, Key: key, File: file, Page: page, Row: row, URL: url}
		wantSrc, wantKey := sourceColumns(s)
		gotSrc, gotKey := sourceJSON(s)
		if gotSrc != wantSrc || gotKey != wantKey {
			t.Errorf("sourceJSON(%+v) = %q, %v; want %q, %v", s, gotSrc, gotKey, wantSrc, wantKey)
		}
	})
}
