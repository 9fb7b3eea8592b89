package auth

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/oauth2"
)

// Why a sign-in through a company's provider was refused. The web layer says each in Norwegian.
var (
	ErrNoProvider      = errors.New("auth: the company has no identity provider")
	ErrProviderDown    = errors.New("auth: the identity provider cannot be reached")
	ErrTokenRejected   = errors.New("auth: the ID token was rejected")
	ErrEmailUnverified = errors.New("auth: the provider has not verified the e-mail address")
	ErrOtherCompany    = errors.New("auth: the e-mail address belongs to another company")
	ErrNoAccount       = errors.New("auth: no account for this person, and new ones must be invited")
	ErrDeactivated     = errors.New("auth: the account is deactivated")
	ErrProviderOnly    = errors.New("auth: the company signs in with its provider only")
)

// Provider is a company's OpenID Connect provider as configured by its admin.
type Provider struct {
	CompanyID    int64
	CompanySlug  string
	CompanyName  string
	Issuer       string
	ClientID     string
	secret       string
	HasSecret    bool
	Domains      []string
	CreateUsers  bool
	ProviderOnly bool
	UpdatedAt    time.Time
}

// ProviderInput is what an admin saves; an empty Secret keeps the stored one.
type ProviderInput struct {
	Issuer       string
	ClientID     string
	Secret       string
	Domains      []string
	CreateUsers  bool
	ProviderOnly bool
}

// Providers keeps the companies' identity providers and signs people in through them.
type Providers struct {
	pool *pgxpool.Pool
	aead cipher.AEAD
	// Now is the clock of token checks; HTTP is the client that talks to providers. Tests may
	// replace both.
	Now  func() time.Time
	HTTP *http.Client

	mu    sync.Mutex
	found map[string]discovered // discovery documents by issuer, kept for a while
}

type discovered struct {
	provider *oidc.Provider
	at       time.Time
}

// discoveryTTL is how long a provider's discovery is kept (its keys are refreshed by go-oidc
// whenever a token names a key it does not know).
const discoveryTTL = 15 * time.Minute

// NewProviders returns the providers store; key is the portal's 32-byte AES-256 key.
func NewProviders(pool *pgxpool.Pool, key []byte) (*Providers, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Providers{pool: pool, aead: aead, Now: time.Now, HTTP: &http.Client{Timeout: 10 * time.Second}, found: map[string]discovered{}}, nil
}

func secretAAD(companyID int64) []byte {
	return []byte("oidc-client-secret:" + strconv.FormatInt(companyID, 10))
}

func (p *Providers) seal(companyID int64, secret string) []byte {
	nonce := make([]byte, p.aead.NonceSize())
	_, _ = rand.Read(nonce)
	return p.aead.Seal(nonce, nonce, []byte(secret), secretAAD(companyID))
}

func (p *Providers) open(companyID int64, sealed []byte) (string, error) {
	n := p.aead.NonceSize()
	if len(sealed) < n {
		return "", errors.New("auth: sealed client secret too short")
	}
	plain, err := p.aead.Open(nil, sealed[:n], sealed[n:], secretAAD(companyID))
	if err != nil {
		return "", fmt.Errorf("auth: client secret cannot be decrypted (wrong PORTAL_TOTP_KEY?): %w", err)
	}
	return string(plain), nil
}

const providerColumns = `ip.company_id, c.slug, c.name, ip.issuer, ip.client_id, ip.client_secret,
	coalesce((SELECT array_agg(d.domain ORDER BY d.domain) FROM identity_provider_domains d WHERE d.company_id = ip.company_id), '{}'),
	ip.create_users, ip.provider_only, ip.updated_at`

func (p *Providers) scan(row pgx.Row) (Provider, error) {
	var pr Provider
	var sealed []byte
	err := row.Scan(&pr.CompanyID, &pr.CompanySlug, &pr.CompanyName, &pr.Issuer, &pr.ClientID, &sealed, &pr.Domains,
		&pr.CreateUsers, &pr.ProviderOnly, &pr.UpdatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return Provider{}, ErrNoProvider
	}
	if err != nil {
		return Provider{}, err
	}
	if pr.secret, err = p.open(pr.CompanyID, sealed); err != nil {
		return Provider{}, err
	}
	pr.HasSecret = pr.secret != ""
	return pr, nil
}

// ForCompany returns the provider of the company with the given slug, or ErrNoProvider.
func (p *Providers) ForCompany(ctx context.Context, slug string) (Provider, error) {
	return p.scan(p.pool.QueryRow(ctx, `SELECT `+providerColumns+`
		FROM identity_providers ip JOIN companies c ON c.id = ip.company_id WHERE c.slug = $1`, slug))
}

