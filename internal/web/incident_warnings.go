package web

import (
	"context"
	"fmt"

	"github.com/custos-ssa/custos"
)

// warningText is the sentence a warning shows on a program or activity.
func warningText(w *custos.Warning) string {
	return fmt.Sprintf("Credible information of a gross violation of human rights involves a recipient unit: review vetting (incident %d)", w.IncidentID)
}

// warningParts returns what a program or activity page shows of the
// warnings the store keeps on it: a fact at the top of the page naming
// each open warning, and a section with every warning, open or cleared.
// ok is false when there is nothing to show, or when the caller may not
// read incidents (the store decides; its refusal shows nothing rather
// than failing the page).
func (s *Server) warningParts(ctx context.Context, entity string, id int64) (top fact, sec section, ok bool) {
	list, _, err := s.store.FindWarnings(ctx, custos.WarningFilter{Entity: entity, ID: id, Cleared: true, Page: custos.Page{Limit: 100}})
	if err != nil || len(list) == 0 {
		return fact{}, section{}, false
	}
	top = fact{Label: "Human-rights warnings"}
	for _, w := range list {
		if w.ClearedAt.IsZero() {
			top.Links = append(top.Links, link{fmt.Sprintf("/incidents/%d", w.IncidentID), warningText(w)})
		}
	}
	sec = section{Title: "Human-rights warnings",
		Intro: "The store raises a warning when an incident naming a recipient unit, or a unit under it, is judged credible or confirmed, and clears it when the incident is discounted.",
		Table: warningTable(s.lookup(ctx), list, "Warnings on this "+entity, "No warnings.")}
	return top, sec, true
}

// warningTable lists warnings with their unit, incident and state.
func warningTable(l *lookup, list []*custos.Warning, caption, empty string) table {
	t := table{Caption: caption, Empty: empty, Columns: []column{{Label: "Warning"}, {Label: "Recipient unit"}, {Label: "On"},
		{Label: "Why"}, {Label: "Raised"}, {Label: "State"}}}
	for _, w := range list {
		state := "Open"
		if !w.ClearedAt.IsZero() {
			state = "Cleared " + w.ClearedAt.UTC().Format("2006-01-02")
		}
		on := link{Text: fmt.Sprintf("%s %d", w.Entity, w.RecordID)}
		switch w.Entity {
		case custos.EntityProgram:
			on = l.programLink(w.RecordID)
		case custos.EntityActivity:
			on = link{fmt.Sprintf("/activities/%d", w.RecordID), fmt.Sprintf("Activity %d", w.RecordID)}
		}
		t.Rows = append(t.Rows, []cell{{Text: warningText(w), Href: fmt.Sprintf("/incidents/%d", w.IncidentID)}, linkCell(l.actorLink(w.ActorID)),
			linkCell(on), {Text: w.Reason}, {Text: w.CreatedAt.UTC().Format("2006-01-02")}, {Text: state}})
	}
	return t
}
