package documents

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/domain"
)

// Messages about the size of a file.
const (
	msgTooLarge = "Filen er større enn 25 MB. Gjør den mindre, eller del den opp."
	msgEmpty    = "Filen er tom. Velg en fil med innhold."
	msgNoFile   = "Velg en fil å laste opp."
)

var errTooLarge = domain.New(domain.TooLarge, "documents: file larger than MaxFileSize")

// received is a file stored in a transaction.
type received struct {
	blobID int64
	typ    Type
	sum    []byte
	size   int64
}

// chunkSource feeds COPY one chunk at a time from the upload, hashing and sniffing it on the
// way; one chunk buffer is all it holds.
type chunkSource struct {
	blobID int64
	r      io.Reader
	buf    []byte
	cur    []byte
	seq    int32
	size   int64
	hash   hash.Hash
	sniff  *sniffer
	err    error
}

func (c *chunkSource) Next() bool {
	n, err := io.ReadFull(c.r, c.buf)
	if n > 0 {
		c.size += int64(n)
		if c.size > MaxFileSize {
			c.err = errTooLarge
			return false
		}
		c.cur = c.buf[:n]
		c.hash.Write(c.cur)
		c.sniff.Write(c.cur)
		c.seq++
	}
	switch {
	case err == nil:
		return true
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return n > 0
	default:
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			c.err = errTooLarge
		} else {
			c.err = fmt.Errorf("%w: %w", ErrIncomplete, err)
		}
		return false
	}
}

func (c *chunkSource) Values() ([]any, error) { return []any{c.blobID, c.seq - 1, c.cur}, nil }
func (c *chunkSource) Err() error             { return c.err }

// receive streams up into a new blob in tx with COPY; then it keeps the blob, or drops it for
// an existing blob with the same SHA-256 (the bytes are stored once). A refused file is a
// *FileError; the caller rolls the transaction back.
func receive(ctx context.Context, tx pgx.Tx, up Upload) (received, error) {
	if up.Body == nil {
		return received{}, &FileError{Message: msgNoFile}
	}
	var rc received
	if err := tx.QueryRow(ctx, `INSERT INTO document_blobs DEFAULT VALUES RETURNING id`).Scan(&rc.blobID); err != nil {
		return rc, err
	}
	src := &chunkSource{blobID: rc.blobID, r: up.Body, buf: make([]byte, chunkSize), hash: sha256.New(), sniff: newSniffer()}
	_, err := tx.CopyFrom(ctx, pgx.Identifier{"document_chunks"}, []string{"blob_id", "seq", "data"}, src)
	if src.err != nil { // COPY reports a failed source as the server's error; the cause is ours
		err = src.err
	}
	switch {
	case errors.Is(err, errTooLarge):
		return rc, &FileError{Message: msgTooLarge, TooLarge: true}
	case err != nil:
		return rc, err
	case src.size == 0:
		return rc, &FileError{Message: msgEmpty}
	}
	rc.size, rc.sum = src.size, src.hash.Sum(nil)
	if rc.typ, err = src.sniff.decide(up.Filename); err != nil {
		return rc, err
	}
	var existing int64
	err = tx.QueryRow(ctx, `SELECT id FROM document_blobs WHERE sha256 = $1 FOR KEY SHARE`, rc.sum).Scan(&existing)
	switch {
	case err == nil:
		if _, err := tx.Exec(ctx, `DELETE FROM document_blobs WHERE id = $1`, rc.blobID); err != nil {
			return rc, err
		}
		rc.blobID = existing
	case errors.Is(err, pgx.ErrNoRows):
		_, err = tx.Exec(ctx, `UPDATE document_blobs SET sha256 = $1, size = $2 WHERE id = $3`, rc.sum, rc.size, rc.blobID)
		if database.IsUniqueViolation(err) { // the same file arrived at the same moment in another upload
			return rc, ErrConflict
		}
		if err != nil {
			return rc, err
		}
	default:
		return rc, err
	}
	return rc, nil
}

// File is a version's file, ready to stream.
type File struct {
	DocumentID int64
	Number     int
	Filename   string
	Type       Type
	Size       int64
	SHA256     []byte
	blobID     int64
}

// File returns version number of document id (0: the latest) if the viewer may see the document.
func (s *Store) File(ctx context.Context, viewer *auth.User, id int64, number int) (File, error) {
	args := viewerArgs(viewer)
	args["id"], args["number"] = id, number
	f := File{DocumentID: id}
	var mime string
	err := s.pool.QueryRow(ctx, `
		SELECT v.number, v.filename, v.mime, b.size, b.sha256, b.id
		FROM documents d
		JOIN document_versions v ON v.document_id = d.id AND v.number = CASE WHEN @number::int = 0 THEN d.versions ELSE @number::int END
		JOIN document_blobs b ON b.id = v.blob_id
		WHERE d.id = @id AND d.deleted_at IS NULL AND `+visible, args).
		Scan(&f.Number, &f.Filename, &mime, &f.Size, &f.SHA256, &f.blobID)
	if errors.Is(err, pgx.ErrNoRows) {
		return f, ErrNotFound
	}
	if err != nil {
		return f, err
	}
	t, ok := TypeOf(mime)
	if !ok { // a type since taken off the allow-list is still offered, but only as bytes to save
		t = Type{MIME: "application/octet-stream", Exts: []string{""}}
	}
	f.Type = t
	return f, nil
}

// Copy writes the bytes of f to w chunk by chunk, as they come from the database.
func (s *Store) Copy(ctx context.Context, w io.Writer, f File) (int64, error) {
	rows, err := s.pool.Query(ctx, `SELECT data FROM document_chunks WHERE blob_id = $1 ORDER BY seq`, f.blobID)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var n int64
	var buf []byte
	for rows.Next() {
		chunk := rows.RawValues()[0]
		if rows.FieldDescriptions()[0].Format != pgx.BinaryFormatCode {
			if err := rows.Scan(&buf); err != nil {
				return n, err
			}
			chunk = buf
		}
		m, err := w.Write(chunk)
		n += int64(m)
		if err != nil {
			return n, err
		}
	}
	return n, rows.Err()
}
