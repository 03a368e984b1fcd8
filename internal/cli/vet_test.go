package cli

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestVetScreen(t *testing.T) {
	dir := t.TempDir()
	records := filepath.Join(dir, "r.csv")
	nominees := filepath.Join(dir, "n.csv")
	os.WriteFile(records, []byte("id,kind,name,aliases,birth_date,gender,nationality,unit,parent_unit\n"+
		"R1,person,Mohamed Ould Abdallahi,محمد ولد عبد الله,1971,male,MR,,\n"+
		"R2,unit,3rd Infantry Battalion,,,,ML,,1st Brigade\n"+
		"R3,person,Ivan Petrov,Иван Петров,1980,male,RU,,\n"), 0o600)
	os.WriteFile(nominees, []byte("id,kind,name,aliases,birth_date,gender,nationality,unit,parent_unit\n"+
		"N1,person,Col. Mohammed Ould Abdallahi,,1972,male,MR,,\n"+
		"N2,unit,3e Bataillon d'Infanterie,,,,ML,,\n"+
		"N3,person,Fatoumata Keita,,1990,female,ML,,\n"+
		"N4,robot,R2-D2,,,,,,\n"), 0o600)
	out := filepath.Join(dir, "hits.csv")
	code, _, errs := runCLI(t, dir, "", "vet", "screen", "--records", records, "--nominees", nominees, "--out", out)
	if code != 1 || !strings.Contains(errs, "n.csv") || !strings.Contains(errs, ":5") {
		t.Errorf("vet screen with a bad row = %d %q, want 1 and the bad row's file and line", code, errs)
	}
	if strings.Contains(errs, "exit status") {
		t.Errorf("vet screen stderr = %q, want the bad rows only, not the exit status", errs)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "nominee_id,rank,record_id,score,band,explanation" {
		t.Fatalf("header = %v", rows[0])
	}
	top := map[string]string{}
	for _, r := range rows[1:] {
		if r[1] == "1" {
			top[r[0]] = r[2]
		}
	}
	if top["N1"] != "R1" || top["N2"] != "R2" {
		t.Errorf("top hits = %v, want N1→R1 and N2→R2", top)
	}
	if _, ok := top["N3"]; ok {
		t.Errorf("N3 (no match) has a hit above the default minimum score: %v", top["N3"])
	}
	code, _, _ = runCLI(t, dir, "", "vet", "screen", "--records", records)
	if code != 2 {
		t.Errorf("vet screen without --nominees = %d, want 2", code)
	}
}
