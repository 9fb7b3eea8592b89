-- +goose Up
-- The single-row version counters (00220 on) are added one to by every change in the changing
-- transaction. A transaction that changes many things (a batch of replies: a statement each)
-- rewrote its counter as often, each time a new version of the row that the next must follow.
-- One is enough: a transaction whose xmin the row already has leaves it (as event_version
-- does, 00500). A counter first rewritten in a savepoint has another xmin and is added to
-- again: once more than needed, never less.
-- +goose StatementBegin
DO $do$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['desk', 'forum', 'indicator', 'meeting', 'news', 'partner', 'people', 'plan', 'reference', 'search', 'strategy'] LOOP
        EXECUTE format($f$CREATE OR REPLACE FUNCTION bump_%1$s_version() RETURNS trigger LANGUAGE plpgsql AS $b$
BEGIN
    UPDATE %1$s_version SET n = n + 1 WHERE id AND xmin <> pg_current_xact_id()::xid;
    RETURN NULL;
END $b$ $f$, t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['bell', 'dashboard'] LOOP
        EXECUTE format($f$CREATE OR REPLACE FUNCTION bump_%1$s_of_everyone() RETURNS trigger LANGUAGE plpgsql AS $b$
BEGIN
    UPDATE %1$s_version SET n = n + 1 WHERE user_id = 0 AND xmin <> pg_current_xact_id()::xid;
    RETURN NULL;
END $b$ $f$, t);
    END LOOP;
END $do$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
DO $do$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['desk', 'forum', 'indicator', 'meeting', 'news', 'partner', 'people', 'plan', 'reference', 'search', 'strategy'] LOOP
        EXECUTE format($f$CREATE OR REPLACE FUNCTION bump_%1$s_version() RETURNS trigger LANGUAGE plpgsql AS $b$
BEGIN
    UPDATE %1$s_version SET n = n + 1 WHERE id;
    RETURN NULL;
END $b$ $f$, t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['bell', 'dashboard'] LOOP
        EXECUTE format($f$CREATE OR REPLACE FUNCTION bump_%1$s_of_everyone() RETURNS trigger LANGUAGE plpgsql AS $b$
BEGIN
    UPDATE %1$s_version SET n = n + 1 WHERE user_id = 0;
    RETURN NULL;
END $b$ $f$, t);
    END LOOP;
END $do$;
-- +goose StatementEnd
