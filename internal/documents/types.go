// Package documents owns the kunnskapsbank: documents, their versions, and the files' bytes,
// which are kept in PostgreSQL so that the one database is the one backup.
//
// The bytes are rows of 256 KiB bytea chunks (document_chunks) rather than large objects: an
// upload streams in with one COPY while it is hashed and sniffed, a download streams out row by
// row, and the rows go with their blob by ON DELETE CASCADE, are dumped by pg_dump with the
// rest and replicate like any table; large objects need their own unlinking and permissions.
// A blob is stored once per SHA-256; versions point at it.
package documents

import (
	"io"
	"time"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/domain"
)

// Errors of this package, mapped to HTTP once in web.
var (
	ErrNotFound  = domain.New(domain.NotFound, "documents: not found")
	ErrForbidden = domain.New(domain.Forbidden, "documents: not allowed")
	ErrConflict  = domain.New(domain.Conflict, "documents: conflict")
	// ErrIncomplete: the file stopped arriving (the client went away, or was too slow).
	ErrIncomplete = domain.New(domain.Invalid, "documents: upload cut off")
)

// Limits of an upload.
const (
	MaxFileSize = 25 << 20 // 25 MB, counted while the file streams in
	// MaxUploadBody is the request body limit of the upload routes: the file and the form's fields.
	MaxUploadBody = MaxFileSize + 256<<10
	chunkSize     = 256 << 10 // one row of document_chunks
	// RestoreDays is how long a deleted document can be restored by a cluster admin.
	RestoreDays = 30
)

// Document is a shared document with its latest version.
type Document struct {
	ID              int64      `db:"id"`
	Title           string     `db:"title"`
	Description     string     `db:"description"`
	DescriptionHTML string     `db:"description_html"`
	FocusAreaID     *int16     `db:"focus_area_id"`
	FocusAreaName   *string    `db:"focus_area_name"`
	FocusAreaSlug   *string    `db:"focus_area_slug"`
	TopicID         *int16     `db:"topic_id"`
	TopicName       *string    `db:"topic_name"`
	TopicSlug       *string    `db:"topic_slug"`
	Tags            []string   `db:"tags"`
	CompanyID       int64      `db:"company_id"`
	CompanySlug     string     `db:"company_slug"`
	CompanyName     string     `db:"company_name"`
	GroupID         *int64     `db:"group_id"`
	OpenTo          []string   `db:"open_to"`
	GroupSlug       *string    `db:"group_slug"`
	GroupName       *string    `db:"group_name"`
	UploadedBy      *int64     `db:"uploaded_by"`
	UploaderName    *string    `db:"uploader_name"`
	Kind            string     `db:"kind"`
	Versions        int        `db:"versions"`
	CreatedAt       time.Time  `db:"created_at"`
	UpdatedAt       time.Time  `db:"updated_at"`
	DeletedAt       *time.Time `db:"deleted_at"`
	// The latest version.
	Filename string `db:"filename"`
	MIME     string `db:"mime"`
	Size     int64  `db:"size"`
	SortKey  string `db:"sort_key"` // the list's keyset position
	// What the document is tied to, each only when the viewer may see it (nil otherwise).
	EventID           *int64  `db:"event_id"`
	EventTitle        *string `db:"event_title"`
	ThreadID          *int64  `db:"thread_id"`
	ThreadTitle       *string `db:"thread_title"`
	ForumSlug         *string `db:"forum_slug"`
	ConsultationID    *int64  `db:"consultation_id"`
	ConsultationTitle *string `db:"consultation_title"`
	ProjectID         *int64  `db:"project_id"`
	ProjectTitle      *string `db:"project_title"`
}

// Version is one uploaded file of a document.
type Version struct {
	ID           int64     `db:"id"`
	Number       int       `db:"number"`
	Filename     string    `db:"filename"`
	MIME         string    `db:"mime"`
	Note         string    `db:"note"`
	Size         int64     `db:"size"`
	SHA256       []byte    `db:"sha256"`
	UploaderName *string   `db:"uploader_name"`
	CreatedAt    time.Time `db:"created_at"`
}

// Input is the metadata of a document as typed in the form.
type Input struct {
	Title       string
	Description string
	FocusArea   string   // focus area id, or empty
	Topic       string   // topic id, or empty
	Tags        string   // comma separated
	Company     string   // owning company id; only a cluster admin may choose another than their own
	Group       string   // group id the document is restricted to, or empty for every member
	OpenTo      []string // owner and/or partner: shared with them besides the members (not with a group)
	Note        string   // what is new in this version
	// Optional ties: an event's id, a forum thread's address or id, a consultation's id, a project's id.
	Event        string
	Thread       string
	Consultation string
	Project      string
}

// Upload is a file as it arrives: the browser's name for it, and its bytes as they stream in.
type Upload struct {
	Filename string
	Body     io.Reader
}

// CanEdit reports whether u may edit, add versions to and delete d: the uploader, an admin of
// the owning company, or a cluster admin.
func (d Document) CanEdit(u *auth.User) bool {
	return u != nil && ((d.UploadedBy != nil && *d.UploadedBy == u.ID) || u.CanAdminCompany(d.CompanyID))
}
