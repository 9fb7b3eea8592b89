-- +goose Up
-- A GIN index keeps the entries of new and changed rows in a pending list until it is merged
-- (at 4 MB, or by autovacuum), and every scan of the index reads the whole list. A login sets
-- last_login_at, which users_dormant_idx holds, so it is never a HOT update and adds the user
-- to all three of the users' text indexes: 295 logins left 295 pending rows that every search
-- read twice (the name's trigrams for «contains» and for near misses), 0.8 ms of a 3.4 ms
-- search, and 21 % of PostgreSQL's time under the search load was GIN scans (perf). These
-- tables are written seldom and searched on every search: their rows now go into the index
-- at once. The posts' and threads' indexes, written by every reply, keep their short lists
-- (00290).
ALTER INDEX users_name_trgm_idx SET (fastupdate = off);
ALTER INDEX users_search_idx SET (fastupdate = off);
ALTER INDEX users_expertise_idx SET (fastupdate = off);
ALTER INDEX companies_name_trgm_idx SET (fastupdate = off);
ALTER INDEX companies_short_name_trgm_idx SET (fastupdate = off);
ALTER INDEX companies_search_idx SET (fastupdate = off);
ALTER INDEX companies_municipalities_idx SET (fastupdate = off);
ALTER INDEX documents_search_idx SET (fastupdate = off);
ALTER INDEX documents_tags_idx SET (fastupdate = off);
ALTER INDEX events_search_idx SET (fastupdate = off);
ALTER INDEX news_search_idx SET (fastupdate = off);
ALTER INDEX consultations_search_idx SET (fastupdate = off);
ALTER INDEX activities_search_idx SET (fastupdate = off);
ALTER INDEX meeting_cases_search_idx SET (fastupdate = off);
ALTER INDEX forums_open_idx SET (fastupdate = off);
-- What is pending now is merged: turning the list off leaves it for the next vacuum.
SELECT gin_clean_pending_list(c.oid)
FROM pg_class c JOIN pg_am am ON am.oid = c.relam
WHERE c.relkind = 'i' AND am.amname = 'gin' AND 'fastupdate=off' = ANY (c.reloptions);

-- +goose Down
ALTER INDEX users_name_trgm_idx RESET (fastupdate);
ALTER INDEX users_search_idx RESET (fastupdate);
ALTER INDEX users_expertise_idx RESET (fastupdate);
ALTER INDEX companies_name_trgm_idx RESET (fastupdate);
ALTER INDEX companies_short_name_trgm_idx RESET (fastupdate);
ALTER INDEX companies_search_idx RESET (fastupdate);
ALTER INDEX companies_municipalities_idx RESET (fastupdate);
ALTER INDEX documents_search_idx RESET (fastupdate);
ALTER INDEX documents_tags_idx RESET (fastupdate);
ALTER INDEX events_search_idx RESET (fastupdate);
ALTER INDEX news_search_idx RESET (fastupdate);
ALTER INDEX consultations_search_idx RESET (fastupdate);
ALTER INDEX activities_search_idx RESET (fastupdate);
ALTER INDEX meeting_cases_search_idx RESET (fastupdate);
ALTER INDEX forums_open_idx RESET (fastupdate);
