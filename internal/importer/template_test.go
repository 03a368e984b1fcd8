package importer

import (
	"bytes"
	"errors"
	"github.com/xuri/excelize/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/custos-ssa/custos/internal/store/storetest"
	"github.com/google/go-cmp/cmp"
)

const actorsCSV = `key,country,kind,name,aliases,parent,echelon,releasability
army,ML,army,Armée de Terre,ar:القوات البرية|en:Land Forces,,service,public
bde1,ML,army,1re Brigade,,army,brigade,
bn3,ML,army,3e Bataillon d'Infanterie,en:3rd Infantry Battalion,bde1,battalion,
`

func TestTableImport(t *testing.T) { stores(t, testTableImport) }

func testTableImport(t *testing.T, st *store.DB) {
	res, err := Table(sys, st, "actors", "actors.csv", []byte(actorsCSV), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 3 || res.Created != 3 || res.Summary() != "imported 3 actors rows: 3 created, 0 updated" {
		t.Errorf("Table(actors) = %+v", res)
	}
	bns, _, err := st.FindActors(sys, custos.ActorFilter{Q: "3e Bataillon"})
	if err != nil || len(bns) != 1 {
		t.Fatalf("battalion not found: %v", err)
	}
	anc, _ := st.ActorAncestors(sys, bns[0].ID)
	if len(anc) != 2 || anc[1].Name != "Armée de Terre" {
		t.Errorf("battalion ancestors = %v, want brigade then army", anc)
	}
	if diff := cmp.Diff([]custos.Name{{Value: "3rd Infantry Battalion", Lang: "en"}}, bns[0].Names); diff != "" {
		t.Errorf("aliases mismatch (-want +got):\n%s", diff)
	}
	// Re-importing updates by key.
	res, err = Table(sys, st, "actors", "actors.csv", []byte(strings.Replace(actorsCSV, "1re Brigade", "1ère Brigade", 1)), nil)
	if err != nil || res.Created != 0 || res.Updated != 3 {
		t.Fatalf("re-import = %+v, %v; want 3 updated", res, err)
	}
	persons := "key,name,birth_date,gender,nationality,rank,unit,position\nc1,Amadou Diallo,1975,male,ML,Colonel,bn3,commander\n"
	if _, err := Table(sys, st, "persons", "persons.csv", []byte(persons), nil); err != nil {
		t.Fatal(err)
	}
	members, _, _ := st.FindPersons(sys, custos.PersonFilter{ActorID: bns[0].ID})
	if len(members) != 1 || members[0].Memberships[0].Position != "commander" {
		t.Errorf("members of the battalion = %+v", members)
	}
	programs := "key,title,country,authority,lead_org,recipients,budget,icb_domains,status\n" +
		"p1,Professional military education,ML,IMET,,bn3|army,2025:1200000|FY2026:$900000,law_human_rights,active\n"
	if _, err := Table(sys, st, "programs", "programs.csv", []byte(programs), nil); err != nil {
		t.Fatal(err)
	}
	progs, _, _ := st.FindPrograms(sys, custos.ProgramFilter{Q: "Professional military"})
	if len(progs) != 1 || progs[0].TotalUSD() != 2_100_000 || len(progs[0].RecipientIDs) != 2 || progs[0].AuthorityID == 0 {
		t.Fatalf("program = %+v", progs)
	}
	activities := "key,program,kind,title,start,end,units,persons,quantity,cost_usd\nc-1,p1,course,Law of armed conflict,2025-02-03,2025-02-14,bn3,c1,30,\"12,190\"\n"
	// The Leahy interlock holds for imported activities too: no participant
	// without an approved vetting in force.
	_, err = Table(sys, st, "activities", "activities.csv", []byte(activities), nil)
	var re RowErrors
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "column units") || !strings.Contains(err.Error(), "column persons") {
		t.Fatalf("importing an activity with unvetted participants: %v, want refusals naming units and persons", err)
	}
	storetest.ApproveVetting(t, st, progs[0].ID, []int64{bns[0].ID}, []int64{members[0].ID})
	if _, err := Table(sys, st, "activities", "activities.csv", []byte(activities), nil); err != nil {
		t.Fatal(err)
	}
	acts, _, _ := st.FindActivities(sys, custos.ActivityFilter{ProgramID: progs[0].ID})
	if len(acts) != 1 || acts[0].CostUSD != 12190 || len(acts[0].PersonIDs) != 1 {
		t.Errorf("activity = %+v", acts)
	}
}

func TestTableImportErrors(t *testing.T) { stores(t, testTableImportErrors) }

