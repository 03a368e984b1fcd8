package catalog

import (
	"testing"

	"github.com/custos-ssa/custos"
)

func TestAuthoritiesValid(t *testing.T) {
	list := Authorities()
	if len(list) < 25 {
		t.Errorf("Authorities() has %d entries, want at least 25", len(list))
	}
	seen := map[string]bool{}
	for _, a := range list {
		if err := a.Validate(); err != nil {
			t.Errorf("authority %q: Validate() = %v", a.Code, err)
		}
		if seen[a.Code] {
			t.Errorf("authority code %q is repeated", a.Code)
		}
		seen[a.Code] = true
		if a.Releasability != custos.Public {
			t.Errorf("authority %q releasability = %v, want public", a.Code, a.Releasability)
		}
		if a.Purpose == "" {
			t.Errorf("authority %q has no purpose", a.Code)
		}
	}
	// The authorities a planner must find.
	for _, code := range []string{
		"IMET", "FMF", "FMS", "DCS", "EDA", "FAA 506", "PKO", "GPOI", "INCLE", "NADR", "ESF",
		"10 USC 333", "10 USC 332", "10 USC 321", "10 USC 322", "10 USC 345", "10 USC 342",
		"10 USC 284", "10 USC 2561", "10 USC 401", "10 USC 166a", "Section 1206", "Section 1004", "10 USC 9381",
	} {
		if !seen[code] {
			t.Errorf("Authorities() lacks %q", code)
		}
	}
}

// TestLeahyStatutes checks the Leahy law follows the department: State's
// assistance accounts under 22 U.S.C. 2378d, DoD's under 10 U.S.C. 362.
func TestLeahyStatutes(t *testing.T) {
	for _, a := range Authorities() {
		if !a.LeahyApplies {
			continue
		}
		want := custos.LeahyDefense
		if a.Agency == "State" || a.Code == "EDA" {
			want = custos.LeahyState
		}
		if a.LeahyStatute != want {
			t.Errorf("authority %q (%s): LeahyStatute = %q, want %q", a.Code, a.Agency, a.LeahyStatute, want)
		}
	}
}

func TestAuthority(t *testing.T) {
	a, ok := Authority("10 USC 333")
	if !ok || a.Citation != "10 U.S.C. 333" {
		t.Errorf(`Authority("10 USC 333") = %+v, %v`, a, ok)
	}
	if _, ok := Authority("nope"); ok {
		t.Errorf(`Authority("nope") found an entry`)
	}
	list := Authorities()
	list[0].Code = "changed"
	if Authorities()[0].Code == "changed" {
		t.Errorf("Authorities() returned the shared slice")
	}
}

func TestOrganizationsValid(t *testing.T) {
	list := Organizations()
	seen := map[string]bool{}
	for _, o := range list {
		if err := o.Validate(); err != nil {
			t.Errorf("organization %q: Validate() = %v", o.Abbrev, err)
		}
		if o.Abbrev == "" || seen[o.Abbrev] {
			t.Errorf("organization %q: abbreviation empty or repeated", o.Name)
		}
		if p, ok := ParentOf(o.Abbrev); ok && !seen[p] {
			t.Errorf("organization %q: parent %q is not listed before it", o.Abbrev, p)
		}
		seen[o.Abbrev] = true
	}
	for _, abbrev := range []string{"DoS", "PM", "INL", "DoD", "DSCA", "USAID", "DOJ", "DHS", "Treasury", "ISG", "DIILS", "DTSA", "GCMC", "DKI APCSS", "WJPC", "ACSS", "NESA", "ICITAP", "OPDAT", "EU", "UN"} {
		if !seen[abbrev] {
			t.Errorf("Organizations() lacks %q", abbrev)
		}
	}
	kinds := map[custos.OrganizationKind]int{}
	for _, o := range list {
		kinds[o.Kind]++
	}
	for _, k := range []custos.OrganizationKind{"donor_agency", "implementer", "other_donor", "multilateral"} {
		if kinds[k] == 0 {
			t.Errorf("Organizations() has no %s", k)
		}
	}
}

func TestParentOf(t *testing.T) {
	tests := []struct{ in, want string }{{"ISG", "DSCU"}, {"ICITAP", "DOJ"}, {"INL", "DoS"}, {"DoS", ""}, {"nope", ""}}
	for _, tt := range tests {
		if got, ok := ParentOf(tt.in); got != tt.want || ok != (tt.want != "") {
			t.Errorf("ParentOf(%q) = %q, %v, want %q", tt.in, got, ok, tt.want)
		}
	}
}
