package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/query"
	"github.com/google/go-cmp/cmp"
)

// TestBadInput checks that malformed requests get a 4xx naming the field or
// parameter, and change nothing.
func TestBadInput(t *testing.T) {
	f := newFixture(t)
	before := auditEntries(t, f)
	big := `{"name": "` + strings.Repeat("a", MaxBodyBytes) + `"}`
	tests := []struct {
		name   string
		method string
		path   string
		body   string
		status int
		field  string // the field or parameter named, if any
	}{
		{"malformed JSON", "POST", "/api/v1/actors", `{"name": "x",`, 400, ""},
		{"not an object", "PATCH", fmt.Sprintf("/api/v1/actors/%d", f.actor.ID), `[1,2]`, 400, ""},
		{"unknown field", "POST", "/api/v1/actors", `{"country":"ML","kind":"army","name":"x","colour":"red"}`, 400, "colour"},
		{"wrong type", "POST", "/api/v1/actors", `{"country":"ML","kind":"army","name":42}`, 400, "name"},
		{"wrong type nested", "POST", "/api/v1/programs", `{"title":"x","country":"ML","budget":[{"fiscal_year":"2025"}]}`, 400, "budget.fiscal_year"},
		{"oversized body", "POST", "/api/v1/actors", big, 413, ""},
		{"invalid UTF-8", "POST", "/api/v1/actors", "{\"country\":\"ML\",\"kind\":\"army\",\"name\":\"\xff\xfe\"}", 400, ""},
		{"empty body", "POST", "/api/v1/actors", "", 400, ""},
		{"two values", "POST", "/api/v1/actors", `{"country":"ML","kind":"army","name":"x"} {}`, 400, ""},
		{"invalid ISO code", "POST", "/api/v1/actors", `{"country":"Mali","kind":"army","name":"x"}`, 400, "country"},
		{"unknown actor kind", "POST", "/api/v1/actors", `{"country":"ML","kind":"knights","name":"x"}`, 400, "kind"},
		{"unit-tree cycle", "PATCH", fmt.Sprintf("/api/v1/actors/%d", f.actor.ID), fmt.Sprintf(`{"parent_id": %d}`, f.actor.ID), 400, "parent_id"},
		{"date out of range", "POST", "/api/v1/programs", `{"title":"x","country":"ML","start":"1066-10-14"}`, 400, "start"},
		{"impossible date", "POST", "/api/v1/programs", `{"title":"x","country":"ML","start":"2025-02-30"}`, 400, "start"},
		{"bad releasability", "POST", "/api/v1/actors", `{"country":"ML","kind":"army","name":"x","releasability":"secret"}`, 400, "releasability"},
		{"bad partial date", "POST", "/api/v1/persons", `{"name":"x","birth_date":"75"}`, 400, "birth_date"},
		{"negative budget", "POST", "/api/v1/programs", `{"title":"x","country":"ML","budget":[{"fiscal_year":2025,"amount_usd":-1}]}`, 400, "budget[0].amount_usd"},
		{"control character", "POST", "/api/v1/actors", `{"country":"ML","kind":"army","name":"a\u0007b"}`, 400, "name"},
		{"bad id", "GET", "/api/v1/actors/abc", "", 400, "id"},
		{"negative id", "GET", "/api/v1/actors/-3", "", 400, "id"},
		{"unknown filter", "GET", "/api/v1/actors?colour=red", "", 400, "colour"},
		{"bad filter number", "GET", "/api/v1/actors?parent_id=x", "", 400, "parent_id"},
		{"bad limit", "GET", "/api/v1/actors?limit=100000", "", 400, "limit"},
		{"bad cursor", "GET", "/api/v1/actors?after=zz", "", 400, "after"},
		{"repeated filter", "GET", "/api/v1/actors?country=ML&country=NE", "", 400, "country"},
		{"bad filter date", "GET", "/api/v1/activities?from=yesterday", "", 400, "from"},
		{"not JSON content type", "POST", "/api/v1/actors", `name=x`, 400, ""},
		{"wrong bearer", "GET", "/api/v1/actors", "", 401, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, tt.path, strings.NewReader(tt.body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+f.tokens[custos.RoleAdmin])
			switch tt.name {
			case "not JSON content type":
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			case "wrong bearer":
				req.Header.Set("Authorization", "Bearer custos_nottherightone")
			}
			rec := httptest.NewRecorder()
			f.srv.ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Fatalf("%s %s = %d, want %d: %s", tt.method, tt.path, rec.Code, tt.status, rec.Body)
			}
			e := errorOf(t, rec.Body.Bytes())
			if e.Message == "" {
				t.Errorf("error has no message: %s", rec.Body)
			}
			if tt.field != "" {
				if _, ok := e.Fields[tt.field]; !ok {
					t.Errorf("error fields = %v, want one naming %q", e.Fields, tt.field)
				}
			}
		})
	}
	if after := auditEntries(t, f); after != before {
		t.Errorf("bad requests changed the store: audit entries %d -> %d", before, after)
	}
}

