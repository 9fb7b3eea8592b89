-- +goose Up
-- The bell's count (forum.BellSQL, read with the user on every page) walks a person's newest
-- unread notifications, up to a hundred, and tests each by its post or group. With the post
-- and the group in the index it reads them from the index alone instead of fetching every
-- row: on the scale data (600 unread each) the statement of who the user is fell from 0.20 to
-- 0.16 ms (pgbench, one client), and it is run by every page.
CREATE INDEX notifications_unread_user_ix ON notifications (user_id, id) INCLUDE (post_id, group_id) WHERE read_at IS NULL;
DROP INDEX notifications_unread_user_idx;

-- +goose Down
CREATE INDEX notifications_unread_user_idx ON notifications (user_id, id) WHERE read_at IS NULL;
DROP INDEX notifications_unread_user_ix;
