package format

import (
	"testing"
	"time"
	_ "time/tzdata"
)

func TestNorwegianDates(t *testing.T) {
	summer := time.Date(2026, 6, 5, 7, 30, 0, 0, time.UTC) // 09.30 in Oslo (CEST)
	if got := DateTime(summer); got != "5. juni 2026 kl. 09.30" {
		t.Errorf("DateTime = %q", got)
	}
	winter := time.Date(2026, 12, 31, 23, 5, 0, 0, time.UTC) // past midnight in Oslo (CET)
	if got := DateTime(winter); got != "1. januar 2027 kl. 00.05" {
		t.Errorf("DateTime = %q", got)
	}
}

func TestNumber(t *testing.T) {
	for _, c := range []struct {
		v    float64
		d    int
		want string
	}{
		{10000, 0, "10\u00a0000"}, {1234, 0, "1234"}, {1234567.891, 2, "1\u00a0234\u00a0567,89"}, {12.5, 1, "12,5"},
		{-3.26, 1, "−3,3"}, {-0.01, 1, "0,0"}, {0, 0, "0"}, {99.95, 1, "100,0"}, {-12000, 0, "−12\u00a0000"},
	} {
		if got := Number(c.v, c.d); got != c.want {
			t.Errorf("Number(%v, %d) = %q, want %q", c.v, c.d, got, c.want)
		}
	}
}

func TestCount(t *testing.T) {
	if got := Count(1, "arrangement", "arrangementer"); got != "1 arrangement" {
		t.Errorf("Count(1) = %q", got)
	}
	if got := Count(0, "arrangement", "arrangementer"); got != "0 arrangementer" {
		t.Errorf("Count(0) = %q", got)
	}
}
