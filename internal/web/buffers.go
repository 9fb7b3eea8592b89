package web

import (
	"bytes"
	"sync"
)

// maxPooledBuffer is the largest page buffer kept for reuse (a year of the årshjul is ~270 KB);
// a larger one is left to the garbage collector, so one huge page does not pin its memory.
const maxPooledBuffer = 512 << 10

// bufferPool keeps the buffers pages are rendered into, so that a page of 100 KB is not
// grown from nothing, copied and cleared on every request.
type bufferPool struct{ p sync.Pool }

func (b *bufferPool) get() *bytes.Buffer {
	if buf, ok := b.p.Get().(*bytes.Buffer); ok {
		return buf
	}
	return new(bytes.Buffer)
}

func (b *bufferPool) put(buf *bytes.Buffer) {
	if buf.Cap() > maxPooledBuffer {
		return
	}
	buf.Reset()
	b.p.Put(buf)
}
