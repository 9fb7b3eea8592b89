-- +goose Up
-- Second factor: a TOTP secret per user, encrypted with AES-GCM under PORTAL_TOTP_KEY (the
-- user's id is the additional data, so a secret cannot be moved to another user).
CREATE TABLE user_totp (
    user_id      bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret_enc   bytea NOT NULL CHECK (length(secret_enc) BETWEEN 28 AND 200),
    confirmed_at timestamptz,                -- NULL while the user is enrolling
    last_step    bigint NOT NULL DEFAULT 0,  -- the last 30-second step used: a code works once
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- Single-use recovery codes; only their SHA-256 is stored.
CREATE TABLE user_recovery_codes (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    hash    bytea NOT NULL CHECK (length(hash) = 32),
    used_at timestamptz,
    PRIMARY KEY (user_id, hash)
);

-- +goose Down
DROP TABLE user_recovery_codes;
DROP TABLE user_totp;
