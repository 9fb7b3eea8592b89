package web

import (
	"context"
	"strconv"

	"klyngeportalen/internal/auth"
	"klyngeportalen/internal/documents"
	docview "klyngeportalen/web/documents"
)

// linkedDocuments is the list of documents tied to the event, thread or consultation id for the
// viewer, who may see the thing itself; one query. param is the tie's name in the addresses of
// the upload form and the full list (empty: the full list has no such filter).
func (s *Server) linkedDocuments(ctx context.Context, viewer *auth.User, kind documents.LinkKind, id int64, heading, param, uploadLabel string) (docview.LinkedList, error) {
	docs, more, err := s.documents.Linked(ctx, viewer, kind, id)
	if err != nil {
		return docview.LinkedList{}, err
	}
	return linkedList(viewer, kind, id, docs, more, heading, param, uploadLabel), nil
}

// linkedList is the list of documents docs (more: there are more) tied to the thing id.
func linkedList(viewer *auth.User, kind documents.LinkKind, id int64, docs []documents.Document, more bool, heading, param, uploadLabel string) docview.LinkedList {
	l := docview.LinkedList{Heading: heading, Documents: docs, UploadLabel: uploadLabel}
	ref := param + "=" + strconv.FormatInt(id, 10)
	if more && kind == documents.ToEvent {
		l.MoreURL = "/dokumenter?" + ref
	}
	// Every member may upload a document.
	if viewer != nil {
		l.UploadURL = "/dokumenter/ny?" + ref
	}
	return l
}
