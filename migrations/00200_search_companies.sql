-- +goose Up
-- The search matches a company's name, description and municipalities as stored text, as it does
-- every other kind: making the text vector of every company at each search was a third of a
-- typo search's time (issue 25).
ALTER TABLE companies ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('norwegian', name || ' ' || description || ' ' || search_tags_text(municipalities))) STORED;

-- +goose Down
ALTER TABLE companies DROP COLUMN search;
