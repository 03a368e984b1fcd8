package ucdp

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

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/atlas"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var now = time.Date(2024, 6, 15, 0, 0, 0, 0, time.UTC)

const sample = "ucdpged_v23_1_sample1000.csv"

func readAll(t testing.TB, data []byte, file string) ([]Row, error) {
	t.Helper()
	var rows []Row
	rd := Reader{File: file, Now: now}
	err := rd.Read(bytes.NewReader(data), func(r Row) error {
		rows = append(rows, r)
		return nil
	})
	return rows, err
}

func readSample(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", sample))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestReadSample reads the 1,000 real GED events: every one must map to a
// valid incident whose coordinates lie in its country (the bounds refuse no
// real event), the Gleditsch-Ward table must agree with the country names,
// and the categories must follow type_of_violence.
func TestReadSample(t *testing.T) {
	rows, err := readAll(t, readSample(t), sample)
	if err != nil {
		t.Fatalf("Read(%s) = %v", sample, err)
	}
	if len(rows) != 1000 {
		t.Errorf("Read(%s) gave %d rows, want 1000", sample, len(rows))
	}
	cats := map[custos.IncidentCategory]int{}
	for _, r := range rows {
		for _, e := range r.Errors {
			t.Errorf("Read(%s): %v", sample, e)
		}
		cats[r.Incident.Category]++
		if len(r.Perpetrators) == 0 {
			t.Errorf("line %d: no perpetrators", r.Line)
		}
	}
	// PROVENANCE.md: 707 state-based, 133 non-state, 160 one-sided events.
	if got := cats["civilian_harm_operations"]; got != 707+133 {
		t.Errorf("civilian_harm_operations = %d, want %d", got, 707+133)
	}
	if got := cats["extrajudicial_killing"] + cats["other"]; got != 160 {
		t.Errorf("one-sided incidents = %d, want 160", got)
	}
	if cats["extrajudicial_killing"] == 0 || cats["other"] == 0 {
		t.Errorf("one-sided violence by governments and by groups should both occur: %v", cats)
	}
}

// TestReadPlacesSuccessors: GED codes the first weeks of the war in Bosnia
// under Yugoslavia (345); the reader places those events in Bosnia and
// Herzegovina, where they happened, and keeps Serbia for the events inside
// it, so that no real event of the sample falls outside its country.
func TestReadPlacesSuccessors(t *testing.T) {
	rows, err := readAll(t, readSample(t), sample)
	if err != nil {
		t.Fatal(err)
	}
	recs := csvRecords(t, readSample(t))
	got := map[string]string{}
	for k, r := range rows {
		if recs[k]["country_id"] == "345" {
			got[recs[k]["id"]] = r.Incident.Place.Country
		}
	}
	want := map[string]string{
		"202838": "RS", "202786": "RS", "202289": "RS", // Kosovo, 1998-99: Serbia's shape holds Kosovo
		"202772": "HR",                                 // Vukovar, 1991
		"368431": "BA", "400182": "BA", "393423": "BA", // Foča, Nevesinje, Rogatica, April 1992
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("countries of the events GED codes under Yugoslavia (-want +got):\n%s", diff)
	}
}

func TestCountryTableAgreesWithNames(t *testing.T) {
	cr := csvRecords(t, readSample(t))
	seen := map[string]bool{}
	for _, rec := range cr {
		gw, name := rec["country_id"], rec["country"]
		if seen[gw+name] {
			continue
		}
		seen[gw+name] = true
		byGW, byName := countryCode(gw, ""), countryByName(name)
		if byGW == "" || byGW != byName {
			t.Errorf("country %s %q: Gleditsch-Ward gives %q, name gives %q", gw, name, byGW, byName)
		}
	}
}

func TestReadGolden(t *testing.T) {
	data := readSample(t)
	// The header and the first five events.
	rows, err := readAll(t, firstLines(t, data, 6), sample)
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(rows, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "sample.golden.json")
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
		t.Errorf("Read mismatch (-want +got):\n%s", diff)
	}
}

const badHeader = "id,type_of_violence,side_a,side_b,date_prec,date_start,date_end,country,country_id,latitude,longitude,where_prec,deaths_civilians,best,low,high\n"

