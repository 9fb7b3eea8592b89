-- +goose Up
-- Place: a street address (linked to a map service), travel and accommodation notes. Changes:
-- the iCalendar SEQUENCE of an event, raised whenever its time or place changes or it is called
-- off, so that calendars replace their copy (same UID).
ALTER TABLE events
    ADD COLUMN address             text NOT NULL DEFAULT '' CHECK (length(address) <= 300),
    ADD COLUMN travel_notes        text NOT NULL DEFAULT '' CHECK (length(travel_notes) <= 2000),
    ADD COLUMN accommodation_notes text NOT NULL DEFAULT '' CHECK (length(accommodation_notes) <= 2000),
    ADD COLUMN sequence            integer NOT NULL DEFAULT 0 CHECK (sequence >= 0),
    ADD COLUMN cancelled_at        timestamptz;
-- Calling an event off cancels its registrations at the same moment: the personal feed finds
-- them by it, to tell the calendars.
UPDATE events SET cancelled_at = updated_at WHERE status = 'cancelled';

-- +goose Down
ALTER TABLE events DROP COLUMN cancelled_at, DROP COLUMN sequence, DROP COLUMN accommodation_notes, DROP COLUMN travel_notes, DROP COLUMN address;
