package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
)

// TestPortfolioCountry checks that the portfolio page refuses a country
// that is not recorded beside the country box, instead of showing figures
// of nothing as if the country had no programs, and reads a code typed in
// lower case as the condition report does.
func TestPortfolioCountry(t *testing.T) {
	f := newMEFixture(t)
	tests := []struct {
		path   string
		status int
		want   []string
		absent []string
	}{
		{"/portfolio?country=ZZ", http.StatusBadRequest,
			[]string{`id="f-country-error"`, `aria-describedby="f-country-error"`, `no country &#34;ZZ&#34; is recorded`, `<a href="/portfolio">Every country</a>`},
			[]string{`<table class="portfolio">`}},
		{"/portfolio?country=QQ&x=1", http.StatusBadRequest, []string{`no country &#34;QQ&#34; is recorded`}, []string{`<table class="portfolio">`}},
		{"/portfolio?country=ml", http.StatusOK, []string{`<table class="portfolio">`, "Portfolio figures for ML", `href="/programs?country=ML"`}, []string{`f-country-error`}},
		{"/portfolio", http.StatusOK, []string{`<table class="portfolio">`}, []string{`f-country-error`}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			r := f.do(custos.RoleViewer, "GET", tt.path, nil)
			if r.status != tt.status {
				t.Fatalf("GET %s = %d, want %d\n%s", tt.path, r.status, tt.status, r.body)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.body, w) {
					t.Errorf("GET %s: the page lacks %q", tt.path, w)
				}
			}
			for _, w := range tt.absent {
				if strings.Contains(r.body, w) {
					t.Errorf("GET %s: the page shows %q", tt.path, w)
				}
			}
		})
	}
}
