package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/incident"
	"github.com/google/go-cmp/cmp"
)

// TestIntakeFailureLimit proves that refused attempts, which do not count
// toward the limit of accepted reports, are bounded by their own.
func TestIntakeFailureLimit(t *testing.T) {
	f := newFixture(t)
	f.srv.intakeKey = testIntakeKey
	bad := testIntake()
	delete(bad, "title")
	for n := range IntakeFailBurst {
		if got := sendIntake(f.srv, "198.51.100.7:4000", nil, bad); got != http.StatusBadRequest {
			t.Fatalf("refused submission %d = %d, want %d", n+1, got, http.StatusBadRequest)
		}
	}
	if got := sendIntake(f.srv, "198.51.100.7:4000", nil, testIntake()); got != http.StatusTooManyRequests {
		t.Errorf("submission after %d refused ones = %d, want %d", IntakeFailBurst, got, http.StatusTooManyRequests)
	}
	if got := sendIntake(f.srv, "198.51.100.8:4000", nil, testIntake()); got != http.StatusCreated {
		t.Errorf("submission from another address = %d, want %d", got, http.StatusCreated)
	}
}

func TestParseTrustedProxies(t *testing.T) {
	got, err := ParseTrustedProxies(" 10.1.2.3/8, 192.0.2.7 fd00::/8,::ffff:192.0.2.9")
	must(t, err)
	want := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.7/32"),
		netip.MustParsePrefix("fd00::/8"), netip.MustParsePrefix("192.0.2.9/32")}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b netip.Prefix) bool { return a == b })); diff != "" {
		t.Errorf("ParseTrustedProxies mismatch (-want +got):\n%s", diff)
	}
	if got, err := ParseTrustedProxies(""); err != nil || len(got) != 0 {
		t.Errorf(`ParseTrustedProxies("") = %v, %v; want none`, got, err)
	}
	for _, s := range []string{"10.0.0.0/33", "proxy.example.org", "10.0.0.1:8080", "fe80::1%eth0"} {
		if _, err := ParseTrustedProxies(s); err == nil || !strings.Contains(err.Error(), s) {
			t.Errorf("ParseTrustedProxies(%q) = %v, want an error naming it", s, err)
		}
	}
}

func TestForwardedClient(t *testing.T) {
	proxies, err := ParseTrustedProxies("10.0.0.0/8, 2001:db8::/48")
	must(t, err)
	for _, tt := range []struct {
		name    string
		remote  string
		xff     []string
		trusted []netip.Prefix
		want    string
	}{
		{"no proxy trusted: the header is ignored", "198.51.100.7:4000", []string{"203.0.113.5"}, nil, "198.51.100.7"},
		{"untrusted peer: the header is ignored", "198.51.100.7:4000", []string{"203.0.113.5"}, proxies, "198.51.100.7"},
		{"trusted proxy", "10.0.0.2:4000", []string{"203.0.113.5"}, proxies, "203.0.113.5"},
		{"spoofed entries left of the client", "10.0.0.2:4000", []string{"1.1.1.1, 203.0.113.5"}, proxies, "203.0.113.5"},
		{"two trusted hops", "10.0.0.2:4000", []string{"203.0.113.5, 10.0.0.3"}, proxies, "203.0.113.5"},
		{"headers given twice", "10.0.0.2:4000", []string{"1.1.1.1", "203.0.113.5"}, proxies, "203.0.113.5"},
		{"hop with a port", "10.0.0.2:4000", []string{"203.0.113.5:5555"}, proxies, "203.0.113.5"},
		{"IPv4 mapped in IPv6", "[::ffff:10.0.0.2]:4000", []string{"::ffff:203.0.113.5"}, proxies, "203.0.113.5"},
		{"garbage: the proxy", "10.0.0.2:4000", []string{"unknown"}, proxies, "10.0.0.2"},
		{"no header: the proxy", "10.0.0.2:4000", nil, proxies, "10.0.0.2"},
		{"IPv6 proxy", "[2001:db8::7]:4000", []string{"2001:db8:1:2::9"}, proxies, "2001:db8:1:2::9"},
		{"only proxies: the first", "10.0.0.2:4000", []string{"10.0.0.9, 10.0.0.3"}, proxies, "10.0.0.9"},
	} {
		if got := forwardedClient(tt.remote, tt.xff, tt.trusted); got != tt.want {
			t.Errorf("%s: forwardedClient(%q, %q) = %q, want %q", tt.name, tt.remote, tt.xff, got, tt.want)
		}
	}
}

