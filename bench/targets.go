package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/forum"
	forumview "klyngeportalen/web/forum"
)

// searchWord is the common Norwegian word of the forum search under load.
const searchWord = "restavfall"

// Indexes into benchUsers of the people who write: a member replies in the forum, and the
// company admin registers colleagues of their company for events.
const (
	replier    = 0
	registrant = 2
	owner      = 4 // a guest: the representative of an owner municipality
)

// discoverTargets returns the pages under load, with ids looked up in the scale database, after
// removing the registrations an earlier run of the write load made.
func discoverTargets(ctx context.Context, dbURL string) ([]target, error) {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return nil, err
	}
	defer conn.Close(ctx)
	ts, err := findTargets(ctx, conn)
	if err != nil {
		return nil, err
	}
	for _, t := range ts {
		if len(t.people) > 0 {
			if err := resetRegistrations(ctx, conn, t); err != nil {
				return nil, err
			}
		}
	}
	if err := removeReplies(ctx, conn); err != nil {
		return nil, err
	}
	// The rows removed are vacuumed now rather than by autovacuum in the middle of a measurement;
	// so are the counts per event, which every registration of earlier runs rewrote (464 pages
	// of dead rows for 2 008 live ones after a few runs).
	if _, err := conn.Exec(ctx, `VACUUM (ANALYZE) registrations, event_counts, notifications, events, forum_reads, forum_posts, forum_threads, forums`); err != nil {
		return nil, err
	}
	return ts, nil
}

// removeReplies removes the posts of earlier runs' write load (their form keys start with
// replyKeyPrefix), with their notifications, and counts their threads again. Kept, they piled
// up run after run (150 000 after many) as the newest posts of the scale data, which every
// search walks first, and their notifications unread for the thread's watchers.
func removeReplies(ctx context.Context, conn *pgx.Conn) error {
	return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		var threads []int64
		if err := tx.QueryRow(ctx, `WITH gone AS (DELETE FROM forum_posts WHERE submit_key LIKE $1 RETURNING thread_id)
			SELECT coalesce(array_agg(DISTINCT thread_id), '{}') FROM gone`, replyKeyPrefix+"%").Scan(&threads); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE forum_threads t SET post_count = m.last, last_post_at = m.at
			FROM (SELECT thread_id, max(seq) AS last, max(created_at) AS at FROM forum_posts WHERE thread_id = ANY($1) GROUP BY thread_id) m
			WHERE t.id = m.thread_id`, threads); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE forum_reads r SET last_seq = t.post_count FROM forum_threads t
			WHERE t.id = r.thread_id AND t.id = ANY($1) AND r.last_seq > t.post_count`, threads)
		return err
	})
}

// replyKeyPrefix starts the form key of every reply of the write load.
const replyKeyPrefix = "be4c0000-"

