-- +goose Up
-- A company's page lists the events it arranges, the latest first.
CREATE INDEX events_organiser_idx ON events (organiser_company_id, starts_at DESC, id DESC) WHERE organiser_company_id IS NOT NULL;

-- +goose Down
DROP INDEX events_organiser_idx;