// TestIntakeTrustedProxy proves that behind a trusted proxy each client
// has its own limit, and that a client talking directly cannot escape its
// limit by writing X-Forwarded-For.
func TestIntakeTrustedProxy(t *testing.T) {
	f := newFixture(t)
	proxies, err := ParseTrustedProxies("10.0.0.0/8")
	must(t, err)
	srv := New(Deps{Store: f.db, Version: "test", IntakeKey: testIntakeKey, TrustedProxies: proxies})
	for n := range IntakeBurst + 1 {
		want := http.StatusCreated
		if n == IntakeBurst {
			want = http.StatusTooManyRequests
		}
		if got := sendIntake(srv, "10.0.0.2:4000", []string{"203.0.113.5"}, testIntake()); got != want {
			t.Errorf("report %d of a client behind the proxy = %d, want %d", n+1, got, want)
		}
	}
	if got := sendIntake(srv, "10.0.0.2:4000", []string{"203.0.113.6"}, testIntake()); got != http.StatusCreated {
		t.Errorf("report of another client behind the proxy = %d, want %d", got, http.StatusCreated)
	}
	for n := range IntakeBurst + 1 {
		want := http.StatusCreated
		if n == IntakeBurst {
			want = http.StatusTooManyRequests
		}
		spoof := []string{"192.0.2." + string(rune('1'+n))}
		if got := sendIntake(srv, "198.51.100.9:4000", spoof, testIntake()); got != want {
			t.Errorf("report %d of a direct client claiming %s = %d, want %d", n+1, spoof, got, want)
		}
	}
}

// TestIntakeContact proves that contact details that cannot reach the
// reporter are refused, naming the field.
func TestIntakeContact(t *testing.T) {
	f := newFixture(t)
	f.srv.intakeKey = testIntakeKey
	for _, tt := range []struct {
		field, value, want string
	}{
		{"email", "not-an-email", incident.BadEmail},
		{"email", "Awa <awa@example.org>", incident.BadEmail},
		{"phone", "call me at night", incident.BadPhone},
		{"phone", "123", incident.BadPhone},
	} {
		m := testIntake()
		m["reporter"].(map[string]any)[tt.field] = tt.value
		code, body := f.do("", "POST", "/api/v1/intake", m)
		if e := errorOf(t, body); code != http.StatusBadRequest || e.Fields["reporter."+tt.field] != tt.want {
			t.Errorf("POST intake with %s %q = %d %v, want 400 naming reporter.%s", tt.field, tt.value, code, e.Fields, tt.field)
		}
	}
	m := testIntake()
	m["reporter"].(map[string]any)["phone"] = "+223 (70) 00-00-00"
	if code, body := f.do("", "POST", "/api/v1/intake", m); code != http.StatusCreated {
		t.Errorf("POST intake with a good email and phone = %d %s, want 201", code, body)
	}
}

// TestIntakeCoarsenNear proves that a report coarsened to "near" loses the
// name of its place, and that the answer says what was not kept.
func TestIntakeCoarsenNear(t *testing.T) {
	f := newFixture(t)
	f.srv.intakeKey = testIntakeKey
	m := testIntake()
	m["coarsen_location"] = "near"
	m["place"].(map[string]any)["location"] = "Secret hamlet"
	m["place"].(map[string]any)["admin2"] = "Mopti cercle"
	code, body := f.do("", "POST", "/api/v1/intake", m)
	if code != http.StatusCreated {
		t.Fatalf("POST intake coarsened to near = %d %s, want 201", code, body)
	}
	var ack intakeResponse
	must(t, json.Unmarshal(body, &ack))
	if !slices.Contains(ack.Coarsened, "place.location") || !slices.Contains(ack.Coarsened, "place.latitude") ||
		slices.Contains(ack.Coarsened, "place.admin2") || !strings.Contains(ack.Message, "place.location") {
		t.Errorf("answer = %+v, want place.location and the coordinates named as not kept, and the admin areas kept", ack)
	}
	got, err := f.db.FindIncident(sys, ack.ID)
	must(t, err)
	if got.Place.Location != "" || got.Place.Admin2 != "Mopti cercle" || got.Place.Admin1 != "Mopti" {
		t.Errorf("stored place = %+v, want Mopti and Mopti cercle without the place name", got.Place)
	}
	code, body = f.do("", "POST", "/api/v1/intake", testIntake())
	ack = intakeResponse{}
	if err := json.Unmarshal(body, &ack); err != nil || code != http.StatusCreated || ack.Coarsened == nil {
		t.Errorf("POST intake coarsened to admin2 = %d %s, want the place name and coordinates named", code, body)
	}
	m = testIntake()
	delete(m, "coarsen_location")
	code, body = f.do("", "POST", "/api/v1/intake", m)
	ack = intakeResponse{}
	if err := json.Unmarshal(body, &ack); err != nil || code != http.StatusCreated || ack.Coarsened != nil || strings.Contains(ack.Message, "As you asked") {
		t.Errorf("POST intake not coarsened = %d %s, want nothing said of coarsening", code, body)
	}
}

