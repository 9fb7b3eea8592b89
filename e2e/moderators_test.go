package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The cluster leader appoints a moderator of a forum from the administration; the forum page
// then names the moderator, and the appointment is in the audit log.
func TestClusterLeaderAppointsAModerator(t *testing.T) {
	b := newBrowser(t)
	b.login("klyngeleder@remiks.example")
	const page = "/admin/forum/ombruk-og-sirkularokonomi/moderatorer"
	b.open("/admin")
	b.run(chromedp.Click(`a[href="` + page + `"]`))
	b.waitFor(`location.pathname === "` + page + `" && document.readyState === "complete"`)

	// Submitting without a choice shows the error beside the field.
	b.run(chromedp.Submit("#user_id"), chromedp.WaitVisible(".ds-error-summary"))
	if n := eval[int](b, `document.querySelectorAll("[aria-invalid=true]").length`); n != 1 {
		t.Errorf("%d fields marked invalid, want the person", n)
	}
	b.checkAccessibility("moderator uten valg")

	value := eval[string](b, `document.querySelector('#user_id option:not([value=""])').value`)
	label := eval[string](b, `document.querySelector('#user_id option:not([value=""])').textContent`)
	name := strings.TrimSpace(label[:strings.Index(label, " (")])
	b.run(chromedp.SetValue("#user_id", value), chromedp.Submit("#user_id"))
	b.waitFor(`!!document.querySelector('.ds-alert[data-color="success"]') && document.readyState === "complete"`)
	if listed := eval[string](b, `document.querySelector(".people")?.textContent ?? ""`); !strings.Contains(listed, name) {
		t.Fatalf("the moderators list does not name %q: %q", name, listed)
	}
	b.checkAccessibility("moderator utnevnt")

	b.open("/forum/ombruk-og-sirkularokonomi")
	if line := eval[string](b, `document.querySelector(".forum-moderators").textContent`); !strings.Contains(line, name) {
		t.Errorf("the forum page does not name the moderator: %q", line)
	}
	b.open("/admin/logg")
	if log := eval[string](b, `document.querySelector("tbody").textContent`); !strings.Contains(log, "Utnevnte moderator") {
		t.Error("the appointment is not in the audit log")
	}
	b.checkClean("moderatorreisen")
}