func auditEntries(t *testing.T, f *fixture) int64 {
	rep, err := f.db.VerifyAudit(sys)
	must(t, err)
	return rep.Entries
}

// TestCreatePatchRoundTrip checks that a created record reads back the same
// and that a merge patch changes only what it names.
func TestCreatePatchRoundTrip(t *testing.T) {
	f := newFixture(t)
	code, body := f.do(custos.RolePlanner, "POST", "/api/v1/actors", `{"country":"ML","kind":"army","name":"1er Bataillon","names":[{"value":"الكتيبة الأولى","lang":"ar"}],"parent_id":`+fmt.Sprint(f.actor.ID)+`}`)
	if code != http.StatusCreated {
		t.Fatalf("create = %d: %s", code, body)
	}
	var created custos.Actor
	must(t, json.Unmarshal(body, &created))
	code, body = f.do(custos.RolePlanner, "PATCH", fmt.Sprintf("/api/v1/actors/%d", created.ID), `{"echelon":"battalion","names":null}`)
	if code != http.StatusOK {
		t.Fatalf("patch = %d: %s", code, body)
	}
	var patched custos.Actor
	must(t, json.Unmarshal(body, &patched))
	want := created
	want.Echelon, want.Names, want.UpdatedAt = "battalion", nil, patched.UpdatedAt
	if diff := cmp.Diff(want, patched); diff != "" {
		t.Errorf("patched actor mismatch (-want +got):\n%s", diff)
	}
	code, body = f.do(custos.RolePlanner, "GET", fmt.Sprintf("/api/v1/actors?parent_id=%d&limit=1", f.actor.ID), nil)
	var list listBody[custos.Actor]
	must(t, json.Unmarshal(body, &list))
	if code != 200 || len(list.Items) != 1 || list.Items[0].ID != created.ID {
		t.Errorf("list by parent = %d %s", code, body)
	}
}

// TestSessionLogin signs in through the API and uses the cookie.
func TestSessionLogin(t *testing.T) {
	f := newFixture(t)
	req := httptest.NewRequest("POST", "/api/v1/session", strings.NewReader(`{"name":"planner1","password":"password for planner1"}`))
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("login = %d: %s", rec.Code, rec.Body)
	}
	cookies := rec.Result().Cookies()
	if len(cookies) != 1 || cookies[0].Name != SessionCookie || !cookies[0].HttpOnly {
		t.Fatalf("login cookies = %v, want one HttpOnly %s", cookies, SessionCookie)
	}
	req = httptest.NewRequest("GET", "/api/v1/session", nil)
	req.AddCookie(cookies[0])
	rec = httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	var who whoami
	must(t, json.Unmarshal(rec.Body.Bytes(), &who))
	if who.Name != "planner1" || who.Role != custos.RolePlanner || who.Via != "session" {
		t.Errorf("whoami = %+v, want planner1 via session", who)
	}
	// A cross-site form post with the cookie is refused.
	req = httptest.NewRequest("POST", "/api/v1/actors", strings.NewReader(`{"country":"ML","kind":"army","name":"x"}`))
	req.AddCookie(cookies[0])
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	rec = httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden {
		t.Errorf("cross-site POST = %d, want 403", rec.Code)
	}
	req = httptest.NewRequest("POST", "/api/v1/session", strings.NewReader(`{"name":"planner1","password":"wrong password!"}`))
	rec = httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusUnauthorized {
		t.Errorf("wrong password = %d, want 401", rec.Code)
	}
}

