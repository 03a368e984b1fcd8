package web

import (
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/custos-ssa/custos"
)

// FuzzParseIncident reads arbitrary posted incident forms: the parser must
// not panic, and every error it records must name a field of the record.
func FuzzParseIncident(f *testing.F) {
	f.Add("title=Raid&date=2024-03-10&place.latitude=14.5&victims.killed.best=3")
	f.Add("perpetrators[0].actor_id=x&perpetrators[999].name=a&sources[3].credibility=9&victims.women=")
	f.Add("place.latitude=1,5&victims.killed.low=-1&sources[0].releasability=nope&date=2024-02-30")
	f.Fuzz(func(t *testing.T, form string) {
		q, err := url.ParseQuery(form)
		if err != nil {
			return
		}
		v := newValues(q)
		var i custos.Incident
		parseIncident(v, &i)
		for k := range v.errs {
			if k == "" {
				t.Errorf("parseIncident(%q) recorded an error without a field", form)
			}
		}
	})
}

// FuzzIntakeLangFor picks a language from arbitrary tags and headers: it
// always returns one of the form's languages.
func FuzzIntakeLangFor(f *testing.F) {
	f.Add("ar", "")
	f.Add("", "fr-FR,fr;q=0.9,en;q=0.8")
	f.Add("xx", ";;,,-")
	f.Fuzz(func(t *testing.T, tag, accept string) {
		l := intakeLangFor(tag, accept)
		if l == nil || l.T == nil {
			t.Fatalf("intakeLangFor(%q, %q) = %v, want a language", tag, accept, l)
		}
	})
}

// TestIntakeRef checks the shape of reference numbers.
func TestIntakeRef(t *testing.T) {
	seen := map[string]bool{}
	for k := 0; k < 100; k++ {
		r := newIntakeRef()
		if !intakeRefPattern.MatchString(r) {
			t.Fatalf("newIntakeRef() = %q, want four and four letters or digits", r)
		}
		seen[r] = true
	}
	if len(seen) < 99 {
		t.Errorf("100 references gave only %d distinct ones", len(seen))
	}
}

// BenchmarkTrendTables sums five years of monthly buckets for 200 units.
func BenchmarkTrendTables(b *testing.B) {
	var buckets []*custos.TrendBucket
	start := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	for m := 0; m < 60; m++ {
		month := start.AddDate(0, m, 0).Format("2006-01")
		for u := 0; u < 200; u++ {
			buckets = append(buckets, &custos.TrendBucket{Month: month, Key: fmt.Sprint(u), Incidents: u%7 + 1,
				Killed: custos.Point(u % 5), Filter: custos.IncidentFilter{Country: "ML", ActorID: int64(u)}})
		}
	}
	f := custos.TrendFilter{Country: "ML", By: "actor"}
	b.ResetTimer()
	for b.Loop() {
		trendTables(buckets, f, func(k string) string { return k })
	}
}
