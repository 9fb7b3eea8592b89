package guests_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/guests"
	"klyngeportalen/internal/privacy"
	"klyngeportalen/internal/tz"
)

const baseURL = "https://portal.example"

// outboxed is a newsletter in the outbox.
type outboxed struct {
	To, Subject, Body, Unsubscribe string
}

// newsletters returns the newsletters in the outbox to the given addresses, by address.
func newsletters(t *testing.T, to ...string) map[string][]outboxed {
	t.Helper()
	rows, err := dbtest.Pool(t).Query(context.Background(), `SELECT to_address, subject, body, unsubscribe_url FROM mail_outbox
		WHERE to_address = ANY($1) AND subject LIKE 'Månedsbrev%' ORDER BY id`, to)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][]outboxed{}
	for rows.Next() {
		var m outboxed
		if err := rows.Scan(&m.To, &m.Subject, &m.Body, &m.Unsubscribe); err != nil {
			t.Fatal(err)
		}
		out[m.To] = append(out[m.To], m)
	}
	return out
}

func (f fixture) everyone() []string {
	return []string{f.Owner, f.SSOOwner, f.Invited, f.Inactive, f.OptedOut, f.Partner, f.Member}
}

// The newsletter has the news and the coming events opened to owners (not the members-only
// ones, drafts, old news or far-off events) and the submitted figures of the companies the
// owner's municipality owns (not another's, not a draft), with the report's year.
func TestNewsletterContents(t *testing.T) {
	f := newFixture(t, "inn")
	pool := dbtest.Pool(t)
	now := time.Date(2031, time.March, 2, 10, 0, 0, 0, tz.Oslo)
	news := func(title string, openTo []string, at time.Time) int64 {
		return id(t, pool, `INSERT INTO news (title, ingress, open_to, published_at) VALUES ($1, 'Ingress til '||$1, $2, $3) RETURNING id`, title, openTo, at)
	}
	event := func(title string, openTo []string, status string, at time.Time) int64 {
		return id(t, pool, `INSERT INTO events (title, kind, starts_at, ends_at, status, open_to, place)
			VALUES ($1, 'seminar', $2::timestamptz, $2::timestamptz + interval '2 hours', $3, $4, 'Bodø rådhus') RETURNING id`, title, at, status, openTo)
	}
	owners := []string{"owner"}
	inNews := news("Eiermøte i mars", owners, now.AddDate(0, 0, -1))
	lastMonth := news("Årsrapport for eierne", owners, time.Date(2031, time.February, 1, 0, 30, 0, 0, tz.Oslo))
	news("Bare for medlemmer", []string{}, now.AddDate(0, 0, -1))
	news("Bare for partnere", []string{"partner"}, now.AddDate(0, 0, -1))
	news("Gammel eiernyhet", owners, time.Date(2031, time.January, 31, 23, 0, 0, 0, tz.Oslo))
	news("Ikke publisert ennå", owners, now.Add(time.Hour))
	inEvent := event("Eierseminar om gjenvinning", owners, "published", now.AddDate(0, 0, 10))
	event("Medlemsverksted", []string{}, "published", now.AddDate(0, 0, 10))
	event("Eiermøte i kladd", owners, "draft", now.AddDate(0, 0, 10))
	event("Avlyst eiermøte", owners, "cancelled", now.AddDate(0, 0, 10))
	event("Eiermøte til høsten", owners, "published", now.AddDate(0, 0, 90))
	event("Eiermøte som var", owners, "published", now.AddDate(0, 0, -3))
	groupEvent := event("Direktørmøte for eiere", owners, "published", now.AddDate(0, 0, 12))
	exec(t, pool, `UPDATE events SET group_id = (SELECT id FROM groups ORDER BY id LIMIT 1) WHERE id = $1`, groupEvent)

	if _, err := guests.NewStore(pool).SendNewsletters(context.Background(), now, baseURL); err != nil {
		t.Fatal(err)
	}
	got := newsletters(t, f.Owner)[f.Owner]
	if len(got) != 1 {
		t.Fatalf("%d newsletters to the owner, want 1", len(got))
	}
	m := got[0]
	if m.Subject != "Månedsbrev fra Avfallsklynge Nord – mars 2031" {
		t.Errorf("subject %q", m.Subject)
	}
	for _, want := range []string{
		"Hei Eier eier,", f.Municipality,
		"Eiermøte i mars", "Ingress til Eiermøte i mars", baseURL + "/apent/nyheter/" + strconv.FormatInt(inNews, 10),
		"Årsrapport for eierne", baseURL + "/apent/nyheter/" + strconv.FormatInt(lastMonth, 10),
		"Eierseminar om gjenvinning", "12. mars 2031 kl. 10.00, Bodø rådhus", baseURL + "/apent/arrangementer/" + strconv.FormatInt(inEvent, 10),
		f.AName + ", innsendte nøkkeltall for 2024:", "- Restavfall inn: 12\u00a0345,6 tonn",
		m.Unsubscribe,
	} {
		if !strings.Contains(m.Body, want) {
			t.Errorf("the newsletter lacks %q:\n%s", want, m.Body)
		}
	}
	for _, not := range []string{"Bare for medlemmer", "Bare for partnere", "Gammel eiernyhet", "Ikke publisert ennå",
		"Medlemsverksted", "Eiermøte i kladd", "Avlyst eiermøte", "Eiermøte til høsten", "Eiermøte som var", "Direktørmøte for eiere",
		f.BName, "77\u00a0777,7", "99\u00a0999,9", "11\u00a0111,1", "2025"} {
		if strings.Contains(m.Body, not) {
			t.Errorf("the newsletter has %q:\n%s", not, m.Body)
		}
	}
	if !strings.HasPrefix(m.Unsubscribe, baseURL+"/nyhetsbrev/avmeld/") || len(m.Unsubscribe) != len(baseURL+"/nyhetsbrev/avmeld/")+43 {
		t.Errorf("unsubscribe address %q", m.Unsubscribe)
	}
}

