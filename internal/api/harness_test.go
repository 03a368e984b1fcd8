package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/password"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/custos-ssa/custos/internal/store/sqlite"
)

// fixture is a server on a fresh SQLite store with one user and token per
// role and a few records to read.
type fixture struct {
	t      *testing.T
	db     *store.DB
	srv    *Server
	tokens map[custos.Role]string
	actor  *custos.Actor  // internal
	person *custos.Person // restricted
	org    *custos.Organization
	auth   *custos.Authority
	prog   *custos.Program
	act    *custos.Activity
}

var sys = custos.WithPrincipal(context.Background(), custos.System)

func newFixture(t *testing.T) *fixture {
	t.Helper()
	store.PasswordParams = password.Params{Time: 1, Memory: 64, Threads: 1, KeyLen: 16}
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "api.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := &fixture{t: t, db: db, srv: New(Deps{Store: db, Version: "test"}), tokens: map[custos.Role]string{}}
	for _, role := range custos.Roles() {
		name := string(role) + "1"
		must(t, db.CreateUser(sys, &custos.User{Name: name, Role: role}, "password for "+name))
		_, secret, err := db.CreateToken(sys, name, "test", 0)
		must(t, err)
		f.tokens[role] = secret
	}
	f.actor = &custos.Actor{Country: "ML", Kind: "army", Name: "Armée de Terre"}
	must(t, db.CreateActor(sys, f.actor))
	f.person = &custos.Person{Name: "Amadou Diallo"}
	must(t, db.CreatePerson(sys, f.person))
	f.org = &custos.Organization{Name: "Institute for Security Governance", Kind: "implementer"}
	must(t, db.CreateOrganization(sys, f.org))
	f.auth = &custos.Authority{Code: "IMET", Name: "International Military Education and Training", Agency: "State", Citation: "22 U.S.C. 2347"}
	must(t, db.CreateAuthority(sys, f.auth))
	f.prog = &custos.Program{Title: "Professional military education", Country: "ML", AuthorityID: f.auth.ID, RecipientIDs: []int64{f.actor.ID}}
	must(t, db.CreateProgram(sys, f.prog))
	f.act = &custos.Activity{ProgramID: f.prog.ID, Kind: "course", Title: "Human rights in operations"}
	must(t, db.CreateActivity(sys, f.act))
	return f
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// do sends a request as role ("" for an anonymous caller) and returns the
// status and body.
func (f *fixture) do(role custos.Role, method, path string, body any) (int, []byte) {
	f.t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = bytes.NewBufferString(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		must(f.t, err)
		r = bytes.NewReader(j)
	}
	req := httptest.NewRequest(method, path, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+f.tokens[role])
	}
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
}

// errorOf decodes an error answer.
func errorOf(t *testing.T, body []byte) custos.Error {
	t.Helper()
	var e errorBody
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("error body %q: %v", body, err)
	}
	return e.Error
}
