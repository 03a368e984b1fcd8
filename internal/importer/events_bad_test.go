package importer

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store/sqlite"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestEventsBadValues proves that each format refuses, by line and column,
// coordinates outside the row's country, UCDP estimates out of order and
// event types outside ACLED's list, and that a file holding any of them
// imports nothing.
func TestEventsBadValues(t *testing.T) {
	const ucdpHeader = "id,type_of_violence,side_a,side_b,date_prec,date_start,date_end,country,country_id,latitude,longitude,where_prec,deaths_civilians,best,low,high\n"
	const acledHeader = "event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,inter1,actor2,inter2,iso,country,latitude,longitude,geo_precision,fatalities\n"
	const hxlHeader = "#meta+id,#date,#country+code,#geo+lat,#geo+lon,#event+type,#description\n"
	tests := []struct {
		format, file, data string
		want               []string // "file:line: column" of each problem
	}{
		{"ucdp", "ged.csv", ucdpHeader +
			"1,3,Government of Mali,Civilians,1,2020-01-02,2020-01-02,Mali,432,14.1,-4.2,1,5,5,4,7\n" +
			"2,3,Government of Mali,Civilians,1,2020-01-02,2020-01-02,Mali,432,48.85,2.35,1,5,5,4,7\n" +
			"3,3,Government of Mali,Civilians,1,2020-01-02,2020-01-02,Mali,432,14.1,-4.2,1,50,50,1,2\n" +
			"4,3,Government of Mali,Civilians,1,2020-01-02,2020-01-02,Mali,432,14.1,-4.2,1,5,5,9,9\n" +
			"5,1,Government of Mali,JNIM,1,2020-01-02,2020-01-02,Mali,432,14.1,-4.2,1,2,20,15,1\n" +
			// UCDP's own data has estimates one apart out of order: kept.
			"6,1,Government of Mali,JNIM,1,2020-01-02,2020-01-02,Mali,432,14.1,-4.2,1,2,2,3,3\n" +
			"7,1,Government of Syria,Syrian insurgents,1,2013-01-03,2013-01-03,Syria,652,48.85,2.35,1,2,2,2,2\n",
			[]string{"ged.csv:3: latitude", "ged.csv:4: high", "ged.csv:5: low", "ged.csv:6: high", "ged.csv:8: latitude"}},
		{"acled", "acled.csv", acledHeader +
			"X1,2023-03-01,1,Violence against civilians,Attack,Army,1,Civilians,7,466,Mali,13.9,-4.5,1,1\n" +
			"X2,2023-03-01,1,Violence against civilians,Attack,Army,1,Civilians,7,466,Mali,48.85,2.35,1,1\n" +
			"X3,2023-03-01,1,Jaywalking,Attack,Army,1,Civilians,7,466,Mali,13.9,-4.5,1,1\n" +
			"X4,2023-03-01,1,Battles,Attack,Army,1,Rebels,2,466,Mali,13.9,-4.5,1,1\n" +
			"X5,2023-03-01,1,,,Army,1,Civilians,7,466,Mali,13.9,-4.5,1,1\n" +
			"X6,2023-03-01,1,protests,peaceful protest,Protesters,6,,,760,Syria,48.85,2.35,1,0\n",
			[]string{"acled.csv:3: latitude", "acled.csv:4: event_type", "acled.csv:5: sub_event_type", "acled.csv:6: event_type", "acled.csv:7: latitude"}},
		{"hxl", "table.csv", hxlHeader +
			"H1,2024-03-02,ML,14.49,-4.19,torture,Beaten in custody.\n" +
			"H2,2024-03-02,ML,48.85,2.35,torture,Beaten in custody.\n" +
			"H3,2024-03-02,SY,2.35,48.85,torture,Beaten in custody.\n",
			[]string{"table.csv:3: #geo+lat", "table.csv:4: #geo+lat"}},
	}
	st, err := sqlite.Open(sys, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			_, err := Events(sys, st, tt.format, tt.file, strings.NewReader(tt.data), EventsOptions{Now: eventsNow})
			var rows *RowsError
			if !errors.As(err, &rows) {
				t.Fatalf("Events(%s) = %v, want a RowsError", tt.file, err)
			}
			var got []string
			for _, p := range rows.Problems {
				parts := strings.SplitN(p, ": ", 3)
				got = append(got, strings.Join(parts[:min(2, len(parts))], ": "))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" || rows.Bad != len(tt.want) {
				t.Errorf("Events(%s): %d bad rows, problems (-want +got):\n%s\n%v", tt.file, rows.Bad, diff, rows.Problems)
			}
			if n := countIncidents(t, st, custos.IncidentFilter{}); n != 0 {
				t.Errorf("Events(%s) refused but stored %d incidents", tt.file, n)
			}
		})
	}
}

