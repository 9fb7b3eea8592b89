package auth

import (
	"reflect"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
)

func TestSessionCodecRoundTrip(t *testing.T) {
	deadline := time.Unix(0, 1_790_000_000_123_456_789)
	values := map[string]any{"uid": int64(42), "role": "company_admin", "flash": "success|Lagret ✓", "two": true,
		"at": time.Unix(0, 1_780_000_000_000_000_001), "empty": "", "negative": int64(-7)}
	b, err := sessionCodec{}.Encode(deadline, values)
	if err != nil {
		t.Fatal(err)
	}
	gotDeadline, got, err := sessionCodec{}.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if !gotDeadline.Equal(deadline) {
		t.Errorf("deadline %v, want %v", gotDeadline, deadline)
	}
	at := got["at"].(time.Time)
	delete(got, "at")
	delete(values, "at")
	if !reflect.DeepEqual(got, values) || at.UnixNano() != 1_780_000_000_000_000_001 {
		t.Errorf("decoded %#v %v, want %#v", got, at, values)
	}
}

// Sessions written with gob (before this codec) are still read, so nobody is logged out.
func TestSessionCodecReadsGobSessions(t *testing.T) {
	deadline := time.Now().Add(time.Hour).Round(0)
	b, err := scs.GobCodec{}.Encode(deadline, map[string]any{"uid": int64(7), "role": "member"})
	if err != nil {
		t.Fatal(err)
	}
	d, got, err := sessionCodec{}.Decode(b)
	if err != nil || !d.Equal(deadline) || got["uid"] != int64(7) || got["role"] != "member" {
		t.Fatalf("gob session decoded as %v %v %v", d, got, err)
	}
}

func TestSessionCodecRefusesOtherTypesAndDamage(t *testing.T) {
	if _, err := (sessionCodec{}).Encode(time.Now(), map[string]any{"codes": []string{"a"}}); err == nil {
		t.Error("a []string was encoded; it would not decode to the same type")
	}
	b, _ := sessionCodec{}.Encode(time.Now(), map[string]any{"uid": int64(1), "role": "member"})
	for i := len(codecMagic); i < len(b); i++ {
		if _, _, err := (sessionCodec{}).Decode(b[:i]); err == nil {
			t.Errorf("a session cut after %d of %d bytes decoded", i, len(b))
		}
	}
}

func FuzzSessionCodec(f *testing.F) {
	b, _ := sessionCodec{}.Encode(time.Now(), map[string]any{"uid": int64(1), "role": "member", "two": true})
	f.Add(b)
	f.Add([]byte(codecMagic + "\x02\xff\xff\xff\xff\x0f"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, values, err := sessionCodec{}.Decode(data) // must not panic
		if err != nil || len(data) < len(codecMagic) || string(data[:len(codecMagic)]) != codecMagic {
			return
		}
		again, err := sessionCodec{}.Encode(d, values)
		if err != nil {
			t.Fatalf("decoded values do not encode: %v", err)
		}
		_, values2, err := sessionCodec{}.Decode(again)
		if err != nil || len(values2) != len(values) {
			t.Fatalf("re-encoded session decodes as %v, %v", values2, err)
		}
	})
}
