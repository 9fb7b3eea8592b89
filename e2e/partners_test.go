package e2e

import (
	"context"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"klyngeportalen/internal/database/dbtest"
)

// linkedProject ties a demo project to a forum thread, a document and an årshjul activity, and
// returns its address.
func linkedProject(t *testing.T) string {
	t.Helper()
	ctx, pool := context.Background(), dbtest.Pool(t)
	var id int64
	if err := pool.QueryRow(ctx, `UPDATE projects SET thread_id = (SELECT min(id) FROM forum_threads)
		WHERE id = (SELECT min(id) FROM projects) RETURNING id`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`UPDATE documents SET project_id = $1 WHERE id = (SELECT min(id) FROM documents WHERE group_id IS NULL AND deleted_at IS NULL)`,
		`UPDATE activities SET project_id = $1 WHERE id = (SELECT min(id) FROM activities)`,
	} {
		if _, err := pool.Exec(ctx, q, id); err != nil {
			t.Fatal(err)
		}
	}
	return "/prosjekter/" + strconv.FormatInt(id, 10)
}

// The partner register, the projects, a project's page with its links and a project's form
// pass axe at 390 and 1280 px.
func TestPartnerPagesAreAccessible(t *testing.T) {
	project := linkedProject(t)
	b := newBrowser(t)
	b.login("klyngeleder@remiks.example")
	for _, width := range []int64{390, 1280} {
		b.run(chromedp.EmulateViewport(width, 900))
		for _, p := range []string{"/partnere", "/partnere/sintef", "/prosjekter", project, "/prosjekter/nytt"} {
			b.open(p)
			b.checkAccessibility(p)
			if eval[bool](b, `document.documentElement.scrollWidth > window.innerWidth`) {
				t.Errorf("%s scrolls sideways at %d px", p, width)
			}
			if p == project {
				b.screenshot("prosjekt-" + map[int64]string{390: "mobil", 1280: "pc"}[width])
			}
		}
		b.screenshot("partnere-" + map[int64]string{390: "mobil", 1280: "pc"}[width])
	}
	b.checkClean("partnere")
}
