package web

import (
	"context"
	"errors"
	"fmt"
	"html"
	"maps"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/keyset"
	"klyngeportalen/internal/meetings"
	"klyngeportalen/internal/validate"
	"klyngeportalen/web/components"
	"klyngeportalen/web/errorpage"
	mview "klyngeportalen/web/meetings"
)

// meetingFail answers the meetings area's refusals with their Norwegian reason (409), locked
// minutes with the lock's message (409), and everything else as fail does.
func (s *Server) meetingFail(w http.ResponseWriter, r *http.Request, err error) {
	var refusal *meetings.Refusal
	switch {
	case errors.Is(err, meetings.ErrLocked):
		s.render(w, r, http.StatusConflict, "Protokollen er låst", errorpage.Error(http.StatusConflict, "Protokollen er låst", meetings.LockedMessage))
	case errors.As(err, &refusal):
		s.render(w, r, http.StatusConflict, "Ikke mulig", errorpage.Error(http.StatusConflict, "Det gikk ikke", refusal.Message))
	default:
		s.fail(w, r, err)
	}
}

// meetingList is the meetings the viewer may see, coming and past. It is kept rendered for
// every viewer who sees alike (keptpages.go) until a meeting changes or the first coming one
// ends; the viewer's own answers, read with the user, fill its marks.
func (s *Server) meetingList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	after := parsePastCursor(r.URL.Query().Get("etter"))
	cursor := ""
	if after != nil {
		cursor = keyset.Format(after.At, after.ID)
	}
	body, v, ok := s.keptBody(w, r, "meetings", "list|"+cursor+"|"+visibilityKey(u), func(ctx context.Context) (templ.Component, time.Time, error) {
		l, err := s.meetings.Index(ctx, u, after)
		if err != nil {
			return nil, time.Time{}, err
		}
		p := mview.ListPage{Heading: "Møter", Groups: l.Groups, Coming: l.Coming, Past: l.Past, CanCreate: meetings.CanCreate(u), Shared: true}
		pastPages(&p, "/moter", l, after)
		return mview.List(p), meetingsExpiry(l.Coming, s.now()), nil
	})
	if !ok {
		return
	}
	answers, ok := v.own.(*meetings.MyAnswers)
	if !ok { // not read with the user: every answer is read for the marks
		answers = &meetings.MyAnswers{}
	}
	filled, err := s.withAnswers(ctx, u.ID, body, *answers)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "Møter", templ.Raw(filled))
}

// meetingsExpiry is when a kept list of meetings goes stale by the clock: when the first
// coming meeting ends (it is then a past one), at the latest keptMeetingsFor on.
func meetingsExpiry(coming []meetings.Meeting, now time.Time) time.Time {
	at := now.Add(keptMeetingsFor)
	for _, m := range coming {
		if m.EndsAt.Before(at) {
			at = m.EndsAt
		}
	}
	return at
}

// keptMeetingsFor bounds how long a list of meetings is kept.
const keptMeetingsFor = 10 * time.Minute

// withAnswers fills the marks of the viewer's answers in a kept list of meetings: from answers
// where they cover the meeting, the rest read now.
func (s *Server) withAnswers(ctx context.Context, uid int64, body string, answers meetings.MyAnswers) (string, error) {
	var marks, missing []int64
	err := eachMark(body, mview.AnswerMark, func(string) {}, func(m string) error {
		id, err := strconv.ParseInt(m, 10, 64)
		if err != nil {
			return fmt.Errorf("a kept list of meetings: bad mark %q", m)
		}
		if !answers.Covers(id) {
			missing = append(missing, id)
		}
		marks = append(marks, id)
		return nil
	})
	if err != nil {
		return "", err
	}
	byMeeting := answers.ByMeeting
	if len(missing) > 0 {
		more, err := s.meetings.AnswersAt(ctx, uid, missing)
		if err != nil {
			return "", err
		}
		byMeeting = maps.Clone(byMeeting)
		if byMeeting == nil {
			byMeeting = map[int64]string{}
		}
		maps.Copy(byMeeting, more)
	}
	var out strings.Builder
	out.Grow(len(body))
	i := 0
	err = eachMark(body, mview.AnswerMark, func(t string) { out.WriteString(t) }, func(string) error {
		out.WriteString(html.EscapeString(meetings.AnswerLabel(byMeeting[marks[i]])))
		i++
		return nil
	})
	return out.String(), err
}

