package api

import (
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/query"
)

// OpenAPI returns the OpenAPI 3.0 document of the API, built from the route
// table and the Go types of each request and answer, so that it cannot
// drift from what is served.
func (s *Server) OpenAPI() map[string]any {
	g := &schemaGen{defs: map[string]any{}}
	paths := map[string]map[string]any{}
	for _, rt := range s.routes {
		op := map[string]any{
			"summary":     rt.summary,
			"tags":        []string{rt.tag},
			"operationId": operationID(rt),
		}
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(rt.path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		if rt.query != nil {
			for _, q := range query.Params(rt.query) {
				params = append(params, map[string]any{"name": q.Name, "in": "query", "required": false, "schema": paramSchema(q)})
			}
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		if rt.request != nil {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"application/json": map[string]any{"schema": g.schema(rt.request)}}}
		}
		status := rt.status
		if status == 0 {
			status = http.StatusOK
		}
		ok := map[string]any{"description": http.StatusText(status)}
		switch {
		case rt.response != nil:
			ok["content"] = map[string]any{"application/json": map[string]any{"schema": g.schema(rt.response)}}
		case rt.raw == "application/json":
			ok["content"] = map[string]any{rt.raw: map[string]any{"schema": map[string]any{"type": "object", "additionalProperties": map[string]any{}}}}
		case rt.raw != "":
			ok["content"] = map[string]any{rt.raw: map[string]any{"schema": map[string]any{"type": "string"}}}
		}
		responses := map[string]any{itoa(status): ok}
		for _, kind := range []string{custos.EINVALID, custos.EUNAUTHORIZED, custos.EFORBIDDEN, custos.ENOTFOUND, custos.ECONFLICT, custos.ETOOLARGE} {
			responses[itoa(StatusOf(kind))] = map[string]any{"$ref": "#/components/responses/Error"}
		}
		if rt.invalid != nil {
			responses[itoa(http.StatusBadRequest)] = map[string]any{"description": "An error, with each problem of the input",
				"content": map[string]any{"application/json": map[string]any{"schema": g.schema(rt.invalid)}}}
		}
		op["responses"] = responses
		if paths[rt.path] == nil {
			paths[rt.path] = map[string]any{}
		}
		paths[rt.path][strings.ToLower(rt.method)] = op
	}
	g.schema(reflect.TypeOf(errorBody{}))
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{
			"title":   "Custos API",
			"version": "1",
			"description": "Accountable security sector assistance: countries, security-sector actors, persons, organizations, " +
				"legal authorities, programs and activities. Every record carries a releasability (public, internal, restricted, protected); " +
				"the API never returns a record above the caller's clearance. Errors are {\"error\": {\"kind\", \"message\", \"fields\"}} " +
				"with fields naming each bad field. Lists are paged with limit and after; an answer's next is the following page's after.",
		},
		"paths": paths,
		"components": map[string]any{
			"schemas": g.defs,
			"responses": map[string]any{"Error": map[string]any{"description": "An error, with the fields at fault",
				"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/ErrorResponse"}}}}},
			"securitySchemes": map[string]any{
				"bearer":  map[string]any{"type": "http", "scheme": "bearer", "description": "An API token from `custos token create NAME`"},
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": SessionCookie},
			},
		},
		"security": []any{map[string]any{"bearer": []any{}}, map[string]any{"session": []any{}}, map[string]any{}},
	}
}

func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s.OpenAPI())
}

var pathParam = regexp.MustCompile(`\{(\w+)\}`)

func itoa(n int) string { return strconv.Itoa(n) }

func operationID(rt route) string {
	p := strings.NewReplacer("/api/v1/", "", "/api/", "", "/", "_", "{", "", "}", "", ".", "_").Replace(rt.path)
	return strings.ToLower(rt.method) + "_" + strings.Trim(p, "_")
}

func paramSchema(q query.Param) map[string]any {
	switch {
	case q.Text:
		return map[string]any{"type": "string", "format": "date"}
	case q.Kind == reflect.Bool:
		return map[string]any{"type": "boolean"}
	case q.Kind == reflect.Int || q.Kind == reflect.Int64:
		return map[string]any{"type": "integer", "minimum": 0}
	}
	return map[string]any{"type": "string"}
}

// schemaGen turns Go types into OpenAPI schemas, naming struct types in
// components.schemas.
type schemaGen struct{ defs map[string]any }

var (
	timeType          = reflect.TypeOf(time.Time{})
	dateType          = reflect.TypeOf(custos.Date{})
	partialDateType   = reflect.TypeOf(custos.PartialDate{})
	releasabilityType = reflect.TypeOf(custos.Releasability(0))
	rawType           = reflect.TypeOf(json.RawMessage{})
)

func (g *schemaGen) schema(t reflect.Type) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case dateType:
		return map[string]any{"type": "string", "format": "date", "description": "YYYY-MM-DD"}
	case partialDateType:
		return map[string]any{"type": "string", "pattern": `^\d{4}(-\d{2}(-\d{2})?)?$`, "description": "YYYY, YYYY-MM or YYYY-MM-DD"}
	case releasabilityType:
		return map[string]any{"type": "string", "enum": []string{"public", "internal", "restricted", "protected"}}
	case rawType:
		return map[string]any{"description": "any JSON value"}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": g.schema(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.schema(t.Elem())}
	case reflect.Struct:
		name := schemaName(t)
		if _, ok := g.defs[name]; !ok {
			g.defs[name] = map[string]any{} // placeholder against recursion
			props := map[string]any{}
			g.fields(t, props)
			g.defs[name] = map[string]any{"type": "object", "properties": props, "additionalProperties": false}
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return map[string]any{}
}

func (g *schemaGen) fields(t reflect.Type, props map[string]any) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous {
			g.fields(f.Type, props)
			continue
		}
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = g.schema(f.Type)
	}
}

var genericArg = regexp.MustCompile(`\[.*\.(\w+)\]$`)

// schemaName names a struct type: "Actor", and "ActorList" for listBody[Actor].
func schemaName(t reflect.Type) string {
	n := t.Name()
	if m := genericArg.FindStringSubmatch(n); m != nil {
		return m[1] + "List"
	}
	if n == "errorBody" {
		return "ErrorResponse"
	}
	if n == "" {
		return "Anonymous"
	}
	return strings.ToUpper(n[:1]) + n[1:]
}

// sortedPaths returns the document's paths in order, for tests.
func sortedPaths(doc map[string]any) []string {
	paths := doc["paths"].(map[string]map[string]any)
	out := make([]string, 0, len(paths))
	for p := range paths {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}
