package events

import (
	"context"
	"encoding/csv"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/csvcell"
)

// Attended is an event a person was checked in at: their competence record.
type Attended struct {
	EventID     int64     `db:"id"`
	Title       string    `db:"title"`
	Kind        string    `db:"kind"`
	StartsAt    time.Time `db:"starts_at"`
	EndsAt      time.Time `db:"ends_at"`
	Organiser   *string   `db:"organiser"`
	CheckedInAt time.Time `db:"checked_in_at"`
}

// Hours is the event's length in hours: the programme's own time, the whole span when it is one day.
func (a Attended) Hours() float64 { return a.EndsAt.Sub(a.StartsAt).Hours() }

// Record lists the events userID was checked in at, newest first (at most 1 000), of those v may
// see (a group's event stays out of the record a company admin outside the group sees). The
// caller has checked that v may see the person's record.
func (s *Store) Record(ctx context.Context, v Viewer, userID int64) ([]Attended, error) {
	rows, _ := s.pool.Query(ctx, `SELECT e.id, e.title, e.kind, e.starts_at, e.ends_at,
			(SELECT name FROM companies WHERE id = e.organiser_company_id) AS organiser, r.checked_in_at
		FROM registrations r JOIN events e ON e.id = r.event_id
		WHERE r.user_id = $3 AND r.checked_in_at IS NOT NULL AND r.status = 'confirmed' AND `+visible+`
		ORDER BY e.starts_at DESC, e.id DESC LIMIT 1000`, v.ID, v.Admin, userID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Attended])
}

// TotalHours adds up the hours of list.
func TotalHours(list []Attended) float64 {
	var h float64
	for _, a := range list {
		h += a.Hours()
	}
	return h
}

// WriteRecordCSV writes a competence record for Excel, like the attendee list.
func WriteRecordCSV(w io.Writer, name string, list []Attended) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	_ = cw.Write([]string{"Navn", "Arrangement", "Type", "Arrangør", "Fra", "Til", "Timer"})
	for _, a := range list {
		org := ""
		if a.Organiser != nil {
			org = *a.Organiser
		}
		row := []string{name, a.Title, KindLabel(a.Kind), org, a.StartsAt.In(oslo).Format("2006-01-02 15:04"),
			a.EndsAt.In(oslo).Format("2006-01-02 15:04"), HoursText(a.Hours())}
		for i := range row {
			row[i] = csvcell.Escape(row[i])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// HoursText writes hours to one decimal with a decimal comma: "3,5", "6".
func HoursText(h float64) string {
	return strings.Replace(strconv.FormatFloat(math.Round(h*10)/10, 'f', -1, 64), ".", ",", 1)
}
