-- +goose Up
-- Sessions of scs/pgxstore: one row per session token.
CREATE TABLE sessions (
    token  text PRIMARY KEY CHECK (length(token) BETWEEN 20 AND 100),
    data   bytea NOT NULL,
    expiry timestamptz NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry);

-- +goose Down
DROP TABLE sessions;
