// Package query reads list filters from URL query parameters (the API) and
// from key=value arguments (the CLI) into the domain's filter structs, by
// the filter fields' JSON names.
package query

import (
	"encoding"
	"fmt"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/custos-ssa/custos"
)

// Param describes one query parameter a list accepts: its name (the
// filter field's JSON name) and its Go type, for the OpenAPI document.
type Param struct {
	Name string
	Kind reflect.Kind
	Text bool // decoded with UnmarshalText (dates)
}

// Params lists the query parameters of filter type t, in field order,
// including the embedded Page's limit and after.
func Params(t reflect.Type) []Param {
	var out []Param
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous {
			out = append(out, Params(f.Type)...)
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		_, text := reflect.New(f.Type).Interface().(encoding.TextUnmarshaler)
		out = append(out, Param{Name: name, Kind: f.Type.Kind(), Text: text})
	}
	return out
}

// Parse fills a filter struct from query parameters by their JSON
// names. Unknown parameters, repeated parameters and malformed values are
// errors that name the parameter.
func Parse(q url.Values, dst any) error {
	v := reflect.ValueOf(dst).Elem()
	fields := map[string]reflect.Value{}
	collect(v, fields)
	bad := custos.FieldErrors{}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		vals := q[k]
		f, ok := fields[k]
		if !ok {
			bad.Add(k, "is not a filter of this list")
			continue
		}
		if len(vals) != 1 {
			bad.Add(k, "is given more than once")
			continue
		}
		s := vals[0]
		if !utf8.ValidString(s) || len(s) > 1000 {
			bad.Add(k, "must be valid UTF-8 text of at most 1000 bytes")
			continue
		}
		if tu, ok := f.Addr().Interface().(encoding.TextUnmarshaler); ok {
			if err := tu.UnmarshalText([]byte(s)); err != nil {
				bad.Add(k, err.Error())
			}
			continue
		}
		switch f.Kind() {
		case reflect.String:
			f.SetString(s)
		case reflect.Int, reflect.Int64:
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil || n < 0 {
				bad.Add(k, fmt.Sprintf("must be a whole number, not %q", s))
				continue
			}
			f.SetInt(n)
		case reflect.Bool:
			b, err := strconv.ParseBool(s)
			if err != nil {
				bad.Add(k, fmt.Sprintf("must be true or false, not %q", s))
				continue
			}
			f.SetBool(b)
		default:
			bad.Add(k, "cannot be used as a filter")
		}
	}
	return bad.Err("query parameters")
}

func collect(v reflect.Value, into map[string]reflect.Value) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous {
			collect(v.Field(i), into)
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			into[name] = v.Field(i)
		}
	}
}
