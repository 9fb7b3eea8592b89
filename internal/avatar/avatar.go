// Package avatar owns the people's profile photos: checked by their content, re-encoded,
// cropped square and kept in two fixed sizes.
package avatar

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/jpeg"
	"klyngeportalen/internal/domain"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/image/draw"

	"klyngeportalen/internal/news"
	"klyngeportalen/internal/validate"
)

// The sizes a photo is served in, in pixels on each side.
const (
	Small = 48  // beside a name in a thread or list (shown at up to 40 px, sharp on fine screens)
	Large = 160 // on a profile
)

// MaxBytes is the largest file accepted (a phone photo fits).
const MaxBytes = news.MaxImageBytes

// ErrNotFound: the person has no photo.
var ErrNotFound = domain.New(domain.NotFound, "avatar: not found")

// Store keeps the photos.
type Store struct{ pool *pgxpool.Pool }

// NewStore returns a store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// Prepare checks an uploaded photo by its content (JPEG, PNG or WebP, within the news image
// limits), re-encodes it, crops the middle square and scales it to both sizes as JPEG. A refused
// file gives validate.Errors on the field "bilde".
func Prepare(filename string, data []byte) (small, large []byte, err error) {
	img, err := news.PrepareImage(filename, data)
	var errs validate.Errors
	if errors.As(err, &errs) {
		return nil, nil, validate.Errors{"bilde": errs["image"]}
	}
	if err != nil {
		return nil, nil, err
	}
	src, _, err := image.Decode(bytes.NewReader(img.Data))
	if err != nil {
		return nil, nil, validate.Errors{"bilde": "Bildet kunne ikke leses. Kanskje filen er skadet?"}
	}
	b := src.Bounds()
	side := min(b.Dx(), b.Dy())
	square := image.Rect(0, 0, side, side).Add(image.Pt(b.Min.X+(b.Dx()-side)/2, b.Min.Y+(b.Dy()-side)/2))
	encode := func(n int) ([]byte, error) {
		dst := image.NewRGBA(image.Rect(0, 0, n, n))
		draw.CatmullRom.Scale(dst, dst.Bounds(), src, square, draw.Src, nil)
		var out bytes.Buffer
		err := jpeg.Encode(&out, dst, &jpeg.Options{Quality: 85})
		return out.Bytes(), err
	}
	if small, err = encode(Small); err != nil {
		return nil, nil, err
	}
	large, err = encode(Large)
	return small, large, err
}

// Save stores the photo of the user, replacing any earlier one.
func (s *Store) Save(ctx context.Context, userID int64, small, large []byte) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO user_avatars (user_id, small, large) VALUES ($1, $2, $3)
		ON CONFLICT (user_id) DO UPDATE SET small = excluded.small, large = excluded.large, updated_at = now()`, userID, small, large)
	return err
}

// Remove deletes the photo of the user, if any.
func (s *Store) Remove(ctx context.Context, userID int64) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM user_avatars WHERE user_id = $1`, userID)
	return err
}

// Photo returns the JPEG of the user's photo in size (Small or Large) and its version.
func (s *Store) Photo(ctx context.Context, userID int64, size int) ([]byte, int64, error) {
	col := "small"
	if size == Large {
		col = "large"
	}
	var data []byte
	var version int64
	err := s.pool.QueryRow(ctx, `SELECT `+col+`, extract(epoch FROM updated_at)::bigint FROM user_avatars WHERE user_id = $1`, userID).Scan(&data, &version)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, 0, ErrNotFound
	}
	return data, version, err
}

// Version returns the version of the user's photo (it changes with every upload), 0 for none.
func (s *Store) Version(ctx context.Context, userID int64) (int64, error) {
	var v int64
	err := s.pool.QueryRow(ctx, `SELECT coalesce((SELECT extract(epoch FROM updated_at)::bigint FROM user_avatars WHERE user_id = $1), 0)`, userID).Scan(&v)
	return v, err
}

// VersionSQL is an expression for the photo version of the user whose id is the expression id,
// 0 for none, for a store's list of people.
func VersionSQL(id string) string {
	return `coalesce((SELECT extract(epoch FROM av.updated_at)::bigint FROM user_avatars av WHERE av.user_id = ` + id + `), 0)`
}
