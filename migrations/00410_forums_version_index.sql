-- +goose Up
-- The front page's versions hold the sum of every forum's version (internal/web/keptpages.go).
-- Every post rewrites its forum's row (its counters), so the few forums come to lie spread over
-- many pages: on the scale data 71 forums over 437 pages, whose reading for the sum was most of
-- a front page's who-am-I (0.11 of 0.14 ms). The sum now reads this index alone (0.04 ms).
CREATE INDEX forums_version_idx ON forums (id) INCLUDE (version);

-- +goose Down
DROP INDEX forums_version_idx;