// Only active owner representatives who have accepted the invitation and not said no get it;
// each gets one a month, however often and on however many instances it runs; none before
// 08.00 on the 1st; the next month's comes in the next month.
func TestNewsletterGoesOncePerMonthToAcceptedOwnersOnly(t *testing.T) {
	f := newFixture(t, "mnd")
	s := guests.NewStore(dbtest.Pool(t))
	ctx := context.Background()

	early := time.Date(2032, time.May, 1, 7, 59, 0, 0, tz.Oslo)
	if n, err := s.SendNewsletters(ctx, early, baseURL); err != nil || n != 0 {
		t.Fatalf("before 08.00 on the 1st: %d sent, %v", n, err)
	}
	if got := newsletters(t, f.everyone()...); len(got) != 0 {
		t.Fatalf("sent before 08.00 on the 1st: %v", got)
	}

	at := time.Date(2032, time.May, 1, 8, 0, 0, 0, tz.Oslo)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 { // four instances at once
		wg.Go(func() {
			if _, err := s.SendNewsletters(ctx, at, baseURL); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if _, err := s.SendNewsletters(ctx, at.Add(time.Hour), baseURL); err != nil {
		t.Fatal(err)
	}
	got := newsletters(t, f.everyone()...)
	for _, who := range []string{f.Owner, f.SSOOwner} {
		if len(got[who]) != 1 {
			t.Errorf("%s got %d newsletters in May, want 1", who, len(got[who]))
		}
	}
	for _, who := range []string{f.Invited, f.Inactive, f.OptedOut, f.Partner, f.Member} {
		if len(got[who]) != 0 {
			t.Errorf("%s got a newsletter", who)
		}
	}

	if _, err := s.SendNewsletters(ctx, time.Date(2032, time.June, 15, 12, 0, 0, 0, tz.Oslo), baseURL); err != nil {
		t.Fatal(err)
	}
	got = newsletters(t, f.Owner)
	if len(got[f.Owner]) != 2 || !strings.HasSuffix(got[f.Owner][1].Subject, "juni 2032") {
		t.Errorf("after June: %+v", got[f.Owner])
	}
	if got[f.Owner][0].Unsubscribe == got[f.Owner][1].Unsubscribe {
		t.Error("two months' newsletters share an unsubscribe token")
	}
}

// The link in a newsletter unsubscribes its holder and nobody else: the next month brings them
// no newsletter, while the other owners still get theirs. Unknown tokens are not found.
func TestUnsubscribeByTheNewslettersToken(t *testing.T) {
	f := newFixture(t, "avm")
	s := guests.NewStore(dbtest.Pool(t))
	ctx := context.Background()
	if _, err := s.SendNewsletters(ctx, time.Date(2033, time.September, 3, 9, 0, 0, 0, tz.Oslo), baseURL); err != nil {
		t.Fatal(err)
	}
	got := newsletters(t, f.Owner)[f.Owner]
	if len(got) != 1 {
		t.Fatalf("%d newsletters", len(got))
	}
	token := got[0].Unsubscribe[strings.LastIndexByte(got[0].Unsubscribe, '/')+1:]

	if done, err := s.UnsubscribeStatus(ctx, token); err != nil || done {
		t.Fatalf("before: unsubscribed %v, %v", done, err)
	}
	for range 2 { // twice is fine
		if err := s.Unsubscribe(ctx, token); err != nil {
			t.Fatal(err)
		}
	}
	if done, err := s.UnsubscribeStatus(ctx, token); err != nil || !done {
		t.Fatalf("after: unsubscribed %v, %v", done, err)
	}
	for _, bad := range []string{"", "x", strings.Repeat("A", 43), token[:42], token + "A", token[:42] + "!", "1"} {
		if err := s.Unsubscribe(ctx, bad); !errors.Is(err, guests.ErrNotFound) {
			t.Errorf("token %q: %v, want ErrNotFound", bad, err)
		}
		if _, err := s.UnsubscribeStatus(ctx, bad); !errors.Is(err, guests.ErrNotFound) {
			t.Errorf("status of token %q: %v, want ErrNotFound", bad, err)
		}
		if err := s.Resubscribe(ctx, bad); !errors.Is(err, guests.ErrNotFound) {
			t.Errorf("resubscribe with token %q: %v, want ErrNotFound", bad, err)
		}
	}

	if _, err := s.SendNewsletters(ctx, time.Date(2033, time.October, 1, 9, 0, 0, 0, tz.Oslo), baseURL); err != nil {
		t.Fatal(err)
	}
	after := newsletters(t, f.Owner, f.SSOOwner)
	if len(after[f.Owner]) != 1 {
		t.Errorf("the unsubscribed owner has %d newsletters, want only September's", len(after[f.Owner]))
	}
	if len(after[f.SSOOwner]) != 2 {
		t.Errorf("the other owner has %d newsletters, want September's and October's", len(after[f.SSOOwner]))
	}

	// Taken back by the same link: November's comes again; the owner who said no otherwise stays out.
	if err := s.Resubscribe(ctx, token); err != nil {
		t.Fatal(err)
	}
	if done, err := s.UnsubscribeStatus(ctx, token); err != nil || done {
		t.Fatalf("after taking it back: unsubscribed %v, %v", done, err)
	}
	if _, err := s.SendNewsletters(ctx, time.Date(2033, time.November, 1, 9, 0, 0, 0, tz.Oslo), baseURL); err != nil {
		t.Fatal(err)
	}
	if got := newsletters(t, f.Owner, f.OptedOut); len(got[f.Owner]) != 2 || len(got[f.OptedOut]) != 0 {
		t.Errorf("after taking it back: %d newsletters to the owner (want 2), %d to the one who said no", len(got[f.Owner]), len(got[f.OptedOut]))
	}
}

// A person whose newsletter the outbox refuses (an address the database took but no mail
// server would) holds back nobody else: the round reports the failure and sends the rest.
func TestNewsletterFailureHoldsBackNobodyElse(t *testing.T) {
	pool := dbtest.Pool(t)
	exec(t, pool, `INSERT INTO users (company_id, email, name, kind, municipality, password_hash)
		VALUES (NULL, '"sitert"@kommune.test', 'Eier Sitert', 'owner', 'Feilkommune', '$argon2id$x')`)
	t.Cleanup(func() { exec(t, pool, `UPDATE users SET active = false WHERE email = '"sitert"@kommune.test'`) })
	f := newFixture(t, "feil") // its owners come after the refused one
	s := guests.NewStore(pool)
	n, err := s.SendNewsletters(context.Background(), time.Date(2034, time.February, 1, 12, 0, 0, 0, tz.Oslo), baseURL)
	if err == nil {
		t.Error("the refused newsletter is not reported")
	}
	if n < 2 {
		t.Errorf("%d sent", n)
	}
	if got := newsletters(t, f.Owner, f.SSOOwner); len(got[f.Owner]) != 1 || len(got[f.SSOOwner]) != 1 {
		t.Errorf("the owners after the refused one: %v", got)
	}
	var recorded int
	if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM owner_newsletter_sends s JOIN users u ON u.id = s.user_id
		WHERE u.email = '"sitert"@kommune.test'`).Scan(&recorded); err != nil || recorded != 0 {
		t.Errorf("the refused newsletter is recorded as sent (%d, %v): it would never be tried again", recorded, err)
	}
}

// Anonymising a former owner representative removes their newsletter rows: the months sent (with
// the tokens' hashes) and the no.
func TestAnonymisingRemovesTheNewsletterRows(t *testing.T) {
	f := newFixture(t, "anon")
	pool := dbtest.Pool(t)
	ctx := context.Background()
	if _, err := guests.NewStore(pool).SendNewsletters(ctx, time.Date(2035, time.April, 2, 9, 0, 0, 0, tz.Oslo), baseURL); err != nil {
		t.Fatal(err)
	}
	exec(t, pool, `INSERT INTO owner_newsletter_optouts (user_id) SELECT id FROM users WHERE email = $1`, f.Owner)
	exec(t, pool, `UPDATE users SET active = false WHERE email = $1`, f.Owner)
	owner := id(t, pool, `SELECT id FROM users WHERE email = $1`, f.Owner)
	actor := id(t, pool, `SELECT id FROM users WHERE email = 'klyngeleder@remiks.example'`)
	if err := privacy.Anonymise(ctx, pool, owner, actor); err != nil {
		t.Fatal(err)
	}
	if n := id(t, pool, `SELECT (SELECT count(*) FROM owner_newsletter_sends WHERE user_id = $1) + (SELECT count(*) FROM owner_newsletter_optouts WHERE user_id = $1)`, owner); n != 0 {
		t.Errorf("%d newsletter rows left after anonymising", n)
	}
}
