package documents

import (
	"context"
	"log/slog"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/background"
)

// Purge deletes for good the documents deleted more than RestoreDays days ago, with their
// versions, and then the files no version points to any more. It returns how many documents went.
func Purge(ctx context.Context, pool *pgxpool.Pool) (int64, error) {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	tag, err := tx.Exec(ctx, `DELETE FROM documents WHERE deleted_at < now() - make_interval(days => `+strconv.Itoa(RestoreDays)+`)`)
	if err != nil {
		return 0, err
	}
	// A blob being reused by an upload at this moment is locked FOR KEY SHARE there, and an
	// upload still streaming has no sha256 yet (and is invisible until it commits).
	if _, err := tx.Exec(ctx, `DELETE FROM document_blobs b WHERE b.sha256 IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM document_versions v WHERE v.blob_id = b.id)`); err != nil {
		return 0, err
	}
	return tag.RowsAffected(), tx.Commit(ctx)
}

// Clean runs Purge every interval until ctx ends.
func Clean(ctx context.Context, pool *pgxpool.Pool, interval time.Duration, logger *slog.Logger) {
	background.Every(ctx, interval, logger, "purged deleted documents", func(ctx context.Context) (int64, error) {
		n, err := Purge(ctx, pool)
		return int64(n), err
	})
}
