package e2e

import (
	"context"
	"crypto/rand"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"klyngeportalen/internal/database/dbtest"
)

// A member turns on the second factor on /meg, keeps the recovery codes, and logs in again with
// a code from the app. Every page of the flow is checked with axe.
func TestSecondFactorJourney(t *testing.T) {
	email := "tofaktor-" + strings.ToLower(rand.Text()[:8]) + "@las.example"
	if _, err := dbtest.Pool(t).Exec(context.Background(), `
		INSERT INTO users (company_id, email, name, password_hash)
		SELECT company_id, $1, 'Tofaktor Testesen', password_hash FROM users WHERE email = 'ansatt@las.example'`, email); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	b.login(email)
	b.open("/meg")
	b.run(chromedp.Click(`main a[href="/meg/tofaktor"]`))
	b.waitFor(`location.pathname === "/meg/tofaktor" && document.readyState === "complete"`)
	b.checkAccessibility("tofaktor av")
	b.run(chromedp.Click(`form[action="/meg/tofaktor/start"] button`))
	b.waitFor(`!!document.querySelector(".totp-secret") && document.readyState === "complete"`)
	b.checkAccessibility("tofaktor oppsett")
	b.checkClean("tofaktor oppsett")
	secret := strings.ReplaceAll(eval[string](b, `document.querySelector(".totp-secret").textContent`), " ", "")
	code, err := totp.GenerateCode(secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	b.run(chromedp.SendKeys("#code", code), chromedp.Submit("#code"))
	b.waitFor(`location.pathname === "/meg/tofaktor/koder" && document.readyState === "complete"`)
	if n := eval[int](b, `document.querySelectorAll(".recovery-codes li").length`); n != 10 {
		t.Fatalf("%d recovery codes shown, want 10", n)
	}
	b.checkAccessibility("gjenopprettingskoder")
	b.open("/meg/tofaktor")
	b.checkAccessibility("tofaktor på")

	b.run(chromedp.Click(`.site-user button`), chromedp.WaitVisible(`form[action="/logg-inn"]`))
	b.open("/logg-inn")
	b.run(chromedp.SendKeys("#email", email), chromedp.SendKeys("#password", "klynge-demo-2026"), chromedp.Submit("#password"))
	b.waitFor(`location.pathname === "/logg-inn/kode" && document.readyState === "complete"`)
	b.checkAccessibility("engangskode")
	b.checkClean("engangskode")
	code, _ = totp.GenerateCode(secret, time.Now().Add(30*time.Second)) // the enrolment's code works once; the app's next one is accepted early
	b.run(chromedp.SendKeys("#code", code), chromedp.Submit("#code"), chromedp.WaitVisible(".site-user"))
	if path := eval[string](b, `location.pathname`); path != "/" {
		t.Fatalf("after the code: at %s, want /", path)
	}
}
