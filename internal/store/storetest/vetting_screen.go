package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/google/go-cmp/cmp"
)

const sdnCSV = `id,kind,name,aliases,birth_date,gender,nationality,unit,parent_unit
SDN-1,person,Amadou Konaté,Amadou Konate,1970-05-02,m,ML,,
SDN-2,unit,Groupe d'intervention spéciale,,,,,,
SDN-3,unit,3e Compagnie,,,,ML,,
`

func importList(t *testing.T, db *store.DB, name, csv string) *custos.ListImport {
	t.Helper()
	entries, imp, err := store.ParseList(name, name+".csv", []byte(csv))
	must(t, err)
	must(t, db.ImportList(VetterA, imp, entries))
	return imp
}

func hitsOf(t *testing.T, db *store.DB, id int64) []*custos.VettingHit {
	t.Helper()
	n, err := db.FindNomination(VetterA, id)
	must(t, err)
	return n.Hits
}

func hitFor(hits []*custos.VettingHit, recordPrefix string) *custos.VettingHit {
	for _, h := range hits {
		if strings.HasPrefix(h.RecordID, recordPrefix) {
			return h
		}
	}
	return nil
}

// testVettingScreening checks screening against imported lists and credible
// incidents: a unit's record surfaces for its parent and subordinate units
// with the path; a hit judged different is not raised again until the
// record changes; a list import is one audit entry and re-imports by key.
func testVettingScreening(t *testing.T, db *store.DB) {
	brigade := newActor(t, admin, db, "1re Brigade", 0, custos.Internal)
	battalion := newActor(t, admin, db, "12e Bataillon", brigade.ID, custos.Internal)
	company := newActor(t, admin, db, "3e Compagnie", battalion.ID, custos.Internal)
	p, _ := newProgram(t, db)
	i := newIncident(battalion.ID)
	must(t, db.CreateIncident(analyst, i))
	for _, to := range []custos.VerificationStatus{custos.StatusUnderReview, custos.StatusCredible} {
		_, err := db.TransitionIncident(analyst, i.ID, to, "checked")
		must(t, err)
	}
	before := auditCount(t, db)
	imp := importList(t, db, "OFAC SDN", sdnCSV)
	if got := auditCount(t, db) - before; got != 1 {
		t.Errorf("list import wrote %d audit entries, want 1", got)
	}
	if imp.Added != 3 || imp.Rows != 3 {
		t.Errorf("first import = %+v, want 3 rows added", imp)
	}
	person := &custos.Person{Name: "Amadou Konate", BirthDate: custos.PartialDate{Year: 1970, Month: 5, Day: 2}, Gender: "male", Nationality: "ML"}
	must(t, db.CreatePerson(admin, person))

	noms := map[string]*custos.Nomination{
		"brigade":   nominate(t, db, &custos.Nomination{ActorID: brigade.ID, ProgramID: p.ID}),
		"battalion": nominate(t, db, &custos.Nomination{ActorID: battalion.ID, ProgramID: p.ID}),
		"company":   nominate(t, db, &custos.Nomination{ActorID: company.ID, ProgramID: p.ID}),
		"person":    nominate(t, db, &custos.Nomination{PersonID: person.ID, ProgramID: p.ID}),
	}
	before = auditCount(t, db)
	run, err := db.ScreenNominations(VetterA, nil) // every unscreened nomination
	must(t, err)
	if len(run.Nominations) != 4 || run.Records < 4 {
		t.Errorf("ScreenNominations(all) = %+v, want 4 nominations against at least 4 records", run)
	}
	if got := auditCount(t, db) - before; got != 1 {
		t.Errorf("a screening run wrote %d audit entries, want 1", got)
	}
	rec := fmt.Sprintf("incident:%d:actor:%d", i.ID, battalion.ID)
	for _, tt := range []struct {
		nom, relation string
		path          []string
	}{
		{"battalion", "", nil},
		{"brigade", "subordinate", []string{"1re Brigade", "12e Bataillon"}},
		{"company", "parent", []string{"3e Compagnie", "12e Bataillon"}},
	} {
		h := hitFor(hitsOf(t, db, noms[tt.nom].ID), rec)
		if h == nil {
			t.Errorf("screening the %s: no hit on %s", tt.nom, rec)
			continue
		}
		if h.Relation != tt.relation || h.Band != "direct" || h.Source != "incident" {
			t.Errorf("screening the %s: hit %+v, want a direct hit with relation %q", tt.nom, h, tt.relation)
		}
		if diff := cmp.Diff(tt.path, h.Path); diff != "" {
			t.Errorf("screening the %s: path mismatch (-want +got):\n%s", tt.nom, diff)
		}
	}

	// The list names the company: its entry surfaces for the battalion
	// above it, through the store's unit tree, with the path.
	h := hitFor(hitsOf(t, db, noms["battalion"].ID), "list:")
	if h == nil || h.RecordName != "3e Compagnie" || h.Relation != "subordinate" || h.Source != "OFAC SDN" {
		t.Errorf("screening the battalion: list hit %+v, want the company's entry as a subordinate's", h)
	} else if diff := cmp.Diff([]string{"12e Bataillon", "3e Compagnie"}, h.Path); diff != "" {
		t.Errorf("screening the battalion: list hit path mismatch (-want +got):\n%s", diff)
	}

	// The brigade's record is judged to concern it: approving it then needs
	// evidence.
	bh := hitFor(hitsOf(t, db, noms["brigade"].ID), rec)
	must(t, db.JudgeHit(VetterA, &custos.MatchJudgement{HitID: bh.ID, Verdict: custos.Same, Reason: "the battalion is under the brigade"}))
	for _, h := range hitsOf(t, db, noms["brigade"].ID) {
		if h.Judgement == nil {
			must(t, db.JudgeHit(VetterA, &custos.MatchJudgement{HitID: h.ID, Verdict: custos.Different, Reason: "another unit"}))
		}
	}
	approve := &custos.VettingDecision{NominationID: noms["brigade"].ID, Outcome: custos.Approved, Reason: "battalion excluded from the training"}
	wantField(t, "ProposeDecision(approve over a same hit, no evidence)", db.ProposeDecision(VetterA, approve), "evidence")
	approve.Evidence = []string{"https://example.org/exclusion-letter"}
	must(t, db.ProposeDecision(VetterA, approve))

	// The person matches the list entry by name, across the accent.
	h = hitFor(hitsOf(t, db, noms["person"].ID), "list:")
	if h == nil || h.Source != "OFAC SDN" || h.Band != "strong" || h.Explanation == "" || len(h.Detail) == 0 {
		t.Fatalf("screening the person: hit %+v, want a strong, explained hit on the OFAC SDN entry", h)
	}
	wantField(t, "JudgeHit(no reason)", db.JudgeHit(VetterA, &custos.MatchJudgement{HitID: h.ID, Verdict: custos.Different}), "reason")
	wantField(t, "JudgeHit(bad verdict)", db.JudgeHit(VetterA, &custos.MatchJudgement{HitID: h.ID, Verdict: "perhaps", Reason: "x"}), "verdict")
	must(t, db.JudgeHit(VetterB, &custos.MatchJudgement{HitID: h.ID, Verdict: custos.Different, Reason: "born in Kayes, never served"}))
	judgedID := h.ID
	judged, _, err := db.FindAuditEntries(admin, custos.AuditFilter{Entity: "vetting_judgement"})
	must(t, err)
	if len(judged) < 2 || judged[0].UserName != "vetter-b" || !strings.Contains(string(judged[0].After), "born in Kayes") {
		t.Errorf("audit has %d judgement entries, want one per judgement, the newest vetter-b's with its reason", len(judged))
	}
	run, err = db.ScreenNominations(VetterA, []int64{noms["person"].ID})
	must(t, err)
	if run.Cleared != 1 || hitFor(hitsOf(t, db, noms["person"].ID), "list:") != nil {
		t.Errorf("re-screening after a different judgement: run %+v, hits %v; want the hit cleared", run, hitsOf(t, db, noms["person"].ID))
	}
	// The list entry changes: the hit is raised again.
	imp = importList(t, db, "OFAC SDN", strings.Replace(sdnCSV, "Amadou Konate,", "Amadou Konate|Amadou K.,", 1))
	if imp.Changed != 1 || imp.Added != 0 || imp.Removed != 0 {
		t.Errorf("re-import = %+v, want 1 changed", imp)
	}
	_, err = db.ScreenNominations(VetterA, []int64{noms["person"].ID})
	must(t, err)
	if h := hitFor(hitsOf(t, db, noms["person"].ID), "list:"); h == nil || h.Judgement != nil {
		t.Errorf("after the entry changed, hit = %+v, want it raised again without a judgement", h)
	}
	// A screening never gives a new hit the id of one it replaced: a
	// judgement sent from a page opened before it must not land on
	// another record.
	for _, nh := range hitsOf(t, db, noms["person"].ID) {
		if nh.ID <= judgedID {
			t.Errorf("after re-screening, hit %d (%s) has an id not above the replaced hit %d", nh.ID, nh.RecordID, judgedID)
		}
	}
	if err := db.JudgeHit(VetterA, &custos.MatchJudgement{HitID: judgedID, Verdict: custos.Different, Reason: "stale page"}); err == nil {
		t.Errorf("JudgeHit(replaced hit %d) = nil, want an error", judgedID)
	}
	imp = importList(t, db, "OFAC SDN", strings.SplitAfterN(sdnCSV, "\n", 3)[0]+strings.SplitAfterN(sdnCSV, "\n", 3)[1])
	if imp.Removed != 2 {
		t.Errorf("import of SDN-1 alone = %+v, want 2 removed", imp)
	}
	entries, _, err := db.FindListEntries(VetterA, custos.ListEntryFilter{List: "OFAC SDN"})
	must(t, err)
	if len(entries) != 1 || entries[0].Key != "SDN-1" {
		t.Errorf("FindListEntries = %+v, want SDN-1 only", entries)
	}

	_, _, err = store.ParseList("OFAC SDN", "bad.csv", []byte("id,kind,name\n1,person,Ok\n2,ship,Bad\n3,unit,\n"))
	wantField(t, "ParseList(bad rows)", err, "line 3.kind")
	wantField(t, "ParseList(bad rows)", err, "line 4.name")
	_, _, err = store.ParseList("", "x.csv", []byte(sdnCSV))
	wantField(t, "ParseList(no name)", err, "name")
}

