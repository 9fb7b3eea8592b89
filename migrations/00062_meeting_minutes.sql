-- +goose Up
-- Minutes: per case the discussion and the decision ("Vedtak"). The minutes are approved by the
-- meeting leader and one more participant; with both approvals they are locked.
ALTER TABLE meeting_cases
    ADD COLUMN discussion_md   text NOT NULL DEFAULT '' CHECK (length(discussion_md) <= 20000),
    ADD COLUMN discussion_html text NOT NULL DEFAULT '',
    ADD COLUMN decision_md     text NOT NULL DEFAULT '' CHECK (length(decision_md) <= 5000),
    ADD COLUMN decision_html   text NOT NULL DEFAULT '',
    -- A decision shared with all members shows in everyone's decision register.
    ADD COLUMN decision_shared boolean NOT NULL DEFAULT false,
    ADD COLUMN search tsvector GENERATED ALWAYS AS (
        to_tsvector('norwegian', title || ' ' || proposal_md || ' ' || decision_md)) STORED;
CREATE INDEX meeting_cases_search_idx ON meeting_cases USING gin (search);
CREATE INDEX meeting_cases_decisions_idx ON meeting_cases (year DESC, group_id, number DESC) WHERE decision_md <> '';

ALTER TABLE meetings ADD COLUMN minutes_locked_at timestamptz;

CREATE TABLE meeting_approvals (
    meeting_id  bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    user_id     bigint NOT NULL REFERENCES users (id),
    as_leader   boolean NOT NULL,
    approved_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (meeting_id, user_id)
);
-- One leader's approval per meeting.
CREATE UNIQUE INDEX meeting_approvals_leader_key ON meeting_approvals (meeting_id) WHERE as_leader;

-- +goose Down
DROP TABLE meeting_approvals;
ALTER TABLE meetings DROP COLUMN minutes_locked_at;
DROP INDEX meeting_cases_decisions_idx;
ALTER TABLE meeting_cases DROP COLUMN search, DROP COLUMN decision_shared, DROP COLUMN decision_html,
    DROP COLUMN decision_md, DROP COLUMN discussion_html, DROP COLUMN discussion_md;
