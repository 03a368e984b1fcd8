package acled_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/custos-ssa/custos/internal/ingest/acled"
	"github.com/custos-ssa/custos/internal/ingest/acled/acledgen"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var now = time.Date(2024, 6, 15, 0, 0, 0, 0, time.UTC)

// readAll reads a whole file into rows.
func readAll(t testing.TB, data []byte, file string) ([]acled.Row, error) {
	t.Helper()
	var rows []acled.Row
	rd := acled.Reader{File: file, Now: now}
	err := rd.Read(bytes.NewReader(data), func(r acled.Row) error {
		rows = append(rows, r)
		return nil
	})
	return rows, err
}

func TestReadGolden(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "events.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := readAll(t, data, "events.csv")
	if err != nil {
		t.Fatalf("Read(events.csv) = %v", err)
	}
	for _, r := range rows {
		for _, e := range r.Errors {
			t.Errorf("Read(events.csv): %v", e)
		}
	}
	got, err := json.MarshalIndent(rows, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "events.golden.json")
	if *update {
		if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(strings.TrimSpace(string(want)), strings.TrimSpace(string(got))); diff != "" {
		t.Errorf("Read(events.csv) mismatch (-want +got):\n%s", diff)
	}
}

func TestReadMapping(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "events.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := readAll(t, data, "events.csv")
	if err != nil {
		t.Fatal(err)
	}
	type summary struct {
		Key, Category, Country, Date, Precision, Place string
		Killed                                         [3]int
		Perpetrators                                   []string
		Roles                                          []string
	}
	var got []summary
	for _, r := range rows {
		in := r.Incident
		s := summary{Key: in.Source.Key, Category: string(in.Category), Country: in.Place.Country,
			Date: in.Date.String(), Precision: string(in.DatePrecision), Place: string(in.Place.Precision),
			Killed: [3]int{in.Victims.Killed.Low, in.Victims.Killed.Best, in.Victims.Killed.High}, Perpetrators: r.Perpetrators}
		for _, p := range in.Perpetrators {
			s.Roles = append(s.Roles, string(p.Role))
		}
		got = append(got, s)
	}
	want := []summary{
		{"XMLI1", "extrajudicial_killing", "ML", "2023-03-19", "day", "exact", [3]int{4, 4, 4},
			[]string{"Military Forces of Mali (2021-)", "Wagner Group", "Militia (Pro-Government)"}, []string{"direct", "support", "support"}},
		{"XBFA2", "civilian_harm_operations", "BF", "2023-04-02", "week", "admin1", [3]int{0, 0, 12},
			[]string{"Military Forces of Burkina Faso (2022-)", "JNIM: Group for Support of Islam and Muslims"}, []string{"unknown", "unknown"}},
		{"XNGA3", "arbitrary_detention", "NG", "2022-06-05", "month", "near", [3]int{0, 0, 0},
			[]string{"Police Forces of Nigeria (2015-2023)"}, []string{"direct"}},
		{"XKOS4", "other", "XK", "2021-05-01", "day", "exact", [3]int{0, 0, 0}, nil, nil},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Read(events.csv) mismatch (-want +got):\n%s", diff)
	}
}

func TestReadBadRows(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "bad.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := readAll(t, data, "bad.csv")
	if err != nil {
		t.Fatalf("Read(bad.csv) = %v, want per-row errors only", err)
	}
	// want maps each line to the column its first error names; "-" is a
	// whole-row error, "" a good row.
	want := map[int]string{
		2: "event_id_cnty", 3: "event_date", 4: "time_precision", 5: "country", 6: "latitude",
		7: "geo_precision", 8: "fatalities", 9: "latitude", 10: "event_date", 11: "-", 12: "",
		13: "latitude", 14: "event_type", 15: "sub_event_type", 16: "event_type", 17: "",
	}
	if len(rows) != len(want) {
		t.Fatalf("Read(bad.csv) gave %d rows, want %d", len(rows), len(want))
	}
	for _, r := range rows {
		got := ""
		if len(r.Errors) > 0 {
			got = r.Errors[0].Column
			if got == "" {
				got = "-"
			}
			if r.Errors[0].Line != r.Line || r.Errors[0].File != "bad.csv" {
				t.Errorf("line %d: error %v names the wrong place", r.Line, r.Errors[0])
			}
		}
		if got != want[r.Line] {
			t.Errorf("line %d: first error in column %q (%v), want %q", r.Line, got, r.Errors, want[r.Line])
		}
	}
}

func TestReadHeader(t *testing.T) {
	tests := []struct {
		name, data string
		want       string // in the error
	}{
		{"empty", "", "empty"},
		{"missing columns", "event_id_cnty,event_date,actor1\nX1,2023-01-01,Army\n", "event_type, sub_event_type, actor2, country, latitude, longitude, fatalities"},
		{"not csv", "\"unclosed\n", "header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readAll(t, []byte(tt.data), "h.csv")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Read(%q) = %v, want an error containing %q", tt.data, err, tt.want)
			}
		})
	}
}

func TestReadStopsOnCallbackError(t *testing.T) {
	var b bytes.Buffer
	if err := acledgen.Generate(&b, 10, 1); err != nil {
		t.Fatal(err)
	}
	n := 0
	stop := os.ErrClosed
	err := acled.Read(&b, "gen.csv", func(acled.Row) error { n++; return stop })
	if err != stop || n != 1 {
		t.Errorf("Read = %v after %d rows, want %v after 1", err, n, stop)
	}
}

func FuzzRead(f *testing.F) {
	for _, name := range []string{"events.csv", "bad.csv"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("event_id_cnty,event_date,event_type,sub_event_type,actor1,actor2,country,latitude,longitude,fatalities\n\"a\"b,,,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows := 0
		err := acled.Read(bytes.NewReader(data), "fuzz.csv", func(r acled.Row) error {
			rows++
			if len(r.Errors) == 0 {
				if err := r.Incident.Validate(); err != nil {
					t.Fatalf("row %d has no errors but its incident is invalid: %v", r.Line, err)
				}
			}
			return nil
		})
		if err != nil && rows > 0 {
			t.Fatalf("Read failed after %d rows: %v", rows, err)
		}
	})
}

func BenchmarkRead(b *testing.B) {
	const n = 100_000
	var buf bytes.Buffer
	if err := acledgen.Generate(&buf, n, 1); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		err := acled.Read(bytes.NewReader(data), "gen.csv", func(r acled.Row) error {
			if len(r.Errors) > 0 {
				b.Fatal(r.Errors[0])
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
}
