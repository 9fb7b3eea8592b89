-- +goose Up
-- The strategy as data with versions: a period (e.g. 2025–2026) has revisions, each a full copy
-- of the text (purpose, ambition, and a text per focus area and per sub-goal), so that an
-- earlier revision stays readable after the strategy is revised underway. A new period starts
-- from a copy of a revision. The focus areas and topics (00003) keep their ids: the årshjul's
-- activities, events and documents point to them; a revision only words them.
CREATE TABLE strategy_periods (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    first_year smallint NOT NULL CHECK (first_year BETWEEN 2000 AND 2100),
    last_year  smallint NOT NULL CHECK (last_year BETWEEN first_year AND first_year + 10),
    created_by bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX strategy_periods_order_idx ON strategy_periods (first_year DESC, id DESC);

CREATE TABLE strategy_revisions (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    period_id  bigint NOT NULL REFERENCES strategy_periods (id) ON DELETE CASCADE,
    number     integer NOT NULL CHECK (number >= 1),
    purpose    text NOT NULL CHECK (length(purpose) BETWEEN 1 AND 4000), -- one point a line
    ambition   text NOT NULL CHECK (length(ambition) BETWEEN 1 AND 500),
    note       text NOT NULL DEFAULT '' CHECK (length(note) <= 500),     -- what the revision changed
    created_by bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (period_id, number)
);

-- A revision's text of each focus area (topic_id NULL) and each of its sub-goals (topics).
CREATE TABLE strategy_goals (
    revision_id   bigint NOT NULL REFERENCES strategy_revisions (id) ON DELETE CASCADE,
    focus_area_id smallint NOT NULL REFERENCES focus_areas (id),
    topic_id      smallint,
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    description   text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    FOREIGN KEY (topic_id, focus_area_id) REFERENCES topics (id, focus_area_id)
);
CREATE UNIQUE INDEX strategy_goals_key ON strategy_goals (revision_id, focus_area_id, coalesce(topic_id, 0));

-- The strategy in force (MEMBERS.md): it runs to the end of 2026 and is revised underway.
INSERT INTO strategy_periods (name, first_year, last_year) VALUES ('Strategi for Avfallsklynge Nord 2025–2026', 2025, 2026);
INSERT INTO strategy_revisions (period_id, number, purpose, ambition, note)
SELECT id, 1,
       'Et faglig forretningsnettverk med stabil drift, en naturlig forlengelse av eierne' || E'\n' ||
       'En pådriver for omstillingen til et sirkulært samfunn i Nord-Norge' || E'\n' ||
       'Samarbeid for stordriftsfordeler og kritisk masse, og for å møte eksterne myndighetskrav sammen' || E'\n' ||
       'Kompetansebygging og kompetanseoverføring mellom medlemmene' || E'\n' ||
       'Eierinvolvering og kunnskapsbygging for selskapenes eiere i kommunene',
       'Å være et kunnskapsnav og knutepunkt for avfallsbransjen i nord.',
       'Strategien slik den ble vedtatt.'
FROM strategy_periods;
INSERT INTO strategy_goals (revision_id, focus_area_id, topic_id, name, description)
SELECT r.id, f.id, NULL, f.name, f.description FROM strategy_revisions r, focus_areas f
UNION ALL
SELECT r.id, t.focus_area_id, t.id, t.name, t.description FROM strategy_revisions r, topics t;

-- +goose Down
DROP TABLE strategy_goals;
DROP TABLE strategy_revisions;
DROP TABLE strategy_periods;
