package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/custos-ssa/custos"
)

// listEntries are the entries of the imported lists, searchable by name
// and exported in the vetting CSV format (with the list's name first).
// Entries say who is suspected of what: vetters and administrators only.
func (s *Server) listEntries() resource[custos.ListEntry, custos.ListEntryFilter] {
	return resource[custos.ListEntry, custos.ListEntryFilter]{
		entity: custos.EntityVetting, path: "/vetting/list-entries", singular: "list entry", plural: "Entries of derogatory lists", section: "Vet",
		intro: "The units and persons named in imported lists, which screening searches. Import or replace a list on the derogatory lists page.",
		key:   func(e *custos.ListEntry) string { return itoa(e.ID) }, title: func(e *custos.ListEntry) string { return e.Name },
		releasability: func(*custos.ListEntry) custos.Releasability { return custos.Protected },
		find:          s.store.FindListEntries,
		blank:         func(*http.Request) *custos.ListEntry { return &custos.ListEntry{} },
		filters: func(_ context.Context, f *custos.ListEntryFilter) []field {
			return []field{
				{Name: "q", Label: "Name", Type: "search", Value: f.Q},
				{Name: "list", Label: "List", Type: "text", Value: f.List, Help: "The list's name, exactly as imported."},
			}
		},
		table: func(_ context.Context, list []*custos.ListEntry) table {
			t := table{Caption: "Entries of derogatory lists", Empty: "No entry matches these filters.",
				Columns: []column{{Label: "Name"}, {Label: "Kind"}, {Label: "Other names"}, {Label: "Born"}, {Label: "Nationality"},
					{Label: "Unit or parent unit"}, {Label: "List"}, {Label: "Id in the list"}}}
			for _, e := range list {
				unit := e.Unit
				if e.ParentUnit != "" {
					unit = "part of " + e.ParentUnit
				}
				t.Rows = append(t.Rows, []cell{{Text: e.Name}, {Text: label(e.Kind)}, {Text: strings.Join(e.Aliases, "; ")}, {Text: e.BirthDate.String()},
					{Text: e.Nationality}, {Text: unit}, {Text: e.List, Href: withQuery("/vetting/list-entries", map[string][]string{"list": {e.List}})}, {Text: e.Key}})
			}
			return t
		},
		columns: append([]string{"list"}, listColumns...),
		row: func(e *custos.ListEntry) []string {
			return []string{e.List, e.Key, e.Kind, e.Name, strings.Join(e.Aliases, "|"), e.BirthDate.String(), e.Gender, e.Nationality, e.Unit, e.ParentUnit}
		},
	}
}
