-- +goose Up
-- Follow-up of a case: an action for a person or a company, due on a date, closed with a note.
CREATE TABLE meeting_actions (
    id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id                bigint NOT NULL REFERENCES meeting_cases (id) ON DELETE CASCADE,
    title                  text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    responsible_user_id    bigint REFERENCES users (id) ON DELETE SET NULL,
    responsible_company_id bigint REFERENCES companies (id) ON DELETE SET NULL,
    due_on                 date NOT NULL,
    status                 text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'underveis', 'lukket')),
    closed_note            text NOT NULL DEFAULT '' CHECK (length(closed_note) <= 500),
    closed_at              timestamptz,
    closed_by              bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at             timestamptz NOT NULL DEFAULT now(),
    CHECK (status <> 'lukket' OR (closed_note <> '' AND closed_at IS NOT NULL))
);
CREATE INDEX meeting_actions_case_idx ON meeting_actions (case_id, id);
CREATE INDEX meeting_actions_user_open_idx ON meeting_actions (responsible_user_id, due_on) WHERE status <> 'lukket';
CREATE INDEX meeting_actions_open_idx ON meeting_actions (due_on, id) WHERE status <> 'lukket';

-- +goose Down
DROP TABLE meeting_actions;
