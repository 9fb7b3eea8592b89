package events

import (
	"context"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/access"
	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/validate"
)

// Session is one part of an event's programme.
type Session struct {
	ID          int64        `db:"id"`
	Title       string       `db:"title"`
	StartsAt    time.Time    `db:"starts_at"`
	EndsAt      time.Time    `db:"ends_at"`
	Room        string       `db:"room"`
	URL         string       `db:"url"`
	Description string       `db:"description"`
	Speakers    []Speaker    `db:"speakers"`
	Documents   []SessionDoc `db:"documents"` // only those the viewer may see
}

// Speaker is a person of the portal (UserID set) or a named guest.
type Speaker struct {
	UserID  *int64 `json:"user_id"`
	Name    string `json:"name"`
	Company string `json:"company"`
}

// SessionDoc is a kunnskapsbank document tied to a session.
type SessionDoc struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
}

// sessionColumns: $1 is the viewer's id, $2 whether they are a cluster admin. A session's link is
// for confirmed participants (and cluster admins), as the event's meeting link; documents of a
// group are listed only for its members, as in the kunnskapsbank.
var sessionColumns = `s.id, s.title, s.starts_at, s.ends_at, s.room, s.description,
	CASE WHEN $2::bool OR EXISTS (SELECT 1 FROM registrations r WHERE r.event_id = s.event_id AND r.user_id = $1 AND r.status = 'confirmed')
		THEN s.url ELSE '' END AS url,
	coalesce((SELECT json_agg(json_build_object('user_id', sp.user_id, 'name', coalesce(u.name, sp.guest_name),
		'company', coalesce((SELECT c.name FROM companies c WHERE c.id = u.company_id), '')) ORDER BY sp.position)
		FROM event_session_speakers sp LEFT JOIN users u ON u.id = sp.user_id WHERE sp.session_id = s.id), '[]') AS speakers,
	coalesce((SELECT json_agg(json_build_object('id', d.id, 'title', d.title) ORDER BY d.title)
		FROM event_session_documents sd JOIN documents d ON d.id = sd.document_id
		WHERE sd.session_id = s.id AND d.deleted_at IS NULL AND ` + access.Positional().Document("d") + `), '[]') AS documents`

// sessionsOf selects the programme of event $3 if the viewer ($1, $2) may see the event.
var sessionsOf = `SELECT ` + sessionColumns + ` FROM event_sessions s
	WHERE s.event_id = $3 AND EXISTS (SELECT 1 FROM events e WHERE e.id = s.event_id AND ` + visible + `)
	ORDER BY s.starts_at, s.id LIMIT 100`

// maxSessions bounds a programme.
const maxSessions = 100

func queueSessions(b *pgx.Batch, v Viewer, eventID int64, dst *[]Session) {
	b.Queue(sessionsOf, v.ID, v.Admin, eventID).
		Query(func(rows pgx.Rows) error {
			var err error
			*dst, err = pgx.CollectRows(rows, pgx.RowToStructByName[Session])
			return err
		})
}

// Sessions lists the programme of event id as v sees it; nothing when v may not see the event.
func (s *Store) Sessions(ctx context.Context, v Viewer, eventID int64) ([]Session, error) {
	rows, _ := s.pool.Query(ctx, sessionsOf, v.ID, v.Admin, eventID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Session])
}

// SessionInput is the organiser's form of a session. Speakers one per line: the e-mail address
// of someone in the portal, or a guest's name. Documents one per line: a document's number or
// its address (/dokumenter/12).
type SessionInput struct {
	Title, StartsAt, EndsAt, Room, URL, Description, Speakers, Documents string
}

type cleanSession struct {
	title, room, url, description string
	starts, ends                  time.Time
	speakers                      []speakerRef
	documents                     []int64
}

type speakerRef struct {
	userID *int64
	guest  string
}

var docNumber = regexp.MustCompile(`(?:^|/dokumenter/)(\d{1,18})/?$`)

func (s *Store) checkSession(ctx context.Context, tx pgx.Tx, e locked, in SessionInput) (cleanSession, error) {
	errs := validate.Errors{}
	var c cleanSession
	c.title = errs.Text("title", in.Title, 1, 200, false)
	c.room = errs.Text("room", in.Room, 0, 200, false)
	c.url = errs.URL("url", in.URL)
	c.description = errs.Text("description", in.Description, 0, 5000, true)
	at := func(field, v string) time.Time {
		t, err := time.ParseInLocation(LocalTime, strings.TrimSpace(v), oslo)
		if err != nil {
			errs.Add(field, "Skriv dato og klokkeslett som 2026-06-05T09:30.")
		}
		return t
	}
	c.starts, c.ends = at("starts_at", in.StartsAt), at("ends_at", in.EndsAt)
	if errs.OK() {
		switch {
		case !c.ends.After(c.starts):
			errs.Add("ends_at", "Slutten må være etter starten.")
		case c.starts.Before(e.startsAt) || c.ends.After(e.endsAt):
			errs.Add("starts_at", "Programposten må ligge innenfor arrangementets tid, "+when(e.startsAt)+" til "+when(e.endsAt)+".")
		}
	}
	speakers := errs.Text("speakers", in.Speakers, 0, 3000, true)
	for _, l := range strings.Split(speakers, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if len(c.speakers) == 20 {
			errs.Add("speakers", "Skriv høyst 20 talere.")
			break
		}
		if strings.Contains(l, "@") {
			var id int64
			err := tx.QueryRow(ctx, `SELECT id FROM users WHERE lower(email) = lower($1) AND active`, l).Scan(&id)
			if errors.Is(err, pgx.ErrNoRows) {
				errs.Add("speakers", "Ingen i portalen har e-postadressen "+l+". Skriv navnet hvis det er en gjest.")
				continue
			}
			if err != nil {
				return c, err
			}
			c.speakers = append(c.speakers, speakerRef{userID: &id})
			continue
		}
		if len([]rune(l)) > 200 {
			errs.Add("speakers", "Et navn kan ha høyst 200 tegn.")
			continue
		}
		c.speakers = append(c.speakers, speakerRef{guest: l})
	}
	docs := errs.Text("documents", in.Documents, 0, 2000, true)
	for _, l := range strings.Split(docs, "\n") {
		if l = strings.TrimSpace(l); l == "" {
			continue
		}
		m := docNumber.FindStringSubmatch(l)
		if m == nil {
			errs.Add("documents", "Skriv dokumentets nummer eller adresse, for eksempel /dokumenter/12.")
			continue
		}
		n, _ := strconv.ParseInt(m[1], 10, 64)
		c.documents = append(c.documents, n)
	}
	if len(c.documents) > 20 {
		errs.Add("documents", "Knytt høyst 20 dokumenter til en programpost.")
	}
	if len(c.documents) > 0 && errs.OK() {
		var found int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM documents WHERE id = ANY($1) AND deleted_at IS NULL`, c.documents).Scan(&found); err != nil {
			return c, err
		}
		if found != len(uniq(c.documents)) {
			errs.Add("documents", "Finner ikke alle dokumentene i kunnskapsbanken.")
		}
	}
	return c, errs.Err()
}

func uniq(ids []int64) []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// SaveSession adds a session to event id (sessionID 0) or changes session sessionID of it.
func (s *Store) SaveSession(ctx context.Context, actor *auth.User, eventID, sessionID int64, in SessionInput) error {
	if !actor.IsClusterAdmin() {
		return ErrForbidden
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	e, err := lockEvent(ctx, tx, ViewerOf(actor), eventID)
	if err != nil {
		return err
	}
	c, err := s.checkSession(ctx, tx, e, in)
	if err != nil {
		return err
	}
	if sessionID == 0 {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM event_sessions WHERE event_id = $1`, eventID).Scan(&n); err != nil {
			return err
		}
		if n >= maxSessions {
			return refuse("Et program kan ha høyst 100 poster.")
		}
		err = tx.QueryRow(ctx, `INSERT INTO event_sessions (event_id, title, starts_at, ends_at, room, url, description)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, eventID, c.title, c.starts, c.ends, c.room, c.url, c.description).Scan(&sessionID)
	} else {
		var tag interface{ RowsAffected() int64 }
		tag, err = tx.Exec(ctx, `UPDATE event_sessions SET title = $3, starts_at = $4, ends_at = $5, room = $6, url = $7, description = $8
			WHERE id = $1 AND event_id = $2`, sessionID, eventID, c.title, c.starts, c.ends, c.room, c.url, c.description)
		if err == nil && tag.RowsAffected() == 0 {
			return ErrNotFound
		}
	}
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM event_session_speakers WHERE session_id = $1`, sessionID); err != nil {
		return err
	}
	for i, sp := range c.speakers {
		var guest *string
		if sp.userID == nil {
			guest = &sp.guest
		}
		if _, err := tx.Exec(ctx, `INSERT INTO event_session_speakers (session_id, position, user_id, guest_name) VALUES ($1, $2, $3, $4)`,
			sessionID, i+1, sp.userID, guest); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, `DELETE FROM event_session_documents WHERE session_id = $1`, sessionID); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO event_session_documents (session_id, document_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`,
		sessionID, c.documents); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// DeleteSession removes session sessionID of event id.
func (s *Store) DeleteSession(ctx context.Context, actor *auth.User, eventID, sessionID int64) error {
	if !actor.IsClusterAdmin() {
		return ErrForbidden
	}
	tag, err := s.pool.Exec(ctx, `DELETE FROM event_sessions WHERE id = $1 AND event_id = $2`, sessionID, eventID)
	if err == nil && tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return err
}

// SessionInputOf fills the form from session x; speakers of the portal by e-mail need the
// addresses, so they are read again.
func (s *Store) SessionInputOf(ctx context.Context, x Session) (SessionInput, error) {
	in := SessionInput{Title: x.Title, StartsAt: x.StartsAt.In(oslo).Format(LocalTime), EndsAt: x.EndsAt.In(oslo).Format(LocalTime),
		Room: x.Room, URL: x.URL, Description: x.Description}
	rows, _ := s.pool.Query(ctx, `SELECT coalesce(u.email, sp.guest_name) FROM event_session_speakers sp LEFT JOIN users u ON u.id = sp.user_id
		WHERE sp.session_id = $1 ORDER BY sp.position`, x.ID)
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return in, err
	}
	in.Speakers = strings.Join(lines, "\n")
	rows, _ = s.pool.Query(ctx, `SELECT '/dokumenter/' || document_id FROM event_session_documents WHERE session_id = $1 ORDER BY document_id`, x.ID)
	docs, err := pgx.CollectRows(rows, pgx.RowTo[string])
	in.Documents = strings.Join(docs, "\n")
	return in, err
}

// Agenda writes the programme as plain text for the .ics description.
func Agenda(list []Session) string {
	var b strings.Builder
	for _, x := range list {
		b.WriteString(clockOf(x.StartsAt) + "–" + clockOf(x.EndsAt) + " " + x.Title)
		if x.Room != "" {
			b.WriteString(" (" + x.Room + ")")
		}
		var names []string
		for _, sp := range x.Speakers {
			names = append(names, sp.Name)
		}
		if len(names) > 0 {
			b.WriteString(" – " + strings.Join(names, ", "))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func clockOf(t time.Time) string {
	t = t.In(oslo)
	return pad2(t.Hour()) + "." + pad2(t.Minute())
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
