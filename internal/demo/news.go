package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"

	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/markdown"
	"klyngeportalen/internal/news"
)

// seedNews adds a couple of demo news items, one a success story with an illustration. It does
// nothing when there is news already.
func seedNews(ctx context.Context, pool *pgxpool.Pool) error {
	md := markdown.New()
	tx, fresh, err := begin(ctx, pool, "news")
	if !fresh {
		return err
	}
	defer tx.Rollback(ctx)
	items := []struct{ kind, title, ingress, body, author string }{
		{news.KindNews, "Klyngen har sendt felles høringssvar", "Avfallsklynge Nord har sendt sitt svar på den nasjonale strategien for sirkulær økonomi.", "Svaret ble til med innspill fra medlemmene. Les det i **høringsarkivet**.", "klyngeleder@remiks.example"},
		{news.KindStory, "Ny ombruksbod åpnet", "Demohistorie: en ombruksbod på gjenvinningsstasjonen har gitt mange gjenstander nytt liv.", "Erfaringene deles gjerne med de andre medlemmene i faggruppen for ombruk og sirkulærøkonomi.", "admin@senja-avfall.example"},
	}
	var storyID int64
	for i, n := range items {
		if err := tx.QueryRow(ctx, `
			INSERT INTO news (kind, title, ingress, body_md, body_html, author_id, company_id, published_at)
			SELECT $1, $2, $3, $4, $5, u.id, u.company_id, now() - make_interval(days => $7) FROM users u WHERE u.email = $6
			RETURNING id`,
			n.kind, n.title, n.ingress, n.body, md.HTML(n.body), n.author, 2-i).Scan(&storyID); err != nil {
			return err
		}
	}
	img, err := demoImage()
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE news SET image_alt = 'Illustrasjon: fargeovergang fra grønt til blått' WHERE id = $1`, storyID); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO news_images (news_id, content_type, data, width, height) VALUES ($1, $2, $3, $4, $5)`,
		storyID, img.ContentType, img.Data, img.Width, img.Height); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// demoImage draws a small illustration (a green to blue gradient) and prepares it as an upload.
func demoImage() (news.Image, error) {
	const w, h = 640, 320
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		for y := 0; y < h; y++ {
			m.Set(x, y, color.RGBA{R: 11, G: uint8(110 - x*12/w), B: uint8(79 + x*107/w), A: 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		return news.Image{}, err
	}
	return news.PrepareImage("illustrasjon.png", b.Bytes())
}

// scaleNews adds n news items over ten years, for the load benchmark. It returns the rows added.
func scaleNews(ctx context.Context, pool *pgxpool.Pool, n int) (int, error) {
	const body = "Medlemsselskapene i klyngen har samarbeidet om innsamling og ombruk. Les mer om resultatene på fagsamlingen."
	tag, err := pool.Exec(ctx, `
		INSERT INTO news (title, ingress, body_md, body_html, company_id, published_at)
		SELECT 'Nytt fra klyngen: ' || (ARRAY['ombruk', 'innsamling', 'plukkanalyse', 'HMS', 'kampanje'])[1 + i % 5] || ' ' || i,
		       'Kort fortalt om hva som skjer i medlemsselskapene.', $2, $3,
		       (SELECT id FROM companies ORDER BY id OFFSET i % (SELECT count(*) FROM companies) LIMIT 1),
		       now() - interval '1 day' - (i::float8 / $1::int) * interval '3650 days'
		FROM generate_series(1, $1::int) i`, n, body, markdown.New().HTML(body))
	if err != nil {
		return 0, fmt.Errorf("news scale: %w", err)
	}
	return int(tag.RowsAffected()), nil
}
