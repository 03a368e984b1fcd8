package query

import (
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/google/go-cmp/cmp"
)

// filter is a list filter of the shapes Parse supports: text, whole
// numbers, flags, a date (read with UnmarshalText) and the embedded page.
type filter struct {
	Country string      `json:"country,omitempty"`
	Year    int         `json:"fiscal_year,omitempty"`
	ActorID int64       `json:"actor_id,omitempty"`
	Open    bool        `json:"open,omitempty"`
	From    custos.Date `json:"from,omitzero"`
	Skip    string      `json:"-"`
	custos.Page
}

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		query   string
		want    filter
		wantErr map[string]string // field -> a word the message must hold
	}{
		{name: "empty", query: "", want: filter{}},
		{name: "every kind", query: "country=ML&fiscal_year=2020&actor_id=7&open=true&from=2024-03-01&limit=50&after=9",
			want: filter{Country: "ML", Year: 2020, ActorID: 7, Open: true, From: mustDate(t, "2024-03-01"), Page: custos.Page{Limit: 50, After: "9"}}},
		{name: "unknown parameter", query: "colour=red", wantErr: map[string]string{"colour": "not a filter"}},
		{name: "a field without a JSON name is not a parameter", query: "Skip=x", wantErr: map[string]string{"Skip": "not a filter"}},
		{name: "repeated", query: "country=ML&country=NE", wantErr: map[string]string{"country": "more than once"}},
		{name: "negative number", query: "fiscal_year=-1", wantErr: map[string]string{"fiscal_year": "whole number"}},
		{name: "not a number", query: "actor_id=seven", wantErr: map[string]string{"actor_id": "whole number"}},
		{name: "not a flag", query: "open=maybe", wantErr: map[string]string{"open": "true or false"}},
		{name: "bad date", query: "from=2024-02-30", wantErr: map[string]string{"from": ""}},
		{name: "invalid UTF-8", query: "country=%ff", wantErr: map[string]string{"country": "UTF-8"}},
		{name: "too long", query: "country=" + strings.Repeat("a", 1001), wantErr: map[string]string{"country": "1000 bytes"}},
		{name: "every bad parameter is named", query: "open=maybe&fiscal_year=x&colour=red",
			wantErr: map[string]string{"open": "true or false", "fiscal_year": "whole number", "colour": "not a filter"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			var got filter
			err = Parse(q, &got)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("Parse(%q) error = %v", tt.query, err)
				}
				if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(custos.Date{})); diff != "" {
					t.Errorf("Parse(%q) mismatch (-want +got):\n%s", tt.query, diff)
				}
				return
			}
			e, ok := err.(*custos.Error)
			if !ok || e.Kind != custos.EINVALID {
				t.Fatalf("Parse(%q) error = %#v, want an invalid-input error", tt.query, err)
			}
			var names []string
			for k := range e.Fields {
				names = append(names, k)
			}
			var want []string
			for k := range tt.wantErr {
				want = append(want, k)
			}
			if diff := cmp.Diff(want, names, cmp.Transformer("sort", sorted)); diff != "" {
				t.Errorf("Parse(%q) fields in error (-want +got):\n%s", tt.query, diff)
			}
			for k, word := range tt.wantErr {
				if !strings.Contains(e.Fields[k], word) {
					t.Errorf("Parse(%q) field %s says %q, want it to mention %q", tt.query, k, e.Fields[k], word)
				}
			}
		})
	}
}

func TestParams(t *testing.T) {
	got := Params(reflect.TypeOf(filter{}))
	want := []Param{
		{Name: "country", Kind: reflect.String}, {Name: "fiscal_year", Kind: reflect.Int}, {Name: "actor_id", Kind: reflect.Int64},
		{Name: "open", Kind: reflect.Bool}, {Name: "from", Kind: reflect.Struct, Text: true},
		{Name: "limit", Kind: reflect.Int}, {Name: "after", Kind: reflect.String},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Params mismatch (-want +got):\n%s", diff)
	}
}

// FuzzParse feeds hostile query strings to Parse: it must never panic,
// and a parameter it accepts must be one of the filter's.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "country=ML", "fiscal_year=2020&limit=5", "from=2024-13-01", "open=1&open=0", "after=-3", "%ff=%fe", "limit=99999999999999999999"} {
		f.Add(s)
	}
	names := map[string]bool{}
	for _, p := range Params(reflect.TypeOf(filter{})) {
		names[p.Name] = true
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := url.ParseQuery(s)
		if err != nil {
			return
		}
		var got filter
		if err := Parse(q, &got); err != nil {
			if e, ok := err.(*custos.Error); !ok || e.Kind != custos.EINVALID || len(e.Fields) == 0 {
				t.Fatalf("Parse(%q) error = %#v, want an invalid-input error naming parameters", s, err)
			}
			return
		}
		for k := range q {
			if !names[k] {
				t.Fatalf("Parse(%q) accepted unknown parameter %q", s, k)
			}
		}
	})
}

func mustDate(t *testing.T, s string) custos.Date {
	t.Helper()
	d, err := custos.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func sorted(in []string) []string { return slices.Sorted(slices.Values(in)) }
