package news

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"net/http"
	"path/filepath"
	"strings"

	_ "golang.org/x/image/webp" // registers the WebP decoder with image.Decode

	"klyngeportalen/internal/validate"
)

// Limits of an uploaded news image.
const (
	MaxImageBytes  = 8 << 20    // bytes of the uploaded file: a phone photo fits
	MaxImageSide   = 5000       // pixels of the longer side, against decompression bombs
	MaxImagePixels = 12_000_000 // pixels in all (12 megapixels), for the same reason
)

// Image is a news image as it is stored and served: re-encoded, with its sniffed type.
type Image struct {
	ContentType   string `db:"content_type"`
	Data          []byte `db:"data"`
	Width, Height int
}

// extensions are the file name endings accepted for each sniffed type.
var extensions = map[string][]string{
	"image/jpeg": {".jpg", ".jpeg"},
	"image/png":  {".png"},
	"image/webp": {".webp"},
}

// PrepareImage checks an uploaded file (named filename) and re-encodes it with the standard
// library, so that no metadata or hidden payload survives: JPEG stays JPEG, PNG and WebP become
// PNG. The type is decided by the content, and the file name must agree with it. A refused
// file gives validate.Errors on the field "image".
func PrepareImage(filename string, data []byte) (Image, error) {
	refuse := func(msg string) (Image, error) { return Image{}, validate.Errors{"image": msg} }
	if len(data) == 0 {
		return refuse("Filen er tom.")
	}
	if len(data) > MaxImageBytes {
		return refuse(fmt.Sprintf("Bildet er for stort. Det kan være høyst %d MB.", MaxImageBytes>>20))
	}
	sniffed := http.DetectContentType(data)
	exts, ok := extensions[sniffed]
	if !ok {
		return refuse("Filen er ikke et bilde portalen tar imot. Bruk JPEG, PNG eller WebP.")
	}
	ext := strings.ToLower(filepath.Ext(filename))
	if !contains(exts, ext) {
		return refuse("Filnavnet slutter ikke som en " + strings.TrimPrefix(sniffed, "image/") + "-fil. Gi filen riktig filendelse (" + strings.Join(exts, " eller ") + ").")
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || "image/"+format != sniffed {
		return refuse("Bildet kunne ikke leses. Kanskje filen er skadet?")
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > MaxImageSide || cfg.Height > MaxImageSide || cfg.Width*cfg.Height > MaxImagePixels {
		return refuse(fmt.Sprintf("Bildet er for stort: høyst %d piksler på den lengste siden og 12 megapiksler i alt.", MaxImageSide))
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return refuse("Bildet kunne ikke leses. Kanskje filen er skadet?")
	}
	var out bytes.Buffer
	if sniffed == "image/jpeg" {
		err = jpeg.Encode(&out, img, &jpeg.Options{Quality: 85})
	} else {
		err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&out, img)
	}
	if err != nil {
		return Image{}, err
	}
	b := img.Bounds()
	return Image{ContentType: http.DetectContentType(out.Bytes()), Data: out.Bytes(), Width: b.Dx(), Height: b.Dy()}, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
