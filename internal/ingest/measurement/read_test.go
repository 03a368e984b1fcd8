package measurement

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/custos-ssa/custos"
)

func day(s string) custos.Date {
	d, err := custos.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestRead(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Row
	}{
		{"minimal, a code and an id",
			"indicator,period_start,period_end,value\nPOL-3,2026-01-01,2026-03-31,41.5\n17,2026-04-01,2026-06-30,0\n",
			[]Row{
				{Line: 2, Indicator: "POL-3", Measurement: custos.Measurement{PeriodStart: day("2026-01-01"), PeriodEnd: day("2026-03-31"), Value: 41.5, Status: "submitted"}},
				{Line: 3, Indicator: "17", Measurement: custos.Measurement{PeriodStart: day("2026-04-01"), PeriodEnd: day("2026-06-30"), Value: 0, Status: "submitted"}},
			}},
		{"every column, aliases, any case and order, blank rows skipped",
			"Note,Indicator_Code,Program_ID,Start,End,Value,Unit,Disaggregation,Reported_By,Status,Source_URL,Releasability\n" +
				",,,,,,,,,,,\n" +
				"From the IGSS register,POL-3,4,2026-01-01,2026-01-31,12,COUNT, sex=female ; region=north ,Civil_Society,draft,https://example.org/r,restricted\n",
			[]Row{{Line: 3, Indicator: "POL-3", ProgramID: 4, Unit: "count", Measurement: custos.Measurement{
				PeriodStart: day("2026-01-01"), PeriodEnd: day("2026-01-31"), Value: 12, Disaggregation: map[string]string{"sex": "female", "region": "north"},
				Provenance: "civil_society", Status: "draft", Note: "From the IGSS register", Source: &custos.SourceRef{URL: "https://example.org/r"}, Releasability: custos.Restricted}}}},
		{"an exported cell keeps its apostrophe off",
			"indicator,period_start,period_end,value\nPOL-3,2026-01-01,2026-01-31,'-0\n",
			[]Row{{Line: 2, Indicator: "POL-3", Measurement: custos.Measurement{PeriodStart: day("2026-01-01"), PeriodEnd: day("2026-01-31"), Status: "submitted"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Read("m.csv", []byte(tt.in))
			if err != nil {
				t.Fatalf("Read() error: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Read() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadProblems(t *testing.T) {
	head := "indicator,period_start,period_end,value,unit,disaggregation,provenance,status\n"
	tests := []struct {
		name string
		in   string
		want []string // lines of the message after the first
	}{
		{"empty file", "", []string{"m.csv: the file is empty"}},
		{"header only", head, []string{"m.csv: the file has no measurement rows"}},
		{"unknown and missing columns", "indicator,period,value,valeu\n", []string{
			"row 1, column period: unknown column; the columns are " + strings.Join(Header(), ", "),
			"row 1, column valeu: unknown column; the columns are " + strings.Join(Header(), ", "),
			"row 1, column period_start: the column is missing: the first day of the period, YYYY-MM-DD",
			"row 1, column period_end: the column is missing: the last day of the period, YYYY-MM-DD"}},
		{"repeated column", "indicator,indicator_id,period_start,period_end,value\n", []string{"row 1, column indicator_id: repeats the column indicator"}},
		{"bad cells, each named", head +
			"POL-3,2026-13-01,2026-01-31,12%,,sex,elsewhere,approved\n" +
			",2026-02-01,2026-01-31,1 234,meters,sex=f;sex=m,,maybe\n", []string{
			"row 2, column period_start: \"2026-13-01\" is not a date written YYYY-MM-DD (in a spreadsheet, format the column as text)",
			"row 2, column value: \"12%\" is not a plain number: leave out thousands separators, % and currency signs (write 1234.5)",
			"row 2, column disaggregation: \"sex\" is not dimension=value (for example sex=female)",
			"row 2, column provenance: \"elsewhere\" is not a provenance: agency, partner_government, civil_society",
			"row 2, column status: approved is set by a review in Custos by a user other than the submitter, never imported: write draft or submitted",
			"row 3, column indicator: is required: the indicator's id (a number) or its code (POL-3)",
			"row 3, column period_end: 2026-01-31 is before the start 2026-02-01",
			"row 3, column value: \"1 234\" is not a plain number: leave out thousands separators, % and currency signs (write 1234.5)",
			"row 3, column unit: \"meters\" is not a unit: count, percent, ratio, usd, days, score",
			"row 3, column disaggregation: the dimension \"sex\" is given twice",
			"row 3, column status: \"maybe\" is not a status to import: draft or submitted"}},
		{"not a number", head + "POL-3,2026-01-01,2026-01-31,NaN\n", []string{"row 2, column value: \"NaN\" is not a number"}},
		{"hexadecimal", head + "POL-3,2026-01-01,2026-01-31,0x1p4\n", []string{"row 2, column value: \"0x1p4\" is not a plain decimal number (write 16, or 1234.5)"}},
		{"latin-1", "indicator,period_start,period_end,value\nPOL-\xe9,2026-01-01,2026-01-31,1\n", []string{
			"row 2: the text is not UTF-8 (perhaps Windows-1252 or Latin-1): save the file as CSV UTF-8"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := Read("m.csv", []byte(tt.in))
			if err == nil {
				t.Fatalf("Read() = %d rows, want an error", len(rows))
			}
			if custos.ErrorKind(err) != custos.EINVALID {
				t.Errorf("Read() error kind = %q, want invalid", custos.ErrorKind(err))
			}
			lines := strings.Split(custos.ErrorMessage(err), "\n")
			var got []string
			for _, l := range lines[1:] {
				got = append(got, strings.TrimPrefix(l, "  "))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Read() problems mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func xlsxFile(t testing.TB, rows [][]any) []byte {
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestReadXLSX(t *testing.T) {
	data := xlsxFile(t, [][]any{
		{"indicator", "period_start", "period_end", "value", "disaggregation"},
		{"POL-3", "2026-01-01", "2026-03-31", 41.5, "sex=male"},
	})
	got, err := Read("m.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	want := []Row{{Line: 2, Indicator: "POL-3", Measurement: custos.Measurement{PeriodStart: day("2026-01-01"), PeriodEnd: day("2026-03-31"), Value: 41.5,
		Disaggregation: map[string]string{"sex": "male"}, Status: "submitted"}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Read(xlsx) mismatch (-want +got):\n%s", diff)
	}
}

// FuzzRead checks that any file is read or refused with an invalid-input
// error, never a panic, and that every row read is one the store can
// check: a period in order and a finite value.
func FuzzRead(f *testing.F) {
	f.Add([]byte("indicator,period_start,period_end,value\nPOL-3,2026-01-01,2026-03-31,41.5\n"))
	f.Add([]byte("indicator,period_start,period_end,value,disaggregation,status,releasability\n1,2026-01-01,2026-01-01,1e308,a=b;c=d,draft,public\n"))
	f.Add([]byte("indicator,start,end,value\n\"x\ny\",2026-01-01,2026-01-02,-1\n"))
	f.Add(xlsxFile(f, [][]any{{"indicator", "period_start", "period_end", "value"}, {"POL-3", "2026-01-01", "2026-03-31", 2}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := Read("f.csv", data)
		if err != nil {
			if custos.ErrorKind(err) != custos.EINVALID {
				t.Fatalf("Read() error kind = %q (%v), want invalid", custos.ErrorKind(err), err)
			}
			return
		}
		for _, r := range rows {
			m := r.Measurement
			if r.Indicator == "" || m.PeriodStart.IsZero() || m.PeriodEnd.Before(m.PeriodStart) || m.Value != m.Value {
				t.Errorf("Read() row %d = %+v: should have been refused", r.Line, r)
			}
			if m.Status != "draft" && m.Status != "submitted" {
				t.Errorf("Read() row %d status = %q", r.Line, m.Status)
			}
		}
	})
}
