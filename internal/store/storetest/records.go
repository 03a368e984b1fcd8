package storetest

import (
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

var ignoreTimes = cmpopts.IgnoreFields(custos.Actor{}, "CreatedAt", "UpdatedAt")

func testCountries(t *testing.T, db *store.DB) {
	ctx := as(custos.RoleViewer)
	ml, err := db.FindCountry(ctx, "ML")
	must(t, err)
	if ml.Name != "Mali" || ml.Alpha3 != "MLI" || ml.Numeric != "466" {
		t.Errorf("FindCountry(ML) = %+v, want Mali/MLI/466", ml)
	}
	all, next, err := db.FindCountries(ctx, custos.CountryFilter{Page: custos.Page{Limit: 1000}})
	must(t, err)
	// ISO 3166-1, and Kosovo under the user-assigned XK that the event
	// datasets use.
	if len(all) != len(custos.ISOCountries())+1 || next != "" {
		t.Errorf("FindCountries() = %d countries (next %q), want %d", len(all), next, len(custos.ISOCountries())+1)
	}
	if xk, err := db.FindCountry(ctx, "XK"); err != nil || xk.Name != "Kosovo" || xk.Notes == "" {
		t.Errorf("FindCountry(XK) = %+v, %v; want Kosovo, with a note on its code", xk, err)
	}
	got, _, err := db.FindCountries(ctx, custos.CountryFilter{Q: "ivoire"})
	must(t, err)
	if len(got) != 1 || got[0].Code != "CI" {
		t.Errorf("FindCountries(q=ivoire) = %v, want CI", got)
	}
	_, err = db.FindCountry(ctx, "QQ")
	wantKind(t, "FindCountry(QQ)", err, custos.ENOTFOUND)

	xz := &custos.Country{Code: "XZ", Alpha3: "XZZ", Name: "Fictional: a user-assigned territory"}
	must(t, db.CreateCountry(admin, xz))
	wantKind(t, "CreateCountry(XZ) twice", db.CreateCountry(admin, &custos.Country{Code: "XZ", Name: "Fictional: again"}), custos.ECONFLICT)
	wantField(t, "CreateCountry(ZX)", db.CreateCountry(admin, &custos.Country{Code: "Zx", Name: "Bad"}), "code")
	wantField(t, "CreateCountry(QA wrong alpha3)", db.CreateCountry(admin, &custos.Country{Code: "QA", Alpha3: "QQQ", Numeric: "634", Name: "Qatar"}), "alpha3")

	ml.AltNames = append(ml.AltNames, "Malí")
	must(t, db.UpdateCountry(admin, ml))
	got, _, err = db.FindCountries(ctx, custos.CountryFilter{Q: "Malí"})
	must(t, err)
	if len(got) != 1 || got[0].Code != "ML" {
		t.Errorf("FindCountries(q=Malí) after update = %v, want ML", got)
	}
	newActor(t, admin, db, "Armée de Terre", 0, custos.Internal)
	wantKind(t, "DeleteCountry(ML) with actors", db.DeleteCountry(admin, "ML"), custos.ECONFLICT)
	must(t, db.DeleteCountry(admin, "XK"))
}

func testActors(t *testing.T, db *store.DB) {
	ctx := as(custos.RolePlanner)
	a := &custos.Actor{Country: "ML", Kind: "gendarmerie", Name: "Gendarmerie nationale",
		Names: []custos.Name{{Value: "الدرك الوطني", Lang: "ar"}, {Value: "National Gendarmerie", Lang: "en"}}}
	must(t, db.CreateActor(ctx, a))
	if a.ID == 0 || a.Category != custos.StateSecurityProvider || a.Releasability != custos.Internal {
		t.Errorf("CreateActor set id %d, category %q, releasability %v; want an id, state_security_provider, internal", a.ID, a.Category, a.Releasability)
	}
	got, err := db.FindActor(ctx, a.ID)
	must(t, err)
	if diff := cmp.Diff(a, got, ignoreTimes); diff != "" {
		t.Errorf("FindActor() mismatch (-want +got):\n%s", diff)
	}
	list, _, err := db.FindActors(ctx, custos.ActorFilter{Q: "الدرك"})
	must(t, err)
	if len(list) != 1 || list[0].ID != a.ID {
		t.Errorf("FindActors(q=Arabic alias) = %d actors, want the gendarmerie", len(list))
	}
	a.Name = "Gendarmerie Nationale du Mali"
	must(t, db.UpdateActor(ctx, a))
	got, err = db.FindActor(ctx, a.ID)
	must(t, err)
	if got.Name != a.Name {
		t.Errorf("after UpdateActor, name = %q, want %q", got.Name, a.Name)
	}
	wantField(t, "CreateActor(bad country)", db.CreateActor(ctx, &custos.Actor{Country: "ZZZ", Kind: "army", Name: "x"}), "country")
	wantField(t, "CreateActor(bad kind)", db.CreateActor(ctx, &custos.Actor{Country: "ML", Kind: "navy seals", Name: "x"}), "kind")
	wantField(t, "CreateActor(missing parent)", db.CreateActor(ctx, &custos.Actor{Country: "ML", Kind: "army", Name: "x", ParentID: 999999}), "parent_id")
	wantField(t, "CreateActor(bad lang)", db.CreateActor(ctx, &custos.Actor{Country: "ML", Kind: "army", Name: "x", Names: []custos.Name{{Value: "y", Lang: "not a tag"}}}), "names[0].lang")
	must(t, db.DeleteActor(ctx, a.ID))
	_, err = db.FindActor(ctx, a.ID)
	wantKind(t, "FindActor after delete", err, custos.ENOTFOUND)
}

func testActorTree(t *testing.T, db *store.DB) {
	ctx := as(custos.RolePlanner)
	army := newActor(t, ctx, db, "Army", 0, custos.Internal)
	brigade := newActor(t, ctx, db, "1st Brigade", army.ID, custos.Internal)
	battalion := newActor(t, ctx, db, "3rd Battalion", brigade.ID, custos.Internal)
	company := newActor(t, ctx, db, "A Company", battalion.ID, custos.Internal)

	anc, err := db.ActorAncestors(ctx, company.ID)
	must(t, err)
	var names []string
	for _, a := range anc {
		names = append(names, a.Name)
	}
	if diff := cmp.Diff([]string{"3rd Battalion", "1st Brigade", "Army"}, names); diff != "" {
		t.Errorf("ActorAncestors() mismatch (-want +got):\n%s", diff)
	}
	kids, _, err := db.FindActors(ctx, custos.ActorFilter{ParentID: brigade.ID})
	must(t, err)
	if len(kids) != 1 || kids[0].ID != battalion.ID {
		t.Errorf("FindActors(parent=brigade) = %v, want the battalion", kids)
	}
	roots, _, err := db.FindActors(ctx, custos.ActorFilter{Root: true})
	must(t, err)
	if len(roots) != 1 || roots[0].ID != army.ID {
		t.Errorf("FindActors(root) = %v, want the army", roots)
	}
	// Cycles, direct and deep, are refused and change nothing.
	army.ParentID = company.ID
	wantField(t, "UpdateActor(army under its company)", db.UpdateActor(ctx, army), "parent_id")
	army.ParentID = army.ID
	wantField(t, "UpdateActor(army under itself)", db.UpdateActor(ctx, army), "parent_id")
	got, err := db.FindActor(ctx, army.ID)
	must(t, err)
	if got.ParentID != 0 {
		t.Errorf("after refused cycles, army parent = %d, want none", got.ParentID)
	}
	wantKind(t, "DeleteActor(brigade with battalion)", db.DeleteActor(ctx, brigade.ID), custos.ECONFLICT)
}

func testPersons(t *testing.T, db *store.DB) {
	ctx := as(custos.RoleVetter)
	unit := newActor(t, ctx, db, "3e Bataillon", 0, custos.Internal)
	p := &custos.Person{Name: "Amadou Diallo", Names: []custos.Name{{Value: "أمادو ديالو", Lang: "ar"}},
		BirthDate: custos.PartialDate{Year: 1975}, Gender: "male", Nationality: "ML", Rank: "Colonel",
		Memberships: []custos.Membership{{ActorID: unit.ID, Position: "commander", From: custos.PartialDate{Year: 2019, Month: 3}}}}
	must(t, db.CreatePerson(ctx, p))
	if p.Releasability != custos.Restricted {
		t.Errorf("person releasability = %v, want restricted by default", p.Releasability)
	}
	got, err := db.FindPerson(ctx, p.ID)
	must(t, err)
	if diff := cmp.Diff(p, got, cmpopts.IgnoreFields(custos.Person{}, "CreatedAt", "UpdatedAt")); diff != "" {
		t.Errorf("FindPerson() mismatch (-want +got):\n%s", diff)
	}
	members, _, err := db.FindPersons(ctx, custos.PersonFilter{ActorID: unit.ID})
	must(t, err)
	if len(members) != 1 {
		t.Errorf("FindPersons(actor) = %d, want 1", len(members))
	}
	wantField(t, "CreatePerson(bad birth)", db.CreatePerson(ctx, &custos.Person{Name: "x", BirthDate: custos.PartialDate{Year: 2300}}), "birth_date")
	wantField(t, "CreatePerson(bad unit)", db.CreatePerson(ctx, &custos.Person{Name: "x", Memberships: []custos.Membership{{ActorID: 424242}}}), "memberships[0].actor_id")
	wantKind(t, "DeleteActor(unit with member)", db.DeleteActor(ctx, unit.ID), custos.ECONFLICT)
	must(t, db.DeletePerson(ctx, p.ID))
}

func testOrganizations(t *testing.T, db *store.DB) {
	ctx := as(custos.RolePlanner)
	dod := &custos.Organization{Name: "Department of Defense", Abbrev: "DoD", Kind: "donor_agency", Country: "US"}
	must(t, db.CreateOrganization(ctx, dod))
	dsca := &custos.Organization{Name: "Defense Security Cooperation Agency", Abbrev: "DSCA", Kind: "donor_agency", Country: "US", ParentID: dod.ID}
	must(t, db.CreateOrganization(ctx, dsca))
	list, _, err := db.FindOrganizations(ctx, custos.OrganizationFilter{Q: "dsca"})
	must(t, err)
	if len(list) != 1 || list[0].ID != dsca.ID {
		t.Errorf("FindOrganizations(q=dsca) = %v, want DSCA", list)
	}
	wantField(t, "CreateOrganization(bad kind)", db.CreateOrganization(ctx, &custos.Organization{Name: "x", Kind: "club"}), "kind")
	wantKind(t, "DeleteOrganization(parent)", db.DeleteOrganization(ctx, dod.ID), custos.ECONFLICT)
}

func testAuthorities(t *testing.T, db *store.DB) {
	ctx := as(custos.RolePlanner)
	imet := &custos.Authority{Code: "IMET", Name: "International Military Education and Training", Agency: "State",
		Citation: "22 U.S.C. 2347", LeahyApplies: true, LeahyStatute: custos.LeahyState}
	must(t, db.CreateAuthority(ctx, imet))
	got, err := db.FindAuthorityByCode(ctx, "IMET")
	must(t, err)
	if got.ID != imet.ID || !got.LeahyApplies {
		t.Errorf("FindAuthorityByCode(IMET) = %+v", got)
	}
	wantKind(t, "CreateAuthority(IMET twice)", db.CreateAuthority(ctx, &custos.Authority{Code: "IMET", Name: "x", Agency: "State", Citation: "y"}), custos.ECONFLICT)
	wantField(t, "CreateAuthority(leahy without statute)", db.CreateAuthority(ctx, &custos.Authority{Code: "X", Name: "x", Agency: "State", Citation: "y", LeahyApplies: true}), "leahy_statute")
	yes, _, err := db.FindAuthorities(ctx, custos.AuthorityFilter{Leahy: "yes"})
	must(t, err)
	no, _, err := db.FindAuthorities(ctx, custos.AuthorityFilter{Leahy: "no"})
	must(t, err)
	if len(yes) != 1 || len(no) != 0 {
		t.Errorf("FindAuthorities(leahy) = %d yes, %d no; want 1, 0", len(yes), len(no))
	}
}
