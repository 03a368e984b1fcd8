package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/google/go-cmp/cmp"
)

// testReleasability proves that no read path returns a record above the
// caller's clearance, for every role and level.
func testReleasability(t *testing.T, db *store.DB) {
	byLevel := map[custos.Releasability]int64{}
	for _, r := range custos.Releasabilities() {
		byLevel[r] = newActor(t, admin, db, "Unit "+r.String(), 0, r).ID
	}
	person := &custos.Person{Name: "Protected Person", Releasability: custos.Protected}
	must(t, db.CreatePerson(admin, person))
	for _, role := range append(custos.Roles(), custos.RolePublic) {
		ctx := as(role)
		list, _, err := db.FindActors(ctx, custos.ActorFilter{})
		must(t, err)
		var seen []custos.Releasability
		for _, a := range list {
			seen = append(seen, a.Releasability)
		}
		var want []custos.Releasability
		for _, r := range custos.Releasabilities() {
			if r <= role.Clearance() {
				want = append(want, r)
			}
		}
		if diff := cmp.Diff(want, seen); diff != "" {
			t.Errorf("FindActors as %s: levels seen mismatch (-want +got):\n%s", role, diff)
		}
		for r, id := range byLevel {
			_, err := db.FindActor(ctx, id)
			if r <= role.Clearance() && err != nil {
				t.Errorf("FindActor(%s record) as %s = %v, want it", r, role, err)
			}
			if r > role.Clearance() {
				wantKind(t, "FindActor("+r.String()+" record) as "+string(role), err, custos.ENOTFOUND)
			}
		}
		_, err = db.FindPerson(ctx, person.ID)
		if role.Clearance() < custos.Protected {
			wantKind(t, "FindPerson(protected) as "+string(role), err, custos.ENOTFOUND)
		}
		persons, _, err := db.FindPersons(ctx, custos.PersonFilter{Q: "Protected"})
		must(t, err)
		if role.Clearance() < custos.Protected && len(persons) != 0 {
			t.Errorf("FindPersons as %s returned the protected person", role)
		}
	}
	// A writer may not create what it could not read back.
	wantKind(t, "CreateActor(protected) as planner", db.CreateActor(as(custos.RolePlanner),
		&custos.Actor{Country: "ML", Kind: "army", Name: "x", Releasability: custos.Protected}), custos.EFORBIDDEN)
	// Nor refer to it.
	wantField(t, "CreateActor(parent protected) as planner", db.CreateActor(as(custos.RolePlanner),
		&custos.Actor{Country: "ML", Kind: "army", Name: "x", ParentID: byLevel[custos.Protected]}), "parent_id")
	// Ancestors stop below a parent the caller may not see.
	child := newActor(t, admin, db, "Child of protected", byLevel[custos.Protected], custos.Internal)
	anc, err := db.ActorAncestors(as(custos.RoleViewer), child.ID)
	must(t, err)
	if len(anc) != 0 {
		t.Errorf("ActorAncestors as viewer = %d actors, want none (the parent is protected)", len(anc))
	}
}

// testHiddenLinksKept proves that a caller who cannot see a linked record
// does not erase the link by saving what it was shown.
func testHiddenLinksKept(t *testing.T, db *store.DB) {
	p, unit := newProgram(t, db)
	secret := newActor(t, admin, db, "Special unit", 0, custos.Protected)
	p.RecipientIDs = []int64{unit.ID, secret.ID}
	must(t, db.UpdateProgram(admin, p))

	planner := as(custos.RolePlanner)
	seen, err := db.FindProgram(planner, p.ID)
	must(t, err)
	if diff := cmp.Diff([]int64{unit.ID}, seen.RecipientIDs); diff != "" {
		t.Errorf("recipients seen by planner mismatch (-want +got):\n%s", diff)
	}
	seen.Title = "Renamed by planner"
	must(t, db.UpdateProgram(planner, seen))
	full, err := db.FindProgram(admin, p.ID)
	must(t, err)
	want := []int64{unit.ID, secret.ID}
	if unit.ID > secret.ID {
		want = []int64{secret.ID, unit.ID}
	}
	if diff := cmp.Diff(want, full.RecipientIDs); diff != "" {
		t.Errorf("recipients after planner's save mismatch (-want +got):\n%s", diff)
	}

	person := &custos.Person{Name: "Nominee", Memberships: []custos.Membership{{ActorID: unit.ID}, {ActorID: secret.ID, Position: "adviser"}}}
	must(t, db.CreatePerson(admin, person))
	seenP, err := db.FindPerson(planner, person.ID)
	must(t, err)
	if len(seenP.Memberships) != 1 {
		t.Errorf("planner sees %d memberships, want 1", len(seenP.Memberships))
	}
	must(t, db.UpdatePerson(planner, seenP))
	fullP, err := db.FindPerson(admin, person.ID)
	must(t, err)
	if len(fullP.Memberships) != 2 {
		t.Errorf("after planner's save, %d memberships remain, want 2", len(fullP.Memberships))
	}
}

