-- +goose Up
-- The strategy page's body (the strategy in force with the year's figures per goal) is kept
-- rendered while nothing it shows has changed (internal/web/strategycache.go). Its key holds
-- plan_version (activities, and the events as the wheel shows them), event_version (the events'
-- counts of attendees), reference_version (names of focus areas, topics, people, companies, the
-- indicator reports' status) and this count, which every change to the strategy itself, to the
-- events' feedback and to the consultations adds one to in the same transaction.
CREATE TABLE strategy_version (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    n  bigint NOT NULL
);
INSERT INTO strategy_version (n) VALUES (1);

-- +goose StatementBegin
CREATE FUNCTION bump_strategy_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE strategy_version SET n = n + 1 WHERE id;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER strategy_periods_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON strategy_periods
    FOR EACH STATEMENT EXECUTE FUNCTION bump_strategy_version();
CREATE TRIGGER strategy_revisions_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON strategy_revisions
    FOR EACH STATEMENT EXECUTE FUNCTION bump_strategy_version();
CREATE TRIGGER strategy_goals_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON strategy_goals
    FOR EACH STATEMENT EXECUTE FUNCTION bump_strategy_version();
CREATE TRIGGER event_feedback_strategy_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON event_feedback
    FOR EACH STATEMENT EXECUTE FUNCTION bump_strategy_version();
CREATE TRIGGER consultations_strategy_version AFTER INSERT OR UPDATE OF status, sent_on, focus_area_id OR DELETE OR TRUNCATE ON consultations
    FOR EACH STATEMENT EXECUTE FUNCTION bump_strategy_version();

-- +goose Down
DROP TRIGGER consultations_strategy_version ON consultations;
DROP TRIGGER event_feedback_strategy_version ON event_feedback;
DROP TRIGGER strategy_goals_version ON strategy_goals;
DROP TRIGGER strategy_revisions_version ON strategy_revisions;
DROP TRIGGER strategy_periods_version ON strategy_periods;
DROP FUNCTION bump_strategy_version();
DROP TABLE strategy_version;
