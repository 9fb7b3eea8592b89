-- +goose Up
-- The årshjul: the measures (tiltak) of each year's plan, each in a focus area and optionally a
-- topic of it, with a start and end date (inclusive; an activity may cross the year end), a
-- responsible company and/or person, and a status. The plan year is the year it starts in.
-- The wheel is drawn on a light panel in both colour schemes, so the focus areas' colours
-- (4.5:1 against white) serve in dark mode and in print too.

CREATE TABLE activities (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title               text NOT NULL CHECK (length(title) BETWEEN 1 AND 160),
    description         text NOT NULL DEFAULT '' CHECK (length(description) <= 50000),
    description_html    text NOT NULL DEFAULT '',
    focus_area_id       smallint NOT NULL REFERENCES focus_areas (id),
    topic_id            smallint,
    starts_on           date NOT NULL CHECK (starts_on BETWEEN '2000-01-01' AND '2100-12-31'),
    ends_on             date NOT NULL CHECK (ends_on BETWEEN '2000-01-01' AND '2101-12-31'),
    year                smallint GENERATED ALWAYS AS (extract(year FROM starts_on)::smallint) STORED,
    company_id          bigint REFERENCES companies (id) ON DELETE SET NULL,
    responsible_user_id bigint REFERENCES users (id) ON DELETE SET NULL,
    status              text NOT NULL DEFAULT 'planlagt' CHECK (status IN ('planlagt', 'pagar', 'gjennomfort', 'utsatt', 'avlyst')),
    created_by          bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_on >= starts_on AND ends_on - starts_on <= 366),
    -- the topic belongs to the activity's focus area
    FOREIGN KEY (topic_id, focus_area_id) REFERENCES topics (id, focus_area_id)
);
-- The wheel of a year reads the activities overlapping its window; lists read a plan year.
CREATE INDEX activities_dates_idx ON activities (starts_on, ends_on, id);
CREATE INDEX activities_year_idx ON activities (year, starts_on);
CREATE INDEX activities_company_idx ON activities (company_id) WHERE company_id IS NOT NULL;
CREATE INDEX activities_user_idx ON activities (responsible_user_id) WHERE responsible_user_id IS NOT NULL;

-- +goose Down
DROP TABLE activities;