// testPermissions checks the write rights of every role on every entity.
func testPermissions(t *testing.T, db *store.DB) {
	for _, role := range append(custos.Roles(), custos.RolePublic) {
		ctx := as(role)
		refused := custos.EFORBIDDEN
		if role == custos.RolePublic {
			refused = custos.EUNAUTHORIZED // asked to sign in
		}
		err := db.CreateActor(ctx, &custos.Actor{Country: "ML", Kind: "army", Name: "by " + string(role)})
		if custos.Can(role, custos.ActionCreate, custos.EntityActor) {
			must(t, err)
		} else {
			wantKind(t, "CreateActor as "+string(role), err, refused)
		}
		err = db.CreateOrganization(ctx, &custos.Organization{Name: "by " + string(role), Kind: "implementer"})
		if custos.Can(role, custos.ActionCreate, custos.EntityOrganization) {
			must(t, err)
		} else {
			wantKind(t, "CreateOrganization as "+string(role), err, refused)
		}
		_, err = db.FindUsers(ctx)
		if role != custos.RoleAdmin {
			wantKind(t, "FindUsers as "+string(role), err, refused)
		}
		_, _, err = db.FindAuditEntries(ctx, custos.AuditFilter{})
		if role != custos.RoleAdmin {
			wantKind(t, "FindAuditEntries as "+string(role), err, refused)
		}
	}
	_, err := db.FindCountry(context.Background(), "ML")
	wantKind(t, "FindCountry without a principal", err, custos.EUNAUTHORIZED)
}

// testFailedWriteChangesNothing proves that a refused write leaves neither
// the record nor an audit entry behind.
func testFailedWriteChangesNothing(t *testing.T, db *store.DB) {
	ctx := as(custos.RolePlanner)
	before := auditCount(t, db)
	p := &custos.Program{Title: "Half-written", Country: "ML", Status: "planned", RecipientIDs: []int64{123456789},
		Budget: []custos.Budget{{FiscalYear: 2026, AmountUSD: 10}}}
	wantField(t, "CreateProgram(unknown recipient)", db.CreateProgram(ctx, p), "recipient_ids[0]")
	list, _, err := db.FindPrograms(ctx, custos.ProgramFilter{})
	must(t, err)
	if len(list) != 0 {
		t.Errorf("after a refused create, %d programs exist, want 0", len(list))
	}
	if n := auditCount(t, db); n != before {
		t.Errorf("after a refused create, audit has %d entries, want %d", n, before)
	}
}

