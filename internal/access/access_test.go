package access_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/access"
	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/demo"
	"klyngeportalen/internal/documents"
	"klyngeportalen/internal/events"
	"klyngeportalen/internal/forum"
	"klyngeportalen/internal/guests"
	"klyngeportalen/internal/markdown"
	"klyngeportalen/internal/partners"
	"klyngeportalen/internal/plan"
	"klyngeportalen/internal/search"
)

func TestMain(m *testing.M) {
	os.Exit(dbtest.Main(m, func(ctx context.Context, pool *pgxpool.Pool) error {
		_, err := demo.Seed(ctx, pool, "klynge-demo-2026")
		return err
	}))
}

var osloTZ = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		panic(err)
	}
	return loc
}()

// The marker of the restricted things this test adds; the demo's own restricted things are
// found by the oracle below as well.
const marker = "Lukket7Q"

type stores struct {
	forum     *forum.Store
	events    *events.Store
	documents *documents.Store
	plan      *plan.Store
	guests    *guests.Store
	partners  *partners.Store
}

// walked names every store function that returns objects to a viewer; classified names every
// other store function that takes a viewer, with why the walk leaves it out. A new function
// that takes a viewer must be put in one of them (TestEveryViewerFunctionIsWalked).
var walked = map[string]bool{
	"forum.Forums": true, "forum.Forum": true, "forum.Threads": true, "forum.Thread": true, "forum.Posts": true,
	"forum.Post": true, "forum.Search": true, "forum.UnreadNotifications": true, "forum.QueueUnreadNotifications": true,
	"forum.Notifications": true, "forum.Feed": true, "forum.UnreadThreads": true, "forum.Candidates": true, "forum.RecentPostsBy": true,
	"events.List": true, "events.Event": true, "events.Upcoming": true, "events.PersonalFeed": true, "events.ClusterFeed": true,
	"events.Details": true, "events.Sessions": true, "events.Month": true, "events.Today": true, "events.Record": true,
	"documents.Document": true, "documents.Versions": true, "documents.File": true, "documents.List": true,
	"documents.Deleted": true, "documents.Linked": true, "documents.EventChoices": true,
	"plan.Activities": true, "plan.ThisMonth": true, "plan.Activity": true, "plan.Events": true, "plan.EventChoices": true,
	"guests.Front": true, "guests.NewsItem": true, "partners.PartnerProject": true,
}

var classified = map[string]string{
	"forum.StartThread": "write", "forum.AddReply": "write (its notifications are walked below)",
	"forum.AddReplyTo": "write, as forum.AddReply", "forum.EditPost": "write",
	"forum.DeletePost": "write", "forum.Moderate": "write", "forum.HidePost": "write", "forum.MarkRead": "write",
	"forum.MarkForumRead": "write", "forum.MarkNotificationsRead": "write", "forum.SetMailChoice": "write",
	"forum.MailChoice": "the viewer's own setting", "forum.WatchThread": "write", "forum.WatchForum": "write",
	"forum.Appoint": "write", "forum.Dismiss": "write",
	"forum.React": "write", "forum.MarkSolution": "write", "forum.SetQuestion": "write", "forum.SaveDraft": "write",
	"forum.Preview":             "write (the draft); the text is the viewer's own",
	"forum.ReplySubmitted":      "the viewer's own posts",
	"forum.QueueBlock":          "of a thread already found by forum.Thread (posts: the query of forum.Posts); outsiders: internal/web forum_reactions_test, forum_composer_test, TestForumCacheNeverAcrossViewers",
	"forum.QueueBlockViewer":    "the viewer's own reactions and draft, shown only with a thread found by forum.Thread",
	"forum.QueueMarkBlockRead":  "write (only of a thread the viewer may see, by the forum's rule)",
	"forum.QueueBlockUnread":    "whether the viewer has an unread notification of their own in a block, used only with a thread found by forum.Thread",
	"forum.QueueThread":         "the query of forum.Thread, in a batch",
	"forum.QueueForum":          "the query of forum.Forum, in a batch",
	"forum.QueueForums":         "the query of forum.Forums, in a batch",
	"forum.QueueThreads":        "the query of forum.Threads, in a batch",
	"forum.QueueFirstPageReads": "the viewer's own read state of a forum they may see (the forum's rule in the query)",
	"forum.Mentionable":         "people, not objects; outsiders: internal/web TestMentionListOnlyForThoseWhoMaySee",
	"forum.View":                "the forum's rule as forum.Threads; outsiders: internal/web TestForumViewsAcrossForums",
	"events.Register":           "write", "events.Cancel": "write", "events.Create": "write", "events.Update": "write",
	"events.Publish": "write", "events.CancelEvent": "write", "events.Copy": "write", "events.MailAll": "write",
	"events.CheckIn": "write", "events.RegisterWith": "write", "events.UpdateAnswers": "write", "events.AddQuestion": "write",
	"events.UpdateQuestion": "write", "events.DeleteQuestion": "write", "events.MoveQuestion": "write",
	"events.SaveSession": "write", "events.DeleteSession": "write", "events.GiveFeedback": "write",
	"documents.Create": "write", "documents.CreateFileFirst": "write", "documents.Update": "write", "documents.AddVersion": "write",
	"documents.Delete": "write", "documents.Restore": "write",
	"plan.Create": "write", "plan.Update": "write", "plan.Delete": "write", "plan.CopyYear": "write",
}

