-- +goose Up
-- A forum's first page is kept rendered per viewer (internal/web/forum.go) while the forums'
-- versions and the viewer's dashboard_version hold: how far they have read each thread counts
-- there already (00390); how they watch a forum or a thread now does too.
CREATE TRIGGER forum_watches_dashboard_ins AFTER INSERT ON forum_watches
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_dashboard_of_users();
CREATE TRIGGER forum_watches_dashboard_upd AFTER UPDATE ON forum_watches
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_dashboard_of_users();
CREATE TRIGGER forum_watches_dashboard_del AFTER DELETE ON forum_watches
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_dashboard_of_users();
CREATE TRIGGER forum_watches_dashboard_truncate AFTER TRUNCATE ON forum_watches
    FOR EACH STATEMENT EXECUTE FUNCTION bump_dashboard_of_everyone();
CREATE TRIGGER forum_thread_watches_dashboard_ins AFTER INSERT ON forum_thread_watches
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_dashboard_of_users();
CREATE TRIGGER forum_thread_watches_dashboard_upd AFTER UPDATE ON forum_thread_watches
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_dashboard_of_users();
CREATE TRIGGER forum_thread_watches_dashboard_del AFTER DELETE ON forum_thread_watches
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_dashboard_of_users();
CREATE TRIGGER forum_thread_watches_dashboard_truncate AFTER TRUNCATE ON forum_thread_watches
    FOR EACH STATEMENT EXECUTE FUNCTION bump_dashboard_of_everyone();

-- +goose Down
DROP TRIGGER forum_thread_watches_dashboard_truncate ON forum_thread_watches;
DROP TRIGGER forum_thread_watches_dashboard_del ON forum_thread_watches;
DROP TRIGGER forum_thread_watches_dashboard_upd ON forum_thread_watches;
DROP TRIGGER forum_thread_watches_dashboard_ins ON forum_thread_watches;
DROP TRIGGER forum_watches_dashboard_truncate ON forum_watches;
DROP TRIGGER forum_watches_dashboard_del ON forum_watches;
DROP TRIGGER forum_watches_dashboard_upd ON forum_watches;
DROP TRIGGER forum_watches_dashboard_ins ON forum_watches;
