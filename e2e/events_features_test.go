package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"klyngeportalen/internal/database/dbtest"
)

// featureEvents makes a coming event with a registration form, a programme and a place, and a
// past one that ansatt@las.example took part in; it returns their ids.
func featureEvents(t *testing.T) (coming, past int64) {
	t.Helper()
	ctx := context.Background()
	pool := dbtest.Pool(t)
	start := time.Now().AddDate(0, 0, 12).Truncate(24 * time.Hour).Add(7 * time.Hour)
	err := pool.QueryRow(ctx, `INSERT INTO events (title, kind, starts_at, ends_at, status, place, address, travel_notes, accommodation_notes, online_url, capacity)
		VALUES ('Fagdag med program', 'konferanse', $1::timestamptz, $1::timestamptz + interval '7 hours', 'published', 'Bodø rådhus', 'Kongens gate 1, 8006 Bodø',
		'Buss 1 fra flyplassen går hvert 10. minutt.', 'Rom er holdt av på Scandic til 1. mai.', 'https://møte.example/fagdag', 50) RETURNING id`, start).Scan(&coming)
	if err != nil {
		t.Fatal(err)
	}
	err = pool.QueryRow(ctx, `INSERT INTO events (title, kind, starts_at, ends_at, status, place)
		VALUES ('Avsluttet nettverksmøte', 'nettverkssamling', now() - interval '3 days', now() - interval '3 days' + interval '3 hours', 'published', 'Mo i Rana') RETURNING id`).Scan(&past)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = pool.Exec(context.Background(), `DELETE FROM events WHERE id = ANY($1)`, []int64{coming, past})
	})
	for _, sql := range []string{
		`INSERT INTO event_questions (event_id, position, kind, label, required, choices) VALUES
			($1, 1, 'short', 'Kostbehov', true, '{}'), ($1, 2, 'one', 'Hvilken sesjon velger du?', true, '{Plast,Glass,Metall}'),
			($1, 3, 'many', 'Hva vil du høre mer om?', false, '{Plukkanalyser,Ombruk,Tekstil}'), ($1, 4, 'yesno', 'Blir du med på middag?', false, '{}')`,
		`INSERT INTO event_sessions (event_id, title, starts_at, ends_at, room, description)
			SELECT $1, 'Åpning', starts_at, starts_at + interval '30 minutes', 'Bystyresalen', 'Velkommen ved klyngelederen.' FROM events WHERE id = $1`,
		`WITH s AS (INSERT INTO event_sessions (event_id, title, starts_at, ends_at, room)
			SELECT $1, 'Plukkanalyser i praksis', starts_at + interval '30 minutes', starts_at + interval '90 minutes', 'Sal 2' FROM events WHERE id = $1 RETURNING id)
		 INSERT INTO event_session_speakers (session_id, position, user_id, guest_name)
			SELECT s.id, 1, u.id, NULL FROM s, users u WHERE u.email = 'direktor@las.example'
			UNION ALL SELECT s.id, 2, NULL, 'Kari Gjest' FROM s`,
	} {
		if _, err := pool.Exec(ctx, sql, coming); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	if _, err := pool.Exec(ctx, `INSERT INTO registrations (event_id, user_id, company_id, status, confirmed_at, checked_in_at)
		SELECT $1, id, company_id, 'confirmed', now() - interval '4 days', now() - interval '3 days' FROM users WHERE email = 'ansatt@las.example'`, past); err != nil {
		t.Fatal(err)
	}
	return coming, past
}

