package web

import (
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
)

// The one way a handler sends a file: a download, an export, a calendar feed or a stored
// picture. Every file gets its type, a Content-Disposition of RFC 6266, nosniff, and
// "private, no-store" unless it names another cache policy.

// file describes the answer of a file.
type file struct {
	Type   string // Content-Type
	Name   string // the file's name when saved; empty for a feed or picture with no name
	Inline bool   // shown in the browser (a picture, a PDF asked for with ?vis=1) rather than saved
	Cache  string // Cache-Control; empty means "private, no-store" (member content, not kept after logout)
	Size   int64  // Content-Length when known (> 0)
}

// setFileHeaders sets the headers of f on w.
func setFileHeaders(w http.ResponseWriter, f file) {
	h := w.Header()
	h.Set("Content-Type", f.Type)
	h.Set("X-Content-Type-Options", "nosniff")
	kind := "attachment"
	if f.Inline {
		kind = "inline"
	}
	if f.Name != "" {
		h.Set("Content-Disposition", contentDisposition(kind, f.Name))
	} else if f.Inline {
		h.Set("Content-Disposition", "inline")
	}
	cache := f.Cache
	if cache == "" {
		cache = "private, no-store"
	}
	h.Set("Cache-Control", cache)
	if f.Size > 0 {
		h.Set("Content-Length", strconv.FormatInt(f.Size, 10))
	}
}

// sendFile answers with body as the file f.
func sendFile(w http.ResponseWriter, f file, body []byte) {
	f.Size = int64(len(body))
	setFileHeaders(w, f)
	_, _ = w.Write(body)
}

// contentDisposition writes the header of RFC 6266: an ASCII fallback name, and the real name
// in filename* (RFC 8187 UTF-8 percent-encoding).
func contentDisposition(kind, name string) string {
	var fallback, star strings.Builder
	for _, r := range name {
		if r < 0x20 || r >= 0x7f || r == '"' || r == '\\' || r == '%' {
			fallback.WriteByte('_')
		} else {
			fallback.WriteRune(r)
		}
	}
	for _, b := range []byte(name) {
		if ('a' <= b && b <= 'z') || ('A' <= b && b <= 'Z') || ('0' <= b && b <= '9') || strings.IndexByte("!#$&+-.^_`|~", b) >= 0 {
			star.WriteByte(b)
		} else {
			star.WriteString("%" + strings.ToUpper(hex.EncodeToString([]byte{b})))
		}
	}
	return kind + `; filename="` + fallback.String() + `"; filename*=UTF-8''` + star.String()
}
