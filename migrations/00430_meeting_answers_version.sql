-- +goose Up
-- A meeting's page is kept rendered per viewer while meeting_version holds (internal/web/
-- meetingview.go); it shows every member's answer, so the answers count in it too.
CREATE TRIGGER meeting_attendance_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON meeting_attendance
    FOR EACH STATEMENT EXECUTE FUNCTION bump_meeting_version();

-- +goose Down
DROP TRIGGER meeting_attendance_version ON meeting_attendance;
