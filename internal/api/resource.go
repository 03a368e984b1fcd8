package api

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strconv"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/query"
)

// listBody is the JSON form of one page of a list.
type listBody[T any] struct {
	Items []*T `json:"items"`
	// Next is the cursor of the following page ("after"), empty on the last.
	Next string `json:"next,omitempty"`
}

// resource is one kind of record served with list, get, create, update
// (JSON merge patch) and delete.
type resource[T any, F any] struct {
	plural   string // the path segment: "actors"
	singular string // for summaries: "actor"
	key      string // the path parameter: "id" or "code"
	entity   string // the entity name for permissions: custos.EntityActor...
	find     func(context.Context, F) ([]*T, string, error)
	get      func(context.Context, string) (*T, error)
	create   func(context.Context, *T) error
	update   func(context.Context, *T) error
	del      func(context.Context, string) error
	// setKey puts the path's key into a decoded record, so that a body
	// cannot redirect an update to another record.
	setKey func(*T, string)
}

func addResource[T any, F any](rs []route, r resource[T, F]) []route {
	base := "/api/v1/" + r.plural
	item := base + "/{" + r.key + "}"
	var t T
	var f F
	typ, ftyp := reflect.TypeOf(t), reflect.TypeOf(f)
	return append(rs,
		route{method: "GET", path: base, tag: r.plural, summary: "List " + r.plural + ", filtered and paged", query: ftyp, response: reflect.TypeOf(listBody[T]{}),
			handle: func(w http.ResponseWriter, req *http.Request) error {
				var filter F
				if err := query.Parse(req.URL.Query(), &filter); err != nil {
					return err
				}
				items, next, err := r.find(req.Context(), filter)
				if err != nil {
					return err
				}
				if items == nil {
					items = []*T{}
				}
				return writeJSON(w, http.StatusOK, listBody[T]{Items: items, Next: next})
			}},
		route{method: "POST", path: base, tag: r.plural, summary: "Create a " + r.singular, request: typ, response: typ, status: http.StatusCreated,
			handle: func(w http.ResponseWriter, req *http.Request) error {
				body, err := readBody(w, req)
				if err != nil {
					return err
				}
				v := new(T)
				if err := decodeStrict(body, v); err != nil {
					return err
				}
				if err := r.create(req.Context(), v); err != nil {
					return err
				}
				return writeJSON(w, http.StatusCreated, v)
			}},
		route{method: "GET", path: item, tag: r.plural, summary: "Get a " + r.singular, response: typ,
			handle: func(w http.ResponseWriter, req *http.Request) error {
				v, err := r.get(req.Context(), req.PathValue(r.key))
				if err != nil {
					return err
				}
				return writeJSON(w, http.StatusOK, v)
			}},
		route{method: "PATCH", path: item, tag: r.plural, summary: "Change a " + r.singular + " (JSON merge patch: send the fields to change; null removes)", request: typ, response: typ,
			handle: func(w http.ResponseWriter, req *http.Request) error {
				body, err := readBody(w, req)
				if err != nil {
					return err
				}
				// Refuse a caller who may not write before reading, so that
				// the answer is "forbidden", not "not found".
				if _, err := custos.Authorize(req.Context(), custos.ActionUpdate, r.entity); err != nil {
					return err
				}
				key := req.PathValue(r.key)
				cur, err := r.get(req.Context(), key)
				if err != nil {
					return err
				}
				doc, err := json.Marshal(cur)
				if err != nil {
					return err
				}
				merged, err := mergePatch(doc, body)
				if err != nil {
					return err
				}
				v := new(T)
				if err := decodeStrict(merged, v); err != nil {
					return err
				}
				r.setKey(v, key)
				if err := r.update(req.Context(), v); err != nil {
					return err
				}
				return writeJSON(w, http.StatusOK, v)
			}},
		route{method: "DELETE", path: item, tag: r.plural, summary: "Delete a " + r.singular, status: http.StatusNoContent,
			handle: func(w http.ResponseWriter, req *http.Request) error {
				if err := r.del(req.Context(), req.PathValue(r.key)); err != nil {
					return err
				}
				w.WriteHeader(http.StatusNoContent)
				return nil
			}},
	)
}

// byID adapts a store method taking an int64 id to a path key.
func byID[T any](fn func(context.Context, int64) (T, error)) func(context.Context, string) (T, error) {
	return func(ctx context.Context, key string) (T, error) {
		id, err := parseID(key)
		if err != nil {
			var zero T
			return zero, err
		}
		return fn(ctx, id)
	}
}

func delByID(fn func(context.Context, int64) error) func(context.Context, string) error {
	return func(ctx context.Context, key string) error {
		id, err := parseID(key)
		if err != nil {
			return err
		}
		return fn(ctx, id)
	}
}

func parseID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, &custos.Error{Kind: custos.EINVALID, Message: "invalid id", Fields: map[string]string{"id": "must be a positive whole number, not " + strconv.Quote(s)}}
	}
	return id, nil
}

func setID(p *int64, key string) {
	*p, _ = strconv.ParseInt(key, 10, 64)
}