// ForEmail returns the provider that owns the domain of email, or ErrNoProvider.
func (p *Providers) ForEmail(ctx context.Context, email string) (Provider, error) {
	_, domain, ok := strings.Cut(NormalizeEmail(email), "@")
	if !ok || domain == "" {
		return Provider{}, ErrNoProvider
	}
	return p.scan(p.pool.QueryRow(ctx, `SELECT `+providerColumns+`
		FROM identity_provider_domains d JOIN identity_providers ip ON ip.company_id = d.company_id
		JOIN companies c ON c.id = ip.company_id WHERE d.domain = $1`, domain))
}

// ProviderFieldError is a field of ProviderInput that is not acceptable, with a Norwegian message.
type ProviderFieldError struct{ Field, Message string }

func (e *ProviderFieldError) Error() string { return "auth: " + e.Field + ": " + e.Message }

// ValidIssuer reports whether issuer is an https URL (or http on loopback, for tests and local
// providers) without query or fragment, such as https://login.microsoftonline.com/{tenant}/v2.0.
func ValidIssuer(issuer string) bool {
	u, err := url.Parse(issuer)
	if err != nil || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil || len(issuer) > 500 {
		return false
	}
	if u.Scheme == "https" {
		return true
	}
	host := u.Hostname()
	ip := net.ParseIP(host)
	return u.Scheme == "http" && (host == "localhost" || (ip != nil && ip.IsLoopback()))
}

// CheckProviderInput trims and checks in, returning the first problem as a *ProviderFieldError.
func CheckProviderInput(in *ProviderInput, hasSecret bool) error {
	in.Issuer = strings.TrimRight(strings.TrimSpace(in.Issuer), "/")
	in.ClientID = strings.TrimSpace(in.ClientID)
	in.Secret = strings.TrimSpace(in.Secret)
	if !ValidIssuer(in.Issuer) {
		return &ProviderFieldError{"issuer", "Skriv utsteder-adressen (issuer) som starter med https://, for eksempel https://login.microsoftonline.com/<tenant-id>/v2.0."}
	}
	if in.ClientID == "" || len(in.ClientID) > 300 {
		return &ProviderFieldError{"client_id", "Skriv klient-ID-en (application/client ID) fra identitetstilbyderen."}
	}
	if len(in.Secret) > 1000 {
		return &ProviderFieldError{"secret", "Klienthemmeligheten er for lang."}
	}
	if in.Secret == "" && !hasSecret {
		return &ProviderFieldError{"secret", "Skriv klienthemmeligheten (client secret)."}
	}
	var domains []string
	for _, d := range in.Domains {
		d = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(d), "@")))
		if d == "" {
			continue
		}
		if !validDomain(d) {
			return &ProviderFieldError{"domains", "«" + d + "» er ikke et gyldig domene. Skriv ett domene per linje, for eksempel iris-salten.no."}
		}
		if !slices.Contains(domains, d) {
			domains = append(domains, d)
		}
	}
	if len(domains) == 0 || len(domains) > 20 {
		return &ProviderFieldError{"domains", "Skriv de e-postdomenene som hører til selskapet (1–20), ett per linje."}
	}
	in.Domains = domains
	return nil
}

