package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/demo"
	"klyngeportalen/internal/web/webtest"
)

// The demo's owner representative (Bodø) and partner person (Nord universitet).
const (
	ownerEmail   = demo.DemoOwner
	partnerEmail = demo.DemoPartner
)

func idOf(t *testing.T, sql string, args ...any) string {
	t.Helper()
	return strconv.FormatInt(queryInt(t, sql, args...), 10)
}

// The owner's and the partner's front pages show what is opened to their kind, and nothing else.
func TestOwnerAndPartnerFrontPages(t *testing.T) {
	owner := newClient(t).Login(ownerEmail)
	res := owner.Get("/")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("owner front page: %d", res.StatusCode)
	}
	for _, want := range []string{"Velkommen, Eva", "Eiermøte: felles løsninger i nord", "Åpent seminar: forskning på ettersortering",
		"Eierne inviteres til eiermøte", "Eierforum", "Eiermøte med eierkommunene", "Bodø kommune (eier)", "Min konto",
		"Nøkkeltall for selskapene dere eier", "IRIS Salten IKS"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the owner's front page lacks %q", want)
		}
	}
	for _, not := range []string{"Partnerforum", "Seminar: nye krav til utsortering", "Direktørforum", "/medlemmer", "/personer", "/sok", "Varsler",
		"Helgeland Avfallsforedling IKS", "Remiks"} { // companies Bodø does not own
		if strings.Contains(res.Body, not) {
			t.Errorf("the owner's front page shows %q", not)
		}
	}
	if res := owner.Get("/"); res.Queries != 1 { // the session with everything opened to them and their figures
		t.Errorf("the owner's front page made %d round trips, want 1", res.Queries)
	}

	partner := newClient(t).Login(partnerEmail)
	res = partner.Get("/")
	for _, want := range []string{"Åpent seminar: forskning på ettersortering", "Partnerforum", "Ettersortering av restavfall i nord", "Nord universitet"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the partner's front page lacks %q", want)
		}
	}
	for _, not := range []string{"Eiermøte: felles løsninger", "Eierforum", "Eiermøte med eierkommunene", "Felles metode for plukkanalyser"} {
		if strings.Contains(res.Body, not) {
			t.Errorf("the partner's front page shows %q", not)
		}
	}
}

