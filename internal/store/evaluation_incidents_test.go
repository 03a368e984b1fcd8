package store

import (
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/google/go-cmp/cmp"
)

func TestParseDay(t *testing.T) {
	tests := []struct {
		in   string
		want int32
		ok   bool
	}{
		{"2026-06-01", 20260601, true},
		{"1900-01-01", 19000101, true},
		{"2024-02-29", 20240229, true},
		{"2023-02-29", 0, false},
		{"2026-04-31", 0, false},
		{"2026-13-01", 0, false},
		{"2026-00-10", 0, false},
		{"2026-01-00", 0, false},
		{"2026-1-01", 0, false},
		{"2026/01/01", 0, false},
		{"2026-01-0x", 0, false},
		{"0000-01-01", 0, false},
		{"2101-01-01", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseDay(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseDay(%q) = %d, %v, want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestIncidentRows(t *testing.T) {
	d := newIncidentDecoder([]string{"ML", "NE"})
	row := func(vals ...string) []string { return vals }
	tests := []struct {
		name  string
		lists []string
		n     int
		want  []incidentRow
		bad   bool
	}{
		{name: "none", lists: row("", "", "", "", ""), n: 0},
		{name: "two", lists: row("7,9", "2026-06-01,2017-01-31", "NE,ML", "torture,extrajudicial_killing", "credible,reported"), n: 2, want: []incidentRow{
			{id: 7, ymd: 20260601, country: 1, category: 1, status: 2},
			{id: 9, ymd: 20170131, country: 0, category: 0, status: 0},
		}},
		{name: "four lists", lists: row("7", "2026-06-01", "NE", "torture"), n: 1, bad: true},
		{name: "a value missing", lists: row("7,9", "2026-06-01,2017-01-31", "NE", "torture,torture", "credible,reported"), n: 2, bad: true},
		{name: "a value more", lists: row("7", "2026-06-01", "NE", "torture", "credible,reported"), n: 1, bad: true},
		{name: "country not asked", lists: row("7", "2026-06-01", "TD", "torture", "credible"), n: 1, bad: true},
		{name: "category", lists: row("7", "2026-06-01", "NE", "bribery", "credible"), n: 1, bad: true},
		{name: "status", lists: row("7", "2026-06-01", "NE", "torture", "rumoured"), n: 1, bad: true},
		{name: "date", lists: row("7", "2026-02-30", "NE", "torture", "credible"), n: 1, bad: true},
		{name: "id", lists: row("x", "2026-06-01", "NE", "torture", "credible"), n: 1, bad: true},
	}
	for _, tt := range tests {
		got, err := d.appendRows(nil, tt.lists, tt.n)
		if (err != nil) != tt.bad {
			t.Errorf("%s: error = %v, want error %v", tt.name, err, tt.bad)
			continue
		}
		if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(incidentRow{})); !tt.bad && diff != "" {
			t.Errorf("%s: mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
	if got := (incidentRow{ymd: 20260601}).date(); got != (custos.Date{Year: 2026, Month: 6, Day: 1}) {
		t.Errorf("date() = %v", got)
	}
}

func FuzzIncidentRows(f *testing.F) {
	f.Add("7,9", "2026-06-01,2017-01-31", "NE,ML", "torture,extrajudicial_killing", "credible,reported", 2)
	f.Add("", "", "", "", "", 0)
	d := newIncidentDecoder([]string{"ML", "NE"})
	f.Fuzz(func(t *testing.T, ids, dates, countries, cats, sts string, n int) {
		if n < 0 || n > 1000 {
			return
		}
		rows, err := d.appendRows(nil, []string{ids, dates, countries, cats, sts}, n)
		if err != nil {
			return
		}
		if len(rows) != n {
			t.Fatalf("%d rows, want %d", len(rows), n)
		}
		for _, r := range rows {
			if int(r.country) >= 2 || int(r.category) >= len(custos.IncidentCategories) || int(r.status) >= len(custos.VerificationStatuses) {
				t.Fatalf("row out of range: %+v", r)
			}
			if _, err := custos.ParseDate(r.date().String()); err != nil {
				t.Fatal(err)
			}
		}
	})
}
