package importer

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/store"
)

func (r *rowCtx) putActor(b *store.Bulk) error {
	a := &custos.Actor{ID: r.existing("actors"), Country: strings.ToUpper(r.cells["country"]), Kind: custos.ActorKind(r.cells["kind"]),
		Name: r.cells["name"], Names: r.names(), ParentID: r.ref("parent", "actors", r.cells["parent"]),
		Echelon: custos.Echelon(r.cells["echelon"]), Description: r.cells["description"], Source: r.source("actors"), Releasability: r.releasability()}
	if a.ParentID != 0 && a.ParentID == a.ID {
		r.fail("parent", "a unit cannot be its own parent")
	}
	if r.failed() {
		return r.validateOnly(a)
	}
	if err := b.PutActor(a); err != nil {
		return err
	}
	r.remember("actors", a.ID)
	return nil
}

func (r *rowCtx) putPerson(b *store.Bulk) error {
	p := &custos.Person{ID: r.existing("persons"), Name: r.cells["name"], Names: r.names(), Gender: custos.Gender(strings.ToLower(r.cells["gender"])),
		Nationality: strings.ToUpper(r.cells["nationality"]), Rank: r.cells["rank"], Notes: r.cells["notes"], Source: r.source("persons"), Releasability: r.releasability()}
	if v := r.cells["birth_date"]; v != "" {
		d, err := custos.ParsePartialDate(v)
		if err != nil {
			r.fail("birth_date", err.Error())
		}
		p.BirthDate = d
	}
	if unit := r.ref("unit", "actors", r.cells["unit"]); unit != 0 {
		p.Memberships = []custos.Membership{{ActorID: unit, Position: r.cells["position"]}}
	} else if r.cells["position"] != "" && r.cells["unit"] == "" {
		r.fail("position", "needs a unit")
	}
	if r.failed() {
		return r.validateOnly(p)
	}
	if err := b.PutPerson(p); err != nil {
		return err
	}
	if err := b.SetMemberships(p); err != nil {
		return err
	}
	r.remember("persons", p.ID)
	return nil
}

func (r *rowCtx) putProgram(b *store.Bulk) error {
	p := &custos.Program{ID: r.existing("programs"), Title: r.cells["title"], Country: strings.ToUpper(r.cells["country"]),
		ObjectiveCategory: custos.ObjectiveCategory(r.cells["objective_category"]), ActivityType: custos.ActivityType(r.cells["activity_type"]),
		RecipientIDs: r.refList("recipients", "actors"), Start: r.date("start"), End: r.date("end"),
		Status: custos.ProgramStatus(r.cells["status"]), Description: r.cells["description"], Source: r.source("programs"), Releasability: r.releasability()}
	if v := r.cells["authority"]; v != "" {
		id, ok := r.refs.authorities[strings.ToUpper(v)]
		if !ok {
			r.fail("authority", fmt.Sprintf("no authority has the code %q", v))
		}
		p.AuthorityID = id
	}
	if v := r.cells["lead_org"]; v != "" {
		p.LeadOrgID = r.org("lead_org", v)
	}
	for _, v := range split(r.cells["implementers"]) {
		if id := r.org("implementers", v); id != 0 {
			p.ImplementerIDs = append(p.ImplementerIDs, id)
		}
	}
	for _, d := range split(r.cells["icb_domains"]) {
		p.ICBDomains = append(p.ICBDomains, custos.ICBDomain(d))
	}
	for _, part := range split(r.cells["budget"]) {
		fy, amount, ok := strings.Cut(part, ":")
		y, err1 := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(strings.ToUpper(fy), "FY")))
		n, err2 := strconv.ParseInt(strings.ReplaceAll(strings.TrimPrefix(strings.TrimSpace(amount), "$"), ",", ""), 10, 64)
		if !ok || err1 != nil || err2 != nil {
			r.fail("budget", fmt.Sprintf("%q is not fiscal year:amount (e.g. 2025:1200000)", part))
			continue
		}
		p.Budget = append(p.Budget, custos.Budget{FiscalYear: y, AmountUSD: n})
	}
	if r.failed() {
		return r.validateOnly(p)
	}
	if err := b.PutProgram(p); err != nil {
		return err
	}
	r.remember("programs", p.ID)
	return nil
}

func (r *rowCtx) org(col, v string) int64 {
	if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
		if ok, err := r.bulk.Visible("organizations", id); err != nil || !ok {
			r.fail(col, fmt.Sprintf("no organization has the id %d", id))
			return 0
		}
		return id
	}
	id, ok := r.refs.orgs[strings.ToUpper(v)]
	if !ok {
		r.fail(col, fmt.Sprintf("no organization has the abbreviation or name %q", v))
	}
	return id
}

func (r *rowCtx) putActivity(b *store.Bulk) error {
	a := &custos.Activity{ID: r.existing("activities"), ProgramID: r.ref("program", "programs", r.cells["program"]),
		Kind: custos.ActivityKind(r.cells["kind"]), Title: r.cells["title"], Start: r.date("start"), End: r.date("end"),
		Location: r.cells["location"], Country: strings.ToUpper(r.cells["country"]), Implementer: r.cells["implementer"],
		ActorIDs: r.refList("units", "actors"), PersonIDs: r.refList("persons", "persons"),
		Quantity: int(r.number("quantity")), CostUSD: r.number("cost_usd"), Status: custos.ActivityStatus(r.cells["status"]),
		Description: r.cells["description"], Source: r.source("activities"), Releasability: r.releasability()}
	if r.failed() {
		return r.validateOnly(a)
	}
	if err := b.CheckVetted(a); err != nil {
		return err
	}
	if err := b.PutActivity(a); err != nil {
		return err
	}
	r.remember("activities", a.ID)
	return nil
}

// validateOnly reports a row's other problems without writing it, once a
// cell of it could not be read: a user fixes a file in one pass.
func (r *rowCtx) validateOnly(v interface {
	Normalize()
	Validate() error
}) error {
	v.Normalize()
	return v.Validate()
}
