-- +goose Up
-- New posts and threads wait in their text index's pending list until it is merged into the
-- index (at 4 MB by default, or by autovacuum), and every search reads the whole list. Under
-- steady replies the posts' list held 220 pages (10 000 posts): a search for a rare word read
-- it twice, 1.8 ms of its 3.7 ms (make bench, «Karri»). At 64 kB (the least allowed) a search
-- reads at most 8 pages; the writer that fills the list merges it, a few posts at a time.
ALTER INDEX forum_posts_search_idx SET (gin_pending_list_limit = 64);
ALTER INDEX forum_threads_search_idx SET (gin_pending_list_limit = 64);

-- +goose Down
ALTER INDEX forum_posts_search_idx RESET (gin_pending_list_limit);
ALTER INDEX forum_threads_search_idx RESET (gin_pending_list_limit);
