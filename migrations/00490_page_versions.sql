-- +goose Up
-- The kept pages' single-row version counts (keptpages.go) in one table, one row each: a page
-- reads all of its counts in one scan of one relation, where it read a table each (the
-- dashboard nine). Every relation of a statement costs PostgreSQL a lock, an open and a scan's
-- start on every execution; for a kept page that statement is the whole of its database work.
-- Each old table is now a view of its row, so the triggers' bumps (an UPDATE of the view) and
-- every read keep working; the bumps of different counts update different rows, as before.
CREATE TABLE page_versions (
    name text PRIMARY KEY,
    n    bigint NOT NULL
) WITH (fillfactor = 10);
INSERT INTO page_versions (name, n)
          SELECT 'reference', n FROM reference_version
UNION ALL SELECT 'plan', n FROM plan_version
UNION ALL SELECT 'event', n FROM event_version
UNION ALL SELECT 'people', n FROM people_version
UNION ALL SELECT 'news', n FROM news_version
UNION ALL SELECT 'strategy', n FROM strategy_version
UNION ALL SELECT 'partner', n FROM partner_version
UNION ALL SELECT 'meeting', n FROM meeting_version
UNION ALL SELECT 'indicator', n FROM indicator_version
UNION ALL SELECT 'search', n FROM search_version
UNION ALL SELECT 'desk', n FROM desk_version
UNION ALL SELECT 'forum', n FROM forum_version;
DROP TABLE reference_version;
CREATE VIEW reference_version AS SELECT true AS id, n FROM page_versions WHERE name = 'reference';
DROP TABLE plan_version;
CREATE VIEW plan_version AS SELECT true AS id, n FROM page_versions WHERE name = 'plan';
DROP TABLE event_version;
CREATE VIEW event_version AS SELECT true AS id, n FROM page_versions WHERE name = 'event';
DROP TABLE people_version;
CREATE VIEW people_version AS SELECT true AS id, n FROM page_versions WHERE name = 'people';
DROP TABLE news_version;
CREATE VIEW news_version AS SELECT true AS id, n FROM page_versions WHERE name = 'news';
DROP TABLE strategy_version;
CREATE VIEW strategy_version AS SELECT true AS id, n FROM page_versions WHERE name = 'strategy';
DROP TABLE partner_version;
CREATE VIEW partner_version AS SELECT true AS id, n FROM page_versions WHERE name = 'partner';
DROP TABLE meeting_version;
CREATE VIEW meeting_version AS SELECT true AS id, n FROM page_versions WHERE name = 'meeting';
DROP TABLE indicator_version;
CREATE VIEW indicator_version AS SELECT true AS id, n FROM page_versions WHERE name = 'indicator';
DROP TABLE search_version;
CREATE VIEW search_version AS SELECT true AS id, n FROM page_versions WHERE name = 'search';
DROP TABLE desk_version;
CREATE VIEW desk_version AS SELECT true AS id, n FROM page_versions WHERE name = 'desk';
DROP TABLE forum_version;
CREATE VIEW forum_version AS SELECT true AS id, n FROM page_versions WHERE name = 'forum';

-- +goose Down
DROP VIEW reference_version;
CREATE TABLE reference_version (id boolean PRIMARY KEY DEFAULT true CHECK (id), n bigint NOT NULL);
INSERT INTO reference_version (n) SELECT n FROM page_versions WHERE name = 'reference';
DROP VIEW plan_version;
CREATE TABLE plan_version (id boolean PRIMARY KEY DEFAULT true CHECK (id), n bigint NOT NULL);
INSERT INTO plan_version (n) SELECT n FROM page_versions WHERE name = 'plan';
DROP VIEW event_version;
CREATE TABLE event_version (id boolean PRIMARY KEY DEFAULT true CHECK (id), n bigint NOT NULL);
INSERT INTO event_version (n) SELECT n FROM page_versions WHERE name = 'event';
DROP VIEW people_version;
CREATE TABLE people_version (id boolean PRIMARY KEY DEFAULT true CHECK (id), n bigint NOT NULL);
INSERT INTO people_version (n) SELECT n FROM page_versions WHERE name = 'people';
DROP VIEW news_version;
CREATE TABLE news_version (id boolean PRIMARY KEY DEFAULT true CHECK (id), n bigint NOT NULL);
INSERT INTO news_version (n) SELECT n FROM page_versions WHERE name = 'news';
DROP VIEW strategy_version;
CREATE TABLE strategy_version (id boolean PRIMARY KEY DEFAULT true CHECK (id), n bigint NOT NULL);
INSERT INTO strategy_version (n) SELECT n FROM page_versions WHERE name = 'strategy';
DROP VIEW partner_version;
CREATE TABLE partner_version (id boolean PRIMARY KEY DEFAULT true CHECK (id), n bigint NOT NULL);
INSERT INTO partner_version (n) SELECT n FROM page_versions WHERE name = 'partner';
DROP VIEW meeting_version;
CREATE TABLE meeting_version (id boolean PRIMARY KEY DEFAULT true CHECK (id), n bigint NOT NULL);
INSERT INTO meeting_version (n) SELECT n FROM page_versions WHERE name = 'meeting';
DROP VIEW indicator_version;
CREATE TABLE indicator_version (id boolean PRIMARY KEY DEFAULT true CHECK (id), n bigint NOT NULL);
INSERT INTO indicator_version (n) SELECT n FROM page_versions WHERE name = 'indicator';
DROP VIEW search_version;
CREATE TABLE search_version (id boolean PRIMARY KEY DEFAULT true CHECK (id), n bigint NOT NULL);
INSERT INTO search_version (n) SELECT n FROM page_versions WHERE name = 'search';
DROP VIEW desk_version;
CREATE TABLE desk_version (id boolean PRIMARY KEY DEFAULT true CHECK (id), n bigint NOT NULL);
INSERT INTO desk_version (n) SELECT n FROM page_versions WHERE name = 'desk';
DROP VIEW forum_version;
CREATE TABLE forum_version (id boolean PRIMARY KEY DEFAULT true CHECK (id), n bigint NOT NULL);
INSERT INTO forum_version (n) SELECT n FROM page_versions WHERE name = 'forum';
DROP TABLE page_versions;
