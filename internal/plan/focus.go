package plan

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// FocusArea is one of the strategy's three focus areas.
type FocusArea struct {
	ID          int16  `db:"id"`
	Slug        string `db:"slug"`
	Name        string `db:"name"`
	Description string `db:"description"`
	Colour      string `db:"colour"`
	Topics      []Topic
}

// Topic is a topic of a focus area.
type Topic struct {
	ID          int16  `db:"id"`
	FocusAreaID int16  `db:"focus_area_id"`
	Slug        string `db:"slug"`
	Name        string `db:"name"`
	Description string `db:"description"`
}

// FocusAreas returns the focus areas in the strategy's order, each with its topics, in two queries.
func (s *Store) FocusAreas(ctx context.Context) ([]FocusArea, error) {
	return s.focusAreas.Get(ctx, func(ctx context.Context) ([]FocusArea, error) {
		rows, _ := s.pool.Query(ctx, `SELECT id, slug, name, description, colour FROM focus_areas ORDER BY position`)
		areas, err := pgx.CollectRows(rows, pgx.RowToStructByNameLax[FocusArea])
		if err != nil {
			return nil, err
		}
		rows, _ = s.pool.Query(ctx, `SELECT id, focus_area_id, slug, name, description FROM topics ORDER BY focus_area_id, position`)
		topics, err := pgx.CollectRows(rows, pgx.RowToStructByName[Topic])
		if err != nil {
			return nil, err
		}
		for i := range areas {
			for _, t := range topics {
				if t.FocusAreaID == areas[i].ID {
					areas[i].Topics = append(areas[i].Topics, t)
				}
			}
		}
		return areas, nil
	})
}
