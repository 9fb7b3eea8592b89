-- +goose Up
-- The årshjul tied to the rest of the portal: an activity may link to an event and to a forum
-- thread. Who may see the linked event or thread is decided when the activity is read (the
-- plan store's queries), never stored here.
ALTER TABLE activities
    ADD COLUMN event_id  bigint REFERENCES events (id) ON DELETE SET NULL,
    ADD COLUMN thread_id bigint REFERENCES forum_threads (id) ON DELETE SET NULL;
-- An event's page lists the activities linking to it; the keys' ON DELETE needs them too.
CREATE INDEX activities_event_idx ON activities (event_id, starts_on, id) WHERE event_id IS NOT NULL;
CREATE INDEX activities_thread_idx ON activities (thread_id) WHERE thread_id IS NOT NULL;
-- The wheel reads the events with a focus area overlapping its window.
CREATE INDEX events_wheel_idx ON events (starts_at, ends_at) WHERE focus_area_id IS NOT NULL;

-- +goose Down
DROP INDEX events_wheel_idx;
ALTER TABLE activities DROP COLUMN thread_id, DROP COLUMN event_id;
