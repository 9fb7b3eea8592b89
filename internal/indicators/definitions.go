package indicators

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/validate"
)

// IndicatorInput is the indicator form as typed.
type IndicatorInput struct {
	Name, Unit, Description, Direction, Category, Decimals string
}

// Input returns the indicator as its form shows it.
func (i Indicator) Input() IndicatorInput {
	return IndicatorInput{Name: i.Name, Unit: i.Unit, Description: i.Description, Direction: string(i.Direction),
		Category: i.Category, Decimals: strconv.Itoa(int(i.Decimals))}
}

func (in IndicatorInput) check() (Indicator, validate.Errors) {
	errs := validate.Errors{}
	ind := Indicator{
		Name:        errs.Text("name", in.Name, 2, 120, false),
		Unit:        errs.Text("unit", in.Unit, 1, 30, false),
		Description: errs.Text("description", in.Description, 0, 2000, true),
		Direction:   Direction(in.Direction),
		Category:    in.Category,
	}
	if label(Directions, in.Direction) == in.Direction {
		errs.Add("direction", "Velg om høyere eller lavere verdier er bedre.")
	}
	if label(Categories, in.Category) == in.Category {
		errs.Add("category", "Velg en kategori.")
	}
	d, err := strconv.Atoi(strings.TrimSpace(in.Decimals))
	if err != nil || d < 0 || d > 3 {
		errs.Add("decimals", "Velg mellom 0 og 3 desimaler.")
	}
	ind.Decimals = int16(d)
	if _, bad := errs["name"]; !bad && Slugify(ind.Name) == "" {
		errs.Add("name", "Navnet må ha minst én bokstav eller ett tall.")
	}
	return ind, errs
}

// SaveIndicator creates an indicator (slug "") or changes the one with slug. Only cluster admins
// define indicators; the short name is made from the name once, at creation, and never changes,
// since imported files use it.
func (s *Store) SaveIndicator(ctx context.Context, actor *auth.User, slug string, in IndicatorInput) (Indicator, error) {
	if !actor.IsClusterAdmin() {
		return Indicator{}, ErrNotFound
	}
	ind, errs := in.check()
	if !errs.OK() {
		return ind, errs
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return ind, err
	}
	defer tx.Rollback(ctx)
	action := "indicator.update"
	if slug == "" {
		action, ind.Slug = "indicator.create", Slugify(ind.Name)
		err = tx.QueryRow(ctx, `INSERT INTO indicators (slug, name, unit, description, direction, category, decimals)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			ind.Slug, ind.Name, ind.Unit, ind.Description, ind.Direction, ind.Category, ind.Decimals).Scan(&ind.ID)
	} else {
		ind.Slug = slug
		err = tx.QueryRow(ctx, `UPDATE indicators SET name = $2, unit = $3, description = $4, direction = $5, category = $6,
			decimals = $7, updated_at = now() WHERE slug = $1 RETURNING id`,
			slug, ind.Name, ind.Unit, ind.Description, ind.Direction, ind.Category, ind.Decimals).Scan(&ind.ID)
	}
	if database.IsUniqueViolation(err) {
		return ind, validate.Errors{"name": "Det finnes allerede en indikator med dette navnet."}
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return ind, ErrNotFound
	}
	if err != nil {
		return ind, err
	}
	if err := audit(ctx, tx, actor, nil, action, "indicator", ind.ID, map[string]any{"slug": ind.Slug, "name": ind.Name}); err != nil {
		return ind, err
	}
	return ind, tx.Commit(ctx)
}

// Slugify makes a short name of lower-case letters, digits and hyphens from a Norwegian name.
func Slugify(name string) string {
	r := strings.NewReplacer("æ", "ae", "ø", "o", "å", "a", "Æ", "ae", "Ø", "o", "Å", "a", "₂", "2")
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(r.Replace(name)) {
		if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(c)
			dash = false
		} else {
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}
