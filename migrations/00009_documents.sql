-- +goose Up
-- The kunnskapsbank. A document is the metadata; each upload is a version; the bytes of a
-- version live in a content-addressed blob (one per distinct SHA-256), stored as 256 KiB bytea
-- chunks so that a file streams in with COPY and out row by row, never whole in memory, and the
-- one database stays the one backup.
CREATE TABLE document_blobs (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sha256     bytea CHECK (length(sha256) = 32), -- NULL while the upload is streaming in
    size       bigint NOT NULL DEFAULT 0 CHECK (size >= 0),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX document_blobs_sha256_key ON document_blobs (sha256);

CREATE TABLE document_chunks (
    blob_id bigint NOT NULL REFERENCES document_blobs (id) ON DELETE CASCADE,
    seq     integer NOT NULL CHECK (seq >= 0),
    data    bytea NOT NULL CHECK (length(data) BETWEEN 1 AND 262144),
    PRIMARY KEY (blob_id, seq)
);
-- The files are mostly compressed already (PDF, OOXML, images): do not try again.
ALTER TABLE document_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

CREATE TABLE documents (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description      text NOT NULL DEFAULT '' CHECK (length(description) <= 20000),
    description_html text NOT NULL DEFAULT '',
    focus_area_id    smallint REFERENCES focus_areas (id),
    topic_id         smallint,
    tags             text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 10),
    company_id       bigint NOT NULL REFERENCES companies (id),
    group_id         bigint REFERENCES groups (id),
    uploaded_by      bigint REFERENCES users (id) ON DELETE SET NULL,
    kind             text NOT NULL CHECK (kind IN ('pdf', 'tekst', 'regneark', 'presentasjon', 'bilde', 'tekstfil')),
    versions         integer NOT NULL DEFAULT 1 CHECK (versions > 0),
    search           tsvector NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    deleted_at       timestamptz,
    deleted_by       bigint REFERENCES users (id) ON DELETE SET NULL,
    -- A topic belongs to the chosen focus area.
    FOREIGN KEY (topic_id, focus_area_id) REFERENCES topics (id, focus_area_id),
    CHECK (topic_id IS NULL OR focus_area_id IS NOT NULL)
);
CREATE INDEX documents_updated_idx ON documents (updated_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX documents_created_idx ON documents (created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX documents_title_idx ON documents ((title COLLATE nb), id) WHERE deleted_at IS NULL;
CREATE INDEX documents_search_idx ON documents USING gin (search) WHERE deleted_at IS NULL;
CREATE INDEX documents_tags_idx ON documents USING gin (tags) WHERE deleted_at IS NULL;
CREATE INDEX documents_company_idx ON documents (company_id, updated_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX documents_focus_idx ON documents (focus_area_id, topic_id) WHERE deleted_at IS NULL;
CREATE INDEX documents_group_idx ON documents (group_id) WHERE group_id IS NOT NULL;
CREATE INDEX documents_deleted_idx ON documents (deleted_at DESC) WHERE deleted_at IS NOT NULL;

CREATE TABLE document_versions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_id bigint NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    number      integer NOT NULL CHECK (number > 0),
    blob_id     bigint NOT NULL REFERENCES document_blobs (id),
    filename    text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
    mime        text NOT NULL CHECK (length(mime) BETWEEN 3 AND 120),
    kind        text NOT NULL,
    note        text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    uploaded_by bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (document_id, number)
);
CREATE INDEX document_versions_blob_idx ON document_versions (blob_id);

-- +goose Down
DROP TABLE document_versions;
DROP TABLE documents;
DROP TABLE document_chunks;
DROP TABLE document_blobs;
