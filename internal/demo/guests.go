package demo

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/markdown"
)

// The demo's owner representative and partner person (ARCHITECTURE.md's demo data), and what is
// opened to them: the Eierforum and Partnerforum with a thread each, an owners' meeting and an
// open seminar, a news item, a shared document and an owner activity in the årshjul.
const (
	DemoOwner   = "eier@bodo.example"    // owner representative of Bodø kommune (an owner of IRIS Salten)
	DemoPartner = "partner@nord.example" // Nord universitet
)

// seedGuests adds them once; the areas' own demo content must be there first.
func seedGuests(ctx context.Context, pool *pgxpool.Pool, demoPassword string) error {
	md := markdown.New()
	hash, err := auth.HashPassword(demoPassword)
	if err != nil {
		return err
	}
	tx, err := pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	steps := []struct {
		what string
		sql  string
		args []any
	}{
		{"owner", `INSERT INTO users (kind, municipality, email, name, title, password_hash) VALUES ('owner', 'Bodø', $1, 'Eva Eiersen', 'Kommunedirektør', $2)`, []any{DemoOwner, hash}},
		{"partner", `INSERT INTO users (kind, partner_id, email, name, title, password_hash)
			SELECT 'partner', id, $1, 'Per Partnersen', 'Førsteamanuensis', $2 FROM partner_organisations WHERE slug = 'nord-universitet'`, []any{DemoPartner, hash}},
		{"forums", `INSERT INTO forums (slug, name, description, open_to, position) VALUES
			('eierforum', 'Eierforum', 'For eierkommunenes representanter og medlemmene: eierstyring, felles løsninger og eiermøter.', '{owner}', 100),
			('partnerforum', 'Partnerforum', 'For samarbeidspartnere og medlemmene: forskning, utdanning og prosjekter.', '{partner}', 101)`, nil},
		{"threads", `WITH t AS (INSERT INTO forum_threads (forum_id, title, author_id, post_count)
				SELECT f.id, x.title, u.id, 1 FROM (VALUES ('eierforum', 'Velkommen til Eierforum', 'klyngeleder@remiks.example'),
					('partnerforum', 'Velkommen til Partnerforum', 'klyngeleder@remiks.example')) x(slug, title, email)
				JOIN forums f ON f.slug = x.slug JOIN users u ON u.email = x.email RETURNING id, author_id)
			INSERT INTO forum_posts (thread_id, seq, author_id, body_md, body_html, submit_key)
			SELECT id, 1, author_id, $1, $2, 'demo-guest-' || id FROM t`,
			[]any{"Her deler vi det som er nyttig for dere. Spør gjerne om det dere lurer på!", md.HTML("Her deler vi det som er nyttig for dere. Spør gjerne om det dere lurer på!")}},
		{"events", `INSERT INTO events (title, kind, description_md, description_html, starts_at, ends_at, place, organiser_company_id,
				capacity, status, open_to, registration_opens_at, cancellation_deadline)
			SELECT x.title, x.kind, x.body, x.html, date_trunc('day', now()) + make_interval(days => x.days, hours => 9),
				date_trunc('day', now()) + make_interval(days => x.days, hours => 15), x.place, (SELECT id FROM companies WHERE slug = 'iris-salten'),
				x.capacity, 'published', x.open_to::text[], now() - interval '1 day', date_trunc('day', now()) + make_interval(days => x.days - 2)
			FROM (VALUES
				('Eiermøte: felles løsninger i nord', 'mote', $1::text, $2::text, 30, 'Bodø, Rådhuset', 60, '{owner}'),
				('Åpent seminar: forskning på ettersortering', 'seminar', $3::text, $4::text, 45, 'Tromsø, UiT', 80, '{owner,partner}')
			) x(title, kind, body, html, days, place, capacity, open_to)`,
			[]any{"Årlig møte mellom klyngen og eierkommunene: status for strategien, nøkkeltallene og felles anskaffelser.",
				md.HTML("Årlig møte mellom klyngen og eierkommunene: status for strategien, nøkkeltallene og felles anskaffelser."),
				"Forskere og medlemmene legger fram resultater om ettersortering av restavfall.",
				md.HTML("Forskere og medlemmene legger fram resultater om ettersortering av restavfall.")}},
		{"news", `INSERT INTO news (title, ingress, body_md, body_html, author_id, open_to)
			SELECT 'Eierne inviteres til eiermøte', 'Klyngen inviterer eierkommunene til eiermøte i Bodø om felles løsninger.', $1, $2, id, '{owner,partner}'
			FROM users WHERE email = 'klyngeleder@remiks.example'`,
			[]any{"Påmeldingen er åpen på forsiden deres i portalen.", md.HTML("Påmeldingen er åpen på forsiden deres i portalen.")}},
		{"document", `UPDATE documents SET open_to = '{owner,partner}'
			WHERE id = (SELECT id FROM documents WHERE group_id IS NULL AND deleted_at IS NULL ORDER BY id LIMIT 1)`, nil},
		{"activity", `INSERT INTO activities (title, description, focus_area_id, starts_on, ends_on, status, open_to)
			SELECT 'Eiermøte med eierkommunene', 'Årlig møte med eierne om strategien og nøkkeltallene.', fa.id,
				current_date + 30, current_date + 30, 'planlagt', '{owner}'
			FROM focus_areas fa ORDER BY fa.position LIMIT 1`, nil},
	}
	for _, st := range steps {
		if _, err := tx.Exec(ctx, st.sql, st.args...); err != nil {
			return fmt.Errorf("demo %s: %w", st.what, err)
		}
	}
	return tx.Commit(ctx)
}
