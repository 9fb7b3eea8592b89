package documents

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"net/http"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"klyngeportalen/internal/domain"
)

// Type is an allowed kind of file, decided from its content, never from the browser's claim.
type Type struct {
	MIME   string   // the Content-Type it is served with
	Kind   string   // the group the list filters on (pdf, tekst, regneark, presentasjon, bilde, tekstfil)
	Label  string   // what the user sees, e.g. "Word"
	Exts   []string // file name endings it is known by; the first is added to a name that has none of them
	Inline bool     // shown in the browser rather than downloaded: PDF and raster images only
}

// The allow-list.
var (
	typePDF  = Type{"application/pdf", "pdf", "PDF", []string{".pdf"}, true}
	typePNG  = Type{"image/png", "bilde", "PNG-bilde", []string{".png"}, true}
	typeJPEG = Type{"image/jpeg", "bilde", "JPEG-bilde", []string{".jpg", ".jpeg"}, true}
	typeGIF  = Type{"image/gif", "bilde", "GIF-bilde", []string{".gif"}, true}
	typeWebP = Type{"image/webp", "bilde", "WebP-bilde", []string{".webp"}, true}
	typeDOCX = Type{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "tekst", "Word", []string{".docx"}, false}
	typeXLSX = Type{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "regneark", "Excel", []string{".xlsx"}, false}
	typePPTX = Type{"application/vnd.openxmlformats-officedocument.presentationml.presentation", "presentasjon", "PowerPoint", []string{".pptx"}, false}
	typeODT  = Type{"application/vnd.oasis.opendocument.text", "tekst", "OpenDocument-tekst", []string{".odt"}, false}
	typeODS  = Type{"application/vnd.oasis.opendocument.spreadsheet", "regneark", "OpenDocument-regneark", []string{".ods"}, false}
	typeODP  = Type{"application/vnd.oasis.opendocument.presentation", "presentasjon", "OpenDocument-presentasjon", []string{".odp"}, false}
	typeCSV  = Type{"text/csv; charset=utf-8", "regneark", "CSV", []string{".csv"}, false}
	typeText = Type{"text/plain; charset=utf-8", "tekstfil", "Tekst", []string{".txt", ".md"}, false}
)

var allTypes = []Type{typePDF, typePNG, typeJPEG, typeGIF, typeWebP, typeDOCX, typeXLSX, typePPTX, typeODT, typeODS, typeODP, typeCSV, typeText}

// TypeOf returns the allowed type with mime, for reading stored versions back.
func TypeOf(mime string) (Type, bool) {
	for _, t := range allTypes {
		if t.MIME == mime {
			return t, true
		}
	}
	return Type{}, false
}

// Kinds are the kinds the list can filter on, with their Norwegian names.
var Kinds = []struct{ Value, Label string }{
	{"pdf", "PDF"}, {"tekst", "Tekstdokument (Word, OpenDocument)"}, {"regneark", "Regneark (Excel, OpenDocument, CSV)"},
	{"presentasjon", "Presentasjon (PowerPoint, OpenDocument)"}, {"bilde", "Bilde"}, {"tekstfil", "Ren tekst"},
}

// Messages about refused files, shown beside the file field.
const (
	msgDisallowed = "Filtypen er ikke tillatt. Last opp PDF, Word, Excel, PowerPoint, OpenDocument, bilder (PNG, JPEG, GIF, WebP), CSV eller ren tekst."
	msgMarkup     = "HTML-, SVG- og XML-filer tas ikke imot, fordi de kan inneholde skript."
	msgMacros     = "Office-filer med makroer tas ikke imot. Lagre filen uten makroer (.docx, .xlsx, .pptx) og prøv igjen."
	msgEncoding   = "Tekstfilen er ikke lagret som UTF-8, eller inneholder binære data. Lagre den som UTF-8 og prøv igjen."
)

const (
	headSize = 64 << 10  // the start of a file, kept for sniffing (and the ODF mimetype entry)
	tailSize = 512 << 10 // the end of a file, kept for a zip file's central directory
)

// sniffer watches an upload stream past and decides its type at the end. It keeps only the
// first headSize and the last tailSize bytes, whatever the size of the file.
type sniffer struct {
	head  []byte
	tail  []byte // the last bytes seen; at most 2*tailSize, trimmed to tailSize
	size  int64
	text  bool    // no byte so far rules out UTF-8 text
	carry [3]byte // an incomplete UTF-8 sequence at the end of the last write
	ncar  int
}

func newSniffer() *sniffer { return &sniffer{text: true} }

// Write observes p; it never fails.
func (s *sniffer) Write(p []byte) (int, error) {
	if len(s.head) < headSize {
		s.head = append(s.head, p[:min(len(p), headSize-len(s.head))]...)
	}
	s.tail = append(s.tail, p...)
	if len(s.tail) > 2*tailSize {
		s.tail = append(s.tail[:0], s.tail[len(s.tail)-tailSize:]...)
	}
	if s.text {
		s.checkText(p)
	}
	s.size += int64(len(p))
	return len(p), nil
}

// checkText looks for what plain text never has: invalid UTF-8, NUL and other control bytes.
func (s *sniffer) checkText(p []byte) {
	buf := p
	if s.ncar > 0 {
		buf = append(append([]byte(nil), s.carry[:s.ncar]...), p...)
		s.ncar = 0
	}
	for i := 0; i < len(buf); {
		c := buf[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7f {
				s.text = false
				return
			}
			i++
			continue
		}
		if !utf8.FullRune(buf[i:]) {
			if len(buf)-i > 3 {
				s.text = false
				return
			}
			s.ncar = copy(s.carry[:], buf[i:])
			return
		}
		r, n := utf8.DecodeRune(buf[i:])
		if r == utf8.RuneError && n <= 1 {
			s.text = false
			return
		}
		i += n
	}
}

