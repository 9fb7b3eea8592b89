package web_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"klyngeportalen/internal/web/webtest"
)

// photoRequest posts a file as the profile photo form does.
func photoRequest(t *testing.T, filename string, data []byte) *http.Request {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("bilde", filename)
	_, _ = fw.Write(data)
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, webtest.Origin+"/meg/bilde", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", webtest.Origin)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return req
}

func photoPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 120, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A profile photo is checked by its content, re-encoded to fixed small squares, served to
// members and shown beside the author's name in threads; without one, initials show.
func TestProfilePhoto(t *testing.T) {
	email, uid := namedUser(t, "las", "Bente Bildesen")
	c := newClient(t).Login(email)
	thread := startThread(t, c, "generelt", "Tråd med profilbilde", "Hei.")
	page := c.Get(thread)
	if !strings.Contains(page.Body, `aria-hidden="true">BB</span>`) || !strings.Contains(page.Body, fmt.Sprintf(`href="/personer/%d"`, uid)) {
		t.Error("without a photo the thread does not show the initials and a link to the author")
	}
	for name, data := range map[string][]byte{"bilde.png": []byte("ikke et bilde i det hele tatt"), "bilde.jpg": photoPNG(t, 20, 20)} {
		if res := c.Do(photoRequest(t, name, data)); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="bilde-feil"`) {
			t.Errorf("%s refused? status %d", name, res.StatusCode)
		}
	}
	if res := c.Do(photoRequest(t, "meg.png", photoPNG(t, 300, 200))); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: status %d", res.StatusCode)
	}
	other := newClient(t).Login("ansatt@hrs.example")
	for size, want := range map[string]int{"48": 48, "160": 160} {
		res := other.Get(fmt.Sprintf("/profilbilde/%d/%s", uid, size))
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/jpeg" {
			t.Fatalf("photo %s: status %d, type %q", size, res.StatusCode, res.Header.Get("Content-Type"))
		}
		cfg, err := jpeg.DecodeConfig(strings.NewReader(res.Body))
		if err != nil || cfg.Width != want || cfg.Height != want {
			t.Errorf("photo %s: %dx%d (%v), want a %d px square JPEG", size, cfg.Width, cfg.Height, err, want)
		}
	}
	if res := other.Get(fmt.Sprintf("/profilbilde/%d/100", uid)); res.StatusCode != http.StatusNotFound {
		t.Errorf("a size not offered: status %d, want 404", res.StatusCode)
	}
	if res := newClient(t).Get(fmt.Sprintf("/profilbilde/%d/48", uid)); res.StatusCode == http.StatusOK {
		t.Error("a photo is served to someone not signed in")
	}
	if body := other.Get(thread).Body; !strings.Contains(body, fmt.Sprintf(`src="/profilbilde/%d/48?v=`, uid)) {
		t.Error("the thread does not show the author's photo")
	}
	if res := c.PostForm("/meg/bilde/slett", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: status %d", res.StatusCode)
	}
	if res := other.Get(fmt.Sprintf("/profilbilde/%d/48", uid)); res.StatusCode != http.StatusNotFound {
		t.Errorf("a removed photo is still served: status %d", res.StatusCode)
	}
}

// The directory list and the person page show the person's photo (the list the 48 px version,
// the page the 160 px one), initials without one, and a photo adds no query to either page.
func TestPhotosInTheDirectory(t *testing.T) {
	email, uid := namedUser(t, "reno-vest", "Fotine Katalogsen")
	owner := newClient(t).Login(email)
	viewer := newClient(t).Login("ansatt@hrs.example")
	list := "/personer?q=Fotine+Katalogsen"
	page := fmt.Sprintf("/personer/%d", uid)
	small := fmt.Sprintf(`src="/profilbilde/%d/48?v=`, uid)
	large := fmt.Sprintf(`src="/profilbilde/%d/160?v=`, uid)

	before := map[string]int64{}
	for _, p := range []string{list, page} {
		res := coldGet(t, viewer, p)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: status %d", p, res.StatusCode)
		}
		if !strings.Contains(res.Body, `aria-hidden="true">FK</span>`) || strings.Contains(res.Body, "/profilbilde/") {
			t.Errorf("GET %s without a photo: want the initials FK and no photo", p)
		}
		before[p] = res.Queries
	}
	if res := owner.Do(photoRequest(t, "meg.png", photoPNG(t, 200, 200))); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: status %d", res.StatusCode)
	}
	for p, want := range map[string]string{list: small, page: large} {
		res := coldGet(t, viewer, p)
		if !strings.Contains(res.Body, want) {
			t.Errorf("GET %s: the photo %s… is not shown", p, want)
		}
		if strings.Contains(res.Body, `aria-hidden="true">FK</span>`) {
			t.Errorf("GET %s: the initials show beside the photo", p)
		}
		if res.Queries != before[p] {
			t.Errorf("GET %s: %d queries with a photo, %d without", p, res.Queries, before[p])
		}
	}
	// The photo's address works for the viewer.
	if res := viewer.Get(fmt.Sprintf("/profilbilde/%d/160", uid)); res.StatusCode != http.StatusOK {
		t.Errorf("the person page's photo: status %d", res.StatusCode)
	}
}
