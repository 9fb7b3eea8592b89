package documents

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"
)

// zipOf makes a zip file of the named entries; "mimetype" is stored uncompressed, as ODF wants.
func zipOf(t testing.TB, entries ...string) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for i := 0; i < len(entries); i += 2 {
		method := zip.Deflate
		if entries[i] == "mimetype" {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: entries[i], Method: method})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(entries[i+1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// sniff feeds content in writes of step bytes, as an upload arrives.
func sniff(content []byte, name string, step int) (Type, error) {
	s := newSniffer()
	for len(content) > 0 {
		n := min(step, len(content))
		s.Write(content[:n])
		content = content[n:]
	}
	return s.decide(name)
}

func TestSniffTellsOfficeAndOpenDocumentApart(t *testing.T) {
	big := strings.Repeat("innhold ", 200_000) // pushes the central directory far from the start
	for name, tc := range map[string]struct {
		content []byte
		want    Type
	}{
		"docx":          {zipOf(t, "[Content_Types].xml", "<Types/>", "word/document.xml", big), typeDOCX},
		"xlsx":          {zipOf(t, "[Content_Types].xml", "<Types/>", "xl/workbook.xml", "<workbook/>"), typeXLSX},
		"pptx":          {zipOf(t, "[Content_Types].xml", "<Types/>", "ppt/presentation.xml", big), typePPTX},
		"odt":           {zipOf(t, "mimetype", "application/vnd.oasis.opendocument.text", "content.xml", big), typeODT},
		"ods":           {zipOf(t, "mimetype", "application/vnd.oasis.opendocument.spreadsheet", "content.xml", "<x/>"), typeODS},
		"odp":           {zipOf(t, "mimetype", "application/vnd.oasis.opendocument.presentation", "content.xml", "<x/>"), typeODP},
		"pdf":           {[]byte("%PDF-1.7\n%âãÏÓ\n"), typePDF},
		"gif":           {[]byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), typeGIF},
		"jpeg":          {[]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), typeJPEG},
		"csv":           {[]byte("a;b\n1;2\n"), typeCSV},
		"text with bom": {[]byte("\xef\xbb\xbfHei på deg\r\n"), typeText},
	} {
		for _, step := range []int{1 << 20, 4096, 3} {
			if step == 3 && len(tc.content) > 100_000 {
				continue
			}
			filename := "fil." + name
			got, err := sniff(tc.content, filename, step)
			if err != nil || got.MIME != tc.want.MIME {
				t.Errorf("%s in writes of %d: %v, %v; want %s", name, step, got.MIME, err, tc.want.MIME)
			}
		}
	}
}

func TestSniffRefusesWhatIsNotAllowed(t *testing.T) {
	for name, tc := range map[string]struct {
		content []byte
		message string
	}{
		"plain zip":          {zipOf(t, "a.txt", "hei"), msgDisallowed},
		"ooxml of no kind":   {zipOf(t, "[Content_Types].xml", "<Types/>", "x/y.xml", "<x/>"), msgDisallowed},
		"odf of other kind":  {zipOf(t, "mimetype", "application/vnd.oasis.opendocument.graphics", "content.xml", "<x/>"), msgDisallowed},
		"docm":               {zipOf(t, "[Content_Types].xml", "<Types/>", "word/document.xml", "<d/>", "word/vbaProject.bin", "\x00"), msgMacros},
		"exe":                {[]byte("MZ\x90\x00\x03\x00\x00\x00"), msgDisallowed},
		"elf":                {[]byte("\x7fELF\x02\x01\x01\x00"), msgDisallowed},
		"html":               {[]byte("<!doctype html><p>hei"), msgMarkup},
		"svg":                {[]byte("  <svg onload=alert(1)>"), msgMarkup},
		"xml":                {[]byte("\xef\xbb\xbf<?xml version=\"1.0\"?><a/>"), msgMarkup},
		"latin-1":            {[]byte("bl\xe5b\xe6r\n"), msgEncoding},
		"split utf-8 at end": {[]byte("hei \xc3"), msgEncoding},
		"bmp":                {[]byte("BM\x36\x00\x00\x00\x00\x00"), msgDisallowed},
	} {
		_, err := sniff(tc.content, "fil.pdf", 2)
		var fe *FileError
		if !errors.As(err, &fe) || fe.Message != tc.message {
			t.Errorf("%s: %v, want %q", name, err, tc.message)
		}
	}
}

func TestCleanFilename(t *testing.T) {
	for in, want := range map[string]string{
		`C:\Users\ola\Årsrapport.pdf`: "Årsrapport.pdf",
		"../../etc/passwd":            "passwd.pdf",
		"rapport\u202egnp.pdf":        "rapportgnp.pdf",
		"  .skjult  ":                 "skjult.pdf",
		"":                            "dokument.pdf",
		"bilde.PDF":                   "bilde.PDF",
	} {
		if got := CleanFilename(in, typePDF); got != want {
			t.Errorf("CleanFilename(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzSniff(f *testing.F) {
	f.Add([]byte("%PDF-1.4"), 7)
	f.Add(zipOf(f, "mimetype", "application/vnd.oasis.opendocument.text"), 3)
	f.Add([]byte("hei\xc3\xa5"), 4)
	f.Fuzz(func(t *testing.T, content []byte, step int) {
		if step <= 0 || step > 1<<16 {
			step = 1
		}
		typ, err := sniff(content, "f.csv", step)
		if err == nil && (typ.MIME == "" || strings.Contains(typ.MIME, "html") || strings.Contains(typ.MIME, "svg")) {
			t.Fatalf("type %+v", typ)
		}
	})
}
