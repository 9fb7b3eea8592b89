-- +goose Up
-- The answers of the one search (/sok) and of the forum search (/forum/sok) are kept rendered
-- per search, page and the viewer's visibility while nothing a search can find or show has
-- changed (internal/web/searchcache.go): search_version counts every such change, in the
-- transaction of the change. What the viewer may see besides (role, kind, groups) is in the
-- key. A search of a word, 2–3 ms of the database's time on the scale data, is then one small
-- read for as long as nothing changes; the first search after a change runs as before.
CREATE TABLE search_version (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    n  bigint NOT NULL
);
INSERT INTO search_version (n) VALUES (1);

-- +goose StatementBegin
CREATE FUNCTION bump_search_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE search_version SET n = n + 1 WHERE id;
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- Tables written seldom: any change.
CREATE TRIGGER companies_search_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON companies
    FOR EACH STATEMENT EXECUTE FUNCTION bump_search_version();
CREATE TRIGGER documents_search_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON documents
    FOR EACH STATEMENT EXECUTE FUNCTION bump_search_version();
CREATE TRIGGER news_search_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON news
    FOR EACH STATEMENT EXECUTE FUNCTION bump_search_version();
CREATE TRIGGER consultations_search_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON consultations
    FOR EACH STATEMENT EXECUTE FUNCTION bump_search_version();
CREATE TRIGGER activities_search_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON activities
    FOR EACH STATEMENT EXECUTE FUNCTION bump_search_version();
CREATE TRIGGER focus_areas_search_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON focus_areas
    FOR EACH STATEMENT EXECUTE FUNCTION bump_search_version();
CREATE TRIGGER events_search_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION bump_search_version();

-- Forums: their rows change with every reply (counts, last post, version); only what a search
-- shows or its access rule reads counts.
CREATE TRIGGER forums_search_version AFTER INSERT OR DELETE OR TRUNCATE ON forums
    FOR EACH STATEMENT EXECUTE FUNCTION bump_search_version();
CREATE TRIGGER forums_search_version_upd AFTER UPDATE OF slug, name, group_id, open_to ON forums
    FOR EACH STATEMENT EXECUTE FUNCTION bump_search_version();
CREATE TRIGGER forum_threads_search_version AFTER INSERT OR DELETE OR TRUNCATE ON forum_threads
    FOR EACH STATEMENT EXECUTE FUNCTION bump_search_version();
CREATE TRIGGER forum_threads_search_version_upd AFTER UPDATE ON forum_threads
    FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.forum_id IS DISTINCT FROM NEW.forum_id
                       OR OLD.created_at IS DISTINCT FROM NEW.created_at)
    EXECUTE FUNCTION bump_search_version();
CREATE TRIGGER forum_posts_search_version AFTER INSERT OR DELETE OR TRUNCATE ON forum_posts
    FOR EACH STATEMENT EXECUTE FUNCTION bump_search_version();
CREATE TRIGGER forum_posts_search_version_upd AFTER UPDATE ON forum_posts
    FOR EACH ROW WHEN (OLD.body_md IS DISTINCT FROM NEW.body_md OR OLD.body_html IS DISTINCT FROM NEW.body_html
                       OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at OR OLD.hidden_at IS DISTINCT FROM NEW.hidden_at
                       OR OLD.thread_id IS DISTINCT FROM NEW.thread_id OR OLD.seq IS DISTINCT FROM NEW.seq
                       OR OLD.author_id IS DISTINCT FROM NEW.author_id OR OLD.created_at IS DISTINCT FROM NEW.created_at)
    EXECUTE FUNCTION bump_search_version();

-- People: a login or a session's end changes nothing a search shows.
CREATE TRIGGER users_search_version AFTER INSERT OR DELETE OR TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION bump_search_version();
CREATE TRIGGER users_search_version_upd AFTER UPDATE ON users
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.title IS DISTINCT FROM NEW.title
                       OR OLD.about IS DISTINCT FROM NEW.about OR OLD.expertise IS DISTINCT FROM NEW.expertise
                       OR OLD.search IS DISTINCT FROM NEW.search OR OLD.active IS DISTINCT FROM NEW.active
                       OR (OLD.password_hash IS NULL) <> (NEW.password_hash IS NULL)
                       OR OLD.company_id IS DISTINCT FROM NEW.company_id OR OLD.kind IS DISTINCT FROM NEW.kind
                       OR OLD.role IS DISTINCT FROM NEW.role)
    EXECUTE FUNCTION bump_search_version();

-- +goose Down
DROP TRIGGER users_search_version_upd ON users;
DROP TRIGGER users_search_version ON users;
DROP TRIGGER forum_posts_search_version_upd ON forum_posts;
DROP TRIGGER forum_posts_search_version ON forum_posts;
DROP TRIGGER forum_threads_search_version_upd ON forum_threads;
DROP TRIGGER forum_threads_search_version ON forum_threads;
DROP TRIGGER forums_search_version_upd ON forums;
DROP TRIGGER forums_search_version ON forums;
DROP TRIGGER events_search_version ON events;
DROP TRIGGER focus_areas_search_version ON focus_areas;
DROP TRIGGER activities_search_version ON activities;
DROP TRIGGER consultations_search_version ON consultations;
DROP TRIGGER news_search_version ON news;
DROP TRIGGER documents_search_version ON documents;
DROP TRIGGER companies_search_version ON companies;
DROP FUNCTION bump_search_version();
DROP TABLE search_version;