// TestEventsHXLUnknownType proves that an HXL event type that is no Custos
// category is imported as "other" with the type as written kept in the
// description, so that nothing the table said is lost.
func TestEventsHXLUnknownType(t *testing.T) {
	st, err := sqlite.Open(sys, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	data := "#meta+id,#date,#country+code,#event+type,#event+name,#description\n" +
		"J1,2024-03-02,ML,jaywalking,Stopped at a checkpoint,\n" +
		"J2,2024-03-02,ML,Looting,Shops looted,Shops looted by soldiers.\n" +
		"J3,2024-03-02,ML,torture,Beaten in custody,\n" +
		"J4,2024-03-02,ML,,Unknown event,\n"
	if _, err := Events(sys, st, "hxl", "types.csv", bytes.NewReader([]byte(data)), EventsOptions{Now: eventsNow}); err != nil {
		t.Fatal(err)
	}
	list, _, err := st.FindIncidents(sys, custos.IncidentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	type kept struct {
		Category    custos.IncidentCategory
		Description string
	}
	got := map[string]kept{}
	for _, i := range list {
		got[i.Source.Key] = kept{i.Category, i.Description}
	}
	note := func(s string) string {
		return "Event type as recorded: " + s + " (no Custos category matches it, so the incident is filed as other)."
	}
	want := map[string]kept{
		"J1": {"other", note("jaywalking")},
		"J2": {"other", note("Looting") + "\n\nShops looted by soldiers."},
		"J3": {"torture", ""},
		"J4": {"other", ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("imported categories and descriptions (-want +got):\n%s", diff)
	}
}

// TestEventsRowProblems proves that the problems of a RowsError are also
// given by line and field, in the same order, and that a header a reader
// cannot use is reported the same way, at line 1, with nothing stored.
func TestEventsRowProblems(t *testing.T) {
	st, err := sqlite.Open(sys, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tests := []struct {
		format, data string
		want         []RowProblem // messages not compared
	}{
		{"hxl", "#meta+id,#date,#country+code,#geo+lat,#geo+lon,#event+type\n" +
			"H1,2024-03-02,ML,48.85,2.35,torture\nH2,2024-13-02,ML,14.49,-4.19,torture\n",
			[]RowProblem{{Line: 2, Field: "#geo+lat"}, {Line: 3, Field: "#date"}}},
		{"ucdp", "id,date\n1,2020-01-02\n", []RowProblem{{Line: 1}}},
		{"acled", "", []RowProblem{{Line: 1}}},
		{"hxl", "a,b\n1,2\n", []RowProblem{{Line: 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			_, err := Events(sys, st, tt.format, "f.csv", strings.NewReader(tt.data), EventsOptions{Now: eventsNow})
			var rows *RowsError
			if !errors.As(err, &rows) {
				t.Fatalf("Events(%s) = %v, want a RowsError", tt.format, err)
			}
			if diff := cmp.Diff(tt.want, rows.Rows, cmpopts.IgnoreFields(RowProblem{}, "Message")); diff != "" {
				t.Errorf("Events(%s) rows (-want +got):\n%s", tt.format, diff)
			}
			for k, p := range rows.Rows {
				if p.Message == "" || p.String(rows.File) != rows.Problems[k] {
					t.Errorf("Rows[%d] = %+v, want the message of Problems[%d] %q", k, p, k, rows.Problems[k])
				}
			}
			if n := countIncidents(t, st, custos.IncidentFilter{}); n != 0 {
				t.Errorf("Events(%s) refused but stored %d incidents", tt.format, n)
			}
		})
	}
}
