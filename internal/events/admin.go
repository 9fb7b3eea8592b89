package events

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/access"
	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/mail"
	"klyngeportalen/internal/markdown"
	"klyngeportalen/internal/validate"
)

// Input is the event form as typed: times as "2026-06-05T09:30" (datetime-local, Europe/Oslo).
type Input struct {
	Title, Kind, Description                 string
	StartsAt, EndsAt                         string
	Place, OnlineURL                         string
	OrganiserCompanyID, FocusAreaID, TopicID string
	Capacity, CompanyCap                     string
	OpensAt, ClosesAt, CancellationDeadline  string
	Question, GroupID                        string
	Address, TravelNotes, AccommodationNotes string
	OpenTo                                   []string // owner and/or partner besides the members
}

// LocalTime is the layout of a datetime-local field.
const LocalTime = "2006-01-02T15:04"

// InputOf fills the form from e.
func InputOf(e Event) Input {
	id := func(p *int64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatInt(*p, 10)
	}
	small := func(p *int16) string {
		if p == nil {
			return ""
		}
		return strconv.Itoa(int(*p))
	}
	num := func(p *int32) string {
		if p == nil {
			return ""
		}
		return strconv.Itoa(int(*p))
	}
	at := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.In(oslo).Format(LocalTime)
	}
	return Input{
		Title: e.Title, Kind: e.Kind, Description: e.DescriptionMD, StartsAt: at(&e.StartsAt), EndsAt: at(&e.EndsAt),
		Place: e.Place, OnlineURL: e.OnlineURL, OrganiserCompanyID: id(e.OrganiserCompanyID), FocusAreaID: small(e.FocusAreaID),
		TopicID: small(e.TopicID), Capacity: num(e.Capacity), CompanyCap: num(e.CompanyCap), OpensAt: at(e.RegistrationOpensAt),
		ClosesAt: at(e.RegistrationClosesAt), CancellationDeadline: at(e.CancellationDeadline), Question: e.Question, GroupID: id(e.GroupID),
		Address: e.Address, TravelNotes: e.TravelNotes, AccommodationNotes: e.AccommodationNotes, OpenTo: e.OpenTo,
	}
}

// clean is a checked Input, ready for SQL.
type clean struct {
	title, kind, md, html, place, url, question string
	address, travel, accommodation              string
	starts, ends                                time.Time
	opens, closes, deadline                     *time.Time
	organiser, group                            *int64
	focus, topic                                *int16
	capacity, cap                               *int32
	openTo                                      []string
}

func (s *Store) check(in Input) (clean, error) {
	errs := validate.Errors{}
	var c clean
	c.title = errs.Text("title", in.Title, 1, 200, false)
	c.kind = strings.TrimSpace(in.Kind)
	if KindLabel(c.kind) == c.kind {
		errs.Add("kind", "Velg hva slags arrangement det er.")
	}
	c.md = errs.Text("description", in.Description, 0, markdown.MaxLength, true)
	c.place = errs.Text("place", in.Place, 0, 300, false)
	c.url = errs.URL("online_url", in.OnlineURL)
	c.question = errs.Text("question", in.Question, 0, 300, false)
	c.address = errs.Text("address", in.Address, 0, 300, false)
	c.travel = errs.Text("travel_notes", in.TravelNotes, 0, 2000, true)
	c.accommodation = errs.Text("accommodation_notes", in.AccommodationNotes, 0, 2000, true)
	var ok bool
	if c.openTo, ok = access.CleanOpenTo(in.OpenTo); !ok {
		errs.Add("open_to", "Velg eierrepresentanter, samarbeidspartnere eller ingen av dem.")
	}
	at := func(field, v string, required bool) *time.Time {
		v = strings.TrimSpace(v)
		if v == "" {
			if required {
				errs.Add(field, "Fyll inn dato og klokkeslett.")
			}
			return nil
		}
		t, err := time.ParseInLocation(LocalTime, v, oslo)
		if err != nil || t.Year() < 2000 || t.Year() > 2100 {
			errs.Add(field, "Skriv dato og klokkeslett som 2026-06-05T09:30.")
			return nil
		}
		return &t
	}
	if t := at("starts_at", in.StartsAt, true); t != nil {
		c.starts = *t
	}
	if t := at("ends_at", in.EndsAt, true); t != nil {
		c.ends = *t
		if !c.starts.IsZero() && !c.ends.After(c.starts) {
			errs.Add("ends_at", "Slutten må være etter starten.")
		}
	}
	c.opens = at("opens_at", in.OpensAt, false)
	c.closes = at("closes_at", in.ClosesAt, false)
	c.deadline = at("cancellation_deadline", in.CancellationDeadline, false)
	if c.opens != nil && c.closes != nil && !c.closes.After(*c.opens) {
		errs.Add("closes_at", "Påmeldingen må stenge etter at den åpner.")
	}
	number := func(field, v string, bits int) *int64 {
		v = strings.TrimSpace(v)
		if v == "" {
			return nil
		}
		n, err := strconv.ParseInt(v, 10, bits)
		if err != nil || n < 1 || n > 100000 {
			errs.Add(field, "Skriv et helt tall fra 1 til 100 000.")
			return nil
		}
		return &n
	}
	short := func(p *int64) *int32 {
		if p == nil {
			return nil
		}
		n := int32(*p)
		return &n
	}
	tiny := func(p *int64) *int16 {
		if p == nil || *p > 1000 {
			return nil
		}
		n := int16(*p)
		return &n
	}
	c.capacity = short(number("capacity", in.Capacity, 32))
	c.cap = short(number("company_cap", in.CompanyCap, 32))
	c.organiser = number("organiser_company_id", in.OrganiserCompanyID, 64)
	c.group = number("group_id", in.GroupID, 64)
	if c.group != nil && len(c.openTo) > 0 {
		errs.Add("open_to", "Et arrangement for en gruppe kan ikke åpnes for eiere eller partnere.")
	}
	c.focus = tiny(number("focus_area_id", in.FocusAreaID, 16))
	c.topic = tiny(number("topic_id", in.TopicID, 16))
	if c.topic != nil && c.focus == nil {
		errs.Add("topic_id", "Velg satsingsområdet temaet hører til.")
	}
	if !errs.OK() {
		return c, errs
	}
	c.html = s.md.HTML(c.md)
	return c, nil
}

