-- +goose Up
-- The composer: a draft reply kept on the server per person and thread, and the files attached
-- to a post (documents of the kunnskapsbank, tied to the thread with its access rule).
CREATE TABLE forum_drafts (
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    thread_id  bigint NOT NULL REFERENCES forum_threads (id) ON DELETE CASCADE,
    body       text NOT NULL CHECK (length(body) BETWEEN 1 AND 50000),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, thread_id)
);
CREATE INDEX forum_drafts_thread_idx ON forum_drafts (thread_id);

CREATE TABLE forum_post_documents (
    post_id     bigint NOT NULL REFERENCES forum_posts (id) ON DELETE CASCADE,
    document_id bigint NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    PRIMARY KEY (post_id, document_id)
);
CREATE INDEX forum_post_documents_document_idx ON forum_post_documents (document_id);

-- +goose Down
DROP TABLE forum_post_documents;
DROP TABLE forum_drafts;
