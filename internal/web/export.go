package web

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/export"
)

// exportPage is how many records an export reads from the store at a time:
// the export walks the whole filtered list by cursor, so that a list of
// 250,000 activities streams without being held in memory.
const exportPage = 1000

// export answers GET /things.csv and /things.xlsx with every record of the
// current filter that the caller may see.
func (rs resource[T, F]) export(s *Server, format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		f, _, err := filterOf[F](r)
		if err != nil {
			return err
		}
		page := pageOf(&f)
		page.Limit = exportPage
		page.After = ""
		// Read the first page before writing anything, so that a refusal
		// is still an error page.
		items, next, err := rs.find(r.Context(), f)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(rs.path, "/") + "-" + time.Now().UTC().Format("2006-01-02")
		var out export.Writer
		switch format {
		case "csv":
			w.Header().Set("Content-Type", "text/csv; charset=utf-8")
			w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.csv"`, name))
			w.Header().Set("Cache-Control", "no-store")
			out, err = export.NewCSV(w)
		default:
			w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
			w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.xlsx"`, name))
			w.Header().Set("Cache-Control", "no-store")
			out, err = export.NewXLSX(w, label(strings.TrimPrefix(rs.path, "/")))
		}
		if err != nil {
			return err
		}
		if err := out.Write(rs.columns); err != nil {
			return err
		}
		for {
			for _, v := range items {
				if err := out.Write(rs.row(v)); err != nil {
					return err
				}
			}
			if next == "" {
				break
			}
			page.After = next
			if items, next, err = rs.find(r.Context(), f); err != nil {
				// The header has gone: the file ends short, and the log
				// says why.
				s.log.ErrorContext(r.Context(), "export", "path", r.URL.Path, "error", err)
				return nil
			}
		}
		if err := out.Close(); err != nil {
			s.log.ErrorContext(r.Context(), "export", "path", r.URL.Path, "error", err)
		}
		return nil
	}
}

// pageOf returns the Page embedded in a filter struct.
func pageOf[F any](f *F) *custos.Page {
	v := reflect.ValueOf(f).Elem()
	p, ok := v.FieldByName("Page").Addr().Interface().(*custos.Page)
	if !ok {
		panic("web: filter without a Page")
	}
	return p
}
