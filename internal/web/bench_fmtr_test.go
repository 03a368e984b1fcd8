package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/api"
	"github.com/custos-ssa/custos/internal/catalog"
	"github.com/custos-ssa/custos/internal/importer"
	"github.com/custos-ssa/custos/internal/password"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/custos-ssa/custos/internal/store/postgres"
	"github.com/custos-ssa/custos/internal/store/sqlite"
)

// benchPages measures page render latency (p50, p99 over 200 requests) on
// a store holding the whole FMTR: 245k activities. Target: p99 ≤ 50 ms for
// the country page and the paged activity list.
func benchPages(b *testing.B, st *store.DB) {
	paths, _ := filepath.Glob("../../../shared/data/us_military_training_fmtr/fmtrpt_*.tsv")
	if len(paths) == 0 {
		b.Skip("../shared/data/us_military_training_fmtr is not present")
	}
	store.PasswordParams = password.Params{Time: 1, Memory: 64, Threads: 1, KeyLen: 16}
	for _, a := range catalog.Authorities() {
		a := a
		if err := st.CreateAuthority(sys, &a); err != nil {
			b.Fatal(err)
		}
	}
	var files []importer.File
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, importer.File{Name: filepath.Base(p), Data: data})
	}
	if _, err := importer.FMTR(sys, st, files, nil); err != nil {
		b.Fatal(err)
	}
	u := &custos.User{Name: "planner", Role: custos.RolePlanner}
	if err := st.CreateUser(sys, u, "a benchmark password"); err != nil {
		b.Fatal(err)
	}
	session, err := st.CreateSession(sys, u.ID, time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	h := New(Deps{Store: st, API: api.New(api.Deps{Store: st})})
	// Cursors deep in the activity list, found by walking it once.
	var deep []string
	list, next, err := st.FindActivities(sys, custos.ActivityFilter{Page: custos.Page{Limit: custos.MaxLimit}})
	for i := 0; err == nil && next != "" && i < 240; i++ {
		if i%12 == 0 {
			deep = append(deep, next)
		}
		list, next, err = st.FindActivities(sys, custos.ActivityFilter{Page: custos.Page{Limit: custos.MaxLimit, After: next}})
	}
	_ = list
	cases := []struct {
		name string
		path func(i int) string
	}{
		{"CountryPageColombia", func(int) string { return "/countries/CO" }},
		{"CountryPageRotating", func(i int) string {
			return "/countries/" + []string{"CO", "AF", "IQ", "PH", "ML", "UA", "MX", "PK"}[i%8]
		}},
		{"ActivitiesFirstPage", func(int) string { return "/activities" }},
		{"ActivitiesDeepPages", func(i int) string { return "/activities?after=" + deep[i%len(deep)] }},
		{"ActivitiesByCountry", func(int) string { return "/activities?country=CO" }},
		{"ActivitiesSearch", func(int) string { return "/activities?q=infantry" }},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for n := 0; n < b.N; n++ {
				const reqs = 200
				d := make([]time.Duration, reqs)
				for i := 0; i < reqs; i++ {
					req := httptest.NewRequest("GET", c.path(i), nil)
					req.AddCookie(&http.Cookie{Name: api.SessionCookie, Value: session})
					rec := httptest.NewRecorder()
					t0 := time.Now()
					h.ServeHTTP(rec, req)
					d[i] = time.Since(t0)
					if rec.Code != 200 {
						b.Fatalf("GET %s = %d", c.path(i), rec.Code)
					}
				}
				sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
				b.ReportMetric(float64(d[reqs/2].Microseconds())/1000, "p50_ms")
				b.ReportMetric(float64(d[reqs*99/100].Microseconds())/1000, "p99_ms")
			}
		})
	}
}

// BenchmarkPagesFMTRSQLite: go test ./internal/web -run XXX -bench PagesFMTRSQLite -benchtime 1x
func BenchmarkPagesFMTRSQLite(b *testing.B) {
	st, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	benchPages(b, st)
}

// BenchmarkPagesFMTRPostgres is the same on PostgreSQL (CUSTOS_TEST_POSTGRES).
func BenchmarkPagesFMTRPostgres(b *testing.B) {
	benchPages(b, postgres.OpenTest(b))
}

var _ = fmt.Sprint
