// Package plan owns the årshjul: focus areas, topics, activities and the geometry of the wheel.
package plan

import (
	"github.com/jackc/pgx/v5/pgxpool"

	"klyngeportalen/internal/markdown"
)

// Store reads and writes the area's tables; Markdown is rendered to safe HTML once, at save.
type Store struct {
	pool *pgxpool.Pool
	md   *markdown.Renderer
}

// NewStore returns a store on pool that renders Markdown with md.
func NewStore(pool *pgxpool.Pool, md *markdown.Renderer) *Store { return &Store{pool: pool, md: md} }
