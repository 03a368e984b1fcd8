package web

import (
	"net/http"
	"strings"

	"github.com/custos-ssa/custos"
)

// loginPage is the sign-in form.
type loginPage struct {
	base
	Next     string
	Name     field
	Password field
	Error    string
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	next := safeNext(r.URL.Query().Get("next"))
	if userFrom(r.Context()) != nil {
		return redirect(w, r, next)
	}
	s.render(w, r, http.StatusOK, "login", s.newLoginPage(r, next, "", ""))
	return nil
}

func (s *Server) newLoginPage(r *http.Request, next, name, msg string) *loginPage {
	p := &loginPage{base: s.base(r, "Sign in", ""), Next: next, Error: msg,
		Name:     field{Name: "name", Label: "User name", Type: "text", Value: name, Required: true},
		Password: field{Name: "password", Label: "Password", Type: "password", Required: true}}
	if msg != "" {
		p.Password.Error = msg
	}
	return p
}

// login signs a user in through the API's Login, which rate-limits failed
// attempts and sets the HttpOnly session cookie.
func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return custos.Errorf(custos.EINVALID, "the form could not be read")
	}
	name, pw := strings.TrimSpace(r.PostForm.Get("name")), r.PostForm.Get("password")
	next := safeNext(r.PostForm.Get("next"))
	if _, err := s.api.Login(w, r, name, pw); err != nil {
		msg := custos.ErrorMessage(err)
		if custos.ErrorKind(err) == custos.EUNAUTHORIZED {
			msg = "The user name or password is not right."
		}
		s.render(w, r, http.StatusUnauthorized, "login", s.newLoginPage(r, next, name, msg))
		return nil
	}
	return redirect(w, r, next)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if err := s.api.Logout(w, r); err != nil {
		return err
	}
	return redirect(w, r, "/")
}

// safeNext keeps a return address only when it is a path on this site, so
// that the sign-in form cannot send anyone elsewhere.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") || strings.ContainsAny(next, "\r\n") {
		return "/"
	}
	return next
}
