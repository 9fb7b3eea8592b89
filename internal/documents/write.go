package documents

import (
	"context"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"klyngeportalen/internal/access"
	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/database"
	"klyngeportalen/internal/validate"
)

// meta is checked metadata, ready to store.
type meta struct {
	title, description, descriptionHTML string
	focusArea, topic                    *int16
	tags                                []string
	companyID                           int64
	groupID                             *int64
	openTo                              []string
	note                                string
	links                               links
}

// check validates in for actor; companyID is the document's owner when it already exists (0 when new).
// It returns the form's field errors (validate.Errors), or an infrastructure error when a lookup
// failed: that is never the user's to correct, so never a field message.
func (s *Store) check(ctx context.Context, tx pgx.Tx, actor *auth.User, in Input, companyID int64) (meta, error) {
	errs := validate.Errors{}
	var failed error
	// found reports whether a lookup found its row, keeping the first failure that is not "no row".
	found := func(err error) bool {
		if err != nil && !errors.Is(err, pgx.ErrNoRows) && failed == nil {
			failed = err
		}
		return err == nil
	}
	m := meta{companyID: companyID}
	m.title = errs.Text("title", in.Title, 1, 200, false)
	m.description = errs.Text("description", in.Description, 0, 5000, true)
	m.note = errs.Text("note", in.Note, 0, 500, false)
	if _, bad := errs["description"]; !bad && m.description != "" {
		m.descriptionHTML = s.md.HTML(m.description)
	}
	for _, t := range strings.Split(in.Tags, ",") {
		t = strings.ToLower(errs.Text("tags", t, 0, 40, false))
		if t != "" && !contains(m.tags, t) {
			m.tags = append(m.tags, t)
		}
	}
	if len(m.tags) > 10 {
		errs.Add("tags", "Bruk høyst 10 stikkord.")
	}
	if m.tags == nil {
		m.tags = []string{}
	}

	if v, ok := optionalID(errs, "focus_area", in.FocusArea); ok && v != 0 && v < 1<<15 {
		f := int16(v)
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM focus_areas WHERE id = $1)`, f).Scan(&exists); !found(err) || !exists {
			errs.Add("focus_area", "Velg et av satsingsområdene i listen.")
		}
		m.focusArea = &f
	}
	if v, ok := optionalID(errs, "topic", in.Topic); ok && v != 0 && v < 1<<15 {
		t := int16(v)
		var area int16
		switch err := tx.QueryRow(ctx, `SELECT focus_area_id FROM topics WHERE id = $1`, t).Scan(&area); {
		case !found(err):
			errs.Add("topic", "Velg et av temaene i listen.")
		case m.focusArea == nil:
			m.focusArea = &area
		case *m.focusArea != area:
			errs.Add("topic", "Temaet hører ikke til satsingsområdet du valgte.")
		}
		m.topic = &t
	}

	// The owner: one's own company; only a cluster admin chooses another.
	if m.companyID == 0 {
		m.companyID = actor.CompanyID
	}
	if v, ok := optionalID(errs, "company", in.Company); ok && v != 0 && actor.IsClusterAdmin() {
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM companies WHERE id = $1)`, v).Scan(&exists); !found(err) || !exists {
			errs.Add("company", "Velg et av medlemsselskapene i listen.")
		}
		m.companyID = v
	}
	// The group: one the actor belongs to (any, for a cluster admin).
	if v, ok := optionalID(errs, "group", in.Group); ok && v != 0 {
		var slug string
		err := tx.QueryRow(ctx, `SELECT slug FROM groups WHERE id = $1`, v).Scan(&slug)
		if !found(err) || !actor.CanSeeGroup(slug) {
			errs.Add("group", "Velg en gruppe du selv er med i.")
		}
		m.groupID = &v
	}
	var ok bool
	if m.openTo, ok = access.CleanOpenTo(in.OpenTo); !ok {
		errs.Add("open_to", "Velg eierrepresentanter, samarbeidspartnere eller ingen av dem.")
	} else if m.groupID != nil && len(m.openTo) > 0 {
		errs.Add("open_to", "Et dokument for en gruppe kan ikke deles med eiere eller partnere.")
	}
	m.links = checkLinks(ctx, tx, actor, in, errs, found)
	if failed != nil {
		return m, failed
	}
	return m, errs.Err()
}

