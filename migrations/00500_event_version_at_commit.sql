-- +goose Up
-- event_version is one row that every change of an event's page adds one to in the changing
-- transaction (00220). A registration's answers added one at the end of its statement, and the
-- event's count of seats once more at the commit (a deferred trigger, 00270): the row was
-- rewritten twice and held from the statement to the commit, so every registration, to any
-- event, waited for the one before it to commit. The answers now add one at the commit too,
-- and a transaction that has already rewritten the row (its xmin is this transaction) leaves
-- it: one rewrite per transaction, held only while it commits.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION bump_event_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE event_version SET n = n + 1 WHERE id AND xmin <> pg_current_xact_id()::xid;
    RETURN NULL;
END $$;
-- +goose StatementEnd
DROP TRIGGER registration_answers_event_version ON registration_answers;
CREATE CONSTRAINT TRIGGER registration_answers_event_version AFTER INSERT OR UPDATE OR DELETE ON registration_answers
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_event_version();
CREATE TRIGGER registration_answers_event_version_truncate AFTER TRUNCATE ON registration_answers
    FOR EACH STATEMENT EXECUTE FUNCTION bump_event_version();

-- +goose Down
DROP TRIGGER registration_answers_event_version_truncate ON registration_answers;
DROP TRIGGER registration_answers_event_version ON registration_answers;
CREATE TRIGGER registration_answers_event_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON registration_answers
    FOR EACH STATEMENT EXECUTE FUNCTION bump_event_version();
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION bump_event_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE event_version SET n = n + 1 WHERE id;
    RETURN NULL;
END $$;
-- +goose StatementEnd
