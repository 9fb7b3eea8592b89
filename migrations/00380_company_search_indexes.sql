-- +goose Up
-- The search's companies were read from the table, every row tested for a name, a short name, a
-- near miss or a word: 0.19 ms of each search on the scale data, whose 11 companies lie on 216
-- pages after the bulk of updates of their people counts. Each way of matching now has its index,
-- as the people's have (internal/search/kinds.go).
CREATE INDEX companies_name_trgm_idx ON companies USING gin (name gin_trgm_ops);
CREATE INDEX companies_short_name_trgm_idx ON companies USING gin (short_name gin_trgm_ops);
CREATE INDEX companies_search_idx ON companies USING gin (search);

-- +goose Down
DROP INDEX companies_search_idx;
DROP INDEX companies_short_name_trgm_idx;
DROP INDEX companies_name_trgm_idx;