func FuzzDecodeActor(f *testing.F) {
	for _, s := range []string{`{"country":"ML","kind":"army","name":"x"}`, `{"names":[{"value":"ب","lang":"ar"}]}`, `{"parent_id":"1"}`, `[`, `{"releasability":"protected"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var a custos.Actor
		if err := decodeStrict(b, &a); err != nil {
			if custos.ErrorKind(err) != custos.EINVALID {
				t.Fatalf("decodeStrict(%q) error kind = %q, want invalid", b, custos.ErrorKind(err))
			}
			return
		}
		a.Normalize()
		a.Validate()
	})
}

func FuzzMergePatch(f *testing.F) {
	f.Add([]byte(`{"a":1,"b":{"c":2}}`), []byte(`{"b":{"c":null},"d":[1]}`))
	f.Fuzz(func(t *testing.T, doc, patch []byte) {
		if !json.Valid(doc) {
			return
		}
		mergePatch(doc, patch)
	})
}

func FuzzParseFilter(f *testing.F) {
	f.Add("country=ML&limit=10&after=5&root=true")
	f.Fuzz(func(t *testing.T, q string) {
		vals, err := url.ParseQuery(q)
		if err != nil {
			return
		}
		var filter custos.ActivityFilter
		query.Parse(vals, &filter)
	})
}

// TestLoginLimitBehindProxy proves that behind a trusted proxy failed
// sign-ins count against the client the proxy forwarded for, so that one
// client guessing passwords does not lock out everyone else behind it.
func TestLoginLimitBehindProxy(t *testing.T) {
	f := newFixture(t)
	proxies, err := ParseTrustedProxies("10.0.0.0/8")
	must(t, err)
	srv := New(Deps{Store: f.db, Version: "test", TrustedProxies: proxies})
	login := func(client string) int {
		req := httptest.NewRequest("POST", "/api/v1/session", strings.NewReader(`{"name":"planner1","password":"wrong password!"}`))
		req.RemoteAddr = "10.0.0.2:4000"
		req.Header.Set("X-Forwarded-For", client)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		return rec.Code
	}
	for n := range loginLimit {
		if got := login("203.0.113.77"); got != http.StatusUnauthorized {
			t.Fatalf("failed sign-in %d = %d, want 401", n+1, got)
		}
	}
	if got := login("203.0.113.77"); got != http.StatusForbidden {
		t.Errorf("sign-in after %d failures = %d, want 403 (wait)", loginLimit, got)
	}
	if got := login("203.0.113.78"); got != http.StatusUnauthorized {
		t.Errorf("another client behind the proxy = %d, want 401 (its own limit)", got)
	}
}

// TestLoginLimitPerAccount proves that passwords guessed for one account
// from many addresses hold that account (even its right password) for the
// window, and no other: a name that is no account is held the same way,
// so the refusal does not tell which names exist.
func TestLoginLimitPerAccount(t *testing.T) {
	f := newFixture(t)
	proxies, err := ParseTrustedProxies("10.0.0.0/8")
	must(t, err)
	srv := New(Deps{Store: f.db, Version: "test", TrustedProxies: proxies})
	login := func(client, name, password string) (int, string) {
		body := fmt.Sprintf(`{"name":%q,"password":%q}`, name, password)
		req := httptest.NewRequest("POST", "/api/v1/session", strings.NewReader(body))
		req.RemoteAddr = "10.0.0.2:4000"
		req.Header.Set("X-Forwarded-For", client)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	for _, name := range []string{"planner1", "nobody-at-all"} {
		for n := range accountLimit {
			client := fmt.Sprintf("203.0.113.%d", n+1) // each address stays under its own limit
			if got, body := login(client, name, "wrong password!"); got != http.StatusUnauthorized {
				t.Fatalf("%s: failed sign-in %d = %d %s, want 401", name, n+1, got, body)
			}
		}
		got, body := login("198.51.100.1", name, "password for "+name)
		if got != http.StatusForbidden || !strings.Contains(body, "this account") {
			t.Errorf("%s: sign-in after %d failures from many addresses = %d %s, want 403 naming the account", name, accountLimit, got, body)
		}
		got, _ = login("198.51.100.1", strings.ToUpper(name), "password for "+name)
		if got != http.StatusForbidden {
			t.Errorf("%s in capitals: sign-in = %d, want 403 (the same account)", name, got)
		}
	}
	if got, body := login("198.51.100.2", "analyst1", "password for analyst1"); got != http.StatusOK {
		t.Errorf("another account's sign-in = %d %s, want 200", got, body)
	}
}