// TestEveryViewerFunctionIsWalked finds, by reflection, every method of the stores that takes
// a viewer (a user, a Viewer, or a calendar token) and checks that the walk covers it.
func TestEveryViewerFunctionIsWalked(t *testing.T) {
	viewerTypes := []reflect.Type{reflect.TypeFor[*auth.User](), reflect.TypeFor[events.Viewer](), reflect.TypeFor[plan.Viewer]()}
	for pkg, typ := range map[string]reflect.Type{
		"forum": reflect.TypeFor[*forum.Store](), "events": reflect.TypeFor[*events.Store](),
		"documents": reflect.TypeFor[*documents.Store](), "plan": reflect.TypeFor[*plan.Store](),
		"guests": reflect.TypeFor[*guests.Store](),
	} {
		for i := range typ.NumMethod() {
			m := typ.Method(i)
			takesViewer := strings.HasSuffix(m.Name, "Feed")
			for j := 1; j < m.Type.NumIn(); j++ {
				for _, v := range viewerTypes {
					takesViewer = takesViewer || m.Type.In(j) == v
				}
			}
			name := pkg + "." + m.Name
			if takesViewer && !walked[name] && classified[name] == "" {
				t.Errorf("%s takes a viewer but the access walk does not call it: add it to the walk (or classify it)", name)
			}
		}
	}
}

// outsider is a person who must not see the restricted things.
type outsider struct {
	what     string
	email    string
	anything bool // false: of a kind the rule does not know, who must see nothing at all
	user     *auth.User
	token    string
}

