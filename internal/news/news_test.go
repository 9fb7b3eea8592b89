package news_test

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/database/dbtest"
	"klyngeportalen/internal/demo"
	"klyngeportalen/internal/markdown"
	"klyngeportalen/internal/news"
)

func TestMain(m *testing.M) {
	os.Exit(dbtest.Main(m, func(ctx context.Context, pool *pgxpool.Pool) error {
		_, err := demo.Seed(ctx, pool, "klynge-demo-2026")
		return err
	}))
}

// TestLatestNewsPagesNewestFirst: the demo's news come newest first, a page at a time, and the
// cursor of the first page finds the second.
func TestLatestNewsPagesNewestFirst(t *testing.T) {
	s := news.NewStore(dbtest.Pool(t), markdown.New())
	list, more, err := s.LatestNews(t.Context(), nil, 2)
	if err != nil || len(list) != 2 || list[0].PublishedAt.Before(list[1].PublishedAt) {
		t.Fatalf("latest news: %d items, %v", len(list), err)
	}
	first, _, err := s.LatestNews(t.Context(), nil, 1)
	if err != nil || len(first) != 1 {
		t.Fatalf("first page: %v", err)
	}
	next, _, err := s.LatestNews(t.Context(), &news.NewsCursor{PublishedAt: first[0].PublishedAt, ID: first[0].ID}, 1)
	if err != nil || len(next) != 1 || next[0].ID != list[1].ID {
		t.Errorf("second page: %+v (more %v), %v; want item %d", next, more, err, list[1].ID)
	}
	story, err := s.NewsItem(t.Context(), list[0].ID)
	if err != nil || story.Title == "" {
		t.Errorf("item: %v", err)
	}
	if _, err := s.NewsItem(t.Context(), -1); err != news.ErrNotFound {
		t.Errorf("a missing item: %v, want ErrNotFound", err)
	}
}
