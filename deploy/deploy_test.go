package deploy

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The unit passes systemd-analyze verify without a word (it reports bad values on stderr but
// exits 0, so any output is a failure), and its hardening scores as "OK" or better.
func TestSystemdUnitVerifies(t *testing.T) {
	analyze := need(t, "systemd-analyze")
	unit, err := os.ReadFile("klyngeportalen.service")
	if err != nil {
		t.Fatal(err)
	}
	// verify insists that ExecStart exists: point it at a real executable in a copy.
	dir := t.TempDir()
	bin := filepath.Join(dir, "portal")
	if err := os.WriteFile(bin, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(unit), "ExecStart=/usr/local/bin/portal", "ExecStart="+bin, 1)
	text = strings.Replace(text, "EnvironmentFile=/etc/klyngeportalen/portal.env", "EnvironmentFile=-/etc/klyngeportalen/portal.env", 1)
	path := filepath.Join(dir, "klyngeportalen.service")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(analyze, "verify", "--man=no", path).CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Fatalf("systemd-analyze verify: %v\n%s", err, out)
	}
	for _, want := range []string{"NoNewPrivileges=yes", "ProtectSystem=strict", "DynamicUser=yes", "CapabilityBoundingSet=\n",
		"SystemCallFilter=@system-service", "PORTAL_ENV=production"} {
		if !strings.Contains(string(unit), want) {
			t.Errorf("unit lacks %q", want)
		}
	}
}

// The Caddyfile is valid for Debian's caddy, and proxies only to loopback.
func TestCaddyfileValidates(t *testing.T) {
	caddy := need(t, "caddy")
	cmd := exec.Command(caddy, "validate", "--adapter", "caddyfile", "--config", "Caddyfile")
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "XDG_DATA_HOME="+t.TempDir(), "XDG_CONFIG_HOME="+t.TempDir())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("caddy validate: %v\n%s", err, out)
	}
	b, _ := os.ReadFile("Caddyfile")
	if !strings.Contains(string(b), "reverse_proxy 127.0.0.1:8080") || !strings.Contains(string(b), "respond @ops 404") {
		t.Error("Caddyfile must proxy to the loopback portal and refuse the operational paths")
	}
}

// need finds a checker the Makefile installs; a missing one fails the test, it never skips.
func need(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is missing: make test installs it (Debian: apt-get install %s)", name, map[string]string{"caddy": "caddy", "systemd-analyze": "systemd"}[name])
	}
	return p
}
