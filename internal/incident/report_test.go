package incident

import (
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/google/go-cmp/cmp"
)

func TestBuild(t *testing.T) {
	inc := func(id int64, killed int, status custos.VerificationStatus, units ...int64) *custos.Incident {
		i := &custos.Incident{ID: id, Title: "x", Category: "torture", Status: status, Victims: custos.Victims{Killed: custos.Point(killed)}}
		for _, u := range units {
			i.Perpetrators = append(i.Perpetrators, custos.Perpetrator{ActorID: u})
		}
		return i
	}
	list := []*custos.Incident{inc(1, 2, "reported", 10), inc(2, 9, "credible", 10, 11), inc(3, 0, "reported")}
	r := Build("ML", "2024-03", nil, list, func(id int64) string { return map[int64]string{10: "1er Bataillon"}[id] })
	if r.Incidents != 3 || r.Killed.Best != 11 {
		t.Errorf("Build: %d incidents, %d killed; want 3 and 11", r.Incidents, r.Killed.Best)
	}
	var order []int64
	for _, l := range r.Largest {
		order = append(order, l.ID)
	}
	if diff := cmp.Diff([]int64{2, 1, 3}, order); diff != "" {
		t.Errorf("largest order mismatch (-want +got):\n%s", diff)
	}
	want := []Unit{{ActorID: 10, Name: "1er Bataillon", Incidents: 2, Killed: 11, Credible: 1}, {ActorID: 11, Incidents: 1, Killed: 9, Credible: 1}}
	if diff := cmp.Diff(want, r.Units); diff != "" {
		t.Errorf("units mismatch (-want +got):\n%s", diff)
	}
	if r.Reviews[0] != (Review{Status: "reported", Incidents: 2}) || r.Reviews[2] != (Review{Status: "credible", Incidents: 1}) {
		t.Errorf("reviews = %+v", r.Reviews)
	}
	for _, name := range Tables {
		rows, ok := r.Table(name)
		if !ok || len(rows) == 0 {
			t.Errorf("Table(%q) = %v, %v; want a header at least", name, len(rows), ok)
		}
	}
	if _, ok := r.Table("nope"); ok {
		t.Errorf("Table(nope) ok, want false")
	}
}

func TestParseMonth(t *testing.T) {
	for _, tt := range []struct {
		in          string
		first, last string
		ok          bool
	}{
		{"2024-02", "2024-02-01", "2024-02-29", true},
		{"2023-12", "2023-12-01", "2023-12-31", true},
		{"2024-13", "", "", false},
		{"2024", "", "", false},
		{"2024-03-01", "", "", false},
	} {
		first, last, err := ParseMonth(tt.in)
		if (err == nil) != tt.ok || (tt.ok && (first.String() != tt.first || last.String() != tt.last)) {
			t.Errorf("ParseMonth(%q) = %s, %s, %v; want %s, %s, ok %v", tt.in, first, last, err, tt.first, tt.last, tt.ok)
		}
	}
}
