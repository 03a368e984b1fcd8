package country

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestResolve(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" for not resolved
	}{
		// ISO names, official names, codes.
		{"France", "FR"},
		{"  france ", "FR"},
		{"FRANCE", "FR"},
		{"French Republic", "FR"},
		{"FR", "FR"},
		{"FRA", "FR"},
		{"fr", ""}, // lower-case codes are words, not codes
		{"Viet Nam", "VN"},
		{"Vietnam", "VN"},
		{"Lao People's Democratic Republic", "LA"},
		{"Laos", "LA"},
		{"Bolivia, Plurinational State of", "BO"},
		// Accents, apostrophes, punctuation.
		{"Côte d'Ivoire", "CI"},
		{"Cote D'Ivoire, Republic of", "CI"},
		{"Cote D’ivoire, Republic Of", "CI"},
		{"Côte d'Ivoire, Republic of", "CI"},
		{"Ivory Coast", "CI"},
		{"Guinea - Bissau", "GW"},
		{"Papua-New Guinea", "PG"},
		{"Bosnia & Herzegovina", "BA"},
		{"Trinidad -Tobago", "TT"},
		{"Sao Tome And Principe", "ST"},
		{"São Tomé and Príncipe", "ST"},
		// "X, Republic of", "The", "St".
		{"Korea, Republic of", "KR"},
		{"Korea, Republic of South", "KR"},
		{"Republic of Korea", "KR"},
		{"Korea - South", "KR"},
		{"Korea (Republic of)", "KR"},
		{"Korea - South (Republic of)", "KR"},
		{"Korea", "KR"},
		{"North Korea", "KP"},
		{"Korea, Democratic People's Republic of", "KP"},
		{"Gambia, The", "GM"},
		{"The Gambia", "GM"},
		{"Bahamas, The", "BS"},
		{"Micronesia, Federated States of", "FM"},
		{"St Kitts & Nevis", "KN"},
		{"St Vincent and Grenadines", "VC"},
		{"Saint Lucia", "LC"},
		{"Cape Verde, Republic Of", "CV"},
		{"Cape Verde (Republic of)", "CV"},
		{"Kazakhstan, Republic Of", "KZ"},
		{"Republic of Montenegro", "ME"},
		{"China, People's Republic of", "CN"},
		{"China (Peoples Republic of)", "CN"},
		{"Republic of China", "TW"},
		{"Taiwan", "TW"},
		// The Congos.
		{"Congo", ""},
		{"Congo (Brazzaville)", "CG"},
		{"Congo (Kinshasa)", "CD"},
		{"Congo (DROC)", "CD"},
		{"Congo, Democratic Republic of (Kinshasa)", "CD"},
		{"Congo, Republic Of (Brazzaville)", "CG"},
		{"Republic of Congo (Congo - Brazzaville)", "CG"},
		{"Democratic Republic of Congo (Congo - Kinshasa)", "CD"},
		{"Democratic Republic of the Congo", "CD"},
		{"Zaire", "CD"},
		{"Congo (Paris)", ""}, // a qualifier that is not known is not dropped
		{"Congo, Republic of (Kinshasa)", ""},
		// Renamed and historical.
		{"Burma", "MM"},
		{"Swaziland", "SZ"},
		{"Macedonia", "MK"},
		{"Macedonia (FYROM)", "MK"},
		{"East Timor", "TL"},
		{"Timor-Leste, Democratic Republic of", "TL"},
		{"Serbia and Montenegro", "RS"},
		{"Yugoslavia", "RS"},
		{"Sudan, Government of Southern", "SS"},
		{"Sudan", "SD"},
		{"Palestinian Authority", "PS"},
		{"Kosovo", "XK"},
		{"Antigua And Barbuda (UK)", "AG"},
		{"Cayman Islands (UK)", "KY"},
		// Not countries.
		{"", ""},
		{"NATO", ""},
		{"Africa Regional", ""},
		{"Unknown", ""},
		{"Indochina", ""},
		{"Netherlands Antilles", ""},
		{"Netherlands Antilles (NE)", ""},
		{"Soviet Union", ""},
		{"Narnia", ""},
		{"(UK)", "GB"},
		{"Republic of", ""},
	}
	r := New()
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := r.Resolve(tt.in)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("Resolve(%q) = %q, %v, want %q, %v (match %+v)", tt.in, got, ok, tt.want, tt.want != "", r.Match(tt.in))
			}
		})
	}
}

