package api

import (
	"fmt"
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/query"
)

type createUserRequest struct {
	custos.User
	Password string `json:"password"`
}

type updateUserRequest struct {
	DisplayName *string      `json:"display_name,omitempty"`
	Role        *custos.Role `json:"role,omitempty"`
	Disabled    *bool        `json:"disabled,omitempty"`
	Password    *string      `json:"password,omitempty"`
}

type createTokenRequest struct {
	User          string `json:"user"`
	Label         string `json:"label,omitempty"`
	ExpiresInDays int    `json:"expires_in_days,omitempty"` // 0: never
}

type createTokenResponse struct {
	Token  *custos.Token `json:"token"`
	Secret string        `json:"secret"`
}

func (s *Server) handleUsers(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.FindUsers(r.Context())
	if err != nil {
		return err
	}
	if list == nil {
		list = []*custos.User{}
	}
	return writeJSON(w, http.StatusOK, listBody[custos.User]{Items: list})
}

func (s *Server) handleUser(w http.ResponseWriter, r *http.Request) error {
	u, err := s.store.FindUser(r.Context(), r.PathValue("name"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, u)
}

func (s *Server) handleCreateUser(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	var req createUserRequest
	if err := decodeStrict(body, &req); err != nil {
		return err
	}
	if err := s.store.CreateUser(r.Context(), &req.User, req.Password); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, req.User)
}

func (s *Server) handleUpdateUser(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	var req updateUserRequest
	if err := decodeStrict(body, &req); err != nil {
		return err
	}
	if _, err := custos.Authorize(r.Context(), custos.ActionUpdate, custos.EntityUser); err != nil {
		return err
	}
	u, err := s.store.FindUser(r.Context(), r.PathValue("name"))
	if err != nil {
		return err
	}
	if req.DisplayName != nil {
		u.DisplayName = *req.DisplayName
	}
	if req.Role != nil {
		u.Role = *req.Role
	}
	if req.Disabled != nil {
		u.Disabled = *req.Disabled
	}
	if req.Password != nil && utf8.RuneCountInString(*req.Password) < custos.MinPasswordLen {
		return &custos.Error{Kind: custos.EINVALID, Message: "invalid user", Fields: map[string]string{"password": fmt.Sprintf("must be at least %d characters long", custos.MinPasswordLen)}}
	}
	if err := u.Validate(); err != nil {
		return err
	}
	if err := s.store.UpdateUser(r.Context(), u); err != nil {
		return err
	}
	if req.Password != nil {
		if err := s.store.SetPassword(r.Context(), u.Name, *req.Password); err != nil {
			return err
		}
	}
	return writeJSON(w, http.StatusOK, u)
}

func (s *Server) handleTokens(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.FindTokens(r.Context())
	if err != nil {
		return err
	}
	if list == nil {
		list = []*custos.Token{}
	}
	return writeJSON(w, http.StatusOK, listBody[custos.Token]{Items: list})
}

func (s *Server) handleCreateToken(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	var req createTokenRequest
	if err := decodeStrict(body, &req); err != nil {
		return err
	}
	if req.ExpiresInDays < 0 || req.ExpiresInDays > 3650 {
		return &custos.Error{Kind: custos.EINVALID, Message: "invalid token", Fields: map[string]string{"expires_in_days": "must be between 0 (never) and 3650"}}
	}
	t, secret, err := s.store.CreateToken(r.Context(), req.User, req.Label, time.Duration(req.ExpiresInDays)*24*time.Hour)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, createTokenResponse{Token: t, Secret: secret})
}

func (s *Server) handleRevokeToken(w http.ResponseWriter, r *http.Request) error {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := s.store.RevokeToken(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request) error {
	var f custos.AuditFilter
	if err := query.Parse(r.URL.Query(), &f); err != nil {
		return err
	}
	list, next, err := s.store.FindAuditEntries(r.Context(), f)
	if err != nil {
		return err
	}
	if list == nil {
		list = []*custos.AuditEntry{}
	}
	return writeJSON(w, http.StatusOK, listBody[custos.AuditEntry]{Items: list, Next: next})
}

func (s *Server) handleAuditVerify(w http.ResponseWriter, r *http.Request) error {
	rep, err := s.store.VerifyAudit(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rep)
}

func (s *Server) handleAncestors(w http.ResponseWriter, r *http.Request) error {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	list, err := s.store.ActorAncestors(r.Context(), id)
	if err != nil {
		return err
	}
	if list == nil {
		list = []*custos.Actor{}
	}
	return writeJSON(w, http.StatusOK, listBody[custos.Actor]{Items: list})
}