func TestReadBadRows(t *testing.T) {
	tests := []struct {
		name, line string
		column     string // of the first error; "-" a whole-row error; "" none
	}{
		{"good", "1,3,Government of Mali,Civilians,1,2020-01-02,2020-01-02,Mali,432,14.1,-4.2,1,5,5,4,7", ""},
		{"original date form", "1,3,Government of Mali,Civilians,1,2020-01-02 00:00:00.000,2020-01-03 00:00:00.000,Mali,432,14.1,-4.2,1,5,5,4,7", ""},
		{"no id", ",3,Government of Mali,Civilians,1,2020-01-02,2020-01-02,Mali,432,14.1,-4.2,1,5,5,4,7", "id"},
		{"bad violence", "1,4,Government of Mali,Civilians,1,2020-01-02,2020-01-02,Mali,432,14.1,-4.2,1,5,5,4,7", "type_of_violence"},
		{"bad date", "1,3,Government of Mali,Civilians,1,2020-13-02,2020-01-02,Mali,432,14.1,-4.2,1,5,5,4,7", "date_start"},
		{"end before start", "1,3,Government of Mali,Civilians,1,2020-01-02,2020-01-01,Mali,432,14.1,-4.2,1,5,5,4,7", "date_end"},
		{"future", "1,3,Government of Mali,Civilians,1,2030-01-02,2030-01-02,Mali,432,14.1,-4.2,1,5,5,4,7", "date_start"},
		{"bad precision", "1,3,Government of Mali,Civilians,0,2020-01-02,2020-01-02,Mali,432,14.1,-4.2,1,5,5,4,7", "date_prec"},
		{"unknown country", "1,3,Government of Mali,Civilians,1,2020-01-02,2020-01-02,Atlantis,999,14.1,-4.2,1,5,5,4,7", "country_id"},
		{"country by name", "1,3,Government of Mali,Civilians,1,2020-01-02,2020-01-02,Mali,,14.1,-4.2,1,5,5,4,7", ""},
		{"bad latitude", "1,3,Government of Mali,Civilians,1,2020-01-02,2020-01-02,Mali,432,x,-4.2,1,5,5,4,7", "latitude"},
		{"latitude range", "1,3,Government of Mali,Civilians,1,2020-01-02,2020-01-02,Mali,432,91,-4.2,1,5,5,4,7", "latitude"},
		{"bad where", "1,3,Government of Mali,Civilians,1,2020-01-02,2020-01-02,Mali,432,14.1,-4.2,8,5,5,4,7", "where_prec"},
		{"negative deaths", "1,3,Government of Mali,Civilians,1,2020-01-02,2020-01-02,Mali,432,14.1,-4.2,1,-5,5,4,7", "deaths_civilians"},
		{"Paris in Mali", "1,3,Government of Mali,Civilians,1,2020-01-02,2020-01-02,Mali,432,48.85,2.35,1,5,5,4,7", "latitude"},
		{"Mali swapped", "1,3,Government of Mali,Civilians,1,2020-01-02,2020-01-02,Mali,432,-4.2,14.1,1,5,5,4,7", "latitude"},
		{"high below best", "1,3,Government of Mali,Civilians,1,2020-01-02,2020-01-02,Mali,432,14.1,-4.2,1,50,50,1,2", "high"},
		{"low above best", "1,3,Government of Mali,Civilians,1,2020-01-02,2020-01-02,Mali,432,14.1,-4.2,1,5,5,9,9", "low"},
		{"high below civilians", "1,1,Government of Mali,JNIM,1,2020-01-02,2020-01-02,Mali,432,14.1,-4.2,1,9,0,0,0", "high"},
		// GED's own data has estimates one apart out of order (best 2, low 3).
		{"estimates one apart", "1,1,Government of Mali,JNIM,1,2020-01-02,2020-01-02,Mali,432,14.1,-4.2,1,2,2,3,3", ""},
		{"short row", "1,3,Government of Mali", "-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := readAll(t, []byte(badHeader+tt.line+"\n"), "bad.csv")
			if err != nil || len(rows) != 1 {
				t.Fatalf("Read = %d rows, %v; want 1 row", len(rows), err)
			}
			got := ""
			if errs := rows[0].Errors; len(errs) > 0 {
				got = errs[0].Column
				if got == "" {
					got = "-"
				}
				if errs[0].Line != 2 {
					t.Errorf("error %v is not on line 2", errs[0])
				}
			}
			if got != tt.column {
				t.Errorf("Read(%q): first error in column %q (%v), want %q", tt.line, got, rows[0].Errors, tt.column)
			}
		})
	}
}