// testVettingProtection checks that only vetters and administrators reach
// nominations, hits, decisions and list entries, and that the public list
// of barred units holds units only.
func testVettingProtection(t *testing.T, db *store.DB) {
	p, unit := newProgram(t, db)
	person := &custos.Person{Name: "Moussa Coulibaly"}
	must(t, db.CreatePerson(admin, person))
	importList(t, db, "UN panel", sdnCSV)
	nu := nominate(t, db, &custos.Nomination{ActorID: unit.ID, ProgramID: p.ID, Notes: "for the counter-IED course"})
	np := nominate(t, db, &custos.Nomination{PersonID: person.ID, ProgramID: p.ID})
	du := Decide(t, db, nu, custos.Denied)
	if _, err := db.PublishDecision(VetterA, du.ID, true, "listed publicly"); err != nil { // only a published denial is listed
		t.Fatal(err)
	}
	Decide(t, db, np, custos.Denied)
	must(t, db.AddRemediationStep(VetterA, &custos.RemediationStep{DecisionID: du.ID, Date: custos.Date{Year: 2025, Month: 3, Day: 1}, Step: "Commander relieved and prosecuted"}))

	for _, c := range []struct {
		name string
		ctx  context.Context
		kind string
	}{
		{"planner", as(custos.RolePlanner), custos.EFORBIDDEN},
		{"analyst", as(custos.RoleAnalyst), custos.EFORBIDDEN},
		{"partner", as(custos.RolePartner), custos.EFORBIDDEN},
		{"viewer", as(custos.RoleViewer), custos.EFORBIDDEN},
		{"anonymous", custos.WithPrincipal(context.Background(), custos.Anonymous), custos.EUNAUTHORIZED},
	} {
		_, _, err := db.FindNominations(c.ctx, custos.NominationFilter{})
		wantKind(t, c.name+" FindNominations", err, c.kind)
		_, err = db.FindNomination(c.ctx, nu.ID)
		wantKind(t, c.name+" FindNomination", err, c.kind)
		_, err = db.FindDecision(c.ctx, du.ID)
		wantKind(t, c.name+" FindDecision", err, c.kind)
		_, _, err = db.FindListEntries(c.ctx, custos.ListEntryFilter{})
		wantKind(t, c.name+" FindListEntries", err, c.kind)
		_, err = db.ScreenNominations(c.ctx, []int64{nu.ID})
		wantKind(t, c.name+" ScreenNominations", err, c.kind)
		wantKind(t, c.name+" CreateNomination", db.CreateNomination(c.ctx, &custos.Nomination{ActorID: unit.ID, ProgramID: p.ID}), c.kind)
		wantKind(t, c.name+" JudgeHit", db.JudgeHit(c.ctx, &custos.MatchJudgement{HitID: 1, Verdict: custos.Same, Reason: "x"}), c.kind)
		wantKind(t, c.name+" ProposeDecision", db.ProposeDecision(c.ctx, &custos.VettingDecision{NominationID: nu.ID, Outcome: custos.Approved, Reason: "x"}), c.kind)
		wantKind(t, c.name+" AddRemediationStep", db.AddRemediationStep(c.ctx, &custos.RemediationStep{DecisionID: du.ID, Date: custos.Date{Year: 2025, Month: 1, Day: 1}, Step: "x"}), c.kind)
		wantKind(t, c.name+" ImportList", db.ImportList(c.ctx, &custos.ListImport{List: "x"}, nil), c.kind)
		barred, err := db.BarredUnits(c.ctx)
		must(t, err)
		want := []*custos.BarredUnit{{ActorID: unit.ID, Name: unit.Name, Country: "ML", Kind: "army", DeniedOn: custos.DateOf(db.Now()), ExpiresOn: du.ExpiresOn,
			Remediation: []custos.RemediationStep{{DecisionID: du.ID, Date: custos.Date{Year: 2025, Month: 3, Day: 1}, Step: "Commander relieved and prosecuted"}}}}
		if diff := cmp.Diff(want, barred); diff != "" {
			t.Errorf("%s BarredUnits mismatch (-want +got):\n%s", c.name, diff)
		}
	}
	// Nothing of the vetting shows through the audit trail to others.
	_, _, err := db.FindAuditEntries(as(custos.RoleVetter), custos.AuditFilter{})
	wantKind(t, "vetter FindAuditEntries", err, custos.EFORBIDDEN)
	entries, _, err := db.FindAuditEntries(admin, custos.AuditFilter{Entity: "vetting_decision"})
	must(t, err)
	if len(entries) != 2 {
		t.Errorf("audit has %d decision entries, want 2", len(entries))
	}
	for _, e := range []string{"vetting_nomination", "vetting_screening", "vetting_concurrence", "vetting_remediation", "vetting_list"} {
		list, _, err := db.FindAuditEntries(admin, custos.AuditFilter{Entity: e})
		must(t, err)
		if len(list) == 0 {
			t.Errorf("audit has no %s entry", e)
		}
	}
}
