package web

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/api"
	"github.com/custos-ssa/custos/internal/password"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/custos-ssa/custos/internal/store/sqlite"
	"github.com/custos-ssa/custos/internal/store/storetest"
)

// fixture is the web UI on a fresh SQLite store with one signed-in session
// per role and a few records at every releasability.
type fixture struct {
	t        testing.TB
	db       *store.DB
	h        http.Handler
	sessions map[custos.Role]string
	actor    *custos.Actor  // internal
	unit     *custos.Actor  // a sub-unit of actor
	person   *custos.Person // restricted
	secret   *custos.Person // protected
	org      *custos.Organization
	auth     *custos.Authority
	prog     *custos.Program
	act      *custos.Activity
	public   *custos.Activity
}

var sys = custos.WithPrincipal(context.Background(), custos.System)

// Names of the restricted and protected persons, which must never appear
// on a page or in an export for a role below their level.
const (
	restrictedName = "Amadou Restricted-Diallo"
	protectedName  = "Witness Protected-Traoré"
)

func newFixture(t testing.TB) *fixture {
	t.Helper()
	store.PasswordParams = password.Params{Time: 1, Memory: 64, Threads: 1, KeyLen: 16}
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "web.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	a := api.New(api.Deps{Store: db, Version: "test"})
	f := &fixture{t: t, db: db, h: New(Deps{Store: db, API: a, Version: "test"}), sessions: map[custos.Role]string{}}
	for _, role := range custos.Roles() {
		u := &custos.User{Name: string(role) + "1", Role: role, Fictional: role == custos.RolePlanner}
		must(t, db.CreateUser(sys, u, "password for "+u.Name))
		secret, err := db.CreateSession(sys, u.ID, time.Hour)
		must(t, err)
		f.sessions[role] = secret
	}
	f.actor = &custos.Actor{Country: "ML", Kind: "army", Name: "Armée de Terre", Releasability: custos.Public}
	must(t, db.CreateActor(sys, f.actor))
	f.unit = &custos.Actor{Country: "ML", Kind: "army", Name: "33e Régiment", ParentID: f.actor.ID, Echelon: "regiment"}
	must(t, db.CreateActor(sys, f.unit))
	f.person = &custos.Person{Name: restrictedName}
	must(t, db.CreatePerson(sys, f.person))
	f.secret = &custos.Person{Name: protectedName, Releasability: custos.Protected}
	must(t, db.CreatePerson(sys, f.secret))
	f.org = &custos.Organization{Name: "Institute for Security Governance", Abbrev: "ISG", Kind: "implementer"}
	must(t, db.CreateOrganization(sys, f.org))
	f.auth = &custos.Authority{Code: "IMET", Name: "International Military Education and Training", Agency: "State", Citation: "22 U.S.C. 2347",
		LeahyApplies: true, LeahyStatute: custos.LeahyState}
	must(t, db.CreateAuthority(sys, f.auth))
	f.prog = &custos.Program{Title: "Professional military education", Country: "ML", AuthorityID: f.auth.ID, RecipientIDs: []int64{f.actor.ID},
		Budget: []custos.Budget{{FiscalYear: 2019, AmountUSD: 250000}}, Releasability: custos.Public}
	must(t, db.CreateProgram(sys, f.prog))
	// Participants need an approved vetting in force (the Leahy interlock).
	storetest.ApproveVetting(t, db, f.prog.ID, []int64{f.actor.ID, f.unit.ID}, []int64{f.person.ID, f.secret.ID})
	f.act = &custos.Activity{ProgramID: f.prog.ID, Kind: "course", Title: "Human rights in operations", ActorIDs: []int64{f.unit.ID},
		PersonIDs: []int64{f.person.ID, f.secret.ID}, Quantity: 12, CostUSD: 34000}
	must(t, db.CreateActivity(sys, f.act))
	f.public = &custos.Activity{ProgramID: f.prog.ID, Kind: "course", Title: "=HYPERLINK(\"http://evil.example\",\"Basic officer course\")",
		ActorIDs: []int64{f.actor.ID}, Quantity: 3, CostUSD: 9000, Releasability: custos.Public, Start: custos.Date{Year: 2019, Month: 3, Day: 4},
		Source: &custos.SourceRef{Dataset: "fmtr", Key: "2019-ML-17", File: "FY2019 FMTR Africa", Page: 41, Row: 17}}
	must(t, db.CreateActivity(sys, f.public))
	return f
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// response is what a request returned.
type response struct {
	status int
	header http.Header
	body   string
}

// do sends a request as role ("" for an anonymous visitor). A form body is
// posted as application/x-www-form-urlencoded.
func (f *fixture) do(role custos.Role, method, path string, form url.Values) response {
	f.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if role != "" {
		req.AddCookie(&http.Cookie{Name: api.SessionCookie, Value: f.sessions[role]})
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return response{rec.Code, rec.Header(), rec.Body.String()}
}

// callers lists every role and the anonymous visitor ("").
func callers() []custos.Role { return append(custos.Roles(), "") }

func name(r custos.Role) string {
	if r == "" {
		return "anonymous"
	}
	return string(r)
}
