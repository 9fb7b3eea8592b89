-- +goose Up
-- An event's list of attendees is cached by event_version, people_version and
-- reference_version (migration 00220): a registration's new or changed status already updates
-- its event's counts (and so event_version); these triggers count the other changes of what the
-- list shows — a registration's answer, check-in, company or person, a person's municipality
-- or partner organisation, and a partner organisation's name.
CREATE CONSTRAINT TRIGGER registrations_event_version AFTER UPDATE OF answer, checked_in_at, company_id, user_id ON registrations
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_event_version();
CREATE TRIGGER users_people_version_guests AFTER UPDATE OF municipality, partner_id, kind ON users
    FOR EACH STATEMENT EXECUTE FUNCTION bump_people_version();
CREATE TRIGGER partner_organisations_people_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON partner_organisations
    FOR EACH STATEMENT EXECUTE FUNCTION bump_people_version();

-- +goose Down
DROP TRIGGER partner_organisations_people_version ON partner_organisations;
DROP TRIGGER users_people_version_guests ON users;
DROP TRIGGER registrations_event_version ON registrations;
