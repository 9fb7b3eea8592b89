-- +goose Up
-- A document can be the material of an event, belong to a forum thread or to a consultation.
-- The links go when the thing they point at goes; the document stays.
ALTER TABLE documents
    ADD COLUMN event_id        bigint REFERENCES events (id) ON DELETE SET NULL,
    ADD COLUMN thread_id       bigint REFERENCES forum_threads (id) ON DELETE SET NULL,
    ADD COLUMN consultation_id bigint REFERENCES consultations (id) ON DELETE SET NULL;
-- The materials of one event, thread or consultation, newest first.
CREATE INDEX documents_event_idx ON documents (event_id, updated_at DESC, id DESC) WHERE event_id IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX documents_thread_idx ON documents (thread_id, updated_at DESC, id DESC) WHERE thread_id IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX documents_consultation_idx ON documents (consultation_id, updated_at DESC, id DESC) WHERE consultation_id IS NOT NULL AND deleted_at IS NULL;

-- +goose Down
ALTER TABLE documents DROP COLUMN consultation_id, DROP COLUMN thread_id, DROP COLUMN event_id;