func TestReadHeader(t *testing.T) {
	_, err := readAll(t, []byte("id,side_a,best\n1,x,3\n"), "h.csv")
	want := "type_of_violence, side_b, date_prec"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Read(short header) = %v, want an error naming %s", err, want)
	}
	if _, err := readAll(t, nil, "h.csv"); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("Read(empty) = %v, want an error saying it is empty", err)
	}
}

func FuzzRead(f *testing.F) {
	f.Add(firstLines(f, readSample(f), 4))
	f.Add([]byte(badHeader + "1,3,Government of Mali,Civilians,1,2020-01-02,2020-01-02,Mali,432,14.1,-4.2,1,5,5,4,7\n"))
	f.Add([]byte(badHeader + "1,1,\"a\"b\",Civilians,1,2020-01-02,2019-01-02,,1000,91,-4.2,9,5,-5,4,7\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows := 0
		err := (&Reader{File: "fuzz.csv", Now: now}).Read(bytes.NewReader(data), func(r Row) error {
			rows++
			if len(r.Errors) == 0 {
				if err := r.Incident.ValidateAt(now); err != nil {
					t.Fatalf("row %d has no errors but its incident is invalid: %v", r.Line, err)
				}
				if err := r.Incident.CheckBounds(atlas.CountryBounds()); err != nil {
					t.Fatalf("row %d has no errors but lies outside its country: %v", r.Line, err)
				}
			}
			return nil
		})
		if err != nil && rows > 0 {
			t.Fatalf("Read failed after %d rows: %v", rows, err)
		}
	})
}

// BenchmarkRead reads the sample repeated to 50,000 events.
func BenchmarkRead(b *testing.B) {
	data := readSample(b)
	nl := bytes.IndexByte(data, '\n')
	var buf bytes.Buffer
	buf.Write(data[:nl+1])
	for range 50 {
		buf.Write(data[nl+1:])
	}
	big := buf.Bytes()
	b.SetBytes(int64(len(big)))
	for b.Loop() {
		err := Read(bytes.NewReader(big), sample, func(r Row) error {
			if len(r.Errors) > 0 {
				b.Fatal(r.Errors[0])
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(50_000*b.N)/b.Elapsed().Seconds(), "rows/s")
}

func TestReadOneSided(t *testing.T) {
	data := badHeader +
		"1,3,Government of Mali,Civilians,1,2020-01-02,2020-01-02,Mali,432,14.1,-4.2,1,5,5,4,7\n" +
		"2,3,JNIM,Civilians,1,2020-01-02,2020-01-02,Mali,432,14.1,-4.2,1,3,3,3,9\n" +
		"3,1,Government of Mali,JNIM,1,2020-01-02,2020-01-02,Mali,432,14.1,-4.2,1,2,20,15,30\n"
	rows, err := readAll(t, []byte(data), "t.csv")
	if err != nil {
		t.Fatal(err)
	}
	type summary struct {
		Category     custos.IncidentCategory
		Killed       custos.Estimate
		Perpetrators []custos.Perpetrator
	}
	var got []summary
	for _, r := range rows {
		if len(r.Errors) > 0 {
			t.Errorf("line %d: %v", r.Line, r.Errors)
		}
		got = append(got, summary{r.Incident.Category, r.Incident.Victims.Killed, r.Incident.Perpetrators})
	}
	want := []summary{
		{"extrajudicial_killing", custos.Estimate{Best: 5, Low: 4, High: 7}, []custos.Perpetrator{{Name: "Government of Mali", Role: "direct"}}},
		{"other", custos.Estimate{Best: 3, Low: 3, High: 9}, []custos.Perpetrator{{Name: "JNIM", Role: "direct"}}},
		// Without deaths_unknown, civilians in fighting are a single figure.
		{"civilian_harm_operations", custos.Point(2), []custos.Perpetrator{{Name: "Government of Mali", Role: "unknown"}, {Name: "JNIM", Role: "unknown"}}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Read mismatch (-want +got):\n%s", diff)
	}
}