// FileError is a refused file, with the message for the user; one too large is also a
// domain.ErrTooLarge.
type FileError struct {
	Message  string
	TooLarge bool
}

// Is makes a file too large match domain.ErrTooLarge.
func (e *FileError) Is(target error) bool { return e.TooLarge && target == domain.ErrTooLarge }

func (e *FileError) Error() string { return "documents: file refused: " + e.Message }

// decide returns the type of the whole file seen, or a *FileError.
func (s *sniffer) decide(filename string) (Type, error) {
	h := s.head
	switch {
	case bytes.HasPrefix(h, []byte("%PDF-")):
		return typePDF, nil
	case bytes.HasPrefix(h, []byte("PK\x03\x04")):
		return s.zipType()
	}
	switch http.DetectContentType(h) {
	case "image/png":
		return typePNG, nil
	case "image/jpeg":
		return typeJPEG, nil
	case "image/gif":
		return typeGIF, nil
	case "image/webp":
		return typeWebP, nil
	}
	if looksLikeMarkup(h) {
		return Type{}, &FileError{Message: msgMarkup}
	}
	if s.text && s.ncar == 0 {
		if strings.EqualFold(path.Ext(filename), ".csv") {
			return typeCSV, nil
		}
		return typeText, nil
	}
	if bytes.IndexByte(h, 0) < 0 {
		return Type{}, &FileError{Message: msgEncoding} // text, but not UTF-8 (or with a binary part)
	}
	return Type{}, &FileError{Message: msgDisallowed}
}

// looksLikeMarkup: text whose first thing is a tag, a declaration or a processing instruction
// (HTML, SVG, XML), or that the browser's own sniffing would take for HTML.
func looksLikeMarkup(h []byte) bool {
	t := bytes.TrimLeft(bytes.TrimPrefix(h, []byte("\xef\xbb\xbf")), " \t\r\n\f")
	if len(t) >= 2 && t[0] == '<' {
		c := t[1]
		if c == '!' || c == '?' || c == '/' || (c|0x20 >= 'a' && c|0x20 <= 'z') {
			return true
		}
	}
	ct := http.DetectContentType(h)
	return strings.HasPrefix(ct, "text/html") || strings.HasPrefix(ct, "text/xml")
}

// zipType tells the OOXML and ODF formats apart by the names and the mimetype entry inside;
// any other zip file is refused.
func (s *sniffer) zipType() (Type, error) {
	zr, err := zip.NewReader(s.window(), s.size)
	if err != nil {
		return Type{}, &FileError{Message: msgDisallowed}
	}
	names := make(map[string]bool, len(zr.File))
	for _, f := range zr.File {
		names[f.Name] = true
		if strings.HasSuffix(strings.ToLower(f.Name), "vbaproject.bin") {
			return Type{}, &FileError{Message: msgMacros}
		}
	}
	if names["[Content_Types].xml"] {
		switch {
		case names["word/document.xml"]:
			return typeDOCX, nil
		case names["xl/workbook.xml"]:
			return typeXLSX, nil
		case names["ppt/presentation.xml"]:
			return typePPTX, nil
		}
		return Type{}, &FileError{Message: msgDisallowed}
	}
	// ODF: the first entry is "mimetype", stored, holding the document's type.
	if len(zr.File) > 0 && zr.File[0].Name == "mimetype" && zr.File[0].Method == zip.Store && zr.File[0].UncompressedSize64 < 100 {
		rc, err := zr.File[0].Open()
		if err != nil {
			return Type{}, &FileError{Message: msgDisallowed}
		}
		defer rc.Close()
		m, err := io.ReadAll(io.LimitReader(rc, 100))
		if err != nil {
			return Type{}, &FileError{Message: msgDisallowed}
		}
		if i := slices.IndexFunc([]Type{typeODT, typeODS, typeODP}, func(t Type) bool { return t.MIME == string(m) }); i >= 0 {
			return []Type{typeODT, typeODS, typeODP}[i], nil
		}
	}
	return Type{}, &FileError{Message: msgDisallowed}
}

// window reads the kept start and end of the file; what lies between cannot be read.
func (s *sniffer) window() io.ReaderAt {
	return &window{head: s.head, tail: s.tail, tailStart: s.size - int64(len(s.tail)), size: s.size}
}

type window struct {
	head, tail []byte
	tailStart  int64
	size       int64
}

var errOutsideWindow = errors.New("documents: read outside the kept start and end of the file")

func (w *window) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 || off >= w.size {
		return 0, io.EOF
	}
	end := off + int64(len(p))
	var short error
	if end > w.size {
		end, short = w.size, io.EOF
	}
	switch {
	case off >= w.tailStart:
		return copy(p, w.tail[off-w.tailStart:end-w.tailStart]), short
	case end <= int64(len(w.head)):
		return copy(p, w.head[off:end]), short
	}
	return 0, errOutsideWindow
}

// CleanFilename makes the name a download is offered under: the last part of what the browser
// sent, without control or invisible characters, at most 120 characters, ending in an
// extension of its sniffed type.
func CleanFilename(name string, t Type) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x200b && r <= 0x200f) || (r >= 0x202a && r <= 0x202e) ||
			(r >= 0x2066 && r <= 0x2069) || r == 0xfeff || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	name = strings.Trim(strings.TrimSpace(name), ".")
	if r := []rune(name); len(r) > 120 {
		name = string(r[:120])
	}
	if name == "" {
		name = "dokument"
	}
	ext := strings.ToLower(path.Ext(name))
	if !slices.Contains(t.Exts, ext) {
		name += t.Exts[0]
	}
	return name
}
