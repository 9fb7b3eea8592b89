package members

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/csvcell"
	"klyngeportalen/internal/validate"
)

// Limits of a bulk invitation: lines and bytes of the list.
const (
	MaxInviteLines = 500
	MaxInviteBytes = 100 << 10
)

// InviteStatus is what will happen to a line of a bulk invitation.
type InviteStatus string

const (
	InviteNew      InviteStatus = "new"      // will be invited
	InviteExists   InviteStatus = "exists"   // already has an account: nothing happens
	InviteInvalid  InviteStatus = "invalid"  // cannot be invited: see Problem
	InviteRepeated InviteStatus = "repeated" // the same address earlier in the list
)

// InviteLine is one person of a bulk invitation, with what will happen to them.
type InviteLine struct {
	Line    int
	Name    string
	Email   string
	Title   string
	Status  InviteStatus
	Problem string // why the line is invalid, in Norwegian
}

// ParseInviteList reads a pasted list or CSV file of "name, e-mail, title" (comma, semicolon
// or tab between; a header line is skipped) and checks each line on its own. A value that a
// spreadsheet would run as a formula is refused, not silently changed.
func ParseInviteList(text string) ([]InviteLine, error) {
	if len(text) > MaxInviteBytes {
		return nil, validate.Errors{"list": "Lista er for lang. Del den opp i flere (høyst 500 personer)."}
	}
	text = strings.TrimPrefix(text, "\ufeff")
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = delimiter(text)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.TrimLeadingSpace = true
	var out []InviteLine
	seen := map[string]int{}
	for n := 1; ; n++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, validate.Errors{"list": "Lista kunne ikke leses. Skriv én person per linje: navn, e-post, stilling."}
		}
		line, _ := r.FieldPos(0)
		if blank(rec) {
			continue
		}
		if len(out) == 0 && isHeader(rec) {
			continue
		}
		if len(out) >= MaxInviteLines {
			return nil, validate.Errors{"list": "Lista har mer enn 500 personer. Del den opp."}
		}
		l := InviteLine{Line: line, Status: InviteNew}
		if len(rec) > 0 {
			l.Name = strings.TrimSpace(rec[0])
		}
		if len(rec) > 1 {
			l.Email = strings.TrimSpace(rec[1])
		}
		if len(rec) > 2 {
			l.Title = strings.TrimSpace(rec[2])
		}
		l.check()
		if l.Status == InviteNew {
			key := strings.ToLower(l.Email)
			if first, ok := seen[key]; ok {
				l.Status, l.Problem = InviteRepeated, "Står allerede på linje "+strconv.Itoa(first)+"."
			} else {
				seen[key] = l.Line
			}
		}
		out = append(out, l)
	}
	if len(out) == 0 {
		return nil, validate.Errors{"list": "Skriv inn minst én person: navn, e-post, stilling."}
	}
	return out, nil
}

func (l *InviteLine) check() {
	for _, v := range []string{l.Name, l.Email, l.Title} {
		if csvcell.Risky(v) {
			l.Status, l.Problem = InviteInvalid, "Et felt starter med =, +, - eller @ (som en formel). Rett det i lista."
			return
		}
	}
	errs := validate.Errors{}
	l.Email = errs.Email("email", l.Email)
	l.Name = errs.Text("name", l.Name, 1, 120, false)
	l.Title = errs.Text("title", l.Title, 0, 120, false)
	switch {
	case errs["email"] != "":
		l.Status, l.Problem = InviteInvalid, "Ugyldig e-postadresse."
	case errs["name"] != "":
		l.Status, l.Problem = InviteInvalid, "Navnet mangler eller er for langt."
	case errs["title"] != "":
		l.Status, l.Problem = InviteInvalid, "Stillingen er for lang."
	}
}

func delimiter(text string) rune {
	first, _, _ := strings.Cut(text, "\n")
	switch {
	case strings.Contains(first, "\t"):
		return '\t'
	case strings.Count(first, ";") > strings.Count(first, ","):
		return ';'
	}
	return ','
}

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

func isHeader(rec []string) bool {
	return len(rec) > 1 && !strings.Contains(rec[1], "@") && strings.Contains(strings.ToLower(strings.Join(rec, " ")), "post")
}

// PreviewInvites marks the lines whose address already has an account, or whose domain belongs
// to another company (its identity provider's domains, or only that company's people use it).
func (s *Store) PreviewInvites(ctx context.Context, actor *auth.User, companyID int64, lines []InviteLine) error {
	if !actor.CanAdminCompany(companyID) {
		return ErrForbidden
	}
	var emails []string
	for _, l := range lines {
		if l.Status == InviteNew {
			emails = append(emails, strings.ToLower(l.Email))
		}
	}
	rows, err := s.pool.Query(ctx, `
		SELECT e,
		       EXISTS (SELECT 1 FROM users WHERE lower(email) = e),
		       EXISTS (SELECT 1 FROM identity_provider_domains d WHERE d.domain = split_part(e, '@', 2) AND d.company_id <> $2)
		       OR (EXISTS (SELECT 1 FROM users u WHERE lower(split_part(u.email, '@', 2)) = split_part(e, '@', 2) AND u.company_id <> $2)
		           AND NOT EXISTS (SELECT 1 FROM users u WHERE lower(split_part(u.email, '@', 2)) = split_part(e, '@', 2) AND u.company_id = $2))
		FROM unnest($1::text[]) AS e`, emails, companyID)
	if err != nil {
		return err
	}
	defer rows.Close()
	exists, foreign := map[string]bool{}, map[string]bool{}
	for rows.Next() {
		var e string
		var ex, fo bool
		if err := rows.Scan(&e, &ex, &fo); err != nil {
			return err
		}
		exists[e], foreign[e] = ex, fo
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range lines {
		e := strings.ToLower(lines[i].Email)
		switch {
		case lines[i].Status != InviteNew:
		case exists[e]:
			lines[i].Status = InviteExists
		case foreign[e]:
			lines[i].Status, lines[i].Problem = InviteInvalid, "E-postdomenet hører til et annet medlemsselskap."
		}
	}
	return nil
}

// InviteMany invites the new lines as members, each with its own mail, after PreviewInvites
// has been run again on the same list. It returns how many were invited.
func (s *Store) InviteMany(ctx context.Context, actor *auth.User, companyID int64, lines []InviteLine, baseURL string) (int, error) {
	if err := s.PreviewInvites(ctx, actor, companyID, lines); err != nil {
		return 0, err
	}
	n := 0
	for _, l := range lines {
		if l.Status != InviteNew {
			continue
		}
		_, err := s.Invite(ctx, actor, InviteInput{CompanyID: companyID, Email: l.Email, Name: l.Name, Title: l.Title, Role: auth.RoleMember}, baseURL)
		var verr validate.Errors
		if errors.As(err, &verr) { // taken meanwhile: nothing to do
			continue
		}
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
