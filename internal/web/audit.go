package web

import (
	"net/http"
	"net/url"

	"github.com/custos-ssa/custos"
)

// auditPage is the audit trail, newest first, for administrators.
type auditPage struct {
	base
	Filters []field
	Table   table
	Next    string
	First   string
	Report  *custos.AuditReport
}

// entityPaths maps audited entities to their pages.
var entityPaths = map[string]string{
	custos.EntityCountry: "/countries/", custos.EntityActor: "/actors/", custos.EntityPerson: "/persons/",
	custos.EntityOrganization: "/organizations/", custos.EntityAuthority: "/authorities/",
	custos.EntityProgram: "/programs/", custos.EntityActivity: "/activities/",
}

func (s *Server) audit(w http.ResponseWriter, r *http.Request) error {
	f, q, err := filterOf[custos.AuditFilter](r)
	if err != nil {
		return err
	}
	list, next, err := s.store.FindAuditEntries(r.Context(), f)
	if err != nil {
		return err
	}
	entities := []option{{"", "Any record"}}
	for _, e := range []string{custos.EntityCountry, custos.EntityActor, custos.EntityPerson, custos.EntityOrganization, custos.EntityAuthority,
		custos.EntityProgram, custos.EntityActivity, custos.EntityUser, custos.EntityToken} {
		entities = append(entities, option{e, label(e)})
	}
	page := auditPage{base: s.base(r, "Audit trail", "Monitor"),
		Filters: []field{
			{Name: "entity", Label: "Kind of record", Type: "select", Value: f.Entity, Options: entities},
			{Name: "entity_id", Label: "Record", Type: "text", Value: f.EntityID, Short: true},
			{Name: "user_name", Label: "User", Type: "text", Value: f.UserName, Short: true},
		},
		Table: table{Caption: "Changes, newest first", Empty: "No change matches these filters.",
			Columns: []column{{Label: "Number", Num: true}, {Label: "When (UTC)"}, {Label: "User"}, {Label: "Via"}, {Label: "Action"}, {Label: "Record"}}}}
	for _, e := range list {
		rec := cell{Text: label(e.Entity) + " " + e.EntityID}
		if p, ok := entityPaths[e.Entity]; ok && e.Action != custos.ActionDelete {
			rec.Href = p + url.PathEscape(e.EntityID)
		}
		page.Table.Rows = append(page.Table.Rows, []cell{{Text: formatInt(e.Seq), Num: true}, {Text: e.At.UTC().Format("2006-01-02 15:04:05")},
			{Text: e.UserName}, {Text: e.Via}, {Text: label(e.Action)}, rec})
	}
	if next != "" {
		nq := cloneValues(q)
		nq.Set("after", next)
		page.Next = withQuery("/audit", nq)
	}
	if q.Get("after") != "" {
		fq := cloneValues(q)
		fq.Del("after")
		page.First = withQuery("/audit", fq)
	}
	s.render(w, r, http.StatusOK, "audit", &page)
	return nil
}

// auditVerify checks the hash chain of the whole trail and shows the result.
func (s *Server) auditVerify(w http.ResponseWriter, r *http.Request) error {
	rep, err := s.store.VerifyAudit(r.Context())
	if err != nil {
		return err
	}
	page := auditPage{base: s.base(r, "Audit trail check", "Monitor"), Report: rep}
	s.render(w, r, http.StatusOK, "audit", &page)
	return nil
}
