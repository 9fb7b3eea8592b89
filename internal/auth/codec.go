package auth

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/alexedwards/scs/v2"
)

// sessionCodec stores a session's values in a small binary form. scs's default, gob, builds a
// decoder with the type descriptions on every request (a tenth of a signed-in page's CPU in
// `make bench -profile`); the portal keeps only whole numbers, strings, booleans and times in
// sessions, which this codec writes directly. Sessions written by gob before it still decode.
type sessionCodec struct{}

// codecMagic starts every encoded session. A gob stream never starts with a zero byte (its
// first byte is the length of a non-empty message), so the two forms cannot be confused.
const codecMagic = "\x00KP1"

const (
	kindInt64 byte = 'i'
	kindStr   byte = 's'
	kindBool  byte = 'b'
	kindTime  byte = 't'
)

// maxSessionValue bounds a decoded string: sessions hold ids, roles, flash messages and codes.
const maxSessionValue = 64 << 10

func (sessionCodec) Encode(deadline time.Time, values map[string]any) ([]byte, error) {
	b := make([]byte, 0, 64+16*len(values))
	b = append(b, codecMagic...)
	b = binary.AppendVarint(b, deadline.UnixNano())
	b = binary.AppendUvarint(b, uint64(len(values)))
	for k, v := range values {
		b = appendString(b, k)
		switch v := v.(type) {
		case int64:
			b = binary.AppendVarint(append(b, kindInt64), v)
		case int:
			b = binary.AppendVarint(append(b, kindInt64), int64(v))
		case string:
			b = appendString(append(b, kindStr), v)
		case bool:
			x := byte(0)
			if v {
				x = 1
			}
			b = append(b, kindBool, x)
		case time.Time:
			b = binary.AppendVarint(append(b, kindTime), v.UnixNano())
		default:
			return nil, fmt.Errorf("session value %q: type %T cannot be stored (int64, string, bool or time.Time)", k, v)
		}
	}
	return b, nil
}

func (sessionCodec) Decode(b []byte) (time.Time, map[string]any, error) {
	if len(b) < len(codecMagic) || string(b[:len(codecMagic)]) != codecMagic {
		return scs.GobCodec{}.Decode(b) // written before this codec
	}
	r := reader{b: b[len(codecMagic):]}
	deadline := time.Unix(0, r.varint())
	n := r.uvarint()
	if n > uint64(len(r.b)) { // every value takes at least a byte
		return time.Time{}, nil, errBadSession
	}
	values := make(map[string]any, n)
	for range n {
		k := r.string()
		switch r.byte() {
		case kindInt64:
			values[k] = r.varint()
		case kindStr:
			values[k] = r.string()
		case kindBool:
			values[k] = r.byte() == 1
		case kindTime:
			values[k] = time.Unix(0, r.varint())
		default:
			r.err = errBadSession
		}
		if r.err != nil {
			return time.Time{}, nil, r.err
		}
	}
	if r.err != nil || len(r.b) != 0 {
		return time.Time{}, nil, errBadSession
	}
	return deadline, values, nil
}

var errBadSession = errors.New("session data is damaged")

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// reader reads the codec's fields; the first failure sticks in err.
type reader struct {
	b   []byte
	err error
}

func (r *reader) fail() { r.err, r.b = errBadSession, nil }

func (r *reader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) byte() byte {
	if len(r.b) == 0 {
		r.fail()
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *reader) string() string {
	n := r.uvarint()
	if n > maxSessionValue || n > uint64(len(r.b)) {
		r.fail()
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}
