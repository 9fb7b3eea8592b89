-- +goose Up
-- Feedback after an event. That someone has answered (event_feedback_given) is kept apart from
-- what was answered (event_feedback): an anonymous answer carries no user, no time and nothing
-- else that ties it to the person; a named one carries the user.
CREATE TABLE event_feedback_given (
    event_id bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id  bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, user_id)
);

CREATE TABLE event_feedback (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    overall  smallint NOT NULL CHECK (overall BETWEEN 1 AND 5),
    benefit  smallint NOT NULL CHECK (benefit BETWEEN 1 AND 5),
    comment  text NOT NULL DEFAULT '' CHECK (length(comment) <= 3000),
    user_id  bigint REFERENCES users (id) ON DELETE SET NULL -- NULL when anonymous
);
CREATE INDEX event_feedback_event_idx ON event_feedback (event_id);

-- The competence record lists a person's check-ins.
CREATE INDEX registrations_checked_in_idx ON registrations (user_id, checked_in_at) WHERE checked_in_at IS NOT NULL;

-- +goose Down
DROP INDEX registrations_checked_in_idx;
DROP TABLE event_feedback;
DROP TABLE event_feedback_given;
