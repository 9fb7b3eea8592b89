// Package indicators owns the common indicators and plukkanalyser: definitions and values per company and year.
package indicators

import "github.com/jackc/pgx/v5/pgxpool"

// Store reads and writes the area's tables.
type Store struct {
	pool *pgxpool.Pool
}

// NewStore returns a store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }
