package web

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/events"
	"klyngeportalen/internal/forum"
	"klyngeportalen/internal/meetings"
)

// Pages kept rendered by data version (issue 25). A kept page names the versions its body (or
// its shared blocks) depends on: counts kept by triggers in the transaction of every change, so
// another instance or a change made in SQL is seen by the next request. loadUser reads them in
// the statement of who the user is, with the reference version (the last of them), so a view
// with nothing changed is one round trip in all. The page's key holds the versions and what
// the address and the viewer's visibility add (fragments.go).

// keptPage is a page kept by version: its name, its paths (a segment "{name}" matches any one
// segment, as a parameter) and its versions' expressions, and what it reads of the viewer's own
// (not kept) in the same batch as who the viewer is, if anything: own queues the reads for the
// request and returns where their result will be (nil: nothing queued, e.g. for a parameter
// that does not parse; the page then reads itself).
type keptPage struct {
	name     string
	paths    []string
	versions []string
	own      func(b *pgx.Batch, r ownRequest) any
	// args are the named arguments the versions take from the path's parameters, besides @uid
	// (param gives a parameter, "" when there is none); nil for none.
	args func(param func(string) string) database.Named
}

// ownRequest is what a kept page's own reads know of the request before it is routed and before
// who the viewer is has been read: the viewer as last read (viewerHints; the reads are used only
// if the viewer read with them is the same), the path's parameters and the query.
type ownRequest struct {
	viewer *auth.User
	params map[string]string
	query  url.Values
}

// param is the path's parameter name ("" if there is none).
func (o ownRequest) param(name string) string { return o.params[name] }

