package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

// asset is one embedded static file, served under a name that carries a
// hash of its content (app.3f2a9c1b.css), so that it can be cached for a
// year and a new release is fetched at once.
type asset struct {
	name    string // the path under static/: "app.css", "vendor/uplot/uPlot.iife.min.js"
	hashed  string // the path served: "app.3f2a9c1b.css"
	content []byte
	ctype   string
}

// assets indexes the embedded static files by name and by hashed name.
type assets struct {
	byName   map[string]*asset
	byHashed map[string]*asset
}

// loadAssets hashes every embedded static file, once at start-up.
func loadAssets() *assets {
	a := &assets{byName: map[string]*asset{}, byHashed: map[string]*asset{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(b)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:])[:12] + ext
		ct := mime.TypeByExtension(ext)
		if ct == "" {
			ct = "application/octet-stream"
		}
		x := &asset{name: name, hashed: hashed, content: b, ctype: ct}
		a.byName[name], a.byHashed[hashed] = x, x
		return nil
	})
	if err != nil {
		panic("web: embedded static files: " + err.Error())
	}
	return a
}

// url returns the hashed address of a static file; it panics on an unknown
// name, so that a template naming a missing file fails its test.
func (a *assets) url(name string) string {
	x, ok := a.byName[name]
	if !ok {
		panic("web: no static file " + name)
	}
	return "/static/" + x.hashed
}

// serve answers GET /static/{path...} with a hashed asset and a year-long,
// immutable cache lifetime.
func (a *assets) serve(w http.ResponseWriter, r *http.Request) {
	x, ok := a.byHashed[r.PathValue("path")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", x.ctype)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Write(x.content)
}
