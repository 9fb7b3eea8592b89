-- +goose Up
-- One search across the portal (issue 19). Text is matched with the "norwegian" configuration
-- (stemming: "plukkanalysene" finds "plukkanalyse") through stored tsvector columns with GIN
-- indexes; people's names are matched by prefix and with typos through pg_trgm.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- array_to_string is only stable (it is polymorphic); for text[] it is immutable, which a
-- generated column needs.
CREATE FUNCTION search_tags_text(text[]) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN array_to_string($1, ' ');

-- The clean text of sanitised HTML, for highlights that show neither tags nor Markdown syntax.
CREATE FUNCTION search_plain(html text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN replace(replace(replace(replace(replace(replace(
        regexp_replace(html, '<[^>]*>', ' ', 'g'),
        '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#34;', '"'), '&#39;', ''''), '&amp;', '&');

-- People: mobile besides the work phone, department, areas of expertise and responsibility as
-- lower-case tags, and a short "Om meg" written by the person.
ALTER TABLE users
    ADD COLUMN mobile     text NOT NULL DEFAULT '' CHECK (length(mobile) <= 40),
    ADD COLUMN department text NOT NULL DEFAULT '' CHECK (length(department) <= 120),
    ADD COLUMN about      text NOT NULL DEFAULT '' CHECK (length(about) <= 1000),
    ADD COLUMN expertise  text[] NOT NULL DEFAULT '{}' CHECK (cardinality(expertise) <= 15),
    ADD COLUMN search     tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('norwegian', search_tags_text(expertise)), 'A') ||
        setweight(to_tsvector('norwegian', title || ' ' || department), 'B') ||
        setweight(to_tsvector('norwegian', about), 'C')) STORED;
-- The directory's people only (active, invitation accepted), as every search of people reads.
CREATE INDEX users_name_trgm_idx ON users USING gin (name gin_trgm_ops) WHERE active AND password_hash IS NOT NULL;
CREATE INDEX users_search_idx ON users USING gin (search) WHERE active AND password_hash IS NOT NULL;
CREATE INDEX users_expertise_idx ON users USING gin (expertise) WHERE active AND password_hash IS NOT NULL;

-- Companies: postal address and phone besides the visiting address (address), and a logo,
-- re-encoded at upload like a news image.
ALTER TABLE companies
    ADD COLUMN postal_address text NOT NULL DEFAULT '' CHECK (length(postal_address) <= 300),
    ADD COLUMN phone          text NOT NULL DEFAULT '' CHECK (length(phone) <= 40);
CREATE TABLE company_logos (
    company_id   bigint PRIMARY KEY REFERENCES companies (id) ON DELETE CASCADE,
    content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
    data         bytea NOT NULL CHECK (length(data) BETWEEN 1 AND 2097152),
    width        integer NOT NULL CHECK (width > 0),
    height       integer NOT NULL CHECK (height > 0),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
-- The member list (kept in memory) knows whether a company has a logo.
CREATE TRIGGER company_logos_reference AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON company_logos
    FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_version();

-- Full text of the kinds that had none.
ALTER TABLE news ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('norwegian', title), 'A') ||
    setweight(to_tsvector('norwegian', ingress), 'B') ||
    setweight(to_tsvector('norwegian', body_md), 'C')) STORED;
CREATE INDEX news_search_idx ON news USING gin (search);

ALTER TABLE events ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('norwegian', title), 'A') ||
    setweight(to_tsvector('norwegian', place), 'B') ||
    setweight(to_tsvector('norwegian', description_md), 'C')) STORED;
CREATE INDEX events_search_idx ON events USING gin (search);

ALTER TABLE activities ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('norwegian', title), 'A') ||
    setweight(to_tsvector('norwegian', description), 'C')) STORED;
CREATE INDEX activities_search_idx ON activities USING gin (search);

-- Keyset pages of matches newest first.
CREATE INDEX forum_posts_created_idx ON forum_posts (created_at DESC, id DESC) WHERE deleted_at IS NULL AND hidden_at IS NULL;
CREATE INDEX forum_threads_created_idx ON forum_threads (created_at DESC, id DESC);

-- +goose Down
DROP INDEX forum_threads_created_idx;
DROP INDEX forum_posts_created_idx;
ALTER TABLE activities DROP COLUMN search;
ALTER TABLE events DROP COLUMN search;
ALTER TABLE news DROP COLUMN search;
DROP TRIGGER company_logos_reference ON company_logos;
DROP TABLE company_logos;
ALTER TABLE companies DROP COLUMN phone, DROP COLUMN postal_address;
ALTER TABLE users DROP COLUMN search, DROP COLUMN expertise, DROP COLUMN about, DROP COLUMN department, DROP COLUMN mobile;
DROP FUNCTION search_plain(text);
DROP FUNCTION search_tags_text(text[]);
