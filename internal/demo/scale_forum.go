package demo

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/markdown"
)

// forumScale is how much forum content the scale data adds.
type forumScale struct {
	Forums, Threads, Posts int
	Readers                []int64 // people whose read state is filled in (the benchmark's accounts)
}

// scaleSentences are the building blocks of the scale data's posts: ordinary Norwegian sentences
// of the cluster's trade, so that the posts have realistic lengths and the search real words.
var scaleSentences = []string{
	"Vi har hatt god erfaring med å samle inn matavfall i egne poser, men sjåførene melder om flere feilsorteringer etter jul.",
	"Restavfallet fra hyttefeltene øker hvert år, og vi vurderer nedgravde containere ved parkeringsplassene.",
	"Er det noen som har gode rutiner for tømming av glass- og metallemballasje i områder med lang kjørevei?",
	"Innsamlingen i distriktet går fint nå som vi har lagt om rutene til annenhver uke om vinteren.",
	"Vi sendte en spørreundersøkelse til innbyggerne, og de fleste ønsker hyppigere tømming av plastemballasje.",
	"Plukkanalysen vår viste at nesten en tredjedel av restavfallet var matavfall som kunne vært sortert ut.",
	"HMS-avdelingen har laget en ny sjekkliste for mottak av farlig avfall; den deles gjerne i klyngen.",
	"Bærekraftsrapporteringen tar mye tid, og et felles oppsett for klimaregnskapet ville spart oss for mange timer.",
	"Vi har testet elektriske renovasjonsbiler i kulde, og rekkevidden faller merkbart under minus femten grader.",
	"Gjenbrukstorget på gjenvinningsstasjonen har blitt svært populært, særlig blant barnefamilier.",
	"Tekstilinnsamlingen starter opp igjen i vår, og vi trenger flere containere ved butikkene.",
	"Kan noen dele erfaringer med å kommunisere nye sorteringsregler til innbyggere som ikke leser norsk?",
	"Avfallsplanen for de neste fire årene skal opp i styret i juni, og vi tar gjerne imot innspill.",
	"Brannen i mottakshallen i fjor viste hvor viktig det er å skille ut litiumbatterier tidlig.",
	"Vi har fått tilskudd til et prosjekt om ombruk av byggavfall sammen med to kommuner.",
	"Kundesenteret får mange spørsmål om hentekalenderen; kanskje vi kan lage en felles løsning?",
}

// scaleBodies returns n distinct post bodies of growing length, in Markdown and rendered.
func scaleBodies(n int) (mds, htmls []string) {
	md := markdown.New()
	for i := range n {
		var b strings.Builder
		paragraphs := 1 + i%4
		for p := range paragraphs {
			if p > 0 {
				b.WriteString("\n\n")
			}
			for s := range 1 + (i+p)%3 {
				if s > 0 {
					b.WriteString(" ")
				}
				b.WriteString(scaleSentences[(i*3+p*5+s*7)%len(scaleSentences)])
			}
		}
		if i%6 == 0 {
			b.WriteString("\n\n- **Innsamling:** faste ruter\n- **Restavfall:** veies per rute")
		}
		mds = append(mds, b.String())
		htmls = append(htmls, md.HTML(b.String()))
	}
	return mds, htmls
}

