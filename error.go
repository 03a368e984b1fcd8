package custos

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error kinds. Each kind maps to one HTTP status and one CLI exit code, in
// one place at each boundary (internal/api and internal/cli).
const (
	EINVALID      = "invalid"      // the input is malformed or breaks a rule
	ENOTFOUND     = "not_found"    // no such record, or none the caller may see
	ECONFLICT     = "conflict"     // the change clashes with stored data
	EUNAUTHORIZED = "unauthorized" // the caller is not authenticated
	EFORBIDDEN    = "forbidden"    // the caller may not do this
	ETOOLARGE     = "too_large"    // the input exceeds a size limit
	EINTERNAL     = "internal"     // a fault of ours; details stay in the log
)

// Error is a domain error a user can read. Fields names each bad field, by
// its JSON path (for example "names[1].lang"), with the reason it is bad.
type Error struct {
	Kind    string            `json:"kind"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// Error implements the error interface.
func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(e.Message)
	for i, k := range keys {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(k)
		b.WriteString(": ")
		b.WriteString(e.Fields[k])
	}
	return b.String()
}

// Errorf returns an *Error of the given kind with a formatted message.
func Errorf(kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// ErrorKind returns the kind of err, or EINTERNAL when err is not an *Error.
func ErrorKind(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	if err == nil {
		return ""
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err. Errors that are not
// *Error are internal and their text is not shown to users.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// FieldErrors collects validation failures by field path.
type FieldErrors map[string]string

// Add records reason for field unless the field already has a reason, so
// the first problem found is the one reported.
func (f FieldErrors) Add(field, reason string) {
	if _, ok := f[field]; !ok {
		f[field] = reason
	}
}

// Err returns nil when no field failed, else an EINVALID *Error naming each.
func (f FieldErrors) Err(what string) error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Kind: EINVALID, Message: "invalid " + what, Fields: map[string]string(f)}
}
