-- +goose Up
-- Registration forms: any number of ordered questions per event, and each registration's answers.
-- An answer keeps the text that was given (the chosen choices' own words, not their positions), so
-- it stays readable when the organiser later renames the question or its choices. The single
-- free-text question of events.question and registrations.answer keeps working beside them.
CREATE TABLE event_questions (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id   bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    position   integer NOT NULL CHECK (position BETWEEN 1 AND 1000),
    kind       text NOT NULL CHECK (kind IN ('short', 'long', 'one', 'many', 'yesno', 'number')),
    label      text NOT NULL CHECK (length(label) BETWEEN 1 AND 300),
    help       text NOT NULL DEFAULT '' CHECK (length(help) <= 500),
    required   boolean NOT NULL DEFAULT false,
    choices    text[] NOT NULL DEFAULT '{}' CHECK (cardinality(choices) <= 30),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_questions_event_idx ON event_questions (event_id, position, id);

CREATE TABLE registration_answers (
    registration_id bigint NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    question_id     bigint NOT NULL REFERENCES event_questions (id) ON DELETE CASCADE,
    answer          text[] NOT NULL CHECK (cardinality(answer) BETWEEN 1 AND 30),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (registration_id, question_id)
);
CREATE INDEX registration_answers_question_idx ON registration_answers (question_id);

-- +goose Down
DROP TABLE registration_answers;
DROP TABLE event_questions;
