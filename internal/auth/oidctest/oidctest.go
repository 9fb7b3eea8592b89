// Package oidctest runs a real OpenID provider in-process for tests: zitadel's certified op
// package with its example storage and login page, its own signing keys, users and clients.
package oidctest

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// IdP is a running provider.
type IdP struct {
	t        testing.TB
	srv      *httptest.Server
	Issuer   string
	Callback string
	// Resign makes the token endpoint re-sign ID tokens with a key of its own (a bad signature).
	Resign atomic.Bool
	// MFA makes ID tokens say a second factor was used (amr: pwd, mfa).
	MFA atomic.Bool
}

// Password is every user's password at the provider.
const Password = "verysecure-test"

// Clients registered at the provider: the portal's, and another one of the same provider.
const (
	ClientID, ClientSecret           = "portal", "portal-secret"
	OtherClientID, OtherClientSecret = "annen-klient", "annen-secret"
)

// User is a person at the provider: their username is their e-mail address.
type User struct {
	ID, Email string
	Verified  bool
}

// Start starts a provider with the given users; both clients may send people back to callback.
func Start(t testing.TB, callback string, users ...User) *IdP {
	t.Helper()
	p := &IdP{t: t, Callback: callback}
	store := map[string]*storage.User{}
	for _, u := range users {
		store[u.ID] = &storage.User{ID: u.ID, Username: u.Email, Password: Password, FirstName: "Test", LastName: u.ID,
			Email: u.Email, EmailVerified: u.Verified}
	}
	b, _ := json.Marshal(store)
	path := filepath.Join(t.TempDir(), "users.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	us, err := storage.StoreFromFile(path)
	if err != nil {
		t.Fatal(err)
	}
	st := storage.NewStorageWithClients(us, map[string]*storage.Client{
		ClientID:      storage.WebClient(ClientID, ClientSecret, callback),
		OtherClientID: storage.WebClient(OtherClientID, OtherClientSecret, callback),
	})
	var handler http.Handler
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(p.srv.Close)
	p.Issuer = p.srv.URL
	router := exampleop.SetupServer(p.Issuer, &mfaStorage{Storage: st, on: &p.MFA}, nil, false)
	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/oauth/token" || !p.Resign.Load() {
			router.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		router.ServeHTTP(rec, r)
		var body map[string]any
		if json.Unmarshal(rec.Body.Bytes(), &body) == nil {
			if raw, ok := body["id_token"].(string); ok {
				body["id_token"] = resignJWT(t, raw, other)
			}
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.Code)
		_ = json.NewEncoder(w).Encode(body)
	})
	return p
}

// resignJWT signs the claims of raw again with key, keeping the key id the provider used.
func resignJWT(t testing.TB, raw string, key *rsa.PrivateKey) string {
	parts := strings.Split(raw, ".")
	header, _ := base64.RawURLEncoding.DecodeString(parts[0])
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	var h struct {
		Kid string `json:"kid"`
	}
	_ = json.Unmarshal(header, &h)
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: h.Kid}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	obj, err := signer.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := obj.CompactSerialize()
	return s
}

// mfaStorage is the example storage, whose auth requests say "pwd, mfa" while on is set.
type mfaStorage struct {
	*storage.Storage
	on *atomic.Bool
}

func (s *mfaStorage) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	req, err := s.Storage.AuthRequestByCode(ctx, code)
	if err != nil || !s.on.Load() {
		return req, err
	}
	return mfaRequest{req.(*storage.AuthRequest)}, nil
}

type mfaRequest struct{ *storage.AuthRequest }

func (mfaRequest) GetAMR() []string { return []string{"pwd", "mfa"} }

// Authorize plays the browser at the provider: from the portal's redirect to the provider,
// through its login page as username, to the portal's callback, whose address it returns.
func (p *IdP) Authorize(authURL, username string) string {
	t := p.t
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, _ []*http.Request) error {
		if strings.HasPrefix(req.URL.String(), p.Callback) {
			return http.ErrUseLastResponse
		}
		return nil
	}}
	res, err := c.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	id := res.Request.URL.Query().Get("authRequestID")
	if id == "" {
		t.Fatalf("the provider did not show its login page: %s %d", res.Request.URL, res.StatusCode)
	}
	res, err = c.PostForm(p.Issuer+"/login/username", url.Values{"id": {id}, "username": {username}, "password": {Password}})
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	_, _ = body.ReadFrom(res.Body)
	res.Body.Close()
	loc := res.Header.Get("Location")
	if !strings.HasPrefix(loc, p.Callback) {
		t.Fatalf("the provider did not send the browser back: %d %q %s", res.StatusCode, loc, body.String())
	}
	return loc
}
