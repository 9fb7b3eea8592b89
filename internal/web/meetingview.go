package web

import (
	"fmt"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/meetings"
	mview "klyngeportalen/web/meetings"
)

// A meeting's page is kept rendered per viewer (it shows their answer and what they may do) in
// s.personal while its versions hold: the meetings' (migration 00430 counts the answers in it),
// the people's, the documents' (searchVersionSQL) and the reference version, read with who the
// viewer is; for the viewer's visibility and the day, until the clock changes what it shows (the
// agenda's publication, the meeting's start and end). Its reads go with who the viewer is while
// the viewer's page is not kept: a view with nothing changed reads nothing but the versions, the
// first one after a change reads the page in a second round trip. (Sending the reads each time,
// each requiring a change since the kept page, kept every view at one round trip but cost more
// than the reads saved: 1 707 req/s against 3 952 in make bench.)

// meetingKeep bounds how long a meeting's page is kept.
const meetingKeep = 10 * time.Minute

// ownMeetingReads are a meeting page's reads sent with who the viewer is (keptpages.go), unless
// the viewer's page of the meeting is kept.
func (s *Server) ownMeetingReads(b *pgx.Batch, r ownRequest) any {
	id := r.id("meeting")
	if id == 0 {
		return nil
	}
	if s.views.kept(s.personal, meetingView(id, r.viewer), s.now()) {
		return nil
	}
	fr := &meetings.FullReads{}
	meetings.QueueFull(b, r.viewer, id, fr)
	return fr
}

// meetingView is the view of meeting id for u: its page's key without the versions.
func meetingView(id int64, u *auth.User) string { return fmt.Sprintf("meeting|%d|%d", id, u.ID) }

// meetingExpiry is when meeting m's page changes by the clock: the agenda's publication, the
// start or the end, whichever comes first after now, at the latest meetingKeep on.
func meetingExpiry(m meetings.Meeting, now time.Time) time.Time {
	at := now.Add(meetingKeep)
	for _, t := range []time.Time{m.PublishAt(), m.StartsAt, m.EndsAt} {
		if t.After(now) && t.Before(at) {
			at = t
		}
	}
	return at
}

// meetingPage is one meeting, kept per viewer as above.
func (s *Server) meetingPage(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), auth.UserFrom(r.Context())
	id, ok := s.idParam(w, r, "meeting")
	if !ok {
		return
	}
	key, kept := s.servePersonal(w, r, "meeting", meetingView(id, u), nil)
	if kept || key == "" {
		return
	}
	now := s.now()
	var err error
	var full meetings.Full
	if fr, early := ownReads[meetings.FullReads](ctx, "meeting"); early && fr.ID == id {
		full, err = fr.Finish()
	} else { // kept, but no longer: a second round trip
		full, err = s.meetings.Full(ctx, u, id)
	}
	if err != nil {
		s.fail(w, r, notFoundIfNoRows(err))
		return
	}
	s.keepPersonal(w, r, meetingView(id, u), key, full.Title, mview.Show(meetingModel(u, full, now)), meetingExpiry(full.Meeting, now), nil)
}
