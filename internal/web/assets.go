package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/go-chi/chi/v5"

	"klyngeportalen/web/static"
)

// asset is one static file, served under a name that carries a hash of its content.
type asset struct {
	body, gzipped []byte
	ctype         string
}

// assets maps logical names (vendor/theme.css) to hashed URLs, and hashed names to files.
type assets struct {
	urls  map[string]string
	files map[string]*asset
}

// contentTypes are the kinds of static file we serve, and their types (not left to the OS).
var contentTypes = map[string]string{
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".webp":  "image/webp",
	".ico":   "image/x-icon",
	".woff2": "font/woff2",
}

// loadAssets reads the embedded files once and prepares their hashed names and gzip bodies.
// Style sheets come last, so that their url("logical/name") references can be rewritten to
// the hashed names of the files they point at.
func loadAssets() (*assets, error) {
	a := &assets{urls: map[string]string{}, files: map[string]*asset{}}
	var sheets []string
	err := fs.WalkDir(static.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || contentTypes[path.Ext(p)] == "" {
			return err
		}
		if path.Ext(p) == ".css" {
			sheets = append(sheets, p)
			return nil
		}
		return a.add(p)
	})
	if err != nil {
		return nil, err
	}
	for _, p := range sheets {
		if err := a.add(p); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// add reads file p and registers it under its hashed name.
func (a *assets) add(p string) error {
	body, err := fs.ReadFile(static.FS, p)
	if err != nil {
		return err
	}
	if path.Ext(p) == ".css" {
		for logical, url := range a.urls {
			body = bytes.ReplaceAll(body, []byte(`url("`+logical+`")`), []byte(`url("`+url+`")`))
		}
	}
	sum := sha256.Sum256(body)
	ext := path.Ext(p)
	hashed := strings.ReplaceAll(strings.TrimSuffix(p, ext), "/", "-") + "." + hex.EncodeToString(sum[:5]) + ext
	f := &asset{body: body, ctype: contentTypes[ext]}
	if ext == ".css" || ext == ".js" || ext == ".svg" {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		_, _ = zw.Write(body)
		_ = zw.Close()
		f.gzipped = buf.Bytes()
	}
	a.files[hashed] = f
	a.urls[p] = "/static/" + hashed
	return nil
}

func (a *assets) missingVendor() bool { return a.urls["vendor/designsystemet.css"] == "" }

func (a *assets) list(names []string) []string {
	var out []string
	for _, n := range names {
		if u, ok := a.urls[n]; ok {
			out = append(out, u)
		}
	}
	return out
}

func (a *assets) stylesheets() []string { return a.list(static.Stylesheets) }
func (a *assets) scripts() []string     { return a.list(static.Scripts) }

// static serves a hashed file with a year-long immutable cache, gzipped when the client takes it.
func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	f, ok := s.assets.files[chi.URLParam(r, "file")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("Vary", "Accept-Encoding")
	body := f.body
	if f.gzipped != nil && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		h.Set("Content-Encoding", "gzip")
		body = f.gzipped
	}
	_, _ = w.Write(body)
}

// favicon sends browsers that ask for /favicon.ico (feed readers, bookmarks) to the portal's
// icon, so no page causes a 404 in the log.
func (s *Server) favicon(w http.ResponseWriter, r *http.Request) {
	u := s.assets.urls["favicon.svg"]
	if u == "" {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=86400")
	http.Redirect(w, r, u, http.StatusMovedPermanently)
}
