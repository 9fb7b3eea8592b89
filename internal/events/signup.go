package events

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/access"
	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/mail"
	"klyngeportalen/internal/validate"
)

// eventVersion is a digest of what a registration decides and mails from the event row e:
// read with the event before it is locked, and compared once it is.
const eventVersion = `md5(row(` + lockedColumns + `)::text)`

// signup is what a registration reads before the event is locked, in one round trip.
type signup struct {
	e       locked
	version string // eventVersion as read
	p       person
	sees    bool // p may see the event
	qs      []Question
}

// readSignup reads event eventID as actor sees it, the person userID (whom actor may sign up:
// themselves or a colleague of a company they administer; ErrNotFound otherwise), whether
// that person may see the event, its questions and its programme (for the calendar file).
func (s *Store) readSignup(ctx context.Context, actor *auth.User, eventID, userID int64) (signup, error) {
	var g signup
	v := ViewerOf(actor)
	foundEvent, foundPerson := false, false
	var role string
	var b pgx.Batch
	b.Queue(`SELECT `+lockedColumns+`, `+eventVersion+` FROM events e WHERE e.id = $3 AND `+visible, v.ID, v.Admin, eventID).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			e := &g.e
			if err := rows.Scan(&e.id, &e.title, &e.status, &e.place, &e.startsAt, &e.endsAt, &e.capacity, &e.companyCap,
				&e.opensAt, &e.closesAt, &e.cancellationDeadline, &e.groupID, &e.question, &e.kind, &e.onlineURL, &e.md,
				&e.sequence, &e.address, &g.version); err != nil {
				return err
			}
			foundEvent = true
		}
		return rows.Err()
	})
	b.Queue(`SELECT coalesce(u.company_id, 0), u.email, u.name, u.role,
			EXISTS (SELECT 1 FROM events e WHERE e.id = $2 AND `+access.Row("u", true).Event("e")+`)
		FROM users u WHERE u.id = $1 AND u.active AND u.password_hash IS NOT NULL`, userID, eventID).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			if err := rows.Scan(&g.p.companyID, &g.p.email, &g.p.name, &role, &g.sees); err != nil {
				return err
			}
			foundPerson = true
		}
		return rows.Err()
	})
	b.Queue(`SELECT `+questionColumns+` FROM event_questions q WHERE q.event_id = $1 ORDER BY q.position, q.id`, eventID).Query(func(rows pgx.Rows) error {
		var err error
		g.qs, err = pgx.CollectRows(rows, pgx.RowToStructByName[Question])
		return err
	})
	var agenda []Session
	b.Queue(`SELECT `+sessionColumns+` FROM event_sessions s WHERE s.event_id = $3 ORDER BY s.starts_at, s.id LIMIT 100`, int64(0), false, eventID).Query(func(rows pgx.Rows) error {
		var err error
		agenda, err = pgx.CollectRows(rows, pgx.RowToStructByName[Session])
		return err
	})
	if err := database.Send(ctx, s.pool, &b); err != nil {
		return g, err
	}
	g.p.id = userID
	g.p.admin = role == string(auth.RoleClusterAdmin)
	if !foundEvent || !foundPerson || (userID != actor.ID && !actor.CanAdminCompany(g.p.companyID)) {
		return g, ErrNotFound
	}
	g.e.agenda = Agenda(agenda) // the text names no links or documents: the same for everyone it is mailed to
	return g, nil
}

// signupSQL registers @user for the event once its row is locked (by the statement before it in
// the same transaction, so that this one's snapshot sees every registration committed before,
// and the event's count of confirmed seats, kept by a trigger (migrations 00015 and 00270), with them;
// the company's seats are counted only when the event caps them):
// confirmed while the seats and the company cap allow, otherwise on the waitlist, with the
// answers and the mail of the outcome. No row: the event changed since it was read (@version).
const signupSQL = `
	WITH e AS (
		SELECT e.id, e.capacity, e.company_cap FROM events e WHERE e.id = @event AND ` + eventVersion + ` = @version
	), taken AS (
		SELECT (SELECT confirmed FROM event_counts WHERE event_id = e.id) AS total,
		       CASE WHEN e.company_cap IS NOT NULL AND @company <> 0 THEN
		           (SELECT count(*) FROM registrations r WHERE r.event_id = @event AND r.status = 'confirmed' AND r.company_id = @company)
		       ELSE 0 END AS of_company
		FROM e
	), ins AS (
		INSERT INTO registrations (event_id, user_id, company_id, status, answer, registered_by, confirmed_at)
		SELECT e.id, @user, NULLIF(@company, 0), d.status, @answer, @actor, CASE WHEN d.status = 'confirmed' THEN now() END
		FROM e, taken, LATERAL (SELECT CASE WHEN (e.capacity IS NOT NULL AND taken.total >= e.capacity)
		                                      OR (e.company_cap IS NOT NULL AND @company <> 0 AND taken.of_company >= e.company_cap)
		                                    THEN 'waitlisted' ELSE 'confirmed' END AS status) d
		RETURNING id, status
	), place AS (
		SELECT ins.id, ins.status, CASE WHEN ins.status = 'waitlisted' THEN
			(SELECT count(*) FROM registrations r WHERE r.event_id = @event AND r.status = 'waitlisted' AND r.id < ins.id) + 1 ELSE 0 END AS position
		FROM ins
	), answers AS (
		INSERT INTO registration_answers (registration_id, question_id, answer)
		SELECT ins.id, q.id, ARRAY(SELECT x FROM jsonb_array_elements_text(a.value) WITH ORDINALITY v (x, i) ORDER BY i)
		FROM ins, jsonb_each(@answers::jsonb) a JOIN event_questions q ON q.id = a.key::bigint AND q.event_id = @event
	), mailed AS (
		INSERT INTO mail_outbox (to_address, subject, body, calendar)
		SELECT @to, CASE WHEN place.status = 'confirmed' THEN @confirmed_subject ELSE @waitlist_subject END,
		       CASE WHEN place.status = 'confirmed' THEN @confirmed_body ELSE @waitlist_before || place.position || @waitlist_after END,
		       CASE WHEN place.status = 'confirmed' THEN @confirmed_calendar ELSE '' END
		FROM place
	)
	SELECT status, position FROM place`

