package events

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"
)

// changes says in Norwegian what of time and place differs between before and after, or "".
func changes(before, after locked) string {
	var what []string
	if !before.startsAt.Equal(after.startsAt) || !before.endsAt.Equal(after.endsAt) {
		what = append(what, "ny tid er "+when(after.startsAt))
	}
	if before.place != after.place || before.address != after.address {
		place := strings.Join(nonEmpty(after.place, after.address), ", ")
		if place == "" {
			place = "ikke oppgitt"
		}
		what = append(what, "nytt sted er "+oneLine(place))
	}
	if before.onlineURL != after.onlineURL {
		what = append(what, "nettlenken er ny")
	}
	return strings.Join(what, ", ")
}

// loadAgenda reads the programme of e as text, for its calendar file.
func (s *Store) loadAgenda(ctx context.Context, tx pgx.Tx, e *locked) error {
	// The text names no links or documents, so it is the same for everyone the event is mailed to.
	rows, _ := tx.Query(ctx, `SELECT `+sessionColumns+` FROM event_sessions s WHERE s.event_id = $3 ORDER BY s.starts_at, s.id LIMIT 100`, int64(0), false, e.id)
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Session])
	if err != nil {
		return err
	}
	e.agenda = Agenda(list)
	return nil
}
