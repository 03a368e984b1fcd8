// Package web serves Custos's pages: a server-rendered, accessible user
// interface for planners, vetting officers, analysts, partners, oversight
// staff and the public. Templates are embedded and parsed once at start-up;
// every route is listed in routes.go; handlers return errors and one
// function turns an error into a page. Releasability is enforced by the
// store, which every handler calls with the signed-in user (or the anonymous
// visitor) as the principal, so pages never filter records by hand.
package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/api"
)

// Deps are what the pages need from the rest of the program.
type Deps struct {
	Store custos.Store
	// API signs users in and out, so that the pages and the JSON API share
	// one login with one rate limit and one session cookie.
	API    *api.Server
	Logger *slog.Logger
	// Version is shown in the page footer.
	Version string
	// DB is the concrete store, for the import pages (imports write
	// through its bulk writer). Nil leaves the import pages out.
	DB importsDB
}

// Server is the web UI's HTTP handler.
type Server struct {
	store   custos.Store
	api     *api.Server
	log     *slog.Logger
	version string
	pages   map[string]*template.Template
	assets  *assets
	mux     *http.ServeMux
	handler http.Handler
	db      importsDB
	imports importJobs
}

// New parses the templates and returns the handler. It panics if an
// embedded template does not parse, which tests catch before release.
func New(d Deps) *Server {
	s := &Server{store: d.Store, api: d.API, log: d.Logger, version: d.Version, db: d.DB}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.assets = loadAssets()
	s.pages = s.parseTemplates()
	s.mux = http.NewServeMux()
	s.routes()
	s.handler = securityHeaders(http.NewCrossOriginProtection().Handler(s.mux))
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// handlerFunc is a page handler that returns an error instead of writing
// one.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle registers a page handler for a pattern such as "GET /actors/{id}".
func (s *Server) handle(pattern string, h handlerFunc) {
	s.mux.Handle(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = r.WithContext(s.authenticate(r))
		if err := h(w, r); err != nil {
			s.writeError(w, r, err)
		}
	}))
}

type userKey struct{}

// authenticate returns the request's context with the caller's principal:
// the user of a live session cookie, or the anonymous visitor.
func (s *Server) authenticate(r *http.Request) context.Context {
	ctx := r.Context()
	if c, err := r.Cookie(api.SessionCookie); err == nil && c.Value != "" {
		if u, err := s.store.SessionUser(ctx, c.Value); err == nil {
			ctx = context.WithValue(ctx, userKey{}, u)
			return custos.WithPrincipal(ctx, u.Principal("session"))
		}
	}
	return custos.WithPrincipal(ctx, custos.Anonymous)
}

// userFrom returns the signed-in user, or nil for an anonymous visitor.
func userFrom(ctx context.Context) *custos.User {
	u, _ := ctx.Value(userKey{}).(*custos.User)
	return u
}

// principalFrom returns the caller, who is at least anonymous.
func principalFrom(ctx context.Context) custos.Principal {
	if p, ok := custos.PrincipalFrom(ctx); ok {
		return p
	}
	return custos.Anonymous
}

// contentSecurityPolicy allows only this site's own scripts, styles and
// images: no inline script, no framing, forms posted only here.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the headers every page carries.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// errorPage is the page shown for an error.
type errorPage struct {
	base
	Status  int
	Message string
}

// writeError shows an error as a page. An anonymous visitor who needs to
// sign in is sent to the sign-in page and brought back afterwards.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var e *custos.Error
	if !errors.As(err, &e) {
		s.log.ErrorContext(r.Context(), "internal error", slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("error", err))
		e = &custos.Error{Kind: custos.EINTERNAL, Message: "Something went wrong on our side. The details are in the server log."}
	}
	status := api.StatusOf(e.Kind)
	if status == http.StatusUnauthorized && r.Method == http.MethodGet && userFrom(r.Context()) == nil {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	title := map[int]string{
		http.StatusBadRequest: "The request cannot be used", http.StatusUnauthorized: "Please sign in",
		http.StatusForbidden: "You may not do this", http.StatusNotFound: "Not found",
		http.StatusConflict: "This clashes with stored records",
	}[status]
	if title == "" {
		title = "Something went wrong"
	}
	page := errorPage{base: s.base(r, title, ""), Status: status, Message: e.Message}
	if len(e.Fields) > 0 {
		var parts []string
		for k, v := range e.Fields {
			parts = append(parts, fmt.Sprintf("%s %s", k, v))
		}
		page.Message += ": " + strings.Join(parts, "; ")
	}
	s.render(w, r, status, "error", &page)
}

// redirect answers a form post with 303 See Other, so that reloading the
// page that follows does not post again.
func redirect(w http.ResponseWriter, r *http.Request, to string) error {
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// notFound is the error of a page that does not exist.
func notFound(what string) error {
	return custos.Errorf(custos.ENOTFOUND, "there is no such %s, or you may not see it", what)
}
