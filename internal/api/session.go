package api

import (
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/custos-ssa/custos"
)

type loginRequest struct {
	Name     string `json:"name"`
	Password string `json:"password"`
}

type whoami struct {
	Name      string               `json:"name"`
	Role      custos.Role          `json:"role"`
	Clearance custos.Releasability `json:"clearance"`
	Via       string               `json:"via"`
	Fictional bool                 `json:"fictional,omitempty"`
}

// loginLimit is how many failed sign-ins one address may make in
// loginWindow before it must wait; accountLimit how many one account may
// take, from any addresses, before it refuses sign-ins for the rest of
// the window (passwords guessed from many addresses at once). A name
// that is no account counts the same, so the refusal tells nothing of
// which accounts exist.
const (
	loginLimit   = 10
	accountLimit = 30
	loginWindow  = 15 * time.Minute
)

// failures counts recent failed sign-ins by client address or account.
type failures struct {
	mu   sync.Mutex
	seen map[string][]time.Time
}

func newFailures() *failures { return &failures{seen: map[string][]time.Time{}} }

func (f *failures) recent(key string, now time.Time) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	kept := f.seen[key][:0]
	for _, t := range f.seen[key] {
		if now.Sub(t) < loginWindow {
			kept = append(kept, t)
		}
	}
	if len(kept) == 0 {
		delete(f.seen, key)
		return 0
	}
	f.seen[key] = kept
	return len(kept)
}

func (f *failures) add(key string, now time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.seen) > 100000 { // bound memory under a flood
		f.seen = map[string][]time.Time{}
	}
	f.seen[key] = append(f.seen[key], now)
}

// Login checks a name and password and starts a session. The web UI calls
// it too.
func (s *Server) Login(w http.ResponseWriter, r *http.Request, name, password string) (*custos.User, error) {
	addr, now := s.clientAddr(r), time.Now()
	account := strings.ToLower(strings.TrimSpace(name))
	if s.loginFailures.recent(addr, now) >= loginLimit {
		return nil, custos.Errorf(custos.EFORBIDDEN, "too many failed sign-ins from your address: wait 15 minutes")
	}
	if s.accountFailures.recent(account, now) >= accountLimit {
		s.log.WarnContext(r.Context(), "sign-in refused: account held after repeated failures", "name", name, "addr", addr)
		return nil, custos.Errorf(custos.EFORBIDDEN, "too many failed sign-ins to this account: wait 15 minutes, or ask an administrator")
	}
	u, err := s.store.Authenticate(r.Context(), name, password)
	if err != nil {
		if custos.ErrorKind(err) == custos.EUNAUTHORIZED {
			s.loginFailures.add(addr, now)
			s.accountFailures.add(account, now)
			s.log.WarnContext(r.Context(), "failed sign-in", "name", name, "addr", addr)
		}
		return nil, err
	}
	secret, err := s.store.CreateSession(r.Context(), u.ID, s.ttl)
	if err != nil {
		return nil, err
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: secret, Path: "/", HttpOnly: true, Secure: s.secure,
		SameSite: http.SameSiteLaxMode, MaxAge: int(s.ttl.Seconds())})
	return u, nil
}

// Logout ends the caller's session, if any, and clears the cookie.
func (s *Server) Logout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
		if err := s.store.DeleteSession(r.Context(), c.Value); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode, MaxAge: -1})
	return nil
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	var req loginRequest
	if err := decodeStrict(body, &req); err != nil {
		return err
	}
	u, err := s.Login(w, r, req.Name, req.Password)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, u)
}

func (s *Server) handleWhoami(w http.ResponseWriter, r *http.Request) error {
	p, _ := custos.PrincipalFrom(r.Context())
	return writeJSON(w, http.StatusOK, whoami{Name: p.Name, Role: p.Role, Clearance: p.Clearance(), Via: p.Via})
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) error {
	if err := s.Logout(w, r); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
