package keyset_test

import (
	"strings"
	"testing"
	"time"

	"klyngeportalen/internal/keyset"
)

func TestCursorsRoundTrip(t *testing.T) {
	at := time.Date(2026, 6, 5, 7, 30, 0, 123000, time.UTC)
	s := keyset.Format(true, at, int64(42), 7, "2026-06-05", "Kari_Fjellvik – æøå")
	k := keyset.Parse(s, 6)
	pinned, got, id, n, day, name := k.Bool(), k.Time(), k.ID(), k.Int(0, 10), k.Date(), k.Text(50, false)
	if !k.OK() || !pinned || !got.Equal(at) || id != 42 || n != 7 || day.Format(time.DateOnly) != "2026-06-05" || name != "Kari_Fjellvik – æøå" {
		t.Errorf("%q read as %v %v %d %d %v %q (ok %v)", s, pinned, got, id, n, day, name, k.OK())
	}
}

func TestCursorsRefuseJunk(t *testing.T) {
	read := func(s string) bool { k := keyset.Parse(s, 2); k.Time(); k.ID(); return k.OK() }
	for _, bad := range []string{"", "x", "1", "1_x", "-1_2", "1_-2", "1_0", "99999999999999999_1", "1-2", "1_2_3",
		"1_" + strings.Repeat("1", keyset.MaxLen), "\xff_1"} {
		if read(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
	for _, bad := range []string{"1_", "1_a\x00", "1_\ufffd", "1_" + strings.Repeat("x", 121), "1_x_y", "2_1"} {
		k := keyset.Parse(bad, 2)
		k.ID()
		k.Text(120, false)
		if bad == "1_x_y" || bad == "2_1" { // a text key takes the rest, "_" and digits too
			if !k.OK() {
				t.Errorf("%q refused", bad)
			}
			continue
		}
		if k.OK() {
			t.Errorf("%q accepted", bad)
		}
	}
	if k := keyset.Parse("1_2", 2); k.ID() == 1 && k.ID() == 2 && k.ID() == 0 && k.OK() {
		t.Error("reading past the last key is OK")
	}
}