func testUsers(t *testing.T, db *store.DB) {
	u := &custos.User{Name: "alice", DisplayName: "Alice", Role: custos.RoleVetter}
	must(t, db.CreateUser(admin, u, "correct horse battery"))
	wantField(t, "CreateUser(short password)", db.CreateUser(admin, &custos.User{Name: "bob", Role: custos.RoleViewer}, "short"), "password")
	wantField(t, "CreateUser(bad role)", db.CreateUser(admin, &custos.User{Name: "bob", Role: "king"}, "correct horse battery"), "role")
	wantKind(t, "CreateUser(alice twice)", db.CreateUser(admin, &custos.User{Name: "alice", Role: custos.RoleViewer}, "correct horse battery"), custos.ECONFLICT)
	wantKind(t, "CreateUser as planner", db.CreateUser(as(custos.RolePlanner), &custos.User{Name: "eve", Role: custos.RoleAdmin}, "correct horse battery"), custos.EFORBIDDEN)

	got, err := db.Authenticate(context.Background(), "alice", "correct horse battery")
	must(t, err)
	if got.ID != u.ID || got.Role != custos.RoleVetter {
		t.Errorf("Authenticate() = %+v", got)
	}
	_, err = db.Authenticate(context.Background(), "alice", "wrong horse battery")
	wantKind(t, "Authenticate(wrong password)", err, custos.EUNAUTHORIZED)
	_, err = db.Authenticate(context.Background(), "nobody", "correct horse battery")
	wantKind(t, "Authenticate(unknown user)", err, custos.EUNAUTHORIZED)

	secret, err := db.CreateSession(context.Background(), u.ID, time.Hour)
	must(t, err)
	su, err := db.SessionUser(context.Background(), secret)
	must(t, err)
	if su.Name != "alice" {
		t.Errorf("SessionUser() = %q, want alice", su.Name)
	}
	u.Disabled = true
	must(t, db.UpdateUser(admin, u))
	_, err = db.SessionUser(context.Background(), secret)
	wantKind(t, "SessionUser after disable", err, custos.EUNAUTHORIZED)
	_, err = db.Authenticate(context.Background(), "alice", "correct horse battery")
	wantKind(t, "Authenticate(disabled)", err, custos.EUNAUTHORIZED)

	u.Disabled = false
	must(t, db.UpdateUser(admin, u))
	must(t, db.SetPassword(admin, "alice", "a new long password"))
	_, err = db.Authenticate(context.Background(), "alice", "a new long password")
	must(t, err)
	self := custos.WithPrincipal(context.Background(), u.Principal("session"))
	if _, err := db.FindUser(self, "alice"); err != nil {
		t.Errorf("FindUser(self) = %v, want the record", err)
	}
	_, err = db.FindUser(self, "system")
	wantKind(t, "FindUser(other) as vetter", err, custos.EFORBIDDEN)
}

func testTokens(t *testing.T, db *store.DB) {
	u := &custos.User{Name: "robot", Role: custos.RoleAnalyst}
	must(t, db.CreateUser(admin, u, "correct horse battery"))
	tok, secret, err := db.CreateToken(admin, "robot", "ci", 0)
	must(t, err)
	if len(secret) < 40 || secret[:len(store.TokenPrefix)] != store.TokenPrefix {
		t.Errorf("CreateToken secret = %q, want a long custos_ secret", secret)
	}
	got, err := db.TokenUser(context.Background(), secret)
	must(t, err)
	if got.Name != "robot" {
		t.Errorf("TokenUser() = %q, want robot", got.Name)
	}
	_, err = db.TokenUser(context.Background(), secret+"x")
	wantKind(t, "TokenUser(wrong)", err, custos.EUNAUTHORIZED)
	list, err := db.FindTokens(admin)
	must(t, err)
	if len(list) != 1 || list[0].Prefix != tok.Prefix {
		t.Errorf("FindTokens() = %v", list)
	}
	must(t, db.RevokeToken(admin, tok.ID))
	_, err = db.TokenUser(context.Background(), secret)
	wantKind(t, "TokenUser(revoked)", err, custos.EUNAUTHORIZED)

	_, short, err := db.CreateToken(admin, "robot", "short-lived", time.Minute)
	must(t, err)
	db.Now = func() time.Time { return time.Now().Add(2 * time.Minute) }
	_, err = db.TokenUser(context.Background(), short)
	wantKind(t, "TokenUser(expired)", err, custos.EUNAUTHORIZED)
	db.Now = time.Now
	_, _, err = db.CreateToken(admin, "nobody", "", 0)
	wantKind(t, "CreateToken(unknown user)", err, custos.ENOTFOUND)
}
