package custos

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar day without a time zone, written YYYY-MM-DD. The zero
// Date means "not known".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// Dates before MinYear or after MaxYear are rejected as out of range.
const (
	MinYear = 1900
	MaxYear = 2100
)

// ParseDate parses YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date in the form YYYY-MM-DD", s)
	}
	d := DateOf(t)
	if d.Year < MinYear || d.Year > MaxYear {
		return Date{}, fmt.Errorf("%q is out of range (years %d to %d)", s, MinYear, MaxYear)
	}
	return d, nil
}

// DateOf returns the calendar day of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d == Date{} }

// Time returns midnight UTC at the start of d.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Time().Before(e.Time()) }

// String returns YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// MarshalText encodes the date as YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText decodes YYYY-MM-DD; the empty string is the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// FiscalYear returns the U.S. federal fiscal year d falls in: fiscal year N
// runs from 1 October of year N-1 to 30 September of year N.
func (d Date) FiscalYear() int {
	if d.Month >= time.October {
		return d.Year + 1
	}
	return d.Year
}

// PartialDate is a date known to the year, the month or the day, written
// YYYY, YYYY-MM or YYYY-MM-DD (a birth date known only by year, say).
type PartialDate struct {
	Year  int
	Month int // 0 when unknown
	Day   int // 0 when unknown
}

// ParsePartialDate parses YYYY, YYYY-MM or YYYY-MM-DD.
func ParsePartialDate(s string) (PartialDate, error) {
	bad := fmt.Errorf("%q is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD", s)
	parts := strings.Split(s, "-")
	if len(parts) > 3 {
		return PartialDate{}, bad
	}
	widths := []int{4, 2, 2}
	nums := make([]int, 3)
	for i, p := range parts {
		if len(p) != widths[i] {
			return PartialDate{}, bad
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return PartialDate{}, bad
		}
		nums[i] = n
	}
	pd := PartialDate{Year: nums[0], Month: nums[1], Day: nums[2]}
	if pd.Year < MinYear || pd.Year > MaxYear {
		return PartialDate{}, fmt.Errorf("%q is out of range (years %d to %d)", s, MinYear, MaxYear)
	}
	if len(parts) >= 2 && (pd.Month < 1 || pd.Month > 12) {
		return PartialDate{}, fmt.Errorf("%q has no month %d", s, pd.Month)
	}
	if len(parts) == 3 {
		t := time.Date(pd.Year, time.Month(pd.Month), pd.Day, 0, 0, 0, 0, time.UTC)
		if pd.Day < 1 || t.Day() != pd.Day {
			return PartialDate{}, fmt.Errorf("%q is not a day of the calendar", s)
		}
	}
	return pd, nil
}

// IsZero reports whether nothing is known of the date.
func (p PartialDate) IsZero() bool { return p == PartialDate{} }

// String returns YYYY, YYYY-MM or YYYY-MM-DD, or "" when unknown.
func (p PartialDate) String() string {
	switch {
	case p.IsZero():
		return ""
	case p.Month == 0:
		return fmt.Sprintf("%04d", p.Year)
	case p.Day == 0:
		return fmt.Sprintf("%04d-%02d", p.Year, p.Month)
	}
	return fmt.Sprintf("%04d-%02d-%02d", p.Year, p.Month, p.Day)
}

// MarshalText encodes the date at its known precision.
func (p PartialDate) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText decodes YYYY, YYYY-MM or YYYY-MM-DD; "" is unknown.
func (p *PartialDate) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*p = PartialDate{}
		return nil
	}
	v, err := ParsePartialDate(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}
