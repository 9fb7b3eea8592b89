package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// argon2id parameters (OWASP): 19 MiB, 2 iterations, 1 lane; a 16-byte salt, a 32-byte key.
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// Password length limits, in characters.
const (
	MinPasswordLen = 10
	MaxPasswordLen = 128
)

// ErrWeakPassword explains why a new password is refused; the text is shown to the user.
type ErrWeakPassword struct{ Reason string }

func (e ErrWeakPassword) Error() string { return e.Reason }

// CheckPassword returns an ErrWeakPassword when pw may not be used as a password.
func CheckPassword(pw string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case !utf8.ValidString(pw) || strings.ContainsRune(pw, 0):
		return ErrWeakPassword{"Passordet inneholder tegn som ikke kan brukes."}
	case n < MinPasswordLen:
		return ErrWeakPassword{fmt.Sprintf("Passordet må ha minst %d tegn.", MinPasswordLen)}
	case n > MaxPasswordLen:
		return ErrWeakPassword{fmt.Sprintf("Passordet kan ha høyst %d tegn.", MaxPasswordLen)}
	case tooCommon(pw):
		return ErrWeakPassword{"Passordet er for vanlig og lett å gjette. Velg et annet, gjerne en setning av flere ord."}
	}
	return nil
}

// HashPassword returns the argon2id hash of pw as a PHC string with its salt and parameters.
func HashPassword(pw string) (string, error) {
	return HashPasswordAtCost(pw, argonMemory, argonTime)
}

// HashPasswordAtCost hashes pw with the given memory (KiB) and iterations. The portal stores
// only HashPassword's hashes; tests store their shared demo accounts' hash at a low cost, since
// VerifyPassword reads the cost from the hash and hundreds of test logins run under -race.
func HashPasswordAtCost(pw string, memoryKiB, iterations uint32) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, iterations, memoryKiB, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, memoryKiB, iterations, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

var errBadHash = errors.New("auth: malformed password hash")

// VerifyPassword reports whether pw matches the PHC-encoded hash, using the hash's own parameters.
func VerifyPassword(pw, hash string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var version int
	var memory, iterations uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errBadHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &iterations, &threads); err != nil ||
		memory == 0 || memory > 1<<20 || iterations == 0 || iterations > 20 || threads == 0 {
		return false, errBadHash
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 || len(want) > 64 {
		return false, errBadHash
	}
	got := argon2.IDKey([]byte(pw), salt, iterations, memory, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// dummyHash is verified against when an account does not exist, so that the answer takes as
// long as for a real account.
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2mY5bO0u8rJ1v2gJ4Vx3c0WcJz7lB1g1r8QH2wq6m6Q"
