package news_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"image"
	"image/jpeg"
	"image/png"
	"net/http"
	"testing"

	"klyngeportalen/internal/news"
	"klyngeportalen/internal/validate"
)

// FuzzPrepareImage: whatever is uploaded, PrepareImage never panics, refuses with a message on
// the image field, or returns a freshly encoded JPEG or PNG whose sniffed type it reports.
func FuzzPrepareImage(f *testing.F) {
	var p, j bytes.Buffer
	_ = png.Encode(&p, image.NewRGBA(image.Rect(0, 0, 3, 2)))
	_ = jpeg.Encode(&j, image.NewGray(image.Rect(0, 0, 3, 2)), nil)
	webp, _ := base64.StdEncoding.DecodeString("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==")
	f.Add("a.png", p.Bytes())
	f.Add("a.jpg", j.Bytes())
	f.Add("a.webp", webp)
	f.Add("a.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		img, err := news.PrepareImage(name, data)
		if err != nil {
			var errs validate.Errors
			if !errors.As(err, &errs) || errs["image"] == "" {
				t.Fatalf("refusal without a message on the image field: %v", err)
			}
			return
		}
		if img.ContentType != "image/png" && img.ContentType != "image/jpeg" || http.DetectContentType(img.Data) != img.ContentType {
			t.Fatalf("accepted as %q, sniffed %q", img.ContentType, http.DetectContentType(img.Data))
		}
		if _, _, err := image.Decode(bytes.NewReader(img.Data)); err != nil {
			t.Fatalf("the re-encoded image does not decode: %v", err)
		}
	})
}
