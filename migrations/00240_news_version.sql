-- +goose Up
-- The dashboard's block of the latest news is cached rendered while no news item has changed
-- (internal/web/dashcache.go): every change to the news adds one to news_version in the same
-- transaction as the change, so the next request on any instance sees it, also after a change
-- made with SQL by hand. Companies' names are counted by reference_version (migration 00017).
CREATE TABLE news_version (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    n  bigint NOT NULL
);
INSERT INTO news_version (n) VALUES (1);

-- +goose StatementBegin
CREATE FUNCTION bump_news_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE news_version SET n = n + 1;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER news_news_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON news
    FOR EACH STATEMENT EXECUTE FUNCTION bump_news_version();

-- +goose Down
DROP TRIGGER news_news_version ON news;
DROP FUNCTION bump_news_version();
DROP TABLE news_version;
