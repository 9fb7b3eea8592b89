// Package plan is the årshjul: the strategy's focus areas and topics, the activities of each
// year's plan, and the geometry of the wheel that draws them.
package plan

import (
	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/database"
	"klyngeportalen/internal/domain"
	"klyngeportalen/internal/markdown"
)

// Domain errors, mapped to HTTP statuses in web.
var (
	ErrNotFound  = domain.New(domain.NotFound, "plan: not found")
	ErrForbidden = domain.New(domain.Forbidden, "plan: not allowed")
	ErrConflict  = domain.New(domain.Conflict, "plan: conflict")
)

// Store reads and writes the area's tables; Markdown is rendered to safe HTML once, at save.
type Store struct {
	pool       *pgxpool.Pool
	md         *markdown.Renderer
	focusAreas database.Reference[FocusArea] // kept while the reference data is unchanged
}

// NewStore returns a store on pool that renders Markdown with md.
func NewStore(pool *pgxpool.Pool, md *markdown.Renderer) *Store { return &Store{pool: pool, md: md} }
