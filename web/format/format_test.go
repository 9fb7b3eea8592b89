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
