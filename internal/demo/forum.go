package demo

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/markdown"
)

// demoForums are the cluster's forums: the professional ones open to all, then the two group forums.
var demoForums = []struct{ slug, name, description, group string }{
	{"generelt", "Generelt", "Alt som ikke passer i de andre forumene: spørsmål, tips og nyheter fra klyngen.", ""},
	{"innsamling-og-logistikk", "Innsamling og logistikk", "Innsamlingsordninger, ruteplanlegging, kjøretøy og beholdere.", ""},
	{"kommunikasjon-og-omdomme", "Kommunikasjon og omdømme", "Kommunikasjon med innbyggere og eiere, kampanjer og gode historier.", ""},
	{"baerekraftsrapportering", "Bærekraftsrapportering", "Felles standarder og rutiner for bærekraftsrapportering og klimaregnskap.", ""},
	{"plukkanalyser", "Plukkanalyser", "Metode, gjennomføring og sammenligning av plukkanalyser av restavfall.", ""},
	{"hms-og-beredskap", "HMS og beredskap", "Helse, miljø og sikkerhet, brannvern og beredskap på anleggene.", ""},
	{"ombruk-og-sirkularokonomi", "Ombruk og sirkulærøkonomi", "Ombruksløsninger, gjenbrukstorg og samarbeid om sirkulære verdikjeder.", ""},
	{"direktorforum", "Direktørforum", "Lukket forum for daglige ledere i medlemsselskapene.", "direktorforum"},
	{"styringsgruppen", "Styringsgruppen", "Lukket forum for styringsgruppen.", "styringsgruppen"},
}

// demoModerators are the forums' appointed moderators besides the cluster admins: a group's leader in its forum.
var demoModerators = []struct{ forum, email string }{
	{"direktorforum", "direktor@iris-salten.example"},
}

// demoThreads are invented conversations; each post is written by the demo account given.
var demoThreads = []struct {
	forum, title string
	posts        []struct{ by, body string }
}{
	{"plukkanalyser", "Felles metode for plukkanalyse av restavfall", []struct{ by, body string }{
		{"ansatt@iris-salten.example", "Vi planlegger ny plukkanalyse i vår. Er det noen som har erfaring med å bruke **samme utvalg av husstander** flere år på rad?\n\nVi vurderer å følge Avfall Norges veileder."},
		{"ansatt@remiks.example", "Vi gjorde plukkanalysene våre i 2024 med faste ruter. Det gir bedre sammenligning over tid, men krever god dialog med sjåførene."},
		{"ansatt@vefas.example", "Enig. Vi deler gjerne skjemaet vi brukte for sortering i fraksjoner: matavfall, papir og papp, plastemballasje, glass- og metallemballasje, tekstiler og restavfall."},
	}},
	{"innsamling-og-logistikk", "Erfaringer med elektriske renovasjonsbiler i kulde", []struct{ by, body string }{
		{"ansatt@hrs.example", "Hvordan går det med rekkevidden på de elektriske bilene når det er 20 kuldegrader? Vi ser at batteriet tappes fort på lange ruter."},
		{"ansatt@senja-avfall.example", "Vi forvarmer bilene mens de står til lading om natta. Det hjelper mye, men lange distriktsruter kjører vi fortsatt med biogass."},
	}},
	{"kommunikasjon-og-omdomme", "Kampanje om matavfall før jul", []struct{ by, body string }{
		{"ansatt@las.example", "Vi lager en kampanje om matsvinn og sortering av matavfall i desember. Noen som vil dele materiell? Vi kan gjerne lage noe felles for klyngen."},
	}},
	{"hms-og-beredskap", "Brannvern ved mottak av litiumbatterier", []struct{ by, body string }{
		{"ansatt@haf.example", "Etter brannen i fjor har vi laget nye rutiner for batterier i småelektronikk. Rutinen ligger vedlagt i kunnskapsbanken; innspill tas imot med takk."},
		{"ansatt@reno-vest.example", "Takk for deling! Vi har innført termografering av mottaksområdet hver kveld."},
	}},
	{"direktorforum", "Budsjett for felles rapporteringsverktøy", []struct{ by, body string }{
		{"direktor@iris-salten.example", "Styringsgruppen foreslår at vi deler kostnaden til et felles verktøy for bærekraftsrapportering etter innbyggertall. Hva tenker dere?"},
		{"direktor@remiks.example", "Vi støtter forslaget, men ønsker en prøveperiode på ett år før vi binder oss."},
	}},
	{"styringsgruppen", "Forslag til årshjul for neste år", []struct{ by, body string }{
		{"klyngeleder@remiks.example", "Utkast til årshjul er klart. Jeg foreslår at vi prioriterer felles nøkkeltall og en samling om plukkanalyser til høsten."},
	}},
}

// seedForum creates the demo forums and a few threads with Norwegian posts. It does nothing
// when forums already exist.
func seedForum(ctx context.Context, pool *pgxpool.Pool) error {
	md := markdown.New()
	tx, fresh, err := begin(ctx, pool, "forums")
	if !fresh {
		return err
	}
	defer tx.Rollback(ctx)
	for i, f := range demoForums {
		if _, err := tx.Exec(ctx, `INSERT INTO forums (slug, name, description, group_id, position)
			VALUES ($1, $2, $3, (SELECT id FROM groups WHERE slug = NULLIF($4, '')), $5)`, f.slug, f.name, f.description, f.group, i); err != nil {
			return err
		}
	}
	for _, m := range demoModerators {
		if _, err := tx.Exec(ctx, `INSERT INTO forum_moderators (forum_id, user_id) SELECT f.id, u.id FROM forums f, users u WHERE f.slug = $1 AND u.email = $2`,
			m.forum, m.email); err != nil {
			return fmt.Errorf("demo moderator of %s: %w", m.forum, err)
		}
	}
	for ti, t := range demoThreads {
		var threadID int64
		// Older threads first, a few hours apart, so the lists have an order.
		if err := tx.QueryRow(ctx, `INSERT INTO forum_threads (forum_id, title, author_id, post_count, created_at, last_post_at)
			SELECT f.id, $2, u.id, $4, now() - make_interval(hours => $5), now() - make_interval(hours => $5 - $4)
			FROM forums f, users u WHERE f.slug = $1 AND u.email = $3 RETURNING id`,
			t.forum, t.title, t.posts[0].by, len(t.posts), (len(demoThreads)-ti)*6).Scan(&threadID); err != nil {
			return fmt.Errorf("demo thread %q: %w", t.title, err)
		}
		for i, p := range t.posts {
			if _, err := tx.Exec(ctx, `
				WITH p AS (INSERT INTO forum_posts (thread_id, seq, author_id, body_md, body_html, submit_key, created_at)
				           SELECT $1, $2, u.id, $4, $5, 'demo-' || $1::bigint || '-' || $2::int, t.created_at + make_interval(hours => $2::int - 1)
				           FROM users u, forum_threads t WHERE u.email = $3 AND t.id = $1 RETURNING author_id)
				INSERT INTO forum_thread_watches (user_id, thread_id, level) SELECT author_id, $1, 'watching' FROM p ON CONFLICT DO NOTHING`,
				threadID, i+1, p.by, p.body, md.HTML(p.body)); err != nil {
				return fmt.Errorf("demo post %d of %q: %w", i+1, t.title, err)
			}
		}
	}
	return tx.Commit(ctx)
}
