package hxl

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// keysOf reads data as file and returns each row's source key, failing on
// a row with errors.
func keysOf(t *testing.T, data, file string) []string {
	t.Helper()
	rows, err := readAll(t, []byte(data), file)
	if err != nil {
		t.Fatalf("Read(%s) = %v", file, err)
	}
	var keys []string
	for _, r := range rows {
		for _, e := range r.Errors {
			t.Errorf("Read(%s): %v", file, e)
		}
		keys = append(keys, r.Incident.Source.Key)
	}
	return keys
}

// TestReadKeys proves that a row without an id is keyed by its content, not
// by its file or line: re-reading a file, inserting a row above the others
// or renaming the file leaves the keys as they were; identical rows get
// distinct keys that are the same on every read; rows with an id keep it.
func TestReadKeys(t *testing.T) {
	const head = "#date,#country+code,#adm1+name,#loc+name,#geo+lat,#geo+lon,#affected+killed,#actor+name,#event+type,#description\n"
	const (
		one   = "2023-03-19,ML,Mopti,Hamlet One,13.9,-4.5,4,FAMa,Exécution sommaire,Four men shot.\n"
		two   = "2023-03-20,ML,Mopti,Hamlet Two,13.8,-4.4,2,FAMa,Exécution sommaire,Two men shot.\n"
		three = "2023-03-21,ML,Mopti,Hamlet Three,13.7,-4.3,1,FAMa,torture,A man beaten.\n"
		fresh = "2023-03-22,ML,Ségou,New Village,13.4,-6.2,0,,arrest,Ten men detained.\n"
	)
	base := keysOf(t, head+one+two+three, "incidents.csv")
	for i, k := range base {
		if !strings.HasPrefix(k, "row:") || len(k) != len("row:")+20 {
			t.Errorf("key of row %d = %q, want row: and 20 hex digits", i+1, k)
		}
	}
	tests := []struct {
		name, file, data string
		want             []string
	}{
		{"same file again", "incidents.csv", head + one + two + three, base},
		{"row inserted at the top", "incidents.csv", head + fresh + one + two + three,
			append([]string{keysOf(t, head+fresh, "x.csv")[0]}, base...)},
		{"row inserted in the middle", "incidents.csv", head + one + fresh + two + three,
			[]string{base[0], keysOf(t, head+fresh, "x.csv")[0], base[1], base[2]}},
		{"rows reordered", "incidents.csv", head + three + one + two, []string{base[2], base[0], base[1]}},
		{"another file name", "other.csv", head + one + two + three, base},
		{"text header above", "incidents.csv", "Date,Pays,Région,Lieu,Lat,Lon,Tués,Auteur,Type,Description\n" + head + one + two + three, base},
		{"spaces and case", "incidents.csv", head +
			"2023-03-19, ml ,MOPTI,Hamlet  One,13.90,-4.50,4,FAMa,Exécution sommaire,Four men  shot.\n" + two + three, base},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, keysOf(t, tt.data, tt.file)); diff != "" {
				t.Errorf("keys (-want +got):\n%s", diff)
			}
		})
	}
}

// TestReadKeysDuplicates proves that identical rows in one file get
// distinct keys, numbered in file order, the same on every read.
func TestReadKeysDuplicates(t *testing.T) {
	const head = "#date,#country+code,#affected+killed,#event+type\n"
	const a, b = "2023-01-02,ML,3,torture\n", "2023-01-03,ML,1,torture\n"
	ka, kb := keysOf(t, head+a, "f.csv")[0], keysOf(t, head+b, "f.csv")[0]
	tests := []struct {
		name, data string
		want       []string
	}{
		{"two alike", head + a + a, []string{ka, ka + "#2"}},
		{"three alike among others", head + a + b + a + a, []string{ka, kb, ka + "#2", ka + "#3"}},
		{"a row inserted at the top", head + b + a + a, []string{kb, ka, ka + "#2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for read := 1; read <= 2; read++ {
				if diff := cmp.Diff(tt.want, keysOf(t, tt.data, "f.csv")); diff != "" {
					t.Errorf("read %d: keys (-want +got):\n%s", read, diff)
				}
			}
		})
	}
}

// TestReadKeysDiffer proves that a change to any field that makes up the
// incident changes the key, so that an edited row never takes over the
// incident (and verification) of its earlier version.
func TestReadKeysDiffer(t *testing.T) {
	const head = "#date,#date+end,#country+code,#adm1+name,#adm2+name,#adm3+name,#loc+name,#geo+lat,#geo+lon,#affected+killed,#affected+injured,#affected+killed+f,#affected+killed+children,#actor+name,#event+type,#event+name,#description,#meta+source,#meta+url\n"
	row := []string{"2023-03-19", "2023-03-20", "ML", "Mopti", "Djenné", "X", "Hamlet One", "13.9", "-4.5", "4", "2", "1", "1", "FAMa", "Exécution sommaire", "Killing", "Four men shot.", "Watch", "https://example.org/1"}
	changed := []string{"2023-03-18", "2023-03-21", "BF", "Ségou", "Bla", "Y", "Hamlet Two", "13.8", "-4.4", "5", "3", "2", "0", "JNIM", "torture", "Other", "Five men shot.", "Other watch", "https://example.org/2"}
	// A row with errors is keyed too (Burkina Faso does not hold Mopti's
	// coordinates), so the key of the one row is read whatever its errors.
	key := func(r []string) string {
		rows, err := readAll(t, []byte(head+strings.Join(r, ",")+"\n"), "f.csv")
		if err != nil || len(rows) != 1 {
			t.Fatalf("Read = %d rows, %v; want 1 row", len(rows), err)
		}
		return rows[0].Incident.Source.Key
	}
	base := key(row)
	for i := range row {
		if row[i] == changed[i] {
			continue
		}
		r := append([]string(nil), row...)
		r[i] = changed[i]
		if got := key(r); got == base {
			t.Errorf("changing column %d (%s) from %q to %q left the key %q", i, strings.Split(strings.TrimSpace(head), ",")[i], row[i], r[i], got)
		}
	}
}

// TestReadKeysWithIDs proves that rows with an id are keyed by it, wherever
// they are and whatever the file, and that a row whose id cell is empty is
// keyed by its content.
func TestReadKeysWithIDs(t *testing.T) {
	const head = "#meta+id,#date,#country+code,#affected+killed\n"
	tests := []struct {
		name, file, data string
		want             []string
	}{
		{"ids", "a.csv", head + "A1,2023-01-02,ML,3\nA2,2023-01-03,ML,1\n", []string{"A1", "A2"}},
		{"ids after an inserted row", "b.csv", head + "A0,2023-01-01,ML,0\nA1,2023-01-02,ML,3\nA2,2023-01-03,ML,1\n", []string{"A0", "A1", "A2"}},
		{"same id and data twice", "a.csv", head + "A1,2023-01-02,ML,3\nA1,2023-01-02,ML,3\n", []string{"A1", "A1"}},
		{"event code", "a.csv", "#event+code,#date,#country+code\nE-7,2023-01-02,ML\n", []string{"E-7"}},
		{"an empty id", "a.csv", head + "A1,2023-01-02,ML,3\n,2023-01-03,ML,1\n",
			[]string{"A1", keysOf(t, "#date,#country+code,#affected+killed\n2023-01-03,ML,1\n", "x.csv")[0]}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, keysOf(t, tt.data, tt.file)); diff != "" {
				t.Errorf("keys (-want +got):\n%s", diff)
			}
		})
	}
}
