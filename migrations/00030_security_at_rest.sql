-- +goose Up
-- Sessions are stored under the SHA-256 of their token (hex): a copy of the database holds no
-- token that logs anyone in. Each session knows its person, so that people can see and end
-- their own sessions and admins can end someone's.
UPDATE sessions SET token = encode(sha256(convert_to(token, 'UTF8')), 'hex');
ALTER TABLE sessions
    ADD COLUMN id         bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    ADD COLUMN user_id    bigint REFERENCES users (id) ON DELETE CASCADE,
    ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN seen_at    timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN device     text NOT NULL DEFAULT '' CHECK (length(device) <= 200),
    ADD COLUMN place      text NOT NULL DEFAULT '' CHECK (length(place) <= 60);
CREATE INDEX sessions_user_idx ON sessions (user_id, seen_at DESC) WHERE user_id IS NOT NULL;

-- Attempts at a password or a one-time code, per key (an account and an address together, an
-- address, an account's codes): counted and decided under a row lock, so parallel attempts
-- cannot pass the limit. A key that reaches its limit is locked for a delay that doubles with
-- every further failure.
CREATE TABLE auth_throttle (
    key          text PRIMARY KEY CHECK (length(key) BETWEEN 3 AND 400),
    failures     integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    locked_until timestamptz
);
CREATE INDEX auth_throttle_updated_idx ON auth_throttle (updated_at);
DROP TABLE login_throttle;

-- Recovery codes were 60 bits under a fast hash; the new ones have 120 bits. The old ones stop
-- working (their owners make new ones on /meg/tofaktor).
DELETE FROM user_recovery_codes;

-- Outbox: bodies are removed once sent, or when a mail could not be sent within a day.
CREATE INDEX mail_outbox_retention_idx ON mail_outbox (created_at) WHERE body <> '' OR calendar <> '';

-- +goose Down
DROP INDEX mail_outbox_retention_idx;
CREATE TABLE login_throttle (
    key          text PRIMARY KEY CHECK (key ~ '^(ip|account):' AND length(key) <= 300),
    failures     integer NOT NULL CHECK (failures > 0),
    window_start timestamptz NOT NULL
);
DROP TABLE auth_throttle;
DROP INDEX sessions_user_idx;
ALTER TABLE sessions DROP COLUMN id, DROP COLUMN user_id, DROP COLUMN created_at, DROP COLUMN seen_at,
    DROP COLUMN device, DROP COLUMN place;
DELETE FROM sessions; -- hashed tokens cannot be turned back
