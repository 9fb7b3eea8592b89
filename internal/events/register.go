package events

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/mail"
)

// locked is an event row held with FOR UPDATE for the length of a transaction.
type locked struct {
	id                   int64
	sequence             int
	address              string
	agenda               string
	title, status, place string
	kind, onlineURL, md  string
	startsAt, endsAt     time.Time
	capacity, companyCap *int32
	opensAt, closesAt    *time.Time
	cancellationDeadline *time.Time
	groupID              *int64
	question             string
	baseURL              string
}

// lockedColumns select a locked; scanLocked reads them.
const lockedColumns = `e.id, e.title, e.status, e.place, e.starts_at, e.ends_at, e.capacity, e.company_cap,
	e.registration_opens_at, e.registration_closes_at, e.cancellation_deadline, e.group_id, e.question,
	e.kind, e.online_url, e.description_md, e.sequence, e.address`

func scanLocked(row pgx.Row, e *locked) error {
	return row.Scan(&e.id, &e.title, &e.status, &e.place, &e.startsAt, &e.endsAt, &e.capacity, &e.companyCap,
		&e.opensAt, &e.closesAt, &e.cancellationDeadline, &e.groupID, &e.question, &e.kind, &e.onlineURL, &e.md, &e.sequence, &e.address)
}

// lockEvent locks event id, which v must be allowed to see (ErrNotFound otherwise).
func lockEvent(ctx context.Context, tx pgx.Tx, v Viewer, id int64) (locked, error) {
	var e locked
	err := scanLocked(tx.QueryRow(ctx, `SELECT `+lockedColumns+` FROM events e WHERE e.id = $3 AND `+visible+` FOR UPDATE OF e`, v.ID, v.Admin, id), &e)
	if errors.Is(err, pgx.ErrNoRows) {
		return e, ErrNotFound
	}
	return e, err
}

// person is the one a registration is for.
type person struct {
	id, companyID int64 // companyID 0: a person of no member company (no company cap)
	email, name   string
	status        string // of their registration, where known
	admin         bool
}

// loadPerson returns active user id if actor may act for them: themselves, or a colleague of a
// company they administer. Anyone else is ErrNotFound.
func loadPerson(ctx context.Context, tx pgx.Tx, actor *auth.User, id int64) (person, error) {
	p := person{id: id}
	var role string
	err := tx.QueryRow(ctx, `SELECT coalesce(company_id, 0), email, name, role FROM users WHERE id = $1 AND active AND password_hash IS NOT NULL`, id).
		Scan(&p.companyID, &p.email, &p.name, &role)
	if errors.Is(err, pgx.ErrNoRows) {
		return p, ErrNotFound
	}
	if err != nil {
		return p, err
	}
	p.admin = role == string(auth.RoleClusterAdmin)
	if id != actor.ID && !actor.CanAdminCompany(p.companyID) {
		return p, ErrNotFound
	}
	return p, nil
}

// Register signs userID up for event id with no answers to its registration form (RegisterWith).
func (s *Store) Register(ctx context.Context, actor *auth.User, eventID, userID int64, answer, baseURL string) (Result, error) {
	return s.RegisterWith(ctx, actor, eventID, userID, answer, nil, baseURL)
}

// open reports whether e takes registrations at now, and otherwise why not (in Norwegian).
func (e locked) open(now time.Time) (bool, string) {
	return Event{Status: e.status, StartsAt: e.startsAt, RegistrationOpensAt: e.opensAt, RegistrationClosesAt: e.closesAt}.RegistrationOpen(now)
}

// Cancel ends userID's registration for event id on behalf of actor. A confirmed seat may be
// given up until the cancellation deadline and goes at once to the first on the waitlist whose
// company cap allows it; leaving the waitlist is allowed until the event starts.
func (s *Store) Cancel(ctx context.Context, actor *auth.User, eventID, userID int64, baseURL string) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	e, err := lockEvent(ctx, tx, ViewerOf(actor), eventID)
	if err != nil {
		return err
	}
	if _, err := loadPerson(ctx, tx, actor, userID); err != nil {
		return err
	}
	var regID int64
	var status string
	err = tx.QueryRow(ctx, `SELECT id, status FROM registrations WHERE event_id = $1 AND user_id = $2 AND status <> 'cancelled'`, e.id, userID).Scan(&regID, &status)
	if errors.Is(err, pgx.ErrNoRows) {
		return refuse("Det finnes ingen påmelding å melde av.")
	}
	if err != nil {
		return err
	}
	now := time.Now()
	ev := Event{StartsAt: e.startsAt, CancellationDeadline: e.cancellationDeadline}
	switch {
	case ev.Past(now):
		return refuse("Arrangementet har allerede startet, så påmeldingen kan ikke endres.")
	case status == Confirmed && !ev.CanCancel(now):
		return refuse("Avmeldingsfristen er ute. Ta kontakt med arrangøren.")
	}
	if _, err := tx.Exec(ctx, `UPDATE registrations SET status = 'cancelled', cancelled_at = now() WHERE id = $1`, regID); err != nil {
		return err
	}
	e.baseURL = baseURL
	if status == Confirmed {
		if err := promote(ctx, tx, e); err != nil {
			return err
		}
	}
	return tx.Commit(ctx)
}

// promote gives free seats of the locked event e to the waitlist in order, skipping those whose
// company has reached its cap, and mails each one promoted.
func promote(ctx context.Context, tx pgx.Tx, e locked) error {
	rows, _ := tx.Query(ctx, `SELECT coalesce(company_id, 0), count(*)::int FROM registrations WHERE event_id = $1 AND status = 'confirmed' GROUP BY 1`, e.id)
	perCompany := map[int64]int{}
	total := 0
	var company int64
	var n int
	if _, err := pgx.ForEachRow(rows, []any{&company, &n}, func() error { perCompany[company] = n; total += n; return nil }); err != nil {
		return err
	}
	rows, _ = tx.Query(ctx, `
		SELECT r.id, r.user_id, coalesce(r.company_id, 0), u.email, u.name
		FROM registrations r JOIN users u ON u.id = r.user_id
		WHERE r.event_id = $1 AND r.status = 'waitlisted' ORDER BY r.id`, e.id)
	type waiting struct {
		regID int64
		p     person
	}
	var list []waiting
	var w waiting
	if _, err := pgx.ForEachRow(rows, []any{&w.regID, &w.p.id, &w.p.companyID, &w.p.email, &w.p.name}, func() error { list = append(list, w); return nil }); err != nil {
		return err
	}
	var ids []int64
	for _, w := range list {
		if e.capacity != nil && total >= int(*e.capacity) {
			break
		}
		if e.companyCap != nil && w.p.companyID != 0 && perCompany[w.p.companyID] >= int(*e.companyCap) {
			continue
		}
		ids = append(ids, w.regID)
		total++
		perCompany[w.p.companyID]++
		if err := mail.Enqueue(ctx, tx, promotionMail(e, w.p)); err != nil {
			return err
		}
	}
	if len(ids) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `UPDATE registrations SET status = 'confirmed', confirmed_at = now() WHERE id = ANY($1)`, ids)
	return err
}