// TestOutsidersSeeNothingRestricted walks every store function that returns objects to a
// viewer, with an outsider of each kind, against every forum, thread, event, document and
// activity there is, and checks that nothing restricted comes back. A person of a kind the rule
// does not know sees nothing at all, even as a cluster admin in every group.
func TestOutsidersSeeNothingRestricted(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	md := markdown.New()
	s := stores{forum.NewStore(pool, md), events.NewStore(pool, md), documents.NewStore(pool, md), plan.NewStore(pool, md),
		guests.NewStore(pool), partners.NewStore(pool)}
	fx := addRestricted(t, s)

	outsiders := []*outsider{
		{what: "a member outside the group", email: "ansatt@iris-salten.example", anything: true},
		{what: "another company's admin", email: "admin@las.example", anything: true},
		// Owners and partners see what is opened to their kind (the demo opens some), never what is restricted.
		{what: "an owner representative", email: "eier-7q@bodo.example", anything: true},
		{what: "a partner person", email: "partner-7q@nord.example", anything: true},
		{what: "a user of an unknown kind", email: "ukjent-7q@remiks.example"},
	}
	// The outsiders who are not members are given every privilege a member could have: cluster
	// admin, in every group, watching, registered, moderating. They must still see nothing restricted.
	exec(t, `INSERT INTO users (company_id, municipality, email, name, role, kind, password_hash)
		VALUES (NULL, 'Bodø', 'eier-7q@bodo.example', 'Eier Syvku', 'cluster_admin', 'owner', '$argon2id$x')`)
	exec(t, `INSERT INTO users (partner_id, email, name, role, kind, password_hash)
		SELECT o.id, 'partner-7q@nord.example', 'Partner Syvku', 'cluster_admin', 'partner', '$argon2id$x' FROM partner_organisations o WHERE o.slug = 'nord-universitet'`)
	exec(t, `INSERT INTO users (company_id, email, name, role, kind, password_hash)
		SELECT c.id, 'ukjent-7q@remiks.example', 'Ukjent Syvku', 'cluster_admin', 'stranger', '$argon2id$x' FROM companies c WHERE c.slug = 'remiks'`)
	exec(t, `INSERT INTO group_members (group_id, user_id) SELECT g.id, u.id FROM groups g, users u WHERE u.email LIKE '%-7q@%'`)
	for _, o := range outsiders {
		o.user = load(t, o.email)
		uid := o.user.ID
		// Everything that would bring restricted things to them if the rule were missing.
		exec(t, `INSERT INTO forum_watches (user_id, forum_id, level) SELECT $1, id, 'watching' FROM forums ON CONFLICT DO NOTHING`, uid)
		exec(t, `INSERT INTO forum_thread_watches (user_id, thread_id, level) SELECT $1, id, 'watching' FROM forum_threads ON CONFLICT DO NOTHING`, uid)
		exec(t, `INSERT INTO forum_moderators (forum_id, user_id) SELECT id, $1 FROM forums ON CONFLICT DO NOTHING`, uid)
		exec(t, `INSERT INTO notifications (user_id, post_id, kind) SELECT $1, p.id, 'reply' FROM forum_posts p ON CONFLICT DO NOTHING`, uid)
		exec(t, `INSERT INTO notification_settings (user_id, mail) VALUES ($1, 'digest') ON CONFLICT (user_id) DO UPDATE SET mail = 'digest'`, uid)
		exec(t, `INSERT INTO registrations (event_id, user_id, company_id, status, registered_by, confirmed_at)
			SELECT e.id, u.id, u.company_id, 'confirmed', u.id, now() FROM events e, users u WHERE u.id = $1 ON CONFLICT DO NOTHING`, uid)
		tok, err := s.events.NewCalendarToken(ctx, uid)
		if err != nil {
			t.Fatal(err)
		}
		o.token = tok
	}
	restricted := restrictedTexts(t)

	for _, o := range outsiders {
		t.Run(o.what, func(t *testing.T) {
			for _, c := range calls(t, s, fx, o) {
				if c.err != nil {
					if !isRefusal(c.err) {
						t.Errorf("%s: %v", c.name, c.err)
					}
					continue // a refusal's other results are not to be used
				}
				if !o.anything {
					if !empty(c.results) {
						t.Errorf("%s gave %s something: %s", c.name, o.what, shorten(dump(c.results)))
					}
					continue
				}
				text := dump(c.results)
				for _, r := range restricted {
					if strings.Contains(text, r) {
						t.Errorf("%s gave %s the restricted %q", c.name, o.what, r)
					}
				}
			}
		})
	}

	// Notifications and digests: a new post in the restricted thread, mentioning every outsider,
	// notifies none of them, and the digests sent to them name nothing restricted.
	director := load(t, "klyngeleder@remiks.example")
	var mention strings.Builder
	for _, o := range outsiders {
		mention.WriteString(" @" + o.user.Name)
	}
	if _, err := s.forum.AddReply(ctx, director, fx.thread, forum.Reply{Body: marker + " svar til" + mention.String(), Key: fmt.Sprintf("%032x", time.Now().UnixNano())}, "http://portal.test"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.forum.SendDigests(ctx, time.Now().Add(72*time.Hour), "http://portal.test"); err != nil {
		t.Fatal(err)
	}
	for _, o := range outsiders {
		var notified int
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM notifications n JOIN forum_posts p ON p.id = n.post_id
			WHERE n.user_id = $1 AND p.body_md LIKE '%' || $2 || ' svar til%'`, o.user.ID, marker).Scan(&notified); err != nil {
			t.Fatal(err)
		}
		if notified > 0 {
			t.Errorf("%s was notified of a post in a forum they may not see", o.what)
		}
		rows, _ := pool.Query(ctx, `SELECT subject || ' ' || body FROM mail_outbox WHERE lower(to_address) = lower($1)`, o.email)
		mails, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range mails {
			if !o.anything && strings.Contains(m, "/forum/") {
				t.Errorf("a mail to %s tells of the forums: %s", o.what, shorten(m))
			}
			for _, r := range restricted {
				if strings.Contains(m, r) {
					t.Errorf("a mail to %s names %q: %s", o.what, r, shorten(m))
				}
			}
		}
	}
	// The moderators' list shows none of the outsiders as holding the power in the group's forum.
	mods, err := s.forum.Moderators(ctx, fx.forum)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range mods {
		for _, o := range outsiders {
			if m.UserID == o.user.ID && m.Effective {
				t.Errorf("%s moderates the group's forum", o.what)
			}
		}
	}
}

// TestMembersStillSeeTheirOwn guards the other side: the group's members and cluster admins see
// the restricted things, so the walk above cannot pass by hiding everything from everyone.
func TestMembersStillSeeTheirOwn(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	md := markdown.New()
	fs, es, ds := forum.NewStore(pool, md), events.NewStore(pool, md), documents.NewStore(pool, md)
	director := load(t, "direktor@vefas.example")
	if !director.InGroup(auth.GroupDirectors) {
		t.Fatal("direktor@vefas.example is not in direktørforum in the demo data")
	}
	forums, err := fs.Forums(ctx, director)
	if err != nil || !strings.Contains(dump([]any{forums}), "direktorforum") {
		t.Errorf("a director does not see direktørforum: %v", err)
	}
	list, _, err := es.List(ctx, events.ViewerOf(director), events.Filter{Limit: 100})
	if err != nil || !strings.Contains(dump([]any{list}), "Direktørforum") {
		t.Errorf("a director does not see direktørforum's events: %v", err)
	}
	docs, _, err := ds.List(ctx, director, documents.Filter{Limit: 100})
	if err != nil || !strings.Contains(dump([]any{docs}), "Referat fra direktørforum") {
		t.Errorf("a director does not see direktørforum's documents: %v", err)
	}
	if !access.IsMember(director.Kind) || access.IsMember("owner") || access.IsMember("") {
		t.Error("IsMember knows only the member kind")
	}
}

// fixture is what addRestricted made.
type fixture struct {
	forum, thread, event, draft, document, openDocument, deleted, activity int64
}

// addRestricted adds, as the cluster leader, a thread in direktørforum, an event for the
// group, a draft event, a group's document, an open document and an open activity tied to the
// restricted event and thread, and a deleted document.
func addRestricted(t *testing.T, s stores) fixture {
	t.Helper()
	ctx := context.Background()
	leader := load(t, "klyngeleder@remiks.example")
	var fx fixture
	fx.forum = queryInt(t, `SELECT id FROM forums WHERE slug = 'direktorforum'`)
	var err error
	fx.thread, err = s.forum.StartThread(ctx, leader, fx.forum, forum.NewThread{Title: marker + " tråd", Body: marker + " innlegg", Key: fmt.Sprintf("%032x", 7)}, "http://portal.test")
	if err != nil {
		t.Fatal(err)
	}
	event := func(title, status, group string) int64 {
		return queryInt(t, `INSERT INTO events (title, kind, description_md, description_html, starts_at, ends_at, focus_area_id, group_id, status)
			VALUES ($1, 'workshop', $1, $1, now() + interval '5 days', now() + interval '5 days 2 hours', 1,
			        (SELECT id FROM groups WHERE slug = NULLIF($3, '')), $2) RETURNING id`, title, status, group)
	}
	fx.event = event(marker+" gruppemøte", "published", auth.GroupDirectors)
	fx.draft = event(marker+" utkast", "draft", "")
	group := fmt.Sprint(queryInt(t, `SELECT id FROM groups WHERE slug = $1`, auth.GroupDirectors))
	upload := func(in documents.Input) int64 {
		id, err := s.documents.Create(ctx, leader, in, documents.Upload{Filename: "notat.txt", Body: strings.NewReader(in.Title + " " + fmt.Sprint(time.Now().UnixNano()))})
		if err != nil {
			t.Fatalf("document %q: %v", in.Title, err)
		}
		return id
	}
	fx.document = upload(documents.Input{Title: marker + " dokument", Description: marker, Group: group, Event: fmt.Sprint(fx.event), Thread: fmt.Sprint(fx.thread)})
	fx.openDocument = upload(documents.Input{Title: "Åpent dokument med lenker", Event: fmt.Sprint(fx.event), Thread: fmt.Sprint(fx.thread)})
	fx.deleted = upload(documents.Input{Title: marker + " slettet", Group: group})
	if _, err := s.documents.Delete(ctx, leader, fx.deleted); err != nil {
		t.Fatal(err)
	}
	fx.activity = queryInt(t, `INSERT INTO activities (title, focus_area_id, starts_on, ends_on, event_id, thread_id)
		VALUES ('Åpen aktivitet med lenker', 1, current_date, current_date + 3, $1, $2) RETURNING id`, fx.event, fx.thread)
	// The group's event has a programme and a registration form, and a director was checked in at
	// it; an open event's session links the group's document.
	for _, sql := range []string{
		`INSERT INTO event_sessions (event_id, title, starts_at, ends_at) SELECT id, '` + marker + ` sesjon', starts_at, ends_at FROM events WHERE id = $1`,
		`INSERT INTO event_questions (event_id, position, kind, label) VALUES ($1, 1, 'short', '` + marker + ` spørsmål')`,
		`INSERT INTO registrations (event_id, user_id, company_id, status, checked_in_at)
			SELECT $1, id, company_id, 'confirmed', now() FROM users WHERE email = 'direktor@iris-salten.example'`,
		`WITH s AS (INSERT INTO event_sessions (event_id, title, starts_at, ends_at)
			SELECT id, 'Åpen sesjon', starts_at, ends_at FROM events WHERE group_id IS NULL AND status = 'published' ORDER BY id LIMIT 1 RETURNING id)
		 INSERT INTO event_session_documents (session_id, document_id) SELECT s.id, $2 FROM s WHERE $1::bigint IS NOT NULL`,
	} {
		args := []any{fx.event}
		if strings.Contains(sql, "$2") {
			args = append(args, fx.document)
		}
		if _, err := dbtest.Pool(t).Exec(ctx, sql, args...); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	return fx
}

// restrictedTexts is the oracle, written apart from the rule: the titles of every thread in a
// group's forum, of every event for a group or in draft, of every document for a group (but
// not those an open årshjul activity shares), and the marker.
func restrictedTexts(t *testing.T) []string {
	t.Helper()
	rows, _ := dbtest.Pool(t).Query(context.Background(), `
		SELECT t.title FROM forum_threads t JOIN forums f ON f.id = t.forum_id WHERE f.group_id IS NOT NULL
		UNION SELECT title FROM events WHERE group_id IS NOT NULL OR status = 'draft'
		UNION SELECT title FROM documents WHERE group_id IS NOT NULL
		EXCEPT SELECT title FROM activities -- the årshjul is open: an activity may share an event's name`)
	list, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if len(list) < 6 {
		t.Fatalf("the oracle found only %d restricted things", len(list))
	}
	for i, s := range list { // as JSON writes them
		b, _ := json.Marshal(s)
		list[i] = strings.Trim(string(b), `"`)
	}
	return append(list, marker)
}

// call is one store function called for an outsider: what it returned, and its error.
type call struct {
	name    string
	results []any
	err     error
}

// calls calls every walked store function for o, with every id of every kind there is.
func calls(t *testing.T, s stores, fx fixture, o *outsider) []call {
	t.Helper()
	ctx := context.Background()
	u, ev, pv := o.user, events.ViewerOf(o.user), plan.ViewerOf(o.user)
	ids := func(sql string) []int64 {
		rows, _ := dbtest.Pool(t).Query(ctx, sql)
		list, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			t.Fatal(err)
		}
		return list
	}
	forums, threads, eventIDs := ids(`SELECT id FROM forums`), ids(`SELECT id FROM forum_threads`), ids(`SELECT id FROM events`)
	docs, activities := ids(`SELECT id FROM documents`), ids(`SELECT id FROM activities`)
	years := ids(`SELECT DISTINCT year FROM activities UNION SELECT DISTINCT extract(year FROM starts_at)::bigint FROM events`)
	var out []call
	add := func(name string, err error, results ...any) {
		out = append(out, call{name: name, results: results, err: err})
	}
	var slugs []string
	if err := dbtest.Pool(t).QueryRow(ctx, `SELECT array_agg(slug) FROM forums`).Scan(&slugs); err != nil {
		t.Fatal(err)
	}

	list, err := s.forum.Forums(ctx, u)
	add("forum.Forums", err, list)
	for _, slug := range slugs {
		f, err := s.forum.Forum(ctx, u, slug)
		add("forum.Forum "+slug, err, f)
	}
	for _, id := range forums {
		th, more, err := s.forum.Threads(ctx, u, id, nil, 100)
		add(fmt.Sprint("forum.Threads ", id), err, th, more)
		c, more, err := s.forum.Candidates(ctx, u, id, "")
		add(fmt.Sprint("forum.Candidates ", id), err, c, more)
	}
	for _, id := range threads {
		th, err := s.forum.Thread(ctx, u, id)
		add(fmt.Sprint("forum.Thread ", id), err, th)
		ps, err := s.forum.Posts(ctx, u, id, 1)
		add(fmt.Sprint("forum.Posts ", id), err, ps)
		p, err := s.forum.Post(ctx, u, id, 1)
		add(fmt.Sprint("forum.Post ", id), err, p)
	}
	for _, q := range []string{marker, "direktørforum", "strategi", "avfall"} {
		hits, more, err := s.forum.Search(ctx, u, q, 1, 50)
		add("forum.Search "+q, err, hits, more)
	}
	// A person's and a company's page (issue 19), and the one search across every kind.
	for _, id := range ids(`SELECT DISTINCT author_id FROM forum_posts WHERE author_id IS NOT NULL`) {
		ps, err := s.forum.RecentPostsBy(ctx, u, id, 50)
		add(fmt.Sprint("forum.RecentPostsBy ", id), err, ps)
	}
	for _, id := range ids(`SELECT id FROM companies`) {
		var b pgx.Batch
		var posts []forum.Hit
		var docs []documents.Brief
		var arranged []events.Brief
		forum.QueueRecentPostsOfCompany(&b, u, id, 50, &posts)
		documents.QueueRecentOfCompany(&b, u, id, 50, &docs)
		events.QueueArrangedBy(&b, ev, id, 50, &arranged)
		err := dbtest.Pool(t).SendBatch(ctx, &b).Close()
		add(fmt.Sprint("company activity ", id), err, posts, docs, arranged)
	}
	for _, q := range []string{marker, "direktørforum", "strategisamling", "strategi", "avfall", "plukkanalyse"} {
		for _, k := range append([]search.Kind{""}, search.Kinds...) {
			res, err := search.NewStore(dbtest.Pool(t)).Search(ctx, u, search.Request{Query: q, Kind: k})
			var hits []search.Hit
			for _, g := range res.Groups {
				hits = append(hits, g.Hits...)
			}
			add(fmt.Sprintf("search.Search %s %s", q, k), err, hits, res.Total) // the total is the sum of the counts
		}
	}
	n, _, err := s.forum.UnreadNotifications(ctx, u)
	add("forum.UnreadNotifications", err, n)
	var b pgx.Batch
	var queued int
	s.forum.QueueUnreadNotifications(&b, u, &queued)
	err = dbtest.Pool(t).SendBatch(ctx, &b).Close()
	add("forum.QueueUnreadNotifications", err, queued)
	notes, more, err := s.forum.Notifications(ctx, u, 0, 100)
	add("forum.Notifications", err, notes, more)
	feed, err := s.forum.Feed(ctx, u, 100)
	add("forum.Feed", err, feed)
	unread, err := s.forum.UnreadThreads(ctx, u, 100)
	add("forum.UnreadThreads", err, unread)

	for _, past := range []bool{false, true} {
		l, more, err := s.events.List(ctx, ev, events.Filter{Past: past, Limit: 100})
		add(fmt.Sprint("events.List past=", past), err, l, more)
	}
	for _, id := range eventIDs {
		e, err := s.events.Event(ctx, ev, id)
		add(fmt.Sprint("events.Event ", id), err, e)
		l, more, err := s.documents.Linked(ctx, u, documents.ToEvent, id)
		add(fmt.Sprint("documents.Linked event ", id), err, l, more)
		ch, err := s.documents.EventChoices(ctx, u, id)
		add(fmt.Sprint("documents.EventChoices ", id), err, ch)
		pch, err := s.plan.EventChoices(ctx, pv, id)
		add(fmt.Sprint("plan.EventChoices ", id), err, pch)
	}
	for _, id := range eventIDs {
		d, err := s.events.Details(ctx, ev, id)
		add(fmt.Sprint("events.Details ", id), err, d)
		ss, err := s.events.Sessions(ctx, ev, id)
		add(fmt.Sprint("events.Sessions ", id), err, ss)
	}
	months := ids(`SELECT DISTINCT extract(epoch FROM date_trunc('month', starts_at AT TIME ZONE 'Europe/Oslo'))::bigint FROM events`)
	for _, m := range months {
		first := time.Unix(m, 0).UTC()
		from := time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, osloTZ)
		l, err := s.events.Month(ctx, ev, from)
		add(fmt.Sprint("events.Month ", from.Format("2006-01")), err, l)
	}
	today, err := s.events.Today(ctx, ev, time.Now())
	add("events.Today", err, today)
	for _, uid := range ids(`SELECT DISTINCT user_id FROM registrations`) {
		rec, err := s.events.Record(ctx, ev, uid)
		add(fmt.Sprint("events.Record ", uid), err, rec)
	}
	mine, open, err := s.events.Upcoming(ctx, ev, 20)
	add("events.Upcoming", err, mine, open)
	pf, err := s.events.PersonalFeed(ctx, o.token)
	add("events.PersonalFeed", err, pf)
	cf, err := s.events.ClusterFeed(ctx, o.token)
	add("events.ClusterFeed", err, cf)

	for _, id := range docs {
		d, err := s.documents.Document(ctx, u, id)
		add(fmt.Sprint("documents.Document ", id), err, d)
		vs, err := s.documents.Versions(ctx, u, id)
		add(fmt.Sprint("documents.Versions ", id), err, vs)
		f, err := s.documents.File(ctx, u, id, 1)
		add(fmt.Sprint("documents.File ", id), err, f)
	}
	for _, f := range []documents.Filter{{Limit: 100}, {Query: marker, Limit: 100}, {Query: "direktørforum", Limit: 100}, {Event: fx.event, Limit: 100}} {
		l, more, err := s.documents.List(ctx, u, f)
		add(fmt.Sprintf("documents.List %+v", f), err, l, more)
	}
	del, err := s.documents.Deleted(ctx, u)
	add("documents.Deleted", err, del)
	for _, id := range threads {
		l, more, err := s.documents.Linked(ctx, u, documents.ToThread, id)
		add(fmt.Sprint("documents.Linked thread ", id), err, l, more)
	}

	for _, y := range years {
		w := plan.NewWindow(int(y), time.January)
		a, err := s.plan.Activities(ctx, pv, w, plan.Filter{}, plan.Today(time.Now()))
		add(fmt.Sprint("plan.Activities ", y), err, a)
		e, err := s.plan.Events(ctx, pv, w, plan.Filter{})
		add(fmt.Sprint("plan.Events ", y), err, e)
	}
	month, err := s.plan.ThisMonth(ctx, pv, time.Now(), 100)
	add("plan.ThisMonth", err, month)
	for _, id := range activities {
		a, err := s.plan.Activity(ctx, pv, id, plan.Today(time.Now()))
		add(fmt.Sprint("plan.Activity ", id), err, a)
	}
	// What owners and partners see: their front page, news and projects by id.
	front, err := s.guests.Front(ctx, u)
	add("guests.Front", err, front)
	for _, id := range ids(`SELECT id FROM news`) {
		n, err := s.guests.NewsItem(ctx, u, id)
		add(fmt.Sprint("guests.NewsItem ", id), err, n)
	}
	for _, id := range ids(`SELECT id FROM projects`) {
		p, err := s.partners.PartnerProject(ctx, u, id)
		add(fmt.Sprint("partners.PartnerProject ", id), err, p)
	}
	return out
}