// TestReporterReadAudited proves that opening a reporter's contact details
// through the API leaves an audit entry naming the reader, without the
// details.
func TestReporterReadAudited(t *testing.T) {
	f := newFixture(t)
	id := f.reported()
	if code, body := f.do(custos.RoleAnalyst, "GET", "/api/v1/incidents/"+fmt.Sprint(id)+"/reporter", nil); code != http.StatusOK {
		t.Fatalf("GET reporter as analyst = %d %s", code, body)
	}
	list, _, err := f.db.FindAuditEntries(sys, custos.AuditFilter{Entity: custos.EntityReporter, EntityID: fmt.Sprint(id)})
	must(t, err)
	var reads int
	for _, e := range list {
		if strings.Contains(string(e.Before)+string(e.After), "Fatoumata") || strings.Contains(string(e.Before)+string(e.After), "+223") {
			t.Errorf("audit entry %d holds the contact details: %s", e.Seq, e.After)
		}
		if e.Action == custos.ActionRead && e.UserName == "analyst1" && e.Via == "token" {
			reads++
		}
	}
	if reads != 1 {
		t.Errorf("audit entries of analyst1 reading reporter %d = %d, want 1 (entries %+v)", id, reads, list)
	}
}

// TestIntakeHowKnownSealed proves that the reporter's account of how they
// know, which may name the reporter or a victim, is sealed with the
// contact details: a vetter (who reads every source) does not see it on
// the incident, an analyst opens it with the reporter, and it is kept
// even when no contact details were left.
func TestIntakeHowKnownSealed(t *testing.T) {
	f := newFixture(t)
	f.srv.intakeKey = testIntakeKey
	const secret = "I am Aminata, sister of the victim"
	for _, tt := range []struct {
		name     string
		reporter bool
	}{{"with contact details", true}, {"alone", false}} {
		m := testIntake()
		m["how_known"] = secret
		if !tt.reporter {
			delete(m, "reporter")
		}
		code, body := f.do("", "POST", "/api/v1/intake", m)
		if code != http.StatusCreated {
			t.Fatalf("%s: POST intake = %d %s", tt.name, code, body)
		}
		var ack intakeResponse
		must(t, json.Unmarshal(body, &ack))
		path := "/api/v1/incidents/" + fmt.Sprint(ack.ID)
		for _, role := range []custos.Role{custos.RoleVetter, custos.RoleAnalyst} {
			code, body := f.do(role, "GET", path, nil)
			if code != http.StatusOK || strings.Contains(string(body), "Aminata") {
				t.Errorf("%s: GET incident as %s = %d, holds the account: %v; want 200 without it", tt.name, role, code, strings.Contains(string(body), "Aminata"))
			}
		}
		code, body = f.do(custos.RoleAnalyst, "GET", path+"/reporter", nil)
		var rep custos.Reporter
		if code != http.StatusOK || json.Unmarshal(body, &rep) != nil || rep.HowKnown != secret {
			t.Errorf("%s: GET reporter as analyst = %d %s, want the account sealed with it", tt.name, code, body)
		}
		if code, _ := f.do(custos.RoleVetter, "GET", path+"/reporter", nil); code != http.StatusForbidden && code != http.StatusNotFound {
			t.Errorf("%s: GET reporter as vetter = %d, want it refused", tt.name, code)
		}
	}
	f.srv.intakeKey = nil
	m := testIntake()
	delete(m, "reporter")
	if code, body := f.do("", "POST", "/api/v1/intake", m); code != http.StatusBadRequest && code != http.StatusUnprocessableEntity || !strings.Contains(string(body), "how_known") {
		t.Errorf("POST intake with how_known on a server without a key = %d %s, want it refused naming how_known", code, body)
	}
}
