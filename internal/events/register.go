package events

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/mail"
	"klyngeportalen/internal/validate"
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

// lockEvent locks event id, which v must be allowed to see (ErrNotFound otherwise).
func lockEvent(ctx context.Context, tx pgx.Tx, v Viewer, id int64) (locked, error) {
	var e locked
	err := tx.QueryRow(ctx, `
		SELECT e.id, e.title, e.status, e.place, e.starts_at, e.ends_at, e.capacity, e.company_cap,
		       e.registration_opens_at, e.registration_closes_at, e.cancellation_deadline, e.group_id, e.question,
		       e.kind, e.online_url, e.description_md, e.sequence, e.address
		FROM events e WHERE e.id = $3 AND `+visible+` FOR UPDATE OF e`, v.ID, v.Admin, id).
		Scan(&e.id, &e.title, &e.status, &e.place, &e.startsAt, &e.endsAt, &e.capacity, &e.companyCap,
			&e.opensAt, &e.closesAt, &e.cancellationDeadline, &e.groupID, &e.question, &e.kind, &e.onlineURL, &e.md, &e.sequence, &e.address)
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

// RegisterWith signs userID up for event id on behalf of actor (themselves, or a company admin for a
// colleague), in one short transaction with the event row locked: confirmed while seats and the
// company cap allow, otherwise on the waitlist. The answers to the event's questions are read
// from form; someone registering themselves must answer the required ones. The mail goes to the
// outbox in the same transaction.
func (s *Store) RegisterWith(ctx context.Context, actor *auth.User, eventID, userID int64, answer string, form Form, baseURL string) (Result, error) {
	errs := validate.Errors{}
	answer = errs.Text("answer", answer, 0, 1000, true)
	if !errs.OK() {
		return Result{}, errs
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return Result{}, err
	}
	defer tx.Rollback(ctx)
	e, err := lockEvent(ctx, tx, ViewerOf(actor), eventID)
	if err != nil {
		return Result{}, err
	}
	p, err := loadPerson(ctx, tx, actor, userID)
	if err != nil {
		return Result{}, err
	}
	// The person signed up must see the event too (the one access rule, with them as viewer).
	var sees bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM events e WHERE e.id = $3 AND `+visible+`)`, p.id, p.admin, e.id).Scan(&sees); err != nil {
		return Result{}, err
	}
	if !sees && e.groupID != nil {
		return Result{}, refuse(p.name + " er ikke med i gruppen arrangementet er for.")
	}
	if !sees {
		return Result{}, refuse(p.name + " kan ikke melde seg på dette arrangementet.")
	}
	if ok, why := e.open(time.Now()); !ok {
		return Result{}, refuse(why)
	}
	qs, err := questionsTx(ctx, tx, e.id)
	if err != nil {
		return Result{}, err
	}
	answers, qerrs := checkAnswers(qs, form, p.id == actor.ID)
	if !qerrs.OK() {
		return Result{}, qerrs
	}
	var total, ofCompany int
	if err := tx.QueryRow(ctx, `
		SELECT count(*), count(*) FILTER (WHERE company_id = $2) FROM registrations WHERE event_id = $1 AND status = 'confirmed'`,
		e.id, p.companyID).Scan(&total, &ofCompany); err != nil {
		return Result{}, err
	}
	res := Result{Status: Confirmed}
	if (e.capacity != nil && total >= int(*e.capacity)) || (e.companyCap != nil && p.companyID != 0 && ofCompany >= int(*e.companyCap)) {
		res.Status = Waitlisted
	}
	var regID int64
	err = tx.QueryRow(ctx, `
		INSERT INTO registrations (event_id, user_id, company_id, status, answer, registered_by, confirmed_at)
		VALUES ($1, $2, NULLIF($3, 0), $4, $5, $6, CASE WHEN $4 = 'confirmed' THEN now() END) RETURNING id`,
		e.id, p.id, p.companyID, res.Status, answer, actor.ID).Scan(&regID)
	if database.IsUniqueViolation(err) {
		if p.id == actor.ID {
			return Result{}, refuse("Du er allerede påmeldt dette arrangementet.")
		}
		return Result{}, refuse(p.name + " er allerede påmeldt dette arrangementet.")
	}
	if err != nil {
		return Result{}, err
	}
	if err := saveAnswers(ctx, tx, regID, qs, answers); err != nil {
		return Result{}, err
	}
	if err := s.loadAgenda(ctx, tx, &e); err != nil {
		return Result{}, err
	}
	e.baseURL = baseURL
	if res.Status == Waitlisted {
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM registrations WHERE event_id = $1 AND status = 'waitlisted' AND id <= $2`, e.id, regID).Scan(&res.Position); err != nil {
			return Result{}, err
		}
		err = mail.Enqueue(ctx, tx, waitlistMail(e, p, res.Position))
	} else {
		err = mail.Enqueue(ctx, tx, confirmationMail(e, p))
	}
	if err != nil {
		return Result{}, err
	}
	return res, tx.Commit(ctx)
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
