// Package guests is what the portal offers the people from outside the member companies: owner
// representatives (tied to a municipality, and through it to the companies it owns) and partner
// people. It knows nothing of HTTP; what they may see is decided by the one access rule
// (internal/access) and, for owners, by the municipality's ownership (companies.municipalities).
package guests

import (
	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/domain"
)

// ErrNotFound is returned for something that does not exist or is not the asker's to see.
var ErrNotFound = domain.New(domain.NotFound, "guests: not found")

// Store reads and writes what the guests' pages and mails need.
type Store struct {
	pool *pgxpool.Pool
}

// NewStore returns a Store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }
