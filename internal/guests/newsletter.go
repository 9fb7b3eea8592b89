package guests

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/access"
	"klyngeportalen/internal/background"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/mail"
	"klyngeportalen/internal/tz"
)

// The owners' monthly newsletter: from 08.00 on the 1st of each month (Europe/Oslo), every
// active owner representative who has accepted the invitation and has not said no gets one
// mail with the news opened to owners since the previous month began, the events opened to
// owners in the coming EventWindow, and the key figures of the companies their municipality
// owns. Each mail carries its own one-click unsubscribe token (see Unsubscribe).
const (
	// EventWindow is how far ahead the newsletter lists events.
	EventWindow = 60 * 24 * time.Hour
	// sendHour is the hour of the 1st from which the month's newsletter goes out.
	sendHour = 8
	// maxRecipients bounds one round; the rest are sent in the next round.
	maxRecipients = 500
	// maxItems bounds the news and the events of one newsletter.
	maxItems = 20
)

// NewsletterMonth returns the first day of t's month (as a date, in UTC) and whether its
// newsletter is due: from 08.00 on the 1st, Europe/Oslo.
func NewsletterMonth(t time.Time) (time.Time, bool) {
	t = t.In(tz.Oslo)
	month := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	return month, t.Day() > 1 || t.Hour() >= sendHour
}

// Newsletter is one owner representative's newsletter.
type Newsletter struct {
	Month        time.Time // the first day of the month it is for
	Since        time.Time // news published from this time on are in it
	Name         string
	Municipality string
	News         []NewsletterNews
	Events       []NewsletterEvent
	Companies    []CompanyFigures
}

// NewsletterNews is a news item in a newsletter.
type NewsletterNews struct {
	ID          int64     `db:"id"`
	Title       string    `db:"title"`
	Ingress     string    `db:"ingress"`
	PublishedAt time.Time `db:"published_at"`
}

// NewsletterEvent is a coming event in a newsletter.
type NewsletterEvent struct {
	ID       int64     `db:"id"`
	Title    string    `db:"title"`
	StartsAt time.Time `db:"starts_at"`
	Place    string    `db:"place"`
	Online   bool      `db:"online"`
}

// recipient is an owner representative due this month's newsletter.
type recipient struct {
	ID           int64  `db:"id"`
	Name         string `db:"name"`
	Email        string `db:"email"`
	Municipality string `db:"municipality"`
}

// recipientsSQL: active owner representatives who have accepted the invitation (a password, or
// a link to an identity provider), have not said no and have not had month $1's newsletter.
const recipientsSQL = `
	SELECT u.id, u.name, u.email, u.municipality FROM users u
	WHERE u.kind = '` + access.KindOwner + `' AND u.active AND u.municipality IS NOT NULL
	  AND (u.password_hash IS NOT NULL OR EXISTS (SELECT 1 FROM user_identities ui WHERE ui.user_id = u.id))
	  AND NOT EXISTS (SELECT 1 FROM owner_newsletter_optouts o WHERE o.user_id = u.id)
	  AND NOT EXISTS (SELECT 1 FROM owner_newsletter_sends s WHERE s.user_id = u.id AND s.month = $1::date)
	ORDER BY u.id LIMIT $2`

// SendNewsletters sends the month's newsletter (see NewsletterMonth) to every owner
// representative due it, and returns how many were sent. Each mail is written to the outbox in
// the transaction that records the send, and only if that record is new, so running it again,
// after a restart or on a second instance, sends nobody a second one. A person whose newsletter
// fails is tried again in the next round; the error names them, and the others are sent.
func (s *Store) SendNewsletters(ctx context.Context, now time.Time, baseURL string) (int, error) {
	month, due := NewsletterMonth(now)
	if !due {
		return 0, nil
	}
	rows, _ := s.pool.Query(ctx, recipientsSQL, month.Format(time.DateOnly), maxRecipients)
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[recipient])
	if err != nil {
		return 0, fmt.Errorf("guests: newsletter recipients: %w", err)
	}
	figures := map[string][]CompanyFigures{} // by municipality: the same for each of its owners
	sent := 0
	var failed []error // one person's failure (a mail the outbox refuses) holds back nobody else
	for _, r := range list {
		n, err := s.newsletter(ctx, r, month, now, figures)
		ok := false
		if err == nil {
			ok, err = s.sendNewsletter(ctx, r, n, baseURL)
		}
		switch {
		case err != nil && ctx.Err() != nil:
			return sent, err
		case err != nil:
			failed = append(failed, err)
		case ok:
			sent++
		}
	}
	return sent, errors.Join(failed...)
}

