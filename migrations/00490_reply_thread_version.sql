-- +goose Up
-- A reply's batch (internal/forum/replyqueue.go) ends by rewriting its thread's row (post_count,
-- last_post_at), which adds one to the thread's version (forum_threads_version, 00210). The
-- insert of its posts rewrote that row once more in the same transaction to add one as well:
-- 0.3 ms of a reply's 1.4 ms in PostgreSQL, and a second version of the row in every index. A
-- writer that rewrites the thread's row itself later in the same transaction says so with the
-- transaction-local setting portal.thread_row_follows; every other insert of posts (a new
-- thread, SQL by hand) still adds one here.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION bump_thread_of_posts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF current_setting('portal.thread_row_follows', true) IS DISTINCT FROM 'on' THEN
            UPDATE forum_threads SET version = version + 1 WHERE id IN (SELECT thread_id FROM new_rows);
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE forum_threads SET version = version + 1 WHERE id IN (SELECT thread_id FROM old_rows);
    ELSE
        UPDATE forum_threads SET version = version + 1
        WHERE id IN (SELECT thread_id FROM new_rows UNION SELECT thread_id FROM old_rows);
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
