package e2e

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// tabStops counts the keyboard stops of the page in order up to the element matching target:
// from the top, and from the last post's article.
const tabStopsJS = `(() => {
	const all = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]')]
		.filter(e => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden');
	const body = all.indexOf(document.querySelector('#body'));
	const posts = document.querySelectorAll('.post');
	const last = posts[posts.length - 1];
	const afterLast = all.findIndex(e => !last.contains(e) && (last.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING));
	const svar = all.indexOf(document.querySelector('.thread-top a[href="#svar"]'));
	return [body + 1, body - afterLast + 1, svar + 1];
})()`

// A member writes in a thread: the composer right after the last post, the @ list choosing a
// colleague, a preview from the server, the reply published with the mention as a link; then
// thanks a post, and sets a profile photo that shows beside their posts.
func TestForumComposerMentionsReactionsAndPhoto(t *testing.T) {
	b := newBrowser(t)
	b.login("ansatt@las.example")
	const thread = "/forum/plukkanalyser/1"
	b.open(thread)
	stops := eval[[]int](b, tabStopsJS)
	t.Logf("tab stops to the composer's text: %d from the top of the page, %d from the last post; the Svar link is stop %d, and one Tab after it the text", stops[0], stops[1], stops[2])
	if stops[1] > 8 {
		t.Errorf("%d tab stops from the last post to the composer, want a few", stops[1])
	}
	// The Svar link at the top jumps to the composer.
	b.run(chromedp.Click(`.thread-top a[href="#svar"]`))
	b.waitFor(`location.hash === "#svar"`)

	// The @ list: type the start of a colleague's name and choose with the keyboard.
	author := eval[string](b, `document.querySelector('#innlegg-1 .post__author').textContent.trim()`)
	who := eval[[]any](b, `fetch("/forum/plukkanalyser/personer?q=`+strings.Fields(author)[0]+`").then(r => r.json()).then(l => [l[0].id, l[0].name])`)
	id, name := int(who[0].(float64)), who[1].(string)
	prefix := strings.Fields(name)[0]
	b.run(chromedp.SendKeys("#body", "Takk for tipset, @"+prefix[:4]))
	b.waitFor(`!!document.querySelector('.mention-list [role=option]')`)
	b.checkAccessibility("forumtråd med @-liste")
	b.run(chromedp.SendKeys("#body", kb.Enter))
	text := eval[string](b, `document.querySelector("#body").value`)
	if !strings.Contains(text, "@[") || !strings.Contains(text, ")") {
		t.Fatalf("the @ list did not write the chosen person: %q", text)
	}
	b.run(chromedp.SendKeys("#body", "vi prøver **metoden** neste uke."))
	b.run(chromedp.Click(`button[formaction$="?handling=forhandsvis"]`))
	b.waitFor(`!!document.querySelector('#forhandsvisning') && document.readyState === "complete"`)
	if html := eval[string](b, `document.querySelector('.composer__preview').innerHTML`); !strings.Contains(html, "<strong>metoden</strong>") || !strings.Contains(html, "/personer/") {
		t.Errorf("the preview does not render the text and the mention: %s", html)
	}
	b.checkAccessibility("forhåndsvisning")
	b.run(chromedp.EmulateViewport(390, 844))
	b.screenshot("forum-forhandsvisning-mobil")
	if wide := eval[bool](b, `document.documentElement.scrollWidth > window.innerWidth`); wide {
		t.Error("the thread with the composer scrolls sideways on a phone")
	}
	b.checkAccessibility("forhåndsvisning (mobil)")
	b.run(chromedp.EmulateViewport(1280, 900))
	b.screenshot("forum-forhandsvisning")

	b.run(chromedp.Click(`.composer button[data-variant="primary"]`))
	b.waitFor(`document.readyState === "complete" && !!document.querySelector('.ds-alert[data-color="success"]')`)
	if link := eval[bool](b, `[...document.querySelectorAll('.post__body a')].some(a => a.getAttribute('href') === '/personer/`+itoa(id)+`')`); !link {
		t.Error("the published reply does not link the mentioned person")
	}

	// Takk on someone else's post: the count and the name show.
	b.run(chromedp.Click(`#innlegg-1 .post__reactions button[aria-pressed="false"]`))
	b.waitFor(`document.readyState === "complete" && !!document.querySelector('#innlegg-1 button[aria-pressed="true"]')`)
	if txt := eval[string](b, `document.querySelector('#innlegg-1 .post__reactions').textContent`); !strings.Contains(txt, "Takk (") || !strings.Contains(txt, "Takk fra") {
		t.Errorf("the reaction does not show its count and who reacted: %q", txt)
	}

	// A profile photo on /meg, shown beside the reply.
	dir := t.TempDir()
	photo := filepath.Join(dir, "meg.png")
	if err := os.WriteFile(photo, photoPNG(), 0o644); err != nil {
		t.Fatal(err)
	}
	b.open("/meg")
	b.run(chromedp.SetUploadFiles("#bilde", []string{photo}), chromedp.Click(`form[action="/meg/bilde"] button`))
	b.waitFor(`document.readyState === "complete" && !!document.querySelector('.avatar-preview img')`)
	b.checkAccessibility("min side med profilbilde")
	b.open(thread + "?fra=1")
	if n := eval[int](b, `document.querySelectorAll('.post__header img.avatar').length`); n == 0 {
		t.Error("the thread shows no profile photo beside the reply")
	}
	b.screenshot("forum-trad-med-bilde")
	b.open("/forum/siste")
	b.checkAccessibility("siste")
	b.open("/varsler")
	b.checkAccessibility("varsler")
	b.checkClean("forumskriving")
}

func itoa(n int) string {
	var b []byte
	for n > 0 || len(b) == 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

func photoPNG() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 120, 90))
	for x := range 120 {
		for y := range 90 {
			img.Set(x, y, color.RGBA{uint8(2 * x), uint8(2 * y), 150, 255})
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}
