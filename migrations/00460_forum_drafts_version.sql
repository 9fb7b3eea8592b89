-- +goose Up
-- A thread's page is kept rendered per viewer (internal/web/forumthread.go) while, among its
-- versions, the viewer's dashboard_version holds: their draft of a reply, shown in the reply
-- form, now counts there too.
CREATE TRIGGER forum_drafts_dashboard_ins AFTER INSERT ON forum_drafts
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_dashboard_of_users();
CREATE TRIGGER forum_drafts_dashboard_upd AFTER UPDATE ON forum_drafts
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_dashboard_of_users();
CREATE TRIGGER forum_drafts_dashboard_del AFTER DELETE ON forum_drafts
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_dashboard_of_users();
CREATE TRIGGER forum_drafts_dashboard_truncate AFTER TRUNCATE ON forum_drafts
    FOR EACH STATEMENT EXECUTE FUNCTION bump_dashboard_of_everyone();

-- +goose Down
DROP TRIGGER forum_drafts_dashboard_truncate ON forum_drafts;
DROP TRIGGER forum_drafts_dashboard_del ON forum_drafts;
DROP TRIGGER forum_drafts_dashboard_upd ON forum_drafts;
DROP TRIGGER forum_drafts_dashboard_ins ON forum_drafts;
