// Package demo fills an empty database with the demo data of ARCHITECTURE.md: the member
// companies and accounts, then each area's demo content (one file an area), and the load
// benchmark's scale data (scale_<area>.go). Development and tests only, but for the companies
// and groups (portal seed --companies).
package demo

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Seed creates the companies and, with a demoPassword, the demo accounts and every area's demo
// content. It does nothing when the database already has companies.
func Seed(ctx context.Context, pool *pgxpool.Pool, demoPassword string) (SeedSummary, error) {
	sum, err := seedMembers(ctx, pool, demoPassword)
	if err != nil || sum.Skipped || demoPassword == "" {
		return sum, err
	}
	// Each area adds its demo content here, in the order the areas depend on each other.
	for _, area := range []func(context.Context, *pgxpool.Pool) error{
		seedForum,
		seedEvents,
		seedPlan,
		seedConsultations,
		seedNews,
		seedDocuments,
		seedIndicators,
		seedPartners,
		seedMeetings, // after documents: case papers are group documents
		func(ctx context.Context, pool *pgxpool.Pool) error { return seedGuests(ctx, pool, demoPassword) }, // after every area: opens some of it
		clearNotifications, // last: removes the notifications the seeding caused
	} {
		if err := area(ctx, pool); err != nil {
			return sum, err
		}
	}
	return sum, nil
}

// clearNotifications runs last in the demo seed: the demo's history (news, consultations,
// documents written by the seed) is no news to anyone, so the notifications it caused go.
func clearNotifications(ctx context.Context, pool *pgxpool.Pool) error {
	_, err := pool.Exec(ctx, `DELETE FROM notifications WHERE post_id IS NULL`)
	return err
}

// begin starts the transaction that adds an area's demo content, with the area's table locked
// so that two seeds at once add it once. fresh is false (and nothing is begun) when the table
// has rows already, or on an error.
func begin(ctx context.Context, pool *pgxpool.Pool, table string) (tx pgx.Tx, fresh bool, err error) {
	tx, err = pool.Begin(ctx)
	if err != nil {
		return nil, false, err
	}
	var exists bool
	if _, err = tx.Exec(ctx, `LOCK TABLE `+pgx.Identifier{table}.Sanitize()+` IN EXCLUSIVE MODE`); err == nil {
		err = tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+pgx.Identifier{table}.Sanitize()+`)`).Scan(&exists)
	}
	if err != nil || exists {
		_ = tx.Rollback(ctx)
		return nil, false, err
	}
	return tx, true, nil
}
