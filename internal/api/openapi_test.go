package api

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/custos-ssa/custos"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestOpenAPIMatchesRoutes checks the served document against the real
// mux: every documented operation is answered by a handler (not the mux's
// own 404 or 405), every answer a GET documents validates against its
// schema, and the document matches the reviewed golden copy.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	f := newFixture(t)
	code, body := f.do(custos.RoleAdmin, "GET", "/api/openapi.json", nil)
	if code != 200 {
		t.Fatalf("GET /api/openapi.json = %d", code)
	}
	var doc map[string]any
	must(t, json.Unmarshal(body, &doc))
	if doc["openapi"] != "3.0.3" {
		t.Errorf("openapi = %v, want 3.0.3", doc["openapi"])
	}
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	paths := doc["paths"].(map[string]any)
	ops := 0
	for path, item := range paths {
		for method, opAny := range item.(map[string]any) {
			ops++
			op := opAny.(map[string]any)
			concrete := strings.NewReplacer("{id}", fmt.Sprint(f.actor.ID), "{code}", "ML", "{name}", "admin1").Replace(path)
			if strings.HasPrefix(path, "/api/v1/programs/") {
				concrete = strings.Replace(path, "{id}", fmt.Sprint(f.prog.ID), 1)
			}
			if strings.HasPrefix(path, "/api/v1/activities/") {
				concrete = strings.Replace(path, "{id}", fmt.Sprint(f.act.ID), 1)
			}
			if strings.HasPrefix(path, "/api/v1/persons/") {
				concrete = strings.Replace(path, "{id}", fmt.Sprint(f.person.ID), 1)
			}
			if strings.HasPrefix(path, "/api/v1/organizations/") {
				concrete = strings.Replace(path, "{id}", fmt.Sprint(f.org.ID), 1)
			}
			if strings.HasPrefix(path, "/api/v1/incidents/{id}") {
				concrete = strings.Replace(path, "{id}", fmt.Sprint(f.reported()), 1)
			}
			if strings.HasPrefix(path, "/api/v1/authorities/") {
				concrete = strings.Replace(path, "{id}", fmt.Sprint(f.auth.ID), 1)
			}
			if id, ok := vetPathID(f, path); ok { // vetting (issue C)
				concrete = strings.Replace(path, "{id}", id, 1)
			}
			if id, ok := condPathID(f, path); ok { // conditionality and M&E (issue E)
				concrete = strings.Replace(path, "{id}", id, 1)
			}
			if strings.HasPrefix(path, "/api/v1/consultations/") { // consultations
				concrete = strings.Replace(path, "{id}", fmt.Sprint(f.consultation().ID), 1)
			}
			m := strings.ToUpper(method)
			if m == "DELETE" || m == "POST" || m == "PATCH" || m == "PUT" {
				// Send an empty body: a real handler answers with our JSON
				// error; the mux alone would answer 404 or 405 in plain text.
				req := httptest.NewRequest(m, concrete, nil)
				req.Header.Set("Authorization", "Bearer "+f.tokens[custos.RolePartner])
				rec := httptest.NewRecorder()
				f.srv.ServeHTTP(rec, req)
				if strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") && rec.Code >= 400 {
					t.Errorf("%s %s is documented but not served: %d %s", m, path, rec.Code, rec.Body)
				}
				continue
			}
			code, body := f.do(custos.RoleAdmin, m, concrete, nil)
			if code != 200 {
				t.Errorf("GET %s = %d, want 200: %s", concrete, code, body)
				continue
			}
			content := op["responses"].(map[string]any)["200"].(map[string]any)["content"].(map[string]any)
			js, ok := content["application/json"].(map[string]any)
			if !ok {
				continue
			}
			var got any
			if err := json.Unmarshal(body, &got); err != nil {
				if path == "/metrics" {
					continue
				}
				t.Errorf("GET %s: answer is not JSON: %v", concrete, err)
				continue
			}
			for _, problem := range validate(js["schema"].(map[string]any), got, schemas, "$") {
				t.Errorf("GET %s: %s", path, problem)
			}
		}
	}
	if ops != len(f.srv.routes) {
		t.Errorf("document has %d operations, the server %d routes", ops, len(f.srv.routes))
	}
	golden := filepath.Join("testdata", "openapi.golden.json")
	if *update {
		must(t, os.WriteFile(golden, body, 0o644))
	}
	want, err := os.ReadFile(golden)
	must(t, err)
	if diff := cmp.Diff(string(want), string(body)); diff != "" {
		t.Errorf("OpenAPI document changed (-want +got); review and run go test ./internal/api -run OpenAPI -update:\n%s", diff)
	}
}

// validate checks a JSON value against an OpenAPI schema: types, known
// properties only, array items and $refs.
func validate(schema map[string]any, v any, defs map[string]any, at string) []string {
	if ref, ok := schema["$ref"].(string); ok {
		return validate(defs[strings.TrimPrefix(ref, "#/components/schemas/")].(map[string]any), v, defs, at)
	}
	var out []string
	switch schema["type"] {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s is %T, want an object", at, v)}
		}
		props, _ := schema["properties"].(map[string]any)
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			ps, ok := props[k]
			if !ok {
				if ap, ok := schema["additionalProperties"].(map[string]any); ok {
					out = append(out, validate(ap, m[k], defs, at+"."+k)...)
					continue
				}
				out = append(out, fmt.Sprintf("%s.%s is not documented", at, k))
				continue
			}
			out = append(out, validate(ps.(map[string]any), m[k], defs, at+"."+k)...)
		}
	case "array":
		a, ok := v.([]any)
		if !ok {
			return []string{fmt.Sprintf("%s is %T, want an array", at, v)}
		}
		for i, x := range a {
			out = append(out, validate(schema["items"].(map[string]any), x, defs, fmt.Sprintf("%s[%d]", at, i))...)
		}
	case "string":
		if _, ok := v.(string); !ok {
			out = append(out, fmt.Sprintf("%s is %T, want a string", at, v))
		}
	case "integer", "number":
		if _, ok := v.(float64); !ok {
			out = append(out, fmt.Sprintf("%s is %T, want a number", at, v))
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			out = append(out, fmt.Sprintf("%s is %T, want a boolean", at, v))
		}
	}
	return out
}
