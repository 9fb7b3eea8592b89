package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/database"
	"klyngeportalen/internal/events"
	"klyngeportalen/internal/meetings"
)

// Pages kept rendered by data version (issue 25). A kept page names the versions its body (or
// its shared blocks) depends on: counts kept by triggers in the transaction of every change, so
// another instance or a change made in SQL is seen by the next request. loadUser reads them in
// the statement of who the user is, with the reference version (the last of them), so a view
// with nothing changed is one round trip in all. The page's key holds the versions and what
// the address and the viewer's visibility add (fragments.go).

// keptPage is a page kept by version: its name, its paths and its versions' expressions, and
// what it reads of the user's own (not kept) in the same batch as who the user is, if anything:
// own queues the reads for user uid and returns where their result will be.
type keptPage struct {
	name     string
	paths    []string
	versions []string
	own      func(b *pgx.Batch, uid int64) any
}

// Versions' expressions, each one row's count.
const (
	planVersionSQL     = `(SELECT n FROM plan_version WHERE id)`
	eventVersionSQL    = `(SELECT n FROM event_version WHERE id)`
	newsVersionSQL     = `(SELECT n FROM news_version WHERE id)`
	strategyVersionSQL = `(SELECT n FROM strategy_version WHERE id)`
	partnerVersionSQL  = `(SELECT n FROM partner_version WHERE id)`
	meetingVersionSQL  = `(SELECT n FROM meeting_version WHERE id)`
)

// keptPages are the pages kept by data version.
func keptPages() []keptPage {
	return []keptPage{
		{name: "dashboard", paths: []string{"/"}, versions: []string{planVersionSQL, newsVersionSQL}},
		{name: "strategy", paths: []string{"/strategi"}, versions: []string{strategyVersionSQL, planVersionSQL, eventVersionSQL}},
		{name: "partners", paths: []string{"/partnere", "/eiere"}, versions: []string{partnerVersionSQL}},
		{name: "decisions", paths: []string{"/vedtak"}, versions: []string{meetingVersionSQL}},
		{name: "events", paths: []string{"/arrangementer"}, versions: []string{eventVersionSQL}, own: func(b *pgx.Batch, uid int64) any {
			mine := new([]events.Mine) // the user's registrations at the coming events
			events.QueueMineComing(b, uid, mine)
			return mine
		}},
		{name: "meetings", paths: []string{"/moter"}, versions: []string{meetingVersionSQL}, own: func(b *pgx.Batch, uid int64) any {
			answers := new(meetings.MyAnswers) // the user's answers to the invitations
			meetings.QueueMyAnswers(b, uid, answers)
			return answers
		}},
		{name: "past events", paths: []string{"/arrangementer/tidligere"}, versions: []string{eventVersionSQL}},
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

// keptStatement is who-am-I's statement for a kept page's path: the user, the bell, the
// page's versions and the reference version.
type keptStatement struct {
	page keptPage
	sql  string
}

// queue adds the statement to b for user uid; after the batch the versions are in *v.
func (k keptStatement) queue(s *Server, b *pgx.Batch, uid int64, role string, w *whoAmIResult) {
	w.kept = keptVersions{page: k.page.name, n: make([]int64, len(k.page.versions)+1)}
	dst := []any{&w.bell}
	for i := range w.kept.n {
		dst = append(dst, &w.kept.n[i])
	}
	s.auth.QueueCurrentUser(b, uid, k.sql, bellArgs(role), &w.u, &w.sess, &w.found, dst...)
	if k.page.own != nil {
		w.kept.own = k.page.own(b, uid)
	}
}

// versionsOf returns the versions of kept page name: those read with the user, or else read now.
func (s *Server) versionsOf(ctx context.Context, name string) (keptVersions, error) {
	if v, ok := ctx.Value(keptVersionsKey).(keptVersions); ok && v.page == name {
		return v, nil
	}
	for _, p := range keptPages() {
		if p.name != name {
			continue
		}
		v := keptVersions{page: name, n: make([]int64, len(p.versions)+1)}
		dst := make([]any, len(v.n))
		for i := range v.n {
			dst[i] = &v.n[i]
		}
		err := s.pool.QueryRow(ctx, `SELECT `+strings.Join(append(p.versions[:len(p.versions):len(p.versions)], database.ReferenceVersionSQL), ", ")).Scan(dst...)
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
	ctx := r.Context()
	v, err := s.versionsOf(ctx, name)
	if err != nil {
		s.fail(w, r, err)
		return "", v, false
	}
	key = v.key() + "|" + key
	now := s.now()
	if f, ok := s.pages.get(key, now); ok {
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
	s.pages.put(key, fragment{body: body, expires: expires})
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