func testTableImportErrors(t *testing.T, st *store.DB) {
	tests := []struct {
		name, kind, data string
		want             []string // "row/column: reason part"
	}{
		{"missing required column", "actors", "name,kind\nx,army\n", []string{"1/country: the required column is missing"}},
		{"unknown column", "actors", "country,kind,name,colour\nML,army,x,red\n", []string{"1/colour: is not a column"}},
		{"bad values named by column", "actors", "key,country,kind,name,releasability\na,Mali,knights,x,secret\n",
			[]string{"2/country: ", "2/kind: ", "2/releasability: "}},
		{"required cell empty", "actors", "country,kind,name\nML,army,\n", []string{"2/name: is required"}},
		{"forward reference", "actors", "key,country,kind,name,parent\nb,ML,army,B,a\na,ML,army,A,\n", []string{"2/parent: no actor has the key \"a\""}},
		{"missing id", "actors", "country,kind,name,parent\nML,army,B,999999\n", []string{"2/parent: no actor has the id 999999"}},
		{"duplicate key", "actors", "key,country,kind,name\na,ML,army,A\na,ML,police,B\n", []string{"3/key: key \"a\" is also on row 2"}},
		{"duplicate row", "actors", "country,kind,name\nML,army,A\nML,army,A\n", []string{"3/: repeats row 2"}},
		{"bad budget", "programs", "title,country,budget\nx,ML,twenty\n", []string{"2/budget: "}},
		{"unknown authority", "programs", "title,country,authority\nx,ML,XYZ\n", []string{"2/authority: no authority has the code"}},
		{"bad number", "activities", "program,kind,title,quantity\n1,course,x,many\n", []string{"2/program: no program has the id 1", "2/quantity: "}},
		{"impossible date", "activities", "program,kind,title,start\n1,course,x,2025-02-30\n", []string{"2/start: "}},
		{"not a table", "actors", "%PDF-1.4", []string{"0/: the file is neither CSV nor XLSX"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Table(sys, st, tt.kind, "f.csv", []byte(tt.data), nil)
			var re RowErrors
			if !errors.As(err, &re) {
				t.Fatalf("Table() error = %v, want RowErrors", err)
			}
			var got []string
			for _, e := range re {
				got = append(got, strconv.Itoa(e.Row)+"/"+e.Column+": "+e.Reason)
			}
			for _, w := range tt.want {
				found := false
				for _, g := range got {
					if strings.HasPrefix(g, w) || strings.Contains(g, w) {
						found = true
					}
				}
				if !found {
					t.Errorf("errors %q lack %q", got, w)
				}
			}
		})
	}
	// Nothing was stored by any of them.
	if diff := cmp.Diff(map[string]int{}, counts(t, st)); diff != "" {
		t.Errorf("failed imports left records (-want +got):\n%s", diff)
	}
	// One bad row fails the whole file.
	_, err := Table(sys, st, "actors", "f.csv", []byte("country,kind,name\nML,army,Good\nML,army,\n"), nil)
	if err == nil {
		t.Fatal("a file with a bad row imported")
	}
	if n := counts(t, st)["actors"]; n != 0 {
		t.Errorf("%d actors stored from a file with a bad row, want 0", n)
	}
}

func FuzzTableImport(f *testing.F) {
	f.Add([]byte(actorsCSV))
	f.Add([]byte("country,kind,name,parent\nML,army,x,1\n"))
	st := fuzzStore(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := Table(sys, st, "actors", "fuzz.csv", data, nil)
		var re RowErrors
		if err != nil && !errors.As(err, &re) {
			t.Fatalf("Table() error %T %v, want RowErrors", err, err)
		}
	})
}

func TestTemplatesRoundTrip(t *testing.T) {
	// An empty template, filled with nothing, imports nothing and fails
	// nothing; a filled XLSX template imports.
	st := fuzzStoreT(t)
	for _, tpl := range Templates {
		var b strings.Builder
		if err := WriteTemplateCSV(&b, tpl); err != nil {
			t.Fatal(err)
		}
		res, err := Table(sys, st, tpl.Kind, tpl.Kind+".csv", []byte(b.String()), nil)
		if err != nil || res.Rows != 0 {
			t.Errorf("empty %s template: %+v, %v", tpl.Kind, res, err)
		}
	}
	var buf bytes.Buffer
	tpl, _ := TemplateFor("actors")
	if err := WriteTemplateXLSX(&buf, tpl); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	f.SetSheetRow("actors", "A2", &[]any{"k1", "NE", "gendarmerie", "Gendarmerie nationale"})
	var filled bytes.Buffer
	if _, err := f.WriteTo(&filled); err != nil {
		t.Fatal(err)
	}
	res, err := Table(sys, st, "actors", "actors.xlsx", filled.Bytes(), nil)
	if err != nil || res.Created != 1 {
		t.Errorf("filled XLSX template: %+v, %v", res, err)
	}
}
