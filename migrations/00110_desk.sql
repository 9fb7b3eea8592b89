-- +goose Up
-- The cluster leader's desk: its one setting, the reminders sent from it (at most one per
-- company, kind and thing a day, whoever clicks and however often), and the Monday summary
-- (once a week per person, also with several instances: the primary keys decide).
CREATE TABLE desk_settings (
    id         boolean PRIMARY KEY DEFAULT true CHECK (id),
    thin_share smallint NOT NULL DEFAULT 30 CHECK (thin_share BETWEEN 1 AND 100), -- % of capacity below which an event is thin
    updated_by bigint REFERENCES users (id) ON DELETE SET NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO desk_settings DEFAULT VALUES;

CREATE TABLE desk_reminders (
    kind       text NOT NULL CHECK (kind IN ('indicators', 'consultation')),
    ref        bigint NOT NULL, -- the year, or the consultation's id
    company_id bigint NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    day        date NOT NULL DEFAULT current_date,
    sent_by    bigint REFERENCES users (id) ON DELETE SET NULL,
    sent_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, ref, company_id, day)
);

CREATE TABLE desk_summaries (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    week    date NOT NULL, -- the Monday of the week
    sent_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, week)
);

-- What the desk looks for, each by an index: invitations by age, failed mail, hidden posts.
CREATE INDEX users_invited_idx ON users (company_id, created_at) WHERE password_hash IS NULL AND active;
CREATE INDEX mail_outbox_failing_idx ON mail_outbox (created_at DESC) WHERE sent_at IS NULL AND attempts > 0;
CREATE INDEX forum_posts_hidden_idx ON forum_posts (hidden_at DESC) WHERE hidden_at IS NOT NULL;

-- +goose Down
DROP INDEX forum_posts_hidden_idx;
DROP INDEX mail_outbox_failing_idx;
DROP INDEX users_invited_idx;
DROP TABLE desk_summaries;
DROP TABLE desk_reminders;
DROP TABLE desk_settings;