func optionalID(errs validate.Errors, field, s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v <= 0 || v > 1<<31 {
		errs.Add(field, "Velg et av valgene i listen.")
		return 0, false
	}
	return v, true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// searchVector is the full-text document of title (most weight), tags and description.
const searchVector = `setweight(to_tsvector('norwegian', @title), 'A') ||
	setweight(to_tsvector('norwegian', array_to_string(@tags::text[], ' ')), 'B') ||
	setweight(to_tsvector('norwegian', @description), 'C')`

// Create stores a new document with up as its first version, in one transaction: the metadata
// is checked before a byte of the file is read. It returns the new document's id.
func (s *Store) Create(ctx context.Context, actor *auth.User, in Input, up Upload) (int64, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	m, err := s.check(ctx, tx, actor, in, 0)
	if err != nil {
		return 0, err
	}
	rc, err := receive(ctx, tx, up)
	if err := fileErrors(err); err != nil {
		return 0, err
	}
	return s.insert(ctx, tx, actor, m, rc, up.Filename)
}

// CreateFileFirst is Create for a form that sends its file before its other fields (the upload
// form puts the file first): the file streams into the transaction, then rest reads the fields
// that followed it in the request, and they are checked. A refused file and wrong fields are
// reported together (validate.Errors), so that the form comes back with everything typed kept;
// rest is called whatever became of the file.
func (s *Store) CreateFileFirst(ctx context.Context, actor *auth.User, up Upload, rest func() (Input, error)) (int64, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	rc, ferr := receive(ctx, tx, up)
	ferr = fileErrors(ferr)
	var fileErrs validate.Errors
	if ferr != nil && !errors.As(ferr, &fileErrs) {
		return 0, ferr
	}
	in, err := rest()
	if err != nil {
		return 0, err
	}
	if fileErrs != nil {
		// A refused file leaves the transaction unusable (its COPY failed): the fields are
		// checked in a read-only one of their own, for the form's messages.
		_ = tx.Rollback(ctx)
		check, err := s.pool.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly})
		if err != nil {
			return 0, err
		}
		defer check.Rollback(ctx)
		var errs validate.Errors
		if _, err := s.check(ctx, check, actor, in, 0); err != nil && !errors.As(err, &errs) {
			return 0, err
		}
		if errs == nil {
			errs = validate.Errors{}
		}
		for f, msg := range fileErrs {
			errs.Add(f, msg)
		}
		var fe *FileError
		if !errors.As(ferr, &fe) {
			return 0, errs
		}
		return 0, refusedFile{errs, fe} // the fields' messages, and whether the file was too large
	}
	m, err := s.check(ctx, tx, actor, in, 0)
	if err != nil {
		return 0, err
	}
	return s.insert(ctx, tx, actor, m, rc, up.Filename)
}

// insert writes the checked document m with its received file as version 1 and commits tx.
func (s *Store) insert(ctx context.Context, tx pgx.Tx, actor *auth.User, m meta, rc received, filename string) (int64, error) {
	// The same bytes as a document the actor can already see: point there instead.
	var dupID int64
	var dupTitle string
	args := viewerArgs(actor)
	args["blob"] = rc.blobID
	err := tx.QueryRow(ctx, `SELECT d.id, d.title FROM documents d JOIN document_versions v ON v.document_id = d.id
		WHERE v.blob_id = @blob AND d.deleted_at IS NULL AND `+visible+` ORDER BY d.id LIMIT 1`, args).Scan(&dupID, &dupTitle)
	if err == nil {
		return 0, validate.Errors{"file": "Denne filen er allerede lastet opp som «" + dupTitle + "» (dokument " + strconv.FormatInt(dupID, 10) + ")."}
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return 0, err
	}
	var id int64
	err = tx.QueryRow(ctx, `
		INSERT INTO documents (title, description, description_html, focus_area_id, topic_id, tags, company_id, group_id, uploaded_by, kind, search,
			event_id, thread_id, consultation_id, project_id, open_to)
		VALUES (@title, @description, @html, @focus, @topic, @tags, @company, @group, @actor, @kind, `+searchVector+`, @event, @thread, @consultation, @project, @open_to)
		RETURNING id`, database.Named{"title": m.title, "description": m.description, "html": m.descriptionHTML, "focus": m.focusArea,
		"topic": m.topic, "tags": m.tags, "company": m.companyID, "group": m.groupID, "actor": actor.ID, "kind": rc.typ.Kind,
		"event": m.links.event, "thread": m.links.thread, "consultation": m.links.consultation, "project": m.links.project, "open_to": m.openTo}).Scan(&id)
	if err != nil {
		return 0, err
	}
	filename = CleanFilename(filename, rc.typ)
	if _, err := tx.Exec(ctx, `INSERT INTO document_versions (document_id, number, blob_id, filename, mime, kind, note, uploaded_by)
		VALUES ($1, 1, $2, $3, $4, $5, $6, $7)`, id, rc.blobID, filename, rc.typ.MIME, rc.typ.Kind, m.note, actor.ID); err != nil {
		return 0, err
	}
	if err := audit(ctx, tx, actor, m.companyID, "document.create", id, map[string]any{
		"title": m.title, "filename": filename, "size": rc.size, "sha256": hex.EncodeToString(rc.sum),
		"event": m.links.event, "thread": m.links.thread, "consultation": m.links.consultation, "project": m.links.project}); err != nil {
		return 0, err
	}
	return id, tx.Commit(ctx)
}

// fileErrors turns a refused file into the form's error under "file" (still a
// domain.ErrTooLarge when the file was too large).
func fileErrors(err error) error {
	var fe *FileError
	if errors.As(err, &fe) {
		return refusedFile{validate.Errors{"file": fe.Message}, fe}
	}
	return err
}

