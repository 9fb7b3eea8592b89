-- +goose Up
-- Meetings of a group (direktørforum, styringsgruppen): time, place and/or online link, the
-- meeting leader, and each member's answer to the invitation. The agenda is published to the
-- group publish_days days before the meeting.
CREATE TABLE meetings (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    group_id     bigint NOT NULL REFERENCES groups (id),
    title        text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    starts_at    timestamptz NOT NULL,
    ends_at      timestamptz NOT NULL,
    place        text NOT NULL DEFAULT '' CHECK (length(place) <= 300),
    online_url   text NOT NULL DEFAULT '' CHECK (online_url = '' OR online_url ~ '^https?://[^\s]+$'),
    leader_id    bigint REFERENCES users (id) ON DELETE SET NULL,
    publish_days integer NOT NULL DEFAULT 7 CHECK (publish_days BETWEEN 0 AND 60),
    invited_at   timestamptz,
    created_by   bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at),
    CHECK (place <> '' OR online_url <> '')
);
CREATE INDEX meetings_group_idx ON meetings (group_id, starts_at DESC, id DESC);
CREATE INDEX meetings_starts_idx ON meetings (starts_at DESC, id DESC);

-- One answer per member and meeting: kommer, kommer ikke, or a deputy (vara) comes instead.
CREATE TABLE meeting_attendance (
    meeting_id  bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    answer      text NOT NULL CHECK (answer IN ('kommer', 'kommer_ikke', 'vara')),
    substitute  text NOT NULL DEFAULT '' CHECK (length(substitute) <= 120),
    answered_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (meeting_id, user_id)
);
CREATE INDEX meeting_attendance_user_idx ON meeting_attendance (user_id);

-- +goose Down
DROP TABLE meeting_attendance;
DROP TABLE meetings;