// newsletter gathers r's newsletter for month: what the access rule opens to r, as r.
func (s *Store) newsletter(ctx context.Context, r recipient, month, now time.Time, figures map[string][]CompanyFigures) (Newsletter, error) {
	since := time.Date(month.Year(), month.Month()-1, 1, 0, 0, 0, 0, tz.Oslo)
	n := Newsletter{Month: month, Since: since, Name: r.Name, Municipality: r.Municipality}
	v := access.Positional() // $1 the viewer, $2 whether a cluster admin (news have no groups: unused)
	var b pgx.Batch
	database.Collect(&b, &n.News, `
		SELECT n.id, n.title, n.ingress, n.published_at FROM news n
		WHERE `+v.Opened("n.open_to", "NULL")+` AND n.published_at >= $2 AND n.published_at <= $3
		ORDER BY n.published_at DESC, n.id DESC LIMIT `+fmt.Sprint(maxItems), r.ID, since, now)
	database.Collect(&b, &n.Events, `
		SELECT e.id, e.title, e.starts_at, e.place, e.online_url <> '' AS online FROM events e
		WHERE `+v.Event("e")+` AND e.status = 'published' AND e.starts_at >= $3 AND e.starts_at < $4
		ORDER BY e.starts_at, e.id LIMIT `+fmt.Sprint(maxItems), r.ID, false, now, now.Add(EventWindow))
	if err := database.Send(ctx, s.pool, &b); err != nil {
		return n, fmt.Errorf("guests: newsletter of %d: %w", r.ID, err)
	}
	companies, ok := figures[r.Municipality]
	if !ok {
		var err error
		if companies, err = s.OwnedFigures(ctx, r.Municipality); err != nil {
			return n, err
		}
		figures[r.Municipality] = companies
	}
	n.Companies = companies
	return n, nil
}

// sendNewsletter records r's newsletter for n.Month with a new unsubscribe token and writes the
// mail to the outbox, in one transaction; it does nothing (false) if the month's newsletter has
// already been recorded for r or r has said no meanwhile.
func (s *Store) sendNewsletter(ctx context.Context, r recipient, n Newsletter, baseURL string) (bool, error) {
	token, hash, err := newUnsubscribeToken()
	if err != nil {
		return false, err
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return false, err
	}
	defer tx.Rollback(ctx)
	tag, err := tx.Exec(ctx, `
		INSERT INTO owner_newsletter_sends (user_id, month, unsubscribe_hash)
		SELECT $1, $2::date, $3 WHERE NOT EXISTS (SELECT 1 FROM owner_newsletter_optouts WHERE user_id = $1)
		ON CONFLICT DO NOTHING`, r.ID, n.Month.Format(time.DateOnly), hash)
	if err != nil {
		return false, fmt.Errorf("guests: record newsletter of %d: %w", r.ID, err)
	}
	if tag.RowsAffected() == 0 {
		return false, nil
	}
	if err := mail.Enqueue(ctx, tx, newsletterMail(r.Email, n, baseURL, token)); err != nil {
		return false, fmt.Errorf("guests: newsletter of %d: %w", r.ID, err)
	}
	return true, tx.Commit(ctx)
}

// RunNewsletters sends the month's newsletters every interval until ctx ends.
func (s *Store) RunNewsletters(ctx context.Context, interval time.Duration, baseURL string, logger *slog.Logger) {
	background.Every(ctx, interval, logger, "guests: owner newsletters sent", func(ctx context.Context) (int64, error) {
		n, err := s.SendNewsletters(ctx, time.Now(), baseURL)
		return int64(n), err
	})
}

