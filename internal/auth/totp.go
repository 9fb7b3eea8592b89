package auth

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"errors"
	"fmt"
	"image/png"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"klyngeportalen/internal/domain"
)

// Errors of the second factor.
var (
	ErrBadCode        = domain.New(domain.Invalid, "auth: wrong or used one-time code")
	ErrNoSecondStep   = domain.New(domain.Conflict, "auth: no second factor being enrolled")
	ErrSecondFactorOn = domain.New(domain.Conflict, "auth: second factor already on")
)

// totpPeriod is the length of a TOTP step; a code of the step before or after is also accepted.
const totpPeriod = 30 * time.Second

// RecoveryCodeCount is how many recovery codes a user gets at a time.
const RecoveryCodeCount = 10

// SecondFactor holds TOTP secrets (encrypted with AES-GCM) and recovery codes.
type SecondFactor struct {
	pool *pgxpool.Pool
	aead cipher.AEAD
	// Now is the clock of code checks; tests may replace it.
	Now func() time.Time
}

// NewSecondFactor returns the store of second factors; key is the 32-byte AES-256 key.
func NewSecondFactor(pool *pgxpool.Pool, key []byte) (*SecondFactor, error) {
	if len(key) != 32 {
		return nil, fmt.Errorf("auth: the TOTP key must be 32 bytes, not %d", len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &SecondFactor{pool: pool, aead: aead, Now: time.Now}, nil
}

// seal encrypts secret for userID: nonce, then ciphertext; the user id is the additional data.
func (f *SecondFactor) seal(userID int64, secret string) []byte {
	nonce := make([]byte, f.aead.NonceSize())
	_, _ = rand.Read(nonce)
	return f.aead.Seal(nonce, nonce, []byte(secret), []byte(strconv.FormatInt(userID, 10)))
}

func (f *SecondFactor) open(userID int64, sealed []byte) (string, error) {
	n := f.aead.NonceSize()
	if len(sealed) < n {
		return "", errors.New("auth: sealed TOTP secret too short")
	}
	plain, err := f.aead.Open(nil, sealed[:n], sealed[n:], []byte(strconv.FormatInt(userID, 10)))
	if err != nil {
		return "", fmt.Errorf("auth: TOTP secret cannot be decrypted (wrong PORTAL_TOTP_KEY?): %w", err)
	}
	return string(plain), nil
}

// Enabled reports whether the user has a confirmed second factor.
func (f *SecondFactor) Enabled(ctx context.Context, userID int64) (bool, error) {
	var on bool
	err := f.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM user_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL)`, userID).Scan(&on)
	return on, err
}

// Enrolment is a secret being set up: what the authenticator app needs.
type Enrolment struct {
	Secret string // base32, for typing in by hand
	URL    string // otpauth:// URL
	QRPNG  []byte // the URL as a QR code
}

// StartEnrolment makes a new unconfirmed secret for the user, replacing an earlier unconfirmed
// one. It refuses when a confirmed second factor exists.
func (f *SecondFactor) StartEnrolment(ctx context.Context, userID int64, account string) error {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: "Klyngeportalen", AccountName: account, SecretSize: 20})
	if err != nil {
		return err
	}
	tag, err := f.pool.Exec(ctx, `
		INSERT INTO user_totp (user_id, secret_enc) VALUES ($1, $2)
		ON CONFLICT (user_id) DO UPDATE SET secret_enc = excluded.secret_enc, last_step = 0, created_at = now()
		WHERE user_totp.confirmed_at IS NULL`, userID, f.seal(userID, key.Secret()))
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return ErrSecondFactorOn
	}
	return nil
}

// PendingEnrolment returns the unconfirmed secret of the user, or ErrNoSecondStep.
func (f *SecondFactor) PendingEnrolment(ctx context.Context, userID int64, account string) (Enrolment, error) {
	var sealed []byte
	err := f.pool.QueryRow(ctx, `SELECT secret_enc FROM user_totp WHERE user_id = $1 AND confirmed_at IS NULL`, userID).Scan(&sealed)
	if errors.Is(err, pgx.ErrNoRows) {
		return Enrolment{}, ErrNoSecondStep
	}
	if err != nil {
		return Enrolment{}, err
	}
	secret, err := f.open(userID, sealed)
	if err != nil {
		return Enrolment{}, err
	}
	key, err := otp.NewKeyFromURL(fmt.Sprintf("otpauth://totp/Klyngeportalen:%s?secret=%s&issuer=Klyngeportalen&algorithm=SHA1&digits=6&period=30",
		strings.ReplaceAll(account, " ", "%20"), secret))
	if err != nil {
		return Enrolment{}, err
	}
	img, err := key.Image(240, 240)
	if err != nil {
		return Enrolment{}, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return Enrolment{}, err
	}
	return Enrolment{Secret: secret, URL: key.URL(), QRPNG: buf.Bytes()}, nil
}

// Confirm checks code against the unconfirmed secret; when it matches, the second factor is on,
// the user's other sessions end, and fresh recovery codes are returned (shown once). at is the
// database's time of the change, the login time of the session that goes on.
func (f *SecondFactor) Confirm(ctx context.Context, userID int64, code string) (codes []string, at time.Time, err error) {
	tx, err := f.pool.Begin(ctx)
	if err != nil {
		return nil, at, err
	}
	defer tx.Rollback(ctx)
	var sealed []byte
	var last int64
	err = tx.QueryRow(ctx, `SELECT secret_enc, last_step FROM user_totp WHERE user_id = $1 AND confirmed_at IS NULL FOR UPDATE`, userID).Scan(&sealed, &last)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, at, ErrNoSecondStep
	}
	if err != nil {
		return nil, at, err
	}
	secret, err := f.open(userID, sealed)
	if err != nil {
		return nil, at, err
	}
	step, ok := f.match(secret, code, last)
	if !ok {
		return nil, at, ErrBadCode
	}
	if _, err := tx.Exec(ctx, `UPDATE user_totp SET confirmed_at = now(), last_step = $2 WHERE user_id = $1`, userID, step); err != nil {
		return nil, at, err
	}
	if codes, err = replaceRecoveryCodes(ctx, tx, userID); err != nil {
		return nil, at, err
	}
	if err := tx.QueryRow(ctx, `UPDATE users SET sessions_valid_after = now(), updated_at = now() WHERE id = $1 RETURNING now()`, userID).Scan(&at); err != nil {
		return nil, at, err
	}
	return codes, at, tx.Commit(ctx)
}

// Verify checks a one-time code or a recovery code of a user with the second factor on. A TOTP
// code works once (its step must be later than the last one used); a recovery code works once.
func (f *SecondFactor) Verify(ctx context.Context, userID int64, code string) error {
	code = strings.ToLower(strings.Join(strings.Fields(code), ""))
	if len(code) > 40 {
		return ErrBadCode
	}
	if len(code) != 6 { // not a TOTP code: perhaps a recovery code
		code = strings.ReplaceAll(code, "-", "")
		if len(code) != recoveryCodeBytes*8/5 {
			return ErrBadCode
		}
		tag, err := f.pool.Exec(ctx, `UPDATE user_recovery_codes SET used_at = now() WHERE user_id = $1 AND hash = $2 AND used_at IS NULL`,
			userID, hashRecoveryCode(code))
		if err != nil {
			return err
		}
		if tag.RowsAffected() != 1 {
			return ErrBadCode
		}
		return nil
	}
	tx, err := f.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	var sealed []byte
	var last int64
	err = tx.QueryRow(ctx, `SELECT secret_enc, last_step FROM user_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL FOR UPDATE`, userID).Scan(&sealed, &last)
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrBadCode
	}
	if err != nil {
		return err
	}
	secret, err := f.open(userID, sealed)
	if err != nil {
		return err
	}
	step, ok := f.match(secret, code, last)
	if !ok {
		return ErrBadCode
	}
	if _, err := tx.Exec(ctx, `UPDATE user_totp SET last_step = $2 WHERE user_id = $1`, userID, step); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// match returns the step of code among the current step and its neighbours, if later than last.
func (f *SecondFactor) match(secret, code string, last int64) (int64, bool) {
	if len(code) != 6 {
		return 0, false
	}
	now := f.Now()
	for _, offset := range []int64{-1, 0, 1} {
		at := now.Add(time.Duration(offset) * totpPeriod)
		want, err := totp.GenerateCodeCustom(secret, at, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err != nil {
			return 0, false
		}
		step := at.Unix() / int64(totpPeriod/time.Second)
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 && step > last {
			return step, true
		}
	}
	return 0, false
}

// Disable turns the second factor off and removes the recovery codes.
func (f *SecondFactor) Disable(ctx context.Context, userID int64) error {
	tx, err := f.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `DELETE FROM user_totp WHERE user_id = $1`, userID); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM user_recovery_codes WHERE user_id = $1`, userID); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// NewRecoveryCodes replaces the user's recovery codes and returns the new ones (shown once).
func (f *SecondFactor) NewRecoveryCodes(ctx context.Context, userID int64) ([]string, error) {
	tx, err := f.pool.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)
	codes, err := replaceRecoveryCodes(ctx, tx, userID)
	if err != nil {
		return nil, err
	}
	return codes, tx.Commit(ctx)
}

