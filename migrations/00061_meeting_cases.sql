-- +goose Up
-- The agenda: cases numbered per group and year ("Sak 07/2026"). The number is taken from a
-- counter row locked (INSERT … ON CONFLICT DO UPDATE) in the transaction that creates the case,
-- so numbers are unique and gapless under concurrent creation; the unique key is the backstop.
CREATE TABLE meeting_case_counters (
    group_id bigint NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    year     integer NOT NULL CHECK (year BETWEEN 2000 AND 2200),
    last     integer NOT NULL CHECK (last > 0),
    PRIMARY KEY (group_id, year)
);

CREATE TABLE meeting_cases (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id      bigint NOT NULL REFERENCES meetings (id),
    group_id        bigint NOT NULL REFERENCES groups (id),
    year            integer NOT NULL,
    number          integer NOT NULL CHECK (number > 0),
    kind            text NOT NULL CHECK (kind IN ('vedtak', 'drofting', 'orientering')),
    title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    responsible_id  bigint REFERENCES users (id) ON DELETE SET NULL,
    focus_area_id   smallint REFERENCES focus_areas (id),
    background_md   text NOT NULL DEFAULT '' CHECK (length(background_md) <= 20000),
    background_html text NOT NULL DEFAULT '',
    proposal_md     text NOT NULL DEFAULT '' CHECK (length(proposal_md) <= 5000),
    proposal_html   text NOT NULL DEFAULT '',
    changed_at      timestamptz, -- the latest change after the agenda was published
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (group_id, year, number)
);
CREATE INDEX meeting_cases_meeting_idx ON meeting_cases (meeting_id, number);

-- Case papers: documents of the kunnskapsbank restricted to the meeting's group.
CREATE TABLE meeting_case_papers (
    case_id     bigint NOT NULL REFERENCES meeting_cases (id) ON DELETE CASCADE,
    document_id bigint NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    added_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (case_id, document_id)
);
CREATE INDEX meeting_case_papers_document_idx ON meeting_case_papers (document_id);

-- +goose Down
DROP TABLE meeting_case_papers;
DROP TABLE meeting_cases;
DROP TABLE meeting_case_counters;
