-- +goose Up
-- The kind of user decides what the one access rule (internal/access) lets them see. Every
-- account so far is a member company's employee; later kinds (owner representatives, partners)
-- see only what is explicitly opened to them, and any kind the rule does not know sees nothing.
ALTER TABLE users ADD COLUMN kind text NOT NULL DEFAULT 'member' CHECK (kind ~ '^[a-z_]{1,30}$');

-- +goose Down
ALTER TABLE users DROP COLUMN kind;