// id is the path's parameter name as a positive id (0 if it is not one).
func (o ownRequest) id(name string) int64 {
	id, err := strconv.ParseInt(o.params[name], 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}

// Versions' expressions, each one row's count.
const (
	planVersionSQL      = `(SELECT n FROM plan_version WHERE id)`
	eventVersionSQL     = `(SELECT n FROM event_version WHERE id)`
	newsVersionSQL      = `(SELECT n FROM news_version WHERE id)`
	strategyVersionSQL  = `(SELECT n FROM strategy_version WHERE id)`
	partnerVersionSQL   = `(SELECT n FROM partner_version WHERE id)`
	meetingVersionSQL   = `(SELECT n FROM meeting_version WHERE id)`
	indicatorVersionSQL = `(SELECT n FROM indicator_version WHERE id)`
	searchVersionSQL    = `(SELECT n FROM search_version WHERE id)`
	peopleVersionSQL    = `(SELECT n FROM people_version WHERE id)`
	deskVersionSQL      = `(SELECT n FROM desk_version WHERE id)`
	// The forums' version: every change of a forum's row counts (migration 00480), and every
	// reply, and every change of a thread's title or place, changes its forum's row (00210).
	forumsVersionSQL = `(SELECT n FROM forum_version WHERE id)`
	// A thread's own version (its posts, their reactions and files, migration 00210), by the
	// path's {thread} (threadArgs); 0 for none.
	threadVersionSQL = `coalesce((SELECT version FROM forum_threads WHERE id = @thread), 0)`
	// The viewer's own and everyone's dashboard_version (migration 00390).
	dashboardVersionSQL = `(SELECT sum(n)::bigint FROM dashboard_version WHERE user_id IN (0, @uid))`
)

// keptPages are the pages kept by data version, and those that only read the viewer's own
// with who the viewer is (no versions).
func (s *Server) keptPages() []keptPage {
	return []keptPage{
		{name: "dashboard", paths: []string{"/"}, versions: []string{planVersionSQL, newsVersionSQL,
			eventVersionSQL, meetingVersionSQL, forumsVersionSQL, dashboardVersionSQL, searchVersionSQL, partnerVersionSQL, indicatorVersionSQL},
			own: s.ownFrontReads},
		{name: "strategy", paths: []string{"/strategi"}, versions: []string{strategyVersionSQL, planVersionSQL, eventVersionSQL}},
		{name: "partners", paths: []string{"/partnere", "/eiere"}, versions: []string{partnerVersionSQL}},
		{name: "decisions", paths: []string{"/vedtak"}, versions: []string{meetingVersionSQL}},
		{name: "events", paths: []string{"/arrangementer"}, versions: []string{eventVersionSQL}, own: func(b *pgx.Batch, r ownRequest) any {
			mine := new([]events.Mine) // the user's registrations at the coming events
			events.QueueMineComing(b, r.viewer.ID, mine)
			return mine
		}},
		{name: "meetings", paths: []string{"/moter"}, versions: []string{meetingVersionSQL}, own: func(b *pgx.Batch, r ownRequest) any {
			answers := new(meetings.MyAnswers) // the user's answers to the invitations
			meetings.QueueMyAnswers(b, r.viewer.ID, answers)
			return answers
		}},
		{name: "past events", paths: []string{"/arrangementer/tidligere"}, versions: []string{eventVersionSQL}},
		{name: "event", paths: []string{"/arrangementer/{event}"}, versions: []string{eventVersionSQL, peopleVersionSQL, planVersionSQL, searchVersionSQL},
			own: s.ownEventReads}, // eventview.go
		{name: "meeting", paths: []string{"/moter/{meeting}"}, versions: []string{meetingVersionSQL, peopleVersionSQL, searchVersionSQL},
			own: s.ownMeetingReads}, // meetingview.go
		{name: "indicators", paths: []string{"/nokkeltall"}, versions: []string{indicatorVersionSQL}},
		{name: "search", paths: []string{"/sok", "/forum/sok"}, versions: []string{searchVersionSQL}},
		{name: "people", paths: []string{"/personer"}, versions: []string{peopleVersionSQL}},
		{name: "company", paths: []string{"/medlemmer/{company}"}, versions: []string{peopleVersionSQL, searchVersionSQL, eventVersionSQL, indicatorVersionSQL},
			own: s.ownCompanyReads}, // company.go
		{name: "wheel", paths: []string{"/arshjul", "/arshjul/{year}"}, versions: []string{planVersionSQL}},
		{name: "desk", paths: []string{"/skrivebord"}, versions: []string{deskVersionSQL, indicatorVersionSQL, eventVersionSQL,
			planVersionSQL, meetingVersionSQL, forumsVersionSQL, dashboardVersionSQL}, own: s.ownDeskReads}, // desk.go
		{name: "forum", paths: []string{"/forum/{forum}"}, versions: []string{forumsVersionSQL, dashboardVersionSQL},
			own: s.ownForumReads}, // forum.go
		{name: "thread", paths: []string{"/forum/{forum}/{thread}"}, versions: []string{threadVersionSQL, forumsVersionSQL,
			dashboardVersionSQL, forum.BellVersionSQL, searchVersionSQL}, own: s.ownThreadReads, args: threadArgs}, // forumthread.go
	}
}

// keptVersions are a kept page's versions as read for a request, the reference version last,
// and the page's reads of the user's own if they were read with them (keptPage.own).
type keptVersions struct {
	page string
	n    []int64
	own  any
}

// key is the versions as the start of a cached fragment's key.
func (v keptVersions) key() string {
	var b strings.Builder
	b.WriteString(v.page)
	for _, n := range v.n {
		b.WriteByte('|')
		b.WriteString(strconv.FormatInt(n, 10))
	}
	return b.String()
}

// reference is the reference version among them.
func (v keptVersions) reference() int64 { return v.n[len(v.n)-1] }

// keptStatement is who-am-I's statement for a kept page's path: the user, the bell's version,
// the page's versions and the reference version.
type keptStatement struct {
	page keptPage
	sql  string
}

// queue adds the statement to b for user uid, and the page's own reads for the request r with
// its parameters, when the user as last read is known; after the batch the versions are in
// w.kept, and where the own reads are in w.kept.own (for the viewer w.ownFor).
func (k keptStatement) queue(s *Server, b *pgx.Batch, r *http.Request, params map[string]string, uid int64, role string, w *whoAmIResult) {
	w.kept = keptVersions{page: k.page.name, n: make([]int64, len(k.page.versions)+1)}
	dst := []any{&w.bellVersion}
	for i := range w.kept.n {
		dst = append(dst, &w.kept.n[i])
	}
	args := database.Named{}
	if k.page.args != nil {
		maps.Copy(args, k.page.args(func(name string) string { return params[name] }))
	}
	s.auth.QueueCurrentUser(b, uid, k.sql, args, &w.u, &w.sess, &w.found, dst...)
	if k.page.own == nil {
		return
	}
	if hint, ok := s.viewers.get(uid); ok && string(hint.Role) == role {
		w.kept.own = k.page.own(b, ownRequest{viewer: &hint, params: params, query: r.URL.Query()})
		if w.kept.own != nil {
			w.ownFor = &hint
		}
	}
}

// keptRoute is a kept page's path with parameters, split into segments.
type keptRoute struct {
	segments []string
	st       keptStatement
}

// match returns the parameters of path if it matches the route.
func (k keptRoute) match(path string) (map[string]string, bool) {
	segs := strings.Split(path, "/")
	if len(segs) != len(k.segments) {
		return nil, false
	}
	var params map[string]string
	for i, want := range k.segments {
		if name, ok := strings.CutPrefix(want, "{"); ok {
			if segs[i] == "" {
				return nil, false
			}
			if params == nil {
				params = map[string]string{}
			}
			params[strings.TrimSuffix(name, "}")] = segs[i]
		} else if segs[i] != want {
			return nil, false
		}
	}
	return params, true
}

// ownReads returns the own reads of kept page name read with the viewer, if they were.
func ownReads[T any](ctx context.Context, name string) (*T, bool) {
	v, ok := ctx.Value(keptVersionsKey).(keptVersions)
	if !ok || v.page != name {
		return nil, false
	}
	t, ok := v.own.(*T)
	return t, ok
}

// versionsOf returns the versions of kept page name: those read with the user, or else read now.
func (s *Server) versionsOf(ctx context.Context, name string) (keptVersions, error) {
	if v, ok := ctx.Value(keptVersionsKey).(keptVersions); ok && v.page == name {
		return v, nil
	}
	if p, ok := s.whoAmI.pages[name]; ok {
		v := keptVersions{page: name, n: make([]int64, len(p.versions)+1)}
		dst := make([]any, len(v.n))
		for i := range v.n {
			dst[i] = &v.n[i]
		}
		args := pgx.NamedArgs{"uid": int64(0)} // a version may be the viewer's own (@uid)
		if u := auth.UserFrom(ctx); u != nil {
			args["uid"] = u.ID
		}
		if p.args != nil {
			maps.Copy(args, p.args(func(name string) string { return chi.URLParamFromCtx(ctx, name) }))
		}
		err := s.pool.QueryRow(ctx, `SELECT `+strings.Join(append(p.versions[:len(p.versions):len(p.versions)], database.ReferenceVersionSQL), ", "),
			args).Scan(dst...)
		return v, err
	}
	panic("web: no kept page " + name)
}

// renderKept renders kept page name's body for the request (200): the body kept under the
// page's versions and key while they hold, or else the one build makes, which is then kept
// (until expires, if that is not zero). key must hold all else the body depends on: the
// address's parameters and the viewer's visibility.
func (s *Server) renderKept(w http.ResponseWriter, r *http.Request, name, key, title string,
	build func(ctx context.Context) (body templ.Component, expires time.Time, err error)) {
	if body, _, ok := s.keptBody(w, r, name, key, build); ok {
		s.render(w, r, http.StatusOK, title, templ.Raw(body))
	}
}

// keptBody is renderKept's body, not yet rendered, with the versions it was kept by (for a
// page that fills marks in it per viewer); false when the request has been answered (an error).
func (s *Server) keptBody(w http.ResponseWriter, r *http.Request, name, key string,
	build func(ctx context.Context) (body templ.Component, expires time.Time, err error)) (string, keptVersions, bool) {
	return s.keptBodyIn(s.pages, w, r, name, key, build)
}

// keptBodyIn is keptBody with the fragments kept in cache.
func (s *Server) keptBodyIn(cache *fragmentCache, w http.ResponseWriter, r *http.Request, name, key string,
	build func(ctx context.Context) (body templ.Component, expires time.Time, err error)) (string, keptVersions, bool) {
	ctx := r.Context()
	v, err := s.versionsOf(ctx, name)
	if err != nil {
		s.fail(w, r, err)
		return "", v, false
	}
	key = v.key() + "|" + key
	now := s.now()
	if f, ok := cache.get(key, now); ok {
		return f.body, v, true
	}
	c, expires, err := build(ctx)
	if err != nil {
		s.fail(w, r, err)
		return "", v, false
	}
	body, err := renderShared(ctx, c)
	if err != nil {
		s.fail(w, r, err)
		return "", v, false
	}
	cache.put(key, fragment{body: body, expires: expires})
	return body, v, true
}

// eachMark calls text with body's text between the marks opened by open and closed by "-->",
// and mark with each mark's content, in order: the filling of a kept body's marks per viewer.
func eachMark(body, open string, text func(string), mark func(string) error) error {
	const closing = "-->"
	for {
		i := strings.Index(body, open)
		if i < 0 {
			text(body)
			return nil
		}
		text(body[:i])
		rest := body[i+len(open):]
		j := strings.Index(rest, closing)
		if j < 0 {
			return fmt.Errorf("an unclosed mark %q in a kept body", open)
		}
		if err := mark(rest[:j]); err != nil {
			return err
		}
		body = rest[j+len(closing):]
	}
}
