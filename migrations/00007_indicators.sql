-- +goose Up
-- Common indicators and plukkanalyser (issue 7). Cluster admins define the indicators; each
-- company reports its values for a year in one report (kladd → innsendt), with an optional
-- plukkanalyse: the composition of its residual waste in the household waste fractions.
-- Demo figures carry demo = true and are labelled "demodata" wherever they are shown.
CREATE TABLE indicators (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 60),
    name        text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 120),
    unit        text NOT NULL CHECK (length(unit) BETWEEN 1 AND 30),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    direction   text NOT NULL CHECK (direction IN ('higher', 'lower')),
    category    text NOT NULL CHECK (category IN ('baerekraft', 'tjeneste', 'okonomi', 'plukkanalyse')),
    decimals    smallint NOT NULL DEFAULT 0 CHECK (decimals BETWEEN 0 AND 3),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX indicators_category_name_idx ON indicators (category, name COLLATE nb);

-- The household waste fractions of a plukkanalyse (MEMBERS.md). Reference data; the colours
-- tell the segments of a stacked bar apart.
CREATE TABLE waste_fractions (
    id       smallint PRIMARY KEY,
    slug     text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name     text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 80),
    colour   text NOT NULL CHECK (colour ~ '^#[0-9a-f]{6}$'),
    position smallint NOT NULL UNIQUE
);
INSERT INTO waste_fractions (id, slug, name, colour, position) VALUES
    (1, 'matavfall', 'Matavfall', '#2e7d32', 1),
    (2, 'papir-og-papp', 'Papir og papp', '#1565c0', 2),
    (3, 'plastemballasje', 'Plastemballasje', '#f9a825', 3),
    (4, 'glass-og-metallemballasje', 'Glass- og metallemballasje', '#00838f', 4),
    (5, 'tekstiler', 'Tekstiler', '#8e24aa', 5),
    (6, 'farlig-avfall-ee', 'Farlig avfall / EE-avfall', '#c62828', 6),
    (7, 'restavfall', 'Restavfall', '#616161', 7);

-- One report per company and year: its values and plukkanalyse, a draft until submitted.
CREATE TABLE indicator_reports (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    company_id   bigint NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    year         smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    status       text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted')),
    demo         boolean NOT NULL DEFAULT false,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    updated_by   bigint REFERENCES users (id) ON DELETE SET NULL,
    submitted_at timestamptz,
    submitted_by bigint REFERENCES users (id) ON DELETE SET NULL,
    UNIQUE (company_id, year),
    CHECK ((status = 'submitted') = (submitted_at IS NOT NULL))
);
CREATE INDEX indicator_reports_year_idx ON indicator_reports (year, status);

CREATE TABLE indicator_values (
    report_id    bigint NOT NULL REFERENCES indicator_reports (id) ON DELETE CASCADE,
    indicator_id bigint NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
    value        numeric(18, 4) NOT NULL CHECK (abs(value) < 1e12),
    PRIMARY KEY (report_id, indicator_id)
);
CREATE INDEX indicator_values_indicator_idx ON indicator_values (indicator_id, report_id);

CREATE TABLE pick_analyses (
    report_id  bigint PRIMARY KEY REFERENCES indicator_reports (id) ON DELETE CASCADE,
    sampled_on date NOT NULL,
    sample_kg  numeric(12, 1) NOT NULL CHECK (sample_kg > 0 AND sample_kg < 1e9)
);

CREATE TABLE pick_analysis_shares (
    report_id   bigint NOT NULL REFERENCES pick_analyses (report_id) ON DELETE CASCADE,
    fraction_id smallint NOT NULL REFERENCES waste_fractions (id),
    share       numeric(5, 2) NOT NULL CHECK (share BETWEEN 0 AND 100),
    PRIMARY KEY (report_id, fraction_id)
);

-- Reminders the cluster admins sent to a company about a year's report.
CREATE TABLE indicator_reminders (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    company_id bigint NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    year       smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    sent_at    timestamptz NOT NULL DEFAULT now(),
    sent_by    bigint REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX indicator_reminders_year_idx ON indicator_reminders (year, company_id, sent_at DESC);

-- +goose Down
DROP TABLE indicator_reminders;
DROP TABLE pick_analysis_shares;
DROP TABLE pick_analyses;
DROP TABLE indicator_values;
DROP TABLE indicator_reports;
DROP TABLE waste_fractions;
DROP TABLE indicators;
