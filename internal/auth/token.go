package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"time"
)

// Token purposes and how long each lives.
const (
	PurposeInvitation = "invitation"
	PurposeReset      = "reset"

	InvitationTTL = 7 * 24 * time.Hour
	ResetTTL      = time.Hour
)

// NewToken returns a random single-use token for a link, and the hash that is stored.
func NewToken() (plain string, hash []byte) {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	plain = base64.RawURLEncoding.EncodeToString(b)
	return plain, HashToken(plain)
}

// HashToken is the stored form of a token: its SHA-256.
func HashToken(plain string) []byte {
	sum := sha256.Sum256([]byte(plain))
	return sum[:]
}
