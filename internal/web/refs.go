package web

import (
	"context"
	"fmt"
	"sort"

	"github.com/custos-ssa/custos"
)

// maxChoices is the most records a select offers; past it, the form asks
// for a record number instead, with the record's name shown beside it.
const maxChoices = 1000

// refChoices lists records for a select of links. ok is false when there are
// too many to offer.
type refChoices struct {
	options []option
	ok      bool
}

// actorChoices offers the actors of a country that the caller may see.
func (s *Server) actorChoices(ctx context.Context, country string) refChoices {
	if country == "" {
		return refChoices{}
	}
	list, next, err := s.store.FindActors(ctx, custos.ActorFilter{Country: country, Page: custos.Page{Limit: maxChoices}})
	if err != nil || next != "" {
		return refChoices{}
	}
	opts := []option{{"", "None"}}
	for _, a := range list {
		opts = append(opts, option{itoa(a.ID), a.Name + " — " + actorKindLabel(a.Kind)})
	}
	sort.Slice(opts[1:], func(i, j int) bool { return opts[i+1].Label < opts[j+1].Label })
	return refChoices{opts, true}
}

// orgChoices offers the organizations the caller may see.
func (s *Server) orgChoices(ctx context.Context) refChoices {
	list, next, err := s.store.FindOrganizations(ctx, custos.OrganizationFilter{Page: custos.Page{Limit: maxChoices}})
	if err != nil || next != "" {
		return refChoices{}
	}
	opts := []option{{"", "None"}}
	for _, o := range list {
		l := o.Name
		if o.Abbrev != "" {
			l += " (" + o.Abbrev + ")"
		}
		opts = append(opts, option{itoa(o.ID), l})
	}
	sort.Slice(opts[1:], func(i, j int) bool { return opts[i+1].Label < opts[j+1].Label })
	return refChoices{opts, true}
}

// authorityChoices offers the authorities the caller may see.
func (s *Server) authorityChoices(ctx context.Context) refChoices {
	list, next, err := s.store.FindAuthorities(ctx, custos.AuthorityFilter{Page: custos.Page{Limit: maxChoices}})
	if err != nil || next != "" {
		return refChoices{}
	}
	opts := []option{{"", "None"}}
	for _, a := range list {
		opts = append(opts, option{itoa(a.ID), a.Code + " — " + a.Name})
	}
	sort.Slice(opts[1:], func(i, j int) bool { return opts[i+1].Label < opts[j+1].Label })
	return refChoices{opts, true}
}

// refField is a select of records when there are few enough, else a
// number input whose help names the record chosen.
func refField(c refChoices, name, lbl string, id int64, current link, help string) field {
	if c.ok {
		f := field{Name: name, Label: lbl, Type: "select", Value: itoa(id), Options: c.options, Help: help}
		if id != 0 && !hasOption(c.options, itoa(id)) {
			f.Options = append(f.Options, option{itoa(id), current.Text})
		}
		return f
	}
	f := field{Name: name, Label: lbl + " (record number)", Type: "number", Value: itoa(id), Short: true, Help: help}
	if id != 0 {
		f.Help = fmt.Sprintf("Now: %s. %s", current.Text, help)
	}
	return f
}

func hasOption(opts []option, v string) bool {
	for _, o := range opts {
		if o.Value == v {
			return true
		}
	}
	return false
}

// anyChoice relabels a filter select's empty choice ("None" in a form)
// as "Any ...".
func anyChoice(f field, label string) field {
	if len(f.Options) > 0 && f.Options[0].Value == "" {
		f.Options = append([]option{{"", label}}, f.Options[1:]...)
	}
	return f
}