// scaleForum adds size's forums, threads and posts for the load benchmark (development only),
// with generate_series in a few statements: among the threads one with exactly 50 posts and one
// with 500; the threads' counters and last-post times agree with their posts, and the readers
// have read most threads. It returns the number of posts added.
func scaleForum(ctx context.Context, pool *pgxpool.Pool, size forumScale) (int, error) {
	if size.Forums < 1 || size.Threads < 3 || size.Posts < size.Threads+550 {
		return 0, fmt.Errorf("forum scale: too small a size %+v", size)
	}
	mds, htmls := scaleBodies(40)
	tx, err := pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	var users []int64
	if err := tx.QueryRow(ctx, `SELECT array_agg(id ORDER BY id) FROM users WHERE active AND password_hash IS NOT NULL`).Scan(&users); err != nil || len(users) == 0 {
		return 0, fmt.Errorf("forum scale: no users (%v)", err)
	}
	var firstForum int64
	if err := tx.QueryRow(ctx, `
		WITH f AS (INSERT INTO forums (slug, name, description, position)
			SELECT 'fagforum-' || i, 'Fagforum ' || i || ': ' || (ARRAY['Innsamling', 'Restavfall', 'Ombruk', 'HMS', 'Kommunikasjon', 'Plukkanalyser'])[1 + i % 6],
			       'Faglig diskusjon i klyngen om ' || (ARRAY['innsamling', 'restavfall', 'ombruk', 'HMS', 'kommunikasjon', 'plukkanalyser'])[1 + i % 6] || '.',
			       100 + i
			FROM generate_series(1, $1::int) i RETURNING id)
		SELECT min(id) FROM f`, size.Forums).Scan(&firstForum); err != nil {
		return 0, fmt.Errorf("forum scale: forums: %w", err)
	}
	// Thread 1 has 500 posts, thread 2 has 50; the others average the rest.
	// Pairs of threads differ from the mean by as much in either direction, so that the posts add
	// up to size.Posts exactly.
	rest := size.Threads - 2
	base, extra := (size.Posts-550)/rest, (size.Posts-550)%rest
	var firstThread int64
	if err := tx.QueryRow(ctx, `
		WITH t AS (INSERT INTO forum_threads (forum_id, title, author_id, post_count, created_at, last_post_at)
			SELECT $1::bigint + i % $3::int,
			       (ARRAY['Spørsmål om', 'Erfaringer med', 'Innspill til', 'Felles rutine for', 'Status for'])[1 + i % 5] || ' ' ||
			       (ARRAY['innsamling av matavfall', 'restavfall fra hytter', 'plukkanalyse', 'gjenbrukstorg', 'farlig avfall', 'hentekalender', 'tekstiler', 'klimaregnskap'])[1 + i % 8] || ' (' || i || ')',
			       ($5::bigint[])[1 + (i * 31) % cardinality($5::bigint[])], n,
			       c, c + (n - 1) * interval '1 hour'
			FROM generate_series(1, $2::int) i,
			     LATERAL (SELECT CASE i WHEN 1 THEN 500 WHEN 2 THEN 50
			             ELSE $4::int + (CASE WHEN i - 3 < $6::int THEN 1 ELSE 0 END)
			                  + (CASE WHEN (i - 3) / 2 * 2 + 1 >= $2::int - 2 THEN 0
			                          WHEN (i - 3) % 2 = 0 THEN 1 ELSE -1 END) * (((i - 3) / 2 * 7919) % $4::int) END AS n) n,
			     LATERAL (SELECT now() - interval '1 day' - (($2::int - i + 1)::float8 / $2::int) * interval '3650 days' - n * interval '1 hour' AS c) c
			RETURNING id)
		SELECT min(id) FROM t`, firstForum, size.Threads, size.Forums, base, users, extra).Scan(&firstThread); err != nil {
		return 0, fmt.Errorf("forum scale: threads: %w", err)
	}
	// A larger pending list lets the search index take the posts in a few big merges.
	if _, err := tx.Exec(ctx, `SET LOCAL gin_pending_list_limit = '64MB'`); err != nil {
		return 0, err
	}
	tag, err := tx.Exec(ctx, `
		INSERT INTO forum_posts (thread_id, seq, author_id, body_md, body_html, submit_key, created_at)
		SELECT t.id, s, CASE WHEN s = 1 THEN t.author_id ELSE ($2::bigint[])[1 + (t.id * 13 + s * 17) % cardinality($2::bigint[])] END,
		       ($3::text[])[1 + (t.id + s * 7) % cardinality($3::text[])], ($4::text[])[1 + (t.id + s * 7) % cardinality($3::text[])],
		       'scale-' || t.id || '-' || s, t.created_at + (s - 1) * interval '1 hour'
		FROM forum_threads t, generate_series(1, t.post_count) s WHERE t.id >= $1`, firstThread, users, mds, htmls)
	if err != nil {
		return 0, fmt.Errorf("forum scale: posts: %w", err)
	}
	// Readers have read 70 % of the threads to the end and 10 % part of the way.
	if _, err := tx.Exec(ctx, `
		INSERT INTO forum_reads (user_id, thread_id, last_seq)
		SELECT u, t.id, CASE WHEN t.id % 10 < 7 THEN t.post_count ELSE greatest(1, t.post_count / 2) END
		FROM unnest($2::bigint[]) u, forum_threads t WHERE t.id >= $1 AND t.id % 10 < 8
		ON CONFLICT (user_id, thread_id) DO NOTHING`, firstThread, size.Readers); err != nil {
		return 0, fmt.Errorf("forum scale: reads: %w", err)
	}
	// Everyone has had twenty notifications of replies and mentions, nine in ten of them read,
	// as people do: the bell's statistics (and so its plan) are those of a portal in use.
	if _, err := tx.Exec(ctx, `
		INSERT INTO notifications (user_id, post_id, kind, created_at, read_at, mailed_at)
		SELECT u.id, p.id, CASE WHEN p.id % 4 = 0 THEN 'mention' ELSE 'reply' END, p.created_at,
		       CASE WHEN p.id % 10 <> 0 THEN p.created_at + interval '1 day' END, p.created_at
		FROM unnest($2::bigint[]) u(id),
		     LATERAL (SELECT fp.id, fp.created_at FROM forum_posts fp JOIN forum_threads t ON t.id = fp.thread_id
		              WHERE t.id >= $1 AND fp.id >= (SELECT min(id) FROM forum_posts) + (u.id * 7919) % $3::int
		              ORDER BY fp.id LIMIT 20) p
		ON CONFLICT DO NOTHING`, firstThread, users, max(int(tag.RowsAffected())-20, 1)); err != nil {
		return 0, fmt.Errorf("forum scale: notifications: %w", err)
	}
	return int(tag.RowsAffected()), tx.Commit(ctx)
}
