package web

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/news"
	"klyngeportalen/internal/plan"
	"klyngeportalen/web/home"
)

// dashVersion is what the dashboard's shared blocks depend on: the counts of changes to the
// årshjul's activities and events (migration 00140), to the news (migration 00240) and to the
// reference data (companies' and focus areas' names, migration 00017), each kept by triggers
// in the transaction of the change.
type dashVersion struct{ Plan, News, Reference int64 }

// queueDashVersion adds the read of the versions to b; after the batch they are in *v.
func queueDashVersion(b *pgx.Batch, v *dashVersion) {
	b.Queue(`SELECT p.n, nv.n, r.n FROM plan_version p, news_version nv, reference_version r`).
		QueryRow(func(row pgx.Row) error { return row.Scan(&v.Plan, &v.News, &v.Reference) })
}

// dashMonthKey is what the block of this month in the årshjul depends on: the versions, the
// date (the month, and the activities' statuses follow it) and the viewer's visibility.
func dashMonthKey(ver dashVersion, today time.Time, u *auth.User) string {
	return fmt.Sprintf("dash-month|%d|%d|%s|%s", ver.Plan, ver.Reference, today.Format(time.DateOnly), visibilityKey(u))
}

// dashNewsKey is what the block of the latest news depends on: the versions and the viewer's
// visibility (every member sees every news item; the key keeps it so should that change).
func dashNewsKey(ver dashVersion, u *auth.User) string {
	return fmt.Sprintf("dash-news|%d|%d|%s", ver.News, ver.Reference, visibilityKey(u))
}

// dashShared fills d's blocks that are the same for every viewer who sees alike, from the
// cache while their data is unchanged (ver was read before), else read in one round trip,
// rendered and kept.
func (s *Server) dashShared(ctx context.Context, u *auth.User, ver dashVersion, now time.Time, d *home.Dashboard) error {
	monthKey, newsKey := dashMonthKey(ver, plan.Today(now), u), dashNewsKey(ver, u)
	month, monthOK := s.pages.get(monthKey, now)
	newsBlock, newsOK := s.pages.get(newsKey, now)
	d.MonthBlock, d.NewsBlock = month.body, newsBlock.body
	if monthOK && newsOK {
		return nil
	}
	var b pgx.Batch
	var acts []plan.Activity
	var list []news.News
	if !monthOK {
		plan.QueueThisMonth(&b, plan.ViewerOf(u), now, home.ActivitiesShown, &acts)
	}
	if !newsOK {
		news.QueueFirstNews(&b, home.NewsShown, &list)
	}
	if err := database.Send(ctx, s.pool, &b); err != nil {
		return err
	}
	var err error
	if !monthOK {
		if d.MonthBlock, err = renderShared(ctx, home.MonthBlock(acts)); err != nil {
			return err
		}
		s.pages.put(monthKey, fragment{body: d.MonthBlock})
	}
	if !newsOK {
		if d.NewsBlock, err = renderShared(ctx, home.NewsBlock(list)); err != nil {
			return err
		}
		s.pages.put(newsKey, fragment{body: d.NewsBlock})
	}
	return nil
}
