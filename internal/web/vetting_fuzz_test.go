package web

import (
	"strings"
	"testing"
)

// TestEvidenceLink checks which evidence becomes a link.
func TestEvidenceLink(t *testing.T) {
	tests := []struct{ in, href string }{
		{"https://example.org/report", "https://example.org/report"},
		{"incident:4", "/incidents/4"},
		{"incident:4:actor:9", ""},
		{"actor:12", "/actors/12"},
		{"person:7", "/persons/7"},
		{"actor:x", ""},
		{"actor:-1", ""},
		{"//evil.example/x", ""},
		{"/activities/3", "/activities/3"},
		{"javascript:alert(1)", ""},
		{"a plain note", ""},
	}
	for _, tt := range tests {
		if got := evidenceLink(tt.in); got.Href != tt.href || got.Text != tt.in {
			t.Errorf("evidenceLink(%q) = %+v, want href %q and the text as given", tt.in, got, tt.href)
		}
	}
}

// FuzzEvidenceLink checks that no evidence text becomes a link off this
// site other than an http(s) address, and that the text is kept.
func FuzzEvidenceLink(f *testing.F) {
	for _, s := range []string{"https://example.org", "actor:1", "//x", "/a", "javascript:x", "person:99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l := evidenceLink(s)
		if l.Text != s {
			t.Fatalf("evidenceLink(%q).Text = %q", s, l.Text)
		}
		if h := l.Href; h != "" && !strings.HasPrefix(h, "https://") && !strings.HasPrefix(h, "http://") &&
			!(strings.HasPrefix(h, "/") && !strings.HasPrefix(h, "//")) {
			t.Fatalf("evidenceLink(%q).Href = %q, neither a web address nor a path of this site", s, h)
		}
	})
}

// FuzzBadLines checks that any error keys a refused list can carry are
// laid out, one row each, without a panic.
func FuzzBadLines(f *testing.F) {
	f.Add("line 4.birth_date", "line 2", "more")
	f.Add("line x.y", "line -1.", "")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		in := map[string]string{a: "bad", b: "bad", c: "bad"}
		if got := badLines(in); len(got.Rows) != len(in) {
			t.Fatalf("badLines(%q) has %d rows, want %d", in, len(got.Rows), len(in))
		}
	})
}
