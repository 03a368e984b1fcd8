package custos

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseSince(t *testing.T) {
	for _, tt := range []struct {
		in      string
		want    time.Time
		wantErr bool
	}{
		{in: "2026-11-21", want: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)},
		{in: "2026-11-21T09:30:00Z", want: time.Date(2026, 11, 21, 9, 30, 0, 0, time.UTC)},
		{in: "2026-11-21T09:30:00.123456789Z", want: time.Date(2026, 11, 21, 9, 30, 0, 123456789, time.UTC)},
		{in: "2026-11-21T10:30:00+01:00", want: time.Date(2026, 11, 21, 9, 30, 0, 0, time.UTC)},
		{in: "yesterday", wantErr: true},
		{in: "2026-02-30", wantErr: true},
		{in: "2026-11-21 09:30", wantErr: true},
		{in: "2026-11-21T09:30:00", wantErr: true}, // no zone
		{in: "1800-01-01", wantErr: true},
		{in: "2200-01-01T00:00:00Z", wantErr: true},
	} {
		got, err := ParseSince(tt.in)
		if tt.wantErr {
			if err == nil || !strings.Contains(err.Error(), "RFC 3339") {
				t.Errorf("ParseSince(%q) = %v, %v; want an error naming both forms", tt.in, got, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseSince(%q) error = %v", tt.in, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseSince(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestAlertFilterValidate(t *testing.T) {
	for _, tt := range []struct {
		name string
		f    AlertFilter
		want map[string]string // field -> a word its message holds
	}{
		{name: "empty", f: AlertFilter{}},
		{name: "every filter", f: AlertFilter{ConditionID: 3, Status: ConditionBreached, Since: time.Now(), Page: Page{Limit: 10, After: "7"}}},
		{name: "unknown status", f: AlertFilter{Status: "fine"}, want: map[string]string{"status": "not one of"}},
		{name: "bad page", f: AlertFilter{Page: Page{Limit: MaxLimit + 1}}, want: map[string]string{"limit": "between"}},
	} {
		err := tt.f.Validate()
		got := map[string]string{}
		if e, ok := err.(*Error); ok {
			got = e.Fields
		} else if err != nil {
			t.Fatalf("%s: Validate() = %v, want an *Error", tt.name, err)
		}
		if len(got) != len(tt.want) {
			t.Errorf("%s: Validate() fields = %v, want %v", tt.name, got, tt.want)
		}
		for k, word := range tt.want {
			if !strings.Contains(got[k], word) {
				t.Errorf("%s: Validate() says %s: %q, want it to mention %q", tt.name, k, got[k], word)
			}
		}
	}
}
