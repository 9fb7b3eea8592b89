package demo

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/events"
	"klyngeportalen/internal/markdown"
	"klyngeportalen/internal/tz"
)

// demoEvent is one event of the demo data; days are from today, at hour:00 in Oslo.
type demoEvent struct {
	title, kind, description, place, url, organiser, group string
	days, hour, hours, capacity, companyCap                int
	topic                                                  int16
	registered, waiting                                    []string // e-mail addresses, in order
	status                                                 string
}

var demoEvents = []demoEvent{
	{title: "Nettverkssamling i Bodø", kind: "nettverkssamling", days: -60, hour: 10, hours: 6, place: "Bodø, Thon Hotel Nordlys", organiser: "iris-salten", topic: 2,
		description: "Årets første samling for alle medlemmene: erfaringer med **ny innsamlingsordning** og omvisning på Vikan.",
		registered:  []string{"direktor@iris-salten.example", "ansatt@las.example", "admin@haf.example"}},
	{title: "Seminar: nye krav til utsortering", kind: "seminar", days: 14, hour: 9, hours: 4, place: "Tromsø, Remiks Miljøpark", organiser: "remiks", topic: 1, capacity: 3,
		description: "Hva betyr de nye kravene til utsortering av matavfall og plast for oss? Innledning ved Miljødirektoratet, deretter diskusjon.",
		registered:  []string{"direktor@hrs.example", "direktor@reno-vest.example", "direktor@fimil.example"},
		waiting:     []string{"admin@vefas.example", "direktor@las.example"}},
	{title: "Workshop: plukkanalyser i praksis", kind: "workshop", days: 21, hour: 9, hours: 7, place: "Mo i Rana, HAF", organiser: "haf", topic: 8, capacity: 40, companyCap: 4,
		description: "Vi går gjennom felles metode for plukkanalyser av restavfall, og sammenligner tallene fra i fjor.\n\n- Metode\n- Gjennomføring\n- Rapportering",
		registered:  []string{"ansatt@haf.example", "admin@iris-salten.example"}},
	{title: "Webinar: bærekraftsrapportering etter CSRD", kind: "webinar", days: 10, hour: 13, hours: 1, url: "https://meet.example/klynge-csrd", organiser: "remiks", topic: 7,
		description: "Et kort webinar om felles rutiner for bærekraftsrapportering."},
	{title: "Direktørforum: strategisamling", kind: "mote", days: 35, hour: 10, hours: 24, place: "Svolvær", organiser: "las", topic: 5, group: "direktorforum",
		description: "Lukket samling for direktørforumet: revisjon av klyngens strategi.", registered: []string{"direktor@las.example"}},
	{title: "Konferanse: Avfall Nord 2027", kind: "konferanse", days: 120, hour: 9, hours: 30, place: "Alta", organiser: "vefas", topic: 3, capacity: 150, status: events.StatusDraft,
		description: "Utkast: program kommer."},
}

// seedEvents adds the demo events and registrations once (ARCHITECTURE.md's demo data): past and
// coming events, one full with a waitlist, one for the direktørforum, one draft.
func seedEvents(ctx context.Context, pool *pgxpool.Pool) error {
	tx, fresh, err := begin(ctx, pool, "events")
	if !fresh {
		return err
	}
	defer tx.Rollback(ctx)
	md := markdown.New()
	y, m, d := time.Now().In(tz.Oslo).Date()
	for _, de := range demoEvents {
		starts := time.Date(y, m, d+de.days, de.hour, 0, 0, 0, tz.Oslo)
		status := de.status
		if status == "" {
			status = events.StatusPublished
		}
		var capacity, companyCap *int
		if de.capacity > 0 {
			capacity = &de.capacity
		}
		if de.companyCap > 0 {
			companyCap = &de.companyCap
		}
		var id int64
		if err := tx.QueryRow(ctx, `
			INSERT INTO events (title, kind, description_md, description_html, starts_at, ends_at, place, online_url,
				organiser_company_id, focus_area_id, topic_id, capacity, company_cap, question, group_id, status,
				registration_opens_at, cancellation_deadline)
			SELECT $1, $2, $3, $4, $5, $6, $7, $8, (SELECT id FROM companies WHERE slug = $9),
				(SELECT focus_area_id FROM topics WHERE id = $10), $10, $11, $12, 'Allergier eller andre hensyn vi bør kjenne til?',
				(SELECT id FROM groups WHERE slug = $13), $14, $5::timestamptz - interval '60 days', $5::timestamptz - interval '2 days'
			RETURNING id`,
			de.title, de.kind, de.description, md.HTML(de.description), starts, starts.Add(time.Duration(de.hours)*time.Hour),
			de.place, de.url, de.organiser, de.topic, capacity, companyCap, de.group, status).Scan(&id); err != nil {
			return err
		}
		for status, people := range map[string][]string{events.Confirmed: de.registered, events.Waitlisted: de.waiting} {
			for _, email := range people {
				if _, err := tx.Exec(ctx, `
					INSERT INTO registrations (event_id, user_id, company_id, status, registered_by, confirmed_at, checked_in_at)
					SELECT $1, u.id, u.company_id, $2, u.id, CASE WHEN $2 = 'confirmed' THEN now() END,
						CASE WHEN $2 = 'confirmed' AND $4 THEN $5::timestamptz END
					FROM users u WHERE u.email = $3`, id, status, email, de.days < 0, starts); err != nil {
					return err
				}
			}
		}
	}
	return tx.Commit(ctx)
}
