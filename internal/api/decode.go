package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/custos-ssa/custos"
)

// readBody reads a JSON request body of at most MaxBodyBytes that is valid
// UTF-8.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") && !strings.HasPrefix(ct, "application/merge-patch+json") {
		return nil, custos.Errorf(custos.EINVALID, "the request body must be JSON (Content-Type application/json), not %q", ct)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, custos.Errorf(custos.ETOOLARGE, "the request body is larger than %d bytes", MaxBodyBytes)
		}
		return nil, custos.Errorf(custos.EINVALID, "cannot read the request body: %v", err)
	}
	if !utf8.Valid(body) {
		return nil, custos.Errorf(custos.EINVALID, "the request body is not valid UTF-8")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, custos.Errorf(custos.EINVALID, "the request body is empty: send a JSON object")
	}
	return body, nil
}

// decodeStrict decodes one JSON value into v, refusing unknown fields and
// trailing data, and names the offending field in the error.
func decodeStrict(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		err = jsonError(err)
		if e, ok := err.(*custos.Error); ok && len(e.Fields) == 0 {
			if field := culprit(body, v); field != "" {
				e.Fields = map[string]string{field: e.Message}
			}
		}
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return custos.Errorf(custos.EINVALID, "the request body holds more than one JSON value")
	}
	return nil
}

// culprit finds which top-level field of a JSON object fails to decode into
// a fresh value of v's type. encoding/json does not say which field a
// value's own UnmarshalText rejected (a malformed date, say), so each field
// is tried alone.
func culprit(body []byte, v any) string {
	var fields map[string]json.RawMessage
	if json.Unmarshal(body, &fields) != nil {
		return ""
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	t := reflect.TypeOf(v).Elem()
	for _, k := range keys {
		one, _ := json.Marshal(map[string]json.RawMessage{k: fields[k]})
		if json.Unmarshal(one, reflect.New(t).Interface()) != nil {
			return k
		}
	}
	return ""
}

// jsonError turns a decoding error into an EINVALID error naming the field.
func jsonError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	bad := func(field, reason string) error {
		return &custos.Error{Kind: custos.EINVALID, Message: "invalid JSON", Fields: map[string]string{field: reason}}
	}
	switch {
	case errors.As(err, &syn):
		return custos.Errorf(custos.EINVALID, "malformed JSON at byte %d: %v", syn.Offset, syn)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "(body)"
		}
		return bad(field, fmt.Sprintf("must be %s, not %s", jsonType(typ.Type.Kind().String()), typ.Value))
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return custos.Errorf(custos.EINVALID, "the JSON body ends too early")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return bad(name, "is not a field of this record")
	}
	// Errors from a field's own UnmarshalText (a bad date, say) arrive
	// wrapped; the message is ours and readable.
	msg := err.Error()
	if i := strings.Index(msg, "Go struct field "); i >= 0 {
		rest := msg[i+len("Go struct field "):]
		if j := strings.Index(rest, " of type"); j >= 0 {
			field := rest[:j]
			if k := strings.Index(field, "."); k >= 0 {
				field = field[k+1:]
			}
			return bad(strings.ToLower(field), msg)
		}
	}
	return custos.Errorf(custos.EINVALID, "invalid JSON: %v", err)
}

func jsonType(kind string) string {
	switch {
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"), strings.HasPrefix(kind, "float"):
		return "a number"
	case kind == "string":
		return "a string"
	case kind == "bool":
		return "true or false"
	case kind == "slice", kind == "array":
		return "an array"
	case kind == "struct", kind == "map":
		return "an object"
	}
	return kind
}

// mergePatch applies an RFC 7396 JSON merge patch to a JSON document.
func mergePatch(doc, patch []byte) ([]byte, error) {
	var d, p any
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(patch, &p); err != nil {
		return nil, jsonError(err)
	}
	if _, ok := p.(map[string]any); !ok {
		return nil, custos.Errorf(custos.EINVALID, "a PATCH body must be a JSON object of the fields to change")
	}
	return json.Marshal(merge(d, p))
}

func merge(doc, patch any) any {
	pm, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	dm, ok := doc.(map[string]any)
	if !ok {
		dm = map[string]any{}
	}
	for k, v := range pm {
		if v == nil {
			delete(dm, k)
		} else {
			dm[k] = merge(dm[k], v)
		}
	}
	return dm
}
