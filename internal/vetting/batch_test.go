package vetting

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

func TestBatchGolden(t *testing.T) {
	for _, format := range []string{"csv", "json"} {
		t.Run(format, func(t *testing.T) {
			recs, _ := os.ReadFile("testdata/batch_records.csv")
			noms, _ := os.ReadFile("testdata/batch_nominees.csv")
			var out, errOut bytes.Buffer
			bad, err := Batch(bytes.NewReader(recs), bytes.NewReader(noms), BatchOptions{Top: 3, MinScore: 0.3, Format: format, RecordsName: "R.csv", NomineesName: "N.csv"}, &out, &errOut)
			if err != nil {
				t.Fatalf("Batch: %v", err)
			}
			if bad != 4 {
				t.Errorf("Batch bad rows = %d, want 4; errors:\n%s", bad, errOut.String())
			}
			wantErr := "N.csv:13: kind: is \"soldier\", want person or unit\nN.csv:14: name: has no letters or digits\nN.csv:15: birth_date: \"1970-13\" has no month 13\nN.csv:16: id: duplicate id \"n1\" (first on line 2)\n"
			if diff := cmp.Diff(wantErr, errOut.String()); diff != "" {
				t.Errorf("Batch errors (-want +got):\n%s", diff)
			}
			if format == "json" {
				var v []map[string]any
				if err := json.Unmarshal(out.Bytes(), &v); err != nil {
					t.Fatalf("Batch JSON output does not parse: %v", err)
				}
			}
			golden := filepath.Join("testdata", "batch_golden."+format)
			if *update {
				os.WriteFile(golden, out.Bytes(), 0o644)
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("reading golden file (run with -update): %v", err)
			}
			if diff := cmp.Diff(string(want), out.String()); diff != "" {
				t.Errorf("Batch output (-want +got):\n%s", diff)
			}
			// Same inputs, same output, byte for byte.
			var again bytes.Buffer
			Batch(bytes.NewReader(recs), bytes.NewReader(noms), BatchOptions{Top: 3, MinScore: 0.3, Format: format}, &again, &bytes.Buffer{})
			if again.String() != out.String() {
				t.Errorf("Batch is not deterministic")
			}
		})
	}
}

func TestBatchOptions(t *testing.T) {
	recs := "id,kind,name\n" + strings.Repeat("", 0)
	for i := range 15 {
		recs += "r" + string(rune('a'+i)) + ",person,Ahmed Hassan\n"
	}
	noms := "name,kind,id\nAhmed Hassan,person,n1\nZzyzx Qwerty,person,n2\n"
	tests := []struct {
		opts     BatchOptions
		wantRows int
	}{
		{BatchOptions{}, 10},                      // zero Top: DefaultTop
		{BatchOptions{Top: -1}, 15},               // negative Top: all
		{BatchOptions{Top: 2}, 2},                 //
		{BatchOptions{Top: 3, MinScore: 0.99}, 3}, // exact matches score 1
		{BatchOptions{Top: 3, MinScore: 1.01}, 0}, //
	}
	for _, tt := range tests {
		var out bytes.Buffer
		if _, err := Batch(strings.NewReader(recs), strings.NewReader(noms), tt.opts, &out, &bytes.Buffer{}); err != nil {
			t.Fatalf("Batch(%+v): %v", tt.opts, err)
		}
		if got := strings.Count(out.String(), "\n") - 1; got != tt.wantRows {
			t.Errorf("Batch(%+v) wrote %d rows, want %d:\n%s", tt.opts, got, tt.wantRows, out.String())
		}
	}
	if _, err := Batch(strings.NewReader(recs), strings.NewReader(noms), BatchOptions{Format: "xml"}, &bytes.Buffer{}, &bytes.Buffer{}); err == nil {
		t.Errorf("Batch(format xml) = nil error, want one")
	}
}

func TestReadCSV(t *testing.T) {
	long := strings.Repeat("a", 10000)
	tests := []struct {
		name    string
		in      string
		wantN   int
		wantBad []string
		wantErr bool
	}{
		{"missing header column", "id,name\n1,x\n", 0, nil, true},
		{"empty file", "", 0, nil, true},
		{"any order and extra columns", "nationality,name,foo,kind,id\nFrance,Jean Dupont,x,person,1\n", 1, nil, false},
		{"bad rows", "id,kind,name,birth_date,gender,nationality\n" +
			"1,person,,,,\n" +
			"2,person," + long + ",,,\n" +
			"3,person,A\xffB,,,\n" +
			"4,person,?!,,,\n" +
			"5,robot,X,,,\n" +
			"6,person,X,1970-02-30,,\n" +
			"7,person,X,,q,\n" +
			"8,person,X,,,Atlantis\n" +
			"8,person,Y,,,\n" +
			"9,unit,3 BI,,,\n" +
			"10,person,\"bad\"quote,,,\n" +
			"11,person,Ok Name,1970,F,Iraq\n",
			3, []string{
				"f.csv:2: name: is empty",
				"f.csv:3: name: is longer than 500 characters",
				"f.csv:4: name: is not valid UTF-8",
				"f.csv:5: name: has no letters or digits",
				"f.csv:6: kind: is \"robot\", want person or unit",
				"f.csv:7: birth_date: \"1970-02-30\" is not a day of the calendar",
				"f.csv:8: gender: is \"q\", want m, f or empty",
				"f.csv:9: nationality: \"Atlantis\" is neither an ISO 3166 code nor a country name",
				"f.csv:12: malformed CSV: extraneous or missing \" in quoted-field",
			}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, bad, err := ReadCSV(strings.NewReader(tt.in), "f.csv")
			if (err != nil) != tt.wantErr {
				t.Fatalf("ReadCSV() error = %v, want error %v", err, tt.wantErr)
			}
			var got []string
			for _, b := range bad {
				got = append(got, b.Error())
			}
			if diff := cmp.Diff(tt.wantBad, got); diff != "" {
				t.Errorf("ReadCSV() bad rows (-want +got):\n%s", diff)
			}
			if len(recs) != tt.wantN {
				t.Errorf("ReadCSV() = %d records, want %d", len(recs), tt.wantN)
			}
		})
	}
}

func FuzzReadCSV(f *testing.F) {
	head := "id,kind,name,aliases,birth_date,gender,nationality,unit,parent_unit\n"
	f.Add(head + "1,person,Muhammad al-Rashid,Abu X|Y,1970,m,IQ,3 BI,\n")
	f.Add(head + "1,unit,3 BI,,,,,,12 Bde\n2,unit,12 Bde,,,,,,\n")
	f.Add("id,kind,name\n\"1,person,x\n")
	f.Add(head + "1,person,\xff,,,,,,\n")
	f.Fuzz(func(t *testing.T, s string) {
		recs, _, err := ReadCSV(strings.NewReader(s), "f.csv")
		if err != nil {
			return
		}
		ix := NewIndex(recs)
		for _, r := range recs {
			ix.Screen(r, 5, 0)
		}
		var out bytes.Buffer
		Batch(strings.NewReader(s), strings.NewReader(s), BatchOptions{Format: "json"}, &out, &bytes.Buffer{})
		if out.Len() > 0 && !json.Valid(out.Bytes()) {
			t.Fatalf("Batch JSON output is not valid JSON: %s", out.String())
		}
	})
}