// findTargets looks up the benchmarked pages: the forum with the most threads, the thread
// nearest 50 posts, the last page of the thread nearest 500 posts, the open event with the most
// registrations, and the writes (replies to a busy thread, registrations by a company admin
// of colleagues for the events open for registration). It works on the demo data too.
func findTargets(ctx context.Context, db *pgx.Conn) ([]target, error) {
	var company, forumSlug string
	if err := db.QueryRow(ctx, `SELECT slug FROM companies ORDER BY id LIMIT 1`).Scan(&company); err != nil {
		return nil, err
	}
	if err := db.QueryRow(ctx, `
		SELECT f.slug FROM forums f WHERE f.group_id IS NULL
		ORDER BY (SELECT count(*) FROM forum_threads t WHERE t.forum_id = f.id) DESC, f.id LIMIT 1`).Scan(&forumSlug); err != nil {
		return nil, fmt.Errorf("a forum: %w", err)
	}
	type thread struct {
		slug  string
		id    int64
		posts int
	}
	findThread := func(order string, not ...int64) (thread, error) {
		var t thread
		err := db.QueryRow(ctx, `
			SELECT f.slug, t.id, t.post_count FROM forum_threads t JOIN forums f ON f.id = t.forum_id
			WHERE f.group_id IS NULL AND NOT t.locked AND t.id <> ALL($1::bigint[]) ORDER BY `+order+`, t.id LIMIT 1`, append([]int64{}, not...)).
			Scan(&t.slug, &t.id, &t.posts)
		return t, err
	}
	longest, err := findThread(`abs(t.post_count - 500), t.post_count DESC`)
	if err != nil {
		return nil, fmt.Errorf("the longest thread: %w", err)
	}
	fifty, err := findThread(`abs(t.post_count - 50)`, longest.id)
	if err != nil {
		return nil, fmt.Errorf("a thread of 50 posts: %w", err)
	}
	busy, err := findThread(`t.last_post_at DESC`, longest.id, fifty.id) // grows with every run
	if err != nil {
		return nil, fmt.Errorf("a thread to reply to: %w", err)
	}
	var event int64
	if err := db.QueryRow(ctx, `
		SELECT e.id FROM events e WHERE e.status = 'published' AND e.group_id IS NULL
		ORDER BY (e.starts_at > now()) DESC, (SELECT count(*) FROM registrations r WHERE r.event_id = e.id) DESC, e.id LIMIT 1`).Scan(&event); err != nil {
		return nil, fmt.Errorf("an event: %w", err)
	}
	// The meeting with the most cases whose minutes are approved, of the directors' forum.
	var meeting int64
	if err := db.QueryRow(ctx, `
		SELECT m.id FROM meetings m JOIN groups g ON g.id = m.group_id
		WHERE g.slug = $1 AND m.minutes_locked_at IS NOT NULL
		ORDER BY (SELECT count(*) FROM meeting_cases c WHERE c.meeting_id = m.id) DESC, m.starts_at DESC LIMIT 1`, auth.GroupDirectors).Scan(&meeting); err != nil {
		return nil, fmt.Errorf("a meeting: %w", err)
	}
	last := forum.PageStart(longest.posts)
	ts := []target{
		{name: "Baseline /livez", path: "/livez", user: -1},
		{name: "Dashboard", path: "/", user: 0},
		{name: "Member companies", path: "/medlemmer", user: 1},
		{name: "A member company", path: "/medlemmer/" + company, user: 2},
		{name: "People, first page", path: "/personer", user: 3},
		{name: "A forum", path: "/forum/" + forumSlug, user: 1},
		{name: fmt.Sprintf("Thread of %d posts", fifty.posts), path: forumview.ThreadURL(fifty.slug, fifty.id), user: 2},
		{name: fmt.Sprintf("Thread of %d posts, last page", longest.posts), path: forumview.ThreadURL(longest.slug, longest.id), query: "?fra=" + strconv.Itoa(last), user: 3},
		{name: "Forum search «" + searchWord + "»", path: "/forum/sok", query: "?q=" + url.QueryEscape(searchWord), user: 0},
		{name: "Search «" + searchWord + "», every kind", path: "/sok", query: "?q=" + url.QueryEscape(searchWord), user: 1},
		{name: "Search «" + searchWord + "», posts", path: "/sok", query: "?q=" + url.QueryEscape(searchWord) + "&type=innlegg", user: 2},
		{name: "Search «Karri» (a name with a typo)", path: "/sok", query: "?q=Karri", user: 3},
		// A new search every request (a word excluded that is in no text: the same work), so
		// that none is answered from the searches kept (internal/web/searchcache.go).
		{name: "Search «" + searchWord + "», every kind, a new search each time", path: "/sok", query: "?q=" + url.QueryEscape(searchWord) + "+-x{n}",
			vary: "/sok?q=" + url.QueryEscape(searchWord) + "+-x{n}", user: 2},
		{name: "Forum search «" + searchWord + "», a new search each time", path: "/forum/sok", query: "?q=" + url.QueryEscape(searchWord) + "+-x{n}",
			vary: "/forum/sok?q=" + url.QueryEscape(searchWord) + "+-x{n}", user: 3},
		{name: "Event list", path: "/arrangementer", user: 1},
		{name: "An event", path: fmt.Sprintf("/arrangementer/%d", event), user: 2},
		{name: "Årshjul", path: "/arshjul", user: 3},
		{name: "Indicator comparison", path: "/nokkeltall", user: 0},
		{name: "Strategy and goals", path: "/strategi", user: 1},
		{name: "Meetings", path: "/moter", user: 1},
		{name: "A meeting with minutes", path: fmt.Sprintf("/moter/%d", meeting), user: 1},
		{name: "Decision register", path: "/vedtak", user: 0},
		{name: "Owner municipalities", path: "/eiere", user: 2},
		{name: "Partners", path: "/partnere", user: 0},
		{name: "Desk", path: "/skrivebord", user: 2},
		{name: "An owner's front page", path: "/", user: owner},
		{name: "Write: forum reply", path: forumview.ThreadURL(busy.slug, busy.id) + "/svar", method: "POST", user: replier,
			body: "body=" + url.QueryEscape("Takk for innspillet! Vi har samme erfaring med restavfall fra hyttene. ") + "{n}&skjema=" + replyKeyPrefix + "{n}"}, // the form key is hex digits and dashes
	}
	reg, err := registrationTarget(ctx, db)
	if err != nil {
		return nil, err
	}
	if reg != nil {
		ts = append(ts, *reg)
	}
	return ts, nil
}

