package vetting

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
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
		{"misspelled column", "id,kind,name,birthdate,nationalty\n1,person,X,1970,ZZ\n", 0, nil, true},
		{"column with a space", "id,kind,name,parent unit\n1,unit,X,Y\n", 0, nil, true},
		{"repeated column", "id,kind,name,name\n1,person,X,Y\n", 0, nil, true},
		{"repeated unknown column", "id,kind,name,note,note\n1,person,X,a,b\n", 1, nil, false},
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

// failAfter accepts n bytes, then fails every write.
type failAfter struct{ n int }

var errFull = errors.New("disk full")

func (f *failAfter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		k := f.n
		f.n = 0
		return k, errFull
	}
	f.n -= len(p)
	return len(p), nil
}

// TestBatchChunks screens nominees over several chunks (the hits of one
// are written while the next is screened): the output is in nominee order
// and the same as screening each alone, and with a failing output Batch
// returns that error without hanging (whether it stops screening early is
// not observed here).
func TestBatchChunks(t *testing.T) {
	var recs, noms strings.Builder
	recs.WriteString("id,kind,name,aliases,birth_date,gender,nationality,unit,parent_unit\n")
	noms.WriteString("id,kind,name,aliases,birth_date,gender,nationality,unit,parent_unit\n")
	surnames := []string{"Traore", "Coulibaly", "Diallo", "Keita", "Kone", "Sangare", "Toure", "Maiga"}
	given := []string{"Amadou", "Fatoumata", "Moussa", "Aminata", "Ibrahim", "Mariam"}
	for i := range 200 {
		fmt.Fprintf(&recs, "r%03d,person,%s %s,,,,,,\n", i, given[i%len(given)], surnames[i/len(given)%len(surnames)])
	}
	const n = 2500 // three chunks
	for i := range n {
		fmt.Fprintf(&noms, "n%04d,person,%s %s,,,,,,\n", i, given[(i*7)%len(given)], surnames[(i*3)%len(surnames)])
	}
	opts := BatchOptions{Top: 2, MinScore: 0.5}
	var out, errOut bytes.Buffer
	if _, err := Batch(strings.NewReader(recs.String()), strings.NewReader(noms.String()), opts, &out, &errOut); err != nil {
		t.Fatalf("Batch: %v", err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) < n {
		t.Fatalf("Batch wrote %d lines for %d nominees", len(lines), n)
	}
	// In nominee order, and each nominee's hits as when screened alone.
	recsList, _, err := ReadCSV(strings.NewReader(recs.String()), "records")
	if err != nil {
		t.Fatal(err)
	}
	ix := NewIndex(recsList)
	nomsList, _, _ := ReadCSV(strings.NewReader(noms.String()), "nominees")
	var want bytes.Buffer
	w := newHitWriter(&want, "csv")
	w.begin()
	for _, nom := range nomsList {
		for rank, h := range ix.Screen(nom, 2, 0.5) {
			w.hit(nom.ID, rank+1, h)
		}
	}
	w.end()
	if diff := cmp.Diff(want.String(), out.String()); diff != "" {
		t.Errorf("Batch over chunks differs from screening one by one (-want +got):\n%.2000s", diff)
	}
	for _, limit := range []int{0, 100, out.Len() / 2} {
		_, err := Batch(strings.NewReader(recs.String()), strings.NewReader(noms.String()), opts, &failAfter{limit}, &errOut)
		if !errors.Is(err, errFull) {
			t.Errorf("Batch into an output full after %d bytes: error %v, want %v", limit, err, errFull)
		}
	}
}

// TestReadCSVNoHeader proves that a file starting with a data row is told
// it lacks the header, rather than that an empty cell is a misspelt column.
func TestReadCSVNoHeader(t *testing.T) {
	for _, in := range []string{"n1,person,Foo Bar,,,,,,\n", "n1,person,Foo Bar\n"} {
		_, _, err := ReadCSV(strings.NewReader(in), "n.csv")
		if err == nil || !strings.Contains(err.Error(), "n.csv: line 1 is not a header") {
			t.Errorf("ReadCSV(%q) error = %v, want one saying line 1 is not a header", in, err)
		}
	}
}