// refusedFile is the form's errors of a refused file, and the refusal.
type refusedFile struct {
	validate.Errors
	file *FileError
}

func (r refusedFile) Unwrap() []error { return []error{r.Errors, r.file} }

// lockForChange loads and locks document id for a change by actor, who must be allowed to make it.
func lockForChange(ctx context.Context, tx pgx.Tx, actor *auth.User, id int64) (Document, error) {
	args := viewerArgs(actor)
	args["id"] = id
	var d Document
	err := tx.QueryRow(ctx, `SELECT d.id, d.company_id, d.uploaded_by, d.versions, d.title FROM documents d
		WHERE d.id = @id AND d.deleted_at IS NULL AND `+visible+` FOR UPDATE`, args).
		Scan(&d.ID, &d.CompanyID, &d.UploadedBy, &d.Versions, &d.Title)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return d, ErrNotFound
	case err != nil:
		return d, err
	case !d.CanEdit(actor):
		return d, ErrForbidden
	}
	return d, nil
}

// Update changes the metadata of document id.
func (s *Store) Update(ctx context.Context, actor *auth.User, id int64, in Input) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	d, err := lockForChange(ctx, tx, actor, id)
	if err != nil {
		return err
	}
	m, err := s.check(ctx, tx, actor, in, d.CompanyID)
	if err != nil {
		return err
	}
	// A tie the editor cannot see is not in their form: it stays as it was.
	args := viewerArgs(actor)
	for k, v := range map[string]any{"title": m.title, "description": m.description, "html": m.descriptionHTML, "focus": m.focusArea,
		"topic": m.topic, "tags": m.tags, "company": m.companyID, "group": m.groupID, "id": id,
		"event": m.links.event, "thread": m.links.thread, "consultation": m.links.consultation, "project": m.links.project, "open_to": m.openTo} {
		args[k] = v
	}
	if _, err := tx.Exec(ctx, `
		UPDATE documents d SET title = @title, description = @description, description_html = @html, focus_area_id = @focus,
			topic_id = @topic, tags = @tags, company_id = @company, group_id = @group, open_to = @open_to, search = `+searchVector+`, updated_at = now(),
			event_id = CASE WHEN @event::bigint IS NOT NULL THEN @event
				WHEN EXISTS (SELECT 1 FROM events ev WHERE ev.id = d.event_id AND `+eventVisible+`) THEN NULL ELSE d.event_id END,
			thread_id = CASE WHEN @thread::bigint IS NOT NULL THEN @thread
				WHEN EXISTS (SELECT 1 FROM forum_threads th JOIN forums fo ON fo.id = th.forum_id WHERE th.id = d.thread_id AND `+forumVisible+`) THEN NULL
				ELSE d.thread_id END,
			consultation_id = @consultation, project_id = @project
		WHERE d.id = @id`, args); err != nil {
		return err
	}
	if err := audit(ctx, tx, actor, m.companyID, "document.update", id, map[string]any{"title": m.title,
		"event": m.links.event, "thread": m.links.thread, "consultation": m.links.consultation, "project": m.links.project}); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// AddVersion stores up as the next version of document id; the earlier versions stay.
func (s *Store) AddVersion(ctx context.Context, actor *auth.User, id int64, note string, up Upload) (int, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	d, err := lockForChange(ctx, tx, actor, id)
	if err != nil {
		return 0, err
	}
	errs := validate.Errors{}
	note = errs.Text("note", note, 0, 500, false)
	if !errs.OK() {
		return 0, errs
	}
	rc, err := receive(ctx, tx, up)
	if err := fileErrors(err); err != nil {
		return 0, err
	}
	var same bool
	if err := tx.QueryRow(ctx, `SELECT blob_id = $2 FROM document_versions WHERE document_id = $1 AND number = $3`,
		id, rc.blobID, d.Versions).Scan(&same); err != nil {
		return 0, err
	}
	if same {
		return 0, validate.Errors{"file": "Filen er lik den gjeldende versjonen. Velg den endrede filen."}
	}
	n := d.Versions + 1
	filename := CleanFilename(up.Filename, rc.typ)
	if _, err := tx.Exec(ctx, `INSERT INTO document_versions (document_id, number, blob_id, filename, mime, kind, note, uploaded_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, id, n, rc.blobID, filename, rc.typ.MIME, rc.typ.Kind, note, actor.ID); err != nil {
		return 0, err
	}
	if _, err := tx.Exec(ctx, `UPDATE documents SET versions = $2, kind = $3, updated_at = now() WHERE id = $1`, id, n, rc.typ.Kind); err != nil {
		return 0, err
	}
	if err := audit(ctx, tx, actor, d.CompanyID, "document.version", id, map[string]any{
		"version": n, "filename": filename, "size": rc.size, "sha256": hex.EncodeToString(rc.sum)}); err != nil {
		return 0, err
	}
	return n, tx.Commit(ctx)
}
