package custos

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParsePartialDate(t *testing.T) {
	tests := []struct {
		in      string
		want    PartialDate
		wantErr string
	}{
		{"1975", PartialDate{Year: 1975}, ""},
		{"1975-06", PartialDate{Year: 1975, Month: 6}, ""},
		{"1975-06-30", PartialDate{Year: 1975, Month: 6, Day: 30}, ""},
		{"1975-06-31", PartialDate{}, "not a day"},
		{"2024-02-29", PartialDate{Year: 2024, Month: 2, Day: 29}, ""},
		{"2023-02-29", PartialDate{}, "not a day"},
		{"1975-13", PartialDate{}, "no month"},
		{"75", PartialDate{}, "form"},
		{"1066", PartialDate{}, "out of range"},
		{"1975/06", PartialDate{}, "form"},
		{"1975-6", PartialDate{}, "form"},
		{"-975", PartialDate{}, "form"},
		{"", PartialDate{}, "form"},
	}
	for _, tt := range tests {
		got, err := ParsePartialDate(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParsePartialDate(%q) error = %v, want one containing %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParsePartialDate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
		if got.String() != tt.in {
			t.Errorf("ParsePartialDate(%q).String() = %q", tt.in, got.String())
		}
	}
}

func TestFiscalYear(t *testing.T) {
	for _, tt := range []struct {
		d    Date
		want int
	}{
		{Date{2025, time.September, 30}, 2025},
		{Date{2025, time.October, 1}, 2026},
		{Date{2026, time.January, 15}, 2026},
	} {
		if got := tt.d.FiscalYear(); got != tt.want {
			t.Errorf("%v.FiscalYear() = %d, want %d", tt.d, got, tt.want)
		}
	}
}

// fields returns the field names of a validation error.
func fields(err error) []string {
	e, ok := err.(*Error)
	if !ok || err == nil {
		return nil
	}
	var out []string
	for k := range e.Fields {
		out = append(out, k)
	}
	return sortStrings(out)
}

func sortStrings(s []string) []string {
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return s
}

func TestValidateNamesTheField(t *testing.T) {
	long := strings.Repeat("x", MaxNameLen+1)
	tests := []struct {
		name string
		v    interface{ Validate() error }
		want []string
	}{
		{"valid actor", &Actor{Country: "ML", Kind: "army", Name: "Armée", Releasability: Internal}, nil},
		{"actor without anything", &Actor{}, []string{"country", "kind", "name", "releasability"}},
		{"actor bad country", &Actor{Country: "Mali", Kind: "army", Name: "x", Releasability: Public}, []string{"country"}},
		{"actor user-assigned country", &Actor{Country: "XK", Kind: "police", Name: "x", Releasability: Public}, nil},
		{"actor wrong category", &Actor{Country: "ML", Kind: "army", Category: CivilSociety, Name: "x", Releasability: Public}, []string{"category"}},
		{"actor own parent", &Actor{ID: 4, ParentID: 4, Country: "ML", Kind: "army", Name: "x", Releasability: Public}, []string{"parent_id"}},
		{"actor long name", &Actor{Country: "ML", Kind: "army", Name: long, Releasability: Public}, []string{"name"}},
		{"actor bad alias", &Actor{Country: "ML", Kind: "army", Name: "x", Releasability: Public, Names: []Name{{Value: " "}, {Value: "y", Lang: "english!"}}}, []string{"names[0].value", "names[1].lang"}},
		{"actor invalid UTF-8", &Actor{Country: "ML", Kind: "army", Name: "a\xffb", Releasability: Public}, []string{"name"}},
		{"actor two-line name", &Actor{Country: "ML", Kind: "army", Name: "a\nb", Releasability: Public}, []string{"name"}},
		{"actor name of punctuation", &Actor{Country: "ML", Kind: "army", Name: "!!! ... ---", Releasability: Public, Names: []Name{{Value: "--"}}}, []string{"name", "names[0].value"}},
		{"actor numbered name", &Actor{Country: "ML", Kind: "army", Name: "33", Releasability: Public}, nil},
		{"person name of punctuation", &Person{Name: "«— · —»", Releasability: Internal}, []string{"name"}},
		{"person Arabic name", &Person{Name: "محمد ولد أحمد", Releasability: Internal}, nil},
		{"actor bad echelon", &Actor{Country: "ML", Kind: "army", Name: "x", Echelon: "legion", Releasability: Public}, []string{"echelon"}},
		{"person", &Person{Name: "x", Releasability: Restricted, BirthDate: PartialDate{Year: 1980}, Gender: "female", Nationality: "NE"}, nil},
		{"person bad", &Person{Name: "", Gender: "x", Nationality: "NER", Releasability: 9,
			Memberships: []Membership{{ActorID: 0, From: PartialDate{Year: 2020}, To: PartialDate{Year: 2019}}}},
			[]string{"gender", "memberships[0].actor_id", "memberships[0].to", "name", "nationality", "releasability"}},
		{"organization", &Organization{Name: "DIILS", Kind: "implementer", Releasability: Public}, nil},
		{"organization bad", &Organization{Kind: "club", Country: "ZZZ", Releasability: Public}, []string{"country", "kind", "name"}},
		{"authority", &Authority{Code: "IMET", Name: "x", Agency: "State", Citation: "22 U.S.C. 2347", LeahyApplies: true, LeahyStatute: LeahyState, Releasability: Public}, nil},
		{"authority bad", &Authority{Code: "-x", Agency: "", LeahyStatute: "22 U.S.C. 1", Releasability: Public}, []string{"agency", "citation", "code", "leahy_statute", "name"}},
		{"program", &Program{Title: "x", Country: "ML", Status: "active", Releasability: Internal, Budget: []Budget{{2025, 10}}}, nil},
		{"program bad", &Program{Title: "", Country: "ML", Status: "dreaming", ObjectiveCategory: "vanity", ActivityType: "bribe",
			ICBDomains: []ICBDomain{"force_management", "force_management"}, RecipientIDs: []int64{1, 1},
			Budget: []Budget{{1800, 1}, {2025, -1}}, Start: Date{2026, 1, 1}, End: Date{2025, 1, 1}, Releasability: Internal},
			[]string{"activity_type", "budget[0].fiscal_year", "budget[1].amount_usd", "end", "icb_domains[1]", "objective_category", "recipient_ids[1]", "status", "title"}},
		{"activity", &Activity{ProgramID: 1, Kind: "course", Title: "x", Status: "planned", Releasability: Internal}, nil},
		{"activity bad", &Activity{Kind: "party", Status: "x", Quantity: -1, CostUSD: -1, PersonIDs: []int64{-2}, Releasability: Internal,
			Source: &SourceRef{Dataset: "", Key: "k", Page: -1}},
			[]string{"cost_usd", "kind", "person_ids[0]", "program_id", "quantity", "source.dataset", "source.page", "status", "title"}},
		{"country", &Country{Code: "ML", Alpha3: "MLI", Numeric: "466", Name: "Mali", Releasability: Public}, nil},
		{"country user-assigned", &Country{Code: "XK", Alpha3: "XKX", Name: "Kosovo", Releasability: Public}, nil},
		{"country bad", &Country{Code: "ml", Name: "", Releasability: Public}, []string{"code", "name"}},
		{"user", &User{Name: "alice", Role: RoleAdmin}, nil},
		{"user bad", &User{Name: "Alice Smith", Role: RolePublic}, []string{"name", "role"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, fields(tt.v.Validate())); diff != "" {
				t.Errorf("Validate() fields mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCan(t *testing.T) {
	// Reading is open to every role but for users, tokens and the audit
	// trail; writing is per entity.
	for _, tt := range []struct {
		role   Role
		action Action
		entity string
		want   bool
	}{
		{RolePublic, ActionRead, EntityProgram, true},
		{RolePublic, ActionCreate, EntityProgram, false},
		{RolePartner, ActionRead, EntityAudit, false},
		{RoleAdmin, ActionRead, EntityAudit, true},
		{RolePlanner, ActionCreate, EntityProgram, true},
		{RoleVetter, ActionCreate, EntityProgram, false},
		{RoleVetter, ActionUpdate, EntityPerson, true},
		{RoleViewer, ActionDelete, EntityActor, false},
		{RoleAdmin, ActionCreate, EntityUser, true},
		{RolePlanner, ActionRead, EntityUser, false},
		{Role("king"), ActionRead, EntityProgram, false},
	} {
		if got := Can(tt.role, tt.action, tt.entity); got != tt.want {
			t.Errorf("Can(%s, %s, %s) = %v, want %v", tt.role, tt.action, tt.entity, got, tt.want)
		}
	}
	if RolePartner.Clearance() != Public || RoleViewer.Clearance() != Internal || RolePlanner.Clearance() != Restricted || RoleVetter.Clearance() != Protected {
		t.Error("role clearances changed: update DOMAIN notes and README's table")
	}
}

func FuzzParsePartialDate(f *testing.F) {
	for _, s := range []string{"1975", "1975-06", "1975-06-30", "0000-00-00", "9999-99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParsePartialDate(s)
		if err != nil {
			return
		}
		if back, err := ParsePartialDate(d.String()); err != nil || back != d {
			t.Errorf("ParsePartialDate(%q) = %v, but its String %q parses to %v, %v", s, d, d.String(), back, err)
		}
	})
}

// FuzzRecordJSON decodes arbitrary JSON into each record type and validates
// it: no panic, and validation either passes or names fields.
func FuzzRecordJSON(f *testing.F) {
	f.Add([]byte(`{"country":"ML","kind":"army","name":"x","releasability":"internal"}`))
	f.Add([]byte(`{"title":"x","country":"ML","budget":[{"fiscal_year":2025,"amount_usd":1}],"start":"2025-01-01"}`))
	f.Add([]byte(`{"name":"x","birth_date":"1975-06","memberships":[{"actor_id":1,"from":"2020"}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, v := range []interface{ Validate() error }{&Actor{}, &Person{}, &Program{}, &Activity{}, &Organization{}, &Authority{}, &Country{}} {
			if json.Unmarshal(b, v) != nil {
				continue
			}
			if err := v.Validate(); err != nil {
				if e, ok := err.(*Error); !ok || e.Kind != EINVALID || len(e.Fields) == 0 {
					t.Errorf("Validate() on %s = %v, want an EINVALID error naming fields", b, err)
				}
			}
		}
	})
}