// Owners and partners reach what is opened to their kind by id, and nothing else: every member
// object answers 404, as if it were not there.
func TestGuestsSeeOnlyWhatIsOpenedToThem(t *testing.T) {
	owner := newClient(t).Login(ownerEmail)
	partner := newClient(t).Login(partnerEmail)
	ownerEvent := idOf(t, `SELECT id FROM events WHERE title LIKE 'Eiermøte%'`)
	memberEvent := idOf(t, `SELECT id FROM events WHERE title = 'Seminar: nye krav til utsortering'`)
	groupEvent := idOf(t, `SELECT id FROM events WHERE group_id IS NOT NULL LIMIT 1`)
	openNews := idOf(t, `SELECT id FROM news WHERE open_to <> '{}' LIMIT 1`)
	memberNews := idOf(t, `SELECT id FROM news WHERE open_to = '{}' LIMIT 1`)
	openDoc := idOf(t, `SELECT id FROM documents WHERE open_to <> '{}' LIMIT 1`)
	memberDoc := idOf(t, `SELECT id FROM documents WHERE open_to = '{}' LIMIT 1`)
	ownProject := idOf(t, `SELECT id FROM projects WHERE title LIKE 'Ettersortering%'`)
	otherProject := idOf(t, `SELECT p.id FROM projects p WHERE NOT EXISTS (SELECT 1 FROM project_partners pp
		JOIN partner_organisations o ON o.id = pp.organisation_id WHERE pp.project_id = p.id AND o.slug = 'nord-universitet') LIMIT 1`)
	eierThread := idOf(t, `SELECT t.id FROM forum_threads t JOIN forums f ON f.id = t.forum_id WHERE f.slug = 'eierforum' LIMIT 1`)
	memberThread := idOf(t, `SELECT t.id FROM forum_threads t JOIN forums f ON f.id = t.forum_id WHERE f.open_to = '{}' LIMIT 1`)
	memberForumSlug := ""
	if err := dbtest.Pool(t).QueryRow(t.Context(), `SELECT f.slug FROM forums f JOIN forum_threads t ON t.forum_id = f.id WHERE t.id = $1`, memberThread).Scan(&memberForumSlug); err != nil {
		t.Fatal(err)
	}
	check := func(who string, get func(string) (int, string), path string, want int) {
		t.Helper()
		if got, _ := get(path); got != want {
			t.Errorf("%s GET %s: %d, want %d", who, path, got, want)
		}
	}
	o := func(p string) (int, string) { r := owner.Get(p); return r.StatusCode, r.Body }
	pa := func(p string) (int, string) { r := partner.Get(p); return r.StatusCode, r.Body }
	check("owner", o, "/apent/arrangementer/"+ownerEvent, http.StatusOK)
	check("partner", pa, "/apent/arrangementer/"+ownerEvent, http.StatusNotFound) // opened to owners only
	check("owner", o, "/apent/arrangementer/"+memberEvent, http.StatusNotFound)
	check("owner", o, "/apent/arrangementer/"+groupEvent, http.StatusNotFound)
	check("owner", o, "/apent/arrangementer/"+memberEvent+".ics", http.StatusNotFound)
	check("owner", o, "/apent/nyheter/"+openNews, http.StatusOK)
	check("owner", o, "/apent/nyheter/"+memberNews, http.StatusNotFound)
	check("partner", pa, "/apent/dokumenter/"+openDoc+"/last-ned", http.StatusOK)
	check("owner", o, "/apent/dokumenter/"+memberDoc+"/last-ned", http.StatusNotFound)
	check("partner", pa, "/apent/prosjekter/"+ownProject, http.StatusOK)
	check("partner", pa, "/apent/prosjekter/"+otherProject, http.StatusNotFound)
	check("owner", o, "/apent/prosjekter/"+ownProject, http.StatusNotFound)
	check("owner", o, "/apent/forum/eierforum", http.StatusOK)
	check("owner", o, "/apent/forum/eierforum/"+eierThread, http.StatusOK)
	check("partner", pa, "/apent/forum/eierforum", http.StatusNotFound)
	check("partner", pa, "/apent/forum/eierforum/"+eierThread, http.StatusNotFound)
	check("owner", o, "/apent/forum/"+memberForumSlug, http.StatusNotFound)
	check("owner", o, "/apent/forum/"+memberForumSlug+"/"+memberThread, http.StatusNotFound)
	check("owner", o, "/apent/forum/eierforum/"+memberThread, http.StatusNotFound)
	check("owner", o, "/apent/forum/direktorforum", http.StatusNotFound)
	// A member has the members' pages, not these.
	member := newClient(t).Login("ansatt@haf.example")
	if got := member.Get("/apent/arrangementer/" + ownerEvent).StatusCode; got != http.StatusNotFound {
		t.Errorf("a member on the owners' page: %d", got)
	}
	// Members see the opened event on their own pages too.
	if got := member.Get("/arrangementer/" + ownerEvent).StatusCode; got != http.StatusOK {
		t.Errorf("a member on an event opened to owners: %d", got)
	}
	// Posting to what is not opened changes nothing.
	before := databaseFingerprint(t)
	key := formKeyValue()
	for _, path := range []string{"/apent/forum/" + memberForumSlug + "/ny", "/apent/forum/" + memberForumSlug + "/" + memberThread + "/svar",
		"/apent/arrangementer/" + memberEvent + "/pamelding", "/apent/arrangementer/" + groupEvent + "/pamelding"} {
		if got := owner.PostForm(path, url.Values{"title": {"Hei"}, "body": {"Hei fra eieren"}, "skjema": {key}}).StatusCode; got != http.StatusNotFound {
			t.Errorf("owner POST %s: %d, want 404", path, got)
		}
	}
	if after := databaseFingerprint(t); after != before {
		t.Errorf("posting to hidden objects changed the database:\n%s", diffLines(before, after))
	}
}

