package web

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/api"
	"github.com/custos-ssa/custos/internal/store"
)

// Markers of vetting data that no role but vetters and administrators may
// ever see on a page or in an export. All fictional.
const (
	listedName     = "Boubacar Fictional-Keïta"   // a list entry
	listedUnit     = "Fictional 99th Commando"    // a list entry
	nomineeName    = "Boubacar Keita Fictional"   // a person nominated (restricted)
	nominationNote = "NOMINATION-NOTE-MARKER"     // a nomination's notes
	judgeReason    = "JUDGEMENT-REASON-MARKER"    // a judgement's reason
	decisionReason = "DECISION-REASON-MARKER"     // a decision's reasons
	listName       = "Fictional panel of experts" // an imported list
)

// vetFixture is the web fixture with an imported list, a nominee whose
// screening hits it, a judged hit and a proposed decision.
type vetFixture struct {
	*fixture
	nominee  *custos.Person
	nom      *custos.Nomination
	hit      *custos.VettingHit
	proposed *custos.VettingDecision
}

// vetterCtx is the fixture's vetter as a principal, for writing through
// the store as the pages would.
func (f *fixture) principal(role custos.Role) custos.Principal {
	f.t.Helper()
	u, err := f.db.SessionUser(sys, f.sessions[role])
	must(f.t, err)
	return u.Principal("session")
}

const listCSV = "id,kind,name,aliases,birth_date,gender,nationality,unit,parent_unit\n" +
	"p1,person," + listedName + ",B. Keita,1971,m,ML,,\n" +
	"u1,unit," + listedUnit + ",,,,,,\n"

func newVetFixture(t testing.TB) *vetFixture {
	t.Helper()
	f := &vetFixture{fixture: newFixture(t)}
	vetter := custos.WithPrincipal(t.Context(), f.principal(custos.RoleVetter))
	entries, imp, err := store.ParseList(listName, "panel.csv", []byte(listCSV))
	must(t, err)
	must(t, f.db.ImportList(vetter, imp, entries))
	f.nominee = &custos.Person{Name: nomineeName, Nationality: "ML", BirthDate: custos.PartialDate{Year: 1971}}
	must(t, f.db.CreatePerson(sys, f.nominee))
	f.nom = &custos.Nomination{PersonID: f.nominee.ID, ProgramID: f.prog.ID, Notes: nominationNote}
	must(t, f.db.CreateNomination(vetter, f.nom))
	if _, err := f.db.ScreenNominations(vetter, []int64{f.nom.ID}); err != nil {
		t.Fatal(err)
	}
	n, err := f.db.FindNomination(vetter, f.nom.ID)
	must(t, err)
	for _, h := range n.Hits {
		if h.RecordName == listedName {
			f.hit = h
		}
	}
	if f.hit == nil {
		t.Fatalf("screening %q found no hit on %q: %+v", nomineeName, listedName, n.Hits)
	}
	must(t, f.db.JudgeHit(vetter, &custos.MatchJudgement{HitID: f.hit.ID, Verdict: custos.Same, Reason: judgeReason}))
	f.proposed = &custos.VettingDecision{NominationID: f.nom.ID, Outcome: custos.Denied, Reason: decisionReason, Evidence: []string{"https://example.org/fictional-report"}}
	must(t, f.db.ProposeDecision(vetter, f.proposed))
	return f
}

// upload posts a multipart form with one file as role.
func (f *fixture) upload(role custos.Role, path string, fields map[string]string, file, data string) response {
	f.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	if file != "" {
		fw, err := w.CreateFormFile("file", file)
		must(f.t, err)
		fw.Write([]byte(data))
	}
	w.Close()
	req := httptest.NewRequest("POST", path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	if role != "" {
		req.AddCookie(&http.Cookie{Name: api.SessionCookie, Value: f.sessions[role]})
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return response{rec.Code, rec.Header(), rec.Body.String()}
}

// location returns the path a redirect sends to, without its fragment.
func location(r response) string {
	loc, _, _ := strings.Cut(r.header.Get("Location"), "#")
	return loc
}

// vetters reports whether role may see vetting records.
func vetters(role custos.Role) bool { return role == custos.RoleAdmin || role == custos.RoleVetter }

// vettingLinks finds links to vetting pages in a page.
var vettingLinks = regexp.MustCompile(`href="/vetting/[^"]*"`)

// form values shorthand.
func vals(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}
