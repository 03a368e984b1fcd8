package fmtr

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/custos-ssa/custos"
)

// parseReportFY reads a report year such as "2019_2020" and returns its
// first year. Each report covers the fiscal year named first (training
// delivered from 1 October 2018 to 30 September 2019 is in "2019_2020"),
// and is published in the year after.
func parseReportFY(s string) (int, error) {
	a, b, ok := strings.Cut(s, "_")
	if !ok || len(a) != 4 || len(b) != 4 {
		return 0, fmt.Errorf("%q is not a report year such as 2019_2020", s)
	}
	y1, err1 := strconv.Atoi(a)
	y2, err2 := strconv.Atoi(b)
	if err1 != nil || err2 != nil || y2 != y1+1 || y1 < custos.MinYear || y2 > custos.MaxYear {
		return 0, fmt.Errorf("%q is not a report year such as 2019_2020 (two consecutive years)", s)
	}
	return y1, nil
}

// parseDate reads m/d/yyyy or m/d/yy; "" is an unknown date without error.
//
// Two-digit years appear in the reports for fiscal years 1999 to 2003. A
// two-digit year is read as the year of that century nearest to the
// report's fiscal year fy ("11/27/98" in the FY1999 report is 1998, "1/9/01"
// is 2001). Without a fiscal year to anchor it, a two-digit year is not
// read at all, so that no century is guessed.
func parseDate(s string, fy int) (custos.Date, error) {
	if s == "" {
		return custos.Date{}, nil
	}
	bad := fmt.Errorf("%q is not a date in the form m/d/yyyy or m/d/yy", s)
	parts := strings.Split(s, "/")
	if len(parts) != 3 {
		return custos.Date{}, bad
	}
	m, ok1 := digits(parts[0], 1, 2)
	d, ok2 := digits(parts[1], 1, 2)
	y, ok3 := digits(parts[2], 2, 4)
	if !ok1 || !ok2 || !ok3 || len(parts[2]) == 3 {
		return custos.Date{}, bad
	}
	if len(parts[2]) == 2 {
		if fy == 0 {
			return custos.Date{}, fmt.Errorf("%q has a two-digit year and the row has no report year to place its century", s)
		}
		y = nearestCentury(y, fy)
	}
	if y < custos.MinYear || y > custos.MaxYear {
		return custos.Date{}, fmt.Errorf("%q is out of range (years %d to %d)", s, custos.MinYear, custos.MaxYear)
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if m < 1 || m > 12 || d < 1 || t.Day() != d {
		return custos.Date{}, fmt.Errorf("%q is not a day of the calendar", s)
	}
	return custos.DateOf(t), nil
}

// nearestCentury returns the year ending in yy (0-99) nearest to fy.
func nearestCentury(yy, fy int) int {
	best := fy - fy%100 + yy
	for _, c := range []int{best - 100, best + 100} {
		if abs(c-fy) < abs(best-fy) {
			best = c
		}
	}
	return best
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// digits reads an unsigned decimal of min to max digits.
func digits(s string, min, max int) (int, bool) {
	if len(s) < min || len(s) > max {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// blank reports whether a number column holds no value: empty, "N/A" or a
// lone "$" (the reports print an empty cost that way).
func blank(s string) bool {
	return s == "" || s == "$" || strings.EqualFold(s, "N/A")
}

// maxQuantity bounds the number of students in one row; the largest in the
// reports is a few thousand.
const maxQuantity = 1_000_000

// parseQuantity reads a number of students such as "12" or "1,700". ok is
// false for a blank value.
func parseQuantity(s string) (n int, ok bool, err error) {
	if blank(s) {
		return 0, false, nil
	}
	v, err := parseGrouped(s)
	if err != nil || v > maxQuantity {
		return 0, false, fmt.Errorf("%q is not a number of students", s)
	}
	return int(v), true, nil
}

// maxCost bounds one row's cost in dollars, far above any in the reports
// (the largest is tens of millions), so that a run of digits glued together
// by the extraction is not read as a cost.
const maxCost = 100_000_000_000

// parseCost reads a cost such as "$12,190", "5900" or "12606.72" and
// returns whole dollars, rounding cents half up. ok is false for a blank
// value.
func parseCost(s string) (usd int64, ok bool, err error) {
	if blank(s) {
		return 0, false, nil
	}
	bad := fmt.Errorf("%q is not an amount in dollars such as $12,190", s)
	t := strings.TrimSpace(strings.TrimPrefix(s, "$"))
	whole, frac, hasFrac := strings.Cut(t, ".")
	v, err := parseGrouped(whole)
	if err != nil {
		return 0, false, bad
	}
	if hasFrac {
		if _, ok := digits(frac, 1, 6); !ok {
			return 0, false, bad
		}
		if frac[0] >= '5' {
			v++
		}
	}
	if v > maxCost {
		return 0, false, fmt.Errorf("%q is more than $%d, too large to be one row's cost", s, int64(maxCost))
	}
	return v, true, nil
}

var errNotNumber = errors.New("not a number")

// parseGrouped reads digits, optionally grouped in threes by commas
// ("1,234,567"). It rejects signs, spaces and misplaced commas.
func parseGrouped(s string) (int64, error) {
	if s == "" || len(s) > 20 {
		return 0, errNotNumber
	}
	groups := strings.Split(s, ",")
	var v int64
	for i, g := range groups {
		switch {
		case len(groups) > 1 && i == 0 && (len(g) < 1 || len(g) > 3):
			return 0, errNotNumber
		case i > 0 && len(g) != 3:
			return 0, errNotNumber
		}
		n, ok := digits(g, 1, 18)
		if !ok {
			return 0, errNotNumber
		}
		for range len(g) {
			v *= 10
		}
		v += int64(n)
		if v > 1e17 {
			return 0, errNotNumber
		}
	}
	return v, nil
}

// parsePage reads a page number; "" is unknown without error.
func parsePage(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	n, ok := digits(s, 1, 5)
	if !ok || n == 0 {
		return 0, fmt.Errorf("%q is not a page number", s)
	}
	return n, nil
}
