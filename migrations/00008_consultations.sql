-- +goose Up
-- Consultations (høringer): a public consultation the cluster answers jointly, one input per
-- member company, comments on the draft, each company's stand, and the final response. News
-- and success stories with an optional, re-encoded image. Markdown is stored as source and as
-- the sanitised HTML rendered at save.
CREATE TABLE consultations (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title              text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    authority          text NOT NULL CHECK (length(authority) BETWEEN 1 AND 200),
    link               text NOT NULL DEFAULT '' CHECK (link = '' OR link ~ '^https?://[^\s]+$'),
    authority_deadline date NOT NULL,
    input_deadline     timestamptz NOT NULL,
    focus_area_id      smallint NOT NULL REFERENCES focus_areas (id),
    status             text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'sent', 'closed')),
    summary            text NOT NULL DEFAULT '' CHECK (length(summary) <= 2000),
    draft_md           text NOT NULL DEFAULT '' CHECK (length(draft_md) <= 50000),
    draft_html         text NOT NULL DEFAULT '',
    final_md           text NOT NULL DEFAULT '' CHECK (length(final_md) <= 50000),
    final_html         text NOT NULL DEFAULT '',
    sent_on            date,
    created_by         bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    search             tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('norwegian', title), 'A') ||
        setweight(to_tsvector('norwegian', authority), 'B') ||
        setweight(to_tsvector('norwegian', summary || ' ' || final_md || ' ' || draft_md), 'C')) STORED,
    CHECK (status <> 'sent' OR sent_on IS NOT NULL)
);
CREATE INDEX consultations_current_idx ON consultations (input_deadline, id) WHERE status IN ('open', 'in_progress');
CREATE INDEX consultations_archive_idx ON consultations (authority_deadline DESC, id DESC) WHERE status IN ('sent', 'closed');
CREATE INDEX consultations_search_idx ON consultations USING gin (search);

-- One input per company and consultation: a second is an edit of the first.
CREATE TABLE consultation_inputs (
    consultation_id bigint NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    company_id      bigint NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    body_md         text NOT NULL CHECK (length(body_md) BETWEEN 1 AND 50000),
    body_html       text NOT NULL,
    author_id       bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consultation_id, company_id)
);
CREATE INDEX consultation_inputs_company_idx ON consultation_inputs (company_id);

-- Comments of members on the draft joint response.
CREATE TABLE consultation_comments (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    consultation_id bigint NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    author_id       bigint REFERENCES users (id) ON DELETE SET NULL,
    body            text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consultation_comments_idx ON consultation_comments (consultation_id, created_at, id);

-- Whether a company stands behind the joint response, set by its admin or director.
CREATE TABLE consultation_stances (
    consultation_id bigint NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    company_id      bigint NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    stands_behind   boolean NOT NULL,
    decided_by      bigint REFERENCES users (id) ON DELETE SET NULL,
    decided_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consultation_id, company_id)
);

-- A reminder before the internal deadline goes once per company and consultation; the primary
-- key makes that hold with several portal instances.
CREATE TABLE consultation_reminders (
    consultation_id bigint NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    company_id      bigint NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    sent_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consultation_id, company_id)
);

CREATE TABLE news (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind         text NOT NULL DEFAULT 'news' CHECK (kind IN ('news', 'story')),
    title        text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    ingress      text NOT NULL CHECK (length(ingress) BETWEEN 1 AND 600),
    body_md      text NOT NULL DEFAULT '' CHECK (length(body_md) <= 50000),
    body_html    text NOT NULL DEFAULT '',
    author_id    bigint REFERENCES users (id) ON DELETE SET NULL,
    company_id   bigint REFERENCES companies (id) ON DELETE SET NULL,
    image_alt    text NOT NULL DEFAULT '' CHECK (length(image_alt) <= 300),
    published_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX news_published_idx ON news (published_at DESC, id DESC);

-- A news item's image, re-encoded at upload so no metadata or payload survives.
CREATE TABLE news_images (
    news_id      bigint PRIMARY KEY REFERENCES news (id) ON DELETE CASCADE,
    content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
    data         bytea NOT NULL CHECK (length(data) BETWEEN 1 AND 8388608),
    width        integer NOT NULL CHECK (width > 0),
    height       integer NOT NULL CHECK (height > 0)
);

-- +goose Down
DROP TABLE news_images;
DROP TABLE news;
DROP TABLE consultation_reminders;
DROP TABLE consultation_stances;
DROP TABLE consultation_comments;
DROP TABLE consultation_inputs;
DROP TABLE consultations;
