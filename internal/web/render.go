package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/custos-ssa/custos"
)

//go:embed templates/*.html
var templateFS embed.FS

// base is what every page's layout needs. Each page struct embeds it.
type base struct {
	Title     string
	Section   string // the lifecycle section the page belongs to, for the navigation
	User      *custos.User
	Principal custos.Principal
	Path      string
	Version   string
	// Lang and Dir are the language (BCP 47) and writing direction of a
	// page's content; empty means English, left to right. The public
	// intake form sets them, so that the whole document, not only the
	// form, is read and laid out in the reporter's language.
	Lang, Dir string
}

// navLink is one entry of the navigation.
type navLink struct {
	Href, Label string
	Current     bool
}

// navSection is one lifecycle stage in the navigation.
type navSection struct {
	Label string
	Links []navLink
}

// base fills the layout fields of a page.
func (s *Server) base(r *http.Request, title, section string) base {
	return base{Title: title, Section: section, User: userFrom(r.Context()), Principal: principalFrom(r.Context()),
		Path: r.URL.Path, Version: s.version}
}

// Nav lists the lifecycle stages and their pages that the caller may use.
// Evaluation is left out until it has pages.
func (b base) Nav() []navSection {
	signedIn := b.User != nil
	link := func(href, label string) navLink {
		cur := b.Path == href || strings.HasPrefix(b.Path, href+"/") || (b.Path == "/" && href == "/public" && b.User == nil)
		return navLink{Href: href, Label: label, Current: cur}
	}
	var out []navSection
	if signedIn {
		out = append(out,
			navSection{"Assess", []navLink{link("/countries", "Countries"), link("/actors", "Actors and units")}},
			navSection{"Plan", b.planLinks(link)},
		)
		vet := navSection{"Vet", []navLink{link("/persons", "Persons")}}
		// Vetting (issue C): links of the Vet stage below this line.
		if custos.Can(b.Principal.Role, custos.ActionRead, custos.EntityVetting) {
			vet.Links = append(vet.Links, link("/vetting/nominations", "Vetting nominations"), link("/vetting/lists", "Derogatory lists"), link("/vetting/reviews", "Reviews due"))
		}
		vet.Links = append(vet.Links, link("/barred-units", "Barred units"))

		out = append(out, vet, navSection{"Implement", []navLink{link("/activities", "Activities")}})
		mon := navSection{"Monitor", []navLink{link("/training", "Training overview")}}
		// Incidents (issue D): links of the Monitor stage below this line.
		mon.Links = append(mon.Links, b.incidentLinks(link)...)

		// Conditionality and M&E (issue E): links of the Monitor stage below this line.
		mon.Links = append(mon.Links, link("/conditions", "Conditions"), link("/reports/conditions", "Condition status report"),
			link("/indicators", "Indicators"), link("/measurements", "Measurements"))
		mon.Links = append(mon.Links, link("/conditions/alerts", "Condition alerts"))
		mon.Links = append(mon.Links, link("/consultations", "Civil-society consultations"))
		if custos.Can(b.Principal.Role, custos.ActionCreate, custos.EntityFeedback) {
			mon.Links = append(mon.Links, link("/my-feedback", "My feedback"))
		}

		if custos.Can(b.Principal.Role, custos.ActionRead, custos.EntityAudit) {
			mon.Links = append(mon.Links, link("/audit", "Audit trail"))
		}
		out = append(out, mon)
		eval := navSection{Label: "Evaluate"}
		// Conditionality and M&E (issue E): links of the Evaluate stage below this line.
		eval.Links = append(eval.Links, link("/program-evaluations", "Program evaluations"), link("/portfolio", "Portfolio figures"))

		if len(eval.Links) > 0 {
			out = append(out, eval)
		}
		out = append(out, navSection{"Public", []navLink{link("/public", "Public portal")}})
		return out
	}
	public := navSection{"Public records", []navLink{
		link("/public", "About this portal"), link("/countries", "Countries"), link("/training", "Training overview"),
		link("/programs", "Programs"), link("/activities", "Activities"), link("/authorities", "Authorities"),
		link("/organizations", "Organizations"),
	}}
	// Incidents (issue D) and vetting (issue C): public links below this line.
	public.Links = append(public.Links, link("/report-incident", "Report an incident"))
	public.Links = append(public.Links, link("/barred-units", "Units barred from assistance"))
	public.Links = append(public.Links, link("/consultations", "Civil-society consultations"))

	return []navSection{public}
}