// A member registers through a form of several questions, changes an answer, gives feedback on
// an event they took part in, and finds the events in the month calendar: at 1280 px and 390 px.
func TestEventFormsProgrammeFeedbackAndCalendar(t *testing.T) {
	coming, past := featureEvents(t)
	ev := fmt.Sprintf("/arrangementer/%d", coming)
	for _, width := range []int64{1280, 390} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			t.Cleanup(func() { // undo this round's registration and feedback for the next width
				pool := dbtest.Pool(t)
				for _, sql := range []string{`DELETE FROM registrations WHERE event_id = $1`, `DELETE FROM event_feedback_given WHERE event_id = $1`, `DELETE FROM event_feedback WHERE event_id = $1`} {
					_, _ = pool.Exec(context.Background(), sql, coming)
					_, _ = pool.Exec(context.Background(), sql, past)
				}
				_, _ = pool.Exec(context.Background(), `INSERT INTO registrations (event_id, user_id, company_id, status, confirmed_at, checked_in_at)
					SELECT $1, id, company_id, 'confirmed', now() - interval '4 days', now() - interval '3 days' FROM users WHERE email = 'ansatt@las.example'`, past)
			})
			b := newBrowser(t)
			b.run(chromedp.EmulateViewport(width, 900))
			b.login("ansatt@las.example")
			noSideways := func(name string) {
				if wide := eval[bool](b, `document.documentElement.scrollWidth > window.innerWidth`); wide {
					t.Errorf("%s at %d px scrolls sideways", name, width)
				}
			}
			b.open(ev)
			b.waitFor(`document.querySelector("h1").textContent === "Fagdag med program"`)
			for _, want := range []string{"Plukkanalyser i praksis", "Kari Gjest (gjest)", "Buss 1 fra flyplassen", "Vis i kart", "når du har fått bekreftet plass"} {
				if !eval[bool](b, fmt.Sprintf(`document.querySelector("main").textContent.includes(%q)`, want)) {
					t.Errorf("the event page lacks %q", want)
				}
			}
			b.checkAccessibility(fmt.Sprintf("arrangement med program og skjema (%d)", width))
			b.screenshot(fmt.Sprintf("arrangement-skjema-%d", width))
			noSideways("arrangement")

			// Skipping the required questions shows the error summary, focused on its links.
			b.run(chromedp.Click(`form[action$="/pamelding"] button[type=submit]`))
			b.waitFor(`!!document.querySelector("#feilsammendrag") && document.readyState === "complete"`)
			b.checkAccessibility(fmt.Sprintf("skjema med feil (%d)", width))
			b.run(
				chromedp.SendKeys(`input[name^="q"][type=text]`, "Glutenfri"),
				chromedp.Click(`input[type=radio][value="Glass"]`),
				chromedp.Click(`input[type=checkbox][value="Ombruk"]`),
				chromedp.Click(`form[action$="/pamelding"] button[type=submit]`),
			)
			b.waitFor(`document.body.textContent.includes("Du er påmeldt") && document.readyState === "complete"`)
			if !eval[bool](b, `document.querySelector("main").textContent.includes("https://møte.example/fagdag")`) {
				t.Error("the confirmed participant does not see the meeting link")
			}
			if !eval[bool](b, `document.querySelector('input[type=radio][value="Glass"]').checked`) {
				t.Error("the answer is not shown back")
			}
			b.run(chromedp.Click(`input[type=radio][value="Metall"]`), chromedp.Click(`form[action$="/svar"] button[type=submit]`))
			b.waitFor(`document.body.textContent.includes("Svarene dine er lagret.") && document.readyState === "complete"`)
			if !eval[bool](b, `document.querySelector('input[type=radio][value="Metall"]').checked`) {
				t.Error("the changed answer is not kept")
			}
			b.checkAccessibility(fmt.Sprintf("påmeldt med svar (%d)", width))
			b.screenshot(fmt.Sprintf("arrangement-svar-%d", width))

			// Feedback on the past event, by keyboard on the scale.
			b.open(fmt.Sprintf("/arrangementer/%d/tilbakemelding", past))
			b.waitFor(`document.querySelector("h1").textContent === "Tilbakemelding"`)
			b.checkAccessibility(fmt.Sprintf("tilbakemelding (%d)", width))
			b.screenshot(fmt.Sprintf("tilbakemelding-%d", width))
			noSideways("tilbakemelding")
			b.run(chromedp.Click(`#overall-4`), chromedp.Click(`#benefit-5`), chromedp.SendKeys(`#comment`, "Nyttig dag."), chromedp.Click(`form[action$="/tilbakemelding"] button[type=submit]`))
			b.waitFor(`document.body.textContent.includes("Takk for tilbakemeldingen!") && document.readyState === "complete"`)

			// The month calendar: a grid at 1280 px, a list at 390 px, today's events beside it.
			b.open("/arrangementer/kalender?maned=" + time.Now().AddDate(0, 0, 12).Format("2006-01"))
			b.waitFor(`document.querySelector("h1").textContent === "Kalender"`)
			grid := eval[bool](b, `getComputedStyle(document.querySelector(".month-grid")).display !== "none"`)
			list := eval[bool](b, `getComputedStyle(document.querySelector(".month-list")).display !== "none"`)
			if grid != (width > 600) || list == grid {
				t.Errorf("at %d px the grid shows: %v, the list: %v", width, grid, list)
			}
			// Keyboard: Tab from the next-month link reaches the month's first event, in the grid or the list.
			b.run(chromedp.Focus(`.month-nav a:last-child`), chromedp.KeyEvent(kb.Tab))
			if in := eval[bool](b, `!!document.activeElement.closest(".month-grid, .month-list") && document.activeElement.matches("a[href^='/arrangementer/']")`); !in {
				t.Errorf("Tab after the month navigation focuses %q, want the month's first event", eval[string](b, `document.activeElement.outerHTML`))
			}
			if !eval[bool](b, `[...document.querySelectorAll(".month-grid a, .month-list a")].some(a => a.offsetParent !== null && a.textContent.includes("Fagdag med program"))`) {
				t.Error("the month does not show the event")
			}
			b.checkAccessibility(fmt.Sprintf("kalender (%d)", width))
			b.screenshot(fmt.Sprintf("kalender-%d", width))
			noSideways("kalender")

			b.open("/meg")
			if !eval[bool](b, `document.querySelector("#kompetanse").parentElement.textContent.includes("Avsluttet nettverksmøte")`) {
				t.Error("/meg lacks the competence record")
			}
			b.checkAccessibility(fmt.Sprintf("min side med kompetanse (%d)", width))
			b.checkClean("arrangementsfunksjoner")
		})
	}
}

