-- +goose Up
-- The programme of an event: sessions with time, room or link, speakers (people of the portal or
-- named guests), a description and materials from the kunnskapsbank.
CREATE TABLE event_sessions (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id         bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    starts_at        timestamptz NOT NULL,
    ends_at          timestamptz NOT NULL,
    room             text NOT NULL DEFAULT '' CHECK (length(room) <= 200),
    url              text NOT NULL DEFAULT '' CHECK (url = '' OR url ~ '^https?://[^\s]+$'),
    description      text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
    CHECK (ends_at > starts_at)
);
CREATE INDEX event_sessions_event_idx ON event_sessions (event_id, starts_at, id);

CREATE TABLE event_session_speakers (
    session_id bigint NOT NULL REFERENCES event_sessions (id) ON DELETE CASCADE,
    position   integer NOT NULL CHECK (position BETWEEN 1 AND 20),
    user_id    bigint REFERENCES users (id) ON DELETE CASCADE,
    guest_name text CHECK (length(guest_name) BETWEEN 1 AND 200),
    PRIMARY KEY (session_id, position),
    CHECK ((user_id IS NULL) <> (guest_name IS NULL))
);

CREATE TABLE event_session_documents (
    session_id  bigint NOT NULL REFERENCES event_sessions (id) ON DELETE CASCADE,
    document_id bigint NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    PRIMARY KEY (session_id, document_id)
);
CREATE INDEX event_session_documents_document_idx ON event_session_documents (document_id);

-- +goose Down
DROP TABLE event_session_documents;
DROP TABLE event_session_speakers;
DROP TABLE event_sessions;
