// Package api serves Custos's JSON API under /api/v1, its OpenAPI document,
// health checks and metrics. Handlers return errors; one function turns an
// error into a status and a JSON body.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/prometheus/client_golang/prometheus"
)

// Deps are what the API needs from the rest of the program.
type Deps struct {
	Store   custos.Store
	Logger  *slog.Logger
	Version string
	// Registry receives the API's metrics; nil makes a private one.
	Registry *prometheus.Registry
	// SessionTTL is how long a browser session lasts; zero means 12 hours.
	SessionTTL time.Duration
	// SecureCookies marks session cookies Secure (serve over HTTPS).
	SecureCookies bool
	// IntakeKey is the AES-256 key that seals the contact details of
	// civil-society reporters (see incident.LoadKey). Without it, reports
	// are taken only without contact details.
	IntakeKey []byte
	// TrustedProxies are the reverse proxies whose X-Forwarded-For header
	// names the client that the intake's rate limit counts (see
	// ParseTrustedProxies). Empty, the header is never believed.
	TrustedProxies []netip.Prefix
}

// Server is the API's HTTP handler.
type Server struct {
	store   custos.Store
	log     *slog.Logger
	version string
	ttl     time.Duration
	secure  bool
	reg     *prometheus.Registry
	metrics *metrics
	mux     *http.ServeMux
	routes  []route
	handler http.Handler
	// intakeKey, intakeLimit, intakeFailures and trustedProxies serve the
	// civil-society intake.
	intakeKey      []byte
	intakeLimit    *rateLimit
	intakeFailures *rateLimit
	trustedProxies []netip.Prefix
	// loginFailures and accountFailures count failed sign-ins by client
	// address and by account name (see Login).
	loginFailures, accountFailures *failures
}

// MaxBodyBytes bounds a JSON request body.
const MaxBodyBytes = 1 << 20

// SessionCookie is the name of the browser session cookie.
const SessionCookie = "custos_session"

// New returns the API handler.
func New(d Deps) *Server {
	s := &Server{store: d.Store, log: d.Logger, version: d.Version, ttl: d.SessionTTL, secure: d.SecureCookies, reg: d.Registry,
		loginFailures: newFailures(), accountFailures: newFailures()}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.ttl == 0 {
		s.ttl = 12 * time.Hour
	}
	if s.reg == nil {
		s.reg = prometheus.NewRegistry()
	}
	s.intakeKey, s.intakeLimit = d.IntakeKey, newRateLimit(IntakeBurst, IntakeEvery)
	s.intakeFailures, s.trustedProxies = newRateLimit(IntakeFailBurst, IntakeFailEvery), d.TrustedProxies
	s.metrics = newMetrics(s.reg)
	s.mux = http.NewServeMux()
	s.routes = s.routeTable()
	for _, rt := range s.routes {
		s.mux.Handle(rt.method+" "+rt.path, s.wrap(rt))
	}
	s.handler = http.NewCrossOriginProtection().Handler(s.observe(s.mux))
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// handlerFunc is an API handler that returns an error instead of writing one.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// wrap authenticates the caller, runs the handler and writes any error.
func (s *Server) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, err := s.authenticate(r)
		if err == nil {
			if p, ok := custos.PrincipalFrom(ctx); ok {
				noteCaller(ctx, p.Name)
			}
			r = r.WithContext(ctx)
			err = rt.handle(w, r)
		}
		if err != nil {
			s.writeError(w, r, err)
		}
	})
}

// Principal returns the caller authenticated by a request's token or
// session cookie, or the anonymous principal.
func (s *Server) authenticate(r *http.Request) (context.Context, error) {
	ctx := r.Context()
	if h := r.Header.Get("Authorization"); h != "" {
		const bearer = "Bearer "
		if len(h) <= len(bearer) || h[:len(bearer)] != bearer {
			return nil, custos.Errorf(custos.EUNAUTHORIZED, "the Authorization header must be \"Bearer TOKEN\"")
		}
		u, err := s.store.TokenUser(ctx, h[len(bearer):])
		if err != nil {
			return nil, err
		}
		return custos.WithPrincipal(ctx, u.Principal("token")), nil
	}
	if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
		u, err := s.store.SessionUser(ctx, c.Value)
		if err == nil {
			return custos.WithPrincipal(ctx, u.Principal("session")), nil
		}
	}
	return custos.WithPrincipal(ctx, custos.Anonymous), nil
}
