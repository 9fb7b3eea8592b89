-- +goose Up
-- The bell's count (forum.BellSQL) walked a person's newest unread notifications, up to a
-- hundred, with their posts, threads and forums for the access rule, on every page (0.15 ms of
-- the database's time a page on the scale data). It is now counted only when something it
-- counts has changed, and otherwise taken from the portal's memory (internal/web, viewerHints),
-- by a version per person: the sum of the person's row here and the row of user 0, which
-- counts what changes whether anyone's notification is still visible. The rest of what the
-- access rule reads is the person (role, kind, groups), which the portal compares itself.
CREATE TABLE bell_version (
    user_id bigint PRIMARY KEY, -- 0: everyone's
    n       bigint NOT NULL
);
INSERT INTO bell_version (user_id, n) VALUES (0, 1);

-- A person's notifications: new, read, removed. Once per statement, one row per person.
-- +goose StatementBegin
CREATE FUNCTION bump_bell_of_notifications() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO bell_version AS b (user_id, n) SELECT DISTINCT user_id, 1 FROM new_rows ORDER BY user_id
        ON CONFLICT (user_id) DO UPDATE SET n = b.n + 1;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO bell_version AS b (user_id, n) SELECT DISTINCT user_id, 1 FROM old_rows ORDER BY user_id
        ON CONFLICT (user_id) DO UPDATE SET n = b.n + 1;
    ELSE
        INSERT INTO bell_version AS b (user_id, n)
        SELECT user_id, 1 FROM (SELECT user_id FROM new_rows UNION SELECT user_id FROM old_rows) u ORDER BY user_id
        ON CONFLICT (user_id) DO UPDATE SET n = b.n + 1;
    END IF;
    RETURN NULL;
END $$;
CREATE FUNCTION bump_bell_of_everyone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE bell_version SET n = n + 1 WHERE user_id = 0;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER notifications_bell_ins AFTER INSERT ON notifications
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_bell_of_notifications();
CREATE TRIGGER notifications_bell_upd AFTER UPDATE ON notifications
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_bell_of_notifications();
CREATE TRIGGER notifications_bell_del AFTER DELETE ON notifications
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_bell_of_notifications();
CREATE TRIGGER notifications_bell_truncate AFTER TRUNCATE ON notifications
    FOR EACH STATEMENT EXECUTE FUNCTION bump_bell_of_everyone();

-- Whether a notified post is still visible: the post removed or hidden, its thread moved or
-- removed, its forum's group or opening changed or the forum removed.
CREATE TRIGGER forum_posts_bell AFTER UPDATE OF deleted_at, hidden_at, thread_id ON forum_posts
    FOR EACH ROW WHEN (OLD.deleted_at IS DISTINCT FROM NEW.deleted_at OR OLD.hidden_at IS DISTINCT FROM NEW.hidden_at
                       OR OLD.thread_id IS DISTINCT FROM NEW.thread_id)
    EXECUTE FUNCTION bump_bell_of_everyone();
CREATE TRIGGER forum_posts_bell_del AFTER DELETE OR TRUNCATE ON forum_posts
    FOR EACH STATEMENT EXECUTE FUNCTION bump_bell_of_everyone();
CREATE TRIGGER forum_threads_bell AFTER UPDATE OF forum_id ON forum_threads
    FOR EACH ROW WHEN (OLD.forum_id IS DISTINCT FROM NEW.forum_id) EXECUTE FUNCTION bump_bell_of_everyone();
CREATE TRIGGER forum_threads_bell_del AFTER DELETE OR TRUNCATE ON forum_threads
    FOR EACH STATEMENT EXECUTE FUNCTION bump_bell_of_everyone();
CREATE TRIGGER forums_bell AFTER UPDATE OF group_id, open_to ON forums
    FOR EACH ROW WHEN (OLD.group_id IS DISTINCT FROM NEW.group_id OR OLD.open_to IS DISTINCT FROM NEW.open_to)
    EXECUTE FUNCTION bump_bell_of_everyone();
CREATE TRIGGER forums_bell_del AFTER DELETE OR TRUNCATE ON forums
    FOR EACH STATEMENT EXECUTE FUNCTION bump_bell_of_everyone();

-- +goose Down
DROP TRIGGER forums_bell_del ON forums;
DROP TRIGGER forums_bell ON forums;
DROP TRIGGER forum_threads_bell_del ON forum_threads;
DROP TRIGGER forum_threads_bell ON forum_threads;
DROP TRIGGER forum_posts_bell_del ON forum_posts;
DROP TRIGGER forum_posts_bell ON forum_posts;
DROP TRIGGER notifications_bell_truncate ON notifications;
DROP TRIGGER notifications_bell_del ON notifications;
DROP TRIGGER notifications_bell_upd ON notifications;
DROP TRIGGER notifications_bell_ins ON notifications;
DROP FUNCTION bump_bell_of_everyone();
DROP FUNCTION bump_bell_of_notifications();
DROP TABLE bell_version;