// An unsubscribe token is 32 random bytes, base64url without padding (43 characters), made for
// each newsletter sent. Only its SHA-256 is stored, with the send it belongs to: the token says
// nothing about whom it belongs to, cannot be guessed, and a copy of the database cannot be used
// to unsubscribe anyone. Every newsletter's link keeps working as long as its send is recorded.
const tokenLen = 43

func newUnsubscribeToken() (plain string, hash []byte, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", nil, err
	}
	plain = base64.RawURLEncoding.EncodeToString(b)
	return plain, hashToken(plain), nil
}

func hashToken(plain string) []byte {
	sum := sha256.Sum256([]byte(plain))
	return sum[:]
}

// wellFormed reports whether token could be one of ours, before any query.
func wellFormed(token string) bool {
	if len(token) != tokenLen {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(token)
	return err == nil
}

// UnsubscribeStatus reports whether the holder of token has already said no to the newsletter;
// ErrNotFound if the token is none of ours.
func (s *Store) UnsubscribeStatus(ctx context.Context, token string) (bool, error) {
	if !wellFormed(token) {
		return false, ErrNotFound
	}
	var out bool
	err := s.pool.QueryRow(ctx, `
		SELECT EXISTS (SELECT 1 FROM owner_newsletter_optouts o WHERE o.user_id = s.user_id)
		FROM owner_newsletter_sends s WHERE s.unsubscribe_hash = $1`, hashToken(token)).Scan(&out)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, ErrNotFound
	}
	return out, err
}

// Unsubscribe says no to the newsletter for the holder of token (the person it was sent to,
// and nobody else); saying it twice is fine. ErrNotFound if the token is none of ours.
func (s *Store) Unsubscribe(ctx context.Context, token string) error {
	if !wellFormed(token) {
		return ErrNotFound
	}
	tag, err := s.pool.Exec(ctx, `
		INSERT INTO owner_newsletter_optouts (user_id)
		SELECT user_id FROM owner_newsletter_sends WHERE unsubscribe_hash = $1
		ON CONFLICT (user_id) DO NOTHING`, hashToken(token))
	if err != nil {
		return fmt.Errorf("guests: unsubscribe: %w", err)
	}
	if tag.RowsAffected() == 0 {
		// Either an unknown token or one already used: tell them apart.
		if _, err := s.UnsubscribeStatus(ctx, token); err != nil {
			return err
		}
	}
	return nil
}

// Resubscribe takes back the no of the holder of token (an unsubscribe by mistake); the next
// month's newsletter comes again. ErrNotFound if the token is none of ours.
func (s *Store) Resubscribe(ctx context.Context, token string) error {
	if !wellFormed(token) {
		return ErrNotFound
	}
	var found bool
	err := s.pool.QueryRow(ctx, `
		WITH holder AS (SELECT user_id FROM owner_newsletter_sends WHERE unsubscribe_hash = $1),
		gone AS (DELETE FROM owner_newsletter_optouts o USING holder h WHERE o.user_id = h.user_id RETURNING 1)
		SELECT EXISTS (SELECT 1 FROM holder)`, hashToken(token)).Scan(&found)
	if err != nil {
		return fmt.Errorf("guests: resubscribe: %w", err)
	}
	if !found {
		return ErrNotFound
	}
	return nil
}

// Subscribed reports whether owner representative userID gets the monthly newsletter.
func (s *Store) Subscribed(ctx context.Context, userID int64) (bool, error) {
	var on bool
	err := s.pool.QueryRow(ctx, `SELECT NOT EXISTS (SELECT 1 FROM owner_newsletter_optouts WHERE user_id = $1)`, userID).Scan(&on)
	return on, err
}

// SetSubscribed turns the monthly newsletter on or off for owner representative userID, signed
// in (the mail's link does the same without a session).
func (s *Store) SetSubscribed(ctx context.Context, userID int64, on bool) error {
	sql := `INSERT INTO owner_newsletter_optouts (user_id) VALUES ($1) ON CONFLICT DO NOTHING`
	if on {
		sql = `DELETE FROM owner_newsletter_optouts WHERE user_id = $1`
	}
	_, err := s.pool.Exec(ctx, sql, userID)
	return err
}
