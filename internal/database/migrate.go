package database

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"klyngeportalen/migrations"
)

// Migrator applies the embedded migrations under goose's PostgreSQL session lock, so that
// several instances starting at once apply each migration exactly once.
type Migrator struct {
	provider *goose.Provider
	closeDB  func() error
}

// NewMigrator prepares the embedded migrations for the pool's database.
func NewMigrator(pool *pgxpool.Pool, logger *slog.Logger) (*Migrator, error) {
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300)) // wait up to 5 min for another instance
	if err != nil {
		return nil, err
	}
	db := stdlib.OpenDBFromPool(pool)
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, migrations.FS,
		goose.WithSessionLocker(locker), goose.WithSlog(logger), goose.WithDisableGlobalRegistry(true))
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("prepare migrations: %w", err)
	}
	return &Migrator{provider: p, closeDB: db.Close}, nil
}

// Close releases the migrator's database handle (not the pool).
func (m *Migrator) Close() error { return m.closeDB() }

// Up applies every pending migration and returns how many it applied.
func (m *Migrator) Up(ctx context.Context) (int, error) {
	res, err := m.provider.Up(ctx)
	if err != nil {
		return len(res), fmt.Errorf("migrate up: %w", err)
	}
	return len(res), nil
}

// Down rolls back the latest migration.
func (m *Migrator) Down(ctx context.Context) error {
	if _, err := m.provider.Down(ctx); err != nil {
		return fmt.Errorf("migrate down: %w", err)
	}
	return nil
}

// DownTo rolls back to version (0: everything).
func (m *Migrator) DownTo(ctx context.Context, version int64) error {
	if _, err := m.provider.DownTo(ctx, version); err != nil {
		return fmt.Errorf("migrate down: %w", err)
	}
	return nil
}

// Status writes one line per migration: version, name, applied time or "pending".
func (m *Migrator) Status(ctx context.Context, w io.Writer) error {
	list, err := m.provider.Status(ctx)
	if err != nil {
		return fmt.Errorf("migration status: %w", err)
	}
	for _, s := range list {
		state := "pending"
		if s.State == goose.StateApplied {
			state = "applied " + s.AppliedAt.Format("2006-01-02 15:04:05")
		}
		fmt.Fprintf(w, "%05d  %-40s %s\n", s.Source.Version, s.Source.Path, state)
	}
	return nil
}

// Version returns the version of the newest applied migration.
func (m *Migrator) Version(ctx context.Context) (int64, error) {
	return m.provider.GetDBVersion(ctx)
}

// Migrate is Up with a short-lived migrator: what the server does at start-up.
func Migrate(ctx context.Context, pool *pgxpool.Pool, logger *slog.Logger) error {
	m, err := NewMigrator(pool, logger)
	if err != nil {
		return err
	}
	defer m.Close()
	_, err = m.Up(ctx)
	return err
}

// ErrPendingMigrations is returned by RequireCurrent when the database is behind the binary.
var ErrPendingMigrations = errors.New("the database needs migrations: run `portal migrate up` with the role that may change the schema")

// RequireCurrent checks, without changing anything, that every embedded migration is applied:
// what `serve` does when migrations are left to `portal migrate up` (PORTAL_MIGRATE=off), so
// that it can run as a role without rights to change the schema.
func RequireCurrent(ctx context.Context, pool *pgxpool.Pool) error {
	m, err := NewMigrator(pool, nil)
	if err != nil {
		return err
	}
	defer m.Close()
	pending, err := m.provider.HasPending(ctx)
	if err != nil {
		return fmt.Errorf("check migrations: %w", err)
	}
	if pending {
		return ErrPendingMigrations
	}
	return nil
}
