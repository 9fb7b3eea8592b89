package web

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/news"
	"klyngeportalen/internal/plan"
	"klyngeportalen/web/home"
)

// dashVersion is what the dashboard's shared blocks depend on: the counts of changes to the
// årshjul's activities and events (migration 00140), to the news (migration 00240) and to the
// reference data (companies' and focus areas' names, migration 00017), each kept by triggers
// in the transaction of the change; the dashboard's kept versions (keptpages.go).
type dashVersion struct{ Plan, News, Reference int64 }

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

// dashShared is the dashboard's blocks that are the same for every viewer who sees alike.
type dashShared struct {
	monthKey, newsKey string
	monthOK, newsOK   bool // from the cache
	acts              []plan.Activity
	news              []news.News
}

// queueShared fills d's shared blocks from the cache while their data is unchanged (ver was
// read before this batch), and adds the reads of the others to b; finishShared renders them.
func (s *Server) queueShared(b *pgx.Batch, u *auth.User, ver dashVersion, now time.Time, d *home.Dashboard) *dashShared {
	sh := &dashShared{monthKey: dashMonthKey(ver, plan.Today(now), u), newsKey: dashNewsKey(ver, u)}
	var month, newsBlock fragment
	month, sh.monthOK = s.pages.get(sh.monthKey, now)
	newsBlock, sh.newsOK = s.pages.get(sh.newsKey, now)
	d.MonthBlock, d.NewsBlock = month.body, newsBlock.body
	if !sh.monthOK {
		plan.QueueThisMonth(b, plan.ViewerOf(u), now, home.ActivitiesShown, &sh.acts)
	}
	if !sh.newsOK {
		news.QueueFirstNews(b, home.NewsShown, &sh.news)
	}
	return sh
}

// finishShared renders the shared blocks read in the batch into d, and keeps them.
func (s *Server) finishShared(ctx context.Context, sh *dashShared, d *home.Dashboard) error {
	var err error
	if !sh.monthOK {
		if d.MonthBlock, err = renderShared(ctx, home.MonthBlock(sh.acts)); err != nil {
			return err
		}
		s.pages.put(sh.monthKey, fragment{body: d.MonthBlock})
	}
	if !sh.newsOK {
		if d.NewsBlock, err = renderShared(ctx, home.NewsBlock(sh.news)); err != nil {
			return err
		}
		s.pages.put(sh.newsKey, fragment{body: d.NewsBlock})
	}
	return nil
}
