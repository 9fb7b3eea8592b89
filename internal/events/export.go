package events

import (
	"encoding/csv"
	"io"
	"strconv"
	"time"

	"klyngeportalen/internal/csvcell"
)

// WriteCSV writes the attendee list for Excel: UTF-8 with a byte order mark, semicolons, and
// every cell that a spreadsheet would read as a formula neutralised.
func WriteCSV(w io.Writer, list []Attendee) error { return WriteCSVWith(w, list, nil, nil) }

// WriteCSVWith is WriteCSV with one column per question of the registration form.
func WriteCSVWith(w io.Writer, list []Attendee, qs []Question, answers map[int64]Answers) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	stamp := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.In(oslo).Format("2006-01-02 15:04")
	}
	head := []string{"Navn", "E-post", "Selskap", "Status", "Plass på venteliste", "Svar", "Påmeldt", "Sjekket inn"}
	for _, q := range qs {
		head = append(head, q.Label)
	}
	for i := range head {
		head[i] = csvcell.Escape(head[i])
	}
	_ = cw.Write(head)
	for _, a := range list {
		status, pos := "Påmeldt", ""
		if a.Status == Waitlisted {
			status, pos = "Venteliste", strconv.Itoa(a.Position)
		}
		row := []string{a.Name, a.Email, a.CompanyName, status, pos, a.Answer, stamp(&a.CreatedAt), stamp(a.CheckedInAt)}
		for _, q := range qs {
			row = append(row, answers[a.RegistrationID].Text(q.ID))
		}
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
