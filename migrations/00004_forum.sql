-- +goose Up
-- Professional forums: forums (open, or tied to a group), threads, posts with Markdown source
-- and its sanitised HTML, read state, watching, in-app notifications and the mail choice.
-- Full-text search uses the "norwegian" configuration through generated tsvector columns.
CREATE TABLE forums (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 60 AND slug NOT IN ('sok')),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    group_id    bigint REFERENCES groups (id) ON DELETE RESTRICT, -- NULL: open to every member
    position    integer NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX forums_group_idx ON forums (group_id) WHERE group_id IS NOT NULL;

-- Who moderates a forum besides the cluster admins (the group's leaders).
CREATE TABLE forum_moderators (
    forum_id bigint NOT NULL REFERENCES forums (id) ON DELETE CASCADE,
    user_id  bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (forum_id, user_id)
);

CREATE TABLE forum_threads (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    forum_id     bigint NOT NULL REFERENCES forums (id),
    title        text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    author_id    bigint REFERENCES users (id) ON DELETE SET NULL,
    pinned       boolean NOT NULL DEFAULT false,
    locked       boolean NOT NULL DEFAULT false,
    post_count   integer NOT NULL DEFAULT 0 CHECK (post_count >= 0), -- also the number of the last post
    last_post_at timestamptz NOT NULL DEFAULT now(),
    created_at   timestamptz NOT NULL DEFAULT now(),
    search       tsvector GENERATED ALWAYS AS (to_tsvector('norwegian', title)) STORED
);
-- A forum's page: pinned first, then latest activity (keyset on last_post_at, id).
CREATE INDEX forum_threads_list_idx ON forum_threads (forum_id, pinned DESC, last_post_at DESC, id DESC);
-- The dashboard feed and "new in my forums" across forums.
CREATE INDEX forum_threads_activity_idx ON forum_threads (last_post_at DESC, id DESC);
CREATE INDEX forum_threads_search_idx ON forum_threads USING gin (search);

CREATE TABLE forum_posts (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    thread_id     bigint NOT NULL REFERENCES forum_threads (id) ON DELETE CASCADE,
    seq           integer NOT NULL CHECK (seq > 0), -- the post's number in its thread: #innlegg-N
    author_id     bigint REFERENCES users (id) ON DELETE SET NULL,
    body_md       text NOT NULL CHECK (length(body_md) BETWEEN 1 AND 50000),
    body_html     text NOT NULL,
    submit_key    text NOT NULL CHECK (length(submit_key) BETWEEN 8 AND 64), -- one post per submitted form
    created_at    timestamptz NOT NULL DEFAULT now(),
    edited_at     timestamptz,
    deleted_at    timestamptz,
    hidden_at     timestamptz,
    hidden_by     bigint REFERENCES users (id) ON DELETE SET NULL,
    hidden_reason text NOT NULL DEFAULT '' CHECK (length(hidden_reason) <= 500),
    search        tsvector GENERATED ALWAYS AS (to_tsvector('norwegian', body_md)) STORED,
    UNIQUE (thread_id, seq),
    UNIQUE (author_id, submit_key)
);
CREATE INDEX forum_posts_search_idx ON forum_posts USING gin (search);
CREATE INDEX forum_posts_author_idx ON forum_posts (author_id, created_at DESC);

-- The last post of a thread a user has read.
CREATE TABLE forum_reads (
    user_id  bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    thread_id bigint NOT NULL REFERENCES forum_threads (id) ON DELETE CASCADE,
    last_seq integer NOT NULL CHECK (last_seq >= 0),
    PRIMARY KEY (user_id, thread_id)
);

-- Watching levels of a thread or a forum; a thread's own level wins over its forum's.
CREATE TABLE forum_thread_watches (
    user_id   bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    thread_id bigint NOT NULL REFERENCES forum_threads (id) ON DELETE CASCADE,
    level     text NOT NULL CHECK (level IN ('watching', 'normal', 'muted')),
    PRIMARY KEY (thread_id, user_id)
);
CREATE TABLE forum_watches (
    user_id  bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    forum_id bigint NOT NULL REFERENCES forums (id) ON DELETE CASCADE,
    level    text NOT NULL CHECK (level IN ('watching', 'normal', 'muted')),
    PRIMARY KEY (forum_id, user_id)
);

-- In-app notifications; mail is sent at once or gathered in a daily digest.
CREATE TABLE notifications (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    post_id    bigint NOT NULL REFERENCES forum_posts (id) ON DELETE CASCADE,
    kind       text NOT NULL CHECK (kind IN ('reply', 'mention')),
    created_at timestamptz NOT NULL DEFAULT now(),
    read_at    timestamptz,
    mailed_at  timestamptz,
    UNIQUE (user_id, post_id)
);
CREATE INDEX notifications_user_idx ON notifications (user_id, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;
CREATE INDEX notifications_digest_idx ON notifications (user_id, id) WHERE mailed_at IS NULL;

CREATE TABLE notification_settings (
    user_id        bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    mail           text NOT NULL DEFAULT 'immediate' CHECK (mail IN ('immediate', 'digest', 'none')),
    last_digest_at timestamptz
);

-- +goose Down
DROP TABLE notification_settings;
DROP TABLE notifications;
DROP TABLE forum_watches;
DROP TABLE forum_thread_watches;
DROP TABLE forum_reads;
DROP TABLE forum_posts;
DROP TABLE forum_threads;
DROP TABLE forum_moderators;
DROP TABLE forums;