// planLinks are the Plan stage's pages; importing is offered to those who
// may create records.
func (b base) planLinks(link func(href, label string) navLink) []navLink {
	links := []navLink{link("/programs", "Programs"), link("/authorities", "Authorities"), link("/organizations", "Organizations")}
	if canImport(b.Principal) {
		links = append(links, link("/import", "Import data"))
	}
	return links
}

// Can reports whether the caller may do action ("create", "update",
// "delete") to records of entity, so that pages show only the buttons that
// will work. The store refuses the rest anyway.
func (b base) Can(action, entity string) bool {
	return custos.Can(b.Principal.Role, custos.Action(action), entity)
}

// parseTemplates parses the layout with each page template, once.
func (s *Server) parseTemplates() map[string]*template.Template {
	funcs := s.funcs()
	layout := template.Must(template.New("layout").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/parts.html"))
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		name := strings.TrimSuffix(path.Base(n), ".html")
		if name == "layout" || name == "parts" {
			continue
		}
		pages[name] = template.Must(template.Must(layout.Clone()).ParseFS(templateFS, n))
	}
	return pages
}

// render writes a page: the layout around the named page's "content".
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	t, ok := s.pages[name]
	if !ok {
		panic("web: no template " + name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		s.log.ErrorContext(r.Context(), "render", "template", name, "error", err)
		http.Error(w, "The page could not be drawn: the details are in the server log.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func (s *Server) funcs() template.FuncMap {
	return template.FuncMap{
		"static":            s.assets.url,
		"number":            formatInt,
		"usd":               formatUSD,
		"label":             label,
		"kindLabel":         func(k custos.ActorKind) string { return actorKindLabel(k) },
		"releasabilityHelp": releasabilityHelp,
		"query":             func(v url.Values) template.URL { return template.URL(v.Encode()) },
		"add":               func(a, b int) int { return a + b },
	}
}

// formatInt writes n with thousands separators: 1,234,567.
func formatInt(n any) string {
	var v int64
	switch x := n.(type) {
	case int:
		v = int64(x)
	case int64:
		v = x
	default:
		return fmt.Sprint(n)
	}
	neg := v < 0
	if neg {
		v = -v
	}
	s := strconv.FormatInt(v, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// formatUSD writes whole dollars: $1,234.
func formatUSD(n int64) string { return "$" + formatInt(n) }

// label turns a vocabulary code into words: "in_progress" becomes "In progress".
func label(code any) string {
	s := strings.ReplaceAll(fmt.Sprint(code), "_", " ")
	if s == "" {
		return ""
	}
	switch s {
	case "fms case":
		return "FMS case"
	case "mobile training team":
		return "Mobile training team (MTT)"
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// actorKindLabel returns the label of an actor kind.
func actorKindLabel(k custos.ActorKind) string {
	for _, x := range custos.ActorKinds {
		if x.Kind == k {
			return x.Label
		}
	}
	return string(k)
}

// releasabilityHelp says in words who may see a record of level r.
func releasabilityHelp(r custos.Releasability) string {
	switch r {
	case custos.Public:
		return "Public: anyone, including visitors of the public portal."
	case custos.Internal:
		return "Internal: signed-in staff (viewers and above)."
	case custos.Restricted:
		return "Restricted: planners, vetting officers, analysts and administrators."
	case custos.Protected:
		return "Protected: vetting officers, analysts and administrators only."
	}
	return r.String()
}