// RegisterWith signs userID up for event id on behalf of actor (themselves, or a company admin for a
// colleague): confirmed while seats and the company cap allow, otherwise on the waitlist. The
// answers to the event's questions are read from form; someone registering themselves must
// answer the required ones. The mail goes to the outbox in the same transaction.
//
// Two round trips: what the registration needs is read first, and the rest is one batch in
// one transaction — the event row locked, then the seat check, the registration, its answers
// and the mail in one statement — so that the row is locked for that batch only. Were the
// event changed in between, it is read again.
func (s *Store) RegisterWith(ctx context.Context, actor *auth.User, eventID, userID int64, answer string, form Form, baseURL string) (Result, error) {
	errs := validate.Errors{}
	answer = errs.Text("answer", answer, 0, 1000, true)
	if !errs.OK() {
		return Result{}, errs
	}
	for range 3 {
		g, err := s.readSignup(ctx, actor, eventID, userID)
		if err != nil {
			return Result{}, err
		}
		e, p := g.e, g.p
		if !g.sees && e.groupID != nil {
			return Result{}, refuse(p.name + " er ikke med i gruppen arrangementet er for.")
		}
		if !g.sees {
			return Result{}, refuse(p.name + " kan ikke melde seg på dette arrangementet.")
		}
		if ok, why := e.open(time.Now()); !ok {
			return Result{}, refuse(why)
		}
		answers, qerrs := checkAnswers(g.qs, form, p.id == actor.ID)
		if !qerrs.OK() {
			return Result{}, qerrs
		}
		args, err := signupArgs(e, p, baseURL, answers)
		if err != nil {
			return Result{}, err
		}
		args = with(args, "event", e.id, "version", g.version, "user", p.id, "company", p.companyID, "answer", answer, "actor", actor.ID)
		var res Result
		found := false
		var b pgx.Batch
		b.Queue(`SELECT 1 FROM events WHERE id = $1 FOR UPDATE`, e.id)
		b.Queue(signupSQL, args).Query(func(rows pgx.Rows) error {
			for rows.Next() {
				found = true
				if err := rows.Scan(&res.Status, &res.Position); err != nil {
					return err
				}
			}
			return rows.Err()
		})
		err = database.Send(ctx, s.pool, &b)
		if database.IsUniqueViolation(err) {
			if p.id == actor.ID {
				return Result{}, refuse("Du er allerede påmeldt dette arrangementet.")
			}
			return Result{}, refuse(p.name + " er allerede påmeldt dette arrangementet.")
		}
		if err != nil || found {
			return res, err
		}
	}
	return Result{}, refuse("Arrangementet ble endret mens du meldte deg på. Prøv igjen.")
}

// signupArgs are the mails of the outcomes of p's registration for e, checked as the outbox
// checks them: the confirmation, and the waitlist's mail around its place in the line (known
// once the event is locked), with the answers as JSON.
func signupArgs(e locked, p person, baseURL string, answers Answers) (database.Named, error) {
	e.baseURL = baseURL
	confirmed, err := mail.Check(confirmationMail(e, p))
	if err != nil {
		return nil, err
	}
	var mark [12]byte
	if _, err := rand.Read(mark[:]); err != nil {
		return nil, err
	}
	marker := "plass" + hex.EncodeToString(mark[:]) // nobody can have it in a name or a title
	waitlist, err := mail.Check(waitlistMailAt(e, p, marker))
	if err != nil {
		return nil, err
	}
	before, after, ok := strings.Cut(waitlist.Body, marker)
	if !ok {
		return nil, errors.New("events: the waitlist mail lost its place")
	}
	byID := map[string][]string{}
	for id, v := range answers {
		byID[strconv.FormatInt(id, 10)] = v
	}
	js, err := json.Marshal(byID)
	if err != nil {
		return nil, err
	}
	return database.Named{
		"to": confirmed.To, "confirmed_subject": confirmed.Subject, "confirmed_body": confirmed.Body, "confirmed_calendar": confirmed.Calendar,
		"waitlist_subject": waitlist.Subject, "waitlist_before": before, "waitlist_after": after, "answers": string(js),
	}, nil
}

func with(args database.Named, kv ...any) database.Named {
	for i := 0; i+1 < len(kv); i += 2 {
		args[kv[i].(string)] = kv[i+1]
	}
	return args
}
