-- +goose Up
-- A thread's block of posts and a forum's first page are cached rendered while nothing they show
-- has changed (internal/web/forumcache.go). Every change to what they show adds one to the
-- thread's or the forum's version in the same transaction as the change, so the next request on
-- any instance sees it, also after a change made with SQL by hand. People's names, kinds,
-- companies, organisations and photos, companies and groups are counted by reference_version
-- (migration 00017; the rest of them here).
ALTER TABLE forum_threads ADD COLUMN version bigint NOT NULL DEFAULT 1;
ALTER TABLE forums ADD COLUMN version bigint NOT NULL DEFAULT 1;

-- Any change of a thread's or a forum's own row (title, pinned, locked, moved, question,
-- answer, counts; a forum's name, description, group, open_to) is a new version of it.
-- +goose StatementBegin
CREATE FUNCTION bump_row_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.version = OLD.version THEN
        NEW.version := OLD.version + 1;
    END IF;
    RETURN NEW;
END $$;
-- +goose StatementEnd
CREATE TRIGGER forum_threads_version BEFORE UPDATE ON forum_threads
    FOR EACH ROW EXECUTE FUNCTION bump_row_version();
CREATE TRIGGER forums_version BEFORE UPDATE ON forums
    FOR EACH ROW EXECUTE FUNCTION bump_row_version();

-- A forum's page lists its threads: a change of what a row shows is a new version of the forum.
-- (New, moved and removed threads and every reply change the forum's counts: migration 00016.)
-- +goose StatementBegin
CREATE FUNCTION bump_forum_of_thread() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE forums SET version = version + 1 WHERE id = NEW.forum_id;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER forum_threads_forum_version AFTER UPDATE OF title, pinned, locked, question, solution_seq, author_id ON forum_threads
    FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.pinned IS DISTINCT FROM NEW.pinned
                       OR OLD.locked IS DISTINCT FROM NEW.locked OR OLD.question IS DISTINCT FROM NEW.question
                       OR OLD.solution_seq IS DISTINCT FROM NEW.solution_seq OR OLD.author_id IS DISTINCT FROM NEW.author_id)
    EXECUTE FUNCTION bump_forum_of_thread();

-- The moderators are named on the forum's page.
-- +goose StatementBegin
CREATE FUNCTION bump_forum_of_moderator() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE forums SET version = version + 1 WHERE id = OLD.forum_id;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        UPDATE forums SET version = version + 1 WHERE id = NEW.forum_id;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER forum_moderators_forum_version AFTER INSERT OR UPDATE OR DELETE ON forum_moderators
    FOR EACH ROW EXECUTE FUNCTION bump_forum_of_moderator();

-- Posts (new, edited, deleted, hidden), their reactions and their files are a new version of
-- their thread; once per statement, so a bulk insert pays one update per thread.
-- +goose StatementBegin
CREATE FUNCTION bump_thread_of_posts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE forum_threads SET version = version + 1 WHERE id IN (SELECT thread_id FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE forum_threads SET version = version + 1 WHERE id IN (SELECT thread_id FROM old_rows);
    ELSE
        UPDATE forum_threads SET version = version + 1
        WHERE id IN (SELECT thread_id FROM new_rows UNION SELECT thread_id FROM old_rows);
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER forum_posts_thread_version_ins AFTER INSERT ON forum_posts
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_thread_of_posts();
CREATE TRIGGER forum_posts_thread_version_upd AFTER UPDATE ON forum_posts
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_thread_of_posts();
CREATE TRIGGER forum_posts_thread_version_del AFTER DELETE ON forum_posts
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_thread_of_posts();

-- Rows of a table with a post_id (reactions, files of posts).
-- +goose StatementBegin
CREATE FUNCTION bump_thread_of_post_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE forum_threads SET version = version + 1
        WHERE id IN (SELECT p.thread_id FROM forum_posts p WHERE p.id IN (SELECT post_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE forum_threads SET version = version + 1
        WHERE id IN (SELECT p.thread_id FROM forum_posts p WHERE p.id IN (SELECT post_id FROM old_rows));
    ELSE
        UPDATE forum_threads SET version = version + 1
        WHERE id IN (SELECT p.thread_id FROM forum_posts p WHERE p.id IN (SELECT post_id FROM new_rows UNION SELECT post_id FROM old_rows));
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER forum_reactions_thread_version_ins AFTER INSERT ON forum_reactions
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_thread_of_post_rows();
CREATE TRIGGER forum_reactions_thread_version_upd AFTER UPDATE ON forum_reactions
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_thread_of_post_rows();
CREATE TRIGGER forum_reactions_thread_version_del AFTER DELETE ON forum_reactions
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_thread_of_post_rows();
CREATE TRIGGER forum_post_documents_thread_version_ins AFTER INSERT ON forum_post_documents
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_thread_of_post_rows();
CREATE TRIGGER forum_post_documents_thread_version_upd AFTER UPDATE ON forum_post_documents
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_thread_of_post_rows();
CREATE TRIGGER forum_post_documents_thread_version_del AFTER DELETE ON forum_post_documents
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_thread_of_post_rows();

-- A post's file shows its document's title, file name and size, and only while the document
-- is there and the viewer may see it.
-- +goose StatementBegin
CREATE FUNCTION bump_thread_of_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE forum_threads SET version = version + 1
    WHERE id IN (SELECT p.thread_id FROM forum_post_documents pd JOIN forum_posts p ON p.id = pd.post_id WHERE pd.document_id = NEW.id);
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER documents_thread_version AFTER UPDATE OF title, deleted_at, versions, group_id, open_to ON documents
    FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at
                       OR OLD.versions IS DISTINCT FROM NEW.versions OR OLD.group_id IS DISTINCT FROM NEW.group_id
                       OR OLD.open_to IS DISTINCT FROM NEW.open_to)
    EXECUTE FUNCTION bump_thread_of_document();

-- Where an author comes from and their photo are shown beside their name: reference data.
CREATE TRIGGER users_org_reference AFTER UPDATE OF company_id, partner_id, municipality, kind ON users
    FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_version();
CREATE TRIGGER user_avatars_reference AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON user_avatars
    FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_version();
CREATE TRIGGER partner_organisations_reference AFTER INSERT OR UPDATE OF name OR DELETE OR TRUNCATE ON partner_organisations
    FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_version();

-- +goose Down
DROP TRIGGER partner_organisations_reference ON partner_organisations;
DROP TRIGGER user_avatars_reference ON user_avatars;
DROP TRIGGER users_org_reference ON users;
DROP TRIGGER documents_thread_version ON documents;
DROP FUNCTION bump_thread_of_document();
DROP TRIGGER forum_post_documents_thread_version_del ON forum_post_documents;
DROP TRIGGER forum_post_documents_thread_version_upd ON forum_post_documents;
DROP TRIGGER forum_post_documents_thread_version_ins ON forum_post_documents;
DROP TRIGGER forum_reactions_thread_version_del ON forum_reactions;
DROP TRIGGER forum_reactions_thread_version_upd ON forum_reactions;
DROP TRIGGER forum_reactions_thread_version_ins ON forum_reactions;
DROP FUNCTION bump_thread_of_post_rows();
DROP TRIGGER forum_posts_thread_version_del ON forum_posts;
DROP TRIGGER forum_posts_thread_version_upd ON forum_posts;
DROP TRIGGER forum_posts_thread_version_ins ON forum_posts;
DROP FUNCTION bump_thread_of_posts();
DROP TRIGGER forum_moderators_forum_version ON forum_moderators;
DROP FUNCTION bump_forum_of_moderator();
DROP TRIGGER forum_threads_forum_version ON forum_threads;
DROP FUNCTION bump_forum_of_thread();
DROP TRIGGER forums_version ON forums;
DROP TRIGGER forum_threads_version ON forum_threads;
DROP FUNCTION bump_row_version();
ALTER TABLE forums DROP COLUMN version;
ALTER TABLE forum_threads DROP COLUMN version;