func TestMatchHow(t *testing.T) {
	tests := []struct {
		in   string
		want Match
	}{
		{"KOR", Match{Code: "KR", How: ByCode, Key: "KOR"}},
		{"South Korea", Match{Code: "KR", How: ByAlias, Key: "south korea", Note: "Republic of Korea"}},
		{"Indochina", Match{How: NotCountry, Key: "indochina", Note: "a region (Cambodia, Laos, Vietnam), not a country"}},
		{"Congo", Match{How: Ambiguous, Key: "congo", Note: "could be the Republic of the Congo or the Democratic Republic of the Congo", Others: []string{"CG", "CD"}}},
		{"Narnia", Match{How: Unknown, Key: "narnia"}},
		{"Congo (Paris)", Match{How: Ambiguous, Key: "congo", Note: "could be the Republic of the Congo or the Democratic Republic of the Congo", Others: []string{"CG", "CD"}}},
		{"Chad (Paris)", Match{How: Unknown, Key: "paris", Note: "the part in parentheses is not a known qualifier of TD"}},
	}
	r := New()
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, r.Match(tt.in)); diff != "" {
			t.Errorf("Match(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}

// TestAliasesValid checks the curated table: every code is one the domain
// accepts, and every alias that names a country is not already an ISO name
// of a different country.
func TestAliasesValid(t *testing.T) {
	r := New()
	seen := map[string]bool{}
	for _, a := range aliasTable {
		k := normalize(a.Name)
		if seen[k] {
			t.Errorf("alias %q repeats the normalized key %q", a.Name, k)
		}
		seen[k] = true
		for _, c := range append([]string{a.Code}, a.Others...) {
			if c != "" && !validCode(c) {
				t.Errorf("alias %q has code %q, not an ISO or user-assigned code", a.Name, c)
			}
		}
		if a.Code != "" {
			for _, c := range r.index[k] {
				if c != a.Code {
					t.Errorf("alias %q -> %s, but the ISO list gives %s", a.Name, a.Code, c)
				}
			}
		}
	}
}

// TestEveryISONameResolves checks that each ISO entry's name and code
// resolve to it, unless an alias deliberately overrides the name.
func TestEveryISONameResolves(t *testing.T) {
	r := New()
	for _, c := range isoList() {
		for _, n := range []string{c.Name, c.Code, c.Alpha3} {
			if _, overridden := r.aliases[normalize(n)]; overridden {
				continue
			}
			if got, ok := r.Resolve(n); !ok || got != c.Code {
				t.Errorf("Resolve(%q) = %q, %v, want %q (match %+v)", n, got, ok, c.Code, r.Match(n))
			}
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Côte d’Ivoire", "cote divoire"},
		{"  St. Kitts & Nevis ", "saint kitts and nevis"},
		{"Gambia, The", "gambia"},
		{"Guinea - Bissau", "guinea bissau"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := normalize(tt.in); got != tt.want {
			t.Errorf("normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzResolve(f *testing.F) {
	for _, s := range []string{"France", "Korea, Republic of", "Congo (DROC)", "((", "Cote D’ivoire", ")(", "X (Y) (Z)", "Republic of"} {
		f.Add(s)
	}
	r := New()
	f.Fuzz(func(t *testing.T, s string) {
		m := r.Match(s)
		if m.OK() != (m.How == ByName || m.How == ByCode || m.How == ByAlias) {
			t.Errorf("Match(%q) = %+v: a code must come with a way of matching", s, m)
		}
		if m.OK() && !validCode(m.Code) {
			t.Errorf("Match(%q) gave code %q, not a valid code", s, m.Code)
		}
		code, ok := r.Resolve(s)
		if code != m.Code || ok != m.OK() {
			t.Errorf("Resolve(%q) = %q, %v, but Match gave %+v", s, code, ok, m)
		}
	})
}

func BenchmarkResolve(b *testing.B) {
	r := New()
	names := []string{"France", "Korea, Republic of South", "Congo, Democratic Republic of (Kinshasa)", "Cote D’ivoire, Republic Of", "Narnia"}
	for b.Loop() {
		for _, n := range names {
			r.Resolve(n)
		}
	}
}

func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		New()
	}
}
