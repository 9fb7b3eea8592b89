-- +goose Up
-- /forum/siste, /forum/uleste and /forum/mine are views across forums: no forum may take
-- their names. "Mine tråder" finds the threads a person posted in by their posts.
ALTER TABLE forums ADD CONSTRAINT forums_slug_not_a_view CHECK (slug NOT IN ('siste', 'uleste', 'mine'));
CREATE INDEX forum_posts_author_thread_idx ON forum_posts (author_id, thread_id);

-- +goose Down
DROP INDEX forum_posts_author_thread_idx;
ALTER TABLE forums DROP CONSTRAINT forums_slug_not_a_view;
