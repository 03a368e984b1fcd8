package postgres

import (
	"context"
	"io"
	"testing"

	"github.com/custos-ssa/custos"
)

func TestCopyIncidents(t *testing.T) {
	st := OpenTest(t)
	ctx := custos.WithPrincipal(context.Background(), custos.System)
	unit := &custos.Actor{Country: "ML", Kind: "army", Name: "Armée de Terre"}
	if err := st.CreateActor(ctx, unit); err != nil {
		t.Fatal(err)
	}
	lat, lon := 14.5, -4.2
	var list []*custos.Incident
	for k := range 3 {
		i := &custos.Incident{Title: "Strike", Category: "civilian_harm_operations", Date: custos.Date{Year: 2024, Month: 3, Day: 1 + k},
			Place:        custos.Place{Country: "ML", Admin1: "Mopti", Latitude: &lat, Longitude: &lon},
			Victims:      custos.Victims{Killed: custos.Estimate{Best: 3, Low: 2, High: 5}},
			Perpetrators: []custos.Perpetrator{{Name: "Military Forces of Mali, \"quoted\"", SuggestedActorID: unit.ID, SuggestionScore: 0.9}, {ActorID: unit.ID}},
			Sources:      []custos.IncidentSource{{Type: "dataset", Name: "ACLED"}},
			Source:       &custos.SourceRef{Dataset: "acled", Key: string(rune('a' + k))}}
		i.Normalize()
		list = append(list, i)
	}
	k := 0
	n, err := CopyIncidents(ctx, st, "acled", func() (*custos.Incident, error) {
		if k == len(list) {
			return nil, io.EOF
		}
		k++
		return list[k-1], nil
	})
	if err != nil || n != 3 {
		t.Fatalf("CopyIncidents = %d, %v; want 3", n, err)
	}
	got, err := st.FindIncident(ctx, list[2].ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Perpetrators[0].Name != list[2].Perpetrators[0].Name || got.Perpetrators[1].ActorID != unit.ID || got.Sources[0].Releasability != custos.Protected || *got.Place.Latitude != lat {
		t.Errorf("copied incident = %+v", got)
	}
	// The sequence moved past the copied ids.
	i := &custos.Incident{Title: "After", Category: "other", Date: custos.Date{Year: 2024, Month: 4, Day: 1}, Place: custos.Place{Country: "ML"}}
	if err := st.CreateIncident(ctx, i); err != nil || i.ID != list[2].ID+1 {
		t.Errorf("CreateIncident after the copy = id %d, %v; want %d", i.ID, err, list[2].ID+1)
	}
	if _, err := CopyIncidents(custos.WithPrincipal(context.Background(), custos.Principal{Name: "v", Role: custos.RoleViewer}), st, "acled", nil); custos.ErrorKind(err) != custos.EFORBIDDEN {
		t.Errorf("CopyIncidents as viewer = %v, want forbidden", err)
	}
}
