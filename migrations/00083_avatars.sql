-- +goose Up
-- Profile photos: uploaded at /meg, re-encoded and kept in two fixed square sizes.
CREATE TABLE user_avatars (
    user_id    bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    small      bytea NOT NULL CHECK (length(small) BETWEEN 1 AND 65536),
    large      bytea NOT NULL CHECK (length(large) BETWEEN 1 AND 262144),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE user_avatars;
