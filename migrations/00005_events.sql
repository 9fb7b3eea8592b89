-- +goose Up
-- Events ("møteplasser") and registrations. The seat rule is kept by locking the event row
-- (SELECT … FOR UPDATE) in every transaction that confirms, cancels or changes capacity, and by
-- a partial unique index that allows one live registration per person and event.
CREATE TABLE events (
    id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title                  text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    kind                   text NOT NULL CHECK (kind IN ('workshop', 'seminar', 'konferanse', 'nettverkssamling', 'webinar', 'mote')),
    description_md         text NOT NULL DEFAULT '' CHECK (length(description_md) <= 50000),
    description_html       text NOT NULL DEFAULT '',
    starts_at              timestamptz NOT NULL,
    ends_at                timestamptz NOT NULL,
    place                  text NOT NULL DEFAULT '' CHECK (length(place) <= 300),
    online_url             text NOT NULL DEFAULT '' CHECK (online_url = '' OR online_url ~ '^https?://[^\s]+$'),
    organiser_company_id   bigint REFERENCES companies (id),
    focus_area_id          smallint REFERENCES focus_areas (id),
    topic_id               smallint,
    capacity               integer CHECK (capacity BETWEEN 1 AND 100000),
    company_cap            integer CHECK (company_cap BETWEEN 1 AND 100000),
    registration_opens_at  timestamptz,
    registration_closes_at timestamptz,
    cancellation_deadline  timestamptz,
    question               text NOT NULL DEFAULT '' CHECK (length(question) <= 300),
    group_id               bigint REFERENCES groups (id),
    status                 text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'cancelled')),
    reminded_at            timestamptz,
    created_by             bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at),
    CHECK (registration_closes_at IS NULL OR registration_opens_at IS NULL OR registration_closes_at > registration_opens_at),
    CHECK (topic_id IS NULL OR focus_area_id IS NOT NULL),
    FOREIGN KEY (topic_id, focus_area_id) REFERENCES topics (id, focus_area_id)
);
CREATE INDEX events_starts_idx ON events (starts_at, id);
CREATE INDEX events_ends_idx ON events (ends_at DESC, id DESC);
CREATE INDEX events_group_idx ON events (group_id) WHERE group_id IS NOT NULL;

CREATE TABLE registrations (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, -- also the order of the waitlist
    event_id      bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id       bigint NOT NULL,
    company_id    bigint NOT NULL,
    status        text NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
    answer        text NOT NULL DEFAULT '' CHECK (length(answer) <= 1000),
    registered_by bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    confirmed_at  timestamptz,
    cancelled_at  timestamptz,
    checked_in_at timestamptz,
    FOREIGN KEY (user_id, company_id) REFERENCES users (id, company_id) ON DELETE CASCADE
);
-- One live registration per person and event.
CREATE UNIQUE INDEX registrations_live_key ON registrations (event_id, user_id) WHERE status <> 'cancelled';
CREATE INDEX registrations_event_idx ON registrations (event_id, status, id);
CREATE INDEX registrations_user_idx ON registrations (user_id, status, event_id);

-- Personal calendar subscriptions; only the token's SHA-256 is stored.
CREATE TABLE calendar_tokens (
    hash       bytea PRIMARY KEY CHECK (length(hash) = 32),
    user_id    bigint NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- A mail about an event carries the event as an iCalendar attachment (text/calendar).
ALTER TABLE mail_outbox ADD COLUMN calendar text NOT NULL DEFAULT '' CHECK (length(calendar) <= 100000);

-- +goose Down
ALTER TABLE mail_outbox DROP COLUMN calendar;
DROP TABLE calendar_tokens;
DROP TABLE registrations;
DROP TABLE events;
