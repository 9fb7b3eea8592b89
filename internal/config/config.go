// Package config reads the portal's configuration from the environment and flags.
package config

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Env names the mode the portal runs in.
type Env string

const (
	Development Env = "development"
	Production  Env = "production"
)

// Config is everything the portal needs to start; it is built once and passed down.
type Config struct {
	Env            Env
	Addr           string         // listen address, e.g. ":8080"
	BaseURL        *url.URL       // public address, e.g. https://portal.example; decides cookie security and HSTS
	DatabaseURL    string         // empty: start the private cluster under DataDir (development only)
	DataDir        string         // where the private PostgreSQL cluster lives
	SMTPURL        string         // empty: mail stays in the outbox
	MailFrom       string         // sender address of the portal's mail
	TrustedProxies []netip.Prefix // peers whose X-Forwarded-For is believed
	MaxBodyBytes   int64          // request body limit for ordinary forms
	ShutdownDelay  time.Duration  // how long /readyz says 503 before the listener closes
	ShutdownGrace  time.Duration  // how long in-flight requests get to finish
	DemoPassword   string         // password of the demo accounts
	SessionIdle    time.Duration  // a session ends after this long without a request
	SessionMaxAge  time.Duration  // and this long after the login at the latest
	TOTPKey        []byte         // AES-256 key of the stored TOTP secrets (PORTAL_TOTP_KEY, base64)
	PprofAddr      string         // loopback address of the Go profiler (PORTAL_PPROF_ADDR); empty: off
	MetricsAddr    string         // loopback address of the Prometheus metrics (PORTAL_METRICS_ADDR); empty: off
}

// DevTOTPKey is the TOTP key of development and tests when PORTAL_TOTP_KEY is unset: derived
// from a public phrase, so it protects nothing, and production refuses to start without a key.
func DevTOTPKey() []byte {
	k := sha256.Sum256([]byte("klyngeportalen development TOTP key: public, never for production"))
	return k[:]
}

// Secure reports whether the portal is served over TLS (cookies get __Host- and Secure, HSTS is sent).
func (c Config) Secure() bool { return c.BaseURL != nil && c.BaseURL.Scheme == "https" }

// Dev reports whether the portal runs in development mode.
func (c Config) Dev() bool { return c.Env == Development }

// Load builds a Config from environment variables (getenv) and the flags in args.
func Load(args []string, getenv func(string) string) (Config, error) {
	get := func(key, def string) string {
		if v := strings.TrimSpace(getenv(key)); v != "" {
			return v
		}
		return def
	}
	fs := flag.NewFlagSet("portal", flag.ContinueOnError)
	env := fs.String("env", get("PORTAL_ENV", string(Development)), "development or production")
	addr := fs.String("addr", get("PORTAL_ADDR", "localhost:8080"), "listen address")
	base := fs.String("base-url", get("PORTAL_BASE_URL", ""), "public base URL (https://… in production)")
	dataDir := fs.String("data-dir", get("PORTAL_DATA_DIR", ".data"), "folder of the private development database")
	maxBody := fs.Int64("max-body", 0, "request body limit in bytes (default 1 MiB)")
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}

	c := Config{
		Env:          Env(*env),
		Addr:         *addr,
		DatabaseURL:  get("DATABASE_URL", ""),
		DataDir:      *dataDir,
		SMTPURL:      get("SMTP_URL", ""),
		MailFrom:     get("PORTAL_MAIL_FROM", ""),
		MaxBodyBytes: 1 << 20,
		DemoPassword: get("PORTAL_DEMO_PASSWORD", "klynge-demo-2026"),
		PprofAddr:    get("PORTAL_PPROF_ADDR", ""),
		MetricsAddr:  get("PORTAL_METRICS_ADDR", ""),
	}
	if *maxBody > 0 {
		c.MaxBodyBytes = *maxBody
	}
	var errs []error
	if c.Env != Development && c.Env != Production {
		errs = append(errs, fmt.Errorf("PORTAL_ENV must be development or production, not %q", c.Env))
	}
	if *base == "" {
		*base = "http://" + strings.Replace(c.Addr, "0.0.0.0", "localhost", 1)
		if strings.HasPrefix(c.Addr, ":") {
			*base = "http://localhost" + c.Addr
		}
	}
	u, err := url.Parse(*base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("PORTAL_BASE_URL must be an absolute http(s) URL, not %q", *base))
	}
	c.BaseURL = u
	if c.MailFrom == "" && u != nil {
		c.MailFrom = "Klyngeportalen <noreply@" + u.Hostname() + ">"
	}
	for _, p := range strings.FieldsFunc(getenv("TRUSTED_PROXIES"), func(r rune) bool { return r == ',' || r == ' ' }) {
		prefix, err := parsePrefix(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("TRUSTED_PROXIES: %w", err))
			continue
		}
		c.TrustedProxies = append(c.TrustedProxies, prefix)
	}
	c.ShutdownDelay, err = duration(get("PORTAL_SHUTDOWN_DELAY", "0s"))
	errs = append(errs, err)
	c.ShutdownGrace, err = duration(get("PORTAL_SHUTDOWN_GRACE", "30s"))
	errs = append(errs, err)
	c.SessionIdle, err = duration(get("PORTAL_SESSION_IDLE", "8h"))
	errs = append(errs, err)
	c.SessionMaxAge, err = duration(get("PORTAL_SESSION_MAX_AGE", "168h"))
	errs = append(errs, err)
	if c.SessionIdle <= 0 || c.SessionMaxAge < c.SessionIdle {
		errs = append(errs, errors.New("PORTAL_SESSION_IDLE must be positive and at most PORTAL_SESSION_MAX_AGE"))
	}
	if c.PprofAddr != "" && !loopback(c.PprofAddr) {
		errs = append(errs, fmt.Errorf("PORTAL_PPROF_ADDR must be a loopback address such as 127.0.0.1:6060, not %q", c.PprofAddr))
	}
	if c.MetricsAddr != "" && !loopback(c.MetricsAddr) {
		errs = append(errs, fmt.Errorf("PORTAL_METRICS_ADDR must be a loopback address such as 127.0.0.1:9464, not %q", c.MetricsAddr))
	}
	c.TOTPKey = DevTOTPKey()
	if k := getenv("PORTAL_TOTP_KEY"); k != "" {
		key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(k))
		if err != nil || len(key) != 32 {
			errs = append(errs, errors.New("PORTAL_TOTP_KEY must be 32 bytes in base64 (openssl rand -base64 32)"))
		}
		c.TOTPKey = key
	} else if c.Env == Production {
		errs = append(errs, errors.New("PORTAL_TOTP_KEY is required in production (openssl rand -base64 32)"))
	}
	if c.Env == Production {
		if c.DatabaseURL == "" {
			errs = append(errs, errors.New("DATABASE_URL is required in production"))
		}
		if !c.Secure() {
			errs = append(errs, errors.New("PORTAL_BASE_URL must be https in production"))
		}
	}
	return c, errors.Join(errs...)
}

func parsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		return netip.ParsePrefix(s)
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}

func duration(s string) (time.Duration, error) {
	if n, err := strconv.Atoi(s); err == nil {
		return time.Duration(n) * time.Second, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("invalid duration %q", s)
	}
	return d, nil
}

// loopback reports whether addr (host:port) listens on the loopback interface only.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}
