-- +goose Up
-- Reactions to posts ("Takk", "Lik"), one of each kind per person and post, and threads asked
-- as a question with the reply its asker or a moderator marked as the answer ("Løsning").
CREATE TABLE forum_reactions (
    post_id    bigint NOT NULL REFERENCES forum_posts (id) ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       text NOT NULL CHECK (kind IN ('takk', 'lik')),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (post_id, kind, user_id)
);
CREATE INDEX forum_reactions_user_idx ON forum_reactions (user_id);

ALTER TABLE forum_threads ADD COLUMN question boolean NOT NULL DEFAULT false,
                          ADD COLUMN solution_seq integer CHECK (solution_seq > 1);

-- +goose Down
ALTER TABLE forum_threads DROP COLUMN solution_seq, DROP COLUMN question;
DROP TABLE forum_reactions;
