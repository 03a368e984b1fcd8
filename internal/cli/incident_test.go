package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportEventsAndReport imports a small HXL table twice, then prints
// its civilian-harm report, and refuses a file with a malformed row.
func TestImportEventsAndReport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	file := filepath.Join(dir, "events.csv")
	csv := "#meta+id,#date,#country+code,#adm1+name,#affected+killed,#actor+name,#event+type\n" +
		"A1,2024-03-02,ML,Mopti,3,FAMa,Exécution sommaire\n" +
		"A2,2024-03-09,ML,Gao,0,Unknown,Arbitrary detention\n"
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"imported 2 incidents (0 updated, 0 rejected)", "imported 2 incidents (2 updated, 0 rejected)"} {
		code, out, errs := runCLI(t, dir, "", "import", "hxl", "--db", db, file)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if code != 0 || lines[len(lines)-1] != want {
			t.Fatalf("import hxl = %d %q (%s), want last line %q", code, out, errs, want)
		}
	}
	code, out, errs := runCLI(t, dir, "", "report", "civilian-harm", "--country", "ML", "--month", "2024-03", "--format", "csv", "--table", "reviews", "--db", db)
	if code != 0 || !strings.Contains(out, "reported,2") {
		t.Errorf("report civilian-harm = %d %q %s, want reported,2", code, out, errs)
	}
	code, out, _ = runCLI(t, dir, "", "incident", "list", "--db", db, "country=ML")
	if code != 0 || strings.Count(out, "\n") != 3 {
		t.Errorf("incident list = %d %q, want a header and 2 rows", code, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if f := strings.Fields(line); len(f) < 3 || f[2] != "ML" && f[2] != "COUNTRY" {
			t.Errorf("incident list line %q: want the country (ML) in the third column", line)
		}
	}
	bad := csv + "A3,2024-02-30,ML,Gao,1,X,Arbitrary detention\n"
	if err := os.WriteFile(file, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs = runCLI(t, dir, "", "import", "hxl", "--db", db, file)
	if code == 0 || !strings.Contains(errs, "events.csv:4") || out != "" {
		t.Errorf("import hxl (bad row) = %d %q %q, want a failure naming line 4", code, out, errs)
	}
}
