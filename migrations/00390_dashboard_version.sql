-- +goose Up
-- A member's own blocks of the dashboard (their events, unread threads, activities, the open
-- consultations, their actions and meetings) are kept in the portal's memory per person while
-- nothing they show has changed (internal/web/dashviewer.go). Their key holds the versions of
-- what they read: event_version, meeting_version, plan_version, the forums' versions (every
-- reply and every change of a thread's title or place changes its forum's), the reference
-- version, and this one: per person, what is theirs alone and counted nowhere else (how far
-- they have read each thread, their answers to meeting invitations), and for everyone (user 0)
-- the consultations and the companies' inputs to them, and a forum removed.
CREATE TABLE dashboard_version (
    user_id bigint PRIMARY KEY, -- 0: everyone's
    n       bigint NOT NULL
);
INSERT INTO dashboard_version (user_id, n) VALUES (0, 1);

-- +goose StatementBegin
CREATE FUNCTION bump_dashboard_of_users() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO dashboard_version AS d (user_id, n) SELECT DISTINCT user_id, 1 FROM new_rows ORDER BY user_id
        ON CONFLICT (user_id) DO UPDATE SET n = d.n + 1;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO dashboard_version AS d (user_id, n) SELECT DISTINCT user_id, 1 FROM old_rows ORDER BY user_id
        ON CONFLICT (user_id) DO UPDATE SET n = d.n + 1;
    ELSE
        INSERT INTO dashboard_version AS d (user_id, n)
        SELECT user_id, 1 FROM (SELECT user_id FROM new_rows UNION SELECT user_id FROM old_rows) u ORDER BY user_id
        ON CONFLICT (user_id) DO UPDATE SET n = d.n + 1;
    END IF;
    RETURN NULL;
END $$;
CREATE FUNCTION bump_dashboard_of_everyone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE dashboard_version SET n = n + 1 WHERE user_id = 0;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER forum_reads_dashboard_ins AFTER INSERT ON forum_reads
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_dashboard_of_users();
CREATE TRIGGER forum_reads_dashboard_upd AFTER UPDATE ON forum_reads
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_dashboard_of_users();
CREATE TRIGGER forum_reads_dashboard_del AFTER DELETE ON forum_reads
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_dashboard_of_users();
CREATE TRIGGER forum_reads_dashboard_truncate AFTER TRUNCATE ON forum_reads
    FOR EACH STATEMENT EXECUTE FUNCTION bump_dashboard_of_everyone();
CREATE TRIGGER meeting_attendance_dashboard_ins AFTER INSERT ON meeting_attendance
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_dashboard_of_users();
CREATE TRIGGER meeting_attendance_dashboard_upd AFTER UPDATE ON meeting_attendance
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_dashboard_of_users();
CREATE TRIGGER meeting_attendance_dashboard_del AFTER DELETE ON meeting_attendance
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_dashboard_of_users();
CREATE TRIGGER meeting_attendance_dashboard_truncate AFTER TRUNCATE ON meeting_attendance
    FOR EACH STATEMENT EXECUTE FUNCTION bump_dashboard_of_everyone();
CREATE TRIGGER consultations_dashboard AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON consultations
    FOR EACH STATEMENT EXECUTE FUNCTION bump_dashboard_of_everyone();
CREATE TRIGGER consultation_inputs_dashboard AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON consultation_inputs
    FOR EACH STATEMENT EXECUTE FUNCTION bump_dashboard_of_everyone();
CREATE TRIGGER forums_dashboard AFTER DELETE OR TRUNCATE ON forums
    FOR EACH STATEMENT EXECUTE FUNCTION bump_dashboard_of_everyone();

-- +goose Down
DROP TRIGGER forums_dashboard ON forums;
DROP TRIGGER consultation_inputs_dashboard ON consultation_inputs;
DROP TRIGGER consultations_dashboard ON consultations;
DROP TRIGGER meeting_attendance_dashboard_truncate ON meeting_attendance;
DROP TRIGGER meeting_attendance_dashboard_del ON meeting_attendance;
DROP TRIGGER meeting_attendance_dashboard_upd ON meeting_attendance;
DROP TRIGGER meeting_attendance_dashboard_ins ON meeting_attendance;
DROP TRIGGER forum_reads_dashboard_truncate ON forum_reads;
DROP TRIGGER forum_reads_dashboard_del ON forum_reads;
DROP TRIGGER forum_reads_dashboard_upd ON forum_reads;
DROP TRIGGER forum_reads_dashboard_ins ON forum_reads;
DROP FUNCTION bump_dashboard_of_everyone();
DROP FUNCTION bump_dashboard_of_users();
DROP TABLE dashboard_version;