func validDomain(d string) bool {
	if len(d) > 253 || !strings.Contains(d, ".") {
		return false
	}
	for _, label := range strings.Split(d, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// ErrDomainTaken is returned by Save when a domain already belongs to another company's provider.
var ErrDomainTaken = errors.New("auth: the domain belongs to another company's provider")

// Save stores the provider of companyID; an empty secret keeps the stored one.
func (p *Providers) Save(ctx context.Context, companyID, by int64, in ProviderInput) error {
	tx, err := p.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	var sealed []byte
	if in.Secret != "" {
		sealed = p.seal(companyID, in.Secret)
	}
	_, err = tx.Exec(ctx, `
		INSERT INTO identity_providers (company_id, issuer, client_id, client_secret, create_users, provider_only, updated_by)
		VALUES ($1, $2, $3, coalesce($4, ''::bytea), $5, $6, nullif($7::bigint, 0))
		ON CONFLICT (company_id) DO UPDATE SET issuer = $2, client_id = $3,
			client_secret = coalesce($4, identity_providers.client_secret), create_users = $5, provider_only = $6,
			updated_by = nullif($7::bigint, 0), updated_at = now()`,
		companyID, in.Issuer, in.ClientID, sealed, in.CreateUsers, in.ProviderOnly, by)
	if err != nil {
		return err
	}
	var taken bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM identity_provider_domains WHERE domain = ANY($1) AND company_id <> $2)`,
		in.Domains, companyID).Scan(&taken); err != nil {
		return err
	}
	if taken {
		return ErrDomainTaken
	}
	if _, err := tx.Exec(ctx, `DELETE FROM identity_provider_domains WHERE company_id = $1`, companyID); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO identity_provider_domains (domain, company_id) SELECT unnest($1::text[]), $2`, in.Domains, companyID); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO audit_log (actor_id, company_id, action, target_type, target_id, details)
		VALUES (nullif($1::bigint, 0), $2, 'identity_provider.save', 'company', $2, jsonb_build_object('issuer', $3::text, 'provider_only', $4::bool))`,
		by, companyID, in.Issuer, in.ProviderOnly); err != nil {
		return err
	}
	p.forget(in.Issuer)
	return tx.Commit(ctx)
}

// Delete removes the company's provider: its people sign in with passwords again.
func (p *Providers) Delete(ctx context.Context, companyID, by int64) error {
	_, err := p.pool.Exec(ctx, `
		WITH gone AS (DELETE FROM identity_providers WHERE company_id = $1 RETURNING issuer)
		INSERT INTO audit_log (actor_id, company_id, action, target_type, target_id, details)
		SELECT nullif($2::bigint, 0), $1, 'identity_provider.delete', 'company', $1, jsonb_build_object('issuer', issuer) FROM gone`, companyID, by)
	return err
}

// discover returns the provider at issuer, from memory while recent.
func (p *Providers) discover(ctx context.Context, issuer string) (*oidc.Provider, error) {
	p.mu.Lock()
	d, ok := p.found[issuer]
	p.mu.Unlock()
	if ok && time.Since(d.at) < discoveryTTL {
		return d.provider, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 8*time.Second)
	defer cancel()
	op, err := oidc.NewProvider(oidc.ClientContext(ctx, p.HTTP), issuer)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrProviderDown, err)
	}
	p.mu.Lock()
	p.found[issuer] = discovered{op, time.Now()}
	p.mu.Unlock()
	return op, nil
}

func (p *Providers) forget(issuer string) {
	p.mu.Lock()
	delete(p.found, issuer)
	p.mu.Unlock()
}

// Discovery is what the "Test" button reports about a provider.
type Discovery struct {
	Issuer, AuthURL, TokenURL, UserInfoURL, KeysURL string
	Scopes, Claims                                  []string
	PKCE                                            bool
}

// Test runs discovery against issuer afresh and reports what it found.
func (p *Providers) Test(ctx context.Context, issuer string) (Discovery, error) {
	p.forget(issuer)
	op, err := p.discover(ctx, issuer)
	if err != nil {
		return Discovery{}, err
	}
	var doc struct {
		Issuer   string   `json:"issuer"`
		Auth     string   `json:"authorization_endpoint"`
		Token    string   `json:"token_endpoint"`
		UserInfo string   `json:"userinfo_endpoint"`
		JWKS     string   `json:"jwks_uri"`
		Scopes   []string `json:"scopes_supported"`
		Claims   []string `json:"claims_supported"`
		Methods  []string `json:"code_challenge_methods_supported"`
	}
	if err := op.Claims(&doc); err != nil {
		return Discovery{}, fmt.Errorf("%w: %v", ErrProviderDown, err)
	}
	return Discovery{Issuer: doc.Issuer, AuthURL: doc.Auth, TokenURL: doc.Token, UserInfoURL: doc.UserInfo, KeysURL: doc.JWKS,
		Scopes: doc.Scopes, Claims: doc.Claims, PKCE: slices.Contains(doc.Methods, "S256")}, nil
}

// Login is one sign-in on its way to a provider: what the callback must see again.
type Login struct {
	State, Nonce, Verifier string
	URL                    string // where to send the browser
}

// Begin starts an authorization code flow with PKCE, state and nonce for prov.
func (p *Providers) Begin(ctx context.Context, prov Provider, redirectURL, loginHint string) (Login, error) {
	op, err := p.discover(ctx, prov.Issuer)
	if err != nil {
		return Login{}, err
	}
	l := Login{State: rand.Text(), Nonce: rand.Text(), Verifier: oauth2.GenerateVerifier()}
	opts := []oauth2.AuthCodeOption{oidc.Nonce(l.Nonce), oauth2.S256ChallengeOption(l.Verifier)}
	if loginHint != "" {
		opts = append(opts, oauth2.SetAuthURLParam("login_hint", loginHint))
	}
	l.URL = p.oauth(prov, op, redirectURL).AuthCodeURL(l.State, opts...)
	if u, err := url.Parse(l.URL); err != nil || !ValidIssuer(u.Scheme+"://"+u.Host) {
		return Login{}, fmt.Errorf("%w: authorization endpoint %q is not https", ErrProviderDown, op.Endpoint().AuthURL)
	}
	return l, nil
}

func (p *Providers) oauth(prov Provider, op *oidc.Provider, redirectURL string) *oauth2.Config {
	return &oauth2.Config{ClientID: prov.ClientID, ClientSecret: prov.secret, Endpoint: op.Endpoint(),
		RedirectURL: redirectURL, Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}
}

// Identity is who the provider says signed in, after every check of the ID token.
type Identity struct {
	Issuer, Subject string
	Email           string
	EmailVerified   bool
	Name            string
	MFA             bool // the provider says a second factor was used (amr or acr)
}

// Finish exchanges code (with the PKCE verifier) and verifies the ID token: signature from the
// provider's keys, issuer, audience, expiry and nonce. E-mail and name come from the token, or
// from the user info endpoint when the token lacks them (for the same subject only).
func (p *Providers) Finish(ctx context.Context, prov Provider, redirectURL, code, verifier, nonce string) (Identity, error) {
	op, err := p.discover(ctx, prov.Issuer)
	if err != nil {
		return Identity{}, err
	}
	ctx = oidc.ClientContext(ctx, p.HTTP)
	tok, err := p.oauth(prov, op, redirectURL).Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		return Identity{}, fmt.Errorf("%w: code exchange: %v", ErrTokenRejected, err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return Identity{}, fmt.Errorf("%w: no id_token", ErrTokenRejected)
	}
	id, err := p.Verify(ctx, op, prov.ClientID, raw, nonce)
	if err != nil {
		return Identity{}, err
	}
	if id.Email == "" {
		info, err := op.UserInfo(ctx, oauth2.StaticTokenSource(tok))
		if err != nil {
			return Identity{}, fmt.Errorf("%w: user info: %v", ErrTokenRejected, err)
		}
		if info.Subject != id.Subject {
			return Identity{}, fmt.Errorf("%w: user info for another subject", ErrTokenRejected)
		}
		var extra struct {
			Name string `json:"name"`
		}
		_ = info.Claims(&extra)
		id.Email, id.EmailVerified, id.Name = info.Email, info.EmailVerified, extra.Name
	}
	return id, nil
}

// Verify checks a raw ID token from op for clientID and nonce and returns who it names.
func (p *Providers) Verify(ctx context.Context, op *oidc.Provider, clientID, raw, nonce string) (Identity, error) {
	tok, err := op.Verifier(&oidc.Config{ClientID: clientID, Now: p.Now}).Verify(ctx, raw)
	if err != nil {
		return Identity{}, fmt.Errorf("%w: %v", ErrTokenRejected, err)
	}
	if nonce == "" || tok.Nonce != nonce {
		return Identity{}, fmt.Errorf("%w: nonce does not match", ErrTokenRejected)
	}
	var c struct {
		Email    string   `json:"email"`
		Verified any      `json:"email_verified"` // a bool, or "true" from some providers
		EDOV     any      `json:"xms_edov"`       // Entra ID: the e-mail's domain is verified by the tenant
		Name     string   `json:"name"`
		AMR      []string `json:"amr"`
		ACR      string   `json:"acr"`
	}
	if err := tok.Claims(&c); err != nil {
		return Identity{}, fmt.Errorf("%w: claims: %v", ErrTokenRejected, err)
	}
	id := Identity{Issuer: tok.Issuer, Subject: tok.Subject, Email: c.Email, Name: c.Name,
		EmailVerified: truthy(c.Verified) || truthy(c.EDOV), MFA: usedSecondFactor(c.AMR, c.ACR)}
	return id, nil
}

func truthy(v any) bool {
	switch v := v.(type) {
	case bool:
		return v
	case string:
		return v == "true" || v == "1"
	case float64:
		return v == 1
	}
	return false
}

// usedSecondFactor reads RFC 8176 amr values (Entra ID sends "mfa") and the acr values that
// name multi-factor authentication.
func usedSecondFactor(amr []string, acr string) bool {
	for _, m := range amr {
		switch m {
		case "mfa", "otp", "hwk", "swk", "sms", "fido", "face", "fpt", "iris", "retina", "vbm", "sc":
			return true
		}
	}
	acr = strings.ToLower(acr)
	return acr == "http://schemas.openid.net/pape/policies/2007/06/multi-factor" || strings.Contains(acr, "mfa")
}