// refErrors turns a foreign key violation into a message beside the field it concerns.
func refErrors(err error) error {
	if database.IsForeignKeyViolation(err) {
		return validate.Errors{"topic_id": "Velg et tema som hører til satsingsområdet, og gyldige valg i listene."}
	}
	return err
}

// Create saves a new draft event made by actor (a cluster admin) and returns its id. The same
// event sent again within ten minutes is not made twice: the first one's id is returned.
func (s *Store) Create(ctx context.Context, actor *auth.User, in Input) (int64, error) {
	if !actor.IsClusterAdmin() {
		return 0, ErrForbidden
	}
	c, err := s.check(in)
	if err != nil {
		return 0, err
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	// The same form sent twice (a double click, a resent form) makes one event: the organiser's
	// creations are serialised, and an identical event made in the last minutes is the answer.
	id, found, err := database.Resubmitted(ctx, tx, "events.create", actor.ID, `SELECT id FROM events WHERE created_by = $1 AND created_at > now() - interval '10 minutes'
		AND title = $2 AND kind = $3 AND description_md = $4 AND starts_at = $5 AND ends_at = $6 ORDER BY id LIMIT 1`,
		actor.ID, c.title, c.kind, c.md, c.starts, c.ends)
	if err != nil || found {
		return id, err
	}
	err = tx.QueryRow(ctx, `
		INSERT INTO events (title, kind, description_md, description_html, starts_at, ends_at, place, online_url,
			organiser_company_id, focus_area_id, topic_id, capacity, company_cap, registration_opens_at,
			registration_closes_at, cancellation_deadline, question, group_id, created_by, address, travel_notes, accommodation_notes, open_to)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23) RETURNING id`,
		c.title, c.kind, c.md, c.html, c.starts, c.ends, c.place, c.url, c.organiser, c.focus, c.topic, c.capacity, c.cap,
		c.opens, c.closes, c.deadline, c.question, c.group, actor.ID, c.address, c.travel, c.accommodation, c.openTo).Scan(&id)
	if err != nil {
		return 0, refErrors(err)
	}
	return id, tx.Commit(ctx)
}

// Update changes event id. A raised (or removed) capacity or company cap gives the freed seats to
// the waitlist in the same transaction.
func (s *Store) Update(ctx context.Context, actor *auth.User, id int64, in Input, baseURL string) error {
	if !actor.IsClusterAdmin() {
		return ErrForbidden
	}
	c, err := s.check(in)
	if err != nil {
		return err
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	before, err := lockEvent(ctx, tx, ViewerOf(actor), id)
	if err != nil {
		return err
	}
	var confirmed, maxOfCompany int
	if err := tx.QueryRow(ctx, `SELECT coalesce(sum(n), 0), coalesce(max(n), 0) FROM (
		SELECT count(*) AS n FROM registrations WHERE event_id = $1 AND status = 'confirmed' GROUP BY company_id) c`, id).
		Scan(&confirmed, &maxOfCompany); err != nil {
		return err
	}
	errs := validate.Errors{}
	if c.capacity != nil && int(*c.capacity) < confirmed {
		errs.Add("capacity", "Det er allerede "+strconv.Itoa(confirmed)+" påmeldte. Meld noen av før du setter ned antall plasser.")
	}
	if c.cap != nil && int(*c.cap) < maxOfCompany {
		errs.Add("company_cap", "Et selskap har allerede "+strconv.Itoa(maxOfCompany)+" påmeldte. Meld noen av før du setter ned grensen.")
	}
	if !errs.OK() {
		return errs
	}
	_, err = tx.Exec(ctx, `
		UPDATE events SET title = $2, kind = $3, description_md = $4, description_html = $5, starts_at = $6, ends_at = $7,
			place = $8, online_url = $9, organiser_company_id = $10, focus_area_id = $11, topic_id = $12, capacity = $13,
			company_cap = $14, registration_opens_at = $15, registration_closes_at = $16, cancellation_deadline = $17,
			question = $18, group_id = $19, address = $20, travel_notes = $21, accommodation_notes = $22, open_to = $23, updated_at = now()
		WHERE id = $1`,
		id, c.title, c.kind, c.md, c.html, c.starts, c.ends, c.place, c.url, c.organiser, c.focus, c.topic, c.capacity, c.cap,
		c.opens, c.closes, c.deadline, c.question, c.group, c.address, c.travel, c.accommodation, c.openTo)
	if err != nil {
		return refErrors(err)
	}
	e, err := lockEvent(ctx, tx, ViewerOf(actor), id)
	if err != nil {
		return err
	}
	e.baseURL = baseURL
	if err := s.loadAgenda(ctx, tx, &e); err != nil {
		return err
	}
	if err := promote(ctx, tx, e); err != nil {
		return err
	}
	if changed := changes(before, e); changed != "" && e.status == StatusPublished {
		// Time or place changed: calendars get a new version of the same event (SEQUENCE raised),
		// and everyone registered or waiting one mail with it.
		if err := tx.QueryRow(ctx, `UPDATE events SET sequence = sequence + 1 WHERE id = $1 RETURNING sequence`, id).Scan(&e.sequence); err != nil {
			return err
		}
		if err := mailRegistered(ctx, tx, e, func(p person) mail.Message { return changedMail(e, p, changed) }); err != nil {
			return err
		}
	}
	return tx.Commit(ctx)
}

// Publish makes draft event id visible to members.
func (s *Store) Publish(ctx context.Context, actor *auth.User, id int64) error {
	if !actor.IsClusterAdmin() {
		return ErrForbidden
	}
	tag, err := s.pool.Exec(ctx, `UPDATE events SET status = 'published', updated_at = now() WHERE id = $1 AND status = 'draft'`, id)
	if err == nil && tag.RowsAffected() == 0 {
		return refuse("Bare et utkast kan publiseres.")
	}
	return err
}

// CancelEvent calls off event id and mails everyone registered or waiting, in one transaction.
func (s *Store) CancelEvent(ctx context.Context, actor *auth.User, id int64, baseURL string) error {
	if !actor.IsClusterAdmin() {
		return ErrForbidden
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	e, err := lockEvent(ctx, tx, ViewerOf(actor), id)
	if err != nil {
		return err
	}
	if e.status == StatusCancelled {
		return refuse("Arrangementet er allerede avlyst.")
	}
	if err := tx.QueryRow(ctx, `UPDATE events SET status = 'cancelled', cancelled_at = now(), sequence = sequence + 1, updated_at = now()
		WHERE id = $1 RETURNING status, sequence`, id).Scan(&e.status, &e.sequence); err != nil {
		return err
	}
	e.baseURL = baseURL
	if err := mailRegistered(ctx, tx, e, func(p person) mail.Message { return cancelledMail(e, p) }); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE registrations SET status = 'cancelled', cancelled_at = now() WHERE event_id = $1 AND status <> 'cancelled'`, id); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// Copy makes a new draft with everything of event id but its registrations, and returns its id.
func (s *Store) Copy(ctx context.Context, actor *auth.User, id int64) (int64, error) {
	if !actor.IsClusterAdmin() {
		return 0, ErrForbidden
	}
	var newID int64
	err := s.pool.QueryRow(ctx, `
		INSERT INTO events (title, kind, description_md, description_html, starts_at, ends_at, place, online_url,
			organiser_company_id, focus_area_id, topic_id, capacity, company_cap, registration_opens_at,
			registration_closes_at, cancellation_deadline, question, group_id, created_by, address, travel_notes, accommodation_notes, open_to)
		SELECT left('Kopi av ' || title, 200), kind, description_md, description_html, starts_at, ends_at, place, online_url,
			organiser_company_id, focus_area_id, topic_id, capacity, company_cap, registration_opens_at,
			registration_closes_at, cancellation_deadline, question, group_id, $2, address, travel_notes, accommodation_notes, open_to
		FROM events WHERE id = $1 RETURNING id`, id, actor.ID).Scan(&newID)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, err
	}
	// The registration form comes along (not the answers).
	_, err = s.pool.Exec(ctx, `INSERT INTO event_questions (event_id, position, kind, label, help, required, choices)
		SELECT $2, position, kind, label, help, required, choices FROM event_questions WHERE event_id = $1`, id, newID)
	return newID, err
}

// MailAll sends subject and body from the organiser to everyone confirmed or waiting for event id.
func (s *Store) MailAll(ctx context.Context, actor *auth.User, id int64, subject, body, baseURL string) (int, error) {
	if !actor.IsClusterAdmin() {
		return 0, ErrForbidden
	}
	errs := validate.Errors{}
	subject = errs.Text("subject", subject, 1, 150, false)
	body = errs.Text("body", body, 1, 10000, true)
	if !errs.OK() {
		return 0, errs
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	e, err := lockEvent(ctx, tx, ViewerOf(actor), id)
	if err != nil {
		return 0, err
	}
	e.baseURL = baseURL
	n := 0
	err = mailRegistered(ctx, tx, e, func(p person) mail.Message { n++; return messageMail(e, p, subject, body) })
	if err != nil {
		return 0, err
	}
	return n, tx.Commit(ctx)
}

// mailRegistered enqueues one mail per live registration of e (one per person: a person has at
// most one live registration).
func mailRegistered(ctx context.Context, tx pgx.Tx, e locked, m func(person) mail.Message) error {
	rows, _ := tx.Query(ctx, `SELECT u.id, u.email, u.name, r.status FROM registrations r JOIN users u ON u.id = r.user_id
		WHERE r.event_id = $1 AND r.status <> 'cancelled' ORDER BY r.id`, e.id)
	var people []person
	var p person
	if _, err := pgx.ForEachRow(rows, []any{&p.id, &p.email, &p.name, &p.status}, func() error { people = append(people, p); return nil }); err != nil {
		return err
	}
	for _, p := range people {
		if err := mail.Enqueue(ctx, tx, m(p)); err != nil {
			return err
		}
	}
	return nil
}

// CheckIn marks (or unmarks) registration regID of event id as present.
func (s *Store) CheckIn(ctx context.Context, actor *auth.User, eventID, regID int64, present bool) error {
	if !actor.IsClusterAdmin() {
		return ErrForbidden
	}
	tag, err := s.pool.Exec(ctx, `UPDATE registrations SET checked_in_at = CASE WHEN $3 THEN now() END
		WHERE id = $2 AND event_id = $1 AND status = 'confirmed'`, eventID, regID, present)
	if err == nil && tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return err
}

// SendReminders mails everyone confirmed for a published event that starts within the next day,
// once per event, and returns how many events it reminded about.
func (s *Store) SendReminders(ctx context.Context, baseURL string) (int, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	rows, _ := tx.Query(ctx, `
		UPDATE events SET reminded_at = now()
		WHERE id IN (SELECT id FROM events WHERE status = 'published' AND reminded_at IS NULL
		             AND starts_at > now() AND starts_at <= now() + interval '1 day' FOR UPDATE SKIP LOCKED)
		RETURNING id, title, place, starts_at, address, online_url`)
	var due []locked
	var e locked
	if _, err := pgx.ForEachRow(rows, []any{&e.id, &e.title, &e.place, &e.startsAt, &e.address, &e.onlineURL}, func() error { due = append(due, e); return nil }); err != nil {
		return 0, err
	}
	for _, e := range due {
		e.baseURL = baseURL
		rows, _ := tx.Query(ctx, `SELECT u.id, u.email, u.name FROM registrations r JOIN users u ON u.id = r.user_id
			WHERE r.event_id = $1 AND r.status = 'confirmed' ORDER BY r.id`, e.id)
		var people []person
		var p person
		if _, err := pgx.ForEachRow(rows, []any{&p.id, &p.email, &p.name}, func() error { people = append(people, p); return nil }); err != nil {
			return 0, err
		}
		for _, p := range people {
			if err := mail.Enqueue(ctx, tx, reminderMail(e, p)); err != nil {
				return 0, err
			}
		}
	}
	return len(due), tx.Commit(ctx)
}
