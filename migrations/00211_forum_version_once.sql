-- +goose Up
-- A reply updates its thread's row (its count) in the same statement as it inserts the post,
-- which already counts a new version of the thread (migration 00210): the posts' trigger then
-- leaves alone a thread row this transaction has updated, instead of updating it a second time
-- (a third of a reply's insert). Every change of this transaction becomes visible at its
-- commit together with that version.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION bump_thread_of_posts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE forum_threads SET version = version + 1
        WHERE id IN (SELECT thread_id FROM new_rows) AND xmin <> pg_current_xact_id()::xid;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE forum_threads SET version = version + 1
        WHERE id IN (SELECT thread_id FROM old_rows) AND xmin <> pg_current_xact_id()::xid;
    ELSE
        UPDATE forum_threads SET version = version + 1
        WHERE id IN (SELECT thread_id FROM new_rows UNION SELECT thread_id FROM old_rows) AND xmin <> pg_current_xact_id()::xid;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION bump_thread_of_posts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE forum_threads SET version = version + 1 WHERE id IN (SELECT thread_id FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE forum_threads SET version = version + 1 WHERE id IN (SELECT thread_id FROM old_rows);
    ELSE
        UPDATE forum_threads SET version = version + 1
        WHERE id IN (SELECT thread_id FROM new_rows UNION SELECT thread_id FROM old_rows);
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
