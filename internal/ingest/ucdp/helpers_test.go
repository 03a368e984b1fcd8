package ucdp

import (
	"bytes"
	"encoding/csv"
	"testing"
)

// csvRecords returns the records of a CSV file as maps from column name to
// value.
func csvRecords(t testing.TB, data []byte) []map[string]string {
	t.Helper()
	all, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, rec := range all[1:] {
		m := map[string]string{}
		for i, h := range all[0] {
			m[h] = rec[i]
		}
		out = append(out, m)
	}
	return out
}

// firstLines returns the header and the first n-1 records of a CSV file,
// re-encoded, since records may span lines.
func firstLines(t testing.TB, data []byte, n int) []byte {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(data))
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	for range n {
		rec, err := r.Read()
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write(rec); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	return buf.Bytes()
}
