-- +goose Up
-- The kept pages' "forums" version (internal/web/keptpages.go) was the sum of every forum's
-- version. Every post rewrites its forum's row, so the 71 forums of the scale data lay over 437
-- pages, and forums_version_idx (00410) neither kept the sum off them (the pages are never all
-- visible, so the planner reads the table) nor let those rewrites be HOT. The sum is now this
-- one count, which every change of a forum's row adds one to in the same transaction; without
-- the index the rewrites of a forum's counters stay on its page.
CREATE TABLE forum_version (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    n  bigint NOT NULL
);
INSERT INTO forum_version (n) SELECT coalesce(sum(version), 0) + 1 FROM forums;

-- +goose StatementBegin
CREATE FUNCTION bump_forum_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE forum_version SET n = n + 1 WHERE id;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER forums_forum_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON forums
    FOR EACH STATEMENT EXECUTE FUNCTION bump_forum_version();

DROP INDEX forums_version_idx;
ALTER TABLE forums SET (fillfactor = 50);

-- +goose Down
ALTER TABLE forums RESET (fillfactor);
CREATE INDEX forums_version_idx ON forums (id) INCLUDE (version);
DROP TRIGGER forums_forum_version ON forums;
DROP FUNCTION bump_forum_version();
DROP TABLE forum_version;
