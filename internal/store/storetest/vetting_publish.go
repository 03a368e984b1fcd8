package storetest

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
)

// testBarredPublication proves that the public list of barred units shows
// only the denials the vetters decided to publish: with the proposal and
// the second vetter's concurrence, or by a vetter's publish action on a
// denial in force; that a person is never published and never appears;
// that withdrawing and expiry take a unit off; and that only vetters and
// administrators decide, each decision audited.
func testBarredPublication(t *testing.T, db *store.DB) {
	anon := custos.WithPrincipal(context.Background(), custos.Anonymous)
	p := &custos.Program{Title: "Counter-IED", Country: "ML"}
	must(t, db.CreateProgram(admin, p))
	quiet := newActor(t, admin, db, "Détachement spécial 7", 0, custos.Internal)
	listed := newActor(t, admin, db, "33e Régiment", 0, custos.Internal)
	person := &custos.Person{Name: "Moussa Coulibaly"}
	must(t, db.CreatePerson(admin, person))

	listedIDs := func(ctx context.Context) []int64 {
		t.Helper()
		list, err := db.BarredUnits(ctx)
		must(t, err)
		var ids []int64
		for _, b := range list {
			ids = append(ids, b.ActorID)
		}
		return ids
	}
	want := func(what string, ids ...int64) {
		t.Helper()
		for _, ctx := range []context.Context{anon, admin} {
			got := listedIDs(ctx)
			if len(got) != len(ids) || (len(ids) > 0 && got[0] != ids[0]) {
				t.Errorf("%s: BarredUnits = %v, want %v", what, got, ids)
			}
		}
	}

	// A denial in force, not published: not listed.
	dq := Decide(t, db, nominate(t, db, &custos.Nomination{ActorID: quiet.ID, ProgramID: p.ID}), custos.Denied)
	dp := Decide(t, db, nominate(t, db, &custos.Nomination{PersonID: person.ID, ProgramID: p.ID}), custos.Denied)
	want("unpublished denials")

	// Publishing a person, or anything but a denial, is refused.
	np := nominate(t, db, &custos.Nomination{PersonID: person.ID, ProgramID: p.ID})
	wantField(t, "propose publishing a person", db.ProposeDecision(VetterA, &custos.VettingDecision{NominationID: np.ID, Outcome: custos.Denied, Reason: "x", Evidence: []string{"https://example.org/fictional-report"}, Publish: true}), "publish")
	nu := nominate(t, db, &custos.Nomination{ActorID: listed.ID, ProgramID: p.ID})
	wantField(t, "propose publishing a suspension", db.ProposeDecision(VetterA, &custos.VettingDecision{NominationID: nu.ID, Outcome: custos.Suspended, Reason: "x", Publish: true}), "publish")
	_, err := db.PublishDecision(VetterA, dp.ID, true, "naming")
	wantField(t, "PublishDecision(a person's denial)", err, "publish")

	// Proposed with publication: listed only once a second vetter concurs.
	if _, err := db.ScreenNominations(VetterA, []int64{nu.ID}); err != nil {
		t.Fatal(err)
	}
	d := &custos.VettingDecision{NominationID: nu.ID, Outcome: custos.Denied, Reason: "credible reports of killings", Evidence: []string{"https://example.org/fictional-report"}, Publish: true}
	must(t, db.ProposeDecision(VetterA, d))
	want("a proposal to publish, before concurrence")
	_, err = db.PublishDecision(VetterA, d.ID, true, "hurry")
	wantKind(t, "PublishDecision(a proposal)", err, custos.ECONFLICT)
	d, err = db.ConcurDecision(VetterB, d.ID, "agreed, publish")
	must(t, err)
	if !d.Publish || d.PublishedBy != "vetter-b" || d.PublishedAt.IsZero() {
		t.Errorf("concurred decision publish = %v by %q at %v, want published by vetter-b", d.Publish, d.PublishedBy, d.PublishedAt)
	}
	want("a published denial", listed.ID)

	// Nobody else decides publication.
	for _, c := range []struct {
		ctx  context.Context
		kind string
	}{{as(custos.RolePlanner), custos.EFORBIDDEN}, {as(custos.RoleAnalyst), custos.EFORBIDDEN}, {as(custos.RoleViewer), custos.EFORBIDDEN},
		{as(custos.RolePartner), custos.EFORBIDDEN}, {anon, custos.EUNAUTHORIZED}} {
		_, err := db.PublishDecision(c.ctx, dq.ID, true, "x")
		wantKind(t, "PublishDecision by another role", err, c.kind)
	}
	_, err = db.PublishDecision(VetterA, dq.ID, true, " ")
	wantField(t, "PublishDecision without a reason", err, "reason")
	want("refused publications", listed.ID)

	// A vetter publishes a denial in force, and withdraws it; each audited.
	entries := auditCount(t, db)
	got, err := db.PublishDecision(VetterA, dq.ID, true, "the ministry named the unit")
	must(t, err)
	if !got.Publish || got.PublishedBy != "vetter-a" {
		t.Errorf("PublishDecision = publish %v by %q, want published by vetter-a", got.Publish, got.PublishedBy)
	}
	_, err = db.PublishDecision(VetterA, dq.ID, true, "again")
	wantKind(t, "PublishDecision twice", err, custos.ECONFLICT)
	if list := listedIDs(anon); len(list) != 2 {
		t.Errorf("after publishing: BarredUnits = %v, want both units", list)
	}
	_, err = db.PublishDecision(VetterB, dq.ID, false, "name withheld for the investigation")
	must(t, err)
	want("after withdrawing", listed.ID)
	if n := auditCount(t, db) - entries; n != 2 {
		t.Errorf("publishing and withdrawing wrote %d audit entries, want 2", n)
	}
	pubs, _, err := db.FindAuditEntries(admin, custos.AuditFilter{Entity: "vetting_publication"})
	must(t, err)
	if len(pubs) != 2 {
		t.Errorf("audit has %d publication entries, want 2", len(pubs))
	}

	// A restricted or protected unit is never published: refused when
	// proposed or published, and left off the list if its record is made
	// protected after publication.
	secret := newActor(t, admin, db, "Fictional: Unité spéciale Zulu", 0, custos.Protected)
	ns := nominate(t, db, &custos.Nomination{ActorID: secret.ID, ProgramID: p.ID})
	if _, err := db.ScreenNominations(VetterA, []int64{ns.ID}); err != nil {
		t.Fatal(err)
	}
	wantField(t, "propose publishing a protected unit", db.ProposeDecision(VetterA, &custos.VettingDecision{NominationID: ns.ID, Outcome: custos.Denied, Reason: "x",
		Evidence: []string{"https://example.org/fictional-report"}, Publish: true}), "publish")
	ds := Decide(t, db, ns, custos.Denied)
	_, err = db.PublishDecision(VetterA, ds.ID, true, "naming")
	wantField(t, "PublishDecision(a protected unit)", err, "publish")
	listed.Releasability = custos.Protected
	must(t, db.UpdateActor(admin, listed))
	want("after the listed unit was made protected")
	listed.Releasability = custos.Internal
	must(t, db.UpdateActor(admin, listed))
	want("after the listed unit was made internal again", listed.ID)

	// No person, reason or vetter appears on the public list.
	list, err := db.BarredUnits(anon)
	must(t, err)
	b, _ := json.Marshal(list)
	for _, secret := range []string{person.Name, "credible reports", "vetter-", "agreed", quiet.Name} {
		if strings.Contains(string(b), secret) {
			t.Errorf("the public list shows %q: %s", secret, b)
		}
	}

	// An expired denial leaves the list.
	defer func() { db.Now = time.Now }()
	db.Now = func() time.Time { return time.Now().AddDate(0, 0, 1).Add(24 * time.Hour * 400) }
	want("after the denial expired")
}