// registrationTarget is the registration load: the company admin among the bench users signs
// colleagues of their company up for the events open for registration, each pair once. Nil
// when no event is open.
func registrationTarget(ctx context.Context, db *pgx.Conn) (*target, error) {
	var events, people []int64
	if err := db.QueryRow(ctx, `
		SELECT coalesce(array_agg(e.id ORDER BY e.starts_at, e.id), '{}') FROM events e
		WHERE e.status = 'published' AND e.group_id IS NULL AND e.starts_at > now() + interval '3 days'
		  AND (e.registration_opens_at IS NULL OR e.registration_opens_at <= now())
		  AND (e.registration_closes_at IS NULL OR e.registration_closes_at > now() + interval '1 day')`).Scan(&events); err != nil {
		return nil, err
	}
	// Colleagues with no registration for these events but those of earlier runs (removed first).
	if err := db.QueryRow(ctx, `
		SELECT coalesce(array_agg(u.id ORDER BY u.id), '{}') FROM users u JOIN users a ON a.company_id = u.company_id
		WHERE a.email = $1 AND u.id <> a.id AND u.active AND u.password_hash IS NOT NULL
		  AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.user_id = u.id AND r.event_id = ANY($2)
		                  AND r.status <> 'cancelled' AND r.registered_by IS DISTINCT FROM a.id)`, benchUsers[registrant], events).Scan(&people); err != nil {
		return nil, err
	}
	if len(events) == 0 || len(people) == 0 {
		return nil, nil
	}
	t := target{name: fmt.Sprintf("Write: registration (%d events)", len(events)), method: "POST", user: registrant,
		body: "user={user}&answer=", people: people}
	for _, e := range events {
		t.paths = append(t.paths, fmt.Sprintf("/arrangementer/%d/pamelding", e))
	}
	t.path = t.paths[0]
	return &t, nil
}

// resetRegistrations removes what an earlier run of the registration load t made, so that each
// pair of event and person can register again.
func resetRegistrations(ctx context.Context, db *pgx.Conn, t target) error {
	events, err := eventIDs(t)
	if err != nil {
		return err
	}
	_, err = db.Exec(ctx, `
		DELETE FROM registrations r USING users a
		WHERE a.email = $1 AND r.registered_by = a.id AND r.user_id <> a.id AND r.event_id = ANY($2)`,
		benchUsers[registrant], events)
	return err
}

// checkNoOverbooking fails when an event of the registration load t has more confirmed
// registrations than seats.
func checkNoOverbooking(ctx context.Context, dbURL string, t target) error {
	events, err := eventIDs(t)
	if err != nil {
		return err
	}
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	var over int
	if err := conn.QueryRow(ctx, `
		SELECT count(*) FROM events e WHERE e.id = ANY($1) AND e.capacity <
			(SELECT count(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'confirmed')`, events).Scan(&over); err != nil {
		return err
	}
	if over > 0 {
		return fmt.Errorf("%d events overbooked after the registration load", over)
	}
	return nil
}

func eventIDs(t target) ([]int64, error) {
	var ids []int64
	for _, p := range t.paths {
		var id int64
		if _, err := fmt.Sscanf(p, "/arrangementer/%d/pamelding", &id); err != nil {
			return nil, errors.New("not a registration path: " + p)
		}
		ids = append(ids, id)
	}
	return ids, nil
}
