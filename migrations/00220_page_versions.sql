-- +goose Up
-- The event list and the people pages are cached rendered while nothing they show has changed
-- (internal/web/pagecache.go). Every change to what they show adds one to a version in the
-- same transaction as the change, so the next request on any instance sees it, also after a
-- change made with SQL by hand. Companies, groups, their members and focus areas are counted
-- by reference_version (migration 00017).
--
-- event_version counts every change of an event, including its counts of registrations (kept
-- on the event row by migration 00015), so a registration is seen on the list at once. The
-- count is added at commit (a deferred constraint trigger): the version's row is held only for
-- the commit itself, not for the rest of a registration's transaction.
CREATE TABLE event_version (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    n  bigint NOT NULL
);
INSERT INTO event_version (n) VALUES (1);

-- people_version counts every change to what a list of people shows: who is listed, their
-- names, titles, contact details, fields of expertise and photos.
CREATE TABLE people_version (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    n  bigint NOT NULL
);
INSERT INTO people_version (n) VALUES (1);

-- +goose StatementBegin
CREATE FUNCTION bump_event_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE event_version SET n = n + 1;
    RETURN NULL;
END $$;
CREATE FUNCTION bump_people_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE people_version SET n = n + 1;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE CONSTRAINT TRIGGER events_event_version AFTER INSERT OR UPDATE OR DELETE ON events
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_event_version();
CREATE TRIGGER events_event_version_truncate AFTER TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION bump_event_version();

CREATE TRIGGER users_people_version AFTER INSERT OR DELETE OR TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION bump_people_version();
CREATE TRIGGER users_people_version_upd AFTER UPDATE OF company_id, email, name, title, phone, mobile, department, about, expertise, role, active, password_hash ON users
    FOR EACH STATEMENT EXECUTE FUNCTION bump_people_version();
CREATE TRIGGER user_avatars_people_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON user_avatars
    FOR EACH STATEMENT EXECUTE FUNCTION bump_people_version();

-- +goose Down
DROP TRIGGER user_avatars_people_version ON user_avatars;
DROP TRIGGER users_people_version_upd ON users;
DROP TRIGGER users_people_version ON users;
DROP TRIGGER events_event_version_truncate ON events;
DROP TRIGGER events_event_version ON events;
DROP FUNCTION bump_people_version();
DROP FUNCTION bump_event_version();
DROP TABLE people_version;
DROP TABLE event_version;