// isRefusal reports whether err is a store's way of saying no.
func isRefusal(err error) bool {
	for _, e := range []error{forum.ErrNotFound, forum.ErrForbidden, events.ErrNotFound, documents.ErrNotFound,
		documents.ErrForbidden, plan.ErrNotFound, guests.ErrNotFound, partners.ErrNotFound} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// empty reports whether every result is a zero value or an empty list.
func empty(results []any) bool {
	for _, r := range results {
		v := reflect.ValueOf(r)
		if v.IsValid() && !(v.IsZero() || (v.Kind() == reflect.Slice && v.Len() == 0)) {
			return false
		}
	}
	return true
}

func dump(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%+v", v)
	}
	return string(b)
}

func shorten(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}

// load reads the user with email as the signed-in user would be loaded.
func load(t *testing.T, email string) *auth.User {
	t.Helper()
	u := &auth.User{Email: email}
	err := dbtest.Pool(t).QueryRow(context.Background(), `
		SELECT u.id, coalesce(u.company_id, 0), coalesce(c.slug, ''), u.name, u.role, u.kind, coalesce(u.municipality, ''), coalesce(u.partner_id, 0),
		       coalesce((SELECT array_agg(g.slug) FROM group_members gm JOIN groups g ON g.id = gm.group_id WHERE gm.user_id = u.id), '{}')
		FROM users u LEFT JOIN companies c ON c.id = u.company_id WHERE u.email = $1`, email).
		Scan(&u.ID, &u.CompanyID, &u.CompanySlug, &u.Name, &u.Role, &u.Kind, &u.Municipality, &u.PartnerID, &u.Groups)
	if err != nil {
		t.Fatalf("user %s: %v", email, err)
	}
	return u
}

func exec(t *testing.T, sql string, args ...any) {
	t.Helper()
	if _, err := dbtest.Pool(t).Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func queryInt(t *testing.T, sql string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := dbtest.Pool(t).QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}