// meetingGroup is a group's page: its meetings and its open actions, overdue ones flagged.
func (s *Server) meetingGroup(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	g, err := s.meetings.GroupBySlug(r.Context(), u, chi.URLParam(r, "group"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	after := parsePastCursor(r.URL.Query().Get("etter"))
	l, err := s.meetings.GroupListing(r.Context(), u, g, after)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := mview.ListPage{Heading: "Møter i " + g.Name, GroupSlug: g.Slug, Coming: l.Coming, Past: l.Past, Actions: l.Actions, CanCreate: meetings.CanCreate(u)}
	pastPages(&p, "/moter/gruppe/"+g.Slug, l, after)
	s.render(w, r, http.StatusOK, p.Heading, mview.List(p))
}

// pastPages sets the links of a meetings page at path to its older past meetings and back to
// its first page.
func pastPages(p *mview.ListPage, path string, l meetings.Listing, after *meetings.PastCursor) {
	if l.More {
		last := l.Past[len(l.Past)-1]
		p.NextURL = path + "?etter=" + keyset.Format(last.StartsAt, last.ID)
	}
	if after != nil {
		p.FirstURL = path
	}
}

// parsePastCursor reads the position after the last past meeting of a page (its start and
// id); anything else means the first page.
func parsePastCursor(s string) *meetings.PastCursor {
	if s == "" {
		return nil
	}
	k := keyset.Parse(s, 2)
	c := meetings.PastCursor{At: k.Time(), ID: k.ID()}
	if !k.OK() {
		return nil
	}
	return &c
}

// meeting loads the meeting of the address for the viewer (404 when hidden or absent).
func (s *Server) meeting(w http.ResponseWriter, r *http.Request) (meetings.Meeting, bool) {
	return load(s, w, r, "meeting", func(ctx context.Context, id int64) (meetings.Meeting, error) {
		return s.meetings.Meeting(ctx, auth.UserFrom(ctx), id)
	})
}

func (s *Server) renderMeeting(w http.ResponseWriter, r *http.Request, status int, f meetings.Full, answerErrs components.Errors) {
	p := meetingModel(auth.UserFrom(r.Context()), f, s.now())
	p.AnswerForm = answerErrs
	s.render(w, r, status, f.Title, mview.Show(p))
}

// meetingModel is meeting f's page for u at now.
func meetingModel(u *auth.User, f meetings.Full, now time.Time) mview.MeetingPage {
	m := f.Meeting
	return mview.MeetingPage{M: m, Now: now, CanManage: meetings.CanManage(u, m), CanAnswer: u.InGroup(m.GroupSlug), ViewerID: u.ID,
		Attendees: f.Attendees, Cases: f.Cases, Papers: f.Papers, Actions: f.Actions, Approvals: f.Approvals}
}

func (s *Server) answerMeeting(w http.ResponseWriter, r *http.Request) {
	m, ok := s.meeting(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	err := s.meetings.Answer(r.Context(), auth.UserFrom(r.Context()), m, r.PostForm.Get("answer"), r.PostForm.Get("substitute"))
	var errs validate.Errors
	switch {
	case errors.As(err, &errs):
		f, err := s.meetings.Full(r.Context(), auth.UserFrom(r.Context()), m.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.renderMeeting(w, r, http.StatusUnprocessableEntity, f, components.Errors(errs))
	case err != nil:
		s.meetingFail(w, r, err)
	default:
		s.redirect(w, r, mview.MeetingPath(m.ID)+"#deltakere", "success", "Svaret ditt er lagret.")
	}
}

func (s *Server) inviteMeeting(w http.ResponseWriter, r *http.Request) {
	m, ok := s.meeting(w, r)
	if !ok {
		return
	}
	n, err := s.meetings.Invite(r.Context(), auth.UserFrom(r.Context()), m)
	if err != nil {
		s.meetingFail(w, r, err)
		return
	}
	s.redirect(w, r, mview.MeetingPath(m.ID), "success", "Innkallingen er sendt til "+strconv.Itoa(n)+" medlemmer.")
}

func (s *Server) meetingICS(w http.ResponseWriter, r *http.Request) {
	m, ok := s.meeting(w, r)
	if !ok {
		return
	}
	cal, err := meetings.Calendar(m, baseURL(s.cfg))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sendFile(w, file{Type: "text/calendar; charset=utf-8", Name: "mote-" + strconv.FormatInt(m.ID, 10) + ".ics"}, cal)
}

// meetingForm fills the form's choices: groups (when calling) and leaders of the group.
func (s *Server) meetingForm(w http.ResponseWriter, r *http.Request, status int, id, groupID int64, in meetings.Input, errs components.Errors) {
	u := auth.UserFrom(r.Context())
	p := mview.FormPage{ID: id, In: in, Errors: errs}
	groups, err := s.meetings.Groups(r.Context(), u, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	people, err := s.meetings.People(r.Context(), u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	names := map[int64]string{}
	for _, g := range groups {
		names[g.ID] = g.Name
		v := strconv.FormatInt(g.ID, 10)
		p.Groups = append(p.Groups, components.Option{Value: v, Label: g.Name, Selected: in.Group == v})
	}
	p.Leaders = []components.Option{{Value: "", Label: "Velg senere"}}
	for _, pe := range people {
		if groupID != 0 && pe.GroupID != groupID {
			continue
		}
		v := strconv.FormatInt(pe.ID, 10)
		p.Leaders = append(p.Leaders, components.Option{Value: v, Label: pe.Name + ", " + pe.CompanyName + " (" + names[pe.GroupID] + ")", Selected: in.Leader == v && (groupID != 0 || in.Group == strconv.FormatInt(pe.GroupID, 10))})
	}
	title := "Nytt møte"
	if id != 0 {
		title = "Rediger møtet"
	}
	s.render(w, r, status, title, mview.Form(p))
}

func meetingInput(r *http.Request) meetings.Input {
	f := r.PostForm
	return meetings.Input{Group: f.Get("group"), Title: f.Get("title"), Date: f.Get("date"), Start: f.Get("start"), End: f.Get("end"),
		Place: f.Get("place"), OnlineURL: f.Get("online_url"), Leader: f.Get("leader"), PublishDays: f.Get("publish_days")}
}

func (s *Server) newMeetingPage(w http.ResponseWriter, r *http.Request) {
	s.meetingForm(w, r, http.StatusOK, 0, 0, meetings.Input{Start: "10:00", End: "12:00", PublishDays: "7"}, nil)
}

func (s *Server) createMeeting(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	in := meetingInput(r)
	id, err := s.meetings.Create(r.Context(), auth.UserFrom(r.Context()), in)
	var errs validate.Errors
	switch {
	case errors.As(err, &errs):
		s.meetingForm(w, r, http.StatusUnprocessableEntity, 0, 0, in, components.Errors(errs))
	case err != nil:
		s.meetingFail(w, r, err)
	default:
		s.redirect(w, r, mview.MeetingPath(id), "success", "Møtet er opprettet. Sett opp sakene og send innkallingen.")
	}
}

func (s *Server) editMeetingPage(w http.ResponseWriter, r *http.Request) {
	m, ok := s.meeting(w, r)
	if !ok {
		return
	}
	if !meetings.CanManage(auth.UserFrom(r.Context()), m) {
		s.errorPage(w, r, http.StatusForbidden)
		return
	}
	s.meetingForm(w, r, http.StatusOK, m.ID, m.GroupID, m.Input(), nil)
}

func (s *Server) updateMeeting(w http.ResponseWriter, r *http.Request) {
	m, ok := s.meeting(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	in := meetingInput(r)
	err := s.meetings.Update(r.Context(), auth.UserFrom(r.Context()), m, in)
	var errs validate.Errors
	switch {
	case errors.As(err, &errs):
		s.meetingForm(w, r, http.StatusUnprocessableEntity, m.ID, m.GroupID, in, components.Errors(errs))
	case err != nil:
		s.meetingFail(w, r, err)
	default:
		s.redirect(w, r, mview.MeetingPath(m.ID), "success", "Møtet er oppdatert.")
	}
}

// meetingFeed is the calendar subscription of the meetings of one's groups; the secret token
// in the address is the only credential, as for the events' feeds.
func (s *Server) meetingFeed(w http.ResponseWriter, r *http.Request) {
	list, err := s.meetings.Feed(r.Context(), chi.URLParam(r, "token"))
	if errors.Is(err, meetings.ErrNotFound) {
		http.Error(w, "Kalenderlenken virker ikke lenger.", http.StatusNotFound)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cal, err := meetings.Calendars("Møter – Avfallsklynge Nord", baseURL(s.cfg), list)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sendFile(w, file{Type: "text/calendar; charset=utf-8"}, cal)
}
