package config

import (
	"strings"
	"testing"
)

// The profiler listens on loopback only: another address is refused at start.
func TestProfilerAddressMustBeLoopback(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:6060": true, "localhost:6060": true, "[::1]:6060": true,
		"0.0.0.0:6060": false, ":6060": false, "10.0.0.5:6060": false, "portal.example:6060": false, "127.0.0.1": false,
	} {
		_, err := Load(nil, func(k string) string { return map[string]string{"PORTAL_PPROF_ADDR": addr}[k] })
		if refused := err != nil && strings.Contains(err.Error(), "PORTAL_PPROF_ADDR"); refused == ok {
			t.Errorf("PORTAL_PPROF_ADDR=%q: error %v", addr, err)
		}
	}
}

// The metrics listen on loopback only, like the profiler.
func TestMetricsAddressMustBeLoopback(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:9464": true, "[::1]:9464": true, "0.0.0.0:9464": false, ":9464": false, "192.168.1.5:9464": false,
	} {
		_, err := Load(nil, func(k string) string { return map[string]string{"PORTAL_METRICS_ADDR": addr}[k] })
		if refused := err != nil && strings.Contains(err.Error(), "PORTAL_METRICS_ADDR"); refused == ok {
			t.Errorf("PORTAL_METRICS_ADDR=%q: error %v", addr, err)
		}
	}
}
