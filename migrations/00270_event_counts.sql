-- +goose Up
-- An event's counts of confirmed and waitlisted registrations (migration 00015) move out of the
-- events row into a narrow table of their own. Kept on the row, every registration wrote a new
-- version of the whole event (its description, address and search vector): under a burst of
-- registrations most versions could not stay on their page (make bench: 5 % of the updates were
-- HOT), the 2 008 events of the scale data spread over 49 MB, and every page that reads events
-- slowed down (the same data compacted: the dashboard 874 → 1 094 req/s, an event 1 275 → 1 631).
-- Registrations still lock the event's row (FOR UPDATE writes no new version of it).
CREATE TABLE event_counts (
    event_id   bigint PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    confirmed  integer NOT NULL DEFAULT 0 CHECK (confirmed >= 0),
    waitlisted integer NOT NULL DEFAULT 0 CHECK (waitlisted >= 0)
) WITH (fillfactor = 50);
INSERT INTO event_counts (event_id, confirmed, waitlisted) SELECT id, confirmed_count, waitlist_count FROM events;

-- +goose StatementBegin
CREATE FUNCTION events_add_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO event_counts (event_id) VALUES (NEW.id);
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION registrations_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status IN ('confirmed', 'waitlisted') THEN
        UPDATE event_counts SET confirmed = confirmed - (OLD.status = 'confirmed')::int,
                                waitlisted = waitlisted - (OLD.status = 'waitlisted')::int
        WHERE event_id = OLD.event_id;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.status IN ('confirmed', 'waitlisted') THEN
        UPDATE event_counts SET confirmed = confirmed + (NEW.status = 'confirmed')::int,
                                waitlisted = waitlisted + (NEW.status = 'waitlisted')::int
        WHERE event_id = NEW.event_id;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER events_add_counts AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION events_add_counts();

-- The counts are part of what the pages cached by event_version show (migration 00220).
CREATE CONSTRAINT TRIGGER event_counts_event_version AFTER INSERT OR UPDATE OR DELETE ON event_counts
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_event_version();

ALTER TABLE events DROP COLUMN confirmed_count, DROP COLUMN waitlist_count;
-- Rewrite the events spread by the counts' old updates onto as few pages as they need.
CLUSTER events USING events_pkey;
ALTER TABLE events SET WITHOUT CLUSTER;
ANALYZE events, event_counts;

-- +goose Down
ALTER TABLE events ADD COLUMN confirmed_count integer NOT NULL DEFAULT 0,
                   ADD COLUMN waitlist_count integer NOT NULL DEFAULT 0;
UPDATE events e SET confirmed_count = c.confirmed, waitlist_count = c.waitlisted FROM event_counts c WHERE c.event_id = e.id;
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION registrations_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status IN ('confirmed', 'waitlisted') THEN
        UPDATE events SET confirmed_count = confirmed_count - (OLD.status = 'confirmed')::int,
                          waitlist_count = waitlist_count - (OLD.status = 'waitlisted')::int
        WHERE id = OLD.event_id;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.status IN ('confirmed', 'waitlisted') THEN
        UPDATE events SET confirmed_count = confirmed_count + (NEW.status = 'confirmed')::int,
                          waitlist_count = waitlist_count + (NEW.status = 'waitlisted')::int
        WHERE id = NEW.event_id;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
DROP TRIGGER event_counts_event_version ON event_counts;
DROP TRIGGER events_add_counts ON events;
DROP FUNCTION events_add_counts();
DROP TABLE event_counts;