// An owner registers for an event opened to owners (no company, so no company cap), gets the
// confirmation mail, is asked before cancelling, and cancels.
func TestOwnerRegistersForAnOpenEvent(t *testing.T) {
	owner := newClient(t).Login(ownerEmail)
	id := idOf(t, `SELECT id FROM events WHERE title LIKE 'Eiermøte%'`)
	path := "/apent/arrangementer/" + id
	if res := owner.Get(path); !strings.Contains(res.Body, "Meld meg på") || !strings.Contains(res.Body, `action="`+path+`/pamelding"`) {
		t.Fatal("no registration form to the owners' address on the owner's event page")
	}
	res := owner.PostForm(path+"/pamelding", url.Values{})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != path {
		t.Fatalf("registration: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if n := queryInt(t, `SELECT count(*) FROM registrations r JOIN users u ON u.id = r.user_id
		WHERE r.event_id = $1 AND u.email = $2 AND r.status = 'confirmed' AND r.company_id IS NULL`, id, ownerEmail); n != 1 {
		t.Fatalf("%d confirmed registrations of the owner", n)
	}
	if n := queryInt(t, `SELECT count(*) FROM mail_outbox WHERE to_address = $1 AND subject LIKE '%Eiermøte%'`, ownerEmail); n != 1 {
		t.Errorf("%d confirmation mails", n)
	}
	if page := owner.Get(path); !strings.Contains(page.Body, "påmeldt") || !strings.Contains(page.Body, `href="`+path+`/avmelding"`) {
		t.Error("the event page does not say the owner is registered, with the way off")
	}
	// The organiser's attendee list names where the owner comes from.
	admin := newClient(t).Login("klyngeleder@remiks.example")
	if list := admin.Get("/arrangementer/" + id + "/deltakere"); !strings.Contains(list.Body, "Bodø kommune (eier)") {
		t.Error("the attendee list does not show the owner's municipality")
	}
	if ask := owner.Get(path + "/avmelding"); ask.StatusCode != http.StatusOK || !strings.Contains(ask.Body, "Vil du melde deg av?") {
		t.Fatalf("cancellation does not ask first: %d", ask.StatusCode)
	}
	if res := owner.PostForm(path+"/avmelding", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancellation: %d", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM registrations r JOIN users u ON u.id = r.user_id
		WHERE r.event_id = $1 AND u.email = $2 AND r.status <> 'cancelled'`, id, ownerEmail); n != 0 {
		t.Errorf("%d live registrations after cancelling", n)
	}
}

var guestFormKey = regexp.MustCompile(`name="skjema" value="([0-9a-f]{32})"`)

// An owner starts a thread and replies in the Eierforum; members read it with the owner's
// municipality beside the name.
func TestOwnerTakesPartInTheEierforum(t *testing.T) {
	owner := newClient(t).Login(ownerEmail)
	page := owner.Get("/apent/forum/eierforum")
	m := guestFormKey.FindStringSubmatch(page.Body)
	if m == nil {
		t.Fatal("no form key on the forum page")
	}
	bad := owner.PostForm("/apent/forum/eierforum/ny", url.Values{"title": {""}, "body": {"Tekst"}, "skjema": {m[1]}})
	if bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, "Tekst") {
		t.Fatalf("an empty title: %d (the body must be kept)", bad.StatusCode)
	}
	res := owner.PostForm("/apent/forum/eierforum/ny", url.Values{"title": {"Spørsmål om felles anskaffelser"}, "body": {"Hvordan samarbeider selskapene om innkjøp?"}, "skjema": {m[1]}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("new thread: %d", res.StatusCode)
	}
	thread := res.Header.Get("Location")
	page = owner.Get(thread)
	m = guestFormKey.FindStringSubmatch(page.Body)
	if page.StatusCode != http.StatusOK || m == nil || !strings.Contains(page.Body, "Hvordan samarbeider selskapene om innkjøp?") {
		t.Fatalf("the thread: %d", page.StatusCode)
	}
	if res := owner.PostForm(thread+"/svar", url.Values{"body": {"Og et oppfølgingsspørsmål."}, "skjema": {m[1]}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reply: %d", res.StatusCode)
	}
	member := newClient(t).Login("ansatt@haf.example")
	memberPath := strings.Replace(thread, "/apent/forum/", "/forum/", 1)
	if got := member.Get(memberPath); got.StatusCode != http.StatusOK || !strings.Contains(got.Body, "Bodø kommune") || !strings.Contains(got.Body, "Og et oppfølgingsspørsmål.") {
		t.Errorf("a member reading the owner's thread: %d", got.StatusCode)
	}
}

// The account page: the password changes under the throttle, with the fields checked.
func TestGuestAccount(t *testing.T) {
	partner := newClient(t).Login(partnerEmail)
	if res := partner.Get("/apent/konto"); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, partnerEmail) || !strings.Contains(res.Body, "Nord universitet") {
		t.Fatalf("account page: %d", res.StatusCode)
	}
	res := partner.PostForm("/apent/konto/passord", url.Values{"current_password": {"feil-passord-123"}, "new_password": {"et-nytt-langt-passord"}, "new_password2": {"et-nytt-langt-passord"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Nåværende passord er feil.") {
		t.Fatalf("wrong current password: %d", res.StatusCode)
	}
	// The same change as the members' (/meg/passord), back to the guests' account page.
	res = partner.PostForm("/apent/konto/passord", url.Values{"current_password": {webtest.DemoPassword}, "new_password": {newPassword}, "new_password2": {"ikke-det-samme-passordet"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Passordene er ikke like.") || !strings.Contains(res.Body, "Nord universitet") {
		t.Fatalf("unequal new passwords: %d", res.StatusCode)
	}
	t.Cleanup(func() { // the demo password again, for the other tests (the form refuses it as too common)
		if _, err := dbtest.Pool(t).Exec(context.Background(), `UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE email = 'ansatt@las.example') WHERE email = $1`, partnerEmail); err != nil {
			t.Error(err)
		}
	})
	res = partner.PostForm("/apent/konto/passord", url.Values{"current_password": {webtest.DemoPassword}, "new_password": {newPassword}, "new_password2": {newPassword}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/apent/konto" {
		t.Fatalf("change: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
}

// The organisers open an event, a news item, a document and an årshjul activity to owners and/or
// partners in their own forms; one restricted to a group cannot be opened.
func TestOpeningToOwnersAndPartnersFromTheForms(t *testing.T) {
	admin := newClient(t).Login("klyngeleder@remiks.example")
	ev := eventForm("Eierseminar fra skjemaet")
	ev["open_to"] = []string{"owner", "partner"}
	ev.Set("group_id", idOf(t, `SELECT id FROM groups WHERE slug = 'styringsgruppen'`))
	if res := admin.PostForm("/arrangementer/nytt", ev); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "kan ikke åpnes for eiere") {
		t.Fatalf("a group's event opened to owners: %d", res.StatusCode)
	}
	ev.Del("group_id")
	res := admin.PostForm("/arrangementer/nytt", ev)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("new event: %d", res.StatusCode)
	}
	eventPath := res.Header.Get("Location")
	if res := admin.PostForm(eventPath+"/publiser", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	if edit := admin.Get(eventPath + "/rediger"); !strings.Contains(edit.Body, `value="owner" checked`) {
		t.Error("the edit form does not show the event as opened to owners")
	}
	if page := admin.Get(eventPath); !strings.Contains(page.Body, "eierrepresentanter og samarbeidspartnere") {
		t.Error("the event page does not say whom it is opened to")
	}
	if res := postNews(t, admin, map[string]string{"kind": "news", "title": "Nyhet til partnerne", "ingress": "Et samarbeid som er verdt å dele.", "body": "Tekst.", "open_to": "partner"}, "", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("news: %d", res.StatusCode)
	}
	if res := admin.PostForm("/arshjul/aktivitet/ny", url.Values{"title": {"Eiermøte fra skjemaet"}, "focus_area": {"1"}, "starts_on": {"2031-05-05"},
		"ends_on": {"2031-05-05"}, "status": {"planlagt"}, "open_to": {"owner"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("activity: %d", res.StatusCode)
	}
	if res := admin.PostForm("/arshjul/aktivitet/ny", url.Values{"title": {"Smuglet"}, "focus_area": {"1"}, "starts_on": {"2031-05-05"},
		"ends_on": {"2031-05-05"}, "status": {"planlagt"}, "open_to": {"alle"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("an unknown kind to open to: %d", res.StatusCode)
	}
	shared := admin.Do(uploadRequest(t, "/dokumenter", url.Values{"title": {"Delt med partnerne"}, "open_to": {"partner"}}, "delt.txt",
		strings.NewReader("Til partnerne\n")))
	if shared.StatusCode != http.StatusSeeOther {
		t.Fatalf("a shared document: %d", shared.StatusCode)
	}
	docID := strings.TrimPrefix(shared.Header.Get("Location"), "/dokumenter/")
	owner := newClient(t).Login(ownerEmail)
	if got := owner.Get("/apent/dokumenter/" + docID + "/last-ned").StatusCode; got != http.StatusNotFound {
		t.Errorf("the owner downloads a document shared with partners only: %d", got)
	}
	front := owner.Get("/")
	for _, want := range []string{"Eierseminar fra skjemaet", "Eiermøte fra skjemaet"} {
		if !strings.Contains(front.Body, want) {
			t.Errorf("the owner's front page lacks %q", want)
		}
	}
	if strings.Contains(front.Body, "Nyhet til partnerne") {
		t.Error("the owner sees news opened to partners only")
	}
	partner := newClient(t).Login(partnerEmail)
	if got := partner.Get("/apent/dokumenter/" + docID + "/last-ned"); got.StatusCode != http.StatusOK || got.Body != "Til partnerne\n" {
		t.Errorf("the partner downloads the shared document: %d", got.StatusCode)
	}
	front = partner.Get("/")
	for _, want := range []string{"Eierseminar fra skjemaet", "Nyhet til partnerne", "Delt med partnerne"} {
		if !strings.Contains(front.Body, want) {
			t.Errorf("the partner's front page lacks %q", want)
		}
	}
	if strings.Contains(front.Body, "Eiermøte fra skjemaet") {
		t.Error("the partner sees an activity opened to owners only")
	}
}

// A link from a mail to a member page of an event (or news, a document, a forum, a project)
// sends an owner to their own page of it; the members' pages stay closed.
func TestMailLinksSendGuestsToTheirOwnPages(t *testing.T) {
	owner := newClient(t).Login(ownerEmail)
	id := idOf(t, `SELECT id FROM events WHERE title LIKE 'Eiermøte%'`)
	res := owner.Get("/arrangementer/" + id)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/apent/arrangementer/"+id {
		t.Fatalf("an owner on the member event page: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res := owner.Get("/meg"); res.Header.Get("Location") != "/apent/konto" {
		t.Errorf("/meg: %q", res.Header.Get("Location"))
	}
	for _, p := range []string{"/medlemmer", "/personer/1", "/arrangementer", "/nokkeltall"} {
		if got := owner.Get(p).StatusCode; got != http.StatusNotFound {
			t.Errorf("an owner on %s: %d", p, got)
		}
	}
}

// An owner turns the monthly newsletter off and on from the account page; a partner has none.
func TestOwnerTurnsTheNewsletterOffAndOn(t *testing.T) {
	owner := newClient(t).Login(ownerEmail)
	if page := owner.Get("/apent/konto"); !strings.Contains(page.Body, "Meld meg av nyhetsbrevet") {
		t.Fatal("the owner's account page has no newsletter choice")
	}
	if res := owner.PostForm("/apent/konto/nyhetsbrev", url.Values{"on": {"nei"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("off: %d", res.StatusCode)
	}
	if n := queryInt(t, `SELECT count(*) FROM owner_newsletter_optouts o JOIN users u ON u.id = o.user_id WHERE u.email = $1`, ownerEmail); n != 1 {
		t.Fatalf("%d opt-outs after turning it off", n)
	}
	if page := owner.Get("/apent/konto"); !strings.Contains(page.Body, "Meld meg på nyhetsbrevet") {
		t.Error("the page does not offer to turn it on again")
	}
	owner.PostForm("/apent/konto/nyhetsbrev", url.Values{"on": {"ja"}})
	if n := queryInt(t, `SELECT count(*) FROM owner_newsletter_optouts o JOIN users u ON u.id = o.user_id WHERE u.email = $1`, ownerEmail); n != 0 {
		t.Errorf("%d opt-outs after turning it on", n)
	}
	partner := newClient(t).Login(partnerEmail)
	if strings.Contains(partner.Get("/apent/konto").Body, "Nyhetsbrev") {
		t.Error("a partner is offered the owners' newsletter")
	}
	if res := partner.PostForm("/apent/konto/nyhetsbrev", url.Values{"on": {"nei"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("a partner setting the newsletter: %d", res.StatusCode)
	}
}