// RecoveryCodesLeft counts the user's unused recovery codes.
func (f *SecondFactor) RecoveryCodesLeft(ctx context.Context, userID int64) (int, error) {
	var n int
	err := f.pool.QueryRow(ctx, `SELECT count(*) FROM user_recovery_codes WHERE user_id = $1 AND used_at IS NULL`, userID).Scan(&n)
	return n, err
}

// SeedSecret gives the user a confirmed second factor with a known base32 secret (demo data and
// tests only: the secret is public).
func (f *SecondFactor) SeedSecret(ctx context.Context, userID int64, secret string) error {
	_, err := f.pool.Exec(ctx, `
		INSERT INTO user_totp (user_id, secret_enc, confirmed_at) VALUES ($1, $2, now())
		ON CONFLICT (user_id) DO UPDATE SET secret_enc = excluded.secret_enc, confirmed_at = now(), last_step = 0`,
		userID, f.seal(userID, secret))
	return err
}

func replaceRecoveryCodes(ctx context.Context, tx pgx.Tx, userID int64) ([]string, error) {
	if _, err := tx.Exec(ctx, `DELETE FROM user_recovery_codes WHERE user_id = $1`, userID); err != nil {
		return nil, err
	}
	codes := make([]string, RecoveryCodeCount)
	enc := base32.StdEncoding.WithPadding(base32.NoPadding)
	for i := range codes {
		b := make([]byte, recoveryCodeBytes)
		_, _ = rand.Read(b)
		c := strings.ToLower(enc.EncodeToString(b)) // 24 characters of 5 bits: 120 bits
		var parts []string
		for j := 0; j < len(c); j += 4 {
			parts = append(parts, c[j:j+4])
		}
		codes[i] = strings.Join(parts, "-")
		if _, err := tx.Exec(ctx, `INSERT INTO user_recovery_codes (user_id, hash) VALUES ($1, $2)`, userID, hashRecoveryCode(c)); err != nil {
			return nil, err
		}
	}
	return codes, nil
}

// recoveryCodeBytes is the randomness of a recovery code: 120 bits, so that its SHA-256 in a
// copy of the database cannot be reversed by trying (a salted slow hash is not needed).
const recoveryCodeBytes = 15

func hashRecoveryCode(code string) []byte {
	h := sha256.Sum256([]byte("klyngeportalen-recovery:" + code))
	return h[:]
}

// DemoTOTPSecret is the second factor of the demo cluster admin in development and tests:
// public, like the demo password.
const DemoTOTPSecret = "KLYNGEPORTALENDEMOTOTPHEMMELIGXX"

// DemoClusterAdmin is the demo cluster admin; it and every demo company admin get DemoTOTPSecret.
const DemoClusterAdmin = "klyngeleder@remiks.example"