// The organiser's pages: the form editor, the programme editor, a feedback summary and the
// cluster's figures, at 1280 px and 390 px, each checked as every page type is (checkPage).
func TestOrganiserEventPagesAreAccessible(t *testing.T) {
	coming, past := featureEvents(t)
	pool := dbtest.Pool(t)
	if _, err := pool.Exec(context.Background(), `INSERT INTO event_feedback (event_id, overall, benefit, comment) VALUES
		($1, 5, 4, 'Svært nyttig.'), ($1, 4, 4, ''), ($1, 3, 5, 'Mer tid til diskusjon.')`, past); err != nil {
		t.Fatal(err)
	}
	pages := []struct{ path, h1 string }{
		{fmt.Sprintf("/arrangementer/%d/sporsmal", coming), "Påmeldingsskjema"},
		{fmt.Sprintf("/arrangementer/%d/program", coming), "Program"},
		{fmt.Sprintf("/arrangementer/%d/rediger", coming), "Rediger arrangementet"},
		{fmt.Sprintf("/arrangementer/%d/deltakere", coming), "Deltakere: Fagdag med program"},
		{fmt.Sprintf("/arrangementer/%d/tilbakemeldinger", past), "Tilbakemeldinger"},
		{"/arrangementer/tilbakemeldinger", "Tilbakemeldinger på møteplassene"},
	}
	for _, width := range []int64{1280, 390} {
		b := newBrowser(t)
		b.run(chromedp.EmulateViewport(width, 900))
		b.login("klyngeleder@remiks.example")
		for _, p := range pages {
			b.checkPage("arrangor"+strings.ReplaceAll(p.path, "/", "-"), p.path, p.h1, width)
		}
	}
}
