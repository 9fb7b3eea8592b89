-- +goose Up
-- The list of meetings marks the viewer's answers, read with who they are on every view
-- (internal/meetings/answers.go): the newest of their answers by meeting, from this index alone.
-- It replaces the index on the user alone.
CREATE INDEX meeting_attendance_user_meeting_idx ON meeting_attendance (user_id, meeting_id) INCLUDE (answer);
DROP INDEX meeting_attendance_user_idx;

-- +goose Down
CREATE INDEX meeting_attendance_user_idx ON meeting_attendance (user_id);
DROP INDEX meeting_attendance_user_meeting_idx;
