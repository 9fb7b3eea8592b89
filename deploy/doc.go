// Package deploy holds the production files — a hardened systemd unit, a Caddy TLS front and an
// example of the settings — and the tests that check them with systemd-analyze and caddy.
package deploy
