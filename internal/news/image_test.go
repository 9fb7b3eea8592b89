package news_test

import (
	"bytes"
	"errors"
	"hash/crc32"
	"image"
	"image/png"
	"testing"

	"klyngeportalen/internal/news"
	"klyngeportalen/internal/validate"
)

// A PNG that claims to be enormous is refused before it is decoded.
func TestPrepareImageRefusesHugeDimensions(t *testing.T) {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()
	// IHDR's width and height are bytes 16..23; its CRC follows the chunk data at 29..32.
	copy(data[16:24], []byte{0, 0, 0x9c, 0x40, 0, 0, 0x9c, 0x40}) // 40 000 × 40 000
	crc := crc32.ChecksumIEEE(data[12:29])
	copy(data[29:33], []byte{byte(crc >> 24), byte(crc >> 16), byte(crc >> 8), byte(crc)})
	_, err := news.PrepareImage("stor.png", data)
	var errs validate.Errors
	if !errors.As(err, &errs) || errs["image"] == "" {
		t.Fatalf("a 40 000 × 40 000 PNG: %v, want a refusal on the image field", err)
	}
}

func TestPrepareImageKeepsAnOrdinaryPNG(t *testing.T) {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 30, 20))); err != nil {
		t.Fatal(err)
	}
	img, err := news.PrepareImage("kart.PNG", b.Bytes())
	if err != nil || img.ContentType != "image/png" || img.Width != 30 || img.Height != 20 {
		t.Fatalf("%+v, %v", img, err)
	}
}
