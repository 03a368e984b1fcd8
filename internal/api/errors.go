package api

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/custos-ssa/custos"
)

// StatusOf maps an error kind to its HTTP status, in one place.
func StatusOf(kind string) int {
	switch kind {
	case custos.EINVALID:
		return http.StatusBadRequest
	case custos.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case custos.EFORBIDDEN:
		return http.StatusForbidden
	case custos.ENOTFOUND:
		return http.StatusNotFound
	case custos.ECONFLICT:
		return http.StatusConflict
	case custos.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusInternalServerError
}

// errorBody is the JSON form of every error.
type errorBody struct {
	Error custos.Error `json:"error"`
}

func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var e *custos.Error
	if !errors.As(err, &e) {
		s.log.ErrorContext(r.Context(), "internal error", slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("error", err))
		e = &custos.Error{Kind: custos.EINTERNAL, Message: "Internal error: the details are in the server log."}
	}
	status := StatusOf(e.Kind)
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="custos"`)
	}
	writeJSON(w, status, errorBody{Error: *e})
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
