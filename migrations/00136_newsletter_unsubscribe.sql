-- +goose Up
-- The owners' newsletter's one-click unsubscribe (RFC 8058). Each month's mail carries its own
-- random token; the send's row keeps only the token's SHA-256, so the address reveals no user id
-- and a copy of the database unsubscribes nobody. The outbox keeps the address of a mail's
-- unsubscribe link for its List-Unsubscribe header, and forgets it with the body once sent.
ALTER TABLE owner_newsletter_sends
    ADD COLUMN unsubscribe_hash bytea UNIQUE CHECK (length(unsubscribe_hash) = 32);
ALTER TABLE mail_outbox
    ADD COLUMN unsubscribe_url text NOT NULL DEFAULT ''
        CHECK (unsubscribe_url = '' OR (unsubscribe_url ~ '^https?://[^\s<>"]+$' AND length(unsubscribe_url) <= 500));

-- +goose Down
ALTER TABLE mail_outbox DROP COLUMN unsubscribe_url;
ALTER TABLE owner_newsletter_sends DROP COLUMN unsubscribe_hash;
