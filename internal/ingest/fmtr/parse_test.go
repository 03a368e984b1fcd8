package fmtr

import (
	"testing"
	"time"

	"github.com/custos-ssa/custos"
)

func TestParseDate(t *testing.T) {
	d := func(y int, m time.Month, day int) custos.Date { return custos.Date{Year: y, Month: m, Day: day} }
	tests := []struct {
		in      string
		fy      int
		want    custos.Date
		wantErr bool
	}{
		{"", 2019, custos.Date{}, false},
		{"2/24/2003", 2003, d(2003, 2, 24), false},
		{"12/3/2018", 2019, d(2018, 12, 3), false},
		{"1/29/01", 2000, d(2001, 1, 29), false},
		{"11/27/98", 1999, d(1998, 11, 27), false},
		{"11/27/00", 1999, d(2000, 11, 27), false},
		{"1/29/01", 0, custos.Date{}, true}, // no century to anchor it
		{"2/29/2004", 2004, d(2004, 2, 29), false},
		{"2/29/2003", 2003, custos.Date{}, true},
		{"13/1/2003", 2003, custos.Date{}, true},
		{"0/1/2003", 2003, custos.Date{}, true},
		{"12/10/207", 2007, custos.Date{}, true},
		{"9/21/2009 9/24/2009", 2009, custos.Date{}, true},
		{"$0", 2009, custos.Date{}, true},
		{"1/2/1850", 2009, custos.Date{}, true},
		{"2003-02-24", 2003, custos.Date{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseDate(tt.in, tt.fy)
			if got != tt.want || (err != nil) != tt.wantErr {
				t.Errorf("parseDate(%q, %d) = %v, %v; want %v, error %v", tt.in, tt.fy, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestNearestCentury(t *testing.T) {
	tests := []struct{ yy, fy, want int }{
		{98, 1999, 1998}, {1, 1999, 2001}, {0, 1999, 2000}, {99, 2000, 1999}, {3, 2003, 2003}, {60, 2003, 1960}, {40, 1999, 2040},
	}
	for _, tt := range tests {
		if got := nearestCentury(tt.yy, tt.fy); got != tt.want {
			t.Errorf("nearestCentury(%d, %d) = %d, want %d", tt.yy, tt.fy, got, tt.want)
		}
	}
}

func TestParseCost(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		ok      bool
		wantErr bool
	}{
		{"", 0, false, false},
		{"$", 0, false, false},
		{"N/A", 0, false, false},
		{"$0", 0, true, false},
		{"0", 0, true, false},
		{"$12,190", 12190, true, false},
		{"$19,686,673", 19686673, true, false},
		{"5900", 5900, true, false},
		{"12606.72", 12607, true, false},
		{"2902.4", 2902, true, false},
		{"275967.625", 275968, true, false},
		{"5000 1/14/2009", 0, false, true},
		{"$48,102 $0", 0, false, true},
		{"ST-2 $31,000", 0, false, true},
		{"$1,23", 0, false, true},
		{"$,123", 0, false, true},
		{"1,2345", 0, false, true},
		{"-5", 0, false, true},
		{"12.", 0, false, true},
		{"99999999999999999", 0, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok, err := parseCost(tt.in)
			if got != tt.want || ok != tt.ok || (err != nil) != tt.wantErr {
				t.Errorf("parseCost(%q) = %d, %v, %v; want %d, %v, error %v", tt.in, got, ok, err, tt.want, tt.ok, tt.wantErr)
			}
		})
	}
}

func TestParseQuantity(t *testing.T) {
	tests := []struct {
		in      string
		want    int
		ok      bool
		wantErr bool
	}{
		{"", 0, false, false},
		{"N/A", 0, false, false},
		{"0", 0, true, false},
		{"1700", 1700, true, false},
		{"1,700", 1700, true, false},
		{"1 Garmisch,", 0, false, true},
		{"30 30", 0, false, true},
		{"2000000", 0, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok, err := parseQuantity(tt.in)
			if got != tt.want || ok != tt.ok || (err != nil) != tt.wantErr {
				t.Errorf("parseQuantity(%q) = %d, %v, %v; want %d, %v, error %v", tt.in, got, ok, err, tt.want, tt.ok, tt.wantErr)
			}
		})
	}
}

func TestParseReportFY(t *testing.T) {
	tests := []struct {
		in      string
		want    int
		wantErr bool
	}{
		{"2019_2020", 2019, false},
		{"1999_2000", 1999, false},
		{"2019_2021", 0, true},
		{"2019-2020", 0, true},
		{"FY2019", 0, true},
		{"", 0, true},
	}
	for _, tt := range tests {
		got, err := parseReportFY(tt.in)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("parseReportFY(%q) = %d, %v; want %d, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestParsePage(t *testing.T) {
	tests := []struct {
		in      string
		want    int
		wantErr bool
	}{
		{"", 0, false}, {"1", 1, false}, {"224", 224, false}, {"20 20", 0, true}, {"0", 0, true}, {"p. 3", 0, true},
	}
	for _, tt := range tests {
		got, err := parsePage(tt.in)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("parsePage(%q) = %d, %v; want %d, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}
